//! The date grammar over normalised characters: points, qualifiers and ranges.
//!
//! A point is an era year (`令和6`, `R6`, `㋿6`, `令和元`), an era-less schedule year
//! (`6(2024)`) or a Western year (`2024`), then `年` / `年度` with an optional month and day,
//! or a dotted/slashed form (`R6.4.1`, `2024/4/1`). A range joins two points (the second may
//! leave out what the first said) with `～ ~ -` or `から…まで`; `～` or `以降` alone leave it open.

use crate::era::{eras, Era};
use crate::token::{is_kanji, Tok, Ws};
use crate::Options;

/// A sub-period of a year, fiscal year or month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Part {
    /// The whole period.
    #[default]
    Whole,
    /// 上半期 (1) or 下半期 (2).
    Half(u8),
    /// 第N四半期.
    Quarter(u8),
    /// 上旬 (1), 中旬 (2), 下旬 (3) of a month.
    Third(u8),
}

/// One date as written, before validation.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pt {
    /// Index into [`eras`] when an era was written (or inferred for `6(2024)`).
    pub era: Option<usize>,
    /// The era year as written.
    pub era_year: Option<i32>,
    /// True for the era-less `6(2024)年度` form (the Western year governs).
    pub eraless: bool,
    /// Western year (calendar year, or the fiscal year's starting year).
    pub year: i32,
    /// A second statement of the year in parentheses, to cross-check.
    pub paren: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
    /// 年度 (April to March).
    pub fiscal: bool,
    pub part: Part,
    /// Weekday written after the day, 0 = Sunday.
    pub weekday: Option<u8>,
    /// Written with dots or slashes (`R6.4.1`).
    pub dotted: bool,
}

/// How a range ends.
#[derive(Debug, Clone)]
pub(crate) enum Tail {
    /// A single point.
    Point,
    /// Closed range to the second point.
    To(Pt),
    /// Open range (`～` with nothing after it, `以降`).
    Open,
}

/// A parsed expression: token range and meaning.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub first: Pt,
    pub tail: Tail,
    /// One past the last token.
    pub next: usize,
}

/// How an era was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EraForm {
    Name,
    Square,
    Letter,
}

pub(crate) struct Parser<'a> {
    t: &'a [Tok],
    opts: Options,
}

fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn kanji_unit(c: char) -> Option<u32> {
    match c {
        '十' => Some(10),
        '百' => Some(100),
        '千' => Some(1000),
        _ => None,
    }
}

/// Whether `c` can begin a date (cheap pre-check for the scanner).
pub(crate) fn can_start(c: char) -> bool {
    c.is_ascii_digit()
        || eras()
            .iter()
            .any(|e| e.abbr == c || e.square == c || e.name.starts_with(c))
}

impl<'a> Parser<'a> {
    pub fn new(t: &'a [Tok], opts: Options) -> Self {
        Parser { t, opts }
    }

    fn c(&self, i: usize) -> Option<char> {
        self.t.get(i).map(|t| t.c)
    }

    fn is(&self, i: usize, ch: char) -> bool {
        self.c(i) == Some(ch)
    }

    fn ws(&self, i: usize) -> Ws {
        self.t.get(i).map_or(Ws::None, |t| t.ws)
    }

    fn digit_at(&self, i: usize) -> bool {
        self.c(i).is_some_and(|c| c.is_ascii_digit())
    }

    /// Matches `s` char by char (white space between them allowed); returns the index after.
    fn word(&self, i: usize, s: &str) -> Option<usize> {
        let mut j = i;
        for ch in s.chars() {
            if !self.is(j, ch) {
                return None;
            }
            j += 1;
        }
        Some(j)
    }

    /// The first of `words` that matches at `i`.
    fn any_word(&self, i: usize, words: &[&str]) -> Option<usize> {
        words.iter().find_map(|w| self.word(i, w))
    }

    // ---- numbers ----

    /// ASCII digits at `i`: (value, digit count, next). At most 4 digits.
    /// Digits split by spaces join inside parentheses (`(20 27)`) or in fully spaced text (`2 9 日`).
    fn digits(&self, i: usize, paren: bool) -> Option<(u32, usize, usize)> {
        let (mut v, mut n, mut j) = (0u32, 0usize, i);
        while let Some(t) = self.t.get(j) {
            let Some(d) = t.c.to_digit(10).filter(|_| t.c.is_ascii_digit()) else {
                break;
            };
            if j > i
                && t.ws != Ws::None
                && !(t.ws == Ws::Space && (paren || self.spaced_digit(i, j)))
            {
                break;
            }
            v = v * 10 + d;
            n += 1;
            j += 1;
            if n > 4 {
                return None;
            }
        }
        (n > 0).then_some((v, n, j))
    }

    /// In `2 9 日` every character stands apart: a lone digit after a lone digit joins it.
    fn spaced_digit(&self, first: usize, j: usize) -> bool {
        let prev_alone = j - 1 == first || self.ws(j - 1) != Ws::None;
        let next_apart = self.ws(j + 1) == Ws::Space;
        prev_alone && next_apart
    }

    /// Kanji numerals at `i` (`二十三`, `十`, `二〇二四`): (value, next).
    fn kanji_number(&self, i: usize) -> Option<(u32, usize)> {
        let mut j = i;
        let (mut total, mut cur) = (0u32, 0u32);
        while let Some(c) = self.c(j) {
            if j > i && self.ws(j) == Ws::Break {
                break;
            }
            if let Some(d) = kanji_digit(c) {
                cur = cur.checked_mul(10)?.checked_add(d)?;
            } else if let Some(u) = kanji_unit(c) {
                total = total.saturating_add(cur.max(1).saturating_mul(u));
                cur = 0;
            } else {
                break;
            }
            j += 1;
            if j - i > 6 {
                return None;
            }
        }
        (j > i).then_some((total + cur, j))
    }

    /// A small number (month, day, era year): ASCII up to 2 digits, or kanji up to 99.
    fn small_number(&self, i: usize, kanji: bool) -> Option<(u32, usize)> {
        if let Some((v, n, j)) = self.digits(i, false) {
            return (n <= 2).then_some((v, j));
        }
        if !kanji {
            return None;
        }
        self.kanji_number(i).filter(|&(v, _)| v <= 99)
    }

    // ---- eras ----

    /// An era written at `i`: (index into the table, next, form).
    fn era_at(&self, i: usize) -> Option<(usize, usize, EraForm)> {
        let c = self.c(i)?;
        for (k, e) in eras().iter().enumerate() {
            if e.square == c {
                return Some((k, i + 1, EraForm::Square));
            }
            if e.abbr == c && self.letter_era_ok(i) {
                return Some((k, i + 1, EraForm::Letter));
            }
            if e.name.starts_with(c) {
                if let Some(j) = self.word(i, &e.name) {
                    return Some((k, j, EraForm::Name));
                }
            }
        }
        None
    }

    /// `R6`: the letter stands apart from other letters/digits and a digit follows directly.
    fn letter_era_ok(&self, i: usize) -> bool {
        let apart = i == 0
            || self.ws(i) != Ws::None
            || self.c(i - 1).is_some_and(|p| !p.is_ascii_alphanumeric());
        apart && self.digit_at(i + 1) && self.ws(i + 1) == Ws::None
    }

    /// Whether the token at `k` ends a bare `R5`: no letter, digit or date separator follows.
    fn bare_boundary(&self, k: usize) -> bool {
        match self.c(k) {
            None => true,
            Some(_) if self.ws(k) != Ws::None => true,
            Some(c) if c.is_ascii_alphanumeric() => false,
            Some('%' | '_' | '@' | '#' | '&') => false,
            Some('.' | '/' | ',' | '-' | ':' | '+') => {
                self.ws(k + 1) != Ws::None
                    || !self.c(k + 1).is_some_and(|c| c.is_ascii_alphanumeric())
            }
            Some(_) => true,
        }
    }

    // ---- points ----

    /// Whether a number at `i` starts fresh (not the tail of a longer number or code).
    fn number_starts(&self, i: usize) -> bool {
        i == 0
            || self.ws(i) != Ws::None
            || self
                .c(i - 1)
                .is_some_and(|p| !(p.is_ascii_alphanumeric() || matches!(p, '.' | ',' | '/')))
    }

    /// A complete point at `i` (no context).
    pub fn point(&self, i: usize) -> Option<(Pt, usize)> {
        if let Some((era, j, form)) = self.era_at(i) {
            return self.era_point(era, j, form);
        }
        if self.digit_at(i) && self.number_starts(i) {
            let (v, n, k) = self.digits(i, false)?;
            return match n {
                4 => self.western(v as i32, k),
                1 | 2 => self.eraless(v as i32, k),
                _ => None,
            };
        }
        None
    }

    /// After an era: the era year, then the rest.
    fn era_point(&self, era: usize, j: usize, form: EraForm) -> Option<(Pt, usize)> {
        let (n, k) = self.era_year(j, form != EraForm::Letter)?;
        let p = Pt {
            era: Some(era),
            era_year: Some(n),
            year: eras()[era].western_year(n),
            ..Pt::default()
        };
        // A bare `R5` (fiscal year, common in tables) only for the two most recent eras.
        let bare = form == EraForm::Letter && era + 2 >= eras().len() && n >= 1;
        self.after_year_number(p, k, bare, true)
    }

    /// `元` or a 1–2 digit (or kanji) era year.
    fn era_year(&self, j: usize, kanji: bool) -> Option<(i32, usize)> {
        if self.is(j, '元') {
            return Some((1, j + 1));
        }
        self.small_number(j, kanji).map(|(v, k)| (v as i32, k))
    }

    /// After the era year's number: `(W)`, then `年…`, a dotted month, or a bare `R5`.
    fn after_year_number(
        &self,
        mut p: Pt,
        k: usize,
        bare: bool,
        dotted: bool,
    ) -> Option<(Pt, usize)> {
        let mut k = k;
        if let Some((w, k2)) = self.paren_western(k) {
            p.paren = Some(w);
            k = k2;
        }
        match self.c(k) {
            Some('年') => self.after_nen(p, k + 1),
            Some('.' | '/') if dotted && p.paren.is_none() => self.dotted(p, k),
            _ if bare && p.paren.is_none() && self.bare_boundary(k) => {
                p.fiscal = true;
                Some((p, k))
            }
            _ => None,
        }
    }

    /// `(2024)`, `(2024年)`, `(2024年度)`, `(20 27)`: the Western year and the index after `)`.
    fn paren_western(&self, k: usize) -> Option<(i32, usize)> {
        if !self.is(k, '(') {
            return None;
        }
        let (w, n, mut j) = self.digits(k + 1, true)?;
        if n != 4 {
            return None;
        }
        if self.is(j, '年') {
            j += 1;
            if self.is(j, '度') {
                j += 1;
            }
        }
        self.is(j, ')').then_some((w as i32, j + 1))
    }

    /// `(令和6年)`, `(令和6年度)`, `(R6)` after a Western year: the era's Western year.
    fn paren_era(&self, k: usize) -> Option<(i32, usize)> {
        if !self.is(k, '(') {
            return None;
        }
        let (era, j, form) = self.era_at(k + 1)?;
        let (n, mut j) = self.era_year(j, form != EraForm::Letter)?;
        if self.is(j, '年') {
            j += 1;
            if self.is(j, '度') {
                j += 1;
            }
        }
        self.is(j, ')')
            .then(|| (eras()[era].western_year(n), j + 1))
    }

    /// After `年`: `度` (fiscal) with its qualifiers, or a month.
    fn after_nen(&self, mut p: Pt, k: usize) -> Option<(Pt, usize)> {
        let mut k = k;
        if self.is(k, '度') {
            p.fiscal = true;
            k += 1;
        }
        let paren = match p.era {
            Some(_) => self.paren_western(k),
            None => self.paren_western(k).or_else(|| self.paren_era(k)),
        };
        if let Some((w, k2)) = paren {
            if p.paren.is_none() {
                p.paren = Some(w);
            }
            k = k2;
        }
        if !p.fiscal {
            if let Some(r) = self.month(p.clone(), k) {
                return Some(r);
            }
        }
        Some(self.year_quals(p, k))
    }

    /// `9月`, `九月二十九日`, `4月1日(月)` with their qualifiers.
    fn month(&self, mut p: Pt, k: usize) -> Option<(Pt, usize)> {
        if self.ws(k) == Ws::Break {
            return None;
        }
        let (m, k) = self.small_number(k, true)?;
        if !self.is(k, '月') {
            return None;
        }
        p.month = Some(m);
        let k = k + 1;
        if let Some((d, k2)) = self
            .small_number(k, true)
            .filter(|&(_, k2)| self.is(k2, '日'))
        {
            p.day = Some(d);
            let k = self.weekday(&mut p, k2 + 1);
            return Some((p, self.end_quals(k)));
        }
        Some(self.month_quals(p, k))
    }

    /// `(月)` or `(月曜日)` after a day.
    fn weekday(&self, p: &mut Pt, k: usize) -> usize {
        const DAYS: &str = "日月火水木金土";
        if !self.is(k, '(') {
            return k;
        }
        let Some(w) = self
            .c(k + 1)
            .and_then(|c| DAYS.chars().position(|d| d == c))
        else {
            return k;
        };
        let j = self
            .word(k + 2, "曜日")
            .or_else(|| self.word(k + 2, "曜"))
            .unwrap_or(k + 2);
        if !self.is(j, ')') {
            return k;
        }
        p.weekday = Some(w as u8);
        j + 1
    }

    /// `R6.4`, `H31.4.30`, `2024/4/1`: dotted month and day after the year.
    fn dotted(&self, mut p: Pt, k: usize) -> Option<(Pt, usize)> {
        let sep = self.c(k)?;
        if self.ws(k) != Ws::None || self.ws(k + 1) != Ws::None {
            return None;
        }
        let (m, _, mut j) = self.digits(k + 1, false).filter(|&(_, n, _)| n <= 2)?;
        if !(1..=12).contains(&m) {
            return None;
        }
        p.month = Some(m);
        p.dotted = true;
        if self.is(j, sep) && self.ws(j) == Ws::None && self.ws(j + 1) == Ws::None {
            if let Some((d, _, j2)) = self
                .digits(j + 1, false)
                .filter(|&(d, n, _)| n <= 2 && d <= 31)
            {
                p.day = Some(d);
                j = j2;
            }
        }
        // A version number or decimal (`2024.4.1.5`) is not a date.
        if self.ws(j) == Ws::None && (self.digit_at(j) || (self.is(j, sep) && self.digit_at(j + 1)))
        {
            return None;
        }
        Some((p, j))
    }

    /// A Western year `W` (digits already read, next at `k`).
    fn western(&self, w: i32, k: usize) -> Option<(Pt, usize)> {
        if !(1800..=2199).contains(&w) {
            return None;
        }
        let p = Pt {
            year: w,
            ..Pt::default()
        };
        match self.c(k) {
            Some('年') => self.after_nen(p, k + 1),
            Some('.' | '/') => self.dotted(p, k),
            Some('-') => self.iso(p, k),
            _ => None,
        }
    }

    /// `2024-04-01`.
    fn iso(&self, mut p: Pt, k: usize) -> Option<(Pt, usize)> {
        let adjacent = |i: usize| self.ws(i) == Ws::None;
        if !(adjacent(k) && adjacent(k + 1)) {
            return None;
        }
        let (m, n, j) = self.digits(k + 1, false)?;
        if n != 2 || !self.is(j, '-') || !adjacent(j) || !adjacent(j + 1) {
            return None;
        }
        let (d, n2, j2) = self.digits(j + 1, false)?;
        if n2 != 2 || !(1..=12).contains(&m) || self.digit_at(j2) && adjacent(j2) {
            return None;
        }
        p.month = Some(m);
        p.day = Some(d);
        p.dotted = true;
        Some((p, j2))
    }

    /// The era-less schedule header `6(2024)年度`: era year, Western year, `年`.
    fn eraless(&self, n: i32, k: usize) -> Option<(Pt, usize)> {
        let (w, k) = self.paren_western(k)?;
        if !self.is(k, '年') {
            return None;
        }
        let era = eras().iter().rposition(|e| e.western_year(n) == w);
        let p = Pt {
            era,
            era_year: Some(n),
            eraless: true,
            year: w,
            ..Pt::default()
        };
        self.after_nen(p, k + 1)
    }

    // ---- qualifiers ----

    /// 上半期 / 下半期 / 第N四半期 after a year or fiscal year, then 末 / 中.
    fn year_quals(&self, mut p: Pt, k: usize) -> (Pt, usize) {
        if let Some(j) = self.any_word(k, &["上半期", "上期"]) {
            p.part = Part::Half(1);
            return (p, self.end_quals(j));
        }
        if let Some(j) = self.any_word(k, &["下半期", "下期"]) {
            p.part = Part::Half(2);
            return (p, self.end_quals(j));
        }
        if self.is(k, '第') {
            if let Some((q, j)) = self.small_number(k + 1, true) {
                if let Some(j) = self.word(j, "四半期").filter(|_| (1..=4).contains(&q)) {
                    p.part = Part::Quarter(q as u8);
                    return (p, self.end_quals(j));
                }
            }
        }
        (p, self.end_quals(k))
    }

    /// 上旬 / 中旬 / 下旬 after a month, then 末 / 中.
    fn month_quals(&self, mut p: Pt, k: usize) -> (Pt, usize) {
        for (w, n) in [("上旬", 1), ("初旬", 1), ("中旬", 2), ("下旬", 3)] {
            if let Some(j) = self.word(k, w) {
                p.part = Part::Third(n);
                return (p, j);
            }
        }
        (p, self.end_quals(k))
    }

    /// 末 (end of), 中 (during), 頃/ごろ (around): the whole period, the word kept in the text.
    fn end_quals(&self, k: usize) -> usize {
        if self.ws(k) == Ws::Break {
            return k;
        }
        match self.c(k) {
            Some('末' | '頃') => k + 1,
            Some('中') if !self.c(k + 1).is_some_and(is_kanji) => k + 1,
            _ => self.word(k, "ごろ").unwrap_or(k),
        }
    }

    // ---- ranges ----

    /// A whole expression at `i`: a point, maybe followed by the rest of a range.
    pub fn expression(&self, i: usize) -> Option<Parsed> {
        let (first, k) = self.point(i)?;
        Some(self.range_tail(first, k))
    }

    fn range_tail(&self, first: Pt, k: usize) -> Parsed {
        let point = |first: Pt| Parsed {
            first,
            tail: Tail::Point,
            next: k,
        };
        match self.c(k) {
            Some('~') => match self.second(k + 1, &first) {
                Some((p2, j)) => self.closed(first, p2, j),
                None => Parsed {
                    first,
                    tail: Tail::Open,
                    next: k + 1,
                },
            },
            Some('-') => match self.second(k + 1, &first) {
                Some((p2, j)) => self.closed(first, p2, j),
                None => point(first),
            },
            Some('か') if self.opts.kara_made_ranges && self.is(k + 1, 'ら') => {
                let made = self
                    .second(k + 2, &first)
                    .and_then(|(p2, j)| Some((p2, self.word(j, "まで")?)));
                match made {
                    Some((p2, j)) => self.closed(first, p2, j),
                    None => point(first),
                }
            }
            Some('以') if self.opts.ikou_open => match self.any_word(k, &["以降", "以後"]) {
                Some(j) => Parsed {
                    first,
                    tail: Tail::Open,
                    next: j,
                },
                None => point(first),
            },
            _ => point(first),
        }
    }

    fn closed(&self, first: Pt, second: Pt, next: usize) -> Parsed {
        Parsed {
            first,
            tail: Tail::To(second),
            next,
        }
    }

    /// The second point of a range; it may leave out the era, the year or the month.
    fn second(&self, k: usize, first: &Pt) -> Option<(Pt, usize)> {
        if self.ws(k) == Ws::Break {
            return None;
        }
        if let Some(r) = self.point(k) {
            return Some(r);
        }
        if let (Some(era), false) = (first.era, first.eraless) {
            if let Some(r) = self.same_era(k, era, first) {
                return Some(r);
            }
        }
        if let Some(m1) = first.month {
            return self.same_year(k, first, m1);
        }
        None
    }

    /// `令和6年度～8年度`, `R5.4～6.3`: the era carried over.
    fn same_era(&self, k: usize, era: usize, first: &Pt) -> Option<(Pt, usize)> {
        let (n, j) = self.era_year(k, true)?;
        let p = Pt {
            era: Some(era),
            era_year: Some(n),
            year: eras()[era].western_year(n),
            ..Pt::default()
        };
        let (p, j) = self.after_year_number(p, j, false, first.dotted)?;
        Some((p, j))
    }

    /// `令和6年4月～9月`, `4月1日～30日`: the year (and month) carried over.
    fn same_year(&self, k: usize, first: &Pt, m1: u32) -> Option<(Pt, usize)> {
        let base = Pt {
            era: first.era,
            era_year: first.era_year,
            eraless: first.eraless,
            year: first.year,
            ..Pt::default()
        };
        if let Some((mut p, j)) = self.month(base.clone(), k) {
            let m2 = p.month.unwrap_or(m1);
            if m2 < m1 {
                p.year += 1;
                p.era_year = p.era_year.map(|n| n + 1);
            }
            return Some((p, j));
        }
        let (d, j) = self.small_number(k, true)?;
        if !self.is(j, '日') || first.day.is_none() {
            return None;
        }
        let mut p = Pt {
            month: Some(m1),
            day: Some(d),
            ..base
        };
        let j = self.weekday(&mut p, j + 1);
        Some((p, self.end_quals(j)))
    }
}

/// The era named by a point, if any.
pub(crate) fn era_of(p: &Pt) -> Option<&'static Era> {
    p.era.and_then(|i| eras().get(i))
}
