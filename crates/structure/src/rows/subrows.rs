//! Rows that stack aligned items: an Excel export draws no rule between the sheet rows of
//! one record, so a ruled row holds, say, two locations and two periods, one per line, the
//! lines of those cells at matching heights. Such a row is split into sub-rows in
//! `tables[]`; the cells that are not stacked (the 事業名, the number) span the sub-rows.

use super::header::Columns;
use crate::tables::util::{cell_text, matrix};
use crate::tables::Split;
use crate::Readers;
use keikaku_model::{Line, TableCell, TableGrid};

/// A stacked line is at most this share of its cell's width (a wrapped line fills it).
const SHORT_LINE: f32 = 0.85;
/// A stacked line's centre lies within this share of its sub-row's height from the
/// sub-row's middle.
const SPREAD: f32 = 0.25;
/// Text this close (points) to a cell's side runs over from a neighbour.
const PAD: f32 = 1.0;
/// Line centres of two cells match within this share of the line height.
const ALIGN: f32 = 0.35;

/// The split of grid row `r` of a row-form table, when at least two cells other than the
/// initiative cell stack the same number of short lines at matching heights.
pub fn split(rd: Readers<'_>, g: &TableGrid, r: usize, cols: &Columns) -> Option<Split> {
    let stacked: Vec<&TableCell> = g
        .cells
        .iter()
        .filter(|c| c.row == r && c.rowspan == 1 && c.colspan == 1 && c.col != cols.title)
        .filter(|c| is_stacked(c))
        .collect();
    let group = best_group(&stacked)?;
    let k = group.first()?.lines.len();
    let (texts, _) = matrix(rd, g);
    let base = texts.get(r)?;
    let mut rows = vec![base.clone(); k];
    for c in &group {
        for (i, line) in c.lines.iter().enumerate() {
            if let Some(x) = rows.get_mut(i).and_then(|row| row.get_mut(c.col)) {
                *x = crate::tables::util::tidy(rd, &line.text);
            }
        }
    }
    let new_merges = g
        .cells
        .iter()
        .filter(|c| c.row == r && c.rowspan == 1 && c.colspan == 1)
        .filter(|c| !group.iter().any(|s| s.col == c.col) && !cell_text(rd, c).is_empty())
        .map(|c| c.col)
        .collect();
    Some(Split {
        row: r,
        rows,
        new_merges,
    })
}

/// Two or more lines, none filling the cell's width nor touching its sides (text running
/// over from the next cell), each in the middle of its share of the cell's height (as in
/// sheet rows of one height; a paragraph centred in a tall cell bunches in the middle).
fn is_stacked(c: &TableCell) -> bool {
    let (w, k) = (c.bbox.width(), c.lines.len());
    let share = c.bbox.height() / k.max(1) as f32;
    let inside = |l: &Line| l.bbox.x0 > c.bbox.x0 + PAD && l.bbox.x1 < c.bbox.x1 - PAD;
    let spread = c.lines.iter().enumerate().all(|(i, l)| {
        let mid = c.bbox.y0 + (i as f32 + 0.5) * share;
        (l.bbox.center_y() - mid).abs() <= SPREAD * share
    });
    k >= 2
        && w > 0.0
        && spread
        && c.lines
            .iter()
            .all(|l| l.bbox.width() <= SHORT_LINE * w && inside(l))
}

/// The largest set (at least two) of stacked cells whose lines lie at matching heights.
fn best_group<'a>(cells: &[&'a TableCell]) -> Option<Vec<&'a TableCell>> {
    let mut best: Option<Vec<&TableCell>> = None;
    for a in cells {
        let group: Vec<&TableCell> = cells
            .iter()
            .filter(|b| aligned(&a.lines, &b.lines))
            .copied()
            .collect();
        if group.len() >= 2 && best.as_ref().is_none_or(|b| group.len() > b.len()) {
            best = Some(group);
        }
    }
    best
}

/// True when both cells have as many lines and each pair of lines is at one height.
fn aligned(a: &[Line], b: &[Line]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(x, y)| {
            let h = x.bbox.height().max(y.bbox.height()).max(1.0);
            (x.bbox.center_y() - y.bbox.center_y()).abs() <= ALIGN * h
        })
}
