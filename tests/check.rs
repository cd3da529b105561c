//! `keikaku check` as a test: the pipeline's output on every fixture equals the committed
//! `fixtures/NAME.expected.json`, and an edited expected file is reported with a readable diff.

use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

#[test]
fn fixtures_match_expected_output() {
    let report = keikaku::check::run(&fixtures(), &keikaku::Options::default(), false).unwrap();
    assert!(report.fixtures >= 7, "{}", report.text);
    assert_eq!(report.differences, 0, "\n{}", report.text);
}

#[test]
fn edited_expected_file_gives_a_readable_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures();
    std::fs::copy(src.join("seed003.pdf"), tmp.path().join("seed003.pdf")).unwrap();
    let expected = std::fs::read_to_string(src.join("seed003.expected.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&expected).unwrap();
    let old_title = v["title"].as_str().unwrap_or_default().to_string();
    v["title"] = serde_json::Value::String("別の題名".into());
    std::fs::write(
        tmp.path().join("seed003.expected.json"),
        serde_json::to_vec(&v).unwrap(),
    )
    .unwrap();

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("check")
        .arg(tmp.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(&format!("title: \"別の題名\" → \"{old_title}\"")),
        "{text}"
    );
}
