//! Row-form initiatives: one per data row of a table whose header names an initiative column
//! (事業名 …), on PDFs written in code, and pinned on a real budget overview
//! (`../shared/corpus/real-plans`, ignored when absent: `cfg(shared_absent)`).

use keikaku_model::{Document, Initiative, InitiativeForm};
use keikaku_testkit::{document, PdfWriter};

/// Text size and line pitch inside cells.
const SIZE: f32 = 9.0;
const PITCH: f32 = 13.0;

/// Height of a row whose tallest cell has `lines` lines.
fn row_height(cells: &[&str]) -> f32 {
    let lines = cells
        .iter()
        .map(|c| c.lines().count())
        .max()
        .unwrap_or(1)
        .max(1);
    lines as f32 * PITCH + 8.0
}

/// Writes the cells' texts of one row whose top is `y`.
fn row_text(w: &mut PdfWriter, cols: &[f32], y: f32, cells: &[&str]) {
    for (k, cell) in cells.iter().enumerate() {
        for (i, line) in cell.lines().enumerate() {
            w.text(cols[k] + 3.0, y + 4.0 + PITCH * i as f32, SIZE, line);
        }
    }
}

/// A fully ruled table from `top`; returns its bottom.
fn table(w: &mut PdfWriter, cols: &[f32], top: f32, rows: &[&[&str]]) -> f32 {
    let mut edges = vec![top];
    for cells in rows {
        let y = *edges.last().unwrap_or(&top);
        row_text(w, cols, y, cells);
        edges.push(y + row_height(cells));
    }
    w.grid(cols, &edges);
    *edges.last().unwrap_or(&top)
}

const COLS: [f32; 6] = [40.0, 70.0, 260.0, 350.0, 640.0, 720.0];
const HEADER: [&str; 5] = ["№", "事業名", "担当課", "概要", "予算額"];

fn initiative_rows(d: &Document) -> Vec<&Initiative> {
    d.initiatives
        .iter()
        .filter(|i| i.form == InitiativeForm::Row)
        .collect()
}

/// Each initiative's table row holds its title.
fn assert_rows_point_back(d: &Document) {
    for ini in initiative_rows(d) {
        let t = d
            .tables
            .iter()
            .find(|t| Some(&t.id) == ini.table_ref.as_ref())
            .unwrap_or_else(|| panic!("{}: table_ref {:?}", ini.title, ini.table_ref));
        let row = &t.rows[ini.row.expect("row")];
        let flat: String = row.concat().replace('\n', "");
        assert!(flat.contains(&ini.title), "{} not in {row:?}", ini.title);
    }
}

#[test]
fn a_table_continued_without_its_header_is_one_table_with_one_initiative_per_row() {
    for repeat_header in [false, true] {
        let mut w = PdfWriter::a4_landscape();
        w.text(40.0, 40.0, 14.0, "主要事業一覧");
        let page1: Vec<&[&str]> = vec![
            &HEADER,
            &[
                "1",
                "道路補修事業",
                "土木課",
                "市道の舗装を補修する。",
                "1,200",
            ],
            &[
                "2",
                "図書館改修事業",
                "教育総務課",
                "空調設備を更新する。",
                "3,400",
            ],
            &[
                "3",
                "防災無線整備事業",
                "危機管理課",
                "屋外拡声子局を増設する。",
                "5,600",
            ],
        ];
        table(&mut w, &COLS, 80.0, &page1);
        w.page();
        let mut page2: Vec<&[&str]> = vec![
            &[
                "4",
                "公園遊具更新事業",
                "公園緑地課",
                "老朽化した遊具を更新する。",
                "780",
            ],
            &[
                "5",
                "窓口案内表示事業",
                "市民課",
                "多言語の案内表示を設ける。",
                "90",
            ],
        ];
        if repeat_header {
            page2.insert(0, &HEADER);
        }
        table(&mut w, &COLS, 40.0, &page2);
        let d = document(&w.finish());
        assert_eq!(d.tables.len(), 1, "{:#?}", d.tables);
        let t = &d.tables[0];
        assert_eq!(t.rows.len(), 6, "{:?}", t.rows);
        assert_eq!(t.pages, [1, 2]);
        let rows = initiative_rows(&d);
        let titles: Vec<&str> = rows.iter().map(|i| i.title.as_str()).collect();
        assert_eq!(
            titles,
            [
                "道路補修事業",
                "図書館改修事業",
                "防災無線整備事業",
                "公園遊具更新事業",
                "窓口案内表示事業"
            ]
        );
        let fourth = rows[3];
        assert_eq!(fourth.number.as_deref(), Some("4"));
        assert_eq!(fourth.lead_departments, ["公園緑地課"]);
        assert_eq!(
            fourth.summary.as_deref(),
            Some("老朽化した遊具を更新する。")
        );
        assert_eq!(fourth.fields.get("予算額").map(String::as_str), Some("780"));
        assert_eq!(fourth.table_ref.as_deref(), Some(t.id.as_str()));
        assert_eq!(fourth.row, Some(4));
        assert_eq!(fourth.pages, [2]);
        assert_rows_point_back(&d);
    }
}

#[test]
fn a_row_cut_by_a_page_break_is_one_initiative() {
    let mut w = PdfWriter::a4_landscape();
    let page1: Vec<&[&str]> = vec![
        &HEADER,
        &[
            "1",
            "道路補修事業",
            "土木課",
            "市道の舗装を補修する。",
            "1,200",
        ],
        &[
            "2",
            "図書館改修事業",
            "教育総務課",
            "空調設備を更新し、",
            "3,400",
        ],
    ];
    table(&mut w, &COLS, 80.0, &page1);
    w.page();
    let page2: Vec<&[&str]> = vec![
        &["", "", "", "照明をＬＥＤ化する。", ""],
        &[
            "3",
            "防災無線整備事業",
            "危機管理課",
            "屋外拡声子局を増設する。",
            "5,600",
        ],
    ];
    table(&mut w, &COLS, 40.0, &page2);
    let d = document(&w.finish());
    let rows = initiative_rows(&d);
    assert_eq!(rows.len(), 3, "{rows:#?}");
    let second = rows[1];
    assert_eq!(second.title, "図書館改修事業");
    let summary = second
        .summary
        .as_deref()
        .unwrap_or_default()
        .replace('\n', "");
    assert_eq!(summary, "空調設備を更新し、照明をＬＥＤ化する。");
    assert_eq!(second.pages, [1, 2]);
    assert_eq!(rows[2].number.as_deref(), Some("3"));
    assert_eq!(d.tables.len(), 1);
    assert_rows_point_back(&d);
}

#[test]
fn department_in_brackets_new_mark_totals_and_a_two_row_header() {
    let mut w = PdfWriter::a4_landscape();
    // № | 新規 | 事業名 | 概要 | 補正額 | 財源内訳 (国県支出金 | 一般財源)
    let cols = [40.0, 65.0, 95.0, 280.0, 520.0, 600.0, 680.0, 760.0];
    let (y0, y1, y2) = (60.0, 78.0, 96.0);
    for (k, t) in ["№", "新規", "事業名", "概要", "補正額"].iter().enumerate() {
        w.text(cols[k] + 3.0, y0 + 10.0, SIZE, t);
    }
    w.text(cols[5] + 3.0, y0 + 4.0, SIZE, "財源内訳");
    w.text(cols[5] + 3.0, y1 + 4.0, SIZE, "国県支出金");
    w.text(cols[6] + 3.0, y1 + 4.0, SIZE, "一般財源");
    let body: Vec<&[&str]> = vec![
        &[
            "1",
            "新",
            "給食支援事業\n【学校支援課】",
            "給食費の一部を支援する。",
            "1,000",
            "800",
            "200",
        ],
        &[
            "2",
            "",
            "公園整備事業\n【公園緑地課】",
            "公園を整備する。",
            "500",
            "",
            "500",
        ],
        &["", "", "合　計", "", "1,500", "800", "700"],
    ];
    let mut edges = vec![y2];
    for cells in &body {
        let y = *edges.last().unwrap_or(&y2);
        row_text(&mut w, &cols, y, cells);
        edges.push(y + row_height(cells));
    }
    let bottom = *edges.last().unwrap_or(&y2);
    // the header: outer frame, the group's lower rule, verticals (none inside the group above y1)
    w.line(cols[0], y0, cols[7], y0, 0.75);
    w.line(cols[5], y1, cols[7], y1, 0.75);
    for &y in &edges {
        w.line(cols[0], y, cols[7], y, 0.75);
    }
    for (k, &x) in cols.iter().enumerate() {
        let from = if k == 6 { y1 } else { y0 };
        w.line(x, from, x, bottom, 0.75);
    }
    let d = document(&w.finish());
    let rows = initiative_rows(&d);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    let first = rows[0];
    assert_eq!(first.title, "給食支援事業");
    assert_eq!(first.lead_departments, ["学校支援課"]);
    assert_eq!(first.status.as_deref(), Some("new"));
    assert_eq!(rows[1].status, None);
    let f = |k: &str| first.fields.get(k).map(String::as_str);
    assert_eq!(f("補正額"), Some("1,000"));
    assert_eq!(f("財源内訳（国県支出金）"), Some("800"));
    assert_eq!(f("財源内訳（一般財源）"), Some("200"));
    assert_eq!(first.row, Some(2), "two header rows above it");
    assert_rows_point_back(&d);
}

#[test]
fn a_table_without_an_initiative_column_gives_no_initiatives() {
    let mut w = PdfWriter::a4_landscape();
    let rows: Vec<&[&str]> = vec![
        &["款", "現計予算額", "補正額", "計", "構成比"],
        &["議会費", "353,011", "", "353,011", "0.5"],
        &["総務費", "7,942,166", "16,393", "7,958,559", "11.4"],
    ];
    table(&mut w, &COLS, 80.0, &rows);
    let d = document(&w.finish());
    assert!(d.initiatives.is_empty(), "{:#?}", d.initiatives);
    assert_eq!(d.tables.len(), 1);
}

#[test]
fn a_records_table_with_a_department_column_is_rows_not_one_card() {
    // the shape of an Excel export: 番号 / 主管課 / 款項目 / 事業名 / budgets / 主な事業内容,
    // over three pages with the header on the first only
    let cols = [30.0, 60.0, 140.0, 220.0, 380.0, 450.0, 520.0, 800.0];
    let header: [&str; 7] = [
        "番号",
        "主管課",
        "款項目",
        "事業名",
        "令和6年度",
        "令和7年度",
        "主な事業内容",
    ];
    let mut w = PdfWriter::a4_landscape();
    let mut n = 0;
    for page in 0..3 {
        if page > 0 {
            w.page();
        }
        let mut rows: Vec<Vec<String>> = Vec::new();
        if page == 0 {
            rows.push(header.iter().map(|s| s.to_string()).collect());
        }
        for _ in 0..4 {
            n += 1;
            rows.push(vec![
                n.to_string(),
                "企画課".into(),
                "総務費".into(),
                format!("地域振興事業{n}"),
                format!("{n},000"),
                format!("{n},500"),
                format!("地域の取組{n}件を支援する。"),
            ]);
        }
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let slices: Vec<&[&str]> = refs.iter().map(|r| r.as_slice()).collect();
        table(&mut w, &cols, 40.0, &slices);
    }
    let d = document(&w.finish());
    assert!(
        d.initiatives.iter().all(|i| i.title != "番号"),
        "{:#?}",
        d.initiatives
    );
    let rows = initiative_rows(&d);
    assert_eq!(rows.len(), 12, "{rows:#?}");
    assert_eq!(d.initiatives.len(), 12);
    let last = rows[11];
    assert_eq!(last.title, "地域振興事業12");
    assert_eq!(last.number.as_deref(), Some("12"));
    assert_eq!(last.lead_departments, ["企画課"]);
    assert_eq!(
        last.fields.get("款項目").map(String::as_str),
        Some("総務費")
    );
    let years = keikaku_testkit::year_cells(last);
    assert_eq!(years, [(2024, "12,000"), (2025, "12,500")]);
    assert_eq!(d.tables.len(), 1);
    assert_eq!(d.tables[0].rows.len(), 13);
    assert_rows_point_back(&d);
}

fn real_plan(name: &str) -> Document {
    keikaku_testkit::shared_corpus_document("real-plans", name)
}

#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn nobeoka_supplementary_budget_rows() {
    let d = real_plan("nobeoka_6gatsu-hosei-yosan-gaiyou_r8.pdf");
    let rows = initiative_rows(&d);
    // 主要事業等内訳: 5 + 1 (物価高騰対策, 一般 and 企業会計), 16 + 1 (その他事務事業)
    assert_eq!(rows.len(), 23, "{rows:#?}");
    assert_eq!(d.initiatives.len(), 23);
    let first = rows[0];
    assert_eq!(first.number.as_deref(), Some("1"));
    assert_eq!(first.title, "私立学校等給食等支援金給付事業");
    assert_eq!(first.lead_departments, ["総務課"]);
    assert_eq!(first.status.as_deref(), Some("new"));
    let summary = first.summary.as_deref().unwrap_or_default();
    assert!(
        summary.starts_with("物価高騰に伴い、私立学校等に通う小中学生がいる世帯"),
        "{summary}"
    );
    let f = |k: &str| first.fields.get(k).map(String::as_str);
    assert_eq!(f("補正前額"), Some("0"));
    assert_eq!(f("補正額"), Some("13,171"));
    assert_eq!(f("補正後額"), Some("13,171"));
    assert_eq!(f("補正額の財源内訳（国県支出金）"), Some("11,608"));
    assert_eq!(f("補正額の財源内訳（一般財源）"), Some("1,563"));
    assert!(first
        .section_path
        .last()
        .is_some_and(|s| s.contains("物価高騰対策事業")));
    // no stray white helper digits in titles; totals rows are not initiatives
    assert!(rows
        .iter()
        .all(|i| !i.title.ends_with(|c: char| c.is_ascii_digit())));
    assert!(rows.iter().all(|i| !i.title.contains("合計")));
    assert!(rows.iter().all(|i| i.lead_departments.len() == 1));
    assert_rows_point_back(&d);
}

#[test]
fn a_row_stacking_aligned_items_splits_into_sub_rows() {
    // 番号 | 事業名 | 実施場所 | 実施期間 | 担当課: the first record stacks two places and two
    // periods (two sheet rows without a rule between them); the second record's overview
    // lines bunch in the middle of a tall row and are no sub-rows
    let cols = [40.0, 80.0, 260.0, 400.0, 540.0, 640.0];
    let mut w = PdfWriter::a4_landscape();
    let top = 60.0;
    let header = ["番号", "事業名", "実施場所", "実施期間", "担当課"];
    row_text(&mut w, &cols, top, &header);
    let r1 = top + 21.0;
    let r2 = r1 + 44.0;
    let r3 = r2 + 60.0;
    let mid = |y: f32, share: f32| y + (share - SIZE) / 2.0;
    for (k, t) in ["1", "花壇整備事業"].iter().enumerate() {
        w.text(cols[k] + 3.0, mid(r1, 44.0), SIZE, t);
    }
    w.text(cols[4] + 3.0, mid(r1, 44.0), SIZE, "公園緑地課");
    for (i, (place, period)) in [("中央公園", "4月～6月"), ("駅前広場", "9月～11月")]
        .iter()
        .enumerate()
    {
        let y = mid(r1 + 22.0 * i as f32, 22.0);
        w.text(cols[2] + 3.0, y, SIZE, place);
        w.text(cols[3] + 3.0, y, SIZE, period);
    }
    for (k, t) in ["2", "街路樹更新事業"].iter().enumerate() {
        w.text(cols[k] + 3.0, mid(r2, 60.0), SIZE, t);
    }
    w.text(cols[4] + 3.0, mid(r2, 60.0), SIZE, "道路課");
    for (i, (place, period)) in [("市道１号線", "通年"), ("沿道", "随時")]
        .iter()
        .enumerate()
    {
        let y = r2 + 21.0 + 12.0 * i as f32;
        w.text(cols[2] + 3.0, y, SIZE, place);
        w.text(cols[3] + 3.0, y, SIZE, period);
    }
    w.grid(&cols, &[top, r1, r2, r3]);
    let d = document(&w.finish());
    let rows = initiative_rows(&d);
    assert_eq!(rows.len(), 2, "{rows:#?}");
    assert_eq!(
        rows[0].fields.get("実施場所").map(String::as_str),
        Some("中央公園\n駅前広場")
    );
    let t = &d.tables[0];
    assert_eq!(t.rows.len(), 4, "{:?}", t.rows);
    assert_eq!(t.rows[1][2..4], ["中央公園", "4月～6月"]);
    assert_eq!(t.rows[2][2..4], ["駅前広場", "9月～11月"]);
    assert_eq!(t.rows[2][1], "花壇整備事業");
    assert!(t
        .merges
        .iter()
        .any(|m| (m.row, m.col, m.rowspan) == (1, 1, 2)));
    assert_eq!((rows[0].row, rows[1].row), (Some(1), Some(3)));
    assert_rows_point_back(&d);
}

#[test]
fn kpi_columns_of_a_row_table_become_indicators() {
    // 事業名 | 担当課 | 指標 | 現状値（令和5年度） | 目標値（令和11年度）, the second record with
    // two indicators stacked in its cells
    let mut w = PdfWriter::a4_landscape();
    let cols = [40.0, 200.0, 290.0, 480.0, 610.0, 760.0];
    table(
        &mut w,
        &cols,
        60.0,
        &[
            &[
                "事業名",
                "担当課",
                "指標",
                "現状値（令和5年度）",
                "目標値（令和11年度）",
            ],
            &[
                "子育て支援アプリの運用",
                "子育て支援課",
                "アプリ登録者数",
                "1,200人",
                "5,000人",
            ],
            &[
                "図書館の電子化",
                "中央図書館",
                "電子書籍貸出数\n来館者数",
                "3,000冊\n52,000人",
                "10,000冊\n60,000人",
            ],
            &["道路台帳の整備", "道路管理課", "－", "－", "－"],
        ],
    );
    let d = document(&w.finish());
    let rows = initiative_rows(&d);
    assert_eq!(rows.len(), 3, "{:?}", d.initiatives);
    let value = |v: &Option<keikaku_model::IndicatorValue>| {
        v.as_ref().map(|v| {
            (
                v.year,
                v.year_kind.clone().unwrap_or_default(),
                v.value.clone(),
            )
        })
    };
    let k = &rows[0].kpi;
    assert_eq!(k.len(), 1, "{k:?}");
    assert_eq!(k[0].name, "アプリ登録者数");
    assert_eq!(
        value(&k[0].baseline),
        Some((Some(2023), "fiscal".into(), "1,200人".into()))
    );
    assert_eq!(
        value(&k[0].target),
        Some((Some(2029), "fiscal".into(), "5,000人".into()))
    );
    let names: Vec<&str> = rows[1].kpi.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["電子書籍貸出数", "来館者数"]);
    assert_eq!(
        value(&rows[1].kpi[1].target),
        Some((Some(2029), "fiscal".into(), "60,000人".into()))
    );
    // a record whose KPI cells are dashes has none
    assert!(rows[2].kpi.is_empty(), "{:?}", rows[2].kpi);
    assert_eq!(rows[0].lead_departments, ["子育て支援課"]);
}
