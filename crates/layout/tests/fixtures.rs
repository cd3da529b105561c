//! Layout of the shared fixtures: the scorer's `text` measure (every gold sentence must
//! appear in the concatenated page text) and a few pinned table shapes.
//! Reads the repository's `fixtures/` (the same files as `../shared/fixtures`); the village
//! plans of `../shared/corpus/real-ja` are ignored when `../shared` is absent
//! (`cfg(shared_absent)`, set by the build script).

use keikaku_model::{Layout, TableGrid};
use serde_json::Value;
use std::path::PathBuf;
use unicode_normalization::UnicodeNormalization;

/// The repository's own fixtures.
fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
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
    let page_text = norm(
        &layout
            .pages
            .iter()
            .map(|p| p.text.as_str())
            .collect::<String>(),
    );
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
    let dir = fixtures();
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

/// The same document re-rendered by poppler's cairo backend (CID TrueType fonts mixed with
/// WinAnsi subsets, glyphs emitted font by font, fake-bold headings stroked as outline
/// paths) must read as well as the original. Skips without pdftocairo or the fixtures.
#[test]
fn cairo_rerender_reads_like_the_original() {
    let tool = std::path::Path::new("/usr/bin/pdftocairo");
    if !tool.exists() {
        eprintln!("skipped: {} is not installed", tool.display());
        return;
    }
    let dir = fixtures();
    let tmp = std::env::temp_dir().join(format!("keikaku-layout-cairo-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).expect("temp dir");
    let out = tmp.join("seed003.cairo.pdf");
    let status = std::process::Command::new(tool)
        .arg("-pdf")
        .arg(dir.join("seed003.pdf"))
        .arg(&out)
        .status()
        .expect("run pdftocairo");
    assert!(status.success(), "pdftocairo failed");
    let gold: Value =
        serde_json::from_slice(&std::fs::read(dir.join("seed003.gold.json")).expect("gold"))
            .expect("json");
    let layout = layout_of(&tmp, "seed003.cairo.pdf");
    let _ = std::fs::remove_dir_all(&tmp);
    let (found, total, missing) = text_score(&gold, &layout);
    let score = found as f64 / total.max(1) as f64;
    eprintln!("seed003.cairo.pdf: text {found}/{total} = {score:.3}; missing {missing:?}");
    assert!(score >= 0.99, "cairo text {score:.3}, missing {missing:?}");
}

fn rows(t: &TableGrid) -> Vec<Vec<String>> {
    (0..t.n_rows())
        .map(|r| {
            t.cells
                .iter()
                .filter(|c| c.row == r)
                .map(|c| c.lines_text())
                .collect()
        })
        .collect()
}

fn strs(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| s.to_string()).collect()
}

#[test]
fn suginami_card_table_shape() {
    let dir = fixtures();
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
    let dir = fixtures();
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
    let dir = fixtures();
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
    let dir = fixtures();
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

/// The layout of a plan in `../shared/corpus/real-ja` (tests using it are ignored when
/// `../shared` is absent).
fn corpus(name: &str) -> Layout {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus/real-ja")
        .join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .expect("extract")
        .value;
    keikaku_layout::analyze(&pages).value
}

/// Cell texts with line breaks removed.
fn flat_rows(t: &TableGrid) -> Vec<Vec<String>> {
    rows(t)
        .into_iter()
        .map(|r| r.into_iter().map(|c| c.replace('\n', "")).collect())
        .collect()
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn village_kpi_tables() {
    let layout = corpus("otoineppu_sogosenryaku.pdf");
    let page = layout
        .pages
        .iter()
        .find(|p| p.number == 12)
        .expect("page 12");
    let t = &page.tables[0];
    assert_eq!((t.n_rows(), t.n_cols()), (3, 3));
    let r = flat_rows(t);
    assert_eq!(
        r[0],
        strs(&[
            "重要業績評価指標（ＫＰＩ）",
            "現状値（2014年度）",
            "目標値（2019年度）"
        ])
    );
    assert_eq!(
        r[1],
        strs(&["バイオガスプラント事業関連就業者数", "－", "５年間で１人"])
    );
    // fake-bold overprinting is gone from the page text
    assert!(!layout.pages.iter().any(|p| p.text.contains("卒卒業業")));
    assert!(layout.pages.iter().any(|p| p.is_contents));
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn village_yearly_tables() {
    let layout = corpus("otoineppu_koudoukeikaku.pdf");
    let page = layout.pages.iter().find(|p| p.number == 6).expect("page 6");
    let r = flat_rows(&page.tables[0]);
    assert_eq!(
        r[0],
        strs(&["", "23年度", "24年度", "25年度", "26年度", "27年度"])
    );
    assert_eq!(r[1], strs(&["採用人数", "５", "１", "３", "２", "３"]));
    let layout = corpus("otoineppu_kansui_keieis.pdf");
    let page = layout.pages.iter().find(|p| p.number == 5).expect("page 5");
    let t = &page.tables[0];
    assert_eq!(t.n_cols(), 17);
    let r = flat_rows(t);
    assert_eq!(
        &r[0][3..],
        &strs(&[
            "本年度",
            "30年度",
            "31年度",
            "32年度",
            "33年度",
            "34年度",
            "35年度",
            "36年度",
            "37年度",
            "38年度"
        ])[..]
    );
}

/// Redraws every stroked rule the way a browser might: as thin filled rectangles, cut into
/// pieces with small gaps and sub-point jitter.
fn as_browser_rules(page: &keikaku_model::Page) -> keikaku_model::Page {
    use keikaku_model::{Ruling, RulingSource};
    let mut p = page.clone();
    p.rulings.clear();
    for (k, r) in page.rulings.iter().enumerate() {
        let jitter = [0.0, 0.5, -0.6, 0.3][k % 4];
        let (len, horizontal) = if r.is_horizontal() {
            (r.x1 - r.x0, true)
        } else {
            (r.y1 - r.y0, false)
        };
        let cuts = [0.0, 0.37, 0.71, 1.0];
        for w in cuts.windows(2) {
            let (a, b) = (w[0] * len + 0.25, w[1] * len - 0.25);
            let piece = if horizontal {
                let y = r.y0 + jitter;
                Ruling {
                    x0: r.x0 + a,
                    y0: y - 0.375,
                    x1: r.x0 + b,
                    y1: y + 0.375,
                    width: 0.75,
                    source: RulingSource::Fill,
                }
            } else {
                let x = r.x0 + jitter;
                Ruling {
                    x0: x - 0.375,
                    y0: r.y0 + a,
                    x1: x + 0.375,
                    y1: r.y0 + b,
                    width: 0.75,
                    source: RulingSource::Fill,
                }
            };
            p.rulings.push(piece);
        }
    }
    p
}

#[test]
fn browser_style_rules_give_the_same_tables() {
    let dir = fixtures();
    for name in ["seed001.pdf", "seed004.pdf"] {
        let bytes = std::fs::read(dir.join(name)).expect("read fixture");
        let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
            .expect("extract")
            .value;
        let a = keikaku_layout::analyze(&pages).value;
        let redrawn: Vec<_> = pages.iter().map(as_browser_rules).collect();
        let b = keikaku_layout::analyze(&redrawn).value;
        for (pa, pb) in a.pages.iter().zip(&b.pages) {
            let ta: Vec<_> = pa.tables.iter().map(rows).collect();
            let tb: Vec<_> = pb.tables.iter().map(rows).collect();
            assert_eq!(ta, tb, "{name} page {}", pa.number);
            assert_eq!(pa.text, pb.text, "{name} page {}", pa.number);
        }
    }
}

/// A joined table as text rows, a merged cell repeating its text in every position it covers.
fn expanded(t: &TableGrid) -> Vec<Vec<String>> {
    let mut out = vec![vec![String::new(); t.n_cols()]; t.n_rows()];
    for c in &t.cells {
        let text = norm(&keikaku_layout::join_lines(&c.lines));
        for row in out.iter_mut().skip(c.row).take(c.rowspan) {
            for cell in row.iter_mut().skip(c.col).take(c.colspan) {
                cell.clone_from(&text);
            }
        }
    }
    out
}

/// score.py's `best_table_score` with exact (normalised) cell equality instead of ≥ 0.9
/// similarity: a lower bound of what the structure stage can reach from layout's tables.
fn best_table_score(gold: &Value, outs: &[Vec<Vec<String>>]) -> f64 {
    let grows: Vec<Vec<String>> = gold["rows"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .map(|c| c.iter().map(|v| norm(v.as_str().unwrap_or(""))).collect())
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default();
    let cells: Vec<(usize, usize, &String)> = grows
        .iter()
        .enumerate()
        .flat_map(|(r, row)| row.iter().enumerate().map(move |(c, v)| (r, c, v)))
        .collect();
    let mut best: f64 = 0.0;
    for o in outs {
        for shift in 0..o.len().saturating_sub(grows.len()).max(1) {
            let hit = cells
                .iter()
                .filter(|(r, c, v)| o.get(r + shift).and_then(|row| row.get(*c)) == Some(v))
                .count();
            best = best.max(hit as f64 / cells.len().max(1) as f64);
        }
    }
    best
}

#[test]
fn gold_tables_are_found_as_grids() {
    let dir = fixtures();
    for (name, min) in [
        ("seed000.pdf", 0.99),
        ("seed002.pdf", 0.99),
        ("seed004.pdf", 0.9),
    ] {
        let stem = name.split('.').next().unwrap_or_default();
        let gold: Value = serde_json::from_slice(
            &std::fs::read(dir.join(format!("{stem}.gold.json"))).expect("gold"),
        )
        .expect("json");
        let layout = layout_of(&dir, name);
        let outs: Vec<Vec<Vec<String>>> = keikaku_layout::joined_tables(&layout)
            .iter()
            .map(|j| expanded(&j.grid))
            .collect();
        let tables = gold["tables"].as_array().cloned().unwrap_or_default();
        let scores: Vec<f64> = tables.iter().map(|t| best_table_score(t, &outs)).collect();
        let mean = scores.iter().sum::<f64>() / scores.len().max(1) as f64;
        eprintln!("{name}: table cells found {mean:.3} {scores:.2?}");
        assert!(mean >= min, "{name}: {mean:.3} {scores:?}");
    }
}
