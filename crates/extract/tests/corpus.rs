//! Integration tests over the shared fixtures and corpus (`../shared`, read-only).
//! Ignored when `../shared` is absent (`cfg(shared_absent)`, set by the build script); the
//! poppler comparison also returns early, saying so, when `pdftotext` is not installed.

use keikaku_extract::{pages, plain_text, ExtractError, Limits};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use unicode_normalization::UnicodeNormalization;

/// `../shared` beside the repository (tests using it are ignored when it is absent).
fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn pdfs(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    assert!(!v.is_empty(), "no PDF in {}", dir.display());
    v
}

fn doc_text(bytes: &[u8]) -> Result<String, ExtractError> {
    let w = pages(bytes, &Limits::default())?;
    Ok(w.value
        .iter()
        .map(plain_text)
        .collect::<Vec<_>>()
        .join("\u{c}"))
}

/// Non-space characters after NFKC, as a multiset.
fn bag(s: &str) -> HashMap<char, usize> {
    let mut m = HashMap::new();
    for c in s.nfkc().filter(|c| !c.is_whitespace()) {
        *m.entry(c).or_insert(0) += 1;
    }
    m
}

fn total(m: &HashMap<char, usize>) -> usize {
    m.values().sum()
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn odd_corpus_gives_text_or_clean_error_in_bounded_time() {
    let sh = shared();
    for path in pdfs(&sh.join("corpus/odd")) {
        let bytes = std::fs::read(&path).expect("readable corpus file");
        let (tx, rx) = mpsc::channel();
        let start = Instant::now();
        std::thread::spawn(move || {
            let _ = tx.send(pages(&bytes, &Limits::default()).map(|w| {
                (
                    w.value.len(),
                    w.value.iter().map(|p| p.glyphs.len()).sum::<usize>(),
                    w.warnings.len(),
                )
            }));
        });
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let res = rx
            .recv_timeout(Duration::from_secs(120))
            .unwrap_or_else(|_| panic!("{name}: no answer within 120 s"));
        match res {
            Ok((n, g, w)) => eprintln!(
                "{name}: ok, {n} pages, {g} glyphs, {w} warnings, {:?}",
                start.elapsed()
            ),
            Err(ExtractError::Panicked { message }) => panic!("{name}: panicked: {message}"),
            Err(e) => eprintln!("{name}: error: {e}"),
        }
    }
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn encrypted_files_need_a_password_clearly() {
    let sh = shared();
    let bytes = std::fs::read(sh.join("corpus/odd/pdfminer_aes-256-r6.pdf")).expect("corpus file");
    assert!(matches!(
        pages(&bytes, &Limits::default()),
        Err(ExtractError::Encrypted { .. })
    ));
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn real_ja_agrees_with_pdftotext() {
    let sh = shared();
    if std::process::Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_err()
    {
        eprintln!("skipped: pdftotext not installed");
        return;
    }
    let gaps: Vec<&str> = include_str!("data/poppler_gaps.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
        .collect();
    let mut failures = Vec::new();
    for path in pdfs(&sh.join("corpus/real-ja")) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let out = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        let poppler_raw = String::from_utf8_lossy(&out.stdout).into_owned();
        let poppler_fffd = poppler_raw.matches('\u{FFFD}').count();
        let poppler: String =
            keikaku_cjk::repair_str(&poppler_raw.replace('\u{FFFD}', "")).into_owned();
        let bytes = std::fs::read(&path).expect("corpus file");
        let ours_raw = doc_text(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours_fffd = ours_raw.matches('\u{FFFD}').count();
        let radicals = ours_raw
            .chars()
            .filter(|c| ('\u{2E80}'..='\u{2FDF}').contains(c))
            .count();
        let (a, b) = (bag(&poppler), bag(&ours_raw.replace('\u{FFFD}', "")));
        let inter: usize = a
            .iter()
            .map(|(c, n)| (*n).min(b.get(c).copied().unwrap_or(0)))
            .sum();
        let (na, nb) = (total(&a), total(&b));
        let recall = if na == 0 {
            1.0
        } else {
            inter as f64 / na as f64
        };
        let precision = if nb == 0 {
            if na == 0 {
                1.0
            } else {
                0.0
            }
        } else {
            inter as f64 / nb as f64
        };
        let f1 = if recall + precision == 0.0 {
            0.0
        } else {
            2.0 * recall * precision / (recall + precision)
        };
        let gap = gaps.contains(&name.as_str());
        eprintln!(
            "{name}: poppler {na} ours {nb} P {precision:.4} R {recall:.4} F1 {f1:.4} U+FFFD ours/poppler {ours_fffd}/{poppler_fffd} radicals {radicals}{}",
            if gap { " (poppler gap: recall checked)" } else { "" }
        );
        let ok = if gap { recall >= 0.97 } else { f1 >= 0.97 };
        if !ok || ours_fffd > poppler_fffd || radicals > 0 {
            failures.push(name);
        }
    }
    assert!(failures.is_empty(), "below target: {failures:?}");
}

/// The scorer's `text` idea: every gold sentence appears in the concatenated page text.
#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn fixture_gold_sentences_found() {
    let sh = shared();
    let fx = sh.join("fixtures");
    for path in pdfs(&fx) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let stem = name.split('.').next().unwrap_or_default();
        let Ok(gold) = std::fs::read_to_string(fx.join(format!("{stem}.gold.json"))) else {
            continue;
        };
        let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold JSON");
        let mut acc = Vec::new();
        if let serde_json::Value::Object(m) = &gold {
            for (k, v) in m {
                if !["dates", "skipped", "page_furniture", "meta"].contains(&k.as_str()) {
                    walk_text(v, &mut acc);
                }
            }
        }
        let bytes = std::fs::read(&path).expect("fixture");
        let start = Instant::now();
        let text = doc_text(&bytes).expect("fixture extracts");
        let elapsed = start.elapsed();
        let page = norm(&text);
        let sents: Vec<String> = acc
            .iter()
            .flat_map(|s| s.split(['。', '\n']))
            .map(norm)
            .filter(|s| s.chars().count() >= 6)
            .collect();
        let found = sents.iter().filter(|s| page.contains(s.as_str())).count();
        let radicals = text
            .chars()
            .filter(|c| ('\u{2E80}'..='\u{2FDF}').contains(c))
            .count();
        let ratio = if sents.is_empty() {
            1.0
        } else {
            found as f64 / sents.len() as f64
        };
        eprintln!(
            "{name}: text {found}/{} = {ratio:.4}, radicals {radicals}, {elapsed:?}",
            sents.len()
        );
        assert_eq!(radicals, 0, "{name}");
        // Sentences broken by page furniture need the layout stage; plain text gets the rest.
        assert!(ratio >= 0.99, "{name}: {ratio}");
    }
}

fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

fn walk_text(v: &serde_json::Value, acc: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    (
                        "text" | "summary" | "definition" | "title" | "heading",
                        serde_json::Value::String(s),
                    ) => acc.push(s.clone()),
                    ("items", serde_json::Value::Array(items)) => {
                        acc.extend(items.iter().filter_map(|i| i.as_str().map(String::from)));
                    }
                    _ => walk_text(x, acc),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| walk_text(x, acc)),
        _ => {}
    }
}
