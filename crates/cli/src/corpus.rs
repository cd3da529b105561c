//! `keikaku db`, `keikaku search`, `keikaku report` and `ingest --db / --chunks`: thin
//! command-line glue over `keikaku-corpus`.

use anyhow::{Context, Result};
use keikaku_corpus::{chunks, db, report, search};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// `keikaku db OUT_DIR [-o FILE]`: builds or updates the database; prints what it did.
pub fn run_db(input: &Path, out: Option<PathBuf>, force: bool, prune: bool) -> Result<()> {
    let files = db::corpus_files(input)?;
    let out = out.unwrap_or_else(|| {
        if input.is_dir() {
            input.join("corpus.sqlite")
        } else {
            input.with_extension("sqlite")
        }
    });
    let stats = db::build(&files, &out, &db::BuildOptions { force, prune })?;
    eprintln!(
        "keikaku: {} documents read, {} written, {} unchanged, {} removed ({} pages, {} initiatives, {:.2} s); {}",
        stats.documents,
        stats.written,
        stats.unchanged,
        stats.removed,
        stats.pages,
        stats.initiatives,
        stats.seconds,
        out.display()
    );
    Ok(())
}

/// After `ingest`: the database and the chunks of the corpus file this run wrote.
pub fn after_ingest(
    out_dir: &Path,
    shard: Option<(u32, u32)>,
    db_file: Option<&Path>,
    want_chunks: bool,
    chunk_tokens: usize,
) -> Result<()> {
    let suffix = shard.map_or(String::new(), |(k, n)| format!(".{k}-of-{n}"));
    let corpus = out_dir.join(format!("corpus{suffix}.jsonl"));
    if let Some(file) = db_file {
        let stats = db::build(
            std::slice::from_ref(&corpus),
            file,
            &db::BuildOptions::default(),
        )?;
        eprintln!(
            "keikaku: database {}: {} written, {} unchanged",
            file.display(),
            stats.written,
            stats.unchanged
        );
    }
    if want_chunks {
        let docs = keikaku_corpus::read_documents(std::slice::from_ref(&corpus))?;
        let path = out_dir.join(format!("chunks{suffix}.jsonl"));
        let n = chunks::write_chunks(&path, &docs, chunk_tokens)?;
        eprintln!("keikaku: {n} chunks in {}", path.display());
    }
    Ok(())
}

/// `keikaku search`: prints hits, or JSON lines with `--json`.
pub fn run_search(db_file: &Path, q: &search::Query, as_json: bool) -> Result<usize> {
    if !db_file.exists() {
        anyhow::bail!(
            "{}: no such database (build it with keikaku db OUT_DIR -o {})",
            db_file.display(),
            db_file.display()
        );
    }
    let conn = db::open_read_only(db_file)?;
    let hits = search::search(&conn, q).with_context(|| format!("{}", db_file.display()))?;
    let mut out = std::io::stdout().lock();
    let tty = std::io::stdout().is_terminal();
    for (n, h) in hits.iter().enumerate() {
        if as_json {
            serde_json::to_writer(&mut out, h)?;
            writeln!(out)?;
            continue;
        }
        let page = h.page.map(|p| format!(" p.{p}")).unwrap_or_default();
        let snippet = if tty {
            h.snippet.replace('«', "\x1b[1;31m").replace('»', "\x1b[0m")
        } else {
            h.snippet.clone()
        };
        writeln!(
            out,
            "{:>3}. [{}] {}{page} — {} {}\n     {}",
            n + 1,
            h.kind,
            h.file,
            h.id,
            h.title,
            snippet
        )?;
    }
    if !as_json && hits.is_empty() {
        eprintln!("keikaku: no hits");
    }
    Ok(hits.len())
}

/// `keikaku report OUT_DIR`.
pub fn run_report(dir: &Path) -> Result<()> {
    let out = report::write(dir)?;
    eprintln!("keikaku: wrote {}", out.display());
    Ok(())
}
