//! Checks against the fixtures' gold (`fixtures/*.gold.json`): gold departments are
//! recognised; and letter-spaced seed text (`../shared/seeds`) is repaired the way the gold
//! writes it (ignored when `../shared` is absent: `cfg(shared_absent)`, set by the build script).

use std::collections::BTreeSet;
use std::path::PathBuf;

use keikaku_jtext::{departments, find_departments, remove_spurious_spaces};
use serde_json::Value;

/// `../shared` beside the repository (for the seed texts).
fn shared_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// The repository's own fixtures (the gold files are the same as `../shared/fixtures`).
fn fixtures_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    dir.is_dir().then_some(dir)
}

fn gold_files() -> Vec<Value> {
    let Some(dir) = fixtures_dir() else {
        eprintln!("fixtures/ not found: skipping gold checks");
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("fixtures dir readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            serde_json::from_str(&std::fs::read_to_string(p).expect("gold readable"))
                .expect("gold is JSON")
        })
        .collect()
}

fn gold_departments(gold: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for init in gold["initiatives"].as_array().into_iter().flatten() {
        for key in ["lead_departments", "related_departments"] {
            for d in init[key].as_array().into_iter().flatten() {
                names.extend(d.as_str().map(str::to_string));
            }
        }
    }
    names
}

fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
        // Annotators' notes quote the spaced source text; they are not document text.
        Value::Object(o) => o
            .iter()
            .filter(|(k, _)| !k.starts_with("note"))
            .for_each(|(_, v)| strings(v, out)),
        _ => {}
    }
}

#[test]
fn every_gold_department_is_recognised() {
    let golds = gold_files();
    let names: BTreeSet<String> = golds.iter().flat_map(gold_departments).collect();
    if golds.is_empty() {
        return;
    }
    assert!(
        names.len() > 30,
        "expected the gold to list departments, got {}",
        names.len()
    );
    let cell_misses: Vec<&String> = names
        .iter()
        .filter(|n| departments(n) != [n.as_str()])
        .collect();
    assert!(
        cell_misses.is_empty(),
        "departments() missed {cell_misses:?}"
    );
    let text_misses: Vec<&String> = names
        .iter()
        .filter(|n| {
            let text = format!("本件は{n}が所管する。");
            find_departments(&text).iter().map(|(f, _)| f).ne([*n])
        })
        .collect();
    assert!(
        text_misses.is_empty(),
        "find_departments() missed {text_misses:?}"
    );
}

/// Japanese letters (kana, kanji, full-width alphanumerics) for the CJK–space–CJK check.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{FF10}'..='\u{FF5A}')
}

/// `a b` triples (CJK, one or more ASCII spaces, CJK) in `text`.
fn cjk_space_cjk(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    for i in 0..chars.len() {
        if !is_cjk(chars[i]) || chars.get(i + 1) != Some(&' ') {
            continue;
        }
        let j = (i + 1..chars.len())
            .find(|&j| chars[j] != ' ')
            .unwrap_or(chars.len());
        if chars.get(j).copied().is_some_and(is_cjk) {
            found.push(format!("{} {}", chars[i], chars[j]));
        }
    }
    found
}

fn seeds() -> Vec<(String, String)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(shared_dir().join("seeds"))
        .expect("seeds dir readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(p).expect("seed readable"),
            )
        })
        .collect()
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn letter_spaced_seed_text_comes_out_as_in_the_gold() {
    let seeds = seeds();
    let (_, seed002) = seeds
        .iter()
        .find(|(p, _)| p.contains("/002_"))
        .expect("seed 002 in ../shared/seeds");
    let repaired = remove_spurious_spaces(seed002);
    for expected in ["令和５年９月29日", "納税課", "条件", "対象", "予定"] {
        assert!(
            repaired.lines().any(|l| l.trim() == expected),
            "{expected} not repaired"
        );
    }
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn repaired_seeds_keep_only_the_gold_spaces() {
    let golds = gold_files();
    let seeds = seeds();
    assert!(
        !golds.is_empty() && seeds.len() == golds.len(),
        "one seed per gold"
    );
    for ((path, seed), gold) in seeds.iter().zip(&golds) {
        let mut texts = Vec::new();
        strings(gold, &mut texts);
        let gold_pairs: BTreeSet<String> = texts.iter().flat_map(|t| cjk_space_cjk(t)).collect();
        let repaired = remove_spurious_spaces(seed);
        let before: BTreeSet<String> = cjk_space_cjk(seed).into_iter().collect();
        let after: BTreeSet<String> = cjk_space_cjk(&repaired).into_iter().collect();
        // Spaces the gold keeps between Japanese words survive the repair …
        let lost: Vec<&String> = before
            .intersection(&gold_pairs)
            .filter(|p| !after.contains(*p))
            .collect();
        assert!(lost.is_empty(), "{path}: gold spaces removed: {lost:?}");
        // … and the letter-spaced pairs the gold joins are gone.
        let joined = ["令 和", "和 ５", "納 税", "税 課", "条 件", "予 定"];
        let left: Vec<&&str> = joined.iter().filter(|p| after.contains(**p)).collect();
        assert!(left.is_empty(), "{path}: still spaced: {left:?}");
    }
}
