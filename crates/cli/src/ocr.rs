//! OCR of scanned pages and of pages whose fonts cannot be decoded: poppler's `pdftocairo`
//! (or `pdftoppm`) rasterises a page, the Tesseract command line (`jpn`) reads it, and its
//! words become [`Glyph`]s of the page, so they go through the same layout stage as extracted text.
//!
//! Both tools run as subprocesses (each with a time limit, `OMP_THREAD_LIMIT=1`, pages in
//! parallel on a pool of one thread per core): Tesseract's own threading is 5× slower on a
//! busy machine than one thread per page. The library crates stay pure; all I/O is here.

use keikaku_model::{BBox, FontInfo, Glyph, Page, Ruling, RulingSource};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// When pages are read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Pages without a text layer and pages whose text cannot be decoded (mostly U+FFFD or
    /// private-use code points); without Tesseract, a warning and the page stays as it is.
    #[default]
    Auto,
    /// Every page, whatever its text layer; Tesseract is required.
    Always,
    /// No OCR.
    Never,
}

impl OcrMode {
    /// The name used on the command line and in the up-to-date key.
    pub fn name(self) -> &'static str {
        match self {
            OcrMode::Auto => "auto",
            OcrMode::Always => "always",
            OcrMode::Never => "never",
        }
    }
}

/// Resolution pages are rasterised at (dots per inch).
pub const DPI: u32 = 300;
/// Below this mean confidence a page is read again with `jpn_vert` (vertical writing).
const VERTICAL_RETRY: f32 = 60.0;
/// Time limit for one page's rasterising or recognition.
const PAGE_LIMIT: Duration = Duration::from_secs(120);
/// The Debian packages that enable OCR.
pub const PACKAGES: &str = "tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert poppler-utils";

/// The external tools, found on PATH.
#[derive(Debug, Clone)]
pub struct Engine {
    pub tesseract: PathBuf,
    /// poppler's `pdftocairo`, for pages drawn as text: 0.969 character F1 against 0.951 for
    /// `pdftoppm` on 14 fixture pages, as fast when writing TIFF.
    pub pdftocairo: Option<PathBuf>,
    /// poppler's `pdftoppm`, for scans: on the scanned notice Tesseract's confidence is 86.8
    /// against 74.9 with `pdftocairo` (which smooths the upscaled JPEG).
    pub pdftoppm: Option<PathBuf>,
    /// Tesseract languages: `jpn`.
    pub languages: String,
    /// `jpn_vert` is installed: a page `jpn` reads with low confidence is read again with
    /// `jpn+jpn_vert` (vertical writing: confidence 20 → 91 on a 縦書き page; on every page
    /// it would cost 2.3× the time).
    pub vertical: bool,
}

/// The engine, looked for once per process; the error names what is missing.
pub fn engine() -> &'static Result<Engine, String> {
    static ENGINE: OnceLock<Result<Engine, String>> = OnceLock::new();
    ENGINE.get_or_init(detect)
}

fn detect() -> Result<Engine, String> {
    let mut missing = Vec::new();
    let tesseract = find_on_path("tesseract");
    let pdftocairo = find_on_path("pdftocairo");
    let pdftoppm = find_on_path("pdftoppm");
    let mut languages = String::new();
    let mut vertical = false;
    match &tesseract {
        None => missing.push("the `tesseract` command (package tesseract-ocr)".to_string()),
        Some(t) => {
            let out = Command::new(t)
                .arg("--list-langs")
                .stdin(Stdio::null())
                .stderr(Stdio::null())
                .output();
            match out {
                Ok(o) => {
                    let list = String::from_utf8_lossy(&o.stdout);
                    let has = |l: &str| list.lines().any(|x| x.trim() == l);
                    vertical = has("jpn_vert");
                    if has("jpn") {
                        languages.push_str("jpn");
                    } else {
                        missing.push(
                            "Tesseract's Japanese data `jpn` (package tesseract-ocr-jpn)".into(),
                        );
                    }
                }
                Err(e) => missing.push(format!("a working `tesseract` ({}: {e})", t.display())),
            }
        }
    }
    if pdftocairo.is_none() && pdftoppm.is_none() {
        missing.push("the `pdftocairo` or `pdftoppm` command (package poppler-utils)".into());
    }
    match tesseract {
        Some(tesseract) if missing.is_empty() => Ok(Engine {
            tesseract,
            pdftocairo,
            pdftoppm,
            languages,
            vertical,
        }),
        _ => Err(format!(
            "OCR needs {} (apt-get install {PACKAGES})",
            missing.join(" and ")
        )),
    }
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Prints, once per process, that OCR is unavailable (in `auto` mode the batch goes on).
pub fn warn_unavailable_once(reason: &str) {
    static WARNED: AtomicBool = AtomicBool::new(false);
    if !WARNED.swap(true, Ordering::Relaxed) {
        eprintln!("keikaku: warning: pages without readable text are left empty: {reason}");
    }
}

/// Why a page should be read by OCR in `mode`, or None.
pub fn reason(page: &Page, mode: OcrMode) -> Option<&'static str> {
    match mode {
        OcrMode::Never => None,
        OcrMode::Always => Some("--ocr always"),
        OcrMode::Auto => {
            let mut total = 0usize;
            let mut bad = 0usize;
            for c in page.glyphs.iter().flat_map(|g| g.text.chars()) {
                if c.is_whitespace() {
                    continue;
                }
                total += 1;
                if undecodable(c) {
                    bad += 1;
                }
            }
            if total == 0 {
                // a blank page with nothing drawn has nothing to read
                (page.images > 0).then_some("no text layer")
            } else if bad * 2 > total {
                Some("text cannot be decoded (U+FFFD or private-use code points)")
            } else {
                None
            }
        }
    }
}

/// U+FFFD, private-use code points and controls: text that says nothing.
fn undecodable(c: char) -> bool {
    matches!(c as u32, 0xFFFD | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF) || c.is_control()
}

/// One page read by OCR.
#[derive(Debug, Clone)]
pub struct OcrPage {
    /// The words as glyphs (one per character), in Tesseract's order.
    pub glyphs: Vec<Glyph>,
    /// Mean word confidence (0..100), weighted by characters.
    pub confidence: f32,
    /// Wall-clock time for rasterising and recognition.
    pub elapsed: Duration,
    /// The Tesseract languages of the reading kept (`jpn`, `jpn+jpn_vert`).
    pub languages: String,
    /// Table rules seen in the image of a scan (none for a page drawn as text, whose rules
    /// extraction already has).
    pub rulings: Vec<Ruling>,
}

/// A temporary folder removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<Self> {
        static N: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "keikaku-ocr-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The pool OCR pages run on: one thread per core, shared by every file of a batch so the
/// number of Tesseract processes never exceeds the cores.
fn pool() -> Option<&'static rayon::ThreadPool> {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    POOL.get_or_init(|| {
        let n = std::thread::available_parallelism().map_or(1, |n| n.get());
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .thread_name(|i| format!("keikaku-ocr-{i}"))
            .build()
            .ok()
    })
    .as_ref()
}

/// Reads pages `numbers` (1-based) of `pdf` (sizes from `pages`) by OCR, in parallel. The
/// result for each page is its glyphs or why it could not be read. Stops starting pages
/// after `deadline`.
pub fn read_pages(
    engine: &Engine,
    pdf: &[u8],
    pages: &[&Page],
    deadline: Option<Instant>,
) -> Result<Vec<Result<OcrPage, String>>, String> {
    let dir = TempDir::new().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let input = dir.0.join("in.pdf");
    std::fs::write(&input, pdf).map_err(|e| format!("cannot write {}: {e}", input.display()))?;
    let run = || {
        use rayon::prelude::*;
        pages
            .par_iter()
            .map(|p| read_page(engine, &input, &dir.0, p, deadline))
            .collect::<Vec<_>>()
    };
    Ok(match pool() {
        Some(pool) => pool.install(run),
        None => run(),
    })
}

fn read_page(
    engine: &Engine,
    input: &Path,
    dir: &Path,
    page: &Page,
    deadline: Option<Instant>,
) -> Result<OcrPage, String> {
    let start = Instant::now();
    let n = page.number;
    let limit = |what: &str| -> Result<Instant, String> {
        let own = Instant::now() + PAGE_LIMIT;
        match deadline {
            Some(d) if d <= Instant::now() => Err(format!("time limit reached before {what}")),
            Some(d) => Ok(d.min(own)),
            None => Ok(own),
        }
    };
    let base = dir.join(format!("p{n}"));
    // a scan through pdftoppm, a page of text through pdftocairo (see [`Engine`])
    let scan = page.glyphs.is_empty();
    let (cairo, rasteriser) = match (&engine.pdftocairo, &engine.pdftoppm) {
        (Some(c), Some(p)) => {
            if scan {
                (false, p)
            } else {
                (true, c)
            }
        }
        (Some(c), None) => (true, c),
        (None, Some(p)) => (false, p),
        (None, None) => return Err("no rasteriser (pdftocairo or pdftoppm)".into()),
    };
    let mut raster = Command::new(rasteriser);
    raster
        .args([
            "-r",
            &DPI.to_string(),
            "-f",
            &n.to_string(),
            "-l",
            &n.to_string(),
        ])
        .args(["-gray", "-singlefile"])
        .args(if cairo { &["-tiff"][..] } else { &[][..] })
        .arg(input)
        .arg(&base);
    let name = if cairo { "pdftocairo" } else { "pdftoppm" };
    run(raster, limit("rasterising")?, name)?;
    let image = base.with_extension(if cairo { "tif" } else { "pgm" });
    let read = |languages: &str, out: &Path| -> Result<(Vec<Glyph>, f32), String> {
        let mut ocr = Command::new(&engine.tesseract);
        ocr.arg(&image)
            .arg(out)
            .args(["-l", languages, "--psm", "3", "tsv"])
            .env("OMP_THREAD_LIMIT", "1");
        run(ocr, limit("recognition")?, "tesseract")?;
        let tsv_path = out.with_extension("tsv");
        let tsv = std::fs::read_to_string(&tsv_path)
            .map_err(|e| format!("cannot read {}: {e}", tsv_path.display()))?;
        let _ = std::fs::remove_file(&tsv_path);
        Ok(glyphs_from_tsv(&tsv, page.width, page.height))
    };
    let (mut glyphs, mut confidence) = read(&engine.languages, &base)?;
    let mut languages = engine.languages.clone();
    if engine.vertical && confidence < VERTICAL_RETRY {
        let both = format!("{}+jpn_vert", engine.languages);
        if let Ok((g, c)) = read(&both, &dir.join(format!("p{n}v"))) {
            if c > confidence {
                (glyphs, confidence, languages) = (g, c, both);
            }
        }
    }
    let rulings = if cairo || !page.rulings.is_empty() {
        Vec::new()
    } else {
        std::fs::read(&image)
            .ok()
            .and_then(|b| rulings_from_pgm(&b, page.width, page.height))
            .unwrap_or_default()
    };
    let _ = std::fs::remove_file(&image);
    Ok(OcrPage {
        rulings,
        glyphs,
        confidence,
        elapsed: start.elapsed(),
        languages,
    })
}

/// Runs `cmd` to completion or kills it at `until`.
fn run(mut cmd: Command, until: Instant, name: &str) -> Result<(), String> {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {name}: {e}"))?;
    // stderr is short (warnings); read it on a thread so a full pipe never blocks the child
    let err = child.stderr.take().map(|mut s| {
        std::thread::spawn(move || {
            let mut buf = String::new();
            let _ = std::io::Read::read_to_string(&mut s, &mut buf);
            buf
        })
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) if Instant::now() >= until => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("{name} exceeded its time limit and was stopped"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("{name}: {e}")),
        }
    };
    let stderr = err.and_then(|h| h.join().ok()).unwrap_or_default();
    if status.success() {
        Ok(())
    } else {
        let msg = stderr.lines().last().unwrap_or("").trim().to_string();
        Err(format!(
            "{name} failed ({status}){}",
            if msg.is_empty() {
                String::new()
            } else {
                format!(": {msg}")
            }
        ))
    }
}

/// Shortest rule found in an image, in pixels at [`DPI`] (about 29 pt: longer than any
/// stroke of a character or a long-vowel mark of body text).
const RULE_MIN: usize = 120;
/// Thickest rule, in pixels (thicker runs are bars and shading).
const RULE_MAX_THICK: usize = 10;

/// The horizontal and vertical rules of a binary PGM (P5, 8 bits) as rulings in points on a
/// page of `width` × `height` points; None when the image is not such a PGM.
pub fn rulings_from_pgm(pgm: &[u8], width: f32, height: f32) -> Option<Vec<Ruling>> {
    let (w, h, px) = parse_pgm(pgm)?;
    let dark = |x: usize, y: usize| px[y * w + x] < 128;
    let sx = width / w as f32;
    let sy = height / h as f32;
    let mut out = Vec::new();
    // horizontal: runs along rows, joined over consecutive rows
    let runs = |len: usize, across: usize, at: &dyn Fn(usize, usize) -> bool| {
        // (start, end, first line, last line)
        let mut done: Vec<(usize, usize, usize, usize)> = Vec::new();
        let mut active: Vec<(usize, usize, usize, usize)> = Vec::new();
        for j in 0..across {
            let mut row = Vec::new();
            let mut i = 0;
            while i < len {
                if !at(i, j) {
                    i += 1;
                    continue;
                }
                let start = i;
                let mut gap = 0;
                let mut end = i;
                while i < len && gap <= 2 {
                    if at(i, j) {
                        end = i;
                        gap = 0;
                    } else {
                        gap += 1;
                    }
                    i += 1;
                }
                if end + 1 - start >= RULE_MIN {
                    row.push((start, end));
                }
            }
            let mut next = Vec::new();
            for (a, b) in row {
                let near = |s: &(usize, usize, usize, usize)| {
                    s.3 + 1 == j && s.0.abs_diff(a) <= 6 && s.1.abs_diff(b) <= 6
                };
                match active.iter().position(near) {
                    Some(k) => {
                        let s = active.swap_remove(k);
                        next.push((s.0.min(a), s.1.max(b), s.2, j));
                    }
                    None => next.push((a, b, j, j)),
                }
            }
            done.append(&mut active);
            active = next;
        }
        done.append(&mut active);
        done.retain(|s| s.3 + 1 - s.2 <= RULE_MAX_THICK);
        done
    };
    for (a, b, t0, t1) in runs(w, h, &|x, y| dark(x, y)) {
        let y = (t0 + t1 + 1) as f32 / 2.0 * sy;
        out.push(Ruling {
            x0: a as f32 * sx,
            y0: y,
            x1: (b + 1) as f32 * sx,
            y1: y,
            width: (t1 + 1 - t0) as f32 * sy,
            source: RulingSource::Stroke,
        });
    }
    for (a, b, t0, t1) in runs(h, w, &|y, x| dark(x, y)) {
        let x = (t0 + t1 + 1) as f32 / 2.0 * sx;
        out.push(Ruling {
            x0: x,
            y0: a as f32 * sy,
            x1: x,
            y1: (b + 1) as f32 * sy,
            width: (t1 + 1 - t0) as f32 * sx,
            source: RulingSource::Stroke,
        });
    }
    Some(out)
}

/// Width, height and pixels of a binary 8-bit PGM (P5).
fn parse_pgm(b: &[u8]) -> Option<(usize, usize, &[u8])> {
    let mut fields: Vec<usize> = Vec::new();
    let mut i = 2;
    if b.get(..2)? != b"P5" {
        return None;
    }
    while fields.len() < 3 {
        while b.get(i)?.is_ascii_whitespace() {
            i += 1;
        }
        if *b.get(i)? == b'#' {
            while *b.get(i)? != b'\n' {
                i += 1;
            }
            continue;
        }
        let s = i;
        while b.get(i)?.is_ascii_digit() {
            i += 1;
        }
        fields.push(std::str::from_utf8(b.get(s..i)?).ok()?.parse().ok()?);
    }
    let (w, h) = (fields[0], fields[1]);
    if fields[2] != 255 || w == 0 || h == 0 {
        return None;
    }
    let px = b.get(i + 1..i + 1 + w.checked_mul(h)?)?;
    Some((w, h, px))
}

/// A row of Tesseract's TSV output.
struct Row<'a> {
    level: u8,
    key: (u32, u32, u32),
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    conf: f32,
    text: &'a str,
}

fn parse_row(line: &str) -> Option<Row<'_>> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 12 {
        return None;
    }
    let n = |i: usize| f[i].trim().parse::<f32>().ok();
    let u = |i: usize| f[i].trim().parse::<u32>().ok();
    Some(Row {
        level: f[0].trim().parse().ok()?,
        key: (u(2)?, u(3)?, u(4)?),
        left: n(6)?,
        top: n(7)?,
        width: n(8)?,
        height: n(9)?,
        conf: n(10)?,
        text: f[11],
    })
}

/// The font every OCR glyph refers to (index 0 of the page's fonts).
pub fn ocr_font() -> FontInfo {
    FontInfo {
        name: "OCR".into(),
        bold: false,
        italic: false,
        subtype: "OCR".into(),
        unreliable_unicode: false,
        emphasis: false,
    }
}

/// A word's row and its characters.
type Word<'a> = (&'a Row<'a>, Vec<char>);

/// A word's characters without white space, or none for a table rule read as text (`|`,
/// `_`); U+3007 〇 not beside a kanji numeral is the bullet ○ (U+25CB) the plans use.
fn clean_word(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars
        .iter()
        .all(|c| matches!(c, '|' | '｜' | '_' | '＿' | '[' | ']'))
    {
        return Vec::new();
    }
    let numeral = |c: Option<&char>| c.is_some_and(|c| "〇一二三四五六七八九十百千".contains(*c));
    for i in 0..chars.len() {
        if chars[i] == '〇'
            && !numeral(i.checked_sub(1).and_then(|j| chars.get(j)))
            && !numeral(chars.get(i + 1))
        {
            chars[i] = '○';
        }
    }
    chars
}

/// Tesseract's TSV (`tesseract IMG OUT tsv`) as glyphs in PDF points with a top-left origin
/// on a page of `width` × `height` points; returns them and the mean word confidence,
/// weighted by characters.
///
/// Each word's characters are spread evenly across the word's box. Tesseract's word boxes
/// in Japanese overlap (a word's box may span the whole line), so within a line each word
/// starts where the one before ended and ends where the next begins: the glyphs stay in
/// Tesseract's reading order when layout sorts them by position. A line gets the top and
/// bottom of its box (one baseline for the layout stage) unless that box is much taller
/// than its words (Tesseract joined two lines of a scan), when each word keeps its own
/// height. A line much taller than wide is vertical writing.
pub fn glyphs_from_tsv(tsv: &str, width: f32, height: f32) -> (Vec<Glyph>, f32) {
    let rows: Vec<Row> = tsv.lines().skip(1).filter_map(parse_row).collect();
    let Some(page) = rows.iter().find(|r| r.level == 1) else {
        return (Vec::new(), 0.0);
    };
    let sx = if page.width > 0.0 {
        width / page.width
    } else {
        0.24
    };
    let sy = if page.height > 0.0 {
        height / page.height
    } else {
        0.24
    };
    // lines in order, each with its words
    let mut lines: Vec<(&Row, Vec<Word>)> = Vec::new();
    for r in &rows {
        if r.level == 4 {
            lines.push((r, Vec::new()));
        } else if r.level == 5 && r.conf >= 0.0 && r.width > 0.0 && r.height > 0.0 {
            let chars = clean_word(r.text);
            if chars.is_empty() {
                continue;
            }
            match lines.last_mut() {
                Some((l, words)) if l.key == r.key => words.push((r, chars)),
                _ => lines.push((r, vec![(r, chars)])),
            }
        }
    }
    let mut glyphs = Vec::new();
    let (mut conf_sum, mut conf_n) = (0.0f64, 0usize);
    for (line, words) in &lines {
        if words.is_empty() {
            continue;
        }
        let nchars: usize = words.iter().map(|(_, c)| c.len()).sum();
        let vertical = line.height > 1.5 * line.width && nchars > 1;
        // the main axis (x, or y in vertical writing) and the cross axis of a box
        let main = |r: &Row| {
            if vertical {
                (r.top, r.top + r.height)
            } else {
                (r.left, r.left + r.width)
            }
        };
        let cross = |r: &Row| {
            if vertical {
                (r.left, r.left + r.width)
            } else {
                (r.top, r.top + r.height)
            }
        };
        let mut thick: Vec<f32> = words.iter().map(|(w, _)| cross(w).1 - cross(w).0).collect();
        thick.sort_by(f32::total_cmp);
        let typical = thick[thick.len() / 2];
        let (c0, c1) = cross(line);
        let sane = c1 - c0 <= 1.6 * typical.max(1.0);
        let mut prev_end = f32::MIN;
        for (k, (w, chars)) in words.iter().enumerate() {
            conf_sum += w.conf as f64 * chars.len() as f64;
            conf_n += chars.len();
            let (mut a, mut b) = main(w);
            let (mut y0, mut y1) = cross(w);
            if sane {
                a = a.max(prev_end);
                if let Some((next, _)) = words.get(k + 1) {
                    let na = main(next).0;
                    if na > a {
                        b = b.min(na);
                    }
                }
                (y0, y1) = (c0, c1);
            } else if y1 - y0 < typical {
                let mid = (y0 + y1) / 2.0;
                (y0, y1) = (mid - typical / 2.0, mid + typical / 2.0);
            }
            let min_len = 0.2 * (y1 - y0) * chars.len() as f32;
            b = b.max(a + min_len);
            prev_end = b;
            let step = (b - a) / chars.len() as f32;
            for (i, c) in chars.iter().enumerate() {
                let m0 = a + i as f32 * step;
                let m1 = m0 + step;
                let (bbox, size) = if vertical {
                    (
                        BBox::new(y0 * sx, m0 * sy, y1 * sx, m1 * sy),
                        (y1 - y0) * sx,
                    )
                } else {
                    (
                        BBox::new(m0 * sx, y0 * sy, m1 * sx, y1 * sy),
                        (y1 - y0) * sy,
                    )
                };
                glyphs.push(Glyph {
                    text: c.to_string(),
                    bbox,
                    size: size.max(1.0),
                    font: 0,
                    vertical,
                    rise: 0.0,
                    color: Some([0, 0, 0]),
                });
            }
        }
    }
    let conf = if conf_n > 0 {
        (conf_sum / conf_n as f64) as f32
    } else {
        0.0
    };
    (glyphs, conf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_become_glyphs_in_points() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t2500\t3500\t-1\t\n\
4\t1\t1\t1\t1\t0\t100\t200\t400\t50\t-1\t\n\
5\t1\t1\t1\t1\t1\t100\t205\t200\t40\t90\t計画\n\
5\t1\t1\t1\t1\t2\t350\t205\t150\t40\t80\t 期間\n";
        let (g, conf) = glyphs_from_tsv(tsv, 250.0, 350.0);
        let text: String = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "計画期間");
        assert!((conf - 85.0).abs() < 0.01);
        assert!((g[0].bbox.x0 - 10.0).abs() < 0.01 && (g[0].bbox.x1 - 20.0).abs() < 0.01);
        assert!((g[0].bbox.y0 - 20.0).abs() < 0.01 && (g[0].bbox.y1 - 25.0).abs() < 0.01);
        assert!(g.iter().all(|g| !g.vertical && (g.size - 5.0).abs() < 0.01));
    }

    #[test]
    fn rules_are_found_in_a_pgm_and_strokes_are_not() {
        let (w, h) = (400usize, 300usize);
        let mut px = vec![255u8; w * h];
        for x in 20..380 {
            px[100 * w + x] = 0; // a rule 360 px long, 2 px thick
            px[101 * w + x] = 0;
        }
        for y in 20..280 {
            px[y * w + 200] = 0; // a vertical rule
        }
        for x in 50..90 {
            px[200 * w + x] = 0; // a stroke 40 px long: not a rule
        }
        let mut pgm = format!("P5\n{w} {h}\n255\n").into_bytes();
        pgm.extend_from_slice(&px);
        let r = rulings_from_pgm(&pgm, 40.0, 30.0).unwrap();
        assert_eq!(r.len(), 2, "{r:?}");
        assert!(r
            .iter()
            .any(|r| r.is_horizontal() && (r.y0 - 10.1).abs() < 0.01));
        assert!(r
            .iter()
            .any(|r| !r.is_horizontal() && (r.x0 - 20.05).abs() < 0.01));
    }

    #[test]
    fn undecodable_pages_are_chosen_in_auto() {
        let glyph = |t: &str| Glyph {
            text: t.into(),
            bbox: BBox::new(0.0, 0.0, 10.0, 10.0),
            size: 10.0,
            font: 0,
            vertical: false,
            rise: 0.0,
            color: None,
        };
        let mut p = Page {
            number: 1,
            ..Default::default()
        };
        assert_eq!(reason(&p, OcrMode::Auto), None);
        p.images = 1;
        assert!(reason(&p, OcrMode::Auto).is_some());
        assert_eq!(reason(&p, OcrMode::Never), None);
        p.glyphs = vec![glyph("\u{FFFD}"), glyph("\u{FFFD}"), glyph("計")];
        assert!(reason(&p, OcrMode::Auto).is_some());
        p.glyphs = vec![glyph("計"), glyph("画"), glyph("\u{E001}")];
        assert_eq!(reason(&p, OcrMode::Auto), None);
        assert!(reason(&p, OcrMode::Always).is_some());
    }
}
