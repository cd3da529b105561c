//! Text printed in white on a white page: spreadsheet exports keep helper values (a sort key,
//! a row counter) in cells whose font colour is white, so they print as nothing. A reader
//! does not see them; pdftotext does. A white Latin letter, digit or sign is dropped unless
//! something coloured is painted under it (a filled non-white rectangle, or an image on the
//! page, where white text may well be visible). White Japanese text is kept: it is a banner
//! heading on a coloured band that may be drawn as a curved path (not a rectangle).

use std::borrow::Cow;

use keikaku_model::{Glyph, Page};

/// Colour channels at or above this (0..=255) count as white.
const WHITE: u8 = 250;

/// True for a fill colour a reader sees as white.
fn white(c: Option<[u8; 3]>) -> bool {
    c.is_some_and(|rgb| rgb.iter().all(|&v| v >= WHITE))
}

/// True for a glyph a spreadsheet's helper value is made of (ASCII, full-width digits).
fn helper_like(g: &Glyph) -> bool {
    g.text
        .chars()
        .all(|c| c.is_ascii_graphic() || ('０'..='９').contains(&c))
}

/// `page` without the white glyphs that nothing coloured lies under (borrowed unchanged when
/// there are none).
pub(crate) fn strip_invisible(page: &Page) -> Cow<'_, Page> {
    if page.images > 0 || !page.glyphs.iter().any(|g| white(g.color)) {
        return Cow::Borrowed(page);
    }
    let on_colour = |g: &Glyph| {
        let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
        page.rects.iter().any(|r| {
            r.filled
                && !white(r.fill)
                && r.bbox.x0 <= x
                && x <= r.bbox.x1
                && r.bbox.y0 <= y
                && y <= r.bbox.y1
        })
    };
    let words: Vec<&Glyph> = page
        .glyphs
        .iter()
        .filter(|g| white(g.color) && !helper_like(g))
        .collect();
    // a white digit in a line of white Japanese text belongs to that banner
    let in_banner = |g: &Glyph| {
        let h = g.bbox.height().max(1.0);
        words.iter().any(|w| {
            (w.bbox.center_y() - g.bbox.center_y()).abs() < 0.5 * h
                && (w.bbox.center_x() - g.bbox.center_x()).abs() < 12.0 * h
        })
    };
    let keep: Vec<bool> = page
        .glyphs
        .iter()
        .map(|g| !white(g.color) || !helper_like(g) || on_colour(g) || in_banner(g))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{page_with, text_glyphs};
    use keikaku_model::{BBox, Rect};

    #[test]
    fn white_text_on_white_is_dropped_but_not_on_a_dark_fill() {
        let mut page = page_with(text_glyphs("事業名", 50.0, 100.0, 10.0));
        let mut key = text_glyphs("1", 120.0, 100.0, 10.0);
        let mut banner = text_glyphs("見出し", 50.0, 200.0, 10.0);
        // white Japanese text on a band drawn as a curve (no rectangle under it) stays
        let mut curved = text_glyphs("基本目標1", 50.0, 300.0, 10.0);
        for g in key
            .iter_mut()
            .chain(banner.iter_mut())
            .chain(curved.iter_mut())
        {
            g.color = Some([255, 255, 255]);
        }
        page.glyphs.extend(key);
        page.glyphs.extend(banner);
        page.glyphs.extend(curved);
        page.rects.push(Rect {
            bbox: BBox::new(40.0, 190.0, 200.0, 220.0),
            filled: true,
            stroked: false,
            fill: Some([0, 51, 153]),
        });
        let out = strip_invisible(&page);
        let text: String = out.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "事業名見出し基本目標1");
    }
}
