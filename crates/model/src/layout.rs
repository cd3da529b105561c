//! What layout analysis produces: lines, blocks, table grids, bordered boxes and furniture,
//! per page, in reading order.

use crate::{BBox, Rect, Ruling};
use serde::{Deserialize, Serialize};

/// A line of text: glyphs on one baseline (or one column, in vertical writing).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Line {
    /// Text as a reader would type it (spurious inter-glyph spaces removed).
    pub text: String,
    pub bbox: BBox,
    /// Dominant font size in points.
    pub size: f32,
    /// True when most glyphs are in a bold font.
    pub bold: bool,
    pub vertical: bool,
    /// x0 of each char of `text` (same count as `text.chars()`), for column lookups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub char_x: Vec<f32>,
}

/// Consecutive lines that belong together (a paragraph, a heading, a list item).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Block {
    pub lines: Vec<Line>,
    pub bbox: BBox,
}

impl Block {
    /// Lines joined as a reader would (no space between Japanese lines).
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            if !s.is_empty() {
                s.push('\n');
            }
            s.push_str(&l.text);
        }
        s
    }
}

/// One cell of a [`TableGrid`], possibly spanning several grid rows/columns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableCell {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
    pub bbox: BBox,
    /// The cell's lines in reading order.
    pub lines: Vec<Line>,
}

impl TableCell {
    /// Lines joined with `\n`.
    pub fn text(&self) -> String {
        self.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// A ruled table: grid boundaries and cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableGrid {
    /// 1-based page of the (first part of the) table.
    pub page: u32,
    pub bbox: BBox,
    /// y of each horizontal grid line, top to bottom (rows = len - 1).
    pub row_edges: Vec<f32>,
    /// x of each vertical grid line, left to right (cols = len - 1).
    pub col_edges: Vec<f32>,
    /// Cells, row-major by their top-left grid position.
    pub cells: Vec<TableCell>,
    /// True when this table continues a table from the previous page.
    pub continues_previous: bool,
}

impl TableGrid {
    pub fn n_rows(&self) -> usize {
        self.row_edges.len().saturating_sub(1)
    }
    pub fn n_cols(&self) -> usize {
        self.col_edges.len().saturating_sub(1)
    }
}

/// A bordered or shaded box enclosing body content (not a table).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BoxRegion {
    pub bbox: BBox,
    pub fill: Option<[u8; 3]>,
}

/// A body item in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    Block(Block),
    /// Index into [`PageLayout::tables`].
    Table(usize),
}

/// One page after layout analysis.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageLayout {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    /// Body content in reading order.
    pub items: Vec<Item>,
    pub tables: Vec<TableGrid>,
    pub boxes: Vec<BoxRegion>,
    /// Running headers, footers and page numbers.
    pub furniture: Vec<Line>,
    /// Filled/stroked rectangles that are neither rules nor boxes (bars of a bar chart …).
    pub rects: Vec<Rect>,
    /// All rulings of the page, for consumers that need raw geometry.
    pub rulings: Vec<Ruling>,
    /// True when the page looks like a table of contents.
    pub is_contents: bool,
    /// The body text in reading order: lines joined as a reader would, paragraphs by `\n`.
    pub text: String,
}

/// The whole document after layout analysis.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Layout {
    pub pages: Vec<PageLayout>,
}
