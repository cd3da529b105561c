//! The gold scorer (`../shared/tools/score.py`) on the bundled fixtures, with the figures the
//! issues ask for as floors. Ignored when `../shared` is absent (`cfg(shared_absent)`, set by
//! the build script); returns early, saying so, when `python3` is absent.

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Per-document floors: (metric, minimum). Raise them as the parsers improve; never lower.
const FLOORS: &[(&str, f64)] = &[
    ("text", 0.99),
    ("dates", 0.98),
    ("init_f1", 0.99),
    ("fields", 0.99),
    ("tables", 0.99),
    ("glossary", 0.99),
    ("document", 0.99),
];

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn gold_scores_hold() {
    let scorer = repo().join("../shared/tools/score.py");
    let gold = repo().join("fixtures");
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: python3 is not installed");
        return;
    }
    let out = tempfile::tempdir().unwrap();
    let opts = keikaku::Options::default();
    for pdf in keikaku::check::fixtures(&repo().join("fixtures")).unwrap() {
        let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let v = keikaku::check::actual(&pdf, &opts).unwrap();
        std::fs::write(
            out.path().join(format!("{stem}.json")),
            serde_json::to_vec(&v).unwrap(),
        )
        .unwrap();
    }
    let res = Command::new("python3")
        .arg(&scorer)
        .arg(&gold)
        .arg(out.path())
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&res.stdout).unwrap();
    let mut failures = Vec::new();
    for (doc, row) in report["docs"].as_object().unwrap() {
        for (metric, floor) in FLOORS {
            let got = row[*metric].as_f64().unwrap();
            if got + 1e-9 < *floor {
                failures.push(format!("{doc} {metric} = {got:.3} < {floor}"));
            }
        }
        assert_eq!(row["radicals"], 0, "{doc} has radical code points");
    }
    eprintln!("overall: {}", report["overall"]);
    assert!(failures.is_empty(), "{failures:#?}");
}
