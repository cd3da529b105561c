//! End-to-end tests of [`analyze`] on synthetic pages.

use super::*;
use crate::test_util::*;

fn table_texts(t: &TableGrid) -> Vec<Vec<String>> {
    (0..t.n_rows())
        .map(|r| {
            t.cells
                .iter()
                .filter(|c| c.row == r)
                .map(|c| c.lines_text())
                .collect()
        })
        .collect()
}

#[test]
fn two_lines_make_one_paragraph_and_page_text() {
    let mut gs = text_glyphs(
        "区民の利便性を向上させるため、行政手続の",
        50.0,
        100.0,
        10.0,
    );
    gs.extend(text_glyphs("オンライン化を推進します。", 50.0, 115.0, 10.0));
    let layout = analyze(&[page_with(gs)]).value;
    let p = &layout.pages[0];
    assert_eq!(p.items.len(), 1);
    assert_eq!(
        p.text,
        "区民の利便性を向上させるため、行政手続のオンライン化を推進します。\n"
    );
}

#[test]
fn stroked_and_filled_grids_give_the_same_table() {
    let a = analyze(&[tables::tests::grid_page(true)]).value;
    let b = analyze(&[tables::tests::grid_page(false)]).value;
    for l in [&a, &b] {
        let p = &l.pages[0];
        assert_eq!(p.tables.len(), 1);
        let t = &p.tables[0];
        assert_eq!(
            table_texts(t),
            vec![
                vec!["項目", "前期", "後期"],
                vec!["内容", "統合セル"],
                vec!["目標", "A案", "B案"]
            ]
        );
        assert_eq!(p.text, "項目\n前期\n後期\n内容\n統合セル\n目標\nA案\nB案\n");
    }
    assert_eq!(
        a.pages[0].tables[0].cells.len(),
        b.pages[0].tables[0].cells.len()
    );
}

#[test]
fn wrapped_cell_text_stays_contiguous() {
    let mut page = tables::tests::grid_page(true);
    // a second line in the merged cell, and text in a neighbour at the same height
    page.glyphs
        .extend(text_glyphs("の続き", 155.0, 147.0, 10.0));
    let p = &analyze(&[page]).value.pages[0];
    assert!(
        p.text.contains("統合セル\nの続き\n") || p.text.contains("統合セルの続き\n"),
        "{}",
        p.text
    );
}

#[test]
fn two_column_page() {
    let mut gs = text_glyphs("表題", 250.0, 60.0, 14.0);
    let left = [
        "左の段の一行目で、ここまでで二十文字。",
        "左の段の二行目で、ここまでで二十文字。",
        "左の段の三行目。",
    ];
    let right = [
        "右の段の一行目で、ここまでで二十文字。",
        "右の段の二行目で、ここまでで二十文字。",
        "右の段の三行目。",
    ];
    for k in 0..3 {
        let y = 100.0 + 15.0 * k as f32;
        gs.extend(text_glyphs(left[k], 50.0, y, 10.0));
        gs.extend(text_glyphs(right[k], 310.0, y, 10.0));
    }
    let p = &analyze(&[page_with(gs)]).value.pages[0];
    assert_eq!(
        p.text,
        "表題\n左の段の一行目で、ここまでで二十文字。左の段の二行目で、ここまでで二十文字。左の段の三行目。\n\
         右の段の一行目で、ここまでで二十文字。右の段の二行目で、ここまでで二十文字。右の段の三行目。\n"
    );
}

#[test]
fn header_footer_page_numbers_are_furniture() {
    let pages: Vec<Page> = (1..=3)
        .map(|n| {
            let mut gs = text_glyphs("第2次国分寺市行政デジタル化推進計画", 350.0, 30.0, 8.0);
            gs.extend(text_glyphs(
                &format!("本文の{n}ページ目です。"),
                50.0,
                100.0,
                10.0,
            ));
            gs.extend(text_glyphs(&n.to_string(), 295.0, 800.0, 10.0));
            let mut p = page_with(gs);
            p.number = n;
            p
        })
        .collect();
    let layout = analyze(&pages).value;
    for (k, p) in layout.pages.iter().enumerate() {
        assert_eq!(p.furniture.len(), 2, "page {}", k + 1);
        assert_eq!(p.text, format!("本文の{}ページ目です。\n", k + 1));
    }
}

#[test]
fn vertical_columns_read_right_to_left() {
    let mut gs = Vec::new();
    for (col, s) in ["縦書きの", "文章です"].iter().enumerate() {
        for (k, c) in s.chars().enumerate() {
            let mut g = glyph(
                &c.to_string(),
                400.0 - 15.0 * col as f32,
                100.0 + 10.0 * k as f32,
                10.0,
            );
            g.vertical = true;
            gs.push(g);
        }
    }
    let p = &analyze(&[page_with(gs)]).value.pages[0];
    assert_eq!(p.text, "縦書きの文章です\n");
}

/// A 2-column stroked table with `rows` at the given y range.
fn table_page(number: u32, rows: &[[&str; 2]], y0: f32) -> Page {
    let mut gs = Vec::new();
    let mut page_rules = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        let y = y0 + 20.0 * r as f32;
        for (c, t) in row.iter().enumerate() {
            gs.extend(text_glyphs(t, 55.0 + 150.0 * c as f32, y + 5.0, 10.0));
        }
    }
    let y1 = y0 + 20.0 * rows.len() as f32;
    for r in 0..=rows.len() {
        let y = y0 + 20.0 * r as f32;
        page_rules.push(stroke(50.0, y, 450.0, y));
    }
    for x in [50.0, 200.0, 450.0] {
        page_rules.push(stroke(x, y0, x, y1));
    }
    let mut p = page_with(gs);
    p.rulings = page_rules;
    p.number = number;
    p
}

#[test]
fn continued_table_is_marked_and_joined() {
    let p1 = table_page(
        1,
        &[["指標", "実績"], ["活動指標", "51件"], ["成果指標", "82%"]],
        700.0,
    );
    let p2 = table_page(2, &[["指標", "実績"], ["", "75件"], ["参考", "１件"]], 60.0);
    let layout = analyze(&[p1, p2]).value;
    assert!(!layout.pages[0].tables[0].continues_previous);
    let t2 = &layout.pages[1].tables[0];
    assert!(t2.continues_previous);
    assert_eq!(t2.repeated_header_rows, 1);
    // analyze hands on the joined tables and the reader text of every cell
    let joined = &layout.joined;
    assert_eq!(joined, &joined_tables(&layout));
    assert!(layout.pages.iter().flat_map(|p| &p.tables).all(|t| t
        .cells
        .iter()
        .all(|c| c.text == crate::join_lines(&c.lines))));
    assert_eq!(joined.len(), 1);
    let j = &joined[0];
    assert_eq!(j.pages, vec![1, 2]);
    assert_eq!(j.grid.n_rows(), 5);
    let rows = table_texts(&j.grid);
    assert_eq!(rows[3], vec!["75件"]);
    let merged = j
        .grid
        .cells
        .iter()
        .find(|c| c.lines_text() == "成果指標")
        .expect("label");
    assert_eq!(merged.rowspan, 2);
    assert_eq!(rows[4], vec!["参考", "１件"]);
}

#[test]
fn contents_flag() {
    let mut gs = text_glyphs("目次", 270.0, 60.0, 14.0);
    for (k, e) in [
        "第1章 計画の概要…………1",
        "第2章 取組内容…………5",
        "第3章 推進体制…………9",
    ]
    .iter()
    .enumerate()
    {
        gs.extend(text_glyphs(e, 60.0, 100.0 + 20.0 * k as f32, 10.0));
    }
    assert!(analyze(&[page_with(gs)]).value.pages[0].is_contents);
}

#[test]
fn degenerate_input_does_not_panic() {
    let mut gs = text_glyphs("正常な行", 50.0, 100.0, 10.0);
    let mut bad = glyph("壊", f32::NAN, 100.0, 10.0);
    bad.size = f32::NAN;
    gs.push(bad);
    let mut huge = glyph("巨", 1e30, 1e30, 1e30);
    huge.size = -3.0;
    gs.push(huge);
    gs.push(glyph("", 10.0, 10.0, 10.0));
    let mut zero = glyph("零", 60.0, 300.0, 0.0);
    zero.bbox = keikaku_model::BBox::new(60.0, 300.0, 60.0, 300.0);
    gs.push(zero);
    let mut page = page_with(gs);
    page.rulings.push(stroke(f32::NAN, 0.0, 100.0, 0.0));
    page.rulings.push(stroke(0.0, f32::INFINITY, 0.0, 5.0));
    page.rulings.push(stroke(0.0, 0.0, 0.0, 0.0));
    page.rects
        .push(filled(f32::NAN, 0.0, 10.0, 10.0, [0, 0, 0]));
    page.rects
        .push(filled(0.0, 0.0, 595.0, 842.0, [255, 255, 255]));
    let empty = Page {
        number: 2,
        ..Default::default()
    };
    let out = analyze(&[page, empty]);
    assert_eq!(out.value.pages.len(), 2);
    assert!(out.value.pages[0].text.contains("正常な行"));
    assert!(out.warnings.iter().any(|w| w.code == "layout-bad-glyph"));
}

/// A 田-shaped outline (box, cross) stroked over a glyph, as poppler's cairo backend draws
/// fill+stroke ("fake bold") text: the glyph is shown, then its outline is stroked.
fn stroke_outline(page: &mut Page, g: &keikaku_model::Glyph) {
    let b = g.bbox;
    let i = 0.08 * g.size;
    let (x0, y0, x1, y1) = (b.x0 + i, b.y0 + i, b.x1 - i, b.y1 - i);
    let (cx, cy) = (b.center_x(), b.center_y());
    page.rulings.extend([
        stroke(x0, y0, x1, y0),
        stroke(x0, cy, x1, cy),
        stroke(x0, y1, x1, y1),
        stroke(x0, y0, x0, y1),
        stroke(cx, y0, cx, y1),
        stroke(x1, y0, x1, y1),
    ]);
}

#[test]
fn stroked_glyph_outlines_make_no_tables() {
    let heading = text_glyphs("3.区の取組み(重点取組項目)", 51.0, 81.5, 14.0);
    let body = text_glyphs("電子申請システムによる申請を拡充する。", 51.0, 110.0, 10.0);
    let mut page = page_with(heading.iter().chain(&body).cloned().collect());
    for g in heading
        .iter()
        .filter(|g| lines::is_cjk(g.text.chars().next().unwrap_or(' ')))
    {
        stroke_outline(&mut page, g);
    }
    let layout = analyze(&[page]).value;
    let p = &layout.pages[0];
    assert!(p.tables.is_empty(), "tables: {:?}", p.tables);
    assert!(p.boxes.is_empty());
    assert!(p.rulings.is_empty());
    assert_eq!(
        p.text,
        "3.区の取組み(重点取組項目)\n電子申請システムによる申請を拡充する。\n"
    );
}

#[test]
fn page_text_ignores_glyph_order_and_font_runs() {
    let mut gs = text_glyphs("●区民の利便性向上へ向けた取組み", 51.0, 113.0, 12.0);
    gs.extend(text_glyphs(
        "(1)行政手続のオンライン化の推進",
        51.0,
        144.0,
        11.0,
    ));
    gs.extend(text_glyphs("内容", 66.0, 187.0, 10.0));
    gs.extend(text_glyphs(
        "電子申請システムによる申請を拡充する。",
        103.0,
        162.0,
        10.0,
    ));
    // the producer's way: one font for Japanese, another (a WinAnsi subset) for the rest
    for g in &mut gs {
        g.font = u16::from(!lines::is_cjk(g.text.chars().next().unwrap_or(' ')));
    }
    let mut page = page_with(gs.clone());
    page.fonts.push(page.fonts[0].clone());
    let in_order = analyze(&[page.clone()]).value.pages[0].text.clone();
    assert!(
        in_order.contains("●区民の利便性向上へ向けた取組み"),
        "{in_order}"
    );
    assert!(in_order.contains("内容"), "{in_order}");
    // emitted font by font, each run back to front
    let mut by_font = gs.clone();
    by_font.sort_by_key(|g| g.font);
    by_font.reverse();
    // interleaved: every third glyph first
    let mut scattered: Vec<_> = (0..3)
        .flat_map(|r| gs.iter().skip(r).step_by(3).cloned().collect::<Vec<_>>())
        .collect();
    scattered.rotate_left(7);
    for order in [by_font, scattered] {
        page.glyphs = order;
        assert_eq!(analyze(&[page.clone()]).value.pages[0].text, in_order);
    }
}
