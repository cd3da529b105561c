//! Tables that continue across a page break: marking (`continues_previous`) and joining.

use keikaku_model::{Item, JoinedTable, Layout, PageLayout, TableGrid, TablePart};

/// Column edges of two parts must agree within this many points.
const EDGE_TOL: f32 = 3.0;

/// The table that ends the page's body (last in reading order and nothing below it).
fn bottom_table(p: &PageLayout) -> Option<usize> {
    let Some(Item::Table(t)) = p.items.last() else {
        return None;
    };
    let y1 = p.tables.get(*t)?.bbox.y1;
    p.items
        .iter()
        .all(|it| item_bbox(p, it).is_none_or(|b| b.y1 <= y1 + EDGE_TOL))
        .then_some(*t)
}

/// The table that starts the page's body (first in reading order and nothing above it).
fn top_table(p: &PageLayout) -> Option<usize> {
    let Some(Item::Table(t)) = p.items.first() else {
        return None;
    };
    let y0 = p.tables.get(*t)?.bbox.y0;
    p.items
        .iter()
        .all(|it| item_bbox(p, it).is_none_or(|b| b.y0 >= y0 - EDGE_TOL))
        .then_some(*t)
}

fn item_bbox(p: &PageLayout, it: &Item) -> Option<keikaku_model::BBox> {
    match it {
        Item::Block(b) => Some(b.bbox),
        Item::Table(t) => p.tables.get(*t).map(|t| t.bbox),
    }
}

/// For each column edge of `next`, the index of the matching edge of `prev`: the parts'
/// outer edges must match and every edge of `next` must be one of `prev` (the first part
/// may have more edges, e.g. from a header row split further).
fn column_map(prev: &TableGrid, next: &TableGrid) -> Option<Vec<usize>> {
    let map: Vec<usize> = next
        .col_edges
        .iter()
        .map(|x| {
            prev.col_edges
                .iter()
                .position(|y| (x - y).abs() <= EDGE_TOL)
        })
        .collect::<Option<_>>()?;
    let ok = map.first() == Some(&0)
        && map.last() == Some(&(prev.col_edges.len() - 1))
        && map.windows(2).all(|w| w[0] < w[1]);
    ok.then_some(map)
}

/// Texts of a row's cells (cells starting in that row), left to right.
fn row_texts(t: &TableGrid, row: usize) -> Vec<String> {
    t.cells
        .iter()
        .filter(|c| c.row == row)
        .map(|c| c.lines_text())
        .collect()
}

/// Column layout of a row: (col, colspan) of the cells starting in it.
fn row_shape(t: &TableGrid, row: usize) -> Vec<(usize, usize)> {
    t.cells
        .iter()
        .filter(|c| c.row == row)
        .map(|c| (c.col, c.colspan))
        .collect()
}

/// True when `next` starts like `prev` started (same first-row layout, or same non-empty
/// first label) while `prev`'s first row differs from its body: a new card or sheet of the
/// same form rather than the rest of `prev`.
fn new_instance(prev: &TableGrid, next: &TableGrid) -> bool {
    let first = row_shape(prev, 0);
    let distinctive = first != row_shape(prev, prev.n_rows().saturating_sub(1));
    let label = |t: &TableGrid| {
        t.cells
            .first()
            .map(|c| c.lines_text())
            .filter(|s| !s.trim().is_empty())
    };
    let same_label = label(prev).is_some() && label(prev) == label(next);
    same_label || (distinctive && row_shape(next, 0) == first)
}

/// Sets `continues_previous` (and `repeated_header_rows`) on tables that start a page right
/// after a table with the same columns ended the previous page.
pub(crate) fn mark_continuations(pages: &mut [PageLayout]) {
    for k in 1..pages.len() {
        let (before, after) = pages.split_at_mut(k);
        let (prev, cur) = (&before[k - 1], &mut after[0]);
        let (Some(a), Some(b)) = (bottom_table(prev), top_table(cur)) else {
            continue;
        };
        let prev_t = &prev.tables[a];
        if column_map(prev_t, &cur.tables[b]).is_none() {
            continue;
        }
        let header = row_texts(prev_t, 0);
        let first = row_texts(&cur.tables[b], 0);
        if first != header && new_instance(prev_t, &cur.tables[b]) {
            continue; // the next card or sheet of the same form, not a continuation
        }
        let repeated = cur.tables[b].n_rows() > 1
            && header.iter().any(|t| !t.trim().is_empty())
            && first == header;
        let t = &mut cur.tables[b];
        t.continues_previous = true;
        t.repeated_header_rows = usize::from(repeated);
    }
}

/// Every table of the layout in document order, with the parts of a table that continues
/// across page breaks joined into one (see [`JoinedTable`] for how the grid is stacked), and
/// each marked when the next one follows it over a page break (`continued_by_next`).
pub fn joined_tables(layout: &Layout) -> Vec<JoinedTable> {
    let mut out: Vec<JoinedTable> = Vec::new();
    let mut bottom_chain: Option<usize> = None;
    for (pi, page) in layout.pages.iter().enumerate() {
        let prev_bottom = bottom_chain.take();
        let bottom = bottom_table(page);
        for (ti, t) in page.tables.iter().enumerate() {
            let part = TablePart {
                page_index: pi,
                table_index: ti,
            };
            let chain = match prev_bottom {
                Some(c) if t.continues_previous && top_table(page) == Some(ti) => {
                    append(&mut out[c], t, part, page.number);
                    c
                }
                _ => {
                    out.push(JoinedTable {
                        pages: vec![page.number],
                        parts: vec![part],
                        grid: t.clone(),
                        continued_by_next: false,
                    });
                    out.len() - 1
                }
            };
            if bottom == Some(ti) {
                bottom_chain = Some(chain);
            }
        }
    }
    mark_followers(layout, &mut out);
    out
}

/// Share of the page height at the top where a short line the furniture detector missed
/// (a running header printed on few pages) may stand above a table that continues one.
const MARGIN_BAND: f32 = 0.08;
/// Longest such line, in characters.
const MARGIN_CHARS: usize = 20;

/// Sets [`JoinedTable::continued_by_next`]: the next joined table starts the page after this
/// one ends, this one being the last table of its page and the next the first item of its
/// page but for short lines in the top band.
fn mark_followers(layout: &Layout, joined: &mut [JoinedTable]) {
    let flags: Vec<bool> = joined
        .windows(2)
        .map(|w| follows(layout, &w[0], &w[1]))
        .collect();
    for (j, f) in joined.iter_mut().zip(flags) {
        j.continued_by_next = f;
    }
}

fn follows(layout: &Layout, a: &JoinedTable, b: &JoinedTable) -> bool {
    let (Some(last), Some(first)) = (a.parts.last(), b.parts.first()) else {
        return false;
    };
    if first.page_index != last.page_index + 1 {
        return false;
    }
    let (Some(pa), Some(pb)) = (
        layout.pages.get(last.page_index),
        layout.pages.get(first.page_index),
    ) else {
        return false;
    };
    let last_table = pa.items.iter().rev().find_map(|it| match it {
        Item::Table(t) => Some(*t),
        Item::Block(_) => None,
    });
    let is_b = |it: &Item| matches!(it, Item::Table(t) if *t == first.table_index);
    let b_starts = pb.items.iter().any(is_b)
        && pb
            .items
            .iter()
            .take_while(|it| !is_b(it))
            .all(|it| in_margin(pb, it));
    last_table == Some(last.table_index) && b_starts
}

/// True for a short text block in the page's top band.
fn in_margin(page: &PageLayout, it: &Item) -> bool {
    let Item::Block(b) = it else {
        return false;
    };
    b.bbox.y1 <= MARGIN_BAND * page.height && b.lines_text().chars().count() <= MARGIN_CHARS
}

/// Appends part `t` to `j`: drops repeated header rows, stacks the row edges, and lets an
/// empty top cell under a non-empty bottom cell extend that cell's rowspan.
fn append(j: &mut JoinedTable, t: &TableGrid, part: TablePart, page: u32) {
    if !j.pages.contains(&page) {
        j.pages.push(page);
    }
    j.parts.push(part);
    let skip = t.repeated_header_rows.min(t.n_rows());
    let g = &mut j.grid;
    let base = g.n_rows();
    let Some(map) = column_map(g, t) else { return };
    let (Some(&last), Some(&first)) = (g.row_edges.last(), t.row_edges.get(skip)) else {
        return;
    };
    g.row_edges
        .extend(t.row_edges[skip + 1..].iter().map(|y| y - first + last));
    for c in t.cells.iter().filter(|c| c.row >= skip) {
        let mut c = c.clone();
        let (Some(&a), Some(&b)) = (map.get(c.col), map.get(c.col + c.colspan)) else {
            continue;
        };
        (c.col, c.colspan) = (a, b - a);
        if c.row == skip && c.lines_text().trim().is_empty() {
            let above = g.cells.iter_mut().find(|p| {
                p.row + p.rowspan == base
                    && p.col == c.col
                    && p.colspan == c.colspan
                    && !p.lines_text().trim().is_empty()
            });
            if let Some(p) = above {
                p.rowspan += c.rowspan;
                continue;
            }
        }
        c.row = c.row - skip + base;
        g.cells.push(c);
    }
    g.cells.sort_by_key(|c| (c.row, c.col));
}
