//! Engineer A's integration tests: cover, sections and cards on the shared fixtures
//! (the repository's `fixtures/`).

use keikaku_model::{Document, Initiative};
use std::path::PathBuf;

/// The repository's fixtures folder.
fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

/// The document built from a fixture PDF.
fn doc(name: &str) -> Document {
    let bytes = std::fs::read(fixtures().join(name)).expect("fixture readable");
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .expect("fixture extracts")
        .value;
    let layout = keikaku_testkit::analyze(&pages);
    keikaku_structure::build(
        &layout,
        &keikaku_structure::Profiles::builtin(),
        keikaku_structure::Readers::standard(),
    )
    .value
}

fn by_title<'a>(d: &'a Document, title: &str) -> &'a Initiative {
    d.initiatives
        .iter()
        .find(|i| i.title == title)
        .unwrap_or_else(|| panic!("no initiative {title}"))
}

fn year_text(i: &Initiative, fy: i32) -> String {
    keikaku_testkit::year_cells(i)
        .into_iter()
        .find(|(y, _)| *y == fy)
        .map(|(_, t)| t.replace('\n', ""))
        .unwrap_or_default()
}

#[test]
fn seed001_cards() {
    let d = doc("seed001.pdf");
    assert_eq!(d.initiatives.len(), 56);
    assert!(
        d.initiatives.iter().all(|i| !i.title.starts_with('○')),
        "legend is no initiative"
    );
    let first = &d.initiatives[0];
    assert_eq!(first.title, "行政手続のオンライン化の推進");
    assert_eq!(first.lead_departments, ["情報政策課"]);
    assert!(
        first.related_departments.is_empty(),
        "'-' names no department"
    );
    assert_eq!(
        first.section_path,
        [
            "【方針1】デジタル技術を活用した区民サービスの向上",
            "(1) 簡単・便利な行政手続の実現"
        ]
    );
    assert_eq!(year_text(first, 2022), "オンライン申請サービスの活用推進");
    let terms: Vec<_> = first
        .footnotes
        .iter()
        .map(|f| f.term.clone().unwrap_or_default())
        .collect();
    assert_eq!(
        terms,
        ["マイナポータル", "東京電子自治体共同運営電子申請サービス"]
    );
    assert_eq!(first.footnotes[1].marker, "※2");
    let cash = by_title(&d, "手数料・使用料へのキャッシュレス決済の導入・推進");
    assert_eq!(
        cash.related_departments,
        ["会計課", "区民課", "土木管理課", "行政管理担当"]
    );
    // one department per line, and a 局 line completed by the next
    let ogikubo = by_title(&d, "荻窪駅周辺地域の歴史的・文化的資源に関する情報発信");
    assert_eq!(
        ogikubo.lead_departments,
        ["市街地整備課", "産業振興センター"]
    );
    let tablet = by_title(&d, "学習用タブレット端末の活用推進");
    assert_eq!(
        tablet.lead_departments,
        ["済美教育センター", "教育委員会事務局庶務課"]
    );
    let ict = by_title(&d, "ICT活用による災害情報の収集・発信");
    assert_eq!(ict.related_plans.len(), 3);
    assert!(ict.related_plans[0].starts_with("(実行計画)"));
    assert_eq!(ict.footnotes.len(), 4);
}

#[test]
fn seed001_cards_split_over_pages() {
    let d = doc("seed001.pdf");
    // the 年度 rows are on the next page, in a table the layout did not join
    let medical = by_title(&d, "災害時医療体制の充実");
    assert_eq!(medical.pages, [5, 6]);
    assert_eq!(
        year_text(medical, 2024),
        "ICTを活用した新たな災害医療体制の構築検討"
    );
    assert!(medical
        .summary
        .as_deref()
        .unwrap_or("")
        .contains("新たな災害医療体制"));
    // the 関連する計画 row and the notes fell to the next page as body text
    let barrier = by_title(&d, "読書バリアフリーの推進");
    assert_eq!(barrier.related_plans.len(), 1);
    assert!(barrier.related_plans[0].contains("図書館の整備"));
    assert_eq!(barrier.footnotes.len(), 3);
}

#[test]
fn seed001_cover_and_sections() {
    let d = doc("seed001.pdf");
    assert_eq!(
        d.title.as_deref(),
        Some("杉並区デジタル化推進計画（第1次）")
    );
    assert_eq!(d.municipality.as_deref(), Some("杉並区"));
    assert_eq!(d.doc_type.as_deref(), Some("plan"));
    let pp = d.plan_period.expect("plan period");
    assert_eq!(
        (pp.from_fiscal_year, pp.to_fiscal_year),
        (Some(2022), Some(2024))
    );
    let top: Vec<&str> = d
        .sections
        .iter()
        .filter(|s| s.level == 1)
        .map(|s| s.heading.as_str())
        .collect();
    assert_eq!(
        top,
        [
            "【凡例】",
            "【方針1】デジタル技術を活用した区民サービスの向上",
            "【方針2】行政内部のデジタル化による効率化の推進"
        ]
    );
    assert_eq!(d.sections.iter().filter(|s| s.level == 2).count(), 9);
}

#[test]
fn seed000_revisions() {
    let d = doc("seed000.pdf");
    let statuses: Vec<&str> = d
        .initiatives
        .iter()
        .map(|i| i.status.as_deref().unwrap_or("-"))
        .collect();
    assert_eq!(
        statuses,
        [
            "revised", "current", "revised", "current", "new", "revised", "current", "revised",
            "current"
        ]
    );
    let reasons = d
        .initiatives
        .iter()
        .filter(|i| i.revision_reason.is_some())
        .count();
    assert_eq!(reasons, 5);
    assert!(d.initiatives[0]
        .revision_reason
        .as_deref()
        .unwrap_or("")
        .starts_with("効率的に"));
    assert!(d.initiatives[1].revision_reason.is_none());
    let new = &d.initiatives[4];
    assert_eq!(new.footnotes[0].term.as_deref(), Some("BPR"));
    assert_eq!(year_text(new, 2024), "");
    assert_eq!(d.initiatives[7].related_departments.len(), 5);
    assert_eq!(
        d.title.as_deref(),
        Some("杉並区デジタル化推進計画（第2次）")
    );
    assert_eq!(d.subtitle.as_deref(), Some("令和7（2025）年度一部修正"));
    assert_eq!(d.doc_type.as_deref(), Some("plan_revision"));
    let pp = d.plan_period.expect("plan period");
    assert_eq!(
        (pp.from_fiscal_year, pp.to_fiscal_year),
        (Some(2024), Some(2026))
    );
}

#[test]
fn seed003_slides_from_three_producers() {
    let mut titles = Vec::new();
    for name in ["seed003.pdf", "seed003.B.pdf", "seed003.C.pdf"] {
        let d = doc(name);
        assert_eq!(
            d.title.as_deref(),
            Some("区のデジタル化の取組みについて"),
            "{name}"
        );
        assert_eq!(d.municipality, None, "{name}");
        assert_eq!(d.doc_type.as_deref(), Some("summary_slides"), "{name}");
        assert_eq!(d.initiatives.len(), 8, "{name}");
        let numbers: Vec<&str> = d
            .initiatives
            .iter()
            .map(|i| i.number.as_deref().unwrap_or(""))
            .collect();
        assert_eq!(
            numbers,
            ["(1)", "(2)", "(3)", "(1)", "(2)", "(3)", "(4)", "(1)"],
            "{name}"
        );
        for i in &d.initiatives {
            assert!(
                i.fields.contains_key("内容") && i.fields.contains_key("目標"),
                "{name} {}",
                i.title
            );
        }
        // the card split over pages 3 and 4 keeps both rows
        let e = &d.initiatives[5];
        assert!(e.fields["目標"].contains("柔軟な働き方"), "{name}");
        assert_eq!(
            e.section_path[1].replace(' ', ""),
            "●業務の生産性向上の取組み",
            "{name}"
        );
        titles.push(
            d.initiatives
                .iter()
                .map(|i| i.title.clone())
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(titles[0], titles[1]);
    assert_eq!(titles[0], titles[2]);
    assert_eq!(titles[0][4], "RPA（業務プロセスの自動化）の導入");
}

#[test]
fn covers_of_report_and_kokubunji_plan() {
    let d = doc("seed002.pdf");
    assert_eq!(
        d.title.as_deref(),
        Some("「令和５年度区のデジタル化の進捗状況等」について")
    );
    // not on the cover: the municipality the document names most
    assert_eq!(d.municipality.as_deref(), Some("杉並区"));
    assert_eq!(d.doc_type.as_deref(), Some("progress_report"));
    assert!(d.initiatives.is_empty());
    let d = doc("seed004.pdf");
    assert_eq!(
        d.title.as_deref(),
        Some("第2次国分寺市行政デジタル化推進計画")
    );
    assert_eq!(d.municipality.as_deref(), Some("国分寺市"));
    let pp = d.plan_period.expect("plan period");
    assert_eq!(
        (pp.from_fiscal_year, pp.to_fiscal_year),
        (Some(2025), Some(2028))
    );
    let s = d
        .sections
        .iter()
        .find(|s| s.heading.starts_with("推進方針１"))
        .expect("推進方針１");
    let parent = d
        .sections
        .iter()
        .find(|x| Some(&x.id) == s.parent.as_ref())
        .expect("parent");
    assert_eq!(parent.heading, "５ 取組内容");
}

#[test]
fn seed001_cards_without_label_cells() {
    // a producer that leaves the 主管課/関係課 label cells empty: the cards are found by
    // their shape (title, department cell, 年度 row)
    let dir = fixtures();
    let bytes = std::fs::read(dir.join("seed001.pdf")).expect("fixture readable");
    let pages = keikaku_extract::pages(&bytes, &keikaku_extract::Limits::default())
        .expect("fixture extracts")
        .value;
    let mut layout = keikaku_testkit::analyze(&pages);
    let mut blanked = 0;
    let grids = layout.pages.iter_mut().flat_map(|p| p.tables.iter_mut());
    let joined = layout.joined.iter_mut().map(|j| &mut j.grid);
    for (cell, on_page) in grids
        .map(|t| (t, true))
        .chain(joined.map(|t| (t, false)))
        .flat_map(|(t, on_page)| t.cells.iter_mut().map(move |c| (c, on_page)))
    {
        if matches!(cell.text.as_str(), "主管課" | "関係課") {
            cell.lines.clear();
            cell.text.clear();
            blanked += usize::from(on_page);
        }
    }
    assert!(blanked > 56);
    let d = keikaku_structure::build(
        &layout,
        &keikaku_structure::Profiles::builtin(),
        keikaku_structure::Readers::standard(),
    )
    .value;
    assert_eq!(d.initiatives.len(), 56);
    let cash = by_title(&d, "手数料・使用料へのキャッシュレス決済の導入・推進");
    assert_eq!(cash.lead_departments, ["情報政策課"]);
    assert_eq!(
        cash.related_departments,
        ["会計課", "区民課", "土木管理課", "行政管理担当"]
    );
    assert_eq!(year_text(cash, 2023), "キャッシュレス決済モデル実施");
    let robot = by_title(&d, "案内業務における対話型AIロボットの活用");
    assert_eq!(robot.lead_departments, ["区政相談課"]);
    assert!(robot.related_departments.is_empty());
}
