//! A connected group of rules → a grid: row/column edges and (possibly merged) cells.

use crate::rules::{Rules, Seg, SNAP};

/// Grid rows/columns narrower than this (points) are folded into their neighbour.
const MIN_CELL: f32 = 3.0;

/// One cell of a grid by grid position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// Grid edges plus cells; `cell_at[r * cols + c]` is the span covering grid position (r, c).
#[derive(Debug, Clone)]
pub(crate) struct Grid {
    pub xs: Vec<f32>,
    pub ys: Vec<f32>,
    pub spans: Vec<Span>,
    pub cell_at: Vec<usize>,
}

impl Grid {
    pub fn rows(&self) -> usize {
        self.ys.len() - 1
    }
    pub fn cols(&self) -> usize {
        self.xs.len() - 1
    }

    /// The span index covering the point, if inside the grid.
    pub fn cell_of(&self, x: f32, y: f32) -> Option<usize> {
        let (x0, x1) = (self.xs[0], self.xs[self.xs.len() - 1]);
        let (y0, y1) = (self.ys[0], self.ys[self.ys.len() - 1]);
        if !(x >= x0 && x <= x1 && y >= y0 && y <= y1) {
            return None;
        }
        let c = self
            .xs
            .partition_point(|&e| e <= x)
            .saturating_sub(1)
            .min(self.cols() - 1);
        let r = self
            .ys
            .partition_point(|&e| e <= y)
            .saturating_sub(1)
            .min(self.rows() - 1);
        self.cell_at.get(r * self.cols() + c).copied()
    }
}

/// Sorted edge positions from rule positions, with `lo`/`hi` added when no rule lies there,
/// and positions closer than [`MIN_CELL`] folded.
fn edges(mut pos: Vec<f32>, lo: f32, hi: f32) -> Vec<f32> {
    pos.sort_by(f32::total_cmp);
    if pos.first().is_none_or(|&p| p - lo > 2.0 * SNAP) {
        pos.insert(0, lo);
    }
    if pos.last().is_none_or(|&p| hi - p > 2.0 * SNAP) {
        pos.push(hi);
    }
    let mut out: Vec<f32> = Vec::with_capacity(pos.len());
    for p in pos {
        if out.last().is_none_or(|&l| p - l >= MIN_CELL) {
            out.push(p);
        }
    }
    out
}

/// Segments bucketed by the nearest edge (within 2 × SNAP).
fn bucket(segs: &[Seg], edges: &[f32]) -> Vec<Vec<Seg>> {
    let mut out = vec![Vec::new(); edges.len()];
    for s in segs {
        let k = edges.partition_point(|&e| e < s.pos);
        let best = [k.wrapping_sub(1), k]
            .into_iter()
            .filter(|&i| i < edges.len())
            .min_by(|&a, &b| {
                (edges[a] - s.pos)
                    .abs()
                    .total_cmp(&(edges[b] - s.pos).abs())
            });
        if let Some(i) = best.filter(|&i| (edges[i] - s.pos).abs() <= 2.0 * SNAP) {
            out[i].push(*s);
        }
    }
    out
}

/// True when `segs` cover at least half of `lo..hi`.
fn covered(segs: &[Seg], lo: f32, hi: f32) -> bool {
    let got: f32 = segs
        .iter()
        .map(|s| (s.b.min(hi) - s.a.max(lo)).max(0.0))
        .sum();
    got >= 0.5 * (hi - lo)
}

/// Builds the grid of a connected group of rules; `None` when degenerate.
pub(crate) fn build(group: &Rules) -> Option<Grid> {
    let lo_x = group
        .h
        .iter()
        .map(|s| s.a)
        .chain(group.v.iter().map(|s| s.pos))
        .fold(f32::INFINITY, f32::min);
    let hi_x = group
        .h
        .iter()
        .map(|s| s.b)
        .chain(group.v.iter().map(|s| s.pos))
        .fold(f32::NEG_INFINITY, f32::max);
    let lo_y = group
        .v
        .iter()
        .map(|s| s.a)
        .chain(group.h.iter().map(|s| s.pos))
        .fold(f32::INFINITY, f32::min);
    let hi_y = group
        .v
        .iter()
        .map(|s| s.b)
        .chain(group.h.iter().map(|s| s.pos))
        .fold(f32::NEG_INFINITY, f32::max);
    let xs = edges(group.v.iter().map(|s| s.pos).collect(), lo_x, hi_x);
    let ys = edges(group.h.iter().map(|s| s.pos).collect(), lo_y, hi_y);
    if xs.len() < 2 || ys.len() < 2 {
        return None;
    }
    let (vb, hb) = (bucket(&group.v, &xs), bucket(&group.h, &ys));
    let (rows, cols) = (ys.len() - 1, xs.len() - 1);
    // wall_v(r, j): a vertical rule at xs[j] over row r; wall_h(i, c): horizontal at ys[i] over col c.
    let wall_v = |r: usize, j: usize| covered(&vb[j], ys[r], ys[r + 1]);
    let wall_h = |i: usize, c: usize| covered(&hb[i], xs[c], xs[c + 1]);
    let mut cell_at = vec![usize::MAX; rows * cols];
    let mut spans = Vec::new();
    for r in 0..rows {
        for c in 0..cols {
            if cell_at[r * cols + c] != usize::MAX {
                continue;
            }
            let mut cs = 1;
            while c + cs < cols && !wall_v(r, c + cs) && cell_at[r * cols + c + cs] == usize::MAX {
                cs += 1;
            }
            let mut rs = 1;
            while r + rs < rows
                && (c..c + cs)
                    .all(|k| !wall_h(r + rs, k) && cell_at[(r + rs) * cols + k] == usize::MAX)
            {
                rs += 1;
            }
            for rr in r..r + rs {
                for cc in c..c + cs {
                    cell_at[rr * cols + cc] = spans.len();
                }
            }
            spans.push(Span {
                row: r,
                col: c,
                rowspan: rs,
                colspan: cs,
            });
        }
    }
    Some(Grid {
        xs,
        ys,
        spans,
        cell_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

    /// 3×3 grid 0..300 × 0..90 whose middle row has no rule between columns 1 and 2.
    fn merged_grid() -> Rules {
        let mut r = Rules::default();
        for y in [0.0, 30.0, 60.0, 90.0] {
            r.h.push(Seg {
                pos: y,
                a: 0.0,
                b: 300.0,
            });
        }
        for x in [0.0, 300.0, 100.0] {
            r.v.push(Seg {
                pos: x,
                a: 0.0,
                b: 90.0,
            });
        }
        r.v.push(Seg {
            pos: 200.0,
            a: 0.0,
            b: 30.0,
        });
        r.v.push(Seg {
            pos: 200.0,
            a: 60.0,
            b: 90.0,
        });
        r.normalise()
    }

    #[test]
    fn merged_cell_spans_two_columns() {
        let g = build(&merged_grid()).expect("grid");
        assert_eq!((g.rows(), g.cols()), (3, 3));
        assert_eq!(g.spans.len(), 8);
        let s = g.spans[g.cell_of(250.0, 45.0).expect("inside")];
        assert_eq!(
            s,
            Span {
                row: 1,
                col: 1,
                rowspan: 1,
                colspan: 2
            }
        );
        assert_eq!(g.cell_of(150.0, 45.0), g.cell_of(250.0, 45.0));
        assert_ne!(g.cell_of(150.0, 15.0), g.cell_of(250.0, 15.0));
    }

    #[test]
    fn frame_is_one_cell() {
        let mut r = Rules::default();
        r.push_box(&BBox::new(10.0, 10.0, 200.0, 80.0));
        let g = build(&r.normalise()).expect("grid");
        assert_eq!((g.rows(), g.cols(), g.spans.len()), (1, 1, 1));
    }
}
