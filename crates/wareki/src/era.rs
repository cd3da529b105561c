//! The era table (`dictionaries/eras.tsv`), parsed once.

use std::sync::OnceLock;

use crate::calendar::Date;

const ERAS_TSV: &str = include_str!("../../../dictionaries/eras.tsv");

/// One Japanese era (元号).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Era {
    /// Name in kanji, e.g. `令和`.
    pub name: String,
    /// Latin abbreviation letter, e.g. `R`.
    pub abbr: char,
    /// The square (合字) character, e.g. `㋿`.
    pub square: char,
    /// First day of the era.
    pub start: Date,
    /// Last day of the era; `None` for the current era.
    pub end: Option<Date>,
}

impl Era {
    /// Western year of era year `n` (元年 is 1). No range check.
    pub fn western_year(&self, n: i32) -> i32 {
        self.start.year + n - 1
    }

    /// The last era year, if the era has ended (平成 → 31).
    pub fn last_year(&self) -> Option<i32> {
        self.end.map(|e| e.year - self.start.year + 1)
    }

    /// Whether `d` lies within the era.
    pub fn contains(&self, d: Date) -> bool {
        d >= self.start && self.end.map_or(true, |e| d <= e)
    }
}

/// The era table, oldest first.
pub fn eras() -> &'static [Era] {
    static ERAS: OnceLock<Vec<Era>> = OnceLock::new();
    ERAS.get_or_init(|| parse_table(ERAS_TSV))
}

/// Parses the TSV; malformed rows are skipped (the table is checked by tests).
fn parse_table(tsv: &str) -> Vec<Era> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("name\t") && !l.trim().is_empty())
        .filter_map(parse_row)
        .collect()
}

fn parse_row(line: &str) -> Option<Era> {
    let mut cols = line.split('\t');
    let name = cols.next()?.trim().to_string();
    let abbr = single_char(cols.next()?)?;
    let square = single_char(cols.next()?)?;
    let start = cols.next()?.trim().parse().ok()?;
    let end = match cols.next()?.trim() {
        "-" | "" => None,
        s => Some(s.parse().ok()?),
    };
    Some(Era {
        name,
        abbr,
        square,
        start,
        end,
    })
}

fn single_char(s: &str) -> Option<char> {
    let mut it = s.trim().chars();
    let c = it.next()?;
    it.next().is_none().then_some(c)
}

/// Index of the era that contains `d`.
pub(crate) fn era_index_of(d: Date) -> Option<usize> {
    eras().iter().rposition(|e| e.contains(d))
}

/// The era and era year of a day, for writing it in 和暦: `2019-05-01` → `("令和", 1)`.
///
/// `None` before the first era in the table (1868-01-25).
///
/// ```
/// use keikaku_wareki::{to_era, Date};
/// assert_eq!(to_era(Date { year: 1989, month: 1, day: 7 }), Some(("昭和".to_string(), 64)));
/// assert_eq!(to_era(Date { year: 1989, month: 1, day: 8 }), Some(("平成".to_string(), 1)));
/// ```
pub fn to_era(date: Date) -> Option<(String, i32)> {
    let e = &eras()[era_index_of(date)?];
    Some((e.name.clone(), date.year - e.start.year + 1))
}

/// `令和6` style label of the era year that holds `date`, for messages.
pub(crate) fn era_label(date: Date) -> Option<String> {
    let (name, y) = to_era(date)?;
    Some(format!("{name}{}", y))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_five_contiguous_eras() {
        let es = eras();
        let names: Vec<&str> = es.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["明治", "大正", "昭和", "平成", "令和"]);
        for w in es.windows(2) {
            let end = w[0].end.expect("only the last era is open");
            assert_eq!(
                Date::from_days(end.to_days() + 1),
                w[1].start,
                "{} → {}",
                w[0].name,
                w[1].name
            );
        }
        assert!(es[4].end.is_none());
        assert_eq!(es[3].last_year(), Some(31));
        assert_eq!(es[2].last_year(), Some(64));
    }

    #[test]
    fn boundaries() {
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        assert_eq!(to_era(d(2019, 4, 30)), Some(("平成".into(), 31)));
        assert_eq!(to_era(d(2019, 5, 1)), Some(("令和".into(), 1)));
        assert_eq!(to_era(d(1926, 12, 24)), Some(("大正".into(), 15)));
        assert_eq!(to_era(d(1926, 12, 25)), Some(("昭和".into(), 1)));
        assert_eq!(to_era(d(1912, 7, 30)), Some(("大正".into(), 1)));
        assert_eq!(to_era(d(1868, 1, 24)), None);
    }
}
