//! Glyph outlines drawn as paths: some producers (poppler's cairo backend for fill+stroke
//! "fake bold" text) draw the text and then stroke every glyph's outline as a path. The
//! straight pieces of those outlines (the bars of 点, 組, 日 …) arrive as rulings and small
//! stroked rectangles that would make tiny tables inside headings. A ruling or stroked-only
//! rectangle that lies inside one text glyph's box is such a piece and is dropped here,
//! before any other analysis; nothing depends on the order the producer drew things in.

use std::borrow::Cow;

use keikaku_model::{BBox, Glyph, Page};

use crate::geom::PointIndex;
use crate::lines::glyph_size;

/// How far (ems) an outline may stick out of its glyph's advance box.
const OUTLINE_SLACK_EM: f32 = 0.15;
/// Largest glyph size considered (points): bigger "glyphs" are decoration, not text.
const MAX_SIZE: f32 = 96.0;

/// `page` without the rulings and stroked-only rectangles that trace glyph outlines
/// (borrowed unchanged when there are none).
pub(crate) fn strip_glyph_outlines(page: &Page) -> Cow<'_, Page> {
    let text: Vec<&Glyph> = page.glyphs.iter().filter(|g| usable(g)).collect();
    if text.is_empty() || (page.rulings.is_empty() && page.rects.is_empty()) {
        return Cow::Borrowed(page);
    }
    let reach = text
        .iter()
        .map(|g| glyph_size(g))
        .fold(0.0f32, f32::max)
        .min(MAX_SIZE);
    let index = PointIndex::new(
        text.iter()
            .map(|g| (g.bbox.center_x(), g.bbox.center_y()))
            .collect(),
        page.width,
        page.height,
    );
    let inside_glyph = |b: &BBox| {
        let near = BBox::new(b.x0 - reach, b.y0 - reach, b.x1 + reach, b.y1 + reach);
        index.query(&near).into_iter().any(|k| {
            let g = text[k];
            let s = OUTLINE_SLACK_EM * glyph_size(g);
            let gb = BBox::new(g.bbox.x0 - s, g.bbox.y0 - s, g.bbox.x1 + s, g.bbox.y1 + s);
            gb.contains(b)
        })
    };
    let keep_ruling: Vec<bool> = page
        .rulings
        .iter()
        .map(|r| !inside_glyph(&BBox::new(r.x0, r.y0, r.x1, r.y1)))
        .collect();
    let keep_rect: Vec<bool> = page
        .rects
        .iter()
        .map(|r| r.filled || !r.stroked || !inside_glyph(&r.bbox))
        .collect();
    if keep_ruling.iter().chain(&keep_rect).all(|&k| k) {
        return Cow::Borrowed(page);
    }
    let mut out = page.clone();
    out.rulings = keep(&page.rulings, &keep_ruling);
    out.rects = keep(&page.rects, &keep_rect);
    Cow::Owned(out)
}

/// A glyph with a finite box, visible text and a usable size.
fn usable(g: &Glyph) -> bool {
    let b = &g.bbox;
    [b.x0, b.y0, b.x1, b.y1].iter().all(|v| v.is_finite())
        && b.width() > 0.0
        && !g.text.trim().is_empty()
        && glyph_size(g) <= MAX_SIZE
}

fn keep<T: Copy>(items: &[T], flags: &[bool]) -> Vec<T> {
    items
        .iter()
        .zip(flags)
        .filter(|(_, &k)| k)
        .map(|(t, _)| *t)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{page_with, stroke, text_glyphs};
    use keikaku_model::Rect;

    /// The outline pieces of a 14 pt heading glyph at (x, y): bars, a stem and a box.
    fn outline_pieces(page: &mut Page, x: f32, y: f32) {
        page.rulings
            .push(stroke(x + 1.0, y + 3.0, x + 13.0, y + 3.0));
        page.rulings
            .push(stroke(x + 0.5, y + 12.5, x + 13.5, y + 12.5));
        page.rulings
            .push(stroke(x + 6.0, y + 1.0, x + 6.0, y + 13.8));
        page.rects.push(Rect {
            bbox: BBox::new(x + 3.0, y + 5.0, x + 10.0, y + 9.0),
            filled: false,
            stroked: true,
            fill: None,
        });
    }

    #[test]
    fn outline_pieces_inside_glyphs_are_dropped() {
        let mut page = page_with(text_glyphs("重点取組項目", 140.0, 81.5, 14.0));
        for k in 0..6 {
            outline_pieces(&mut page, 140.0 + 14.0 * k as f32, 81.5);
        }
        // a real table below: its rules are far longer than any glyph
        page.rulings.push(stroke(50.0, 150.0, 540.0, 150.0));
        page.rulings.push(stroke(50.0, 150.0, 50.0, 260.0));
        let clean = strip_glyph_outlines(&page);
        assert_eq!(clean.rulings.len(), 2);
        assert!(clean.rects.is_empty());
    }

    #[test]
    fn rules_around_text_are_kept() {
        // a cell 12 pt high holding 10 pt text: its borders pass just outside the glyphs
        let mut page = page_with(text_glyphs("内容", 66.0, 187.0, 10.0));
        page.rulings.push(stroke(60.0, 185.0, 90.0, 185.0));
        page.rulings.push(stroke(60.0, 185.0, 60.0, 199.0));
        page.rulings.push(stroke(90.0, 185.0, 90.0, 199.0));
        page.rects.push(Rect {
            bbox: BBox::new(60.0, 185.0, 90.0, 199.0),
            filled: false,
            stroked: true,
            fill: None,
        });
        let clean = strip_glyph_outlines(&page);
        assert!(matches!(clean, Cow::Borrowed(_)));
        assert_eq!(clean.rulings.len(), 3);
        assert_eq!(clean.rects.len(), 1);
    }
}
