//! Layout of the shared fixtures: the scorer's `text` measure (every gold sentence must
//! appear in the concatenated page text) and a few pinned table shapes.
//! Skips when `../shared/fixtures` is absent.

use keikaku_model::{Layout, TableGrid};
use serde_json::Value;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

fn fixtures() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    dir.is_dir().then_some(dir)
}

fn layout_of(dir: &std::path::Path, name: &str) -> Layout {
    let bytes = std::fs::read(dir.join(name)).expect("read fixture");
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .expect("extract")
        .value;
    keikaku_layout::analyze(&pages).value
}

/// NFKC with all white space removed, as score.py's `norm`.
fn norm(s: &str) -> String {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// Character artifacts that come from the font data, not from layout, and that text repair
/// (keikaku-cjk / keikaku-jtext) owns: the Chromium fixture's ToUnicode maps its middle dot
/// to U+2027 HYPHENATION POINT, and a CID mapping yields 戶 for 戸. Folded here so this
/// test measures what layout loses.
fn fold_known_artifacts(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{2027}' => '・',
            '戶' => '戸',
            _ => c,
        })
        .collect()
}

/// score.py's `walk_text`.
fn walk_text(node: &Value, acc: &mut Vec<String>) {
    match node {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("text" | "summary" | "definition" | "title" | "heading", Value::String(s)) => {
                        acc.push(s.clone())
                    }
                    ("items", Value::Array(a)) => {
                        acc.extend(a.iter().filter_map(|x| x.as_str().map(String::from)))
                    }
                    _ => walk_text(v, acc),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|x| walk_text(x, acc)),
        _ => {}
    }
}

/// (found, total, missing sentences) of the scorer's text measure.
fn text_score(gold: &Value, layout: &Layout) -> (usize, usize, Vec<String>) {
    let mut g = gold.clone();
    if let Value::Object(m) = &mut g {
        for k in ["dates", "skipped", "page_furniture", "meta"] {
            m.remove(k);
        }
    }
    let mut acc = Vec::new();
    walk_text(&g, &mut acc);
    let page_text = norm(&fold_known_artifacts(
        &layout
            .pages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>(),
    ));
    let sents: Vec<String> = acc
        .iter()
        .flat_map(|s| s.split(['。', '\n']).map(norm).collect::<Vec<_>>())
        .filter(|s| s.chars().count() >= 6)
        .collect();
    let missing: Vec<String> = sents
        .iter()
        .filter(|s| !page_text.contains(s.as_str()))
        .cloned()
        .collect();
    (sents.len() - missing.len(), sents.len(), missing)
}

#[test]
fn text_measure_on_every_fixture() {
    let Some(dir) = fixtures() else {
        eprintln!("../shared/fixtures absent: skipped");
        return;
    };
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    names.sort();
    let mut bad = Vec::new();
    for name in &names {
        let stem = name.split('.').next().unwrap_or_default();
        let gold: Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{stem}.gold.json"))).expect("gold"),
        )
        .expect("json");
        let layout = layout_of(&dir, name);
        let (found, total, missing) = text_score(&gold, &layout);
        let score = found as f64 / total.max(1) as f64;
        eprintln!("{name}: text {found}/{total} = {score:.3}");
        for m in missing.iter().take(8) {
            eprintln!("   missing: {m}");
        }
        if score < 0.99 {
            bad.push(format!("{name}: {score:.3}"));
        }
    }
    assert!(bad.is_empty(), "text below 0.99: {bad:?}");
}

fn rows(t: &TableGrid) -> Vec<Vec<String>> {
    (0..t.n_rows())
        .map(|r| {
            t.cells
                .iter()
                .filter(|c| c.row == r)
                .map(|c| c.text())
                .collect()
        })
        .collect()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn suginami_card_table_shape() {
    let Some(dir) = fixtures() else { return };
    let layout = layout_of(&dir, "seed001.pdf");
    let page = layout.pages.iter().find(|p| p.number == 3).expect("page 3");
    let t = &page.tables[0];
    let r = rows(t);
    assert_eq!(
        r[0],
        strs(&["行政手続のオンライン化の推進", "主管課", "情報政策課"])
    );
    assert_eq!(r[1], strs(&["関係課", "-"]));
    assert_eq!(
        r[3],
        strs(&["年度", "4(2022)年度", "5(2023)年度", "6(2024)年度"])
    );
    assert_eq!(r[4][0], "取組内容");
    assert_eq!(r[4].len(), 4);
    let title = &t.cells[0];
    assert_eq!((title.rowspan, title.colspan), (2, 3));
    assert!(
        page.text.contains("オンライン申請サービスの活用\n推進\n"),
        "{}",
        page.text
    );
    assert!(page
        .furniture
        .iter()
        .any(|l| l.text.contains("杉並区デジタル化推進計画")));
}

#[test]
fn kokubunji_kpi_table_shape() {
    let Some(dir) = fixtures() else { return };
    let layout = layout_of(&dir, "seed004.pdf");
    let page = layout.pages.iter().find(|p| p.number == 5).expect("page 5");
    let t = &page.tables[0];
    assert_eq!((t.n_rows(), t.n_cols()), (4, 3));
    let r = rows(t);
    assert_eq!(
        r[0],
        strs(&[
            "活動指標",
            "行政手続においてオンライン化を実現したサービスの件数",
            "51件"
        ])
    );
    assert_eq!(r[2][0], "成果指標");
    assert_eq!(t.cells[0].rowspan, 2);
    // the (１－エ) table continues on the next page without a repeated header
    let next = layout.pages.iter().find(|p| p.number == 6).expect("page 6");
    assert!(next.tables[0].continues_previous);
    let joined = keikaku_layout::joined_tables(&layout);
    let j = joined
        .iter()
        .find(|j| j.pages == vec![5, 6])
        .expect("joined (１－エ)");
    assert_eq!(
        rows(&j.grid)[0],
        strs(&["活動指標", "講習会の開催件数", "８件"])
    );
    assert!(j.grid.n_rows() >= 4);
}

#[test]
fn committee_table_continues_over_page_break() {
    let Some(dir) = fixtures() else { return };
    let layout = layout_of(&dir, "seed002.pdf");
    let joined = keikaku_layout::joined_tables(&layout);
    let j = joined
        .iter()
        .find(|j| j.pages == vec![3, 4])
        .expect("joined table");
    assert_eq!(
        rows(&j.grid)[0],
        strs(&["実施年度", "区の主な取組", "内容"])
    );
    assert_eq!(j.grid.n_rows(), 14);
    assert_eq!(j.grid.n_cols(), 4);
}

#[test]
fn three_producers_give_the_same_tables() {
    let Some(dir) = fixtures() else { return };
    for name in ["seed003.pdf", "seed003.B.pdf", "seed003.C.pdf"] {
        let layout = layout_of(&dir, name);
        let joined = keikaku_layout::joined_tables(&layout);
        assert_eq!(joined.len(), 8, "{name}");
        for j in &joined {
            let r = rows(&j.grid);
            assert_eq!(j.grid.n_cols(), 2, "{name}");
            assert_eq!(
                (r[0][0].as_str(), r[1][0].as_str()),
                ("内容", "目標"),
                "{name}"
            );
        }
    }
}
