//! Titles, plan periods and section trees of real Japanese government PDFs
//! (`../shared/corpus/real-ja`). Every test skips (passes with a note) when ../shared is
//! absent.

use keikaku_model::{Document, Layout};
use std::path::PathBuf;

fn layout_of(name: &str) -> Option<Layout> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/real-ja");
    if !root.is_dir() {
        eprintln!("skipping: ../shared is absent");
        return None;
    }
    let bytes = std::fs::read(root.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .value;
    Some(keikaku_testkit::analyze(&pages))
}

fn doc_of(name: &str) -> Option<Document> {
    let layout = layout_of(name)?;
    Some(keikaku_structure::build(&layout, &keikaku_structure::Profiles::builtin()).value)
}

fn period(d: &Document) -> Option<(i32, i32)> {
    let p = d.plan_period.as_ref()?;
    Some((p.from_fiscal_year?, p.to_fiscal_year?))
}

fn headings(d: &Document) -> Vec<(u32, String)> {
    d.sections
        .iter()
        .map(|s| (s.level, s.heading.clone()))
        .collect()
}

#[test]
fn plan_period_after_a_heading_a_label_or_in_a_sentence() {
    let cases = [
        // ３ 計画期間 ⏎ 平成２７年度から平成３６年度までの１０年間
        ("otoineppu_koudoukeikaku.pdf", (2015, 2024)),
        // 計 画 期 間 ： 平成29年度 ～ 平成38年度, in a form's cell on the cover
        ("otoineppu_kansui_keieis.pdf", (2017, 2026)),
        // 総合戦略の対象期間は、…2015年度から2019年度までとします (page 5)
        ("otoineppu_sogosenryaku.pdf", (2015, 2019)),
    ];
    for (name, want) in cases {
        let Some(d) = doc_of(name) else { return };
        assert_eq!(period(&d), Some(want), "{name}");
    }
}

#[test]
fn chapter_banner_title_and_no_side_tab_sections() {
    let Some(d) = doc_of("mlit_hakusho_r07_ch1.pdf") else {
        return;
    };
    assert_eq!(
        d.title.as_deref(),
        Some("第1章 国土交通分野における担い手不足等によるサービスの供給制約の現状と課題")
    );
    // the chapter tab Ⅰ in the outer margin of every page is furniture, not a section
    let hs = headings(&d);
    assert!(hs.iter().all(|(_, h)| h != "Ⅰ"), "{hs:?}");
    assert!(
        hs.iter().any(|(_, h)| h == "（１） 長時間労働の是正等"),
        "{hs:?}"
    );
    assert!(
        hs.iter().any(|(_, h)| h == "① 建設業の「2024年問題」"),
        "{hs:?}"
    );
}

#[test]
fn body_size_chapter_and_section_headings_nest() {
    let Some(d) = doc_of("otoineppu_koudoukeikaku.pdf") else {
        return;
    };
    let hs = headings(&d);
    let want = [
        (1, "第１章 総論"),
        (2, "１ はじめに"),
        (2, "２ 目的"),
        (2, "３ 計画期間"),
        (1, "第２章 具体的な内容"),
    ];
    for (level, h) in want {
        assert!(
            hs.iter().any(|(l, x)| *l == level && x == h),
            "({level}, {h}) missing from {hs:?}"
        );
    }
}

#[test]
fn no_heading_or_title_from_undecodable_text_or_remarks() {
    let Some(d) = doc_of("kanpo_20260219_c000320001.pdf") else {
        return;
    };
    assert!(d.sections.is_empty(), "{:?}", headings(&d));
    assert_eq!(d.title, None);
    let Some(d) = doc_of("kodaira_rinjikai_R2-05_scan_ocr.pdf") else {
        return;
    };
    assert_eq!(d.title.as_deref(), Some("議事日程（第1号）"));
}

#[test]
fn prefecture_only_when_no_municipality_is_named() {
    let Some(d) = doc_of("saitama_senkan_youkou.pdf") else {
        return;
    };
    assert_eq!(d.municipality.as_deref(), Some("埼玉県"));
    // a village plan names 北海道 too, but the village is the author
    let Some(d) = doc_of("otoineppu_sogosenryaku.pdf") else {
        return;
    };
    assert_eq!(d.municipality.as_deref(), Some("音威子府村"));
}

#[test]
fn double_spaced_judgment_keeps_sentences_whole() {
    let Some(layout) = layout_of("courts_hanrei_87071.pdf") else {
        return;
    };
    // lines 1.1 em apart: the date that wraps over two lines is one paragraph
    let text = &layout.pages[0].text;
    assert!(
        text.contains("これに対する平成２７年５月１８日から支払済みまで"),
        "{text}"
    );
}
