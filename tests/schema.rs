//! The JSON Schemas: the committed `docs/keikaku.schema.json` is what `keikaku schema`
//! prints, and every fixture's expected output validates against it; the committed
//! `docs/manifest.schema.json` is what `keikaku schema --manifest` prints, and the manifest of
//! a real run (one good file, one broken) validates against it.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn committed() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("docs/keikaku.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn committed_schema_is_the_generated_one() {
    assert_eq!(
        committed(),
        keikaku::document_schema(),
        "docs/keikaku.schema.json is stale: run `cargo run --release -- schema > docs/keikaku.schema.json`"
    );
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("schema")
        .output()
        .unwrap();
    assert!(out.status.success());
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, committed());
}

#[test]
fn every_fixture_output_validates() {
    let validator = jsonschema::validator_for(&committed()).unwrap();
    let mut n = 0;
    for e in std::fs::read_dir(repo().join("fixtures")).unwrap() {
        let path = e.unwrap().path();
        if !path.to_string_lossy().ends_with(".expected.json") {
            continue;
        }
        let doc: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .take(5)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
        n += 1;
    }
    assert!(n >= 7, "only {n} fixtures");
}

#[test]
fn a_wrong_document_is_rejected() {
    let validator = jsonschema::validator_for(&committed()).unwrap();
    let text = std::fs::read_to_string(repo().join("fixtures/seed003.expected.json")).unwrap();
    let mut doc: serde_json::Value = serde_json::from_str(&text).unwrap();
    doc["initiatives"][0]["form"] = "poster".into();
    assert!(!validator.is_valid(&doc));
    doc["initiatives"][0]["form"] = "card".into();
    doc["initiatives"][0]["kpi"] = serde_json::json!({"activity": []});
    assert!(!validator.is_valid(&doc));
}

fn committed_manifest() -> serde_json::Value {
    let text = std::fs::read_to_string(repo().join("docs/manifest.schema.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

#[test]
fn manifest_schema_is_committed_and_a_run_validates() {
    assert_eq!(
        committed_manifest(),
        keikaku::manifest_schema(),
        "docs/manifest.schema.json is stale: run `cargo run --release -- schema --manifest > docs/manifest.schema.json`"
    );
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::copy(
        repo().join("fixtures/seed003.pdf"),
        input.join("seed003.pdf"),
    )
    .unwrap();
    std::fs::write(input.join("broken.pdf"), b"%PDF-1.4 not really").unwrap();
    let out = tmp.path().join("out");
    let st = std::process::Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("ingest")
        .arg(&input)
        .arg("-o")
        .arg(&out)
        .arg("--no-progress")
        .status()
        .unwrap();
    assert_eq!(st.code(), Some(1), "one input fails");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&committed_manifest()).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&manifest)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(manifest["failed"], 1);
    let mut wrong = manifest.clone();
    wrong["files"][0]["pages"] = "many".into();
    assert!(!validator.is_valid(&wrong));
}
