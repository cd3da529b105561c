//! Page text as a reader would type it: on every fixture, no space stands between two
//! Japanese characters unless the gold text has the same three characters
//! (`窓口サービス改善ツール 運用・拡充`).

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x3400..=0x9FFF | 0xFF00..=0xFFEF) || c == '々'
}

/// Every string of a gold file except the annotators' notes.
fn gold_strings(v: &serde_json::Value, out: &mut String) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                if k != "note" && k != "notes" {
                    gold_strings(x, out);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| gold_strings(x, out)),
        serde_json::Value::String(s) => {
            out.push_str(s);
            out.push('\n');
        }
        _ => {}
    }
}

#[test]
fn no_spurious_spaces_between_japanese_characters() {
    let gold_dir = repo().join("fixtures");
    let opts = keikaku::Options::default();
    let mut bad = Vec::new();
    for pdf in keikaku::check::fixtures(&repo().join("fixtures")).unwrap() {
        let stem = pdf.file_stem().unwrap().to_string_lossy().into_owned();
        let base = stem.split('.').next().unwrap().to_string();
        let mut gold = String::new();
        if let Ok(b) = std::fs::read(gold_dir.join(format!("{base}.gold.json"))) {
            gold_strings(&serde_json::from_slice(&b).unwrap(), &mut gold);
        }
        let doc = keikaku::check::actual(&pdf, &opts).unwrap();
        for page in doc["pages"].as_array().unwrap() {
            for line in page["text"].as_str().unwrap().lines() {
                let cs: Vec<char> = line.chars().collect();
                for i in 1..cs.len().saturating_sub(1) {
                    if cs[i] == ' ' && is_cjk(cs[i - 1]) && is_cjk(cs[i + 1]) {
                        let pair: String = cs[i - 1..=i + 1].iter().collect();
                        if !gold.contains(&pair) {
                            bad.push(format!("{stem} p{}: {line}", page["number"]));
                        }
                    }
                }
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}
