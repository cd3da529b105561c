//! `keikaku check` as a test: the pipeline's output on every fixture equals the committed
//! `fixtures/NAME.expected.json` and its layout `fixtures/NAME.layout.json`, and an edited
//! expected file or layout reference is reported with a readable diff.

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
    for f in ["seed003.pdf", "seed003.layout.json"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
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

#[test]
fn edited_layout_reference_gives_a_layout_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let src = fixtures();
    for f in ["seed003.pdf", "seed003.expected.json"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    let layout = std::fs::read_to_string(src.join("seed003.layout.json")).unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&layout).unwrap();
    let block = &mut v["pages"][0]["items"][0]["block"];
    let old = block["text"].as_str().unwrap_or_default().to_string();
    block["text"] = serde_json::Value::String("別の見出し".into());
    std::fs::write(
        tmp.path().join("seed003.layout.json"),
        serde_json::to_vec(&v).unwrap(),
    )
    .unwrap();

    let report = keikaku::check::run(tmp.path(), &keikaku::Options::default(), false).unwrap();
    assert_eq!(report.differences, 1, "{}", report.text);
    assert!(
        report.text.contains(&format!(
            "layout.pages[0].items[0].block.text: \"別の見出し\" → \"{old}\""
        )),
        "{}",
        report.text
    );
}
