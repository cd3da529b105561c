//! Engineer B: sheets, tables and notes on the shared fixtures and village plans.
//! The fixtures are the repository's own (the same PDFs as `../shared/fixtures`); the village
//! plans of `../shared/corpus/real-ja` are ignored when `../shared` is absent
//! (`cfg(shared_absent)`, set by the build script).

use keikaku_model::{Document, Layout, ScheduleEntry};
use std::path::PathBuf;
use std::sync::OnceLock;

/// `fixtures/…` in the repository, `corpus/…` in `../shared` beside it.
fn path_of(rel: &str) -> PathBuf {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    if rel.starts_with("fixtures/") {
        root.join(rel)
    } else {
        root.join("../shared").join(rel)
    }
}

fn layout_of(rel: &str) -> Layout {
    let bytes = std::fs::read(path_of(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .unwrap_or_else(|e| panic!("{rel}: {e}"))
        .value;
    keikaku_testkit::analyze(&pages)
}

fn doc_of(rel: &str) -> Document {
    let layout = layout_of(rel);
    keikaku_structure::build(
        &layout,
        &keikaku_structure::Profiles::builtin(),
        keikaku_structure::Readers::standard(),
    )
    .value
}

fn seed004() -> &'static Document {
    static D: OnceLock<Document> = OnceLock::new();
    D.get_or_init(|| doc_of("fixtures/seed004.pdf"))
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn span(e: &ScheduleEntry) -> Option<(i32, Option<i32>, &str)> {
    match e {
        ScheduleEntry::Span {
            from_fiscal_year,
            to_fiscal_year,
            label,
            ..
        } => Some((*from_fiscal_year, *to_fiscal_year, label.as_str())),
        ScheduleEntry::Year { .. } => None,
    }
}

#[test]
fn seed004_has_twelve_numbered_sheets() {
    let d = seed004();
    let numbers: Vec<String> = d
        .initiatives
        .iter()
        .filter_map(|i| i.number.clone())
        .collect();
    assert_eq!(numbers.len(), 12, "{numbers:?}");
    assert_eq!(numbers[0], "１-ア");
    assert_eq!(numbers[11], "５");
    let first = &d.initiatives[0];
    assert_eq!(first.title, "行政手続のオンライン化");
    assert!(first
        .summary
        .as_deref()
        .unwrap_or_default()
        .starts_with("行政手続におけるオンライン化と業務改革"));
    // No. ５ has no direction row: no title.
    assert_eq!(d.initiatives[11].title, "");
}

#[test]
fn seed004_fields_and_kpi() {
    let d = seed004();
    let first = &d.initiatives[0];
    let labels: Vec<&str> = first.fields.keys().map(|k| k.as_str()).collect();
    for l in ["効果(目指す姿)", "現状", "課題", "取組内容", "取組プロセス"] {
        assert!(labels.contains(&l), "{labels:?}");
    }
    let kadai = squash(&first.fields["課題"]);
    assert!(kadai.starts_with("・手続を所管している部署は"), "{kadai}");
    assert!(kadai.ends_with("まだ課題が多い状況です。"), "{kadai}");
    assert_eq!(
        keikaku_model::indicator_names(&first.kpi, "activity"),
        [
            "オンライン化を完了した手続の割合",
            "フロントヤードからバックヤードまでの一気通貫したデジタル化を行った手続数"
        ]
    );
    assert_eq!(
        keikaku_model::indicator_names(&first.kpi, "outcome"),
        ["申請手続のうち、オンライン化を完了したものの割合"]
    );
    // 2-ア: both lists are "―".
    let n2a = d
        .initiatives
        .iter()
        .find(|i| i.number.as_deref() == Some("２-ア"))
        .expect("2-ア");
    assert!(n2a.kpi.is_empty());
}

#[test]
fn seed004_schedule_spans_follow_the_bars() {
    let d = seed004();
    let spans: Vec<_> = d.initiatives[0].schedule.iter().filter_map(span).collect();
    assert_eq!(
        spans,
        [
            (2025, Some(2025), "業務分析"),
            (2026, Some(2026), "システム構築"),
            (2027, Some(2029), "稼働・運用"),
            (2026, Some(2029), "各課横展開（分析・システム構築・運用）"),
        ]
    );
    // 1-イ: a two-line label on one bar.
    let s: Vec<_> = d.initiatives[1].schedule.iter().filter_map(span).collect();
    assert!(
        s.contains(&(
            2025,
            Some(2026),
            "窓口でのオンライン申請に係る他市の動向、最新技術の調査・検討"
        )),
        "{s:?}"
    );
    // 1-ウ continues on the next page: its last bars come from there.
    let s: Vec<_> = d.initiatives[2].schedule.iter().filter_map(span).collect();
    assert_eq!(s.len(), 5, "{s:?}");
    assert!(
        s.contains(&(2024, Some(2029), "講習会の継続・改善")),
        "{s:?}"
    );
    assert_eq!(d.initiatives[2].pages, [12, 13]);
}

#[test]
fn seed004_kpi_result_tables() {
    let d = seed004();
    assert_eq!(
        d.tables.len(),
        14,
        "{:?}",
        d.tables.iter().map(|t| &t.caption).collect::<Vec<_>>()
    );
    let t1 = &d.tables[0];
    assert_eq!(
        t1.caption.as_deref(),
        Some("（１－ア）行政手続のオンライン化")
    );
    assert_eq!(t1.rows.len(), 4);
    assert_eq!(t1.rows[1][0], "活動指標");
    assert_eq!(t1.rows[3][2], "2,749件");
    assert_eq!(t1.merges.len(), 2);
    // (１－エ) continues on the next page: 活動指標 covers three rows.
    let t4 = &d.tables[3];
    assert_eq!(t4.pages, [5, 6]);
    assert_eq!(t4.rows.len(), 5);
    assert!(t4
        .merges
        .iter()
        .any(|m| m.row == 0 && m.col == 0 && m.rowspan == 3));
    // the theme table: 16 x 5 with its merged header.
    let t14 = &d.tables[13];
    assert_eq!((t14.rows.len(), t14.rows[0].len()), (16, 5));
    assert_eq!(t14.rows[0][1], "第１次（令和４年度～令和６年度）");
}

#[test]
fn seed004_glossary_has_33_terms() {
    let d = seed004();
    assert_eq!(d.glossary.len(), 33);
    assert_eq!(d.glossary[0].term, "ＡＩ（生成AI）");
    // the entry cut by the page break keeps its last words
    let cut = d
        .glossary
        .iter()
        .find(|g| squash(&g.definition).ends_with("き方のこと。"));
    assert!(cut.is_some());
    assert!(d.tables.iter().all(|t| t
        .rows
        .first()
        .is_none_or(|r| r.first().map(String::as_str) != Some("用語"))));
}

#[test]
fn seed002_tables() {
    let d = doc_of("fixtures/seed002.pdf");
    assert_eq!(d.tables.len(), 3);
    assert_eq!(d.tables[0].rows[1][0], "年間申請数1,000件以上");
    let t2 = &d.tables[1];
    assert_eq!(
        t2.caption.as_deref(),
        Some("●スマートフォン教室等の実施状況")
    );
    assert_eq!(t2.pages, [3, 4]);
    assert_eq!(t2.rows.len(), 14);
    assert_eq!(t2.rows[0][..2], ["実施年度", "実施年度"]);
    assert_eq!(t2.rows[13][2], "東京都の障害者向けスマートフォン体験会");
    let t3 = &d.tables[2];
    assert_eq!((t3.rows.len(), t3.rows[0].len()), (7, 4));
    assert_eq!(t3.rows[2][0], "納税課");
    // loose ※ notes
    assert!(d
        .footnotes
        .iter()
        .any(|f| f.marker == "※２" && f.text.starts_with("令和３年度までに")));
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn village_kpi_tables_are_kpi_of_their_policies() {
    let d = doc_of("corpus/real-ja/otoineppu_sogosenryaku.pdf");
    // the four 基本目標 pages are section-form initiatives holding their KPI tables
    let found: Vec<_> = d
        .initiatives
        .iter()
        .filter(|i| i.form == keikaku_model::InitiativeForm::Section)
        .collect();
    let titles: Vec<&str> = found.iter().map(|i| i.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "村の振興の要となる高校の機能強化",
            "卒業生のための雇用の場の創出",
            "高校を軸とした人の流れの促進",
            "高校生参加による個性的で魅力ある村づくり"
        ]
    );
    let kpi_total: usize = found.iter().map(|i| i.kpi.len()).sum();
    assert!(kpi_total >= 15, "{kpi_total}");
    let k = &found[0].kpi[1];
    assert_eq!(k.name, "中学校訪問実施校数");
    let v = |x: &Option<keikaku_model::IndicatorValue>| {
        x.as_ref()
            .map(|x| (x.year, x.year_kind.clone(), x.value.clone()))
    };
    assert_eq!(
        v(&k.baseline),
        Some((Some(2014), Some("fiscal".into()), "年１１１校".into()))
    );
    assert_eq!(
        v(&k.target),
        Some((Some(2019), Some("fiscal".into()), "年１１１校".into()))
    );
    assert_eq!(found[0].actions.len(), 5);
    // claimed KPI tables are not listed again
    assert!(!d.tables.iter().any(|t| t
        .rows
        .first()
        .is_some_and(|r| r[0].starts_with("重要業績評価指標"))));
    // the period chart: header and body rows drawn apart, one table of 2 x 6
    let chart = d
        .tables
        .iter()
        .find(|t| {
            t.rows
                .first()
                .is_some_and(|r| r.get(1).map(String::as_str) == Some("2015年度"))
        })
        .expect("period chart");
    assert_eq!((chart.rows.len(), chart.rows[0].len()), (2, 6));
    assert_eq!(chart.rows[1][1], "策定");
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn village_target_table_by_year() {
    let d = doc_of("corpus/real-ja/otoineppu_koudoukeikaku.pdf");
    let t = d
        .tables
        .iter()
        .find(|t| {
            t.rows
                .first()
                .is_some_and(|r| r.get(1).map(String::as_str) == Some("23年度"))
        })
        .expect("year table");
    assert_eq!((t.rows.len(), t.rows[0].len()), (3, 6));
    assert_eq!(t.rows[2], ["うち女性", "２", "０", "０", "０", "１"]);
    let staff = d
        .tables
        .iter()
        .find(|t| t.rows.first().is_some_and(|r| r[0] == "職員数"))
        .expect("staff table");
    assert_eq!(staff.rows[0], ["職員数", "職員数", "比率"]);
    assert_eq!(staff.merges.len(), 1);
}

/// Another producer may draw the bars as fills over one undivided schedule cell: the spans
/// then come from the filled rects alone.
#[test]
fn seed004_schedule_from_rects_when_the_grid_does_not_split_the_bars() {
    let mut layout = layout_of("fixtures/seed004.pdf");
    let page = layout
        .pages
        .iter_mut()
        .find(|p| p.number == 10)
        .expect("page 10");
    let grid = page.tables.first_mut().expect("sheet table");
    let label = grid
        .cells
        .iter()
        .find(|c| {
            c.col == 0
                && c.lines
                    .first()
                    .is_some_and(|l| l.text.contains("スケジュール"))
        })
        .cloned()
        .expect("schedule label");
    let body_rows = label.row + 1..label.row + label.rowspan;
    let (body, keep): (Vec<_>, Vec<_>) = grid
        .cells
        .drain(..)
        .partition(|c| c.col >= 1 && body_rows.contains(&c.row));
    assert!(body.len() >= 4);
    let mut merged = body[0].clone();
    (merged.row, merged.col, merged.rowspan, merged.colspan) = (
        body_rows.start,
        1,
        body_rows.len(),
        grid.col_edges.len() - 2,
    );
    merged.lines = body.iter().flat_map(|c| c.lines.clone()).collect();
    merged.bbox = body.iter().fold(merged.bbox, |b, c| b.union(&c.bbox));
    grid.cells = keep;
    grid.cells.push(merged);
    grid.cells.sort_by_key(|c| (c.row, c.col));
    let d = keikaku_structure::build(
        &layout,
        &keikaku_structure::Profiles::builtin(),
        keikaku_structure::Readers::standard(),
    )
    .value;
    let first = d
        .initiatives
        .iter()
        .find(|i| i.number.as_deref() == Some("１-ア"))
        .expect("1-ア");
    let mut spans: Vec<_> = first.schedule.iter().filter_map(span).collect();
    spans.sort();
    assert_eq!(
        spans,
        [
            (2025, Some(2025), "業務分析"),
            (2026, Some(2026), "システム構築"),
            (2026, Some(2029), "各課横展開（分析・システム構築・運用）"),
            (2027, Some(2029), "稼働・運用"),
        ]
    );
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn village_financial_plan_by_year() {
    let d = doc_of("corpus/real-ja/otoineppu_kansui_keieis.pdf");
    let t = d
        .tables
        .iter()
        .find(|t| {
            t.rows
                .first()
                .is_some_and(|r| r.iter().any(|c| c == "30年度"))
        })
        .expect("financial plan");
    assert_eq!((t.rows.len(), t.rows[0].len()), (36, 17));
    assert_eq!(
        t.rows[0][5..9],
        ["前々年度（決算）", "前年度決算見込", "本年度", "30年度"]
    );
    assert_eq!(t.rows[1][0], "収益的収支");
    assert_eq!(t.rows[1][5], "28,918");
    assert!(t
        .merges
        .iter()
        .any(|m| (m.row, m.col, m.rowspan) == (1, 0, 18)));
}
