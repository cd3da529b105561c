//! Checks against the fixtures' gold `dates` (`fixtures/*.gold.json`, the same files as
//! `../shared/fixtures`).
//!
//! 1. Every gold date's `text`, scanned alone, gives one expression with the gold interval
//!    (computed as `score.py`'s `gold_interval`, with its `末` alternatives).
//! 2. Scanning each seed text finds the gold intervals (multiset matching as `score.py` does);
//!    the per-document recall is printed and must reach 0.97.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use keikaku_wareki::{days_in_month, scan_with, Options};
use serde_json::Value;

type Interval = (Option<String>, Option<String>);

/// `../shared` beside the repository (for the seed texts; the test using it is ignored when
/// it is absent, `cfg(shared_absent)` being set by the build script).
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The repository root: its `fixtures/` holds the gold files.
fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `(stem, gold dates)` for every `*.gold.json`.
fn golds(repo: &Path) -> Vec<(String, Vec<Value>)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(repo.join("fixtures")).expect("fixtures readable") {
        let path = entry.expect("dir entry").path();
        let name = path
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let Some(stem) = name.strip_suffix(".gold.json") else {
            continue;
        };
        let v: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("gold readable"))
                .expect("gold json");
        let dates = v["dates"].as_array().cloned().unwrap_or_default();
        out.push((stem.to_string(), dates));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn fy_interval(fy: i64) -> Interval {
    (
        Some(format!("{fy:04}-04-01")),
        Some(format!("{:04}-03-31", fy + 1)),
    )
}

/// score.py's `point_interval`.
fn point_interval(v: &Value) -> Interval {
    if v.is_null() {
        return (None, None);
    }
    if let Some(fy) = v["fiscal_year"].as_i64() {
        return fy_interval(fy);
    }
    if let Some(d) = v["date"].as_str() {
        return (Some(d.to_string()), Some(d.to_string()));
    }
    let Some(y) = v["year"].as_i64() else {
        return (None, None);
    };
    match (v["month"].as_i64(), v["day"].as_i64()) {
        (Some(m), Some(d)) => {
            let s = format!("{y:04}-{m:02}-{d:02}");
            (Some(s.clone()), Some(s))
        }
        (Some(m), None) => {
            let last = days_in_month(y as i32, m as u8);
            (
                Some(format!("{y:04}-{m:02}-01")),
                Some(format!("{y:04}-{m:02}-{last:02}")),
            )
        }
        _ => (Some(format!("{y:04}-01-01")), Some(format!("{y:04}-12-31"))),
    }
}

/// score.py's `date_choices`.
fn choices(d: &Value) -> Vec<Interval> {
    let v = &d["value"];
    if d["kind"] == "range" {
        return vec![(point_interval(&v["from"]).0, point_interval(&v["to"]).1)];
    }
    let whole = point_interval(v);
    match (&whole.1, v["qualifier"] == "end") {
        (Some(last), true) => {
            let last = last.clone();
            let month_start = format!("{}01", &last[..8]);
            vec![
                whole.clone(),
                (Some(last.clone()), Some(last.clone())),
                (Some(month_start), Some(last)),
            ]
        }
        _ => vec![whole],
    }
}

fn found(text: &str) -> Vec<Interval> {
    found_with(text, Options::default())
}

fn found_with(text: &str, opts: Options) -> Vec<Interval> {
    scan_with(text, opts)
        .iter()
        .map(|e| (e.start.map(|d| d.to_string()), e.end.map(|d| d.to_string())))
        .collect()
}

#[test]
fn every_gold_date_text_reads_to_its_interval() {
    let mut total = 0;
    let mut bad = Vec::new();
    for (stem, dates) in golds(&repo()) {
        for d in &dates {
            total += 1;
            let text = d["text"].as_str().unwrap_or_default();
            let got = found(text);
            let want = choices(d);
            if got.len() != 1 || !want.contains(&got[0]) {
                bad.push(format!("{stem}: {text:?} → {got:?}, want {want:?}"));
            }
        }
    }
    println!(
        "gold date texts: {}/{total} read correctly",
        total - bad.len()
    );
    assert!(total > 0, "no gold dates found");
    assert!(bad.is_empty(), "{} wrong:\n{}", bad.len(), bad.join("\n"));
}

/// score.py's multiset matching: (hits, missed gold texts).
fn recall(dates: &[Value], found: Vec<Interval>) -> (usize, Vec<String>) {
    let mut have: HashMap<Interval, usize> = HashMap::new();
    for iv in found {
        *have.entry(iv).or_default() += 1;
    }
    let mut hit = 0;
    let mut missed = Vec::new();
    for d in dates {
        let k = choices(d)
            .into_iter()
            .find(|k| have.get(k).is_some_and(|&n| n > 0));
        match k.and_then(|k| have.get_mut(&k)) {
            Some(n) => {
                *n -= 1;
                hit += 1;
            }
            None => missed.push(d["text"].as_str().unwrap_or_default().to_string()),
        }
    }
    (hit, missed)
}

/// Per document: recall with `Options::points()` (the gold's reading) must reach 0.97; with the
/// default options (`から…まで` and `以降` as ranges, which the gold reads as points) the overall
/// recall must reach 0.97.
#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn seed_texts_contain_the_gold_dates() {
    let seeds: Vec<PathBuf> = std::fs::read_dir(shared().join("seeds"))
        .map(|rd| rd.filter_map(|e| e.ok()).map(|e| e.path()).collect())
        .expect("../shared/seeds readable");
    let mut failing = Vec::new();
    let (mut all_hit, mut all_n) = (0, 0);
    for (stem, dates) in golds(&repo()) {
        let num = stem.trim_start_matches("seed");
        let prefix = format!("{num}_");
        let Some(path) = seeds.iter().find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with(&prefix))
        }) else {
            continue;
        };
        let text = std::fs::read_to_string(path).expect("seed readable");
        let n = dates.len().max(1) as f64;
        let (hit, missed) = recall(&dates, found_with(&text, Options::points()));
        let (dhit, dmissed) = recall(&dates, found(&text));
        println!(
            "{stem}: points {hit}/{} ({:.3}) missed {missed:?}; default {dhit}/{} ({:.3}) missed {dmissed:?}",
            dates.len(),
            hit as f64 / n,
            dates.len(),
            dhit as f64 / n,
        );
        if (hit as f64) < 0.97 * n {
            failing.push(stem);
        }
        all_hit += dhit;
        all_n += dates.len();
    }
    let overall = all_hit as f64 / all_n.max(1) as f64;
    println!("overall with default options: {all_hit}/{all_n} ({overall:.3})");
    assert!(failing.is_empty(), "points recall below 0.97: {failing:?}");
    assert!(overall >= 0.97, "default recall {overall:.3} below 0.97");
}
