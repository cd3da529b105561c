//! What extraction produces: positioned glyphs, ruling lines and rectangles per page.

use crate::BBox;
use serde::{Deserialize, Serialize};

/// One shown character (or ligature) on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Glyph {
    /// Unicode text, already repaired (no Kangxi/radical code points); usually one char.
    pub text: String,
    /// Box in points, origin top-left: x0..x1 the advance, y0..y1 ascent to descent.
    pub bbox: BBox,
    /// Effective font size in points (text matrix and CTM applied).
    pub size: f32,
    /// Index into [`Page::fonts`].
    pub font: u16,
    /// True in vertical writing mode (Identity-V, *-V CMaps).
    pub vertical: bool,
    /// Text rise in points (positive = raised), for superscripts such as ※1.
    pub rise: f32,
    /// Fill colour as RGB 0..=255, when known.
    pub color: Option<[u8; 3]>,
}

/// A font used on a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FontInfo {
    /// BaseFont without the subset prefix (`ABCDEF+`).
    pub name: String,
    pub bold: bool,
    pub italic: bool,
    /// PDF font subtype: Type0, TrueType, Type1, Type3 …
    pub subtype: String,
    /// True when the text of this font had to be guessed (no ToUnicode, no known CMap).
    pub unreliable_unicode: bool,
    /// True for the emphasis face of a document set in a regular one (a gothic face among
    /// 明朝 text); set by layout analysis, not by extraction.
    #[serde(default)]
    pub emphasis: bool,
}

/// How a ruling line reached the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RulingSource {
    /// A stroked path segment (LibreOffice draws table rules this way).
    Stroke,
    /// A thin filled rectangle (browsers draw table rules this way).
    Fill,
}

/// A horizontal or vertical line segment: a table rule or box edge.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Ruling {
    pub x0: f32,
    pub y0: f32,
    pub x1: f32,
    pub y1: f32,
    /// Line width in points.
    pub width: f32,
    pub source: RulingSource,
}

impl Ruling {
    /// True when the segment is (nearly) horizontal.
    pub fn is_horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() <= (self.x1 - self.x0).abs()
    }
}

/// A rectangle that is not thin enough to be a ruling: a cell shading, a box, a bar.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub bbox: BBox,
    pub filled: bool,
    pub stroked: bool,
    /// Fill colour as RGB 0..=255, when filled and known.
    pub fill: Option<[u8; 3]>,
}

/// One page as extracted.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Page {
    /// 1-based page number.
    pub number: u32,
    /// Width in points after rotation.
    pub width: f32,
    /// Height in points after rotation.
    pub height: f32,
    /// /Rotate in degrees (0, 90, 180, 270).
    pub rotation: u16,
    /// Glyphs in content-stream order.
    pub glyphs: Vec<Glyph>,
    pub fonts: Vec<FontInfo>,
    pub rulings: Vec<Ruling>,
    pub rects: Vec<Rect>,
    /// Number of images drawn (a page with images and no glyphs is likely scanned).
    pub images: u32,
    /// Number of glyphs drawn invisibly (text rendering mode 3 or 7): a scan's OCR layer.
    #[serde(default)]
    pub invisible_glyphs: u32,
}
