//! The body as one list of pieces (lines and tables, in reading order over all pages), with
//! what the reader needs to know of each line: its place in its block, whether a box frames
//! it, whether it lies in a chart.

use crate::Claimed;
use keikaku_model::{BBox, Item, Layout, Line, PageLayout, TableGrid};

/// A line or a table of the body.
#[derive(Debug, Clone)]
pub struct Piece<'a> {
    /// Index into `Layout::pages`.
    pub page_index: usize,
    /// 1-based page number.
    pub page: u32,
    pub what: What<'a>,
}

/// What a piece is.
#[derive(Debug, Clone)]
pub enum What<'a> {
    Line(LinePiece<'a>),
    /// A table and its index in its page's tables.
    Table(usize, &'a TableGrid),
}

/// A body line and its surroundings.
#[derive(Debug, Clone)]
pub struct LinePiece<'a> {
    pub line: &'a Line,
    /// 1-based page number.
    pub page: u32,
    /// The first line of its layout block, or one set in another size than the line
    /// before it (a heading merged into a block).
    pub first: bool,
    /// Framed by a tight box or filled rectangle (a boxed label).
    pub boxed: bool,
    /// Among the bars of a chart.
    pub chart: bool,
}

impl Piece<'_> {
    /// The line, for a line piece.
    pub fn line(&self) -> Option<&LinePiece<'_>> {
        match &self.what {
            What::Line(l) => Some(l),
            What::Table(..) => None,
        }
    }

    /// Marks the piece as held by initiative `index`.
    pub fn claim(&self, claimed: &mut Claimed, index: usize) {
        match &self.what {
            What::Line(l) => claimed.claim_line(self.page, l.line, index),
            What::Table(t, _) => claimed.claim((self.page_index, *t), Some(index)),
        }
    }
}

/// Every body line and table not held by another reader, in reading order.
pub fn pieces<'a>(layout: &'a Layout, claimed: &Claimed) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    for (pi, page) in layout.pages.iter().enumerate() {
        if page.is_contents {
            continue;
        }
        let charts = charts(page);
        for it in &page.items {
            let what: Vec<What> = match it {
                Item::Table(t) if claimed.contains(&(pi, *t)) => continue,
                Item::Table(t) => match page.tables.get(*t) {
                    Some(g) => vec![What::Table(*t, g)],
                    None => continue,
                },
                Item::Block(b) => b
                    .lines
                    .iter()
                    .enumerate()
                    .map(|(i, l)| {
                        What::Line(LinePiece {
                            line: l,
                            page: page.number,
                            first: i == 0
                                || b.lines
                                    .get(i - 1)
                                    .is_some_and(|q| (q.size - l.size).abs() > 0.5),
                            boxed: boxed(page, &l.bbox, l.size),
                            chart: charts.iter().any(|c| inside(c, &l.bbox)),
                        })
                    })
                    .collect(),
            };
            out.extend(what.into_iter().map(|what| Piece {
                page_index: pi,
                page: page.number,
                what,
            }));
        }
    }
    out
}

/// True when a box or rectangle of the page frames the line closely (a label's box).
fn boxed(page: &PageLayout, b: &BBox, size: f32) -> bool {
    let frames = |r: &BBox| {
        let grown = BBox::new(r.x0 - 2.0, r.y0 - 2.0, r.x1 + 2.0, r.y1 + 2.0);
        grown.contains(b) && r.height() <= 3.0 * size.max(1.0)
    };
    page.boxes.iter().any(|x| frames(&x.bbox)) || page.rects.iter().any(|r| frames(&r.bbox))
}

/// How far around its bars a chart's axis numbers and labels reach, in points.
const CHART_MARGIN: (f32, f32) = (36.0, 18.0);

/// The areas of the page's charts: groups of at least two filled rectangles holding no
/// text and lying outside tables (bars), grown by [`CHART_MARGIN`].
fn charts(page: &PageLayout) -> Vec<BBox> {
    let lines: Vec<&BBox> = page
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Block(b) => Some(b.lines.iter().map(|l| &l.bbox)),
            Item::Table(_) => None,
        })
        .flatten()
        .collect();
    let bars: Vec<BBox> = page
        .rects
        .iter()
        .filter(|r| r.filled)
        .map(|r| r.bbox)
        .filter(|r| !page.tables.iter().any(|t| t.bbox.contains(r)))
        .filter(|r| !lines.iter().any(|l| r.intersection_area(l) > 0.0))
        .collect();
    let (mx, my) = CHART_MARGIN;
    let grow = |r: &BBox| BBox::new(r.x0 - mx, r.y0 - my, r.x1 + mx, r.y1 + my);
    let mut groups: Vec<(BBox, usize)> = Vec::new();
    for b in bars {
        match groups
            .iter_mut()
            .find(|(g, _)| g.intersection_area(&grow(&b)) > 0.0)
        {
            Some((g, n)) => {
                *g = g.union(&b);
                *n += 1;
            }
            None => groups.push((b, 1)),
        }
    }
    groups
        .into_iter()
        .filter(|(_, n)| *n >= 2)
        .map(|(g, _)| grow(&g))
        .collect()
}

/// True when the centre of `b` lies in `area`.
fn inside(area: &BBox, b: &BBox) -> bool {
    area.contains_point(b.center_x(), b.center_y())
}
