//! Search-only normalisation: the index and the query are folded alike, the stored text
//! stays as printed.
//!
//! - width: full-width ASCII → ASCII, half-width katakana → full-width (ｶﾞ → ガ), the
//!   ideographic space → a space, circled and parenthesised digits → digits;
//! - ASCII letters → lower case;
//! - wave dash and tilde variants (`〜 ～ ∼ ~`) → `〜`;
//! - dash variants (`− － ‐ ‑ ‒ – — ― ー -`) between two digits → `-` (`2024ー2025`);
//!   hyphen-like signs elsewhere → `-`, the long-vowel mark `ー` kept in words;
//! - old and variant kanji that plans mix → the common form, from `data/itaiji.tsv`
//!   (髙 → 高, 﨑 → 崎, 德 → 徳 …);
//! - whitespace runs → one space, trimmed.

use std::collections::HashMap;
use std::sync::OnceLock;

/// `old<TAB>new` rows: variant kanji → the form they are searched as.
pub(crate) const ITAIJI: &str = include_str!("../data/itaiji.tsv");

fn variants() -> &'static HashMap<char, char> {
    static MAP: OnceLock<HashMap<char, char>> = OnceLock::new();
    MAP.get_or_init(|| {
        ITAIJI
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let mut it = l.split('\t');
                let from = it.next()?.trim().chars().next()?;
                let to = it.next()?.trim().chars().next()?;
                Some((from, to))
            })
            .collect()
    })
}

/// Half-width katakana U+FF61..U+FF9F → full-width, in order.
const HALF_KANA: &str = "。「」、・ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

fn half_kana(c: char) -> Option<char> {
    let i = (c as u32).checked_sub(0xFF61)? as usize;
    HALF_KANA.chars().nth(i)
}

/// The voiced (゛) or semi-voiced (゜) form of a full-width kana, if it has one.
fn voiced(c: char, semi: bool) -> Option<char> {
    const K: &str = "カキクケコサシスセソタチツテトハヒフヘホウ";
    const V: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボヴ";
    const H: &str = "ハヒフヘホ";
    const P: &str = "パピプペポ";
    if semi {
        let i = H.chars().position(|x| x == c)?;
        P.chars().nth(i)
    } else {
        let i = K.chars().position(|x| x == c)?;
        V.chars().nth(i)
    }
}

fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2212}'
            | '\u{FF0D}'
            | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{30FC}'
            | '\u{FF70}'
    )
}

/// One character folded, before the context rules (dashes, kana marks, spaces).
fn fold_char(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5D}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{FF5E}' | '\u{301C}' | '\u{223C}' | '~' => '〜',
        '\u{3000}' => ' ',
        '\u{2460}'..='\u{2468}' => char::from_u32(c as u32 - 0x2460 + '1' as u32).unwrap_or(c),
        '\u{2474}'..='\u{247C}' => char::from_u32(c as u32 - 0x2474 + '1' as u32).unwrap_or(c),
        '\u{2776}'..='\u{277E}' => char::from_u32(c as u32 - 0x2776 + '1' as u32).unwrap_or(c),
        _ => c,
    };
    let c = c.to_ascii_lowercase();
    let c = variants().get(&c).copied().unwrap_or(c);
    variants().get(&c).copied().unwrap_or(c)
}

/// `text` normalised for search (see the module doc).
pub fn normalize(text: &str) -> String {
    normalize_mapped(text).into_iter().map(|(c, _)| c).collect()
}

/// [`normalize`], each output character with the index (in chars) of the printed
/// character it came from, so a match in the normalised text can be shown as printed.
pub fn normalize_mapped(text: &str) -> Vec<(char, usize)> {
    let mut chars: Vec<(char, usize)> = Vec::with_capacity(text.len() / 2);
    for (i, c) in text.chars().enumerate() {
        // half-width kana, composing a following sound mark with the kana before it
        if ('\u{FF61}'..='\u{FF9F}').contains(&c) {
            let Some(k) = half_kana(c) else { continue };
            if k == '゛' || k == '゜' {
                if let Some((v, at)) = chars
                    .last()
                    .and_then(|(p, at)| voiced(*p, k == '゜').map(|v| (v, *at)))
                {
                    chars.pop();
                    chars.push((v, at));
                    continue;
                }
            }
            chars.push((k, i));
            continue;
        }
        if c.is_whitespace() {
            if chars.last().is_some_and(|(p, _)| *p != ' ') {
                chars.push((' ', i));
            }
            continue;
        }
        chars.push((fold_char(c), i));
    }
    while chars.last().is_some_and(|(c, _)| *c == ' ') {
        chars.pop();
    }
    // dashes: between digits → '-'; hyphen-like signs (not ー or long dashes) → '-'
    for i in 0..chars.len() {
        let c = chars[i].0;
        if !is_dash(c) {
            continue;
        }
        let digit_before = i > 0 && chars[i - 1].0.is_ascii_digit();
        let digit_after = chars.get(i + 1).is_some_and(|n| n.0.is_ascii_digit());
        if (digit_before && digit_after) || !matches!(c, '\u{30FC}' | '\u{2014}' | '\u{2015}') {
            chars[i].0 = '-';
        }
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn width_case_and_spaces() {
        assert_eq!(normalize("ＤＸ推進　２０２４年"), "dx推進 2024年");
        assert_eq!(normalize("  a\n\n b  "), "a b");
        assert_eq!(normalize("ﾃﾞｼﾞﾀﾙ化ﾎﾟｲﾝﾄ"), "デジタル化ポイント");
        assert_eq!(normalize("①②"), "12");
    }

    #[test]
    fn tildes_dashes_and_kanji_variants() {
        assert_eq!(normalize("4月～6月"), normalize("4月〜6月"));
        assert_eq!(normalize("4月~6月"), "4月〜6月");
        assert_eq!(normalize("２０２４ー２０２５"), "2024-2025");
        assert_eq!(normalize("03−1234－5678"), "03-1234-5678");
        assert_eq!(normalize("データー"), "データー");
        assert_eq!(normalize("髙橋・山﨑・德島"), "高橋・山崎・徳島");
    }
}
