//! Dash, tilde and double-bar variants folded to one form before segmenting.
//!
//! EUC-JP decoders disagree on a few JIS X 0208 symbols (encoding_rs follows
//! WHATWG, iconv follows JIS): `～`/`〜`, `－`/`−`, `―`/`—`, `∥`/`‖`. PDFs
//! print either form. The IPADIC CSVs are folded with this table at build time
//! and input text is folded before segmenting, so both sides agree. Every pair
//! has the same UTF-8 length, so byte offsets into the folded text are offsets
//! into the original text too.
//!
//! Shared by `build.rs` and the library (`#[path]` include): keep it std-only.

/// Variant → canonical form. All entries are 3-byte UTF-8 characters.
pub const FOLD: &[(char, char)] = &[
    ('\u{FF5E}', '\u{301C}'), // ～ FULLWIDTH TILDE → 〜 WAVE DASH
    ('\u{223C}', '\u{301C}'), // ∼ TILDE OPERATOR → 〜
    ('\u{2212}', '\u{FF0D}'), // − MINUS SIGN → － FULLWIDTH HYPHEN-MINUS
    ('\u{2012}', '\u{FF0D}'), // ‒ FIGURE DASH → －
    ('\u{2013}', '\u{FF0D}'), // – EN DASH → －
    ('\u{2010}', '\u{FF0D}'), // ‐ HYPHEN → －
    ('\u{2011}', '\u{FF0D}'), // ‑ NON-BREAKING HYPHEN → －
    ('\u{2015}', '\u{2014}'), // ― HORIZONTAL BAR → — EM DASH
    ('\u{2225}', '\u{2016}'), // ∥ PARALLEL TO → ‖ DOUBLE VERTICAL LINE
];

/// The canonical form of `c` (itself when `c` has no variant).
pub fn fold_char(c: char) -> char {
    FOLD.iter()
        .find(|(from, _)| *from == c)
        .map_or(c, |(_, to)| *to)
}

/// `text` with every variant folded; same byte length as `text`.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| fold_char(c) != c) {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(fold_char).collect())
}
