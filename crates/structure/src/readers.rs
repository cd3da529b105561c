//! What structure asks of Japanese segmentation and of date reading: two small traits, passed
//! in by the caller as [`Readers`] to [`crate::build`] (the CLI pipeline gives
//! [`Readers::standard`]: lindera over the embedded IPADIC from `keikaku-jtext`, and
//! `keikaku-wareki`), so a test can hand in its own.
//!
//! They are an argument all the way down: every function that segments or reads a date takes
//! `rd: Readers` (a pair of references, `Copy`), so nothing in structure reaches a global.

pub use keikaku_jtext::Token;
pub use keikaku_wareki::DateExpr;

/// Japanese segmentation.
pub trait Segment: Sync {
    /// The words of `text` (white space skipped), with byte ranges and parts of speech.
    fn words<'a>(&self, text: &'a str) -> Vec<Token<'a>>;
    /// `text` without the spaces of letter-spaced headings and justified lines
    /// (`令 和 ５ 年` → `令和５年`), see `keikaku_jtext::remove_spurious_spaces`.
    fn repair(&self, text: &str) -> String;
}

/// Reading dates (和暦 and 西暦, 年度, ranges).
pub trait ReadDates: Sync {
    /// Every date expression in `text`, in order.
    fn scan(&self, text: &str) -> Vec<DateExpr>;
    /// The whole of `text` as one date expression.
    fn parse(&self, text: &str) -> Option<DateExpr>;
}

/// The segmenter and the date reader structure uses.
#[derive(Clone, Copy)]
pub struct Readers<'a> {
    /// Segmentation.
    pub words: &'a dyn Segment,
    /// Date reading.
    pub dates: &'a dyn ReadDates,
}

impl std::fmt::Debug for Readers<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Readers")
    }
}

impl Readers<'static> {
    /// `keikaku-jtext`'s segmenter (IPADIC and the user dictionary, loaded once), or
    /// [`NoDictionary`] if it failed to load, and [`Wareki`].
    pub fn standard() -> Readers<'static> {
        let words: &'static dyn Segment = match keikaku_jtext::shared() {
            Ok(s) => s,
            Err(_) => &NoDictionary,
        };
        Readers {
            words,
            dates: &Wareki,
        }
    }
}

impl Segment for keikaku_jtext::Segmenter {
    fn words<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.tokens(text)
    }

    fn repair(&self, text: &str) -> String {
        keikaku_jtext::remove_spurious_spaces_with(text, Some(self))
    }
}

/// Segmentation without a dictionary: no words; spaces repaired by the character rules
/// alone.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDictionary;

impl Segment for NoDictionary {
    fn words<'a>(&self, _text: &'a str) -> Vec<Token<'a>> {
        Vec::new()
    }

    fn repair(&self, text: &str) -> String {
        keikaku_jtext::remove_spurious_spaces_with(text, None)
    }
}

/// Date reading by `keikaku-wareki` with its default options.
#[derive(Debug, Clone, Copy, Default)]
pub struct Wareki;

impl ReadDates for Wareki {
    fn scan(&self, text: &str) -> Vec<DateExpr> {
        keikaku_wareki::scan(text)
    }

    fn parse(&self, text: &str) -> Option<DateExpr> {
        keikaku_wareki::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_readers_segment_and_read_dates() {
        let r = Readers::standard();
        let words: Vec<&str> = r
            .words
            .words("情報政策課")
            .iter()
            .map(|t| t.surface)
            .collect();
        assert_eq!(words.concat(), "情報政策課");
        assert!(words.len() >= 2, "{words:?}");
        assert_eq!(r.words.repair("令 和 ５ 年"), "令和５年");
        assert_eq!(
            r.dates.parse("令和6年度").and_then(|e| e.fiscal_year),
            Some(2024)
        );
        assert_eq!(r.dates.scan("令和6年度と令和7年度").len(), 2);
    }

    /// Reads every text as 平成13年度.
    struct Always;

    impl ReadDates for Always {
        fn scan(&self, text: &str) -> Vec<DateExpr> {
            self.parse(text).into_iter().collect()
        }
        fn parse(&self, _text: &str) -> Option<DateExpr> {
            keikaku_wareki::parse("平成13年度")
        }
    }

    #[test]
    fn the_readers_passed_in_are_the_ones_used() {
        let fake = Readers {
            words: &NoDictionary,
            dates: &Always,
        };
        let title = Some("デジタル化推進計画");
        assert_eq!(crate::cover::fiscal_year(fake, title), Some(2001));
        assert_eq!(crate::cover::fiscal_year(Readers::standard(), title), None);
    }

    #[test]
    fn without_a_dictionary_no_words_and_letter_spacing_still_goes() {
        assert!(NoDictionary.words("情報政策課").is_empty());
        assert_eq!(NoDictionary.repair("令 和 ５ 年"), "令和５年");
    }
}
