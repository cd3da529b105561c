//! Character repairs for extraction artefacts: radicals and compatibility
//! ideographs → unified ideographs, vertical presentation forms → ordinary forms.

use crate::data::hex_pairs;
use std::borrow::Cow;
use std::sync::OnceLock;

static RADICALS_TSV: &str = include_str!("../data/radicals.tsv");
static COMPAT_TSV: &str = include_str!("../data/compat_ideographs.tsv");
static VERTICAL_TSV: &str = include_str!("../data/vertical_forms.tsv");

fn map_in(table: &'static OnceLock<Vec<(u32, u32)>>, tsv: &str, c: char) -> char {
    let t = table.get_or_init(|| hex_pairs(tsv));
    match t.binary_search_by_key(&u32::from(c), |&(k, _)| k) {
        Ok(i) => char::from_u32(t[i].1).unwrap_or(c),
        Err(_) => c,
    }
}

/// Repair extraction artefacts in one character.
///
/// Kangxi Radicals (U+2F00–2FDF) and CJK Radicals Supplement (U+2E80–2EFF) become the
/// equivalent unified ideograph (⽤ U+2F64 → 用, ⺠ U+2EA0 → 民; Unicode's
/// EquivalentUnifiedIdeograph.txt), CJK Compatibility Ideographs (U+F900–FAFF,
/// U+2F800–2FA1F) their canonical decomposition when it is a single unified
/// ideograph (朗 U+F929 → 朗 U+6717). Everything else, full and half width
/// included, is returned unchanged.
pub fn repair_char(c: char) -> char {
    static RADICALS: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    static COMPAT: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    match u32::from(c) {
        0x2E80..=0x2FDF => map_in(&RADICALS, RADICALS_TSV, c),
        0xF900..=0xFAFF | 0x2F800..=0x2FA1F => map_in(&COMPAT, COMPAT_TSV, c),
        _ => c,
    }
}

/// [`repair_char`] over a string; borrows when nothing changes.
pub fn repair_str(s: &str) -> Cow<'_, str> {
    match s.char_indices().find(|&(_, c)| repair_char(c) != c) {
        None => Cow::Borrowed(s),
        Some((i, _)) => {
            let mut out = String::with_capacity(s.len());
            out.push_str(&s[..i]);
            out.extend(s[i..].chars().map(repair_char));
            Cow::Owned(out)
        }
    }
}

/// Map a presentation form used in vertical text (U+FE10–FE19, U+FE30–FE48, e.g.
/// ︵ ︶ ﹁ ︙) back to the ordinary character (（ ）「 …), following Unicode's
/// `<vertical>` decompositions with ASCII given as its fullwidth form (︵ → （).
/// Other characters are returned unchanged.
pub fn unvertical(c: char) -> char {
    static VERTICAL: OnceLock<Vec<(u32, u32)>> = OnceLock::new();
    match u32::from(c) {
        0xFE10..=0xFE19 | 0xFE30..=0xFE4F => map_in(&VERTICAL, VERTICAL_TSV, c),
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radicals_become_unified_ideographs() {
        assert_eq!(repair_char('⽤'), '用');
        assert_eq!(repair_char('⺠'), '民');
        assert_eq!(repair_char('⼀'), '一');
        // U+2E9A is unassigned: unchanged.
        assert_eq!(repair_char('\u{2E9A}'), '\u{2E9A}');
    }

    #[test]
    fn compatibility_ideographs_decompose() {
        assert_eq!(repair_char('\u{F929}'), '\u{6717}');
        assert_eq!(repair_char('\u{2F884}'), '\u{5DFD}');
        // U+FA11 﨑 is a unified ideograph despite its block: unchanged.
        assert_eq!(repair_char('\u{FA11}'), '\u{FA11}');
    }

    #[test]
    fn repair_str_leaves_width_forms_and_borrows_when_clean() {
        assert!(matches!(
            repair_str("Ａｱ計画abc"),
            Cow::Borrowed("Ａｱ計画abc")
        ));
        assert_eq!(repair_str("利⽤者と⺠間"), "利用者と民間");
        assert_eq!(repair_str("Ａ⽤ｱ"), "Ａ用ｱ");
        assert_eq!(repair_char('Ａ'), 'Ａ');
        assert_eq!(repair_char('ｱ'), 'ｱ');
    }

    #[test]
    fn vertical_forms_become_ordinary() {
        assert_eq!(unvertical('︵'), '（');
        assert_eq!(unvertical('︶'), '）');
        assert_eq!(unvertical('﹁'), '「');
        assert_eq!(unvertical('﹂'), '」');
        assert_eq!(unvertical('︑'), '、');
        assert_eq!(unvertical('︒'), '。');
        assert_eq!(unvertical('︙'), '…');
        assert_eq!(unvertical('︐'), '，');
        assert_eq!(unvertical('﹅'), '﹅', "sesame dot has no ordinary form");
        assert_eq!(unvertical('あ'), 'あ');
    }
}
