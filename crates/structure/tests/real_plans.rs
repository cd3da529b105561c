//! Document-level reading of municipal documents from bodies the fixtures do not cover
//! (`../shared/corpus/real-plans`, whose README says what a careful reader should get from
//! each). Every test is ignored (`cfg(shared_absent)`) when ../shared is absent.

use keikaku_model::{Document, SectionBlock};

fn doc_of(name: &str) -> Document {
    keikaku_testkit::shared_corpus_document("real-plans", name)
}

fn headings(d: &Document) -> Vec<(u32, String)> {
    d.sections
        .iter()
        .map(|s| (s.level, s.heading.clone()))
        .collect()
}

/// The fiscal year the title names.
fn title_year(d: &Document) -> Option<i32> {
    keikaku_structure::cover::fiscal_year(
        keikaku_structure::Readers::standard(),
        d.title.as_deref(),
    )
}

/// Every block of the preamble and the sections.
fn blocks(d: &Document) -> impl Iterator<Item = &SectionBlock> {
    d.preamble
        .iter()
        .chain(d.sections.iter().flat_map(|s| s.blocks.iter()))
}

/// True for text that is only numbers and marks (`1.1`, `0%`, `.3`, `20 40`).
fn only_numbers(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_ascii_digit() || "．.,%％-―()（）+＋".contains(c))
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn speech_is_titled_by_what_it_says_and_invents_no_headings() {
    let d = doc_of("nankoku_shisei-houshin_r8.pdf");
    // no title line: `以上、施政の方針につきまして申し上げました` and 令和８年度 on page 1
    let title = d.title.clone().unwrap_or_default();
    assert!(title.contains("施政方針"), "{title}");
    assert_eq!(title_year(&d), Some(2026), "{title}");
    assert_eq!(d.municipality.as_deref(), Some("南国市"));
    // other plans' 計画期間 named in the speech are not its period
    assert!(d.plan_period.is_none(), "{:?}", d.plan_period);
    assert!(
        d.sections.iter().all(|s| !s.heading.ends_with('。')),
        "{:?}",
        headings(&d)
    );
    assert!(d.initiatives.is_empty());
    assert!(blocks(&d).any(|b| matches!(b, SectionBlock::Paragraph { text, .. } if text.contains("令和８年度に向けた市政運営"))));
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn cover_year_above_the_title_and_gothic_topic_sentences_as_sections() {
    let d = doc_of("nobeoka_shisei-houshin-yosan_r8.pdf");
    assert_eq!(d.title.as_deref(), Some("令和８年度 施政方針・予算説明"));
    assert_eq!(d.municipality.as_deref(), Some("延岡市"));
    assert!(d.initiatives.is_empty());
    // the 4 政策 (公約の１つ目…) and the 7 施策 (「次世代を育むまち」…) are set in a gothic
    // face among 明朝 text, one sentence each
    let hs = headings(&d);
    let policies = hs.iter().filter(|(_, h)| h.contains("公約の")).count();
    let measures = hs
        .iter()
        .filter(|(_, h)| h.contains("まち」について") || h.contains("市役所」について"))
        .count();
    assert_eq!(policies, 4, "{hs:?}");
    assert!(measures >= 7, "{hs:?}");
    assert!(hs.contains(&(
        2,
        "次に、公約の２つ目である「地域経済の活性化」についてであります。".to_string()
    )));
    // a two-line heading does not leave its second line as a paragraph
    let two = d
        .sections
        .iter()
        .find(|s| s.heading.contains("シニア世代が輝き"))
        .expect("heading of two lines");
    assert!(two.heading.ends_with("についてであります。"));
    assert!(
        !matches!(two.blocks.first(), Some(SectionBlock::Paragraph { text, .. }) if text.starts_with("づくり"))
    );
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn budget_cover_title_and_fiscal_year() {
    let d = doc_of("setagaya_ippan-kaikei-yosansho_r8.pdf");
    // 令和8年度 ⏎ （2026年度） ⏎ 世田谷区予算
    assert_eq!(d.title.as_deref(), Some("令和8年度 世田谷区予算"));
    assert_eq!(title_year(&d), Some(2026));
    assert_eq!(d.municipality.as_deref(), Some("世田谷区"));
    assert_eq!(d.doc_type.as_deref(), Some("budget"));
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn deep_section_tree_of_a_disaster_plan() {
    let d = doc_of("otoineppu_chiiki-bousai-keikaku-jishin_2020.pdf");
    assert_eq!(d.municipality.as_deref(), Some("音威子府村"));
    assert!(d.initiatives.is_empty());
    let hs = headings(&d);
    let at = |level: u32, h: &str| hs.iter().any(|(l, x)| *l == level && x == h);
    assert!(at(1, "第１章 総則"), "{hs:?}");
    assert!(at(2, "第１節 計画策定の目的"), "{hs:?}");
    assert!(at(1, "第２章 災害予防計画"), "{hs:?}");
    assert!(at(2, "第10節 火災予防計画"), "{hs:?}");
    assert!(at(3, "１ 地震による火災の防止"), "{hs:?}");
    // every 節 sits in a 章, every numbered item below a 節
    for s in &d.sections {
        if s.heading.starts_with('第') && s.heading.contains('節') {
            let parent = d.sections.iter().find(|p| Some(&p.id) == s.parent.as_ref());
            assert!(
                parent.is_some_and(|p| p.heading.contains('章')),
                "{}",
                s.heading
            );
        }
    }
    assert!(d.sections.iter().filter(|s| s.level >= 3).count() >= 50);
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn prefectural_survey_is_the_prefectures() {
    let d = doc_of("fukui-pref_choukivision-kenmin-enquete_r7.pdf");
    // the answer table names 17 towns; the title names the body that issues the survey
    assert_eq!(d.municipality.as_deref(), Some("福井県"));
    assert!(d.initiatives.is_empty());
    // 調査期間 is the survey's, not a plan period
    assert!(d.plan_period.is_none());
    // the bar charts' axes (0% 10% … 100%) are figures, not headings or paragraphs
    let hs = headings(&d);
    assert!(hs.iter().all(|(_, h)| !h.starts_with("0点")), "{hs:?}");
    // a chart's small-print row labels (（10）私は、…地域内2.5%) and the last option of an
    // answer list (１．はい ２．いいえ ３．わからない 221) are no headings
    assert!(hs.iter().all(|(_, h)| !h.ends_with('%')), "{hs:?}");
    assert!(hs.iter().all(|(_, h)| !h.contains("わからない")), "{hs:?}");
    assert!(
        blocks(&d).any(|b| matches!(b, SectionBlock::Figure { text, .. } if text.contains("100%")))
    );
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn survey_charts_are_figures_not_text() {
    let d = doc_of("takamatsu_shimin-manzokudo-chousa-houkokusho_r7.pdf");
    assert_eq!(d.municipality.as_deref(), Some("高松市"));
    assert!(d.initiatives.is_empty());
    let hs = headings(&d);
    assert!(hs.iter().all(|(_, h)| !only_numbers(h)), "{hs:?}");
    let numbers: Vec<&str> = blocks(&d)
        .filter_map(|b| match b {
            SectionBlock::Paragraph { text, .. } if only_numbers(text) => Some(text.as_str()),
            _ => None,
        })
        .collect();
    assert!(numbers.len() <= 10, "{numbers:?}");
    let captions: Vec<&str> = blocks(&d)
        .filter_map(|b| match b {
            SectionBlock::Figure { caption, .. } => caption.as_deref(),
            _ => None,
        })
        .collect();
    assert!(captions.contains(&"図表6"), "{captions:?}");
    assert!(captions.len() >= 4, "{captions:?}");
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn bill_of_a_comprehensive_plan() {
    let d = doc_of("nankoku_sougoukeikaku5-kihonkousou-gian_r7.pdf");
    // 議案第２１号 is the bill's number, not its title
    assert_eq!(
        d.title.as_deref(),
        Some("第５次南国市総合計画基本構想の策定について")
    );
    assert_eq!(d.municipality.as_deref(), Some("南国市"));
    assert!(d.initiatives.is_empty());
    let hs = headings(&d);
    assert!(
        hs.contains(&(1, "第１章 南国市の将来像".to_string())),
        "{hs:?}"
    );
    assert!(hs.contains(&(1, "第２章 施策の大綱".to_string())), "{hs:?}");
    // 一太郎's letter-spaced runs (８ 年 度) are read as words
    for b in blocks(&d) {
        if let SectionBlock::Paragraph { text, .. } = b {
            assert!(!text.contains("年 度"), "{text}");
        }
    }
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn dx_policy_slides() {
    let d = doc_of("nankoku_dx-suishin-houshin_r4.pdf");
    assert_eq!(d.municipality.as_deref(), Some("南国市"));
    assert!(d
        .title
        .as_deref()
        .is_some_and(|t| t.starts_with("南国市ＤＸ推進方針")));
    assert!(d.initiatives.is_empty());
    // Wingdings bullets (U+F077) open list items, not paragraphs
    let first = d.sections.first().and_then(|s| s.blocks.first());
    assert!(
        matches!(first, Some(SectionBlock::List { items, .. }) if items.len() >= 3),
        "{first:?}"
    );
    assert!(blocks(&d).all(|b| match b {
        SectionBlock::Paragraph { text, .. } => !text.starts_with('\u{F077}'),
        _ => true,
    }));
}
