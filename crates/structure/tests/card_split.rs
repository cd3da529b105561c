//! A card that the producer split between rows at a page break keeps its 年度 schedule and
//! related plans, whatever the second half looks like (other column edges, a page number
//! under the first half, a running header above the second).

use keikaku_model::Document;
use keikaku_testkit::{document, PdfWriter};

const SIZE: f32 = 9.0;

/// How the producer printed the page break.
#[derive(Debug, Clone, Copy, Default)]
struct Variant {
    /// x shift of the second half's edges (a producer that rounds differently).
    shift: f32,
    /// A page number under the first half and above nothing else.
    page_numbers: bool,
    /// A short running header at the top of the second page.
    running_header: bool,
    /// The 年度 header row stays on the first page; only the contents move on.
    years_first: bool,
    /// The card has no 関連する計画 row.
    no_plans: bool,
}

fn cell(w: &mut PdfWriter, x: f32, y: f32, text: &str) {
    for (i, line) in text.lines().enumerate() {
        w.text(x + 4.0, y + 5.0 + 13.0 * i as f32, SIZE, line);
    }
}

/// Ruled rows of four cells from `top` (the top rule is drawn by the caller when it is the
/// bottom of rows above); returns the bottom.
fn lower_rows(w: &mut PdfWriter, cols: &[f32; 5], top: f32, rows: &[&[&str]]) -> f32 {
    let mut y = top;
    w.line(cols[0], y, cols[4], y, 0.75);
    for row in rows {
        for (k, t) in row.iter().enumerate() {
            cell(w, cols[k], y, t);
        }
        for &x in cols {
            w.line(x, y, x, y + 25.0, 0.75);
        }
        y += 25.0;
        w.line(cols[0], y, cols[4], y, 0.75);
    }
    y
}

fn card_pdf(v: Variant) -> Vec<u8> {
    let mut w = PdfWriter::a4();
    w.text(50.0, 50.0, 14.0, "１ 窓口サービスの向上");
    // first half: title | 主管課 | dept ; (title) | 関係課 | depts ; overview
    let (x0, xa, xb, x1) = (50.0, 300.0, 360.0, 545.0);
    let (y0, y1, y2, y3) = (600.0, 625.0, 650.0, 760.0);
    w.line(x0, y0, x1, y0, 0.75)
        .line(xa, y1, x1, y1, 0.75)
        .line(x0, y2, x1, y2, 0.75)
        .line(x0, y3, x1, y3, 0.75);
    for x in [x0, x1] {
        w.line(x, y0, x, y3, 0.75);
    }
    for x in [xa, xb] {
        w.line(x, y0, x, y2, 0.75);
    }
    cell(&mut w, x0, y0 + 8.0, "窓口手続のオンライン化");
    cell(&mut w, xa, y0, "主管課");
    cell(&mut w, xb, y0, "区民課");
    cell(&mut w, xa, y1, "関係課");
    cell(&mut w, xb, y1, "情報政策課");
    cell(
        &mut w,
        x0,
        y2,
        "窓口で受け付けている手続をオンラインで\n申請できるようにする。",
    );
    if v.years_first {
        let cols = [x0, 140.0, 275.0, 410.0, x1];
        lower_rows(
            &mut w,
            &cols,
            y3,
            &[&["年度", "令和6年度", "令和7年度", "令和8年度"]],
        );
    }
    if v.page_numbers {
        w.text(290.0, 800.0, 9.0, "- 1 -");
    }
    w.page();
    if v.running_header {
        w.text(460.0, 20.0, 8.0, "第３章 取組");
    }
    // second half: 年度 | R6 | R7 | R8 ; 取組内容 | … ; 関連する計画 | plan
    let s = v.shift;
    let cols = [50.0 + s, 140.0 + s, 275.0 + s, 410.0 + s, 545.0 + s];
    let years = ["年度", "令和6年度", "令和7年度", "令和8年度"];
    let rest: Vec<&[&str]> = vec![&["取組内容", "検討", "実施", "拡充"]];
    let top = if v.years_first {
        lower_rows(&mut w, &cols, 50.0, &rest)
    } else {
        lower_rows(
            &mut w,
            &cols,
            50.0,
            &[&years, &["取組内容", "検討", "実施", "拡充"]],
        )
    };
    if !v.no_plans {
        w.line(cols[0], top + 25.0, cols[4], top + 25.0, 0.75);
        w.line(cols[0], top, cols[0], top + 25.0, 0.75);
        w.line(cols[1], top, cols[1], top + 25.0, 0.75);
        w.line(cols[4], top, cols[4], top + 25.0, 0.75);
        cell(&mut w, cols[0], top, "関連する計画");
        cell(&mut w, cols[1], top, "（仮称）区民サービス向上計画");
    }
    if v.page_numbers {
        w.text(290.0, 800.0, 9.0, "- 2 -");
    }
    w.finish()
}

fn schedule(d: &Document) -> Vec<(i32, String)> {
    d.initiatives
        .first()
        .map(keikaku_testkit::year_cells)
        .unwrap_or_default()
        .into_iter()
        .map(|(y, t)| (y, t.to_string()))
        .collect()
}

#[test]
fn a_card_split_between_rows_keeps_its_schedule_and_plans() {
    let variants = [
        Variant::default(),
        Variant {
            shift: 4.0,
            ..Variant::default()
        },
        Variant {
            page_numbers: true,
            ..Variant::default()
        },
        Variant {
            running_header: true,
            ..Variant::default()
        },
        Variant {
            shift: 4.0,
            page_numbers: true,
            running_header: true,
            ..Variant::default()
        },
        Variant {
            years_first: true,
            ..Variant::default()
        },
        Variant {
            years_first: true,
            shift: 4.0,
            running_header: true,
            ..Variant::default()
        },
        Variant {
            years_first: true,
            no_plans: true,
            ..Variant::default()
        },
        Variant {
            years_first: true,
            no_plans: true,
            shift: 4.0,
            ..Variant::default()
        },
    ];
    for v in variants {
        let d = document(&card_pdf(v));
        assert_eq!(d.initiatives.len(), 1, "{v:?}: {:#?}", d.initiatives);
        let ini = &d.initiatives[0];
        assert_eq!(ini.title, "窓口手続のオンライン化", "{v:?}");
        assert_eq!(ini.lead_departments, ["区民課"], "{v:?}");
        let want: Vec<(i32, String)> = vec![
            (2024, "検討".into()),
            (2025, "実施".into()),
            (2026, "拡充".into()),
        ];
        assert_eq!(schedule(&d), want, "{v:?}");
        let plans: &[&str] = if v.no_plans {
            &[]
        } else {
            &["（仮称）区民サービス向上計画"]
        };
        assert_eq!(ini.related_plans, plans, "{v:?}");
        assert_eq!(ini.pages, [1, 2], "{v:?}");
        assert!(d.tables.is_empty(), "{v:?}: {:#?}", d.tables);
    }
}
