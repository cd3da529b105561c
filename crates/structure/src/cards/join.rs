//! Cards that continue on the next page where the layout did not join the parts (their
//! column edges differ): the parts are stacked and their cells re-gridded on the union of
//! their column edges, by x position.

use keikaku_model::{Item, JoinedTable, Layout, PageLayout, TableCell, TableGrid};

/// Column edges closer than this (points) are one edge.
const EDGE_TOLERANCE: f32 = 3.0;

/// Share of the page height at the top where a short line the furniture detector missed
/// (a running header printed on few pages) may stand above the second half of a card.
const MARGIN_BAND: f32 = 0.08;
/// Longest such line, in characters.
const MARGIN_CHARS: usize = 20;

/// True when `b` starts the page after `a` ends: `a` is the last table of its page and `b`
/// the first item of its page, but for short lines in the page's top band (a running
/// header the furniture detector missed).
pub fn continues(layout: &Layout, a: &JoinedTable, b: &JoinedTable) -> bool {
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
    let before_b = pb
        .items
        .iter()
        .take_while(|it| !matches!(it, Item::Table(t) if *t == first.table_index));
    let b_starts = pb
        .items
        .iter()
        .any(|it| matches!(it, Item::Table(t) if *t == first.table_index))
        && before_b.into_iter().all(|it| in_margin(pb, it));
    last_table == Some(last.table_index) && b_starts
}

/// True for a short text block in the page's top band.
fn in_margin(page: &PageLayout, it: &Item) -> bool {
    let Item::Block(b) = it else {
        return false;
    };
    b.bbox.y1 <= MARGIN_BAND * page.height && b.lines_text().chars().count() <= MARGIN_CHARS
}

/// `a` with `b`'s rows below it, every cell re-gridded on the union of column edges.
pub fn stack(a: &JoinedTable, b: &JoinedTable) -> JoinedTable {
    let mut xs: Vec<f32> = a
        .grid
        .cells
        .iter()
        .chain(&b.grid.cells)
        .flat_map(|c| [c.bbox.x0, c.bbox.x1])
        .collect();
    xs.sort_by(f32::total_cmp);
    let mut edges: Vec<f32> = Vec::new();
    for x in xs {
        if edges.last().is_none_or(|e| x - e > EDGE_TOLERANCE) {
            edges.push(x);
        }
    }
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
    let na = a.grid.n_rows();
    let skip = b.grid.repeated_header_rows;
    let mut cells: Vec<TableCell> = a.grid.cells.iter().map(|c| regrid(c, 0)).collect();
    cells.extend(
        b.grid
            .cells
            .iter()
            .filter(|c| c.row >= skip)
            .map(|c| regrid(c, na - skip.min(na))),
    );
    let rows = na + b.grid.n_rows().saturating_sub(skip);
    let grid = TableGrid {
        row_edges: (0..=rows).map(|r| r as f32).collect(),
        col_edges: edges,
        cells,
        ..a.grid.clone()
    };
    let mut pages = a.pages.clone();
    pages.extend(b.pages.iter().filter(|p| !a.pages.contains(p)));
    let mut parts = a.parts.clone();
    parts.extend(b.parts.iter().copied());
    JoinedTable { pages, parts, grid }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

    fn cell(row: usize, x0: f32, x1: f32) -> TableCell {
        TableCell {
            row,
            col: 0,
            rowspan: 1,
            colspan: 1,
            bbox: BBox::new(x0, 0.0, x1, 10.0),
            lines: vec![],
            text: String::new(),
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
            parts: vec![],
            grid,
        }
    }

    #[test]
    fn stacked_parts_share_columns() {
        let a = table(vec![cell(0, 50.0, 300.0), cell(0, 300.0, 540.0)], 1);
        let b = table(
            vec![
                cell(0, 50.0, 150.0),
                cell(0, 150.0, 300.0),
                cell(0, 300.5, 540.0),
            ],
            1,
        );
        let j = stack(&a, &b);
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
    }
}
