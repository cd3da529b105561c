//! `keikaku check`: regression test of the whole pipeline against committed expected JSON.
//!
//! Every `DIR/NAME.pdf` has `DIR/NAME.expected.json` (the document) and `DIR/NAME.layout.json`
//! (the layout stage's reference, [`crate::layout_ref`]) beside it. A difference is printed as
//! `NAME: initiatives[3] «行政手続のオンライン化» .lead_departments[0]: "情報政策課" → "情報課"`,
//! a layout difference as `NAME: layout.pages[2].items[4].block.text: "…" → "…"`.

use crate::batch::write_atomic;
use crate::layout_ref;
use crate::pipeline::{stages, Options};
use anyhow::{bail, Context, Result};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Differences shown per document before the rest is summarised.
const MAX_SHOWN: usize = 40;

/// The outcome of a check.
#[derive(Debug, Default)]
pub struct CheckReport {
    /// Human-readable report (diffs, or a one-line summary per fixture).
    pub text: String,
    /// Number of differing values over all fixtures (0 = pass).
    pub differences: usize,
    /// Number of fixtures checked.
    pub fixtures: usize,
}

/// The fixtures of `dir`: `*.pdf` directly inside it, sorted.
pub fn fixtures(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("{}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pdf")))
        .collect();
    v.sort();
    Ok(v)
}

/// `DIR/NAME.expected.json` for `DIR/NAME.pdf`.
pub fn expected_path(pdf: &Path) -> PathBuf {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    pdf.with_file_name(format!("{stem}.expected.json"))
}

/// `DIR/NAME.layout.json` for `DIR/NAME.pdf`.
pub fn layout_path(pdf: &Path) -> PathBuf {
    let stem = pdf
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    pdf.with_file_name(format!("{stem}.layout.json"))
}

/// The pipeline's output for one fixture as JSON (the document).
pub fn actual(pdf: &Path, opts: &Options) -> Result<Value> {
    outputs(pdf, opts).map(|(doc, _)| doc)
}

/// The pipeline's outputs for one fixture as JSON: the document and the layout summary.
pub fn outputs(pdf: &Path, opts: &Options) -> Result<(Value, Value)> {
    let bytes = std::fs::read(pdf).with_context(|| format!("{}", pdf.display()))?;
    let name = pdf
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let s = stages(&bytes, &name, opts).with_context(|| format!("{}", pdf.display()))?;
    Ok((
        serde_json::to_value(&s.document)?,
        layout_ref::summary(&s.layout),
    ))
}

/// Reads a committed reference, or `None` when the file is missing.
fn reference(path: &Path) -> Result<Option<Value>> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(
            serde_json::from_slice(&b).with_context(|| format!("{}", path.display()))?,
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("{}", path.display())),
    }
}

/// Re-runs every fixture and compares (or, with `bless`, rewrites the expected files).
pub fn run(dir: &Path, opts: &Options, bless: bool) -> Result<CheckReport> {
    use rayon::prelude::*;
    let pdfs = fixtures(dir)?;
    if pdfs.is_empty() {
        bail!("{}: no *.pdf fixtures", dir.display());
    }
    let results: Vec<Result<(PathBuf, (Value, Value))>> = pdfs
        .par_iter()
        .map(|p| outputs(p, opts).map(|v| (p.clone(), v)))
        .collect();
    let mut report = CheckReport {
        fixtures: pdfs.len(),
        ..Default::default()
    };
    for r in results {
        let (pdf, (got, got_layout)) = r?;
        let name = pdf
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (exp_path, layout_file) = (expected_path(&pdf), layout_path(&pdf));
        if bless {
            write_atomic(&exp_path, &pretty(&got)?)?;
            write_atomic(
                &layout_file,
                crate::compact_json::to_text(&got_layout).as_bytes(),
            )?;
            let _ = writeln!(report.text, "{name}: expected output written");
            continue;
        }
        let mut diffs = Vec::new();
        for (path, got, prefix) in [(&exp_path, &got, ""), (&layout_file, &got_layout, "layout")] {
            match reference(path)? {
                Some(expected) => diff(&expected, got, prefix.to_string(), &mut diffs),
                None => diffs.push(format!(
                    "no {} (run `keikaku check --bless`)",
                    path.display()
                )),
            }
        }
        report.differences += diffs.len();
        if diffs.is_empty() {
            let _ = writeln!(report.text, "{name}: ok");
        } else {
            let _ = writeln!(
                report.text,
                "{name}: {} difference(s) (expected → actual)",
                diffs.len()
            );
            for d in diffs.iter().take(MAX_SHOWN) {
                let _ = writeln!(report.text, "  {d}");
            }
            if diffs.len() > MAX_SHOWN {
                let _ = writeln!(report.text, "  … and {} more", diffs.len() - MAX_SHOWN);
            }
        }
    }
    if !bless {
        let verdict = if report.differences == 0 {
            "passed"
        } else {
            "FAILED"
        };
        let _ = writeln!(
            report.text,
            "check {verdict}: {} fixture(s), {} difference(s)",
            report.fixtures, report.differences
        );
    }
    Ok(report)
}

/// Copies `pdf` into `dir` as a new fixture and writes its expected JSON and layout
/// reference; returns its name.
pub fn add_fixture(dir: &Path, pdf: &Path, opts: &Options) -> Result<String> {
    let name = pdf
        .file_name()
        .context("FILE.pdf has no file name")?
        .to_string_lossy()
        .into_owned();
    let target = dir.join(&name);
    if target.exists() {
        bail!("{} already exists", target.display());
    }
    let bytes = std::fs::read(pdf).with_context(|| format!("{}", pdf.display()))?;
    let s = stages(&bytes, &name, opts).with_context(|| format!("{}", pdf.display()))?;
    std::fs::create_dir_all(dir)?;
    write_atomic(&target, &bytes)?;
    write_atomic(
        &expected_path(&target),
        &pretty(&serde_json::to_value(&s.document)?)?,
    )?;
    write_atomic(
        &layout_path(&target),
        crate::compact_json::to_text(&layout_ref::summary(&s.layout)).as_bytes(),
    )?;
    Ok(name)
}

fn pretty(v: &Value) -> Result<Vec<u8>> {
    Ok(crate::compact_json::to_text(v).into_bytes())
}

/// `path.key`, or `key` at the top.
fn key_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Collects `path: old → new` lines for every differing leaf.
pub fn diff(old: &Value, new: &Value, path: String, out: &mut Vec<String>) {
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            for (k, va) in a {
                let p = key_path(&path, k);
                match b.get(k) {
                    Some(vb) => diff(va, vb, p, out),
                    None => out.push(format!("{p}: {} → (missing)", short(va))),
                }
            }
            for (k, vb) in b {
                if !a.contains_key(k) {
                    let p = key_path(&path, k);
                    out.push(format!("{p}: (missing) → {}", short(vb)));
                }
            }
        }
        (Value::Array(a), Value::Array(b)) if labelled(a) && labelled(b) && a.len() != b.len() => {
            diff_aligned(a, b, &path, out)
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                let label = a.get(i).or(b.get(i)).map(label_of).unwrap_or_default();
                let p = format!("{path}[{i}]{label}");
                match (a.get(i), b.get(i)) {
                    (Some(x), Some(y)) => diff(x, y, p, out),
                    (Some(x), None) => out.push(format!("{p}: {} → (missing)", short(x))),
                    (None, Some(y)) => out.push(format!("{p}: (missing) → {}", short(y))),
                    (None, None) => {}
                }
            }
        }
        (Value::String(a), Value::String(b)) if a != b && a.chars().nth(80).is_some() => {
            let (at, x, y) = string_window(a, b);
            out.push(format!("{path} (at char {at}): {x:?} → {y:?}"))
        }
        (a, b) if a != b => {
            let shown = if path.is_empty() {
                "(document)"
            } else {
                path.as_str()
            };
            out.push(format!("{shown}: {} → {}", short(a), short(b)))
        }
        _ => {}
    }
}

/// True when every element has a label (title, heading, term or id) to align on.
fn labelled(items: &[Value]) -> bool {
    !items.is_empty() && items.iter().all(|v| !label_of(v).is_empty())
}

/// Diffs two lists of labelled elements aligned on their labels (longest common
/// subsequence), so one inserted section reads as one added element rather than a change
/// in every element after it.
fn diff_aligned(a: &[Value], b: &[Value], path: &str, out: &mut Vec<String>) {
    let la: Vec<String> = a.iter().map(label_of).collect();
    let lb: Vec<String> = b.iter().map(label_of).collect();
    // lcs[i][j]: common length of la[i..] and lb[j..]
    let mut lcs = vec![vec![0usize; lb.len() + 1]; la.len() + 1];
    for i in (0..la.len()).rev() {
        for j in (0..lb.len()).rev() {
            lcs[i][j] = if la[i] == lb[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < la.len() || j < lb.len() {
        if i < la.len() && j < lb.len() && la[i] == lb[j] {
            if i == j {
                diff(&a[i], &b[j], format!("{path}[{i}]{}", la[i]), out);
            } else {
                // a moved element's positional id (s005 → s008) follows from the move
                let (x, y) = (without_id(&a[i]), without_id(&b[j]));
                diff(&x, &y, format!("{path}[{i}→{j}]{}", la[i]), out);
            }
            (i, j) = (i + 1, j + 1);
        } else if j < lb.len() && (i == la.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(format!("{path}[{j}]{}: (added) → {}", lb[j], short(&b[j])));
            j += 1;
        } else {
            out.push(format!(
                "{path}[{i}]{}: {} → (removed)",
                la[i],
                short(&a[i])
            ));
            i += 1;
        }
    }
}

/// The element without its `id` key.
fn without_id(v: &Value) -> Value {
    let mut v = v.clone();
    if let Value::Object(m) = &mut v {
        m.remove("id");
    }
    v
}

/// ` «title»` for array elements that have a title, heading, term or id.
fn label_of(v: &Value) -> String {
    ["title", "heading", "term", "id"]
        .iter()
        .find_map(|k| v.get(*k).and_then(|x| x.as_str()))
        .map(|s| format!(" «{}»", s.chars().take(24).collect::<String>()))
        .unwrap_or_default()
}

/// Characters of context shown before the first difference of two long strings.
const BEFORE: usize = 20;
/// Characters shown from the first difference on.
const AFTER: usize = 40;

/// Where two strings first differ (in chars) and both strings cut to a window
/// around that place, with `…` where text was cut.
fn string_window(a: &str, b: &str) -> (usize, String, String) {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let at = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let start = at.saturating_sub(BEFORE);
    let cut = |s: &[char]| {
        let end = (at + AFTER).min(s.len());
        let head = if start > 0 { "…" } else { "" };
        let tail = if end < s.len() { "…" } else { "" };
        format!("{head}{}{tail}", s[start..end].iter().collect::<String>())
    };
    (at, cut(&a), cut(&b))
}

/// A value shortened to one readable line.
fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(80).collect::<String>())
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn diff_names_initiative_field_and_values() {
        let a = json!({"initiatives": [{"title": "行政手続", "lead_departments": ["情報政策課"]}]});
        let b = json!({"initiatives": [{"title": "行政手続", "lead_departments": ["情報課"]}]});
        let mut out = Vec::new();
        diff(&a, &b, String::new(), &mut out);
        assert_eq!(
            out,
            vec!["initiatives[0] «行政手続».lead_departments[0]: \"情報政策課\" → \"情報課\""]
        );
    }

    #[test]
    fn diff_shows_where_long_strings_differ() {
        let head = "あ".repeat(100);
        let a = json!({"text": format!("{head}※１ 国が示す{head}")});
        let b = json!({"text": format!("{head}※１国が示す{head}")});
        let mut out = Vec::new();
        diff(&a, &b, String::new(), &mut out);
        let window = "あ".repeat(BEFORE - 2); // the window starts BEFORE chars ahead of the space
        assert_eq!(out.len(), 1);
        assert!(
            out[0].starts_with(&format!("text (at char 102): \"…{window}※１ 国が示す")),
            "{out:?}"
        );
        assert!(
            out[0].contains(&format!("→ \"…{window}※１国が示す")),
            "{out:?}"
        );
    }

    #[test]
    fn inserted_section_is_one_added_element() {
        let sec = |id: &str, h: &str, level: u32| json!({"id": id, "heading": h, "level": level});
        let a = json!({"sections": [sec("s001", "１ 目的", 1), sec("s002", "〇 課題", 2), sec("s003", "２ 計画", 1)]});
        let b = json!({"sections": [
            sec("s001", "１ 目的", 1),
            sec("s002", "（１） 手続", 2),
            sec("s003", "〇 課題", 3),
            sec("s004", "２ 計画", 1),
        ]});
        let mut out = Vec::new();
        diff(&a, &b, String::new(), &mut out);
        assert_eq!(
            out,
            vec![
                "sections[1] «（１） 手続»: (added) → {\"id\":\"s002\",\"heading\":\"（１） 手続\",\"level\":2}",
                "sections[1→2] «〇 課題».level: 2 → 3",
            ],
            "{out:#?}"
        );
    }

    #[test]
    fn diff_reports_missing_and_added() {
        let a = json!({"x": 1, "l": [1, 2]});
        let b = json!({"y": 1, "l": [1]});
        let mut out = Vec::new();
        diff(&a, &b, String::new(), &mut out);
        assert_eq!(out.len(), 3, "{out:?}");
        assert!(out.iter().any(|d| d.starts_with("x: 1 → (missing)")));
        assert!(out.iter().any(|d| d.starts_with("y: (missing) → 1")));
        assert!(out.iter().any(|d| d.starts_with("l[1]: 2 → (missing)")));
    }
}
