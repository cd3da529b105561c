//! A sheet of another municipality (No. ２-イ above a grid of labelled rows: 取組名, 担当課,
//! 取組内容, 現状, 課題, and a KPI table 指標名 / 現状値（令和5年度） / 目標値（令和9年度）), on a
//! PDF written in code.

use keikaku_model::InitiativeForm;
use keikaku_testkit::{document, PdfWriter};

const SIZE: f32 = 9.5;

fn cell(w: &mut PdfWriter, x: f32, y: f32, text: &str) {
    for (i, line) in text.lines().enumerate() {
        w.text(x + 4.0, y + 6.0 + 13.0 * i as f32, SIZE, line);
    }
}

#[test]
fn a_sheet_with_title_and_department_labels_and_a_kpi_table() {
    let mut w = PdfWriter::a4();
    w.text(50.0, 50.0, 12.0, "No. ２-イ");
    let (x0, xl, xa, xb, x1) = (50.0, 130.0, 300.0, 420.0, 545.0);
    let rows = [
        ("取組名", "窓口のキャッシュレス化"),
        ("担当課", "市民課、会計課"),
        ("取組内容", "・窓口でキャッシュレス決済を導入する。"),
        ("現状", "・手数料の支払いは現金のみ。"),
        ("課題", "・会計の待ち時間が長い。"),
    ];
    let mut y = 70.0;
    for (label, value) in rows {
        cell(&mut w, x0, y, label);
        cell(&mut w, xl, y, value);
        w.line(x0, y, x1, y, 0.75);
        w.line(x0, y, x0, y + 25.0, 0.75)
            .line(xl, y, xl, y + 25.0, 0.75)
            .line(x1, y, x1, y + 25.0, 0.75);
        y += 25.0;
    }
    // the KPI label spans two rows of a table of its own
    let kpi_top = y;
    cell(&mut w, x0, kpi_top + 12.0, "成果指標");
    let header = ["指標名", "現状値（令和5年度）", "目標値（令和9年度）"];
    let values = ["キャッシュレス決済件数", "1,200件", "6,000件"];
    for (k, x) in [xl, xa, xb].iter().enumerate() {
        cell(&mut w, *x, kpi_top, header[k]);
        cell(&mut w, *x, kpi_top + 25.0, values[k]);
    }
    w.line(x0, kpi_top, x1, kpi_top, 0.75)
        .line(xl, kpi_top + 25.0, x1, kpi_top + 25.0, 0.75)
        .line(x0, kpi_top + 50.0, x1, kpi_top + 50.0, 0.75);
    for x in [x0, xl, xa, xb, x1] {
        w.line(x, kpi_top, x, kpi_top + 50.0, 0.75);
    }
    let d = document(&w.finish());
    assert_eq!(d.initiatives.len(), 1, "{:#?}", d.initiatives);
    let ini = &d.initiatives[0];
    assert_eq!(ini.form, InitiativeForm::Sheet);
    assert_eq!(ini.number.as_deref(), Some("２-イ"));
    assert_eq!(ini.title, "窓口のキャッシュレス化");
    assert_eq!(ini.lead_departments, ["市民課", "会計課"]);
    assert_eq!(
        ini.fields.get("現状").map(String::as_str),
        Some("・手数料の支払いは現金のみ。")
    );
    assert_eq!(ini.kpi.len(), 1, "{:?}", ini.kpi);
    let k = &ini.kpi[0];
    assert_eq!(k.name, "キャッシュレス決済件数");
    assert_eq!(k.kind.as_deref(), Some("outcome"));
    let v =
        |x: &Option<keikaku_model::IndicatorValue>| x.as_ref().map(|v| (v.year, v.value.clone()));
    assert_eq!(v(&k.baseline), Some((Some(2023), "1,200件".to_string())));
    assert_eq!(v(&k.target), Some((Some(2027), "6,000件".to_string())));
}
