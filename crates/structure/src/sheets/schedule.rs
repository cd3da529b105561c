//! The bar-chart schedule of a sheet: fiscal-year columns in a header row, then bars with
//! their labels; each bar's years come from its x extent under the year columns.

use super::SheetProfile;
use crate::tables::util;
use crate::Readers;
use keikaku_model::{BBox, JoinedTable, Layout, Line, Rect, ScheduleEntry, TableCell};

/// A year column: its x range and fiscal year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct YearCol {
    pub x0: f32,
    pub x1: f32,
    pub fy: i32,
}

/// The spans of the schedule whose label cell is `label`; `rows` maps grid rows to pages.
pub(super) fn read(
    rd: Readers<'_>,
    layout: &Layout,
    jt: &JoinedTable,
    rows: &[usize],
    label: &TableCell,
    _p: &SheetProfile,
) -> Vec<ScheduleEntry> {
    let region = label.row..label.row + label.rowspan.max(1);
    let right = |c: &&TableCell| c.col >= label.col + label.colspan.max(1);
    let Some((header_row, years)) = region.clone().find_map(|r| {
        let cols = year_cols(
            rd,
            jt.grid.cells.iter().filter(right).filter(|c| c.row == r),
        );
        (cols.len() >= 2).then_some((r, cols))
    }) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for c in jt.grid.cells.iter().filter(right) {
        if c.row <= header_row || !region.contains(&c.row) {
            continue;
        }
        let rects = rows
            .get(c.row)
            .and_then(|&pi| layout.pages.get(pi))
            .map(|pg| pg.rects.as_slice())
            .unwrap_or_default();
        for (text, extent) in bars(rd, c, rects) {
            if let Some((from, to)) = span(&years, extent) {
                out.push(ScheduleEntry::Span {
                    from_fiscal_year: from,
                    to_fiscal_year: Some(to),
                    label: text,
                    source: Vec::new(),
                });
            }
        }
    }
    out
}

/// Year columns from header cells whose text is a fiscal year (`令和６(2024)年度`, `2025年度～`).
pub(super) fn year_cols<'a>(
    rd: Readers<'_>,
    cells: impl Iterator<Item = &'a TableCell>,
) -> Vec<YearCol> {
    cells
        .filter_map(|c| {
            let fy = fiscal_year(rd, &util::cell_text(rd, c))?;
            Some(YearCol {
                x0: c.bbox.x0,
                x1: c.bbox.x1,
                fy,
            })
        })
        .collect()
}

/// The fiscal year a header text names.
pub(super) fn fiscal_year(rd: Readers<'_>, text: &str) -> Option<i32> {
    let t = util::squash(text);
    let e = rd
        .dates
        .parse(&t)
        .or_else(|| rd.dates.scan(&t).into_iter().next());
    let Some(e) = e else {
        return western_year(&t);
    };
    // a bare year in a schedule header (`令和６(2024)` over a `年度` line) names the fiscal year
    e.fiscal_year
        .or(e.from_fiscal_year)
        .or(e.start.map(|d| d.year).filter(|_| !e.range))
}

/// The one four-digit Western year (1900–2100) in a header such as `令和６(2024)`.
fn western_year(text: &str) -> Option<i32> {
    let digits: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let years: Vec<i32> = digits
        .split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .filter_map(|d| d.parse().ok())
        .filter(|y| (1900..=2100).contains(y))
        .collect();
    match years.as_slice() {
        [y] => Some(*y),
        _ => None,
    }
}

/// The bars of a cell: its lines grouped by the filled rect they sit on (or beside); lines
/// on no rect are grouped by proximity and take the cell's box as their extent.
fn bars(rd: Readers<'_>, c: &TableCell, rects: &[Rect]) -> Vec<(String, BBox)> {
    let mut out: Vec<(String, BBox, Option<usize>, f32)> = Vec::new();
    for l in c.lines.iter().filter(|l| !l.text.trim().is_empty()) {
        let r = bar_of(l, rects, &c.bbox);
        let text = util::tidy(rd, &l.text);
        let near = |prev_y1: f32| l.bbox.y0 - prev_y1 < l.bbox.height().max(6.0) * 0.8;
        match out.last_mut() {
            Some(last) if last.2 == r && (r.is_some() || near(last.3)) => {
                last.0 = keikaku_jtext::join_lines(&last.0, &text);
                last.3 = l.bbox.y1;
            }
            _ => {
                let extent = r.and_then(|i| rects.get(i)).map_or(c.bbox, |x| x.bbox);
                out.push((text, extent, r, l.bbox.y1));
            }
        }
    }
    out.into_iter().map(|(t, b, _, _)| (t, b)).collect()
}

/// The filled rect a line is written on (within its cell), or the nearest one beside it on
/// the same band (a label written next to its bar, possibly in the next grid cell).
fn bar_of(l: &Line, rects: &[Rect], cell: &BBox) -> Option<usize> {
    let cy = l.bbox.center_y();
    let band = |r: &Rect| {
        (r.filled || r.stroked)
            && r.bbox.y0 <= cy
            && cy <= r.bbox.y1
            && r.bbox.height() < 4.0 * l.bbox.height().max(6.0)
            && cell.y_overlap(&r.bbox) > 1.0
    };
    let inside = |r: &Rect| band(r) && cell.x_overlap(&r.bbox) > 1.0;
    let on = rects
        .iter()
        .enumerate()
        .filter(|(_, r)| inside(r) && r.bbox.x_overlap(&l.bbox) > 0.0)
        .max_by(|a, b| {
            a.1.bbox
                .x_overlap(&l.bbox)
                .total_cmp(&b.1.bbox.x_overlap(&l.bbox))
        });
    if let Some((i, _)) = on {
        return Some(i);
    }
    let gap = |r: &Rect| (r.bbox.x0 - l.bbox.x1).max(l.bbox.x0 - r.bbox.x1);
    rects
        .iter()
        .enumerate()
        .filter(|(_, r)| band(r) && gap(r) < 3.0 * l.size.max(6.0))
        .min_by(|a, b| gap(a.1).total_cmp(&gap(b.1)))
        .map(|(i, _)| i)
}

/// First and last fiscal year of the columns an extent covers (more than half a column).
pub(super) fn span(years: &[YearCol], extent: BBox) -> Option<(i32, i32)> {
    let covered: Vec<i32> = years
        .iter()
        .filter(|y| {
            let w = (y.x1 - y.x0).max(1.0);
            let ov = extent.x1.min(y.x1) - extent.x0.max(y.x0);
            ov > 0.5 * w
        })
        .map(|y| y.fy)
        .collect();
    let covered = if covered.is_empty() {
        let cx = extent.center_x();
        years
            .iter()
            .filter(|y| y.x0 <= cx && cx <= y.x1)
            .map(|y| y.fy)
            .collect()
    } else {
        covered
    };
    Some((*covered.iter().min()?, *covered.iter().max()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cols() -> Vec<YearCol> {
        (0..6)
            .map(|i| YearCol {
                x0: 130.0 + 69.0 * i as f32,
                x1: 199.0 + 69.0 * i as f32,
                fy: 2024 + i,
            })
            .collect()
    }

    #[test]
    fn header_texts_give_fiscal_years() {
        let fy = |t: &str| fiscal_year(crate::Readers::standard(), t);
        assert_eq!(fy("令和６(2024)\n年度"), Some(2024));
        assert_eq!(fy("令和11(2029)年度～"), Some(2029));
        assert_eq!(fy("スケジュール"), None);
        assert_eq!(fy("令和６(2024)"), Some(2024));
        assert_eq!(fy("２０２５"), Some(2025));
        assert_eq!(fy("2024-2025"), None);
    }

    #[test]
    fn extent_maps_to_covered_columns() {
        let c = cols();
        assert_eq!(
            span(&c, BBox::new(199.0, 0.0, 268.0, 10.0)),
            Some((2025, 2025))
        );
        assert_eq!(
            span(&c, BBox::new(337.1, 0.0, 544.2, 10.0)),
            Some((2027, 2029))
        );
        // a bar ending a little into the next column does not take that year
        assert_eq!(
            span(&c, BBox::new(130.0, 0.0, 280.0, 10.0)),
            Some((2024, 2025))
        );
        // a short bar inside one column still names it
        assert_eq!(
            span(&c, BBox::new(300.0, 0.0, 320.0, 10.0)),
            Some((2026, 2026))
        );
    }

    #[test]
    fn a_label_beside_its_bar_takes_the_bar() {
        let bar = Rect {
            bbox: BBox::new(130.0, 100.0, 268.0, 115.0),
            filled: true,
            stroked: false,
            fill: None,
        };
        let l = Line {
            text: "調査".into(),
            bbox: BBox::new(275.0, 102.0, 295.0, 112.0),
            size: 10.0,
            ..Default::default()
        };
        let c = TableCell {
            row: 1,
            col: 3,
            rowspan: 1,
            colspan: 1,
            bbox: BBox::new(268.0, 100.0, 337.0, 115.0),
            text: l.text.clone(),
            lines: vec![l],
        };
        let b = bars(crate::Readers::standard(), &c, &[bar]);
        assert_eq!(span(&cols(), b[0].1), Some((2024, 2025)));
    }

    #[test]
    fn lines_on_one_rect_make_one_bar() {
        let rect = Rect {
            bbox: BBox::new(199.0, 100.0, 337.0, 130.0),
            filled: true,
            stroked: false,
            fill: None,
        };
        let line = |t: &str, y: f32| Line {
            text: t.into(),
            bbox: BBox::new(210.0, y, 330.0, y + 10.0),
            size: 10.0,
            ..Default::default()
        };
        let c = TableCell {
            row: 1,
            col: 1,
            rowspan: 1,
            colspan: 6,
            bbox: BBox::new(130.0, 100.0, 544.0, 130.0),
            lines: vec![
                line("窓口でのオンライン申請に係る他市の", 103.0),
                line("動向、最新技術の調査・検討", 116.0),
            ],
            text: String::new(),
        };
        let b = bars(crate::Readers::standard(), &c, &[rect]);
        assert_eq!(b.len(), 1);
        assert_eq!(
            b[0].0,
            "窓口でのオンライン申請に係る他市の動向、最新技術の調査・検討"
        );
        assert_eq!(span(&cols(), b[0].1), Some((2025, 2026)));
    }
}
