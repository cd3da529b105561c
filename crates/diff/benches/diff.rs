//! Diff time for two 300-initiative documents (`cargo bench -p keikaku-diff`).
//!
//! The documents are built from seed001's 56 cards, copied until 300 (each copy's title
//! and summary marked with its round so no two are identical). NEW edits every tenth
//! initiative's title, every seventh schedule and moves ten. Three cases: keys kept (most
//! pairs found by key), keys dropped (every pair by similarity: 90,000 scores and the
//! optimal assignment), and the revision self-diff of seed000 for scale.

use keikaku_diff::align::DEFAULT_THRESHOLD;
use keikaku_model::{Document, ScheduleEntry};
use std::path::Path;
use std::time::{Duration, Instant};

fn fixture(name: &str) -> Document {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    let text = std::fs::read_to_string(&p).expect("fixture readable");
    serde_json::from_str(&text).expect("fixture parses")
}

fn big(seed: &Document, n: usize) -> Document {
    let mut d = seed.clone();
    d.initiatives = (0..n)
        .map(|k| {
            let mut it = seed.initiatives[k % seed.initiatives.len()].clone();
            let round = k / seed.initiatives.len();
            it.id = format!("i{k:03}");
            it.key = format!("{}-{round}", it.key);
            it.title = format!("{}（第{}期）", it.title, round + 1);
            it.summary = it.summary.map(|s| format!("第{}期: {s}", round + 1));
            it
        })
        .collect();
    d
}

fn edited(old: &Document) -> Document {
    let mut d = old.clone();
    for (k, it) in d.initiatives.iter_mut().enumerate() {
        if k % 10 == 0 {
            it.title = it.title.replace("の", "に係る");
            it.key.push_str("-renamed");
        }
        if k % 7 == 0 {
            if let Some(ScheduleEntry::Year { text, .. }) = it.schedule.last_mut() {
                text.push_str("・効果検証");
            }
        }
    }
    let moved: Vec<_> = d.initiatives.drain(40..50).collect();
    d.initiatives.extend(moved);
    d
}

fn time(name: &str, runs: usize, mut f: impl FnMut() -> usize) {
    let mut best = Duration::MAX;
    let mut total = Duration::ZERO;
    let mut out = 0;
    for _ in 0..runs {
        let t = Instant::now();
        out = f();
        let e = t.elapsed();
        best = best.min(e);
        total += e;
    }
    println!(
        "{name:<44} best {:>8.1} ms  mean {:>8.1} ms  ({runs} runs, {out} entries)",
        best.as_secs_f64() * 1e3,
        total.as_secs_f64() * 1e3 / runs as f64
    );
}

fn main() {
    let seed = fixture("seed001.expected.json");
    let old = big(&seed, 300);
    let new = edited(&old);
    // Warm the segmenter (dictionary load) outside the timings.
    let _ = keikaku_diff::diff(&old, &old, DEFAULT_THRESHOLD);
    time("300 vs 300, keys kept", 5, || {
        keikaku_diff::diff(&old, &new, DEFAULT_THRESHOLD)
            .entries
            .len()
    });
    let strip = |d: &Document| {
        let mut d = d.clone();
        d.initiatives.iter_mut().for_each(|i| i.key.clear());
        d
    };
    let (o2, n2) = (strip(&old), strip(&new));
    time("300 vs 300, no keys (similarity only)", 5, || {
        keikaku_diff::diff(&o2, &n2, DEFAULT_THRESHOLD)
            .entries
            .len()
    });
    time("  of which: features + alignment only", 5, || {
        use keikaku_diff::align::{align, Features};
        let fo: Vec<Features> = o2.initiatives.iter().map(Features::of).collect();
        let fw: Vec<Features> = n2.initiatives.iter().map(Features::of).collect();
        align(&fo, &fw, DEFAULT_THRESHOLD).pairs.len()
    });
    let rev = fixture("seed000.expected.json");
    time("seed000 revision self-diff", 20, || {
        keikaku_diff::diff_revision(&rev, DEFAULT_THRESHOLD)
            .map(|r| r.entries.len())
            .unwrap_or(0)
    });
}
