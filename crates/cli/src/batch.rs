//! `keikaku ingest`: many PDFs in parallel, each isolated, results written atomically, a manifest.

use crate::pipeline::{sha256_hex, stages_hashed, Options};
use serde::Serialize;
use std::fs;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How a batch runs.
#[derive(Debug, Clone)]
pub struct BatchConfig {
    pub out_dir: PathBuf,
    pub threads: Option<usize>,
    /// Redo files whose output is up to date.
    pub force: bool,
    /// Process only shard `k` (1-based) of `n`.
    pub shard: Option<(u32, u32)>,
    /// Per-file wall-clock limit.
    pub timeout: Duration,
    /// Largest input file accepted, in bytes.
    pub max_file_bytes: u64,
    pub options: Options,
    /// Show a progress bar (normally: stderr is a terminal).
    pub progress: bool,
    /// Anything else that changes the output (e.g. a hash of the user's profile file).
    pub extra_key: String,
    /// Also write each document's tables and initiatives as CSV (`<stem>.csv/`).
    pub csv: bool,
}

/// One input PDF and the name of its output.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    /// Path shown in the manifest and recorded in `source.file`.
    pub display: String,
    /// `<stem>.json`, unique within the batch.
    pub output: String,
}

/// A manifest row, as CONTRACT.md specifies.
#[derive(Debug, Clone, Serialize, schemars::JsonSchema)]
pub struct FileReport {
    pub path: String,
    /// `ok` or `failed`.
    pub status: &'static str,
    pub error: Option<String>,
    pub pages: Option<u32>,
    pub millis: u64,
    pub output: Option<String>,
    pub warnings: usize,
    /// True when the output was already up to date and the file was not converted again.
    pub skipped: bool,
    /// With `--csv`: the folder holding the document's CSV files (none when it has no
    /// tables and no initiatives).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csv: Option<String>,
    /// Pages read by OCR.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ocr_pages: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// `manifest.json`.
#[derive(Debug, Serialize, schemars::JsonSchema)]
pub struct Manifest {
    pub tool: String,
    pub files: Vec<FileReport>,
    pub ok: usize,
    pub failed: usize,
    /// Pages read by OCR, over every file.
    pub ocr_pages: u32,
}

/// Finds the PDFs under `paths` (files are taken as given, folders searched recursively for
/// `*.pdf`), in a stable order, and names their outputs.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<Input>, String> {
    let mut found: Vec<(PathBuf, String)> = Vec::new();
    for p in paths {
        let meta = fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk(p, 0, &mut files);
            files.sort();
            for f in files {
                let rel = f
                    .strip_prefix(p)
                    .unwrap_or(&f)
                    .to_string_lossy()
                    .into_owned();
                found.push((f, rel));
            }
        } else {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            found.push((p.clone(), name));
        }
    }
    let mut used = std::collections::HashSet::new();
    let mut inputs = Vec::new();
    for (path, display) in found {
        if !used.insert(("path", path.clone())) {
            continue; // the same file named twice
        }
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let mut output = format!("{stem}.json");
        if !used.insert(("out", PathBuf::from(&output))) {
            output = format!("{stem}~{}.json", &sha256_hex(display.as_bytes())[..8]);
            used.insert(("out", PathBuf::from(&output)));
        }
        inputs.push(Input {
            path,
            display,
            output,
        });
    }
    Ok(inputs)
}

/// Recursive search for `*.pdf`; symlinked folders are not followed (no loops).
fn walk(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    if depth > 64 {
        return;
    }
    let Ok(rd) = fs::read_dir(dir) else { return };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        let p = e.path();
        if ft.is_dir() {
            walk(&p, depth + 1, out);
        } else if (ft.is_file() || ft.is_symlink())
            && p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf"))
        {
            out.push(p);
        }
    }
}

/// Keeps the inputs of shard `k` of `n`, chosen by a hash of the displayed path, so every
/// machine computes the same split without talking to the others.
pub fn shard(inputs: Vec<Input>, k: u32, n: u32) -> Vec<Input> {
    inputs
        .into_iter()
        .filter(|i| {
            let h = sha256_hex(i.display.as_bytes());
            let v = u64::from_str_radix(&h[..15], 16).unwrap_or(0);
            (v % n as u64) as u32 == k - 1
        })
        .collect()
}

/// The key that makes an output up to date: tool version and the options that change output.
pub fn cache_key(opts: &Options, extra: &str) -> String {
    // OCR changes the output only where it runs: `auto` with the engine present is the
    // default and adds nothing, so installing Tesseract later redoes the files.
    let ocr = match opts.ocr {
        crate::ocr::OcrMode::Auto if crate::ocr::engine().is_ok() => String::new(),
        crate::ocr::OcrMode::Auto => "ocr=unavailable ".into(),
        m => format!("ocr={} ", m.name()),
    };
    let key = format!(
        "keikaku {} tokens={} {ocr}{extra}",
        env!("CARGO_PKG_VERSION"),
        opts.tokens
    );
    key.trim_end().to_string()
}

/// Runs the batch; returns the manifest (already written to `out_dir`).
pub fn run(inputs: &[Input], cfg: &BatchConfig) -> std::io::Result<Manifest> {
    fs::create_dir_all(&cfg.out_dir)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(cfg.threads.unwrap_or(0))
        .build()
        .map_err(std::io::Error::other)?;
    let progress = Progress::new(inputs.len(), cfg.progress);
    let reports: Vec<FileReport> = pool.install(|| {
        use rayon::prelude::*;
        inputs
            .par_iter()
            .map(|input| {
                let r = process(input, cfg);
                progress.done(input, &r);
                r
            })
            .collect()
    });
    progress.finish();
    let suffix = match cfg.shard {
        Some((k, n)) => format!(".{k}-of-{n}"),
        None => String::new(),
    };
    write_corpus(&cfg.out_dir, &reports, &format!("corpus{suffix}.jsonl"))?;
    let ok = reports.iter().filter(|r| r.status == "ok").count();
    let manifest = Manifest {
        ocr_pages: reports.iter().map(|r| r.ocr_pages).sum(),
        tool: format!("keikaku {}", env!("CARGO_PKG_VERSION")),
        failed: reports.len() - ok,
        ok,
        files: reports,
    };
    let bytes = serde_json::to_vec_pretty(&manifest).map_err(std::io::Error::other)?;
    write_atomic(&cfg.out_dir.join(format!("manifest{suffix}.json")), &bytes)?;
    Ok(manifest)
}

/// Converts one input, isolated: errors, panics and time-outs become a failed report.
fn process(input: &Input, cfg: &BatchConfig) -> FileReport {
    let start = Instant::now();
    let mut report = FileReport {
        path: input.display.clone(),
        status: "failed",
        error: None,
        pages: None,
        millis: 0,
        output: None,
        warnings: 0,
        skipped: false,
        csv: None,
        ocr_pages: 0,
    };
    let result = read_input(input, cfg).and_then(|bytes| {
        let out_path = cfg.out_dir.join(&input.output);
        let key = cache_key(&cfg.options, &format!("{} csv={}", cfg.extra_key, cfg.csv));
        let sha = sha256_hex(&bytes);
        if !cfg.force {
            if let Some((pages, warnings, rows, ocr)) = up_to_date(&out_path, &sha, &key) {
                report.skipped = true;
                report.ocr_pages = ocr;
                if cfg.csv && rows > 0 {
                    report.csv = Some(csv_dir_name(input));
                }
                return Ok((pages, warnings));
            }
        }
        let doc = convert_with_timeout(bytes, sha, input.display.clone(), cfg)?;
        let mut value = serde_json::to_value(&doc).map_err(|e| e.to_string())?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert("generator".into(), serde_json::json!({ "key": key }));
        }
        let json = crate::compact_json::to_text(&value).into_bytes();
        if cfg.csv {
            // the CSV files first: a JSON output present means its CSV files are too
            let dir = cfg.out_dir.join(csv_dir_name(input));
            let written = crate::csv::write_document(&dir, &doc)
                .map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
            report.csv = written.then(|| csv_dir_name(input));
        }
        write_atomic(&out_path, &json)
            .map_err(|e| format!("cannot write {}: {e}", out_path.display()))?;
        report.ocr_pages = doc.source.ocr_pages;
        Ok((doc.source.pages, doc.warnings.len()))
    });
    match result {
        Ok((pages, warnings)) => {
            report.status = "ok";
            report.pages = Some(pages);
            report.warnings = warnings;
            report.output = Some(input.output.clone());
        }
        Err(e) => report.error = Some(e),
    }
    report.millis = start.elapsed().as_millis() as u64;
    report
}

/// `<stem>.csv`: the CSV folder of an input.
fn csv_dir_name(input: &Input) -> String {
    let stem = input.output.strip_suffix(".json").unwrap_or(&input.output);
    format!("{stem}.csv")
}

fn read_input(input: &Input, cfg: &BatchConfig) -> Result<Vec<u8>, String> {
    let meta = fs::metadata(&input.path).map_err(|e| format!("cannot read: {e}"))?;
    if meta.len() > cfg.max_file_bytes {
        return Err(format!(
            "file is {} bytes, over the limit of {}",
            meta.len(),
            cfg.max_file_bytes
        ));
    }
    fs::read(&input.path).map_err(|e| format!("cannot read: {e}"))
}

/// Returns (pages, warnings, tables + initiatives, OCR pages) of an existing output made from
/// the same bytes by the same tool with the same options.
fn up_to_date(out: &Path, sha: &str, key: &str) -> Option<(u32, usize, usize, u32)> {
    let text = fs::read(out).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&text).ok()?;
    let same = v.pointer("/source/sha256")?.as_str()? == sha
        && v.pointer("/generator/key")?.as_str()? == key;
    if !same {
        return None;
    }
    let pages = v.pointer("/source/pages")?.as_u64()? as u32;
    let warnings = v
        .pointer("/warnings")
        .and_then(|w| w.as_array())
        .map_or(0, |a| a.len());
    let count = |k: &str| {
        v.pointer(k)
            .and_then(|t| t.as_array())
            .map_or(0, |a| a.len())
    };
    let ocr = v
        .pointer("/source/ocr_pages")
        .and_then(|n| n.as_u64())
        .unwrap_or(0) as u32;
    Some((
        pages,
        warnings,
        count("/tables") + count("/initiatives"),
        ocr,
    ))
}

/// Runs the pipeline on a worker thread and gives up after the time limit; panics are caught.
fn convert_with_timeout(
    bytes: Vec<u8>,
    sha256: String,
    name: String,
    cfg: &BatchConfig,
) -> Result<keikaku_model::Document, String> {
    let (tx, rx) = mpsc::channel();
    let mut opts = cfg.options.clone();
    // Extraction stops itself at the deadline; the wait below is the backstop for the rest.
    opts.limits.deadline = Some(std::time::Instant::now() + cfg.timeout);
    let spawned = std::thread::Builder::new()
        .name(format!("keikaku {name}"))
        .stack_size(64 << 20)
        .spawn(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                stages_hashed(&bytes, &name, sha256, &opts).map(|s| s.document)
            }));
            let _ = tx.send(r);
        })
        .map_err(|e| format!("cannot start worker: {e}"))?;
    match rx.recv_timeout(cfg.timeout) {
        Ok(Ok(Ok(doc))) => {
            let _ = spawned.join();
            Ok(doc)
        }
        Ok(Ok(Err(e))) => Err(e.to_string()),
        Ok(Err(panic)) => Err(format!("internal error (panic): {}", panic_message(&panic))),
        Err(mpsc::RecvTimeoutError::Timeout) => Err(format!(
            "time limit of {} s exceeded; file skipped",
            cfg.timeout.as_secs()
        )),
        Err(mpsc::RecvTimeoutError::Disconnected) => Err("worker ended without a result".into()),
    }
}

fn panic_message(p: &Box<dyn std::any::Any + Send>) -> String {
    p.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| p.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// `corpus.jsonl`: one compact document per line, in input order, from the written outputs.
fn write_corpus(dir: &Path, reports: &[FileReport], name: &str) -> std::io::Result<()> {
    let mut buf = Vec::new();
    for r in reports {
        let Some(out) = &r.output else { continue };
        let Ok(text) = fs::read(dir.join(out)) else {
            continue;
        };
        let Ok(v) = serde_json::from_slice::<serde_json::Value>(&text) else {
            continue;
        };
        serde_json::to_writer(&mut buf, &v).map_err(std::io::Error::other)?;
        buf.push(b'\n');
    }
    write_atomic(&dir.join(name), &buf)
}

pub use keikaku_corpus::write_atomic;

/// A progress bar on a terminal, plain log lines elsewhere.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    pages: AtomicU64,
    failed: AtomicUsize,
}

impl Progress {
    fn new(total: usize, show: bool) -> Self {
        let bar = show.then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            let style = indicatif::ProgressStyle::with_template(
                "{bar:40.cyan/blue} {pos}/{len} files  {msg}  [{elapsed_precise}, ETA {eta}]",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar());
            b.set_style(style);
            b
        });
        Progress {
            bar,
            pages: AtomicU64::new(0),
            failed: AtomicUsize::new(0),
        }
    }

    fn done(&self, input: &Input, r: &FileReport) {
        let pages = self
            .pages
            .fetch_add(r.pages.unwrap_or(0) as u64, Ordering::Relaxed)
            + r.pages.unwrap_or(0) as u64;
        if r.status != "ok" {
            self.failed.fetch_add(1, Ordering::Relaxed);
        }
        let failed = self.failed.load(Ordering::Relaxed);
        let line = match &r.error {
            Some(e) => format!("keikaku: {}: {e}", input.display),
            None => format!(
                "{} {} ({} pages, {} ms{})",
                if r.skipped { "up to date" } else { "ok" },
                input.display,
                r.pages.unwrap_or(0),
                r.millis,
                if r.warnings > 0 {
                    format!(", {} warnings", r.warnings)
                } else {
                    String::new()
                }
            ),
        };
        match &self.bar {
            Some(b) => {
                if r.error.is_some() {
                    b.println(line);
                }
                b.set_message(format!("{pages} pages, {failed} failed"));
                b.inc(1);
            }
            None => eprintln!("{line}"),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// True when stderr is a terminal (progress bar) rather than a log.
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}
