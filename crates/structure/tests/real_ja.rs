//! Titles, plan periods and section trees of real Japanese government PDFs
//! (`../shared/corpus/real-ja`). Every test is ignored (`cfg(shared_absent)`) when ../shared is
//! absent.

use keikaku_model::{Document, Layout};

fn layout_of(name: &str) -> Layout {
    keikaku_testkit::layout(&keikaku_testkit::shared_corpus_pdf("real-ja", name))
}

fn doc_of(name: &str) -> Document {
    keikaku_testkit::shared_corpus_document("real-ja", name)
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
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
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
        let d = doc_of(name);
        assert_eq!(period(&d), Some(want), "{name}");
    }
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn chapter_banner_title_and_no_side_tab_sections() {
    let d = doc_of("mlit_hakusho_r07_ch1.pdf");
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
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn body_size_chapter_and_section_headings_nest() {
    let d = doc_of("otoineppu_koudoukeikaku.pdf");
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
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn no_heading_or_title_from_undecodable_text_or_remarks() {
    let d = doc_of("kanpo_20260219_c000320001.pdf");
    assert!(d.sections.is_empty(), "{:?}", headings(&d));
    assert_eq!(d.title, None);
    let d = doc_of("kodaira_rinjikai_R2-05_scan_ocr.pdf");
    assert_eq!(d.title.as_deref(), Some("議事日程（第1号）"));
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn prefecture_only_when_no_municipality_is_named() {
    let d = doc_of("saitama_senkan_youkou.pdf");
    assert_eq!(d.municipality.as_deref(), Some("埼玉県"));
    // a village plan names 北海道 too, but the village is the author
    let d = doc_of("otoineppu_sogosenryaku.pdf");
    assert_eq!(d.municipality.as_deref(), Some("音威子府村"));
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn double_spaced_judgment_keeps_sentences_whole() {
    let layout = layout_of("courts_hanrei_87071.pdf");
    // lines 1.1 em apart: the date that wraps over two lines is one paragraph
    let text = &layout.pages[0].text;
    assert!(
        text.contains("これに対する平成２７年５月１８日から支払済みまで"),
        "{text}"
    );
}
