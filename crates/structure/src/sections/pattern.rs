//! Heading-marker templates: literal characters plus placeholders, matched at the start of a
//! line (after [`fold_width`](crate::cards::util::fold_width)).
//!
//! Placeholders: `{n}` a number (1–2 Arabic digits or 1–3 kanji numerals), `{r}` Roman
//! numerals (Ⅰ Ⅱ … or I V X), `{c}` a circled number (① …), `{k}` one katakana (ア イ …),
//! `{*}` any text (at least one character) up to the next literal. A space in a template
//! matches any run of white space, or none.

/// The kanji numerals a `{n}` may be written in (`第三章`, `十一`).
pub const KANJI_DIGITS: &str = "〇一二三四五六七八九十";

/// One piece of a template.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Lit(char),
    Space,
    Num,
    Roman,
    Circled,
    Kana,
    Any,
}

/// A parsed template.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    parts: Vec<Part>,
}

impl Marker {
    /// Parses a template such as `【方針{n}】`, `({n})`, `第{n}章`, `{n} `.
    pub fn parse(template: &str) -> Marker {
        let folded = crate::cards::util::fold_width(template);
        let mut parts = Vec::new();
        let mut rest = folded.as_str();
        while let Some(c) = rest.chars().next() {
            let holder = [
                ("{n}", Part::Num),
                ("{r}", Part::Roman),
                ("{c}", Part::Circled),
            ]
            .into_iter()
            .chain([("{k}", Part::Kana), ("{*}", Part::Any)])
            .find(|(h, _)| rest.starts_with(h));
            if let Some((h, part)) = holder {
                parts.push(part);
                rest = &rest[h.len()..];
            } else {
                parts.push(if c.is_whitespace() {
                    Part::Space
                } else {
                    Part::Lit(c)
                });
                rest = &rest[c.len_utf8()..];
            }
        }
        Marker { parts }
    }

    /// The marker's shape: its first and last literal characters (`【方針{n}】` and
    /// `【{*}】` share the shape `【】`); `None` when it has no literal.
    pub fn shape(&self) -> Option<String> {
        let mut lits = self.parts.iter().filter_map(|p| match p {
            Part::Lit(c) => Some(canonical_mark(*c)),
            _ => None,
        });
        let first = lits.next()?;
        let last = lits.next_back().unwrap_or(first);
        Some(format!("{first}{last}"))
    }

    /// How many literal characters the template has (more is more specific).
    pub fn literals(&self) -> usize {
        self.parts
            .iter()
            .filter(|p| matches!(p, Part::Lit(_)))
            .count()
    }

    /// True when the template matches a whole heading by itself (`【{*}】`).
    pub fn is_whole(&self) -> bool {
        self.parts.contains(&Part::Any)
    }

    /// True when the template ends in a closing corner bracket (【方針1】: no space follows it
    /// when printed; `(1) ` does take one).
    pub fn ends_closed(&self) -> bool {
        matches!(self.parts.last(), Some(Part::Lit(c)) if "】」』〉》".contains(*c))
    }

    /// The number of chars of `text` the marker covers at its start, if it matches there.
    pub fn match_prefix(&self, text: &str) -> Option<usize> {
        let chars: Vec<char> = text.chars().collect();
        matches_at(&self.parts, &chars, 0)
    }
}

/// Matches `parts` against `chars` from `i`; returns the end position.
fn matches_at(parts: &[Part], chars: &[char], i: usize) -> Option<usize> {
    let Some((first, rest)) = parts.split_first() else {
        return Some(i);
    };
    match first {
        Part::Lit(c) => chars
            .get(i)
            .is_some_and(|&x| same_mark(x, *c))
            .then_some(())?,
        Part::Space => {
            let n = chars[i..].iter().take_while(|c| c.is_whitespace()).count();
            return matches_at(rest, chars, i + n);
        }
        Part::Any => {
            for end in (i + 1)..=chars.len() {
                if let Some(e) = matches_at(rest, chars, end) {
                    return Some(e);
                }
            }
            return None;
        }
        _ => {}
    }
    if let Part::Lit(_) = first {
        return matches_at(rest, chars, i + 1);
    }
    let n = run(first, &chars[i..]);
    (n > 0).then_some(())?;
    matches_at(rest, chars, i + n)
}

/// Marks that authors use interchangeably for one heading level (`〇現時点…` and
/// `○今後…` in one document).
const SAME_MARKS: [&str; 3] = ["〇○◯", "●⚫", "□☐"];

/// The first mark of `c`'s group in [`SAME_MARKS`], or `c`.
fn canonical_mark(c: char) -> char {
    SAME_MARKS
        .iter()
        .find(|g| g.contains(c))
        .and_then(|g| g.chars().next())
        .unwrap_or(c)
}

/// True when `a` and `b` are the same character or interchangeable marks.
fn same_mark(a: char, b: char) -> bool {
    canonical_mark(a) == canonical_mark(b)
}

/// How many chars at the start of `chars` a placeholder takes.
fn run(part: &Part, chars: &[char]) -> usize {
    let count = |f: &dyn Fn(char) -> bool, max: usize| {
        chars.iter().take_while(|c| f(**c)).count().min(max + 1)
    };
    let n = match part {
        Part::Num => {
            let d = count(&|c| c.is_ascii_digit(), 2);
            if d > 0 {
                return if d <= 2 { d } else { 0 };
            }
            let k = count(&|c| KANJI_DIGITS.contains(c), 3);
            // 〇 alone is the bullet 〇現時点の取組状況, not the numeral zero
            let zeros = chars.iter().take(k).all(|&c| c == '〇');
            return if k <= 3 && !zeros { k } else { 0 };
        }
        Part::Roman => {
            let u = count(&|c| ('\u{2160}'..='\u{216B}').contains(&c), 1);
            if u > 0 {
                return u.min(1);
            }
            let a = count(&|c| "IVX".contains(c), 4);
            // a Latin word (ICT) is not a numeral
            let word = chars.get(a).is_some_and(|c| c.is_ascii_alphabetic());
            if a <= 4 && !word {
                a
            } else {
                0
            }
        }
        Part::Circled => count(
            &|c| ('\u{2460}'..='\u{2473}').contains(&c) || ('\u{3251}'..='\u{325F}').contains(&c),
            1,
        )
        .min(1),
        Part::Kana => count(&|c| ('\u{30A2}'..='\u{30F3}').contains(&c), 1).min(1),
        _ => 0,
    };
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(t: &str, s: &str) -> Option<usize> {
        Marker::parse(t).match_prefix(&crate::cards::util::fold_width(s))
    }

    #[test]
    fn templates_match_markers() {
        assert_eq!(m("【方針{n}】", "【方針1】デジタル技術"), Some(5));
        assert_eq!(m("({n})", "（１）簡単・便利"), Some(3));
        assert_eq!(m("推進方針{n}", "推進方針１ デジタル化"), Some(5));
        assert_eq!(m("第{n}章", "第三章 計画"), Some(3));
        assert_eq!(m("{n}.", "1.背景と国の動向"), Some(2));
        assert_eq!(m("{n} ", "１ 背景・目的"), Some(2));
        assert_eq!(m("{r} ", "Ⅱ 現状"), Some(2));
        assert_eq!(m("{c}", "①取組"), Some(1));
        assert_eq!(m("【{*}】", "【凡例】"), Some(4));
        assert_eq!(m("{n} ", "2024年度"), None);
        assert_eq!(m("({n})", "(a) x"), None);
        assert!(Marker::parse("【{*}】").is_whole());
        assert_eq!(m("{r} ", "ICTの活用"), None);
        assert_eq!(
            Marker::parse("【方針{n}】").shape(),
            Marker::parse("【{*}】").shape()
        );
        assert_ne!(
            Marker::parse("第{n}章").shape(),
            Marker::parse("第{n}節").shape()
        );
        assert!(Marker::parse("【方針{n}】").ends_closed());
        // 〇 is a bullet, and ○ 〇 are one mark
        assert_eq!(m("{n} ", "〇現時点の取組状況"), None);
        assert_eq!(m("{n} ", "十一 計画"), Some(3));
        assert_eq!(m("〇", "○今後の取組予定"), Some(1));
        assert_eq!(Marker::parse("〇").shape(), Marker::parse("○").shape());
    }
}
