//! A card whose label cells use another municipality's words (事業名 / 担当課 / 関係部署 /
//! 概要, the synonyms in `[cards]` of `profiles/common.toml`) reads like a 取組名 / 主管課 card.

use keikaku_model::InitiativeForm;
use keikaku_testkit::{document, PdfWriter};

const SIZE: f32 = 9.5;

fn cell(w: &mut PdfWriter, x: f32, y: f32, text: &str) {
    for (i, line) in text.lines().enumerate() {
        w.text(x + 4.0, y + 6.0 + 13.0 * i as f32, SIZE, line);
    }
}

#[test]
fn a_card_labelled_with_synonyms_gives_its_fields() {
    let mut w = PdfWriter::a4();
    w.text(50.0, 50.0, 14.0, "（１） 子育て環境の充実");
    let (x0, xa, x1) = (50.0, 130.0, 545.0);
    let rows = [
        ("事業名", "子育て支援アプリの運用"),
        ("担当課", "子育て支援課"),
        ("関係部署", "情報政策課、健康推進課"),
        (
            "概要",
            "妊娠期から子育て期までの情報を\nアプリで一元的に届ける。",
        ),
        ("目標", "アプリ登録率８０％"),
    ];
    let mut y = 80.0;
    let mut edges = vec![y];
    for (label, value) in rows {
        cell(&mut w, x0, y, label);
        cell(&mut w, xa, y, value);
        y += if value.contains('\n') { 40.0 } else { 25.0 };
        edges.push(y);
    }
    w.grid(&[x0, xa, x1], &edges);
    // the 年度 table below, in the same frame: 年度 | 令和6年度 | 令和7年度 | 令和8年度
    let years = [x0, xa, 268.0, 406.0, x1];
    let top = y;
    cell(&mut w, x0, top, "年度");
    for (k, t) in ["令和6年度", "令和7年度", "令和8年度"].iter().enumerate() {
        cell(&mut w, years[k + 1], top, t);
    }
    for (k, t) in ["運用開始", "機能拡充", "効果検証"].iter().enumerate() {
        cell(&mut w, years[k + 1], top + 25.0, t);
    }
    w.grid(&years, &[top, top + 25.0, top + 50.0]);
    let d = document(&w.finish());
    assert_eq!(d.initiatives.len(), 1, "{:#?}", d.initiatives);
    let ini = &d.initiatives[0];
    assert_eq!(ini.form, InitiativeForm::Card);
    assert_eq!(ini.title, "子育て支援アプリの運用");
    assert_eq!(ini.lead_departments, ["子育て支援課"]);
    assert_eq!(ini.related_departments, ["情報政策課", "健康推進課"]);
    assert_eq!(
        ini.summary.as_deref(),
        Some("妊娠期から子育て期までの情報をアプリで一元的に届ける。")
    );
    // a label the card vocabulary does not know is a field
    assert_eq!(
        ini.fields.get("目標").map(String::as_str),
        Some("アプリ登録率８０％")
    );
    let years = keikaku_testkit::year_cells(ini);
    assert_eq!(
        years,
        [(2024, "運用開始"), (2025, "機能拡充"), (2026, "効果検証")]
    );
}
