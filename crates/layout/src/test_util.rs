//! Builders for synthetic pages used by the unit tests.

use keikaku_model::{BBox, FontInfo, Glyph, Page, Rect, Ruling, RulingSource};

/// One glyph at (x, y_top) of `size`; CJK glyphs are square, others half-width.
pub(crate) fn glyph(text: &str, x: f32, y: f32, size: f32) -> Glyph {
    let c = text.chars().next().unwrap_or(' ');
    let w = if crate::lines::is_cjk(c) {
        size
    } else if c == ' ' {
        0.3 * size
    } else {
        0.5 * size
    };
    Glyph {
        text: text.to_string(),
        bbox: BBox::new(x, y, x + w, y + size),
        size,
        font: 0,
        vertical: false,
        rise: 0.0,
        color: None,
    }
}

/// Glyphs for `s` laid out left to right from (x, y_top).
pub(crate) fn text_glyphs(s: &str, x: f32, y: f32, size: f32) -> Vec<Glyph> {
    let mut out = Vec::new();
    let mut x = x;
    for c in s.chars() {
        let g = glyph(&c.to_string(), x, y, size);
        x = g.bbox.x1;
        out.push(g);
    }
    out
}

/// An A4 page holding `glyphs`.
pub(crate) fn page_with(glyphs: Vec<Glyph>) -> Page {
    Page {
        number: 1,
        width: 595.0,
        height: 842.0,
        rotation: 0,
        glyphs,
        fonts: vec![FontInfo {
            name: "Test".into(),
            bold: false,
            italic: false,
            subtype: "Type0".into(),
            unreliable_unicode: false,
            emphasis: false,
        }],
        rulings: Vec::new(),
        rects: Vec::new(),
        images: 0,
        invisible_glyphs: 0,
    }
}

/// A stroked ruling.
pub(crate) fn stroke(x0: f32, y0: f32, x1: f32, y1: f32) -> Ruling {
    Ruling {
        x0,
        y0,
        x1,
        y1,
        width: 0.5,
        source: RulingSource::Stroke,
    }
}

/// A thin filled rectangle as the browser draws a rule (given as its box).
pub(crate) fn fill_rule(x0: f32, y0: f32, x1: f32, y1: f32) -> Ruling {
    Ruling {
        x0,
        y0,
        x1,
        y1,
        width: 0.75,
        source: RulingSource::Fill,
    }
}

/// A filled rectangle.
pub(crate) fn filled(x0: f32, y0: f32, x1: f32, y1: f32, rgb: [u8; 3]) -> Rect {
    Rect {
        bbox: BBox::new(x0, y0, x1, y1),
        filled: true,
        stroked: false,
        fill: Some(rgb),
    }
}
