//! Adobe-Japan1 CID → Unicode, decoded once from `data/japan1_unicode.bin`.

use crate::data::Reader;
use std::sync::OnceLock;

static JAPAN1_BIN: &[u8] = include_bytes!("../data/japan1_unicode.bin");

/// CID-indexed tables.
#[derive(Default)]
struct Table {
    /// CID → scalar value, 0 for none.
    chars: Vec<u32>,
    /// Text of every mapped CID, concatenated.
    text: String,
    /// CID → start of its text in `text`; `offsets[cid + 1]` ends it.
    offsets: Vec<u32>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| read_table(JAPAN1_BIN).unwrap_or_default())
}

/// Unicode text for an Adobe-Japan1 CID (from Adobe's Adobe-Japan1-UCS2 table, the
/// source of poppler-data's cidToUnicode); None for unmapped CIDs.
///
/// Variation selectors are dropped. CIDs whose glyph stands for several characters
/// and Unicode has no single character for ("有限会社", "XIII", "sec") give None:
/// see [`adobe_japan1_to_unicode_str`].
/// Adobe maps some CIDs to CJK compatibility ideographs or radicals; pass the
/// result through [`crate::repair_char`] to normalise those.
pub fn adobe_japan1_to_unicode(cid: u32) -> Option<char> {
    let v = *table().chars.get(usize::try_from(cid).ok()?)?;
    if v == 0 {
        return None;
    }
    char::from_u32(v)
}

/// Full Unicode text for an Adobe-Japan1 CID ("有限会社" for the ㍿ glyph, "XIII"
/// for the roman numeral glyph), NFC, without variation selectors; None for
/// unmapped CIDs.
pub fn adobe_japan1_to_unicode_str(cid: u32) -> Option<&'static str> {
    let t = table();
    let i = usize::try_from(cid).ok()?;
    let start = *t.offsets.get(i)? as usize;
    let end = *t.offsets.get(i + 1)? as usize;
    t.text.get(start..end).filter(|s| !s.is_empty())
}

fn read_table(bin: &[u8]) -> Option<Table> {
    let mut r = Reader::new(bin);
    r.magic(b"KJ1U1")?;
    let mut chars: Vec<u32> = Vec::new();
    let (mut next, mut cp_next) = (0u32, 0i64);
    for _ in 0..r.usize()? {
        let lo = next.checked_add(r.varint()?)?;
        let hi = lo.checked_add(r.varint()?)?;
        let cp = cp_next + r.zigzag()?;
        let end = usize::try_from(hi).ok()? + 1;
        if chars.len() < end {
            chars.resize(end, 0);
        }
        for (k, slot) in chars[lo as usize..end].iter_mut().enumerate() {
            *slot = u32::try_from(cp + k as i64).ok()?;
        }
        next = hi.checked_add(1)?;
        cp_next = cp + i64::from(hi - lo) + 1;
    }
    let mut texts: Vec<(usize, String)> = Vec::new();
    let mut next = 0usize;
    for _ in 0..r.usize()? {
        let cid = next.checked_add(r.usize()?)?;
        let len = r.usize()?;
        let s: String = (0..len)
            .map(|_| char::from_u32(r.varint()?))
            .collect::<Option<_>>()?;
        texts.push((cid, s));
        next = cid + 1;
    }
    Some(assemble(chars, texts))
}

/// Build the text table: multi-character texts where given, else the single char.
fn assemble(mut chars: Vec<u32>, texts: Vec<(usize, String)>) -> Table {
    let n = texts.last().map_or(0, |(c, _)| c + 1).max(chars.len());
    chars.resize(n, 0);
    let mut text = String::new();
    let mut offsets = Vec::with_capacity(n + 1);
    let mut texts = texts.into_iter().peekable();
    for (cid, &v) in chars.iter().enumerate() {
        offsets.push(text.len() as u32);
        if let Some((_, s)) = texts.next_if(|(c, _)| *c == cid) {
            text.push_str(&s);
        } else if let Some(ch) = char::from_u32(v).filter(|_| v != 0) {
            text.push(ch);
        }
    }
    offsets.push(text.len() as u32);
    Table {
        chars,
        text,
        offsets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_common_cids() {
        assert_eq!(adobe_japan1_to_unicode(0), None, ".notdef");
        assert_eq!(adobe_japan1_to_unicode(1), Some(' '));
        assert_eq!(adobe_japan1_to_unicode(34), Some('A'));
        assert_eq!(adobe_japan1_to_unicode(843), Some('あ'));
        assert_eq!(adobe_japan1_to_unicode(u32::MAX), None);
        assert_eq!(adobe_japan1_to_unicode_str(843), Some("あ"));
        assert_eq!(adobe_japan1_to_unicode_str(0), None);
    }

    #[test]
    fn vertical_cids_map_to_ordinary_characters() {
        // CIDs 7887/7911: vertical 、 and 「.
        assert_eq!(adobe_japan1_to_unicode(7887), Some('、'));
        assert_eq!(adobe_japan1_to_unicode(7911), Some('「'));
    }

    #[test]
    fn multi_character_glyphs() {
        assert_eq!(adobe_japan1_to_unicode_str(8321), Some("有限会社"));
        assert_eq!(adobe_japan1_to_unicode(8321), None);
        assert_eq!(adobe_japan1_to_unicode(8054), Some('㍿'));
        assert_eq!(adobe_japan1_to_unicode_str(8295), Some("XIII"));
        assert_eq!(adobe_japan1_to_unicode(8295), None);
    }

    #[test]
    fn covers_the_whole_collection() {
        let mapped = (0..=23059)
            .filter(|&c| adobe_japan1_to_unicode_str(c).is_some())
            .count();
        assert!(mapped > 23000, "{mapped} CIDs mapped");
    }
}
