//! Text printed in white on a white page: spreadsheet exports keep helper values (a sort key,
//! a row counter) in cells whose font colour is white, so they print as nothing. A reader
//! does not see them; pdftotext does. A white glyph is dropped unless something coloured is
//! painted under it (a filled non-white rectangle, or an image on the page, where white text
//! may well be visible).

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
    let keep: Vec<bool> = page
        .glyphs
        .iter()
        .map(|g| !white(g.color) || on_colour(g))
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
        for g in key.iter_mut().chain(banner.iter_mut()) {
            g.color = Some([255, 255, 255]);
        }
        page.glyphs.extend(key);
        page.glyphs.extend(banner);
        page.rects.push(Rect {
            bbox: BBox::new(40.0, 190.0, 200.0, 220.0),
            filled: true,
            stroked: false,
            fill: Some([0, 51, 153]),
        });
        let out = strip_invisible(&page);
        let text: String = out.glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "事業名見出し");
    }
}
