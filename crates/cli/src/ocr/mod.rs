//! OCR of scanned pages and of pages whose fonts cannot be decoded: poppler's `pdftocairo`
//! (or `pdftoppm`) rasterises a page, the Tesseract command line (`jpn`) reads it, and its
//! words become [`Glyph`]s of the page, so they go through the same layout stage as extracted text.
//!
//! Both tools run as subprocesses (each with a time limit, `OMP_THREAD_LIMIT=1`, pages in
//! parallel on a pool of one thread per core): Tesseract's own threading is 5× slower on a
//! busy machine than one thread per page. The library crates stay pure; all I/O is here.

mod image;
mod noise;
mod tsv;

pub use image::rulings_from_pgm;
pub use noise::noisy_layer;
pub use tsv::{glyphs_from_tsv, ocr_font};

use keikaku_model::{Glyph, Page, Ruling};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// When pages are read by OCR.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OcrMode {
    /// Pages without a text layer, pages whose text cannot be decoded (mostly U+FFFD or
    /// private-use code points) and scans whose own OCR layer is noise (see [`noisy_layer`]);
    /// without Tesseract, a warning and the page stays as it is.
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
/// Below this mean confidence of the block reading ([`PSM_BLOCK`]) a page is read again with
/// automatic segmentation (the fixture pages read at 85–93, the scanned notice at 75 against
/// 87, a 縦書き page at 70, as garbage).
const BLOCK_RETRY: f32 = 80.0;
/// Below this mean confidence of the automatic reading a page is read again with `jpn_vert`
/// (vertical writing).
const VERTICAL_RETRY: f32 = 60.0;
/// Tesseract's page segmentation for the first reading: one uniform block of text. Our
/// layout stage orders the lines, so Tesseract only has to find and read them; on fixture
/// pages of ruled cards (rules erased) character F1 rises from 0.94 to 0.98 against
/// automatic segmentation (`3`), which joins a small label with its neighbours (主管課 read
/// as 計課) and takes cells of dense text for pictures.
const PSM_BLOCK: &str = "6";
/// Automatic page segmentation, for the reading as vertical writing.
const PSM_AUTO: &str = "3";
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
            } else if noisy_layer(page) {
                Some("the scan's own OCR layer is noise (Latin letters and stray kanji)")
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
    let scan = page.glyphs.is_empty() || noisy_layer(page);
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
    // a page drawn as text has its rules from extraction and none in its image to erase
    let (rulings, gray) = if cairo {
        (Vec::new(), None)
    } else {
        unrule_scan(&image, page)
    };
    let read = |languages: &str, psm: &str, out: &Path| -> Result<(Vec<Glyph>, f32), String> {
        let mut ocr = Command::new(&engine.tesseract);
        ocr.arg(&image)
            .arg(out)
            .args(["-l", languages, "--psm", psm, "tsv"])
            .env("OMP_THREAD_LIMIT", "1");
        run(ocr, limit("recognition")?, "tesseract")?;
        let tsv_path = out.with_extension("tsv");
        let tsv = std::fs::read_to_string(&tsv_path)
            .map_err(|e| format!("cannot read {}: {e}", tsv_path.display()))?;
        let _ = std::fs::remove_file(&tsv_path);
        Ok(glyphs_from_tsv(&tsv, page.width, page.height))
    };
    let (mut glyphs, mut confidence) = read(&engine.languages, PSM_BLOCK, &base)?;
    let mut languages = engine.languages.clone();
    if confidence < BLOCK_RETRY {
        // automatic segmentation, and vertical writing when that reads poorly too
        let auto = read(&engine.languages, PSM_AUTO, &dir.join(format!("p{n}a")));
        let auto_conf = auto.as_ref().map_or(0.0, |r| r.1);
        let mut readings = vec![(auto, engine.languages.clone())];
        if engine.vertical && auto_conf < VERTICAL_RETRY {
            let both = format!("{}+jpn_vert", engine.languages);
            let vert = read(&both, PSM_AUTO, &dir.join(format!("p{n}v")));
            readings.push((vert, both));
        }
        for (reading, langs) in readings {
            if let Ok((g, c)) = reading {
                if c > confidence {
                    (glyphs, confidence, languages) = (g, c, langs);
                }
            }
        }
    }
    let _ = std::fs::remove_file(&image);
    if let Some(img) = &gray {
        image::solid_marks(img, &mut glyphs, page.width, page.height);
    }
    Ok(OcrPage {
        rulings,
        glyphs,
        confidence,
        elapsed: start.elapsed(),
        languages,
    })
}

/// Finds the rules in the grey image of a scan, erases those of table grids from the file
/// (Tesseract reads the cells better without them, see [`image`]) and returns all as rulings when the
/// page has none of its own, with the image read. An image that cannot be read or written
/// is left as it is.
fn unrule_scan(path: &Path, page: &Page) -> (Vec<Ruling>, Option<image::Gray>) {
    let Some(mut img) = std::fs::read(path)
        .ok()
        .and_then(|b| image::Gray::from_pgm(&b))
    else {
        return (Vec::new(), None);
    };
    let rules = image::find_rules(&img);
    let rulings = if page.rulings.is_empty() {
        image::rulings(&img, &rules, page.width, page.height)
    } else {
        Vec::new()
    };
    let grid = image::grid_rules(&rules);
    if !grid.is_empty() {
        image::erase(&mut img, &grid);
        let _ = std::fs::write(path, img.to_pgm());
    }
    (rulings, Some(img))
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

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

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
