//! Reading order of a page region: a recursive XY-cut that reads bands top to bottom,
//! columns left to right (right to left for vertical writing), detects two-column text
//! separated by a gutter, and reads every box as one unit.

use crate::geom::interval_groups;
use keikaku_model::{BBox, Line};

/// A unit of reading order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Index into the region's lines.
    Line(usize),
    /// Index into the region's tables.
    Table(usize),
    /// The content of a box, already ordered.
    Group(Vec<Node>),
}

struct Placed {
    node: Node,
    bbox: BBox,
    vertical: bool,
}

/// Smallest gutter (points) between two text columns.
const GUTTER: f32 = 4.0;
/// Bands are merged into a column section only up to this many items (bounds the cost).
const MAX_MERGE: usize = 2000;
/// A text column must be at least this share of the page width.
const COLUMN_SHARE: f32 = 0.18;

/// Orders `lines` and `tables` (boxes) of a region; lines and tables inside a box of
/// `boxes` are read together as a [`Node::Group`].
pub(crate) fn order(lines: &[Line], tables: &[BBox], boxes: &[BBox], page_w: f32) -> Vec<Node> {
    let mut by_area: Vec<usize> = (0..boxes.len()).collect();
    by_area.sort_by(|&a, &b| boxes[a].area().total_cmp(&boxes[b].area()));
    // The smallest box (from position `from` in `by_area`) holding the centre of `b`.
    let owner = |b: &BBox, from: usize| -> Option<usize> {
        by_area[from..]
            .iter()
            .copied()
            .find(|&k| boxes[k].contains_point(b.center_x(), b.center_y()))
    };
    let mut children: Vec<Vec<Placed>> = (0..=boxes.len()).map(|_| Vec::new()).collect();
    let root = boxes.len();
    for (i, l) in lines.iter().enumerate() {
        let k = owner(&l.bbox, 0).unwrap_or(root);
        children[k].push(Placed {
            node: Node::Line(i),
            bbox: l.bbox,
            vertical: l.vertical,
        });
    }
    for (i, b) in tables.iter().enumerate() {
        let k = owner(b, 0).unwrap_or(root);
        children[k].push(Placed {
            node: Node::Table(i),
            bbox: *b,
            vertical: false,
        });
    }
    for (pos, &k) in by_area.iter().enumerate() {
        let items = std::mem::take(&mut children[k]);
        if items.is_empty() {
            continue;
        }
        let mut inner = Vec::new();
        xy(items, page_w, &mut inner);
        let parent = owner(&boxes[k], pos + 1).unwrap_or(root);
        children[parent].push(Placed {
            node: Node::Group(inner),
            bbox: boxes[k],
            vertical: false,
        });
    }
    let mut out = Vec::new();
    xy(std::mem::take(&mut children[root]), page_w, &mut out);
    out
}

/// Groups by overlap along y (bands) or x (columns, with `gap` points of slack).
fn split(items: &[Placed], along_y: bool, gap: f32) -> Vec<Vec<usize>> {
    let spans: Vec<(f32, f32)> = items
        .iter()
        .map(|p| {
            if along_y {
                (p.bbox.y0, p.bbox.y1)
            } else {
                (p.bbox.x0, p.bbox.x1)
            }
        })
        .collect();
    if along_y {
        interval_groups(&spans, |i| 0.25 * items[i].bbox.height().min(12.0))
    } else {
        interval_groups(&spans, |_| -gap)
    }
}

/// True when the items form at least two real text columns side by side.
fn is_columnar(items: &[&Placed], page_w: f32) -> bool {
    let spans: Vec<(f32, f32)> = items.iter().map(|p| (p.bbox.x0, p.bbox.x1)).collect();
    let cols = interval_groups(&spans, |_| -GUTTER);
    let real = cols
        .iter()
        .filter(|c| {
            let (lo, hi) = c
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), &i| {
                    (lo.min(spans[i].0), hi.max(spans[i].1))
                });
            c.len() >= 2 && hi - lo >= COLUMN_SHARE * page_w
        })
        .count();
    cols.len() >= 2 && real >= 2
}

fn take(items: &mut [Option<Placed>], idx: &[usize]) -> Vec<Placed> {
    idx.iter().filter_map(|&i| items[i].take()).collect()
}

/// Recursive XY-cut.
fn xy(items: Vec<Placed>, page_w: f32, out: &mut Vec<Node>) {
    if items.len() <= 1 {
        out.extend(items.into_iter().map(|p| p.node));
        return;
    }
    let bands = split(&items, true, 0.0);
    if bands.len() == 1 {
        return columns(items, page_w, out);
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for band in bands {
        if let Some(g) = groups
            .last_mut()
            .filter(|g| g.len() + band.len() <= MAX_MERGE)
        {
            let both: Vec<&Placed> = g.iter().chain(&band).map(|&i| &items[i]).collect();
            if is_columnar(&both, page_w) {
                g.extend(band);
                continue;
            }
        }
        groups.push(band);
    }
    let mut slots: Vec<Option<Placed>> = items.into_iter().map(Some).collect();
    for g in groups {
        let part = take(&mut slots, &g);
        if split(&part, true, 0.0).len() == 1 {
            columns(part, page_w, out);
        } else {
            let cols = split(&part, false, GUTTER);
            let mut slots: Vec<Option<Placed>> = part.into_iter().map(Some).collect();
            for c in cols {
                xy(take(&mut slots, &c), page_w, out);
            }
        }
    }
}

/// Items of one band: split into columns (left to right, or right to left for vertical
/// writing) and recurse; a band that cannot be cut is read top-down, left to right.
fn columns(items: Vec<Placed>, page_w: f32, out: &mut Vec<Node>) {
    let mut cols = split(&items, false, 0.0);
    let rtl = items.iter().filter(|p| p.vertical).count() * 2 > items.len();
    if cols.len() == 1 {
        let mut items = items;
        if rtl {
            items.sort_by(|a, b| {
                b.bbox
                    .x1
                    .total_cmp(&a.bbox.x1)
                    .then(a.bbox.y0.total_cmp(&b.bbox.y0))
            });
        } else {
            items.sort_by(|a, b| {
                a.bbox
                    .y0
                    .total_cmp(&b.bbox.y0)
                    .then(a.bbox.x0.total_cmp(&b.bbox.x0))
            });
        }
        out.extend(items.into_iter().map(|p| p.node));
        return;
    }
    if rtl {
        cols.reverse();
    }
    let mut slots: Vec<Option<Placed>> = items.into_iter().map(Some).collect();
    for c in cols {
        xy(take(&mut slots, &c), page_w, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, x0: f32, y0: f32, x1: f32) -> Line {
        Line {
            text: text.into(),
            bbox: BBox::new(x0, y0, x1, y0 + 10.0),
            size: 10.0,
            ..Default::default()
        }
    }

    fn texts(lines: &[Line], nodes: &[Node]) -> Vec<String> {
        let mut out = Vec::new();
        for n in nodes {
            match n {
                Node::Line(i) => out.push(lines[*i].text.clone()),
                Node::Table(i) => out.push(format!("T{i}")),
                Node::Group(g) => out.extend(texts(lines, g)),
            }
        }
        out
    }

    #[test]
    fn two_columns_read_column_by_column() {
        let mut lines = vec![line("title", 50.0, 50.0, 545.0)];
        for k in 0..4 {
            let y = 80.0 + 15.0 * k as f32;
            lines.push(line(&format!("L{k}"), 50.0, y, 290.0));
            lines.push(line(&format!("R{k}"), 305.0, y, 545.0));
        }
        lines.push(line("footer text", 50.0, 200.0, 545.0));
        let got = texts(&lines, &order(&lines, &[], &[], 595.0));
        assert_eq!(
            got,
            vec![
                "title",
                "L0",
                "L1",
                "L2",
                "L3",
                "R0",
                "R1",
                "R2",
                "R3",
                "footer text"
            ]
        );
    }

    #[test]
    fn label_value_rows_stay_row_by_row() {
        let mut lines = Vec::new();
        for k in 0..3 {
            let y = 80.0 + 15.0 * k as f32;
            lines.push(line(&format!("label{k}"), 50.0, y, 90.0));
            lines.push(line(&format!("value{k}"), 120.0, y, 400.0));
        }
        let got = texts(&lines, &order(&lines, &[], &[], 595.0));
        assert_eq!(
            got,
            vec!["label0", "value0", "label1", "value1", "label2", "value2"]
        );
    }

    #[test]
    fn box_content_read_together_and_table_is_one_item() {
        let lines = vec![
            line("a", 50.0, 50.0, 200.0),
            line("boxed1", 320.0, 50.0, 500.0),
            line("b", 50.0, 65.0, 200.0),
            line("boxed2", 320.0, 65.0, 500.0),
            line("after", 50.0, 200.0, 500.0),
        ];
        let boxes = [BBox::new(310.0, 45.0, 510.0, 80.0)];
        let tables = [BBox::new(50.0, 100.0, 500.0, 180.0)];
        let got = texts(&lines, &order(&lines, &tables, &boxes, 595.0));
        assert_eq!(got, vec!["a", "b", "boxed1", "boxed2", "T0", "after"]);
    }
}
