//! `DateExpr`: a found expression as an inclusive interval, with its warnings and JSON line.

use std::fmt::Write as _;
use std::ops::Range;

use crate::calendar::{days_in_month, Date, SOLAR_CALENDAR_START};
use crate::era::era_label;
use crate::parse::{era_of, Parsed, Part, Pt, Tail};

/// One date expression found in a text: an inclusive interval of days.
///
/// A day has `start == end`; a month, year, fiscal year (年度, April 1 – March 31) or range
/// covers its whole span. `start`/`end` are `None` when impossible (`2月30日`, the warning says
/// why); `end` is `None` for an open range (`令和11年度～`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct DateExpr {
    /// The expression as written in the input (`text[span]`).
    pub text: String,
    /// Byte range of the expression in the input.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub span: Range<usize>,
    /// First day (inclusive).
    pub start: Option<Date>,
    /// Last day (inclusive); `None` when open or impossible.
    pub end: Option<Date>,
    /// The fiscal year of a single 年度 expression (`令和6年度` → 2024).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub fiscal_year: Option<i32>,
    /// First fiscal year of a range that starts with a 年度 (`令和6年度～令和8年度` → 2024).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub from_fiscal_year: Option<i32>,
    /// Last fiscal year of a range that ends with a 年度 (→ 2026).
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub to_fiscal_year: Option<i32>,
    /// True for a range (closed or open), false for a single point.
    #[cfg_attr(feature = "serde", serde(skip))]
    pub range: bool,
    /// What is suspicious or impossible, in short English sentences.
    pub warnings: Vec<String>,
}

impl DateExpr {
    /// The `keikaku wareki` JSON line (CONTRACT.md), keys in contract order:
    /// `{"text": …, "start": …, "end": …, "fiscal_year": …, "warnings": […]}`.
    /// `fiscal_year` (and `from_fiscal_year`/`to_fiscal_year` for ranges) appear only when set.
    /// Written by hand, so it needs neither serde nor serde_json.
    pub fn to_json(&self) -> String {
        let mut s = String::with_capacity(96 + self.text.len());
        s.push_str("{\"text\": ");
        push_json_str(&mut s, &self.text);
        for (key, d) in [("start", self.start), ("end", self.end)] {
            let _ = write!(s, ", \"{key}\": ");
            match d {
                Some(d) => {
                    let _ = write!(s, "\"{d}\"");
                }
                None => s.push_str("null"),
            }
        }
        let years = [
            ("fiscal_year", self.fiscal_year),
            ("from_fiscal_year", self.from_fiscal_year),
            ("to_fiscal_year", self.to_fiscal_year),
        ];
        for (key, y) in years {
            if let Some(y) = y {
                let _ = write!(s, ", \"{key}\": {y}");
            }
        }
        s.push_str(", \"warnings\": [");
        for (i, w) in self.warnings.iter().enumerate() {
            if i > 0 {
                s.push_str(", ");
            }
            push_json_str(&mut s, w);
        }
        s.push_str("]}");
        s
    }
}

fn push_json_str(s: &mut String, v: &str) {
    s.push('"');
    for c in v.chars() {
        match c {
            '"' => s.push_str("\\\""),
            '\\' => s.push_str("\\\\"),
            '\n' => s.push_str("\\n"),
            '\r' => s.push_str("\\r"),
            '\t' => s.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(s, "\\u{:04x}", c as u32);
            }
            c => s.push(c),
        }
    }
    s.push('"');
}

/// Builds the expression for `parsed`, whose text is `text[span]`.
pub(crate) fn build(text: &str, span: Range<usize>, parsed: &Parsed) -> DateExpr {
    let mut warnings = Vec::new();
    let first = interval(&parsed.first, &mut warnings);
    let fy = |p: &Pt, ok: bool| (p.fiscal && ok).then_some(p.year);
    let mut e = DateExpr {
        text: text.get(span.clone()).unwrap_or_default().to_string(),
        span,
        start: first.map(|f| f.0),
        end: first.map(|f| f.1),
        fiscal_year: None,
        from_fiscal_year: None,
        to_fiscal_year: None,
        range: true,
        warnings: Vec::new(),
    };
    match &parsed.tail {
        Tail::Point => {
            e.fiscal_year = fy(&parsed.first, first.is_some());
            e.range = false;
        }
        Tail::Open => {
            e.end = None;
            e.from_fiscal_year = fy(&parsed.first, first.is_some());
        }
        Tail::To(second) => {
            let last = interval(second, &mut warnings);
            e.end = last.map(|l| l.1);
            e.from_fiscal_year = fy(&parsed.first, first.is_some());
            e.to_fiscal_year = fy(second, last.is_some());
            if let (Some(s), Some(t)) = (e.start, e.end) {
                if t < s {
                    warnings.push(format!("range ends before it starts: {s} > {t}"));
                }
            }
        }
    }
    warnings.dedup();
    e.warnings = warnings;
    e
}

/// The interval a point denotes, pushing warnings; `None` when it cannot exist.
fn interval(p: &Pt, warnings: &mut Vec<String>) -> Option<(Date, Date)> {
    let past_end = check_era_year(p, warnings)?;
    if let Some(w) = p.paren.filter(|&w| w != p.year) {
        warnings.push(format!(
            "era and Western year disagree: {} is {}, not {w}",
            era_text(p),
            p.year
        ));
    }
    let (s, e) = span_of(p, warnings)?;
    if !past_end && !p.eraless {
        check_inside_era(p, s, e, warnings);
    }
    if s < SOLAR_CALENDAR_START {
        warnings.push(format!(
            "before the solar calendar ({SOLAR_CALENDAR_START}): lunisolar date read as Gregorian"
        ));
    }
    if let (Some(w), Some(d)) = (p.weekday, p.day) {
        if s.weekday() != w && u32::from(s.day) == d && s == e {
            const DAYS: [char; 7] = ['日', '月', '火', '水', '木', '金', '土'];
            warnings.push(format!(
                "weekday mismatch: {s} is {}, not {}",
                DAYS[usize::from(s.weekday())],
                DAYS[usize::from(w)]
            ));
        }
    }
    Some((s, e))
}

/// `令和6` (or `6` for the era-less form) for messages.
fn era_text(p: &Pt) -> String {
    match (era_of(p), p.era_year, p.eraless) {
        (Some(e), Some(n), false) => format!("{}{n}", e.name),
        (_, Some(n), true) => format!("era year {n}"),
        _ => p.year.to_string(),
    }
}

/// Era year 0 (impossible), a year past the era's end (warned, still read), an era-less year
/// that fits no era. Returns whether the year is past its era's end.
fn check_era_year(p: &Pt, warnings: &mut Vec<String>) -> Option<bool> {
    let Some(n) = p.era_year else {
        return Some(false);
    };
    if n == 0 {
        warnings.push(format!("era year 0: {}", era_text(p)));
        return None;
    }
    let Some(era) = era_of(p) else {
        warnings.push(format!(
            "era year {n} does not match Western year {} in any era",
            p.year
        ));
        return Some(false);
    };
    match era.last_year().filter(|&last| n > last && !p.eraless) {
        Some(_) => {
            let now = Date::month_end(p.year, 12)
                .and_then(era_label)
                .unwrap_or_default();
            warnings.push(format!(
                "year past era end: {}{n} is {} ({now})",
                era.name, p.year
            ));
            Some(true)
        }
        None => Some(false),
    }
}

fn check_inside_era(p: &Pt, s: Date, e: Date, warnings: &mut Vec<String>) {
    let Some(era) = era_of(p) else { return };
    if e < era.start {
        warnings.push(format!(
            "date outside era: {} began on {}",
            era.name, era.start
        ));
    } else if let Some(end) = era.end.filter(|&end| s > end) {
        warnings.push(format!("date outside era: {} ended on {end}", era.name));
    }
}

/// First and last day of the point's period; `None` (with a warning) for a month or day that
/// does not exist.
fn span_of(p: &Pt, warnings: &mut Vec<String>) -> Option<(Date, Date)> {
    let y = p.year;
    let Some(m) = p.month else {
        let first_month = if p.fiscal { 4 } else { 1 };
        return Some(match p.part {
            Part::Half(h) => months(y, first_month + 6 * (i32::from(h) - 1), 6),
            Part::Quarter(q) => months(y, first_month + 3 * (i32::from(q) - 1), 3),
            _ => months(y, first_month, 12),
        });
    };
    if !(1..=12).contains(&m) {
        warnings.push(format!("month does not exist: {m}月"));
        return None;
    }
    let m = m as u8;
    let last = days_in_month(y, m);
    if let Some(d) = p.day {
        let date = u8::try_from(d).ok().and_then(|d| Date::new(y, m, d));
        if date.is_none() {
            warnings.push(format!("day does not exist: {y:04}-{m:02}-{d:02}"));
        }
        return date.map(|d| (d, d));
    }
    let (a, b) = match p.part {
        Part::Third(1) => (1, 10),
        Part::Third(2) => (11, 20),
        Part::Third(_) => (21, last),
        _ => (1, last),
    };
    Some((
        Date {
            year: y,
            month: m,
            day: a,
        },
        Date {
            year: y,
            month: m,
            day: b,
        },
    ))
}

/// `count` whole months from month `first` (1-based, may exceed 12) of `year`.
fn months(year: i32, first: i32, count: i32) -> (Date, Date) {
    let at = |k: i32| {
        (
            year + (k - 1).div_euclid(12),
            ((k - 1).rem_euclid(12) + 1) as u8,
        )
    };
    let (y0, m0) = at(first);
    let (y1, m1) = at(first + count - 1);
    (
        Date {
            year: y0,
            month: m0,
            day: 1,
        },
        Date {
            year: y1,
            month: m1,
            day: days_in_month(y1, m1),
        },
    )
}
