//! What layout analysis produces: lines, blocks, table grids, bordered boxes and furniture,
//! per page, in reading order.

use crate::{BBox, Rect, Ruling};
use serde::{Deserialize, Serialize};

/// A line of text: glyphs on one baseline (or one column, in vertical writing).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Line {
    /// Text as a reader would type it (spurious inter-glyph spaces removed).
    pub text: String,
    /// Union of the line's glyph boxes.
    pub bbox: BBox,
    /// Dominant font size in points.
    pub size: f32,
    /// True when most glyphs are in a bold font.
    pub bold: bool,
    /// True when most glyphs are in the document's emphasis face (a gothic face among 明朝
    /// text: how Japanese documents set headings), bold weight or not.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub emphasis: bool,
    /// True for a column of vertical writing (read top-down; columns right to left).
    pub vertical: bool,
    /// x0 of each char of `text` (same count as `text.chars()`), for column lookups.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub char_x: Vec<f32>,
}

impl Line {
    /// True when `next` is a later segment of this line's visual row (a line split at a
    /// wide gap, such as letter-spaced 団　　体　　名).
    pub fn same_row(&self, next: &Line) -> bool {
        !self.vertical
            && !next.vertical
            && next.bbox.x0 >= self.bbox.x1 - 0.1 * self.size
            && (self.bbox.center_y() - next.bbox.center_y()).abs() <= 0.3 * self.size.max(next.size)
    }
}

/// The lines of one paragraph joined as a reader would: nothing between Japanese text, a
/// space between Latin words and between segments of one row.
pub fn paragraph_text(lines: &[&Line]) -> String {
    let mut s = String::new();
    let mut prev: Option<&Line> = None;
    for l in lines {
        let t = l.text.trim();
        if t.is_empty() {
            continue;
        }
        let row = prev.is_some_and(|p| p.same_row(l));
        prev = Some(l);
        let latin_end = s
            .chars()
            .last()
            .is_some_and(|c| c.is_ascii_alphanumeric() || ",.;:)".contains(c));
        let latin_start = t
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '(');
        if row || (latin_end && latin_start) {
            s.push(' ');
        }
        s.push_str(t);
    }
    s
}

/// Consecutive lines that belong together (a paragraph, a heading, a list item).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Block {
    /// The lines in reading order.
    pub lines: Vec<Line>,
    /// Union of the lines' boxes.
    pub bbox: BBox,
    /// The lines as a reader would type them (filled by layout: nothing between Japanese
    /// lines, a space between Latin words, paragraphs split by `\n`).
    #[serde(default)]
    pub text: String,
}

impl Block {
    /// The lines' texts joined by `\n`, as printed.
    pub fn lines_text(&self) -> String {
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
    /// Top grid row (0-based).
    pub row: usize,
    /// Left grid column (0-based).
    pub col: usize,
    /// Number of grid rows covered (>= 1).
    pub rowspan: usize,
    /// Number of grid columns covered (>= 1).
    pub colspan: usize,
    /// The cell's box on its page.
    pub bbox: BBox,
    /// The cell's lines in reading order.
    pub lines: Vec<Line>,
    /// The lines as a reader would type them (filled by layout, like [`Block::text`]).
    #[serde(default)]
    pub text: String,
}

impl TableCell {
    /// The lines' texts joined by `\n`, as printed.
    pub fn lines_text(&self) -> String {
        self.lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A ruled table: grid boundaries and cells.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TableGrid {
    /// 1-based page of the (first part of the) table.
    pub page: u32,
    /// The grid's outer box.
    pub bbox: BBox,
    /// y of each horizontal grid line, top to bottom (rows = len - 1).
    pub row_edges: Vec<f32>,
    /// x of each vertical grid line, left to right (cols = len - 1).
    pub col_edges: Vec<f32>,
    /// Cells, row-major by their top-left grid position.
    pub cells: Vec<TableCell>,
    /// True when this table continues a table from the previous page.
    pub continues_previous: bool,
    /// With `continues_previous`: how many leading rows repeat the previous part's header
    /// rows (drop them when joining).
    #[serde(default)]
    pub repeated_header_rows: usize,
}

impl TableGrid {
    /// Number of grid rows.
    pub fn n_rows(&self) -> usize {
        self.row_edges.len().saturating_sub(1)
    }
    /// Number of grid columns.
    pub fn n_cols(&self) -> usize {
        self.col_edges.len().saturating_sub(1)
    }
}

/// A bordered or shaded box enclosing body content (not a table).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct BoxRegion {
    /// The box's outline.
    pub bbox: BBox,
    /// Shading colour, for a filled box.
    pub fill: Option<[u8; 3]>,
}

/// A body item in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Item {
    /// A paragraph, heading or list item.
    Block(Block),
    /// Index into [`PageLayout::tables`].
    Table(usize),
}

/// One page after layout analysis.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageLayout {
    /// 1-based page number.
    pub number: u32,
    /// Width in points.
    pub width: f32,
    /// Height in points.
    pub height: f32,
    /// Body content in reading order.
    pub items: Vec<Item>,
    /// Ruled tables of the page, in reading order; [`Item::Table`] indexes this.
    pub tables: Vec<TableGrid>,
    /// Bordered or shaded boxes framing body content.
    pub boxes: Vec<BoxRegion>,
    /// Running headers, footers and page numbers.
    pub furniture: Vec<Line>,
    /// Filled/stroked rectangles that are neither rules nor boxes (bars of a bar chart …).
    /// Table cell shading is kept here too (compare with the cells' boxes); whole-page
    /// backgrounds are dropped.
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
    /// One entry per page, in page order.
    pub pages: Vec<PageLayout>,
    /// Every table in document order, the parts of a table continued across page breaks
    /// joined into one (computed once, at the end of layout analysis).
    #[serde(default)]
    pub joined: Vec<JoinedTable>,
}

/// Where one part of a [`JoinedTable`] lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct TablePart {
    /// Index into [`Layout::pages`].
    pub page_index: usize,
    /// Index into that page's [`PageLayout::tables`].
    pub table_index: usize,
}

/// A table joined across page breaks ([`Layout::joined`]).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct JoinedTable {
    /// 1-based pages the table spans, in order.
    pub pages: Vec<u32>,
    /// The parts, first to last.
    pub parts: Vec<TablePart>,
    /// The joined grid. `page` and `bbox` are those of the first part and `col_edges` those
    /// of the first part; `row_edges` are stacked (each later part shifted down to start where
    /// the previous one ended), so they only count rows. A later part whose column edges are a
    /// subset of the first part's (a header row split further) has its cells mapped onto the
    /// first part's columns. Repeated header rows are dropped; an empty cell at the top of a
    /// later part under a non-empty cell extends that cell's `rowspan` (a label column whose
    /// row was cut by the page break). Cell `bbox`es stay in their own page's coordinates.
    pub grid: TableGrid,
    /// True when the next table of [`Layout::joined`] starts the page right after this one
    /// ends (nothing between them but short lines in the page's top band, a running header
    /// the furniture detector missed) although layout kept them apart: their columns differ,
    /// or the next starts like a new card. A reader that knows the form (a card whose 年度
    /// row fell to the next page) may take it with [`JoinedTable::stacked`].
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub continued_by_next: bool,
}

/// Column edges of two stacked tables closer than this (points) are one edge.
pub const STACK_EDGE_TOLERANCE: f32 = 3.0;

impl JoinedTable {
    /// This table with `next`'s rows below it (its repeated header rows dropped), every cell
    /// re-gridded on the union of both column edges, by x position; `continued_by_next` is
    /// `next`'s.
    pub fn stacked(&self, next: &JoinedTable) -> JoinedTable {
        let edges = union_edges(self.grid.cells.iter().chain(&next.grid.cells));
        let col_of = |x: f32| {
            edges
                .iter()
                .enumerate()
                .min_by(|(_, e1), (_, e2)| (*e1 - x).abs().total_cmp(&(*e2 - x).abs()))
                .map_or(0, |(i, _)| i)
        };
        let regrid = |c: &TableCell, row_off: usize| {
            let col = col_of(c.bbox.x0);
            let end = col_of(c.bbox.x1).max(col + 1);
            TableCell {
                row: c.row + row_off,
                col,
                colspan: end - col,
                ..c.clone()
            }
        };
        let na = self.grid.n_rows();
        let skip = next.grid.repeated_header_rows;
        let mut cells: Vec<TableCell> = self.grid.cells.iter().map(|c| regrid(c, 0)).collect();
        cells.extend(
            next.grid
                .cells
                .iter()
                .filter(|c| c.row >= skip)
                .map(|c| regrid(c, na - skip.min(na))),
        );
        let rows = na + next.grid.n_rows().saturating_sub(skip);
        let grid = TableGrid {
            row_edges: (0..=rows).map(|r| r as f32).collect(),
            col_edges: edges,
            cells,
            ..self.grid.clone()
        };
        let mut pages = self.pages.clone();
        pages.extend(next.pages.iter().filter(|p| !self.pages.contains(p)));
        let mut parts = self.parts.clone();
        parts.extend(next.parts.iter().copied());
        JoinedTable {
            pages,
            parts,
            grid,
            continued_by_next: next.continued_by_next,
        }
    }
}

/// The cells' left and right edges, sorted, those within [`STACK_EDGE_TOLERANCE`] as one.
fn union_edges<'a>(cells: impl Iterator<Item = &'a TableCell>) -> Vec<f32> {
    let mut xs: Vec<f32> = cells.flat_map(|c| [c.bbox.x0, c.bbox.x1]).collect();
    xs.sort_by(f32::total_cmp);
    let mut edges: Vec<f32> = Vec::new();
    for x in xs {
        if edges.last().is_none_or(|e| x - e > STACK_EDGE_TOLERANCE) {
            edges.push(x);
        }
    }
    edges
}

/// The built-in `[layout]` profile file (page-number shapes, contents headings, leaders,
/// paragraph markers, font faces): `data/layout.toml`, read by layout analysis and listed
/// among the built-in profiles.
pub const BUILTIN_LAYOUT_PROFILE: &str = include_str!("../data/layout.toml");

/// The `[layout]` table of a profile file (see `data/layout.toml`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LayoutProfile {
    /// Page-number templates ('#' = digits).
    pub page_number: Vec<String>,
    /// Contents-page headings.
    pub contents_heading: Vec<String>,
    /// Dotted-leader characters (the first character of each entry).
    pub leader: Vec<String>,
    /// Markers that may start a new paragraph.
    pub paragraph_start: Vec<String>,
    /// Markers that always start a new paragraph.
    pub item_start: Vec<String>,
    /// Parts of font names (compared lower-case) of an emphasis face (ゴシック): in a text
    /// set mostly in a regular face, lines in an emphasis face read as headings.
    pub emphasis_font: Vec<String>,
    /// Parts of font names of a regular text face (明朝).
    pub regular_font: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: usize, x0: f32, x1: f32) -> TableCell {
        TableCell {
            row,
            rowspan: 1,
            colspan: 1,
            bbox: BBox::new(x0, 0.0, x1, 10.0),
            ..TableCell::default()
        }
    }

    fn table(cells: Vec<TableCell>, rows: usize) -> JoinedTable {
        let grid = TableGrid {
            row_edges: (0..=rows).map(|r| r as f32).collect(),
            cells,
            ..TableGrid::default()
        };
        JoinedTable {
            pages: vec![1],
            grid,
            ..JoinedTable::default()
        }
    }

    #[test]
    fn stacked_parts_share_columns() {
        let a = table(vec![cell(0, 50.0, 300.0), cell(0, 300.0, 540.0)], 1);
        let mut b = table(
            vec![
                cell(0, 50.0, 150.0),
                cell(0, 150.0, 300.0),
                cell(0, 300.5, 540.0),
            ],
            1,
        );
        b.continued_by_next = true;
        let j = a.stacked(&b);
        assert_eq!(j.grid.n_rows(), 2);
        let spans: Vec<(usize, usize, usize)> = j
            .grid
            .cells
            .iter()
            .map(|c| (c.row, c.col, c.colspan))
            .collect();
        assert_eq!(
            spans,
            [(0, 0, 2), (0, 2, 1), (1, 0, 1), (1, 1, 1), (1, 2, 1)]
        );
        assert!(
            j.continued_by_next,
            "the stack ends where its last part ends"
        );
    }
}
