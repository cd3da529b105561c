//! Page regions from rules and rectangles: ruled (or shaded) tables with their glyphs
//! assigned to cells, bordered/shaded boxes, and the rectangles left over (bars …).

use crate::geom::PointIndex;
use crate::grid::{self, Grid};
use crate::rules::{self, Rules, SNAP};
use keikaku_model::{BBox, BoxRegion, Page, Rect};

/// A table found on a page, before its cells get lines.
pub(crate) struct TableRegion {
    pub grid: Grid,
    pub bbox: BBox,
    /// Glyph indices (into `page.glyphs`) per grid span.
    pub glyphs: Vec<Vec<usize>>,
}

/// Tables, boxes and leftover rectangles of a page, and which glyphs the tables took.
pub(crate) struct Regions {
    pub tables: Vec<TableRegion>,
    pub boxes: Vec<BoxRegion>,
    pub rects: Vec<Rect>,
    /// Glyph indices not inside any table (body text, including text inside boxes).
    pub body: Vec<usize>,
}

/// A shaded rectangle's box and colour.
type Shading = (BBox, Option<[u8; 3]>);

/// What a grid turned out to be.
enum Kind {
    Table(Vec<Vec<usize>>),
    Box,
    Nothing,
}

/// Finds the tables and boxes of `page` among the glyphs `idx`.
pub(crate) fn find(page: &Page, idx: &[usize]) -> Regions {
    let pts = idx
        .iter()
        .map(|&i| {
            (
                page.glyphs[i].bbox.center_x(),
                page.glyphs[i].bbox.center_y(),
            )
        })
        .collect();
    let index = PointIndex::new(pts, page.width, page.height);
    let mut taken = vec![false; idx.len()];
    let mut st = State {
        page,
        idx,
        index: &index,
        taken: &mut taken,
        tables: Vec::new(),
        boxes: Vec::new(),
    };
    st.add_grids(&rules::page_rules(page), None);
    let fill_rules = st.shading_rules();
    st.add_grids(&fill_rules.0, Some(&fill_rules.1));
    let State {
        mut tables,
        mut boxes,
        ..
    } = st;
    for (b, fill) in lone_shaded(page, &tables, &fill_rules.2) {
        boxes.push(BoxRegion { bbox: b, fill });
    }
    boxes.retain(|b| {
        !tables
            .iter()
            .any(|t| t.bbox.contains_point(b.bbox.center_x(), b.bbox.center_y()))
    });
    tables.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    let rects = page
        .rects
        .iter()
        .filter(|r| !rules::is_background(r, page))
        .filter(|r| !boxes.iter().any(|b| same_box(&b.bbox, &r.bbox)))
        .copied()
        .collect();
    let body = idx
        .iter()
        .zip(&taken)
        .filter(|(_, &t)| !t)
        .map(|(&i, _)| i)
        .collect();
    Regions {
        tables,
        boxes,
        rects,
        body,
    }
}

fn same_box(a: &BBox, b: &BBox) -> bool {
    (a.x0 - b.x0).abs() <= SNAP
        && (a.x1 - b.x1).abs() <= SNAP
        && (a.y0 - b.y0).abs() <= SNAP
        && (a.y1 - b.y1).abs() <= SNAP
}

struct State<'a> {
    page: &'a Page,
    idx: &'a [usize],
    index: &'a PointIndex,
    taken: &'a mut Vec<bool>,
    tables: Vec<TableRegion>,
    boxes: Vec<BoxRegion>,
}

impl State<'_> {
    /// Builds grids from `rules` (smallest first) and classifies each; `fill` gives the
    /// shading colour of rect-derived grids.
    fn add_grids(&mut self, rules: &Rules, fill: Option<&[Shading]>) {
        let mut grids: Vec<Grid> = rules::groups(&rules.clone().normalise())
            .iter()
            .filter_map(grid::build)
            .collect();
        grids.sort_by(|a, b| area(a).total_cmp(&area(b)));
        for g in grids {
            let bbox = BBox::new(g.xs[0], g.ys[0], g.xs[g.xs.len() - 1], g.ys[g.ys.len() - 1]);
            match self.classify(&g, &bbox) {
                Kind::Table(glyphs) => {
                    for list in &glyphs {
                        for &k in list {
                            self.taken[k] = true;
                        }
                    }
                    let glyphs = glyphs
                        .into_iter()
                        .map(|l| l.into_iter().map(|k| self.idx[k]).collect())
                        .collect();
                    self.tables.push(TableRegion {
                        grid: g,
                        bbox,
                        glyphs,
                    });
                }
                Kind::Box => {
                    let colour = fill.and_then(|f| {
                        f.iter()
                            .find(|(b, _)| bbox.contains(b))
                            .and_then(|(_, c)| *c)
                    });
                    self.boxes.push(BoxRegion { bbox, fill: colour });
                }
                Kind::Nothing => {}
            }
        }
    }

    /// Table when at least two cells hold text and the grid has more than one column;
    /// box when it frames text otherwise; nothing when empty.
    fn classify(&self, g: &Grid, bbox: &BBox) -> Kind {
        let mut per_span: Vec<Vec<usize>> = vec![Vec::new(); g.spans.len()];
        let mut solid = vec![false; g.spans.len()];
        for k in self.index.query(bbox) {
            if self.taken[k] {
                continue;
            }
            let gl = &self.page.glyphs[self.idx[k]];
            if let Some(s) = g.cell_of(gl.bbox.center_x(), gl.bbox.center_y()) {
                per_span[s].push(k);
                solid[s] |= !gl.text.trim().is_empty();
            }
        }
        let filled = solid.iter().filter(|&&s| s).count();
        let one_column = g.spans.iter().all(|s| s.colspan == g.cols());
        match filled {
            0 => Kind::Nothing,
            1 => Kind::Box,
            _ if one_column => Kind::Box,
            _ => Kind::Table(per_span),
        }
    }

    /// Edges of filled rectangles that hold text and touch another such rectangle, outside
    /// the tables found so far (cells drawn only by shading). Also returns the colours and
    /// the text-holding filled rects that touch nothing.
    fn shading_rules(&self) -> (Rules, Vec<Shading>, Vec<usize>) {
        let cands: Vec<usize> = (0..self.page.rects.len())
            .filter(|&i| {
                let r = &self.page.rects[i];
                r.filled
                    && !rules::is_background(r, self.page)
                    && !self
                        .tables
                        .iter()
                        .any(|t| t.bbox.contains_point(r.bbox.center_x(), r.bbox.center_y()))
                    && self
                        .index
                        .query(&r.bbox)
                        .iter()
                        .any(|&k| !self.page.glyphs[self.idx[k]].text.trim().is_empty())
            })
            .collect();
        let mut touching = vec![false; cands.len()];
        if cands.len() <= 2000 {
            for a in 0..cands.len() {
                for b in a + 1..cands.len() {
                    if touch(
                        &self.page.rects[cands[a]].bbox,
                        &self.page.rects[cands[b]].bbox,
                    ) {
                        touching[a] = true;
                        touching[b] = true;
                    }
                }
            }
        }
        let mut rules = Rules::default();
        let mut colours = Vec::new();
        let mut lone = Vec::new();
        for (k, &i) in cands.iter().enumerate() {
            let r = &self.page.rects[i];
            if touching[k] {
                rules.push_box(&r.bbox);
                colours.push((r.bbox, r.fill));
            } else {
                lone.push(i);
            }
        }
        (rules, colours, lone)
    }
}

fn area(g: &Grid) -> f32 {
    (g.xs[g.xs.len() - 1] - g.xs[0]) * (g.ys[g.ys.len() - 1] - g.ys[0])
}

/// True when two rectangles share (nearly) an edge.
fn touch(a: &BBox, b: &BBox) -> bool {
    let tol = 2.0 * SNAP;
    let side = ((a.x1 - b.x0).abs() <= tol || (b.x1 - a.x0).abs() <= tol) && a.y_overlap(b) > tol;
    let stack = ((a.y1 - b.y0).abs() <= tol || (b.y1 - a.y0).abs() <= tol) && a.x_overlap(b) > tol;
    side || stack
}

/// Shaded rectangles framing text on their own (not in a table): boxes.
fn lone_shaded(page: &Page, tables: &[TableRegion], lone: &[usize]) -> Vec<Shading> {
    lone.iter()
        .map(|&i| &page.rects[i])
        .filter(|r| {
            !tables
                .iter()
                .any(|t| t.bbox.contains_point(r.bbox.center_x(), r.bbox.center_y()))
        })
        .map(|r| (r.bbox, r.fill))
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::lines::clean_glyphs;
    use crate::test_util::*;

    /// A 3×3 table at x 50..350, y 100..190 whose middle-right two cells are merged.
    pub(crate) fn grid_page(stroked: bool) -> Page {
        let mut gs = Vec::new();
        let texts = [
            ["項目", "前期", "後期"],
            ["内容", "統合セル", ""],
            ["目標", "A案", "B案"],
        ];
        for (r, row) in texts.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                gs.extend(text_glyphs(
                    t,
                    55.0 + 100.0 * c as f32,
                    105.0 + 30.0 * r as f32,
                    10.0,
                ));
            }
        }
        let mut page = page_with(gs);
        let mut segs = Vec::new();
        for y in [100.0, 130.0, 160.0, 190.0] {
            segs.push((50.0, y, 350.0, y));
        }
        for x in [50.0, 150.0, 350.0] {
            segs.push((x, 100.0, x, 190.0));
        }
        segs.push((250.0, 100.0, 250.0, 130.0));
        segs.push((250.0, 160.0, 250.0, 190.0));
        page.rulings = segs
            .into_iter()
            .map(|(x0, y0, x1, y1)| {
                if stroked {
                    stroke(x0, y0, x1, y1)
                } else if y0 == y1 {
                    fill_rule(x0 - 0.4, y0 - 0.4, x1 + 0.4, y0 + 0.4)
                } else {
                    fill_rule(x0 - 0.4, y0 - 0.4, x0 + 0.4, y1 + 0.4)
                }
            })
            .collect();
        page
    }

    fn check_grid(page: &Page) {
        let (idx, _) = clean_glyphs(&page.glyphs);
        let reg = find(page, &idx);
        assert_eq!(reg.tables.len(), 1);
        let t = &reg.tables[0];
        assert_eq!((t.grid.rows(), t.grid.cols()), (3, 3));
        assert_eq!(t.grid.spans.len(), 8);
        let merged = t
            .grid
            .spans
            .iter()
            .position(|s| s.colspan == 2)
            .expect("merged cell");
        assert_eq!((t.grid.spans[merged].row, t.grid.spans[merged].col), (1, 1));
        let text: String = t.glyphs[merged]
            .iter()
            .map(|&i| page.glyphs[i].text.as_str())
            .collect();
        assert_eq!(text, "統合セル");
        assert!(reg.body.is_empty());
    }

    #[test]
    fn stroked_grid_with_merged_cell() {
        check_grid(&grid_page(true));
    }

    #[test]
    fn filled_rule_grid_with_merged_cell() {
        check_grid(&grid_page(false));
    }

    #[test]
    fn shaded_cells_make_a_grid_and_lone_shading_a_box() {
        let mut gs = text_glyphs("見出し", 60.0, 105.0, 10.0);
        gs.extend(text_glyphs("本文です", 160.0, 105.0, 10.0));
        gs.extend(text_glyphs("注意書き", 60.0, 305.0, 10.0));
        let mut page = page_with(gs);
        page.rects = vec![
            filled(50.0, 100.0, 150.0, 125.0, [200, 200, 200]),
            filled(150.0, 100.0, 300.0, 125.0, [240, 240, 240]),
            filled(50.0, 300.0, 300.0, 330.0, [255, 240, 200]),
            filled(400.0, 500.0, 450.0, 520.0, [100, 100, 255]),
        ];
        let (idx, _) = clean_glyphs(&page.glyphs);
        let reg = find(&page, &idx);
        assert_eq!(reg.tables.len(), 1);
        assert_eq!(reg.tables[0].grid.cols(), 2);
        assert_eq!(reg.boxes.len(), 1);
        assert_eq!(reg.boxes[0].fill, Some([255, 240, 200]));
        assert!(
            reg.rects.iter().any(|r| r.fill == Some([100, 100, 255])),
            "bar stays a rect"
        );
    }

    #[test]
    fn frame_around_text_is_a_box() {
        let mut page = page_with(text_glyphs("囲み記事の本文", 60.0, 105.0, 10.0));
        for (x0, y0, x1, y1) in [
            (50.0, 100.0, 300.0, 100.0),
            (50.0, 130.0, 300.0, 130.0),
            (50.0, 100.0, 50.0, 130.0),
            (300.0, 100.0, 300.0, 130.0),
        ] {
            page.rulings.push(stroke(x0, y0, x1, y1));
        }
        let (idx, _) = clean_glyphs(&page.glyphs);
        let reg = find(&page, &idx);
        assert!(reg.tables.is_empty());
        assert_eq!(reg.boxes.len(), 1);
        assert_eq!(reg.body.len(), 7);
    }
}
