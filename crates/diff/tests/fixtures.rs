//! Diff and track on the committed fixture JSON: known edits are reported exactly,
//! seed000's 修正後/現行 pairs, seed001 against seed000, and lineages across 杉並区's
//! documents.

use keikaku_diff::align::DEFAULT_THRESHOLD;
use keikaku_diff::textdiff::Op;
use keikaku_diff::{diff, diff_revision, DiffReport, Entry, Status};
use keikaku_model::{Document, Indicator, IndicatorValue, Initiative};
use std::collections::BTreeSet;
use std::path::Path;

fn fixture(name: &str) -> Document {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures")
        .join(name);
    let text = std::fs::read_to_string(&p).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn find<'a>(d: &'a mut Document, id: &str) -> &'a mut Initiative {
    d.initiatives.iter_mut().find(|i| i.id == id).unwrap()
}

fn fields(e: &Entry) -> BTreeSet<String> {
    e.changes.iter().map(|c| c.field.clone()).collect()
}

fn ids(e: &Entry) -> (Option<&str>, Option<&str>) {
    (
        e.old.as_ref().map(|r| r.id.as_str()),
        e.new.as_ref().map(|r| r.id.as_str()),
    )
}

/// Every entry that is not unchanged-and-unmoved, as (status, old id, new id, fields,
/// moved).
type Seen<'a> = Vec<(Status, Option<&'a str>, Option<&'a str>, Vec<String>, bool)>;

fn differences(r: &DiffReport) -> Seen<'_> {
    r.entries
        .iter()
        .filter(|e| e.status != Status::Unchanged || e.moved)
        .map(|e| {
            let (o, n) = ids(e);
            (e.status, o, n, fields(e).into_iter().collect(), e.moved)
        })
        .collect()
}

fn v(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn known_edits_to_seed001_are_reported_exactly() {
    let old = fixture("seed001.expected.json");
    let mut new = old.clone();
    // rename (a re-run would give it a new key)
    let it = find(&mut new, "i005");
    it.title = "案内業務における対話型AIの活用".into();
    it.key = "renamed".into();
    // reschedule
    let it = find(&mut new, "i010");
    if let keikaku_model::ScheduleEntry::Year { text, .. } = &mut it.schedule[2] {
        *text = "震災救援所運営のデジタル化本格実施".into();
    }
    // department change
    find(&mut new, "i012").lead_departments = vec!["防災課".into()];
    // split of i007 into a 税 part and a 保険料 part
    let pos = new.initiatives.iter().position(|i| i.id == "i007").unwrap();
    let mut a = new.initiatives[pos].clone();
    let mut b = a.clone();
    a.title = "税の電子収納サービスの拡充".into();
    a.key = "split-a".into();
    a.summary = Some("住民税の納付手段について、インターネットバンキング※1やクレジットカードのほか、新たに電子マネーを導入し、電子収納サービスの拡充を図ります。".into());
    a.related_departments = vec!["課税課".into()];
    b.id = "i007b".into();
    b.title = "保険料の電子収納サービスの拡充".into();
    b.key = "split-b".into();
    b.summary = Some("国民健康保険料等の納付手段について、インターネットバンキング※1やクレジットカードのほか、新たに電子マネーを導入し、電子収納サービスの拡充を図ります。".into());
    b.related_departments = vec!["国保年金課".into(), "介護保険課".into()];
    new.initiatives[pos] = a;
    new.initiatives.insert(pos + 1, b);
    // deletion
    new.initiatives.retain(|i| i.id != "i020");
    // insertion
    let ins = Initiative {
        id: "i900".into(),
        key: "inserted".into(),
        title: "公共施設予約システムの刷新".into(),
        lead_departments: vec!["施設再編・整備担当".into()],
        summary: Some("老朽化した公共施設予約システムを更新し、スマートフォンから空き状況の確認と抽選申込ができるようにします。".into()),
        ..Initiative::default()
    };
    new.initiatives.insert(25, ins);
    // reorder: i030 to the end
    let pos = new.initiatives.iter().position(|i| i.id == "i030").unwrap();
    let moved = new.initiatives.remove(pos);
    new.initiatives.push(moved);

    let r = diff(&old, &new, DEFAULT_THRESHOLD);
    let mut got = differences(&r);
    got.sort_by(|x, y| (x.1, x.2).cmp(&(y.1, y.2)));
    let mut want: Seen = vec![
        (
            Status::Changed,
            Some("i005"),
            Some("i005"),
            v(&["title"]),
            false,
        ),
        (
            Status::Changed,
            Some("i010"),
            Some("i010"),
            v(&["schedule.2024"]),
            false,
        ),
        (
            Status::Changed,
            Some("i012"),
            Some("i012"),
            v(&["lead_departments"]),
            false,
        ),
        // The 保険料 part shares more text and departments with the old one: it is the pair.
        (
            Status::Changed,
            Some("i007"),
            Some("i007b"),
            v(&["related_departments", "summary", "title"]),
            false,
        ),
        (Status::Added, None, Some("i007"), v(&[]), false),
        (Status::Removed, Some("i020"), None, v(&[]), false),
        (Status::Added, None, Some("i900"), v(&[]), false),
        (Status::Unchanged, Some("i030"), Some("i030"), v(&[]), true),
    ];
    want.sort_by(|x, y| (x.1, x.2).cmp(&(y.1, y.2)));
    assert_eq!(got, want);
    let c = r.counts;
    assert_eq!(
        (c.added, c.removed, c.changed, c.moved, c.splits, c.merges),
        (2, 1, 4, 1, 1, 0)
    );
    assert_eq!(c.unchanged, 56 - 1 - 4);

    let entry = |id: &str| r.entries.iter().find(|e| ids(e).1 == Some(id)).unwrap();
    assert_eq!(entry("i007b").split_into, ["i007b", "i007"]);
    assert_eq!(entry("i007").split_from.as_deref(), Some("i007"));
    let rename = entry("i005");
    let reason = &rename.pairing.as_ref().unwrap().reason;
    assert!(
        reason.starts_with("title 0.") && reason.contains("summary 1.00"),
        "{reason}"
    );
    let title = &rename.changes[0].diff;
    assert!(
        title
            .iter()
            .any(|s| s.op == Op::Delete && s.text == "ロボット"),
        "{title:?}"
    );
    let dept = &entry("i012").changes[0];
    assert_eq!(
        (dept.removed.clone(), dept.added.clone()),
        (v(&["土木管理課"]), v(&["防災課"]))
    );
    let sched = &entry("i010").changes[0];
    assert_eq!(
        sched.old.as_deref(),
        Some("震災救援所運営のデジタル化試行実施")
    );
    assert!(
        sched
            .diff
            .iter()
            .any(|s| s.op == Op::Insert && s.text == "本格"),
        "{sched:?}"
    );
    assert!(
        sched
            .diff
            .iter()
            .any(|s| s.op == Op::Delete && s.text == "試行"),
        "{sched:?}"
    );
    assert_eq!(entry("i001").pairing.as_ref().unwrap().reason, "same key");
}

#[test]
fn kpi_target_and_amount_changes_in_seed004() {
    let mut old = fixture("seed004.expected.json");
    let k = 2;
    old.initiatives[k].kpi[0].baseline = Some(IndicatorValue {
        year: Some(2023),
        year_kind: Some("fiscal".into()),
        value: "12件".into(),
    });
    old.initiatives[k].kpi[0].target = Some(IndicatorValue {
        year: Some(2028),
        year_kind: Some("fiscal".into()),
        value: "50件".into(),
    });
    old.initiatives[1]
        .fields
        .insert("事業費".into(), "1,200千円".into());
    let mut new = old.clone();
    let kpi: &mut Indicator = new.initiatives[k]
        .kpi
        .iter_mut()
        .find(|k| k.target.is_some())
        .unwrap();
    let name = kpi.name.clone();
    let before = kpi.target.clone().unwrap();
    kpi.target = Some(IndicatorValue {
        value: "999件".into(),
        ..before.clone()
    });
    new.initiatives[1]
        .fields
        .insert("事業費".into(), "1,500千円".into());

    let r = diff(&old, &new, DEFAULT_THRESHOLD);
    let got = differences(&r);
    let (ko, k1) = (
        old.initiatives[k].id.as_str(),
        old.initiatives[1].id.as_str(),
    );
    let mut want: Seen = vec![
        (
            Status::Changed,
            Some(ko),
            Some(ko),
            vec![format!("kpi[{name}].target")],
            false,
        ),
        (
            Status::Changed,
            Some(k1),
            Some(k1),
            v(&["fields.事業費"]),
            false,
        ),
    ];
    want.sort_by_key(|w| {
        old.initiatives
            .iter()
            .position(|i| Some(i.id.as_str()) == w.1)
    });
    assert_eq!(got, want);
    let amount = r
        .entries
        .iter()
        .flat_map(|e| &e.changes)
        .find(|c| c.field == "fields.事業費")
        .unwrap();
    assert_eq!(amount.delta_yen, Some(300_000));
    let target = r
        .entries
        .iter()
        .flat_map(|e| &e.changes)
        .find(|c| c.field.ends_with(".target"))
        .unwrap();
    assert!(target.new.as_deref().unwrap().starts_with("999件"));
    assert!(target.old.as_deref().unwrap().starts_with(&before.value));
}

#[test]
fn a_document_against_itself_has_no_differences() {
    for f in [
        "seed001.expected.json",
        "seed004.expected.json",
        "seed003.expected.json",
    ] {
        let d = fixture(f);
        let r = diff(&d, &d, DEFAULT_THRESHOLD);
        assert!(differences(&r).is_empty(), "{f}");
        assert_eq!(r.counts.unchanged, d.initiatives.len());
    }
    // The same slides printed by Chromium and by ReportLab.
    let r = diff(
        &fixture("seed003.expected.json"),
        &fixture("seed003.C.expected.json"),
        DEFAULT_THRESHOLD,
    );
    assert!(differences(&r).is_empty());
}

/// (status, old id, new id, changed fields).
type Row<'a> = (Status, Option<&'a str>, Option<&'a str>, Vec<String>);

#[test]
fn seed000_revised_versions_pair_with_their_current_versions() {
    let d = fixture("seed000.expected.json");
    let r = diff_revision(&d, DEFAULT_THRESHOLD).unwrap();
    let got: Vec<Row> = r
        .entries
        .iter()
        .map(|e| {
            (
                e.status,
                ids(e).0,
                ids(e).1,
                fields(e).into_iter().collect(),
            )
        })
        .collect();
    let sched = |extra: &[&str]| {
        let mut f = v(extra);
        f.extend(v(&["schedule.2025", "schedule.2026"]));
        f.sort();
        f
    };
    assert_eq!(
        got,
        [
            (
                Status::Changed,
                Some("i002"),
                Some("i001"),
                v(&["schedule.2026"])
            ),
            (
                Status::Changed,
                Some("i004"),
                Some("i003"),
                sched(&["summary"])
            ),
            (Status::Added, None, Some("i005"), v(&[])),
            (
                Status::Changed,
                Some("i007"),
                Some("i006"),
                sched(&["summary"])
            ),
            (
                Status::Changed,
                Some("i009"),
                Some("i008"),
                sched(&["summary"])
            ),
        ]
    );
    for e in &r.entries {
        assert!(e
            .revision_reason
            .as_deref()
            .is_some_and(|t| t.ends_with("修正する。")));
        if let Some(p) = &e.pairing {
            assert_eq!(p.reason, "same key (修正後/現行)");
        }
    }
    let text = |id: &str, field: &str| {
        let e = r.entries.iter().find(|e| ids(e).1 == Some(id)).unwrap();
        let c = e.changes.iter().find(|c| c.field == field).unwrap();
        keikaku_diff::textdiff::inline(&c.diff)
    };
    assert_eq!(text("i001", "schedule.2026"), "…ツール運用・拡充{+検討+}");
    assert_eq!(
        text("i003", "schedule.2025"),
        "新システム構築・{+一部+}運用開始"
    );
    assert_eq!(
        text("i003", "schedule.2026"),
        "新システム{+構築・+}運用{+拡大+}"
    );
    assert!(text("i008", "summary").contains("働き方[-を-]{+の+}抜本的[-に見直し-]{+な見直しや柔軟性の高い執務環境の改善に取り組み+}ます。"));
    assert!(text("i006", "schedule.2026").contains("[-情報リーダー-]{+DX推進サポーター+}"));
    let err = diff_revision(&fixture("seed001.expected.json"), DEFAULT_THRESHOLD).unwrap_err();
    assert!(
        err.to_string().starts_with("seed001.pdf: no 修正後/現行"),
        "{err}"
    );
}

#[test]
fn first_plan_against_revision_of_second_pairs_shared_initiatives() {
    let r = diff(
        &fixture("seed001.expected.json"),
        &fixture("seed000.expected.json"),
        DEFAULT_THRESHOLD,
    );
    let pairs: Vec<(&str, &str, &str)> = r
        .entries
        .iter()
        .filter_map(|e| Some((ids(e).0?, ids(e).1?, e.pairing.as_ref()?.reason.as_str())))
        .collect();
    assert_eq!(
        pairs,
        [
            ("i002", "i001", "same key"),
            ("i040", "i003", "same key"),
            ("i051", "i006", "same key")
        ]
    );
    let added: Vec<&str> = r
        .with_status(Status::Added)
        .filter_map(|e| ids(e).1)
        .collect();
    assert_eq!(added, ["i005", "i008"]);
    assert_eq!(r.counts.removed, 53);
    assert_eq!(r.new.initiatives, 5, "修正後 versions only");
    assert!(r.notes[0].starts_with("NEW (seed000.pdf) is a revision document"));
    let e = r.entries.iter().find(|e| ids(e).1 == Some("i001")).unwrap();
    let dept = e
        .changes
        .iter()
        .find(|c| c.field == "lead_departments")
        .unwrap();
    assert_eq!(
        (dept.removed.clone(), dept.added.clone()),
        (v(&["情報政策課"]), v(&["デジタル戦略担当"]))
    );
}

#[test]
fn track_follows_suginami_through_plan_report_and_revision() {
    let docs = ["seed000", "seed001", "seed002", "seed004"]
        .map(|s| fixture(&format!("{s}.expected.json")));
    let t = keikaku_diff::track::track(&docs, DEFAULT_THRESHOLD);
    let g = t
        .groups
        .iter()
        .find(|g| g.municipality.as_deref() == Some("杉並区"))
        .unwrap();
    let files: Vec<&str> = g.documents.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(files, ["seed001.pdf", "seed002.pdf", "seed000.pdf"]);
    let l = g
        .lineages
        .iter()
        .find(|l| l.key == "41e944d1e74afd70")
        .unwrap();
    let members: Vec<(&str, &str)> = l
        .members
        .iter()
        .map(|m| (m.file.as_str(), m.id.as_str()))
        .collect();
    assert_eq!(
        members,
        [
            ("seed001.pdf", "i040"),
            ("seed000.pdf", "i004"),
            ("seed000.pdf", "i003")
        ]
    );
    let mut links: Vec<(&str, &str)> = g
        .lineages
        .iter()
        .flat_map(|l| {
            l.reports
                .iter()
                .map(move |r| (r.item.id.as_str(), l.key.as_str()))
        })
        .collect();
    links.sort();
    assert_eq!(
        links,
        [
            ("s003", "e9a5e9c748e04708"), // 行政手続のオンライン化の推進
            ("s008", "897017565f8de99a"), // デジタルデバイドの是正 → デジタルデバイスに配慮…
            ("s016", "41e944d1e74afd70"), // 住民情報系システムの標準化
            ("s019", "30457c0212fc3b67"), // 働き方改革…情報インフラ環境の再構築
            ("s022", "15cd708f2530db04"), // 窓口サービスの改善…
            ("s024", "829bcccbc9208cc3"), // キャッシュレス決済
        ]
    );
    let unlinked: Vec<&str> = g
        .unlinked_reports
        .iter()
        .map(|r| r.title.as_str())
        .collect();
    assert_eq!(unlinked, ["定型データ入力業務の自動化・効率化"]);
    assert_eq!(g.lineages.len(), 56 + 2, "seed000 adds two lineages");
    let kokubunji = t
        .groups
        .iter()
        .find(|g| g.municipality.as_deref() == Some("国分寺市"))
        .unwrap();
    assert_eq!(kokubunji.lineages.len(), 12);
}

#[test]
fn track_reports_a_split_as_such() {
    let old = fixture("seed001.expected.json");
    let mut new = old.clone();
    new.source.file = "next.pdf".into();
    new.source.sha256 = "next".into();
    new.plan_period = None;
    new.title = Some("杉並区デジタル化推進計画（令和9年度）".into());
    let pos = new.initiatives.iter().position(|i| i.id == "i007").unwrap();
    let mut b = new.initiatives[pos].clone();
    b.id = "i007b".into();
    b.key = "split-b".into();
    b.title = "保険料の電子収納サービスの拡充".into();
    new.initiatives[pos].title = "税の電子収納サービスの拡充".into();
    new.initiatives[pos].key = "split-a".into();
    new.initiatives.insert(pos + 1, b);
    let t = keikaku_diff::track::track(&[old, new], DEFAULT_THRESHOLD);
    let g = &t.groups[0];
    let split: Vec<(&str, Option<&str>)> = g
        .lineages
        .iter()
        .filter(|l| l.split_from.is_some())
        .map(|l| (l.key.as_str(), l.split_from.as_deref()))
        .collect();
    assert_eq!(split, [("split-a", Some("e77a5b39f9232155"))]);
    let origin = g
        .lineages
        .iter()
        .find(|l| l.key == "e77a5b39f9232155")
        .unwrap();
    assert_eq!(origin.members.len(), 2);
}

#[test]
fn track_links_one_list_per_year() {
    let y2025 = fixture("seed004.expected.json");
    let mut y2026 = y2025.clone();
    y2026.source.file = "seed004-2026.pdf".into();
    y2026.source.sha256 = "2026".into();
    y2026.plan_period.as_mut().unwrap().from_fiscal_year = Some(2026);
    // Renamed (new key), one dropped, one new.
    y2026.initiatives[0].title = "行政手続のオンライン化の推進".into();
    y2026.initiatives[0].key = "renamed".into();
    y2026.initiatives.remove(5);
    y2026.initiatives.push(Initiative {
        id: "i099".into(),
        key: "new-2026".into(),
        number: Some("６".into()),
        title: "生成AIの業務活用".into(),
        ..Initiative::default()
    });
    // Given newest first: the order comes from the fiscal years.
    let t = keikaku_diff::track::track(&[y2026, y2025], DEFAULT_THRESHOLD);
    let g = &t.groups[0];
    let years: Vec<Option<i32>> = g.documents.iter().map(|d| d.fiscal_year).collect();
    assert_eq!(years, [Some(2025), Some(2026)]);
    let sizes: Vec<(&str, usize)> = g
        .lineages
        .iter()
        .map(|l| (l.key.as_str(), l.members.len()))
        .collect();
    assert_eq!(sizes.len(), 13, "12 of 2025 plus the new one");
    assert_eq!(sizes.iter().filter(|s| s.1 == 2).count(), 11);
    let renamed = &g.lineages[0];
    assert_eq!(renamed.title, "行政手続のオンライン化の推進");
    let why = renamed.members[1].reason.as_deref().unwrap();
    assert!(why.starts_with("same number, title 0."), "{why}");
    assert_eq!(g.lineages[5].members.len(), 1, "dropped in 2026");
    assert_eq!(g.lineages[12].key, "new-2026");
}
