//! The section-form reader (総合計画 施策 pages) on small PDFs written in code.

use keikaku_model::{Document, Indicator, IndicatorValue, InitiativeForm};
use keikaku_testkit::{document, PdfWriter};

const BODY: f32 = 10.5;

/// A 施策 page with 【】 labels, two columns of bullets, a KPI text box, a chart and notes.
fn bracket_page(w: &mut PdfWriter) {
    w.text(50.0, 40.0, 18.0, "第２章 にぎわいのあるまち");
    w.text(50.0, 80.0, 14.0, "１－１ 観光の振興");
    w.text(50.0, 110.0, BODY, "【目標とする姿】");
    w.text(
        60.0,
        128.0,
        BODY,
        "多くの観光客が訪れ、地域の魅力が広く発信されているまち。",
    );
    w.text(50.0, 156.0, BODY, "【現状と課題】");
    w.text(
        60.0,
        174.0,
        BODY,
        "○観光入込客数は増加傾向にありますが、滞在時間が短い状況です。",
    );
    w.text(
        60.0,
        192.0,
        BODY,
        "○観光資源の磨き上げと情報発信の強化が求められています。",
    );
    w.text(50.0, 220.0, BODY, "【主な取組】");
    // two columns of bullets; the left column's second item wraps
    w.text(60.0, 238.0, BODY, "• 観光資源の磨き上げ");
    w.text(310.0, 238.0, BODY, "• 観光案内所の機能強化");
    w.text(60.0, 256.0, BODY, "• 広域連携による周遊観光の");
    w.text(310.0, 256.0, BODY, "• 観光人材の育成");
    w.text(72.0, 274.0, BODY, "推進");
    w.text(50.0, 310.0, BODY, "【目標指標】");
    w.frame(55.0, 326.0, 300.0, 386.0);
    w.text(62.0, 332.0, BODY, "観光入込客数");
    w.text(62.0, 350.0, BODY, "2019年：6,296千人");
    w.text(170.0, 350.0, BODY, "→");
    w.text(190.0, 350.0, BODY, "2025年：6,600千人");
    // a bar chart beside the box: bars, axis numbers and year labels
    for (i, h) in [40.0f32, 55.0, 62.0].iter().enumerate() {
        let x = 360.0 + 50.0 * i as f32;
        w.fill(x, 400.0 - h, x + 30.0, 400.0, [0.3, 0.5, 0.8]);
        w.text(x + 2.0, 404.0, 8.0, &format!("{}", 2017 + i));
    }
    w.text(330.0, 334.0, 8.0, "8,000");
    w.text(330.0, 366.0, 8.0, "4,000");
    w.text(340.0, 396.0, 8.0, "0");
    w.text(50.0, 430.0, BODY, "【主な関連計画】");
    w.text(60.0, 448.0, BODY, "・観光振興計画");
    w.text(60.0, 466.0, BODY, "・地域公共交通計画");
    w.text(50.0, 494.0, BODY, "【担当課】");
    w.text(60.0, 512.0, BODY, "観光課、商工課");
    w.text(
        50.0,
        540.0,
        BODY,
        "※１ 観光入込客数は観光庁の基準による推計値です。",
    );
}

/// A 施策 page whose labels are printed in filled boxes instead of brackets, with a data
/// table (not a KPI table), a KPI table and a `担当課：` line.
fn boxed_page(w: &mut PdfWriter) {
    w.text(50.0, 60.0, 14.0, "施策１－２ 商工業の振興");
    let labels = [
        (90.0, "目指す姿"),
        (140.0, "現状と課題"),
        (250.0, "主な取組"),
        (320.0, "成果指標"),
    ];
    for (y, label) in labels {
        w.fill(50.0, y, 140.0, y + 16.0, [0.85, 0.85, 0.85]);
        w.text(54.0, y + 2.5, BODY, label);
    }
    w.text(
        60.0,
        112.0,
        BODY,
        "地域の事業者が元気に活動し、雇用が生まれているまち。",
    );
    w.text(60.0, 162.0, BODY, "○事業所数は減少が続いています。");
    let (cols, rows) = ([60.0, 200.0, 340.0], [182.0, 202.0, 222.0]);
    w.grid(&cols, &rows);
    for (r, cells) in [["年度", "事業所数"], ["令和元年度", "1,234"]]
        .iter()
        .enumerate()
    {
        for (c, t) in cells.iter().enumerate() {
            w.text(cols[c] + 4.0, rows[r] + 5.0, 9.0, t);
        }
    }
    w.text(60.0, 272.0, BODY, "・創業支援の充実");
    w.text(60.0, 290.0, BODY, "・中小企業の経営基盤の強化");
    let cols = [60.0, 250.0, 380.0, 510.0];
    let rows = [342.0, 370.0, 390.0];
    w.grid(&cols, &rows);
    for (c, t) in ["指標名", "現状値（令和元年度）", "目標値（令和7年度）"]
        .iter()
        .enumerate()
    {
        w.text(cols[c] + 4.0, rows[0] + 8.0, 9.0, t);
    }
    for (c, t) in ["創業件数", "12件", "20件"].iter().enumerate() {
        w.text(cols[c] + 4.0, rows[1] + 5.0, 9.0, t);
    }
    w.text(50.0, 410.0, BODY, "担当課：商工観光課");
    w.text(
        50.0,
        440.0,
        BODY,
        "※ 創業件数は、市の創業支援事業を利用して創業した件数で",
    );
    w.text(50.0, 455.0, BODY, "す。");
}

/// Prose with numbered headings and no labels (a 施政方針 speech).
fn prose_page(w: &mut PdfWriter) {
    w.text(50.0, 60.0, 14.0, "１ 市政運営の基本方針");
    w.text(
        60.0,
        90.0,
        BODY,
        "令和７年度は、第５次総合計画の最終年度として、主な取組を着実に進めます。",
    );
    w.text(
        60.0,
        108.0,
        BODY,
        "目標とする姿の実現に向け、市民の皆様とともに歩んでまいります。",
    );
    w.text(50.0, 140.0, 14.0, "２ 主要施策");
    w.text(50.0, 155.0, BODY, "【子育て・教育】");
    w.text(
        60.0,
        170.0,
        BODY,
        "（１）子育て支援では、保育所の定員を拡大します。",
    );
    w.text(60.0, 188.0, BODY, "・放課後児童クラブの拡充");
    w.text(
        60.0,
        206.0,
        BODY,
        "（２）観光の振興では、観光入込客数の増加を目指します。",
    );
}

fn value(v: &Option<IndicatorValue>) -> Option<(Option<i32>, Option<&str>, &str)> {
    v.as_ref()
        .map(|v| (v.year, v.year_kind.as_deref(), v.value.as_str()))
}

fn section_initiatives(doc: &Document) -> Vec<&keikaku_model::Initiative> {
    doc.initiatives
        .iter()
        .filter(|i| i.form == InitiativeForm::Section)
        .collect()
}

#[test]
fn bracket_labels_give_one_initiative() {
    let mut w = PdfWriter::a4();
    w.text(100.0, 300.0, 24.0, "第５次みらい市総合計画");
    w.page();
    bracket_page(&mut w);
    let doc = document(&w.finish());
    let found = section_initiatives(&doc);
    assert_eq!(found.len(), 1, "{:#?}", doc.initiatives);
    let ini = found[0];
    assert_eq!(ini.number.as_deref(), Some("１－１"));
    assert_eq!(ini.title, "観光の振興");
    assert_eq!(
        ini.summary.as_deref(),
        Some("多くの観光客が訪れ、地域の魅力が広く発信されているまち。")
    );
    assert_eq!(
        ini.actions,
        [
            "観光資源の磨き上げ",
            "広域連携による周遊観光の推進",
            "観光案内所の機能強化",
            "観光人材の育成"
        ]
    );
    assert_eq!(ini.kpi.len(), 1, "{:#?}", ini.kpi);
    let k: &Indicator = &ini.kpi[0];
    assert_eq!(k.name, "観光入込客数");
    assert_eq!(
        value(&k.baseline),
        Some((Some(2019), Some("calendar"), "6,296千人"))
    );
    assert_eq!(
        value(&k.target),
        Some((Some(2025), Some("calendar"), "6,600千人"))
    );
    assert_eq!(ini.related_plans, ["観光振興計画", "地域公共交通計画"]);
    assert_eq!(ini.lead_departments, ["観光課", "商工課"]);
    assert_eq!(ini.footnotes.len(), 1);
    assert_eq!(ini.footnotes[0].marker, "※１");
    let keys: Vec<&str> = ini.fields.keys().map(String::as_str).collect();
    for label in [
        "目標とする姿",
        "現状と課題",
        "主な取組",
        "目標指標",
        "主な関連計画",
    ] {
        assert!(keys.contains(&label), "{label} missing from {keys:?}");
    }
    assert!(ini.fields["現状と課題"].contains("滞在時間が短い"));
    // the chart's axis numbers and year labels are no content
    let all: String = ini.fields.values().cloned().collect::<Vec<_>>().concat();
    for chart_text in ["8,000", "4,000", "2017", "2018"] {
        assert!(!all.contains(chart_text), "{chart_text} in {all}");
        assert!(!ini.actions.iter().any(|a| a.contains(chart_text)));
    }
    assert_eq!(ini.section_path, ["第２章 にぎわいのあるまち"]);
    // the 施策's own section refers to it
    let own = doc
        .sections
        .iter()
        .find(|s| s.heading.contains("観光の振興"))
        .map(|s| s.blocks.clone());
    let refs: Option<Vec<String>> = own.map(|bs| {
        bs.iter()
            .map(|b| match b {
                keikaku_model::SectionBlock::InitiativeRef { initiative_ref, .. } => {
                    initiative_ref.clone()
                }
                other => format!("{other:?}"),
            })
            .collect()
    });
    assert_eq!(refs, Some(vec![ini.id.clone()]));
}

#[test]
fn boxed_labels_and_kpi_table() {
    let mut w = PdfWriter::a4();
    boxed_page(&mut w);
    let doc = document(&w.finish());
    let found = section_initiatives(&doc);
    assert_eq!(found.len(), 1, "{:#?}", doc.initiatives);
    let ini = found[0];
    assert_eq!(ini.number.as_deref(), Some("施策１－２"));
    assert_eq!(ini.title, "商工業の振興");
    assert_eq!(
        ini.summary.as_deref(),
        Some("地域の事業者が元気に活動し、雇用が生まれているまち。")
    );
    assert_eq!(ini.actions, ["創業支援の充実", "中小企業の経営基盤の強化"]);
    assert_eq!(ini.kpi.len(), 1, "{:#?}", ini.kpi);
    assert_eq!(ini.kpi[0].name, "創業件数");
    assert_eq!(ini.kpi[0].kind.as_deref(), Some("outcome"));
    assert_eq!(
        value(&ini.kpi[0].baseline),
        Some((Some(2019), Some("fiscal"), "12件"))
    );
    assert_eq!(
        value(&ini.kpi[0].target),
        Some((Some(2025), Some("fiscal"), "20件"))
    );
    assert_eq!(ini.lead_departments, ["商工観光課"]);
    assert_eq!(ini.footnotes.len(), 1, "{:#?}", ini.footnotes);
    assert_eq!(
        ini.footnotes[0].text,
        "創業件数は、市の創業支援事業を利用して創業した件数です。"
    );
    assert!(ini.fields["現状と課題"].contains("事業所数は減少"));
    // the KPI table belongs to the initiative; the data table stays in tables[]
    assert_eq!(doc.tables.len(), 1, "{:#?}", doc.tables);
    assert_eq!(doc.tables[0].rows[0], ["年度", "事業所数"]);
}

#[test]
fn two_pages_two_initiatives_and_no_repeated_text() {
    let mut w = PdfWriter::a4();
    bracket_page(&mut w);
    w.page();
    boxed_page(&mut w);
    let doc = document(&w.finish());
    let found = section_initiatives(&doc);
    let numbers: Vec<_> = found.iter().map(|i| i.number.as_deref()).collect();
    assert_eq!(numbers, [Some("１－１"), Some("施策１－２")]);
    assert_eq!(found[0].pages, [1]);
    assert_eq!(found[1].pages, [2]);
    // section blocks refer to the initiatives instead of repeating their text
    let blocks = serde_json::to_string(&(&doc.sections, &doc.preamble)).unwrap_or_default();
    assert!(!blocks.contains("観光資源の磨き上げ"), "{blocks}");
    assert!(blocks.contains("initiative_ref"), "{blocks}");
}

#[test]
fn prose_with_numbered_headings_gives_none() {
    let mut w = PdfWriter::a4();
    prose_page(&mut w);
    let doc = document(&w.finish());
    assert!(doc.initiatives.is_empty(), "{:#?}", doc.initiatives);
}

#[test]
fn number_box_beside_its_title() {
    let mut w = PdfWriter::a4();
    w.fill(50.0, 56.0, 100.0, 78.0, [0.2, 0.4, 0.7]);
    w.text(56.0, 60.0, 14.0, "１－３");
    w.text(110.0, 60.0, 14.0, "農林業の振興");
    w.text(50.0, 100.0, BODY, "【目標とする姿】");
    w.text(
        60.0,
        118.0,
        BODY,
        "農地と森林が守られ、担い手が育っているまち。",
    );
    w.text(50.0, 146.0, BODY, "【主な取組】");
    w.text(60.0, 164.0, BODY, "・新規就農者の確保");
    w.text(60.0, 182.0, BODY, "・森林整備の推進");
    let doc = document(&w.finish());
    let found = section_initiatives(&doc);
    assert_eq!(found.len(), 1, "{:#?}", doc.initiatives);
    assert_eq!(found[0].number.as_deref(), Some("１－３"));
    assert_eq!(found[0].title, "農林業の振興");
    assert_eq!(found[0].actions, ["新規就農者の確保", "森林整備の推進"]);
    assert_eq!(
        found[0].summary.as_deref(),
        Some("農地と森林が守られ、担い手が育っているまち。")
    );
}

#[test]
fn numbered_actions_under_a_boxed_phrase_label() {
    let mut w = PdfWriter::a4();
    w.text(50.0, 60.0, 14.0, "（３）子育て支援の充実");
    for (y, label) in [(90.0, "現状と課題"), (150.0, "施策の方向性と主な取組")] {
        w.fill(50.0, y, 200.0, y + 16.0, [0.85, 0.85, 0.85]);
        w.text(54.0, y + 2.5, BODY, label);
    }
    w.text(
        60.0,
        112.0,
        BODY,
        "共働き世帯の増加により保育需要が高まっています。",
    );
    w.text(60.0, 172.0, BODY, "①保育の受け皿の拡大");
    w.text(
        72.0,
        190.0,
        BODY,
        "保育所の定員を拡大し、待機児童の解消を図ります。",
    );
    w.text(60.0, 214.0, BODY, "②子育て相談体制の充実");
    w.text(72.0, 232.0, BODY, "身近な場所で相談できる体制を整えます。");
    let doc = document(&w.finish());
    let found = section_initiatives(&doc);
    assert_eq!(found.len(), 1, "{:#?}", doc.initiatives);
    let ini = found[0];
    assert_eq!(ini.number.as_deref(), Some("（３）"));
    assert_eq!(ini.title, "子育て支援の充実");
    assert_eq!(
        ini.actions,
        ["①保育の受け皿の拡大", "②子育て相談体制の充実"]
    );
    let f = &ini.fields["施策の方向性と主な取組"];
    assert!(f.contains("待機児童の解消"), "{f}");
    assert_eq!(
        ini.summary.as_deref(),
        Some("共働き世帯の増加により保育需要が高まっています。")
    );
}

#[test]
fn a_policy_continued_on_the_next_page() {
    let mut w = PdfWriter::a4();
    w.text(50.0, 60.0, 14.0, "２－１ 道路網の整備");
    w.text(50.0, 90.0, BODY, "【現状と課題】");
    w.text(60.0, 108.0, BODY, "○幹線道路の老朽化が進んでいます。");
    w.text(50.0, 136.0, BODY, "【主な取組】");
    w.text(60.0, 154.0, BODY, "・橋りょうの長寿命化");
    w.page();
    w.text(60.0, 60.0, BODY, "・生活道路の安全対策");
    w.text(50.0, 90.0, BODY, "【目標指標】");
    w.text(60.0, 108.0, BODY, "橋りょう修繕率");
    w.text(60.0, 126.0, BODY, "令和5年度：40％ → 令和11年度：100％");
    w.page();
    w.text(50.0, 60.0, 14.0, "２－２ 公共交通の充実");
    w.text(50.0, 90.0, BODY, "【目標とする姿】");
    w.text(60.0, 108.0, BODY, "誰もが移動しやすいまち。");
    w.text(50.0, 136.0, BODY, "【主な取組】");
    w.text(60.0, 154.0, BODY, "・デマンド交通の運行");
    let doc = document(&w.finish());
    let found = section_initiatives(&doc);
    assert_eq!(found.len(), 2, "{:#?}", doc.initiatives);
    assert_eq!(found[0].pages, [1, 2]);
    assert_eq!(
        found[0].actions,
        ["橋りょうの長寿命化", "生活道路の安全対策"]
    );
    assert_eq!(found[0].kpi.len(), 1);
    assert_eq!(
        value(&found[0].kpi[0].target),
        Some((Some(2029), Some("fiscal"), "100％"))
    );
    assert_eq!(found[1].title, "公共交通の充実");
    assert_eq!(found[1].actions, ["デマンド交通の運行"]);
}

/// Speeches, a 基本構想 bill, a 防災計画, survey reports and budgets of
/// `../shared/corpus/real-plans` have numbered headings but no 施策 pages.
#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn real_prose_documents_give_no_policies() {
    for name in [
        "nankoku_shisei-houshin_r8.pdf",
        "nankoku_sougoukeikaku5-kihonkousou-gian_r7.pdf",
        "nankoku_dx-suishin-houshin_r4.pdf",
        "nobeoka_shisei-houshin-yosan_r8.pdf",
        "otoineppu_chiiki-bousai-keikaku-jishin_2020.pdf",
        "takamatsu_shimin-manzokudo-chousa-houkokusho_r7.pdf",
        "fukui-pref_choukivision-kenmin-enquete_r7.pdf",
    ] {
        let doc = keikaku_testkit::shared_corpus_document("real-plans", name);
        let found = section_initiatives(&doc);
        assert!(
            found.is_empty(),
            "{name}: {:?}",
            found.iter().map(|i| &i.title).collect::<Vec<_>>()
        );
    }
}
