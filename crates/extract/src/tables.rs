//! Compile-time font tables: glyph names → Unicode, the standard single-byte encodings,
//! and standard-14 advance widths (see `data/gen_tables.py` for their sources).

use std::collections::HashMap;
use std::sync::OnceLock;

const GLYPHLIST: &str = include_str!("../data/glyphlist.tsv");
const ENCODINGS: &str = include_str!("../data/encodings.tsv");
const STD14: &str = include_str!("../data/std14_widths.tsv");

/// A built-in single-byte encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaseEncoding {
    Standard,
    WinAnsi,
    MacRoman,
    Symbol,
}

fn data_lines(src: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    src.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
}

fn glyph_list() -> &'static HashMap<&'static str, u16> {
    static MAP: OnceLock<HashMap<&'static str, u16>> = OnceLock::new();
    MAP.get_or_init(|| {
        data_lines(GLYPHLIST)
            .filter_map(|f| Some((*f.first()?, u16::from_str_radix(f.get(1)?, 16).ok()?)))
            .collect()
    })
}

type EncodingTable = [&'static str; 256];

fn encodings() -> &'static [EncodingTable; 4] {
    static TABLES: OnceLock<[EncodingTable; 4]> = OnceLock::new();
    TABLES.get_or_init(|| {
        let mut t = [[""; 256]; 4];
        for f in data_lines(ENCODINGS) {
            let Some(code) = f.first().and_then(|c| c.parse::<usize>().ok()) else {
                continue;
            };
            for (i, table) in t.iter_mut().enumerate() {
                match f.get(i + 1) {
                    Some(&"-") | None => {}
                    Some(name) if code < 256 => table[code] = name,
                    Some(_) => {}
                }
            }
        }
        t
    })
}

/// Glyph names of a built-in encoding, indexed by code ("" where undefined).
pub fn encoding_names(e: BaseEncoding) -> &'static EncodingTable {
    let i = match e {
        BaseEncoding::Standard => 0,
        BaseEncoding::WinAnsi => 1,
        BaseEncoding::MacRoman => 2,
        BaseEncoding::Symbol => 3,
    };
    &encodings()[i]
}

fn hex_units(hex: &str) -> Option<Vec<u16>> {
    if hex.is_empty() || hex.len() & 3 != 0 {
        return None;
    }
    (0..hex.len() / 4)
        .map(|i| u16::from_str_radix(hex.get(i * 4..i * 4 + 4)?, 16).ok())
        .collect()
}

/// Unicode text for a glyph name: the Adobe Glyph List, `uniXXXX…`, `uXXXX[XX]`,
/// suffixes (`a.sc`) and ligature names (`f_i`). `None` for names such as `g123`.
pub fn glyph_to_unicode(name: &str) -> Option<String> {
    let base = name.split('.').next().unwrap_or(name);
    if base.is_empty() {
        return None;
    }
    if base.contains('_') {
        let parts: Option<String> = base.split('_').map(single_glyph).collect();
        return parts;
    }
    single_glyph(base)
}

fn single_glyph(name: &str) -> Option<String> {
    if let Some(&u) = glyph_list().get(name) {
        return char::from_u32(u32::from(u)).map(String::from);
    }
    if let Some(hex) = name.strip_prefix("uni") {
        let units = hex_units(hex)?;
        let s = String::from_utf16(&units).ok()?;
        return (!s.is_empty()).then_some(s);
    }
    if let Some(hex) = name.strip_prefix('u') {
        if (4..=6).contains(&hex.len()) {
            let v = u32::from_str_radix(hex, 16).ok()?;
            return char::from_u32(v).map(String::from);
        }
    }
    None
}

/// Advance widths (1/1000 em) of a standard-14 font for the 256 codes of `names`.
pub fn std14_widths(base_font: &str, names: &[&str; 256]) -> Option<[f32; 256]> {
    let col = std14_column(base_font)?;
    let mut out = [0f32; 256];
    for (w, name) in out.iter_mut().zip(names.iter()) {
        *w = match col {
            None => 600.0,
            Some(c) => std14_table()
                .get(name)
                .and_then(|ws| ws[c])
                .map_or(0.0, f32::from),
        };
    }
    Some(out)
}

/// Column of the width table for a standard font name; `Some(None)` for Courier.
fn std14_column(base_font: &str) -> Option<Option<usize>> {
    let n = base_font.replace([' ', ','], "-");
    let bold = n.contains("Bold");
    let italic = n.contains("Italic") || n.contains("Oblique");
    if n.starts_with("Courier") || n.starts_with("CourierNew") {
        return Some(None);
    }
    if n.starts_with("Helvetica") || n.starts_with("Arial") {
        return Some(Some(if bold { 1 } else { 0 }));
    }
    if n.starts_with("Times") {
        return Some(Some(match (bold, italic) {
            (false, false) => 2,
            (true, false) => 3,
            (false, true) => 4,
            (true, true) => 5,
        }));
    }
    if n.starts_with("Symbol") {
        return Some(Some(6));
    }
    if n.starts_with("ZapfDingbats") {
        return Some(Some(7));
    }
    None
}

type WidthRow = [Option<u16>; 8];

fn std14_table() -> &'static HashMap<&'static str, WidthRow> {
    static MAP: OnceLock<HashMap<&'static str, WidthRow>> = OnceLock::new();
    MAP.get_or_init(|| {
        data_lines(STD14)
            .filter_map(|f| {
                let name = *f.first()?;
                let mut row = [None; 8];
                for (i, slot) in row.iter_mut().enumerate() {
                    *slot = f.get(i + 1).and_then(|v| v.parse().ok());
                }
                Some((name, row))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glyph_names() {
        assert_eq!(glyph_to_unicode("A").as_deref(), Some("A"));
        assert_eq!(glyph_to_unicode("bullet").as_deref(), Some("\u{2022}"));
        assert_eq!(glyph_to_unicode("uni65E5").as_deref(), Some("日"));
        assert_eq!(glyph_to_unicode("uniD842DFB7").as_deref(), Some("𠮷"));
        assert_eq!(glyph_to_unicode("u1F600").as_deref(), Some("😀"));
        assert_eq!(glyph_to_unicode("f_i").as_deref(), Some("fi"));
        assert_eq!(glyph_to_unicode("a.sc").as_deref(), Some("a"));
        assert_eq!(glyph_to_unicode("g123"), None);
    }

    #[test]
    fn encodings_and_widths() {
        assert_eq!(encoding_names(BaseEncoding::WinAnsi)[0x80], "Euro");
        assert_eq!(encoding_names(BaseEncoding::Standard)[0x27], "quoteright");
        assert_eq!(encoding_names(BaseEncoding::MacRoman)[0x80], "Adieresis");
        let w = std14_widths("Helvetica", encoding_names(BaseEncoding::WinAnsi)).unwrap();
        assert_eq!(w[b'A' as usize], 667.0);
        let t = std14_widths("Times-Roman", encoding_names(BaseEncoding::Standard)).unwrap();
        assert_eq!(t[32], 250.0);
        let c = std14_widths("Courier-Bold", encoding_names(BaseEncoding::Standard)).unwrap();
        assert_eq!(c[b'A' as usize], 600.0);
        assert!(std14_widths("MS-Mincho", encoding_names(BaseEncoding::Standard)).is_none());
    }
}
