//! Database benchmark: build rate, size per page and search latency.
//!
//! ```sh
//! cargo run --release -- ingest fixtures ../shared/corpus/real-ja -o /tmp/bench-out
//! cargo run --release -p keikaku-corpus --example db_bench -- /tmp/bench-out
//! ```
//!
//! Builds the database from `OUT/corpus.jsonl` into a fresh file three times (best kept),
//! then runs every query of `tests/data/queries.tsv` 20 times (top 20 hits, snippets
//! included) and reports the median and 95th-percentile latency over queries.

use keikaku_corpus::{db, search};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).ok_or("usage: db_bench OUT_DIR")?);
    let files = db::corpus_files(&out)?;
    let tmp = std::env::temp_dir().join(format!("keikaku-db-bench-{}", std::process::id()));
    std::fs::create_dir_all(&tmp)?;
    let file = tmp.join("corpus.sqlite");
    // the segmenter's dictionary loads once per process: not part of the build rate
    let _ = keikaku_jtext::shared();
    let mut best: Option<db::BuildStats> = None;
    for _ in 0..3 {
        let _ = std::fs::remove_file(&file);
        let s = db::build(&files, &file, &db::BuildOptions::default())?;
        if best.as_ref().is_none_or(|b| s.seconds < b.seconds) {
            best = Some(s);
        }
    }
    let s = best.ok_or("no build")?;
    let size = std::fs::metadata(&file)?.len();
    let input: u64 = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    println!(
        "build: {} documents, {} pages, {} initiatives in {:.3} s (best of 3): {:.0} pages/s, {:.0} initiatives/s",
        s.documents,
        s.pages,
        s.initiatives,
        s.seconds,
        s.pages as f64 / s.seconds,
        s.initiatives as f64 / s.seconds
    );
    println!(
        "size: {:.1} MiB database ({:.1} KiB per page) from {:.1} MiB of JSON lines",
        size as f64 / 1048576.0,
        size as f64 / 1024.0 / s.pages.max(1) as f64,
        input as f64 / 1048576.0
    );
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tsv = std::fs::read_to_string(root.join("tests/data/queries.tsv"))?;
    let queries: Vec<String> = tsv
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .filter_map(|l| l.split('\t').next().map(str::to_string))
        .collect();
    let conn = db::open_read_only(&file)?;
    let mut per_query: Vec<f64> = Vec::new();
    for q in &queries {
        let query = search::Query {
            text: q.clone(),
            limit: 20,
            ..Default::default()
        };
        let mut times = Vec::new();
        for _ in 0..20 {
            let t = Instant::now();
            let hits = search::search(&conn, &query)?;
            std::hint::black_box(hits);
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        per_query.push(times[times.len() / 2]);
    }
    per_query.sort_by(f64::total_cmp);
    let pct = |p: f64| per_query[((per_query.len() - 1) as f64 * p).round() as usize];
    println!(
        "search: {} queries, top 20 with snippets: median {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        per_query.len(),
        pct(0.5),
        pct(0.95),
        pct(1.0)
    );
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}
