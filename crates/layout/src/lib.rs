//! keikaku-layout: layout analysis of extracted pages.
//!
//! Owns everything between positioned glyphs and reading-order text: lines (baseline
//! grouping, vertical columns, duplicate removal, reader-like spacing), table grids from
//! stroked rules, thin filled rules and shaded cells (merged cells included), bordered and
//! shaded boxes, reading order (columns, tables read cell by cell, boxes as units),
//! paragraphs, running headers/footers/page numbers, contents pages, and tables that
//! continue over a page break.
//!
//! Entry point: [`analyze`]: `&[keikaku_model::Page]` → `Warned<keikaku_model::Layout>`,
//! everything the structure stage reads: per page the lines, blocks and table cells with
//! their reader text (`Block::text`, `TableCell::text`, made by [`join_lines`]), boxes and
//! furniture, and `Layout::joined`, the tables joined across page breaks ([`joined_tables`],
//! run once at the end).
//! Layout vocabulary (page-number shapes, contents headings, leaders, paragraph markers) is
//! data: [`LayoutProfile`] (a `keikaku_model` type), built in from the model's
//! `data/layout.toml` and extended by a user's profile through [`analyze_with`].

mod contents;
mod data;
mod emphasis;
mod furniture;
mod geom;
mod grid;
mod hidden;
mod join;
mod lines;
mod order;
mod outlines;
mod para;
mod rules;
mod tables;
#[cfg(test)]
mod test_util;

pub use data::{builtin_profile, LayoutProfile, BUILTIN_PROFILE};
pub use join::joined_tables;

use data::Knowledge;

use keikaku_model::{
    BBox, Block, Item, Layout, Line, Page, PageLayout, TableCell, TableGrid, Warned, Warning,
};
use order::Node;

/// A page after the per-page stage, before furniture (which needs every page) is known.
struct Prepared {
    lines: Vec<Line>,
    tables: Vec<TableGrid>,
    boxes: Vec<keikaku_model::BoxRegion>,
    rects: Vec<keikaku_model::Rect>,
    is_contents: bool,
}

/// Analyses every page with the built-in layout vocabulary: see [`analyze_with`].
pub fn analyze(pages: &[Page]) -> Warned<Layout> {
    analyze_with(pages, &builtin_profile())
}

/// Analyses every page: lines, tables, boxes, furniture, reading order and page text.
pub fn analyze_with(pages: &[Page], profile: &LayoutProfile) -> Warned<Layout> {
    let k = Knowledge::new(profile);
    let mut warnings = Vec::new();
    let visible: Vec<std::borrow::Cow<Page>> = pages.iter().map(hidden::strip_invisible).collect();
    let cleaned: Vec<std::borrow::Cow<Page>> = emphasis::mark(
        visible
            .iter()
            .map(|p| outlines::strip_glyph_outlines(p.as_ref()))
            .collect(),
        &k,
    );
    let pages: Vec<&Page> = cleaned.iter().map(|p| p.as_ref()).collect();
    let prepared: Vec<Prepared> = pages
        .iter()
        .map(|p| prepare(p, &k, &mut warnings))
        .collect();
    let views: Vec<furniture::PageLines> = pages
        .iter()
        .zip(&prepared)
        .map(|(p, pr)| furniture::PageLines {
            width: p.width,
            height: p.height,
            lines: &pr.lines,
        })
        .collect();
    let flags = furniture::detect(&views, &k);
    let mut out: Vec<PageLayout> = pages
        .iter()
        .zip(prepared)
        .zip(flags)
        .map(|((p, pr), f)| finish(p, pr, &f, &k))
        .collect();
    join::mark_continuations(&mut out);
    let mut layout = Layout {
        pages: out,
        joined: Vec::new(),
    };
    layout.joined = join::joined_tables(&layout);
    Warned::new(layout, warnings)
}

/// Per-page stage: regions, cell lines, body lines.
fn prepare(page: &Page, k: &Knowledge, warnings: &mut Vec<Warning>) -> Prepared {
    let (idx, bad) = lines::clean_glyphs(&page.glyphs);
    if bad > 0 {
        let msg = format!("{bad} glyphs with unusable coordinates or no text were ignored");
        warnings.push(Warning::new(Some(page.number), "layout-bad-glyph", msg));
    }
    let regions = tables::find(page, &idx);
    let tables = regions.tables.iter().map(|t| table_grid(page, t)).collect();
    let lines = lines::build_lines(page, &regions.body, true);
    let is_contents = contents::is_contents(&lines, k);
    Prepared {
        lines,
        tables,
        boxes: regions.boxes,
        rects: regions.rects,
        is_contents,
    }
}

/// A table region with each cell's lines in reading order.
fn table_grid(page: &Page, t: &tables::TableRegion) -> TableGrid {
    let g = &t.grid;
    let cells = g
        .spans
        .iter()
        .zip(&t.glyphs)
        .map(|(s, glyphs)| {
            let lines = lines::build_lines(page, glyphs, false);
            let ordered = flatten_lines(&order::order(&lines, &[], &[], page.width));
            let lines: Vec<Line> = ordered.into_iter().map(|i| lines[i].clone()).collect();
            TableCell {
                row: s.row,
                col: s.col,
                rowspan: s.rowspan,
                colspan: s.colspan,
                bbox: BBox::new(
                    g.xs[s.col],
                    g.ys[s.row],
                    g.xs[s.col + s.colspan],
                    g.ys[s.row + s.rowspan],
                ),
                text: join_lines(&lines),
                lines,
            }
        })
        .collect();
    TableGrid {
        page: page.number,
        bbox: t.bbox,
        row_edges: g.ys.clone(),
        col_edges: g.xs.clone(),
        cells,
        continues_previous: false,
        repeated_header_rows: 0,
    }
}

/// Line indices of ordered nodes, groups flattened.
fn flatten_lines(nodes: &[Node]) -> Vec<usize> {
    let mut out = Vec::new();
    for n in nodes {
        match n {
            Node::Line(i) => out.push(*i),
            Node::Group(g) => out.extend(flatten_lines(g)),
            Node::Table(_) => {}
        }
    }
    out
}

/// One step of the flattened page order.
enum Step {
    Line(usize),
    Table(usize),
    /// A box starts or ends: paragraphs never cross it.
    Break,
}

fn flatten(nodes: &[Node], out: &mut Vec<Step>) {
    for n in nodes {
        match n {
            Node::Line(i) => out.push(Step::Line(*i)),
            Node::Table(t) => out.push(Step::Table(*t)),
            Node::Group(g) => {
                out.push(Step::Break);
                flatten(g, out);
                out.push(Step::Break);
            }
        }
    }
}

/// Second stage: furniture removed, reading order, blocks and page text.
fn finish(page: &Page, pr: Prepared, furniture_flags: &[bool], k: &Knowledge) -> PageLayout {
    let (mut body, mut furniture) = (Vec::new(), Vec::new());
    for (l, &f) in pr.lines.into_iter().zip(furniture_flags) {
        if f {
            furniture.push(l)
        } else {
            body.push(l)
        }
    }
    let table_boxes: Vec<BBox> = pr.tables.iter().map(|t| t.bbox).collect();
    let box_boxes: Vec<BBox> = pr.boxes.iter().map(|b| b.bbox).collect();
    let mut steps = Vec::new();
    flatten(
        &order::order(&body, &table_boxes, &box_boxes, page.width),
        &mut steps,
    );
    let mut old_tables: Vec<Option<TableGrid>> = pr.tables.into_iter().map(Some).collect();
    let (mut items, mut tables, mut run) = (Vec::new(), Vec::new(), Vec::new());
    for step in steps {
        match step {
            Step::Line(i) => run.push(i),
            Step::Break => push_blocks(&body, &mut run, k, &mut items),
            Step::Table(t) => {
                push_blocks(&body, &mut run, k, &mut items);
                if let Some(grid) = old_tables.get_mut(t).and_then(Option::take) {
                    items.push(Item::Table(tables.len()));
                    tables.push(grid);
                }
            }
        }
    }
    push_blocks(&body, &mut run, k, &mut items);
    furniture.sort_by(|a, b| {
        a.bbox
            .y0
            .total_cmp(&b.bbox.y0)
            .then(a.bbox.x0.total_cmp(&b.bbox.x0))
    });
    let text = page_text(&items, &tables, k);
    PageLayout {
        number: page.number,
        width: page.width,
        height: page.height,
        items,
        tables,
        boxes: pr.boxes,
        furniture,
        rects: pr.rects,
        rulings: page.rulings.clone(),
        is_contents: pr.is_contents,
        text,
    }
}

/// Turns a run of ordered line indices into paragraph blocks.
fn push_blocks(body: &[Line], run: &mut Vec<usize>, k: &Knowledge, items: &mut Vec<Item>) {
    let lines: Vec<&Line> = run.drain(..).map(|i| &body[i]).collect();
    for r in para::paragraphs(&lines, k) {
        let ls: Vec<Line> = lines[r].iter().map(|&l| l.clone()).collect();
        let bbox = geom::union_all(ls.iter().map(|l| &l.bbox)).unwrap_or_default();
        let text = join_lines(&ls);
        items.push(Item::Block(Block {
            lines: ls,
            bbox,
            text,
        }));
    }
}

/// Text of lines as a reader would type it, the way [`PageLayout::text`] is made: lines of
/// one paragraph joined (nothing between Japanese text, a space between Latin words, a space
/// between pieces of one row), paragraphs separated by `\n` (no trailing newline), always with
/// the built-in vocabulary. [`analyze`] fills `Block::text` and `TableCell::text` with it.
///
/// ```
/// use keikaku_model::{BBox, Line};
/// let line = |t: &str, y: f32, x1: f32| Line {
///     text: t.into(), bbox: BBox::new(50.0, y, x1, y + 10.0), size: 10.0, ..Default::default()
/// };
/// let cell = [line("オンライン申請サービスの活", 100.0, 180.0), line("用", 114.0, 60.0), line("推進", 128.0, 70.0)];
/// assert_eq!(keikaku_layout::join_lines(&cell), "オンライン申請サービスの活用\n推進");
/// ```
pub fn join_lines(lines: &[Line]) -> String {
    let mut s = String::new();
    paragraph_text(&lines.iter().collect::<Vec<_>>(), data::builtin(), &mut s);
    s.truncate(s.trim_end_matches('\n').len());
    s
}

/// Paragraph texts of some lines, each followed by '\n'.
fn paragraph_text(lines: &[&Line], k: &Knowledge, out: &mut String) {
    for r in para::paragraphs(lines, k) {
        let t = para::join(&lines[r]);
        if !t.is_empty() {
            out.push_str(&t);
            out.push('\n');
        }
    }
}

/// The page body in reading order: one paragraph per line, table cells row-major.
fn page_text(items: &[Item], tables: &[TableGrid], k: &Knowledge) -> String {
    let mut s = String::new();
    for it in items {
        match it {
            Item::Block(b) => {
                // a block is one paragraph already (split with the whole page's spacing)
                let t = para::join(&b.lines.iter().collect::<Vec<_>>());
                if !t.is_empty() {
                    s.push_str(&t);
                    s.push('\n');
                }
            }
            Item::Table(t) => {
                for c in tables
                    .get(*t)
                    .map(|t| t.cells.as_slice())
                    .unwrap_or_default()
                {
                    paragraph_text(&c.lines.iter().collect::<Vec<_>>(), k, &mut s);
                }
            }
        }
    }
    s
}

#[cfg(test)]
mod tests;
