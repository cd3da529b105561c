//! Normalised characters with their byte spans: the parser's input.
//!
//! White space is dropped but remembered on the next character (`ws`), so spaced text
//! (`令 和 ５ 年`) reads like unspaced text while numbers still stop at a gap.
//! Full-width digits, letters, parentheses and the many tildes and dashes are folded.

/// White space seen just before a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Ws {
    /// Directly adjacent.
    None,
    /// Spaces (ASCII, ideographic, no-break).
    Space,
    /// A line break or a tab (a table cell boundary).
    Break,
}

/// One normalised character.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    /// The folded character (`５` → `5`, `（` → `(`, `〜` → `~`, `－` → `-`).
    pub c: char,
    /// Byte offset of the original character.
    pub start: usize,
    /// Byte offset just past the original character.
    pub end: usize,
    /// White space before this character.
    pub ws: Ws,
}

/// Folds the variants the parser treats alike.
pub(crate) fn fold(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '（' => '(',
        '）' => ')',
        '．' => '.',
        '／' => '/',
        '，' => ',',
        '～' | '〜' | '∼' => '~',
        '－' | '‐' | '‑' | '–' | '—' | '―' | '−' => '-',
        _ => c,
    }
}

/// Splits `text` into folded characters, skipping white space.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out = Vec::with_capacity(text.len() / 2);
    let mut ws = Ws::None;
    for (i, ch) in text.char_indices() {
        match ch {
            '\n' | '\r' | '\t' | '\u{0b}' | '\u{0c}' | '\u{2028}' | '\u{2029}' => ws = Ws::Break,
            c if c.is_whitespace() => ws = ws.max(Ws::Space),
            c => {
                out.push(Tok {
                    c: fold(c),
                    start: i,
                    end: i + c.len_utf8(),
                    ws,
                });
                ws = Ws::None;
            }
        }
    }
    out
}

/// Whether `c` is a CJK unified ideograph (a kanji that would continue a word).
pub(crate) fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_and_skips_spaces() {
        let t = tokenize("令 和\u{3000}５\n（2024）");
        let cs: String = t.iter().map(|t| t.c).collect();
        assert_eq!(cs, "令和5(2024)");
        assert_eq!(t[1].ws, Ws::Space);
        assert_eq!(t[2].ws, Ws::Space);
        assert_eq!(t[3].ws, Ws::Break);
        assert_eq!((t[2].start, t[2].end), (10, 13));
    }
}
