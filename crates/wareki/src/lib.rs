//! keikaku-wareki: Japanese dates (和暦 and Western) → inclusive ISO intervals.
//!
//! Owns date reading for keikaku (`dates[]`, `plan_period`, schedule fiscal years, and the
//! `keikaku wareki` command), but depends on nothing of keikaku: any Rust project can use it.
//!
//! Entry points:
//! - [`scan`]`(&str) -> Vec<DateExpr>`: every date expression in a text, in order, longest match,
//!   non-overlapping (a range is one expression).
//! - [`parse`]`(&str) -> Option<DateExpr>`: the whole string as one expression.
//! - [`to_era`]`(Date) -> Option<(String, i32)>`: a day's era and era year.
//!
//! A [`DateExpr`] holds the matched text and byte span, the interval (`start`, `end`, inclusive
//! [`Date`]s), `fiscal_year` for 年度 expressions, and `warnings`; [`DateExpr::to_json`] writes
//! the CONTRACT line. The era table is data (`dictionaries/eras.tsv`, see [`eras`]).
//!
//! It reads 令和/平成/昭和/大正/明治 (元年 too), era squares (㋿ ㍻ ㍼ ㍽ ㍾) and letters
//! (`R5年度`, `H31.4.30`, a bare `R5` as a fiscal year), half-width, full-width and kanji numerals,
//! text spaced out character by character, a Western year in parentheses (`令和6（2024）年度`,
//! `平成28年(2016年)1月`), era-less schedule headers (`4(2022)年度`), Western dates (`2024年度`,
//! `2024/4/1`, `2024.4`, `2024-04-01`), ranges (`～ 〜 ~ - – —`, `から…まで`, open `～`/`以降`,
//! a second part that leaves out the era, year or month), and 末 / 中 / 上旬 / 上半期 / 第N四半期.
//!
//! ```
//! use keikaku_wareki::{parse, scan, Date};
//!
//! let e = parse("令和6（2024）年度").unwrap();
//! assert_eq!(e.start, Some(Date { year: 2024, month: 4, day: 1 }));
//! assert_eq!(e.end, Some(Date { year: 2025, month: 3, day: 31 }));
//! assert_eq!(e.fiscal_year, Some(2024));
//! assert_eq!(
//!     e.to_json(),
//!     r#"{"text": "令和6（2024）年度", "start": "2024-04-01", "end": "2025-03-31", "fiscal_year": 2024, "warnings": []}"#
//! );
//!
//! let found = scan("計画期間は令和6年4月～9月、第2次計画は3年間。");
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].text, "令和6年4月～9月");
//! assert_eq!(found[0].end.unwrap().to_string(), "2024-09-30");
//!
//! let w = parse("平成32年度").unwrap(); // still common in older plans
//! assert_eq!(w.fiscal_year, Some(2020));
//! assert_eq!(w.warnings, ["year past era end: 平成32 is 2020 (令和2)"]);
//!
//! let bad = parse("令和5年2月30日").unwrap();
//! assert_eq!((bad.start, bad.end), (None, None));
//! assert!(!bad.warnings.is_empty());
//! ```

#![deny(missing_docs)]

mod calendar;
mod era;
mod expr;
mod parse;
mod token;

pub use calendar::{days_in_month, is_leap, Date, ParseDateError, SOLAR_CALENDAR_START};
pub use era::{eras, to_era, Era};
pub use expr::DateExpr;

use parse::{can_start, Parsed, Parser};
use token::{tokenize, Tok};

/// Choices for readings where usage varies. `Options::default()` is what [`scan`] uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// `AからBまで` is one range (default). When false, A and B are two points.
    /// `AからB` without `まで` is always two points.
    pub kara_made_ranges: bool,
    /// `A以降` / `A以後` is an open range from A (default). When false, `以降` is left out and
    /// A is a point.
    pub ikou_open: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            kara_made_ranges: true,
            ikou_open: true,
        }
    }
}

impl Options {
    /// Every written date a separate point where the text allows it: `から…まで` and `以降`
    /// not joined. This is how the keikaku gold files annotate dates.
    pub fn points() -> Self {
        Options {
            kara_made_ranges: false,
            ikou_open: false,
        }
    }
}

/// Every date expression in `text`, in order, non-overlapping, each the longest match.
///
/// ```
/// let found = keikaku_wareki::scan("R5.4～R6.3に実施、令和６年度末までに完了（第2次、4か国語）");
/// let texts: Vec<&str> = found.iter().map(|e| e.text.as_str()).collect();
/// assert_eq!(texts, ["R5.4～R6.3", "令和６年度末"]);
/// assert_eq!(found[0].start.unwrap().to_string(), "2023-04-01");
/// assert_eq!(found[0].end.unwrap().to_string(), "2024-03-31");
/// ```
pub fn scan(text: &str) -> Vec<DateExpr> {
    scan_with(text, Options::default())
}

/// [`scan`] with explicit [`Options`].
///
/// ```
/// use keikaku_wareki::{scan_with, Options};
/// let t = "令和7年度から令和10年度までとする";
/// assert_eq!(scan_with(t, Options::default()).len(), 1);
/// assert_eq!(scan_with(t, Options::points()).len(), 2);
/// ```
pub fn scan_with(text: &str, opts: Options) -> Vec<DateExpr> {
    let toks = tokenize(text);
    let parser = Parser::new(&toks, opts);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        if can_start(toks[i].c) {
            if let Some(parsed) = parser.expression(i) {
                out.push(finish(text, &toks, i, &parsed));
                i = parsed.next.max(i + 1);
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The whole of `expr` (surrounding white space aside) read as one date expression.
///
/// ```
/// use keikaku_wareki::parse;
/// assert_eq!(parse("H31.4.30").unwrap().start.unwrap().to_string(), "2019-04-30");
/// assert_eq!(parse("令和11年度～").unwrap().end, None);
/// assert!(parse("第2次").is_none());
/// assert!(parse("令和6年度の予算").is_none()); // not the whole string
/// ```
pub fn parse(expr: &str) -> Option<DateExpr> {
    let toks = tokenize(expr);
    let parsed = Parser::new(&toks, Options::default()).expression(0)?;
    (parsed.next == toks.len()).then(|| finish(expr, &toks, 0, &parsed))
}

fn finish(text: &str, toks: &[Tok], first: usize, parsed: &Parsed) -> DateExpr {
    let start = toks[first].start;
    let end = toks
        .get(parsed.next.wrapping_sub(1))
        .map_or(start, |t| t.end);
    expr::build(text, start..end.max(start), parsed)
}
