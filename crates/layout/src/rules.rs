//! Ruling segments: collection from rulings and rectangle edges, snapping of nearly equal
//! coordinates, merging of collinear pieces, and connected groups (candidate grids).

use keikaku_model::{BBox, Page, Rect};

/// Coordinates closer than this (points) are the same rule.
pub(crate) const SNAP: f32 = 1.5;
/// Slack allowed where a horizontal and a vertical rule should meet.
const MEET: f32 = 2.5;
/// Segments shorter than this are ignored (glyph parts, ticks).
const MIN_LEN: f32 = 3.0;

/// An axis-aligned segment: `pos` is y for a horizontal rule (x for a vertical one) and
/// `a..b` its extent along the rule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seg {
    pub pos: f32,
    pub a: f32,
    pub b: f32,
}

impl Seg {
    fn len(&self) -> f32 {
        self.b - self.a
    }
}

/// Horizontal and vertical segments of a page (or of a connected group).
#[derive(Debug, Default, Clone)]
pub(crate) struct Rules {
    pub h: Vec<Seg>,
    pub v: Vec<Seg>,
}

impl Rules {
    /// Adds the four edges of `b`.
    pub fn push_box(&mut self, b: &BBox) {
        self.h.push(Seg {
            pos: b.y0,
            a: b.x0,
            b: b.x1,
        });
        self.h.push(Seg {
            pos: b.y1,
            a: b.x0,
            b: b.x1,
        });
        self.v.push(Seg {
            pos: b.x0,
            a: b.y0,
            b: b.y1,
        });
        self.v.push(Seg {
            pos: b.x1,
            a: b.y0,
            b: b.y1,
        });
    }

    /// Snaps and merges both directions.
    pub fn normalise(mut self) -> Self {
        self.h = snap(self.h);
        self.v = snap(self.v);
        self
    }
}

/// True when a rectangle covers (nearly) the whole page: a background, never a box or rule.
pub(crate) fn is_background(r: &Rect, page: &Page) -> bool {
    r.bbox.width() >= 0.85 * page.width && r.bbox.height() >= 0.85 * page.height
}

/// The rulings of the page plus the edges of its stroked rectangles.
pub(crate) fn page_rules(page: &Page) -> Rules {
    let mut rules = Rules::default();
    for r in &page.rulings {
        let vals = [r.x0, r.y0, r.x1, r.y1];
        if vals.iter().any(|v| !v.is_finite()) {
            continue;
        }
        if r.is_horizontal() {
            rules.h.push(Seg {
                pos: (r.y0 + r.y1) / 2.0,
                a: r.x0.min(r.x1),
                b: r.x0.max(r.x1),
            });
        } else {
            rules.v.push(Seg {
                pos: (r.x0 + r.x1) / 2.0,
                a: r.y0.min(r.y1),
                b: r.y0.max(r.y1),
            });
        }
    }
    for r in &page.rects {
        let b = &r.bbox;
        if r.stroked && b.width() >= MIN_LEN && b.height() >= MIN_LEN && !is_background(r, page) {
            rules.push_box(b);
        }
    }
    rules
}

/// Clusters segments by `pos` (within [`SNAP`]), gives each cluster its length-weighted mean
/// position, then merges overlapping or touching pieces along the rule.
pub(crate) fn snap(mut segs: Vec<Seg>) -> Vec<Seg> {
    segs.retain(|s| s.pos.is_finite() && s.a.is_finite() && s.b.is_finite() && s.len() >= MIN_LEN);
    segs.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut out = Vec::new();
    let mut k = 0;
    while k < segs.len() {
        let first = segs[k].pos;
        let mut end = k + 1;
        while end < segs.len()
            && segs[end].pos - segs[end - 1].pos <= SNAP
            && segs[end].pos - first <= 2.0 * SNAP
        {
            end += 1;
        }
        let cluster = &segs[k..end];
        let w: f32 = cluster.iter().map(|s| s.len()).sum();
        let pos = cluster.iter().map(|s| s.pos * s.len()).sum::<f32>() / w.max(f32::EPSILON);
        let mut pieces: Vec<Seg> = cluster.iter().map(|s| Seg { pos, ..*s }).collect();
        pieces.sort_by(|a, b| a.a.total_cmp(&b.a));
        let mut cur = pieces[0];
        for p in &pieces[1..] {
            if p.a <= cur.b + SNAP {
                cur.b = cur.b.max(p.b);
            } else {
                out.push(cur);
                cur = *p;
            }
        }
        out.push(cur);
        k = end;
    }
    out
}

struct UnionFind(Vec<usize>);

impl UnionFind {
    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra] = rb;
        }
    }
}

/// Connected groups of crossing/touching horizontal and vertical segments that have at
/// least two of each (the smallest possible frame).
pub(crate) fn groups(rules: &Rules) -> Vec<Rules> {
    let (h, mut v) = (&rules.h, rules.v.clone());
    v.sort_by(|a, b| a.pos.total_cmp(&b.pos));
    let mut uf = UnionFind((0..h.len() + v.len()).collect());
    for (i, hs) in h.iter().enumerate() {
        let start = v.partition_point(|s| s.pos < hs.a - MEET);
        for (j, vs) in v.iter().enumerate().skip(start) {
            if vs.pos > hs.b + MEET {
                break;
            }
            if hs.pos >= vs.a - MEET && hs.pos <= vs.b + MEET {
                uf.union(i, h.len() + j);
            }
        }
    }
    let mut by_root: std::collections::BTreeMap<usize, Rules> = Default::default();
    for (i, s) in h.iter().enumerate() {
        by_root.entry(uf.find(i)).or_default().h.push(*s);
    }
    for (j, s) in v.iter().enumerate() {
        by_root.entry(uf.find(h.len() + j)).or_default().v.push(*s);
    }
    by_root
        .into_values()
        .filter(|g| g.h.len() >= 2 && g.v.len() >= 2)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snap_merges_collinear_and_near() {
        let segs = vec![
            Seg {
                pos: 100.0,
                a: 0.0,
                b: 50.0,
            },
            Seg {
                pos: 100.8,
                a: 50.5,
                b: 120.0,
            },
            Seg {
                pos: 200.0,
                a: 0.0,
                b: 120.0,
            },
        ];
        let out = snap(segs);
        assert_eq!(out.len(), 2);
        assert!((out[0].pos - 100.4).abs() < 0.5);
        assert_eq!((out[0].a, out[0].b), (0.0, 120.0));
    }

    #[test]
    fn groups_need_a_frame() {
        let mut r = Rules::default();
        r.push_box(&BBox::new(0.0, 0.0, 100.0, 50.0));
        r.h.push(Seg {
            pos: 300.0,
            a: 0.0,
            b: 100.0,
        });
        let g = groups(&r.normalise());
        assert_eq!(g.len(), 1);
        assert_eq!((g[0].h.len(), g[0].v.len()), (2, 2));
    }
}
