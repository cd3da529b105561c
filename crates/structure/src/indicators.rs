//! Key performance indicators (目標指標, 成果指標, KPI) as printed in plans, for any reader:
//!
//! - [`from_grid`]: a KPI table, a header row naming the indicator column (指標名, KPI) and
//!   the baseline and target columns (現状値, 基準値, 目標値), their years in the header
//!   (`現状値（2019年）`, `目標値（令和7年度）`), in a second header row, or in the cells;
//! - [`from_lines`]: indicator text (`観光入込客数` / `2019年：6,296千人` → `2025年：6,600千人`,
//!   or `入学者数40人（2014年度）→年40人（2019年度）` on one line).
//!
//! Years become Western years, `calendar` for 年 and `fiscal` for 年度. All words are data
//! (`[indicators]` in `profiles/common.toml`).

use crate::cards::util::compact;
use crate::tables::util;
use crate::Readers;
use keikaku_model::{Indicator, IndicatorValue, TableGrid};
use serde::Deserialize;

/// Header words and marks of indicator tables and texts.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct IndicatorProfile {
    /// A header cell containing one of these heads the indicator names (`指標名`, `KPI`).
    pub name_headers: Vec<String>,
    /// A header cell starting with one of these heads the baselines (`現状値`, `基準値`).
    pub baseline_headers: Vec<String>,
    /// A header cell starting with one of these heads the targets (`目標値`).
    pub target_headers: Vec<String>,
    /// A header cell equal to one of these heads the units (`単位`).
    pub unit_headers: Vec<String>,
    /// Marks between a baseline and its target (`→`).
    pub arrows: Vec<String>,
    /// Marks between a year and its value (`2019年：6,296千人`).
    pub separators: Vec<String>,
    /// Words naming activity indicators (`活動指標`).
    pub activity: Vec<String>,
    /// Words naming outcome indicators (`成果指標`).
    pub outcome: Vec<String>,
    /// Values meaning "none" (`－`).
    pub empty_values: Vec<String>,
}

/// Western years a printed indicator year may have (a `5年間` is no year).
const YEARS: std::ops::RangeInclusive<i32> = 1950..=2100;

/// What a header cell heads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Name,
    Baseline,
    Target,
    Unit,
}

/// True when `text` contains one of `words` (compared [`compact`]ed).
fn has(words: &[String], text: &str) -> bool {
    let t = compact(text);
    words
        .iter()
        .map(|w| compact(w))
        .any(|w| !w.is_empty() && t.contains(w.as_str()))
}

/// True when `text` starts with one of `words`.
fn opens(words: &[String], text: &str) -> bool {
    let t = compact(text);
    words
        .iter()
        .map(|w| compact(w))
        .any(|w| !w.is_empty() && t.starts_with(w.as_str()))
}

impl IndicatorProfile {
    fn column(&self, header: &str) -> Option<Col> {
        if header.trim().is_empty() {
            None
        } else if opens(&self.baseline_headers, header) {
            Some(Col::Baseline)
        } else if has(&self.name_headers, header) {
            Some(Col::Name)
        } else if opens(&self.target_headers, header) {
            Some(Col::Target)
        } else if self
            .unit_headers
            .iter()
            .any(|u| compact(u) == compact(header))
        {
            Some(Col::Unit)
        } else {
            None
        }
    }

    /// `activity` or `outcome` when `text` names the kind.
    pub fn kind(&self, text: &str) -> Option<&'static str> {
        if has(&self.activity, text) {
            Some("activity")
        } else if has(&self.outcome, text) {
            Some("outcome")
        } else {
            None
        }
    }

    fn is_empty_value(&self, text: &str) -> bool {
        let t = compact(text);
        t.is_empty() || self.empty_values.iter().any(|e| compact(e) == t)
    }
}

/// The year printed in `text` (the last Western or era year of 1950–2100): year and kind.
pub fn year_of(rd: Readers<'_>, text: &str) -> Option<(i32, &'static str, std::ops::Range<usize>)> {
    rd.dates.scan(text).into_iter().rev().find_map(|e| {
        let (year, kind) = match e.fiscal_year {
            Some(fy) => (fy, "fiscal"),
            None => (e.start?.year, "calendar"),
        };
        YEARS.contains(&year).then_some((year, kind, e.span))
    })
}

/// A value as printed with its year taken out: `2019年：6,296千人`, `6,296千人（2019年）`.
/// `default` gives the year when the text has none (a header's).
pub fn value_of(
    rd: Readers<'_>,
    text: &str,
    default: Option<(i32, &'static str)>,
    p: &IndicatorProfile,
) -> Option<IndicatorValue> {
    let text = util::tidy(rd, &text.replace('\n', ""));
    let (year, rest) = match year_of(rd, &text) {
        Some((y, k, span)) => {
            let rest = format!("{}{}", &text[..span.start], &text[span.end..]);
            (Some((y, k)), rest)
        }
        None => (default, text.clone()),
    };
    let value = trim_marks(&rest, p);
    if p.is_empty_value(&value) {
        return None;
    }
    let (year, kind) = year.unzip();
    Some(IndicatorValue {
        year,
        year_kind: kind.map(str::to_string),
        value,
    })
}

/// Empty brackets, separators and white space left around a value once its year is out.
fn trim_marks(text: &str, p: &IndicatorProfile) -> String {
    let mut t = text.to_string();
    for empty in ["（）", "()", "［］", "[]", "【】"] {
        t = t.replace(empty, "");
    }
    let seps: Vec<char> = p.separators.iter().flat_map(|s| s.chars()).collect();
    t.trim_matches(|c: char| c.is_whitespace() || seps.contains(&c))
        .to_string()
}

/// The indicators of a KPI table, or `None` when `g` is no KPI table (no header row with an
/// indicator column and a target column). `kind` is given to indicators whose header does
/// not name theirs.
pub fn from_grid(
    rd: Readers<'_>,
    g: &TableGrid,
    p: &IndicatorProfile,
    kind: Option<&'static str>,
) -> Option<Vec<Indicator>> {
    let (rows, _) = util::matrix(rd, g);
    let (h, cols) = header(&rows, p)?;
    let year_at = |r: usize, c: usize| {
        rows.get(r)
            .and_then(|row| row.get(c))
            .and_then(|t| year_of(rd, t))
    };
    let years: Vec<Option<(i32, &'static str)>> = (0..cols.len())
        .map(|c| year_at(h, c).map(|(y, k, _)| (y, k)))
        .collect();
    // a second header row holding only years (`2019年` under 現状値)
    let year_row = rows.get(h + 1).is_some_and(|row| {
        cols.iter().enumerate().any(|(c, col)| {
            matches!(col, Some(Col::Baseline | Col::Target))
                && row
                    .get(c)
                    .is_some_and(|t| rd.dates.parse(&compact(t)).is_some())
        })
    });
    let years: Vec<Option<(i32, &'static str)>> = years
        .iter()
        .enumerate()
        .map(|(c, y)| {
            let below = year_row.then(|| year_at(h + 1, c)).flatten();
            below.map(|(y, k, _)| (y, k)).or(*y)
        })
        .collect();
    let name_col = cols.iter().position(|c| *c == Some(Col::Name))?;
    let kind = p.kind(&rows[h][name_col]).or(kind);
    let first = h + 1 + usize::from(year_row);
    let mut out: Vec<Indicator> = Vec::new();
    for row in rows.iter().skip(first) {
        if let Some(ind) = indicator_row(rd, row, &cols, &years, name_col, kind, p) {
            if !out.contains(&ind) {
                out.push(ind);
            }
        }
    }
    Some(out)
}

/// The header row (among the first three) and what each of its columns heads.
fn header(rows: &[Vec<String>], p: &IndicatorProfile) -> Option<(usize, Vec<Option<Col>>)> {
    rows.iter().take(3).enumerate().find_map(|(i, row)| {
        let cols: Vec<Option<Col>> = row.iter().map(|t| p.column(t)).collect();
        let named = cols.contains(&Some(Col::Name));
        (named && cols.contains(&Some(Col::Target))).then_some((i, cols))
    })
}

/// One data row of a KPI table.
fn indicator_row(
    rd: Readers<'_>,
    row: &[String],
    cols: &[Option<Col>],
    years: &[Option<(i32, &'static str)>],
    name_col: usize,
    kind: Option<&'static str>,
    p: &IndicatorProfile,
) -> Option<Indicator> {
    let name = util::tidy(rd, &row.get(name_col)?.replace('\n', ""));
    if name.is_empty() {
        return None;
    }
    let mut ind = Indicator::named(name, kind);
    for (c, col) in cols.iter().enumerate() {
        let Some(text) = row.get(c) else { continue };
        let year = years.get(c).copied().flatten();
        match col {
            Some(Col::Baseline) if ind.baseline.is_none() => {
                ind.baseline = value_of(rd, text, year, p)
            }
            Some(Col::Target) if ind.target.is_none() => ind.target = value_of(rd, text, year, p),
            Some(Col::Unit) if !p.is_empty_value(text) => ind.unit = Some(util::tidy(rd, text)),
            _ => {}
        }
    }
    Some(ind)
}

/// The indicators of one record of a table that also has KPI columns (a row-form table
/// with 指標 / 現状値（令和5年度） / 目標値（令和11年度）): `headers[k]` names column `k`,
/// `cells[k]` is the record's text there. A name cell of several lines holds one indicator
/// per line when the value cells have as many lines. Empty without a name column and a
/// baseline or target column.
pub fn from_record(
    rd: Readers<'_>,
    headers: &[&str],
    cells: &[&str],
    p: &IndicatorProfile,
) -> Vec<Indicator> {
    let cols: Vec<Option<Col>> = headers.iter().map(|h| p.column(h)).collect();
    let Some(name_col) = cols.iter().position(|c| *c == Some(Col::Name)) else {
        return Vec::new();
    };
    if !cols
        .iter()
        .any(|c| matches!(c, Some(Col::Baseline | Col::Target)))
    {
        return Vec::new();
    }
    let years: Vec<Option<(i32, &'static str)>> = headers
        .iter()
        .map(|h| year_of(rd, h).map(|(y, k, _)| (y, k)))
        .collect();
    let kind = p.kind(headers[name_col]);
    let lines = |t: &str| -> Vec<String> {
        t.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect()
    };
    let names = lines(cells.get(name_col).copied().unwrap_or_default());
    let split: Vec<Vec<String>> = cells.iter().map(|c| lines(c)).collect();
    let per_line = names.len() > 1
        && cols.iter().zip(&split).all(|(c, l)| {
            !matches!(c, Some(Col::Baseline | Col::Target)) || l.len() == names.len()
        });
    let rows: Vec<Vec<String>> = if per_line {
        (0..names.len())
            .map(|i| {
                split
                    .iter()
                    .map(|l| l.get(i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect()
    } else {
        vec![cells.iter().map(|c| c.to_string()).collect()]
    };
    let mut out = Vec::new();
    for row in &rows {
        if let Some(ind) = indicator_row(rd, row, &cols, &years, name_col, kind, p) {
            if ind.baseline.is_some() || ind.target.is_some() {
                out.push(ind);
            }
        }
    }
    out
}

/// The indicators written as text lines: a name line, then its baseline and target
/// (`2019年：6,296千人` → `2025年：6,600千人`, on one line or several), or a name fused
/// with its values (`入学者数40人（2014年度）→年40人（2019年度）`).
pub fn from_lines(
    rd: Readers<'_>,
    lines: &[&str],
    p: &IndicatorProfile,
    kind: Option<&'static str>,
) -> Vec<Indicator> {
    let mut out: Vec<Indicator> = Vec::new();
    let mut pending: Option<(i32, &'static str)> = None;
    for line in lines {
        let line = util::tidy(rd, line);
        for (k, seg) in split_arrows(rd, &line, p).iter().enumerate() {
            read_segment(rd, seg, k == 0, &mut out, &mut pending, p, kind);
        }
    }
    out.retain(|i| i.baseline.is_some() || i.target.is_some());
    out
}

/// One arrow-separated part of a line: a name, a value, or a name and value.
fn read_segment(
    rd: Readers<'_>,
    seg: &str,
    first: bool,
    out: &mut Vec<Indicator>,
    pending: &mut Option<(i32, &'static str)>,
    p: &IndicatorProfile,
    kind: Option<&'static str>,
) {
    let seg = seg.trim();
    if seg.is_empty() {
        return;
    }
    let year = year_of(rd, seg);
    let rest = match &year {
        Some((_, _, span)) => trim_marks(&format!("{}{}", &seg[..span.start], &seg[span.end..]), p),
        None => seg.to_string(),
    };
    let year = year.map(|(y, k, _)| (y, k)).or(*pending);
    if rest.is_empty() {
        *pending = year; // a year alone: its value is on the next line
        return;
    }
    *pending = None;
    let (name, value) = match (year, split_name(&rest)) {
        (None, _) if first => (Some(rest), None),
        (Some(_), (Some(n), v)) if first && !out.last().is_some_and(expects_value) => (Some(n), v),
        _ => (None, Some(rest)),
    };
    if let Some(n) = name {
        out.push(Indicator::named(n, kind));
    }
    let Some(v) = value.filter(|v| v.chars().any(is_digit)) else {
        return;
    };
    let Some(ind) = out.last_mut() else { return };
    let value = value_of(rd, &v, year, p);
    if ind.baseline.is_none() {
        ind.baseline = value;
    } else if ind.target.is_none() {
        ind.target = value;
    }
}

/// An Arabic digit, half or full width.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// True while an indicator still waits for its target.
fn expects_value(i: &Indicator) -> bool {
    i.target.is_none()
}

/// `入学者数40人` → (`入学者数`, `40人`); a text opening with its value has no name.
fn split_name(text: &str) -> (Option<String>, Option<String>) {
    let at = text.find(is_digit);
    match at {
        Some(0) | None => (None, Some(text.to_string())),
        Some(i) => {
            let name =
                text[..i].trim_end_matches(|c: char| c.is_whitespace() || "：:（(".contains(c));
            (Some(name.to_string()), Some(text[i..].trim().to_string()))
        }
    }
}

/// The parts of a line between arrows, a part holding two `YEAR：VALUE`s (the arrow
/// drawn, not written) cut before the second year.
fn split_arrows(rd: Readers<'_>, line: &str, p: &IndicatorProfile) -> Vec<String> {
    let mut parts = vec![line.to_string()];
    for a in p.arrows.iter().filter(|a| !a.is_empty()) {
        parts = parts
            .iter()
            .flat_map(|s| s.split(a.as_str()).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts.iter().flat_map(|s| split_years(rd, s, p)).collect()
}

/// `2019年：6,296千人 2025年：6,600千人` → its two `YEAR：VALUE` parts; other text whole.
fn split_years(rd: Readers<'_>, text: &str, p: &IndicatorProfile) -> Vec<String> {
    let starts: Vec<usize> = rd
        .dates
        .scan(text)
        .into_iter()
        .filter(|e| {
            let year = e.fiscal_year.or(e.start.map(|d| d.year));
            let after = text[e.span.end..].trim_start();
            year.is_some_and(|y| YEARS.contains(&y))
                && p.separators
                    .iter()
                    .any(|s| !s.is_empty() && after.starts_with(s.as_str()))
        })
        .map(|e| e.span.start)
        .collect();
    if starts.len() < 2 {
        return vec![text.to_string()];
    }
    let mut cuts = starts;
    cuts[0] = 0;
    cuts.push(text.len());
    cuts.windows(2)
        .map(|w| text[w[0]..w[1]].to_string())
        .collect()
}

/// True when `text` holds an arrow of the profile.
pub fn has_arrow(text: &str, p: &IndicatorProfile) -> bool {
    p.arrows
        .iter()
        .any(|a| !a.is_empty() && text.contains(a.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::{BBox, Line, TableCell};

    fn profile() -> IndicatorProfile {
        crate::Profiles::builtin().indicators
    }

    fn value(v: &Option<IndicatorValue>) -> (Option<i32>, Option<&str>, &str) {
        match v {
            Some(v) => (v.year, v.year_kind.as_deref(), v.value.as_str()),
            None => (None, None, ""),
        }
    }

    #[test]
    fn name_then_arrow_line() {
        let k = from_lines(
            crate::Readers::standard(),
            &["観光入込客数", "2019年：6,296千人 → 2025年：6,600千人"],
            &profile(),
            None,
        );
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].name, "観光入込客数");
        assert_eq!(
            value(&k[0].baseline),
            (Some(2019), Some("calendar"), "6,296千人")
        );
        assert_eq!(
            value(&k[0].target),
            (Some(2025), Some("calendar"), "6,600千人")
        );
    }

    #[test]
    fn drawn_arrow_leaves_two_values_on_one_line() {
        let k = from_lines(
            crate::Readers::standard(),
            &["観光入込客数", "2019年：6,296千人 2025年：6,600千人"],
            &profile(),
            None,
        );
        assert_eq!(k.len(), 1);
        assert_eq!(
            value(&k[0].baseline),
            (Some(2019), Some("calendar"), "6,296千人")
        );
        assert_eq!(
            value(&k[0].target),
            (Some(2025), Some("calendar"), "6,600千人")
        );
    }

    #[test]
    fn values_on_separate_lines_and_era_years() {
        let k = from_lines(
            crate::Readers::standard(),
            &["市民満足度", "令和元年度：45.2％", "→", "令和7年度：60％"],
            &profile(),
            Some("outcome"),
        );
        assert_eq!(k.len(), 1);
        assert_eq!(
            value(&k[0].baseline),
            (Some(2019), Some("fiscal"), "45.2％")
        );
        assert_eq!(value(&k[0].target), (Some(2025), Some("fiscal"), "60％"));
        assert_eq!(k[0].kind.as_deref(), Some("outcome"));
    }

    #[test]
    fn name_fused_with_values() {
        let k = from_lines(
            crate::Readers::standard(),
            &["卒業生の新規就業者数０人（2014年度）→５年間で６人（2019年度）"],
            &profile(),
            None,
        );
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].name, "卒業生の新規就業者数");
        assert_eq!(value(&k[0].baseline), (Some(2014), Some("fiscal"), "０人"));
        assert_eq!(
            value(&k[0].target),
            (Some(2019), Some("fiscal"), "５年間で６人")
        );
    }

    #[test]
    fn name_and_values_on_one_row() {
        let k = from_lines(
            crate::Readers::standard(),
            &["観光入込客数　2019年：6,296千人 → 2025年：6,600千人"],
            &profile(),
            None,
        );
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].name, "観光入込客数");
        assert_eq!(
            value(&k[0].baseline),
            (Some(2019), Some("calendar"), "6,296千人")
        );
        assert_eq!(
            value(&k[0].target),
            (Some(2025), Some("calendar"), "6,600千人")
        );
    }

    #[test]
    fn prose_gives_no_indicator() {
        let k = from_lines(
            crate::Readers::standard(),
            &["観光の振興を図ります。", "2025年までに整備します。"],
            &profile(),
            None,
        );
        assert!(k.is_empty(), "{k:?}");
    }

    fn grid(rows: &[&[&str]]) -> TableGrid {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                let lines: Vec<Line> = t
                    .split('\n')
                    .filter(|s| !s.is_empty())
                    .map(|s| Line {
                        text: s.into(),
                        bbox: BBox::new(0.0, 0.0, 10.0, 10.0),
                        size: 10.0,
                        ..Default::default()
                    })
                    .collect();
                cells.push(TableCell {
                    row: r,
                    col: c,
                    rowspan: 1,
                    colspan: 1,
                    bbox: BBox::default(),
                    text: keikaku_testkit::join_lines(&lines),
                    lines,
                });
            }
        }
        let n = rows.first().map_or(0, |r| r.len());
        TableGrid {
            page: 1,
            row_edges: (0..=rows.len()).map(|i| i as f32 * 20.0).collect(),
            col_edges: (0..=n).map(|i| i as f32 * 100.0).collect(),
            cells,
            ..Default::default()
        }
    }

    #[test]
    fn table_with_years_in_header() {
        let g = grid(&[
            &[
                "重要業績評価指標\n（ＫＰＩ）",
                "現状値\n（2014年度）",
                "目標値\n（令和元年度）",
            ],
            &["中学校訪問実施校数", "年１１１校", "年１１１校"],
            &["就業者数", "－", "5年間で1人"],
        ]);
        let k = from_grid(crate::Readers::standard(), &g, &profile(), None).expect("a KPI table");
        assert_eq!(k.len(), 2);
        assert_eq!(k[0].name, "中学校訪問実施校数");
        assert_eq!(
            value(&k[0].baseline),
            (Some(2014), Some("fiscal"), "年１１１校")
        );
        assert_eq!(
            value(&k[0].target),
            (Some(2019), Some("fiscal"), "年１１１校")
        );
        assert_eq!(k[1].baseline, None);
        assert_eq!(
            value(&k[1].target),
            (Some(2019), Some("fiscal"), "5年間で1人")
        );
    }

    #[test]
    fn table_with_year_row_units_and_cell_years() {
        let g = grid(&[
            &["成果指標名", "単位", "基準値", "目標値"],
            &["", "", "2019年", "2025年"],
            &["観光入込客数", "千人", "6,296", "6,600（2026年）"],
        ]);
        let k = from_grid(crate::Readers::standard(), &g, &profile(), None).expect("a KPI table");
        assert_eq!(k.len(), 1);
        assert_eq!(k[0].kind.as_deref(), Some("outcome"));
        assert_eq!(k[0].unit.as_deref(), Some("千人"));
        assert_eq!(
            value(&k[0].baseline),
            (Some(2019), Some("calendar"), "6,296")
        );
        assert_eq!(value(&k[0].target), (Some(2026), Some("calendar"), "6,600"));
    }

    #[test]
    fn other_tables_are_not_kpi() {
        let g = grid(&[&["事業名", "担当課"], &["道路の補修", "土木課"]]);
        assert!(from_grid(crate::Readers::standard(), &g, &profile(), None).is_none());
    }
}
