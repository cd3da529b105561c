//! Text printed in white in a white table cell: spreadsheet exports keep helper values (a
//! sort key, a row counter) in cells whose font colour is white, so they print as nothing. A
//! reader does not see them; pdftotext does. A white glyph is dropped only inside a ruled
//! cell (rules above, below, left and right of it, the nearest of them close) with nothing
//! coloured painted under it: no filled non-white rectangle, no image on the page. White
//! text elsewhere may sit on a shape the extractor does not report (a circle, a rounded
//! banner) and is kept.

use std::borrow::Cow;

use keikaku_model::{Glyph, Page};

/// Colour channels at or above this (0..=255) count as white.
const WHITE: u8 = 250;

/// True for a fill colour a reader sees as white.
fn white(c: Option<[u8; 3]>) -> bool {
    c.is_some_and(|rgb| rgb.iter().all(|&v| v >= WHITE))
}

/// `page` without the white glyphs that nothing coloured lies under (borrowed unchanged when
/// there are none).
pub(crate) fn strip_invisible(page: &Page) -> Cow<'_, Page> {
    if page.images > 0 || !page.glyphs.iter().any(|g| white(g.color)) {
        return Cow::Borrowed(page);
    }
    // any overlap: a label wider than its narrow bar still shows on it
    let on_colour = |g: &Glyph| {
        page.rects
            .iter()
            .any(|r| r.filled && !white(r.fill) && r.bbox.intersection_area(&g.bbox) > 0.0)
    };
    let keep: Vec<bool> = page
        .glyphs
        .iter()
        .map(|g| !white(g.color) || on_colour(g) || !in_cell(page, g))
        .collect();
    if keep.iter().all(|&k| k) {
        return Cow::Borrowed(page);
    }
    let mut out = page.clone();
    out.glyphs = page
        .glyphs
        .iter()
        .zip(&keep)
        .filter(|(_, &k)| k)
        .map(|(g, _)| g.clone())
        .collect();
    Cow::Owned(out)
}

/// Largest distance (points) from a glyph to the rules around it in a table cell.
const CELL_REACH: f32 = 150.0;
/// How far (points) a cell's rules may fall short of its corners.
const CORNER_TOL: f32 = 2.0;

/// True when the nearest rules above, below, left and right of the glyph close a cell
/// around it (each reaching the two crossing rules).
fn in_cell(page: &Page, g: &Glyph) -> bool {
    let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
    // (position, from, to) of the nearest rule on each side
    let mut up: Option<(f32, f32, f32)> = None;
    let mut down = None;
    let mut left = None;
    let mut right = None;
    let nearer = |slot: &mut Option<(f32, f32, f32)>, d: f32, rule: (f32, f32, f32), at: f32| {
        if d > 0.0 && d <= CELL_REACH && slot.is_none_or(|s| (s.0 - at).abs() > d) {
            *slot = Some(rule);
        }
    };
    for r in &page.rulings {
        let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
        let (y0, y1) = (r.y0.min(r.y1), r.y0.max(r.y1));
        if r.is_horizontal() && x0 <= x && x <= x1 {
            nearer(&mut up, y - y0, (y0, x0, x1), y);
            nearer(&mut down, y0 - y, (y0, x0, x1), y);
        } else if !r.is_horizontal() && y0 <= y && y <= y1 {
            nearer(&mut left, x - x0, (x0, y0, y1), x);
            nearer(&mut right, x0 - x, (x0, y0, y1), x);
        }
    }
    let (Some(u), Some(d), Some(l), Some(r)) = (up, down, left, right) else {
        return false;
    };
    let spans = |rule: (f32, f32, f32), a: f32, b: f32| {
        rule.1 <= a + CORNER_TOL && rule.2 >= b - CORNER_TOL
    };
    spans(u, l.0, r.0) && spans(d, l.0, r.0) && spans(l, u.0, d.0) && spans(r, u.0, d.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{page_with, stroke, text_glyphs};
    use keikaku_model::{BBox, Rect};

    #[test]
    fn white_text_in_a_white_cell_is_dropped_but_not_on_a_fill_or_outside_cells() {
        let mut page = page_with(text_glyphs("事業名", 50.0, 100.0, 10.0));
        let mut key = text_glyphs("1", 120.0, 100.0, 10.0);
        let mut banner = text_glyphs("見出し", 50.0, 200.0, 10.0);
        for g in key.iter_mut().chain(banner.iter_mut()) {
            g.color = Some([255, 255, 255]);
        }
        let mut loose = text_glyphs("丸", 300.0, 400.0, 10.0);
        loose[0].color = Some([255, 255, 255]);
        page.glyphs.extend(key);
        page.glyphs.extend(banner);
        page.glyphs.extend(loose);
        // a ruled cell around the key
        for (x0, y0, x1, y1) in [
            (40.0, 95.0, 200.0, 95.0),
            (40.0, 115.0, 200.0, 115.0),
            (40.0, 95.0, 40.0, 115.0),
            (200.0, 95.0, 200.0, 115.0),
        ] {
            page.rulings.push(stroke(x0, y0, x1, y1));
        }
        page.rects.push(Rect {
            bbox: BBox::new(40.0, 190.0, 200.0, 220.0),
            filled: true,
            stroked: false,
            fill: Some([0, 51, 153]),
        });
        let out = strip_invisible(&page);
        let text: String = out.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "事業名見出し丸");
    }
}
