//! The section tree against the gold (`fixtures/NAME.gold.json`, as in `../shared`, nested
//! `sections[].children`): how many gold headings are found, how many found headings are
//! in the gold, and how often a found heading has the gold's level. `score.py` does not
//! score sections, so the floors live here.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Headings compared without white space, full-width ASCII folded, ○ as 〇.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '○' => '〇',
            _ => c,
        })
        .collect()
}

fn gold_headings(v: &serde_json::Value, out: &mut Vec<(u64, String)>) {
    for s in v.as_array().into_iter().flatten() {
        let level = s["level"].as_u64().unwrap_or(0);
        out.push((level, norm(s["heading"].as_str().unwrap_or(""))));
        gold_headings(&s["children"], out);
    }
}

/// Each fixture that has a gold file of its own, as (stem, gold, our output). seed003.B
/// and .C share seed003's gold and are left out, so each document counts once.
fn fixtures_with_gold() -> Vec<(String, serde_json::Value, serde_json::Value)> {
    let gold_dir = repo().join("fixtures");
    let opts = keikaku::Options::default();
    let mut out = Vec::new();
    for pdf in keikaku::check::fixtures(&repo().join("fixtures")).unwrap() {
        let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let Ok(bytes) = std::fs::read(gold_dir.join(format!("{stem}.gold.json"))) else {
            continue;
        };
        let gold = serde_json::from_slice(&bytes).unwrap();
        out.push((stem, gold, keikaku::check::actual(&pdf, &opts).unwrap()));
    }
    assert!(!out.is_empty(), "no fixture with a gold file");
    out
}

#[test]
fn section_trees_match_the_gold() {
    let docs = fixtures_with_gold();
    let (mut gold_n, mut out_n, mut found, mut same_level) = (0, 0, 0, 0);
    let mut missing = Vec::new();
    for (stem, gold, doc) in docs {
        let mut want = Vec::new();
        gold_headings(&gold["sections"], &mut want);
        let got: Vec<(u64, String)> = doc["sections"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                (
                    s["level"].as_u64().unwrap(),
                    norm(s["heading"].as_str().unwrap()),
                )
            })
            .collect();
        let mut used = vec![false; got.len()];
        for (level, h) in &want {
            match (0..got.len()).find(|&j| !used[j] && got[j].1 == *h) {
                Some(j) => {
                    used[j] = true;
                    found += 1;
                    same_level += usize::from(got[j].0 == *level);
                }
                None => missing.push(format!("{stem}: {h}")),
            }
        }
        gold_n += want.len();
        out_n += got.len();
    }
    let recall = found as f64 / gold_n as f64;
    let precision = found as f64 / out_n as f64;
    let levels = same_level as f64 / found as f64;
    eprintln!("sections: recall {recall:.3} precision {precision:.3} level agreement {levels:.3}");
    assert!(recall >= 0.92, "recall {recall:.3}; missing: {missing:#?}");
    assert!(precision >= 0.95, "precision {precision:.3}");
    assert!(levels >= 0.98, "level agreement {levels:.3}");
}

/// Every text of a gold block (paragraph text, list and schedule items, note text).
fn gold_block_texts(v: &serde_json::Value, out: &mut Vec<String>) {
    for s in v.as_array().into_iter().flatten() {
        for b in s["blocks"].as_array().into_iter().flatten() {
            out.extend(b["text"].as_str().map(norm));
            for i in b["items"].as_array().into_iter().flatten() {
                out.extend(i.as_str().or(i["text"].as_str()).map(norm));
            }
        }
        gold_block_texts(&s["children"], out);
    }
}

/// The same texts of our `sections[].blocks`.
fn block_texts(doc: &serde_json::Value) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for s in doc["sections"].as_array().unwrap() {
        for b in s["blocks"].as_array().unwrap() {
            out.extend(b["text"].as_str().map(norm));
            for i in b["items"].as_array().into_iter().flatten() {
                out.extend(i.as_str().or(i["text"].as_str()).map(norm));
            }
        }
    }
    out
}

#[test]
fn section_blocks_hold_the_gold_paragraphs_lists_and_notes() {
    let docs = fixtures_with_gold();
    let (mut total, mut found) = (0, 0);
    let mut missing = Vec::new();
    for (stem, gold, doc) in docs {
        let mut want = Vec::new();
        gold_block_texts(&gold["sections"], &mut want);
        let got = block_texts(&doc);
        for t in want {
            total += 1;
            if got.contains(&t) {
                found += 1;
            } else {
                missing.push(format!("{stem}: {t}"));
            }
        }
    }
    let share = found as f64 / total as f64;
    eprintln!("section blocks: {found}/{total} gold texts found exactly ({share:.3})");
    assert!(share >= 0.9, "{share:.3}; missing: {missing:#?}");
}
