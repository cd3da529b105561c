//! `keikaku diff` and `keikaku track`: load documents (keikaku JSON, or PDFs through the
//! pipeline), compare them with `keikaku_diff`, write the reports atomically.

use crate::batch::write_atomic;
use crate::pipeline::{convert, Options};
use anyhow::{anyhow, bail, Context, Result};
use keikaku_diff::{DiffReport, Status};
use keikaku_model::Document;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// A document from a keikaku JSON file (`*.json`) or a PDF run through the pipeline.
pub fn load(path: &Path, opts: &Options) -> Result<Document> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json || bytes.first() == Some(&b'{') {
        return parse_json(path, &bytes);
    }
    if !bytes.starts_with(b"%PDF") && !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        bail!("{}: neither a PDF nor keikaku JSON", path.display());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    convert(&bytes, &name, opts).map_err(|e| anyhow!("{}: {e}", path.display()))
}

fn parse_json(path: &Path, bytes: &[u8]) -> Result<Document> {
    let doc: Document = serde_json::from_slice(bytes)
        .map_err(|e| anyhow!("{}: not a keikaku document JSON: {e}", path.display()))?;
    if !doc.schema.starts_with("keikaku/") {
        bail!(
            "{}: schema {:?} is not a keikaku document",
            path.display(),
            doc.schema
        );
    }
    Ok(doc)
}

/// Where `keikaku diff` writes.
pub struct DiffOutputs {
    /// `Some("-")` for stdout.
    pub json: Option<PathBuf>,
    pub html: Option<PathBuf>,
    pub threshold: f64,
}

/// Runs `keikaku diff OLD [NEW]`; returns whether anything differs.
pub fn run_diff(old: &Path, new: Option<&Path>, out: &DiffOutputs, opts: &Options) -> Result<bool> {
    check_threshold(out.threshold)?;
    let a = load(old, opts)?;
    let b = match new {
        Some(p) => Some(load(p, opts)?),
        None => None,
    };
    let report = match &b {
        Some(b) => keikaku_diff::diff(&a, b, out.threshold),
        None => keikaku_diff::diff_revision(&a, out.threshold)?,
    };
    let newer = b.as_ref().unwrap_or(&a);
    if let Some(h) = &out.html {
        let page = keikaku_diff::html::render(&report, &a, newer);
        write_file(h, page.as_bytes())?;
        eprintln!("keikaku: wrote {}", h.display());
    }
    match out.json.as_deref() {
        Some(p) if p == Path::new("-") => println!("{}", to_json(&report)?),
        Some(p) => write_file(p, to_json(&report)?.as_bytes())?,
        None => print!("{}", keikaku_diff::terminal(&report)),
    }
    Ok(differs(&report))
}

fn check_threshold(t: f64) -> Result<()> {
    if !(0.0..=1.0).contains(&t) {
        bail!("--threshold {t}: must be between 0 and 1");
    }
    Ok(())
}

fn differs(r: &DiffReport) -> bool {
    r.entries
        .iter()
        .any(|e| e.status != Status::Unchanged || e.moved)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    Ok(serde_json::to_string_pretty(v)?)
}

/// Writes atomically, creating the folder.
fn write_file(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("{}: cannot create", dir.display()))?;
    }
    write_atomic(path, bytes).with_context(|| format!("{}: cannot write", path.display()))
}

/// Runs `keikaku track DIR`: every keikaku JSON and PDF below DIR (the same source file
/// once), lineages as JSON to `out` or stdout.
pub fn run_track(
    dir: &Path,
    (out, db): (Option<&Path>, Option<&Path>),
    threshold: f64,
    opts: &Options,
) -> Result<()> {
    check_threshold(threshold)?;
    let docs = load_dir(dir, opts)?;
    if docs.is_empty() {
        bail!("{}: no keikaku JSON or PDF documents", dir.display());
    }
    let t = keikaku_diff::track::track(&docs, threshold);
    if let Some(db) = db {
        let (lineages, members) = lineage_rows(&t, &docs);
        let missing = keikaku_corpus::lineage::write(db, &lineages, &members)?;
        eprintln!(
            "keikaku: {} lineages, {} members written to {}{}",
            lineages.len(),
            members.len() - missing,
            db.display(),
            if missing > 0 {
                format!(" ({missing} members of documents not in the database left out)")
            } else {
                String::new()
            }
        );
        if out.is_none() {
            return Ok(());
        }
    }
    let json = to_json(&t)?;
    match out {
        Some(p) => {
            write_file(p, json.as_bytes())?;
            eprintln!("keikaku: wrote {}", p.display());
        }
        None => println!("{json}"),
    }
    Ok(())
}

/// The lineages of a tracking as database rows; members name their document by SHA-256.
fn lineage_rows(
    t: &keikaku_diff::track::Tracking,
    docs: &[Document],
) -> (
    Vec<keikaku_corpus::lineage::LineageRow>,
    Vec<keikaku_corpus::lineage::MemberRow>,
) {
    use keikaku_corpus::lineage::{LineageRow, MemberRow};
    let sha = |file: &str| {
        docs.iter()
            .find(|d| d.source.file == file)
            .map(|d| d.source.sha256.clone())
            .unwrap_or_default()
    };
    let (mut lineages, mut members) = (Vec::new(), Vec::new());
    for g in &t.groups {
        for l in &g.lineages {
            lineages.push(LineageRow {
                municipality: g.municipality.clone(),
                key: l.key.clone(),
                title: l.title.clone(),
                split_from: l.split_from.clone(),
            });
            members.extend(l.members.iter().map(|m| MemberRow {
                municipality: g.municipality.clone(),
                lineage: l.key.clone(),
                document: sha(&m.file),
                initiative: m.id.clone(),
                initiative_key: m.key.clone(),
                reason: m.reason.clone(),
                score: m.score,
            }));
        }
    }
    (lineages, members)
}

/// The documents below `dir`, sorted by path; JSON files that are not keikaku documents
/// (manifests, gold files) are skipped with a message, and a source seen twice (a PDF and
/// its JSON) is kept once.
fn load_dir(dir: &Path, opts: &Options) -> Result<Vec<Document>> {
    let mut files = Vec::new();
    walk(dir, &mut files).with_context(|| format!("{}: cannot list", dir.display()))?;
    files.sort();
    let mut seen = HashSet::new();
    let mut docs = Vec::new();
    for f in files {
        let ext = f
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let doc = match ext.as_deref() {
            Some("json") => match parse_json(&f, &std::fs::read(&f)?) {
                Ok(d) => d,
                Err(e) => {
                    eprintln!("keikaku: skipped {e:#}");
                    continue;
                }
            },
            Some("pdf") => load(&f, opts)?,
            _ => continue,
        };
        let id = if doc.source.sha256.is_empty() {
            f.display().to_string()
        } else {
            doc.source.sha256.clone()
        };
        if seen.insert(id) {
            docs.push(doc);
        }
    }
    Ok(docs)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for e in std::fs::read_dir(dir)? {
        let p = e?.path();
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}
