//! Small geometric helpers: a bucketed point index and interval utilities.

use keikaku_model::BBox;

/// Points (glyph centres) bucketed on a coarse grid for fast "which points lie in this box".
pub(crate) struct PointIndex {
    cell: f32,
    cols: usize,
    rows: usize,
    buckets: Vec<Vec<usize>>,
    pts: Vec<(f32, f32)>,
}

impl PointIndex {
    /// Indexes `pts` (ids are positions in `pts`) on a page of `width` × `height`.
    pub fn new(pts: Vec<(f32, f32)>, width: f32, height: f32) -> Self {
        let cell = 16.0f32.max(width.max(height) / 256.0);
        let cols = ((width.max(1.0) / cell).ceil() as usize).clamp(1, 512);
        let rows = ((height.max(1.0) / cell).ceil() as usize).clamp(1, 512);
        let mut buckets = vec![Vec::new(); cols * rows];
        for (i, &(x, y)) in pts.iter().enumerate() {
            let (c, r) = (Self::slot(x, cell, cols), Self::slot(y, cell, rows));
            buckets[r * cols + c].push(i);
        }
        PointIndex {
            cell,
            cols,
            rows,
            buckets,
            pts,
        }
    }

    fn slot(v: f32, cell: f32, n: usize) -> usize {
        if v.is_finite() && v > 0.0 {
            ((v / cell) as usize).min(n - 1)
        } else {
            0
        }
    }

    /// Ids of the points inside `b` (edges included), in no particular order.
    pub fn query(&self, b: &BBox) -> Vec<usize> {
        let (c0, c1) = (
            Self::slot(b.x0, self.cell, self.cols),
            Self::slot(b.x1, self.cell, self.cols),
        );
        let (r0, r1) = (
            Self::slot(b.y0, self.cell, self.rows),
            Self::slot(b.y1, self.cell, self.rows),
        );
        let mut out = Vec::new();
        for r in r0..=r1 {
            for c in c0..=c1 {
                for &i in &self.buckets[r * self.cols + c] {
                    let (x, y) = self.pts[i];
                    if b.contains_point(x, y) {
                        out.push(i);
                    }
                }
            }
        }
        out
    }
}

/// Union of boxes; `None` for an empty iterator.
pub(crate) fn union_all<'a>(mut it: impl Iterator<Item = &'a BBox>) -> Option<BBox> {
    let first = *it.next()?;
    Some(it.fold(first, |acc, b| acc.union(b)))
}

/// Splits items into runs whose `[lo, hi)` intervals overlap by more than `min_overlap(item)`,
/// after sorting by `lo`. Returns the groups of indices in ascending `lo` order.
pub(crate) fn interval_groups(
    spans: &[(f32, f32)],
    min_overlap: impl Fn(usize) -> f32,
) -> Vec<Vec<usize>> {
    let mut idx: Vec<usize> = (0..spans.len()).collect();
    idx.sort_by(|&a, &b| spans[a].0.total_cmp(&spans[b].0));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut hi = f32::NEG_INFINITY;
    for i in idx {
        let (lo, h) = spans[i];
        match groups.last_mut() {
            Some(g) if hi - lo > min_overlap(i) => g.push(i),
            _ => groups.push(vec![i]),
        }
        hi = if groups.last().map_or(0, |g| g.len()) == 1 {
            h
        } else {
            hi.max(h)
        };
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn point_index_finds_inside_points() {
        let idx = PointIndex::new(vec![(5.0, 5.0), (50.0, 50.0), (100.0, 5.0)], 200.0, 200.0);
        let mut got = idx.query(&BBox::new(0.0, 0.0, 60.0, 60.0));
        got.sort();
        assert_eq!(got, vec![0, 1]);
    }

    #[test]
    fn interval_groups_split_at_gaps() {
        let spans = [(0.0, 10.0), (20.0, 30.0), (5.0, 12.0), (29.0, 40.0)];
        let g = interval_groups(&spans, |_| 0.0);
        assert_eq!(g, vec![vec![0, 2], vec![1, 3]]);
    }
}
