//! ToUnicode CMaps: `bfchar` and `bfrange` (incremental and array forms), multi-byte
//! codes, UTF-16 destinations with surrogate pairs or several characters.

use crate::lexer::{Lexer, Operand, Token};
use std::collections::HashMap;

/// Upper bound of code → text entries taken from one CMap (a hostile CMap may claim more).
const MAX_ENTRIES: usize = 1 << 20;
/// Codespace ranges kept.
const MAX_CODESPACE: usize = 64;

/// A parsed ToUnicode map.
#[derive(Debug, Default, Clone)]
pub struct ToUnicode {
    single: HashMap<u32, String>,
    ranges: Vec<Range>,
    /// Code lengths in bytes declared by `begincodespacerange` (lo, hi, length).
    pub codespace: Vec<(u32, u32, u8)>,
}

#[derive(Debug, Clone)]
struct Range {
    lo: u32,
    hi: u32,
    /// UTF-16 code units of the destination of `lo`; the last unit is incremented.
    base: Vec<u16>,
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| acc << 8 | u32::from(b))
}

/// Decodes a destination string: UTF-16BE, or single bytes when the length is odd.
fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    if bytes.len() % 2 == 1 {
        return bytes.iter().map(|&b| u16::from(b)).collect();
    }
    bytes
        .chunks_exact(2)
        .map(|c| u16::from_be_bytes([c[0], c[1]]))
        .collect()
}

fn dest_string(op: &Operand) -> Option<String> {
    match op {
        Operand::Str(b) => Some(String::from_utf16_lossy(&utf16_units(b))),
        Operand::Name(n) => crate::tables::glyph_to_unicode(&String::from_utf8_lossy(n)),
        _ => None,
    }
}

impl ToUnicode {
    /// Parses a ToUnicode CMap stream; unknown syntax is skipped.
    pub fn parse(data: &[u8]) -> ToUnicode {
        let mut map = ToUnicode::default();
        let mut lx = Lexer::new(data, 4);
        let mut args: Vec<Operand> = Vec::new();
        let mut mode: &[u8] = b"";
        let mut entries = 0usize;
        while let Some(tok) = lx.next_token() {
            match tok {
                Token::Operand(o) => {
                    args.push(o);
                    if mode == b"bfchar" && args.len() == 2 {
                        map.add_char(&args[0], &args[1]);
                        entries += 1;
                        args.clear();
                    } else if mode == b"bfrange" && args.len() == 3 {
                        entries += map.add_range(&args[0], &args[1], &args[2]);
                        args.clear();
                    } else if mode == b"codespacerange" && args.len() == 2 {
                        map.add_codespace(&args[0], &args[1]);
                        args.clear();
                    }
                }
                Token::Operator(op) => {
                    mode = match op {
                        b"beginbfchar" => b"bfchar",
                        b"beginbfrange" => b"bfrange",
                        b"begincodespacerange" => b"codespacerange",
                        _ => b"",
                    };
                    args.clear();
                }
            }
            if entries > MAX_ENTRIES {
                break;
            }
        }
        map.ranges.sort_by_key(|r| r.lo);
        map
    }

    fn add_codespace(&mut self, lo: &Operand, hi: &Operand) {
        if let (Operand::Str(a), Operand::Str(b)) = (lo, hi) {
            // Each glyph scans the ranges: real CMaps have a handful.
            if (1..=4).contains(&a.len()) && self.codespace.len() < MAX_CODESPACE {
                self.codespace.push((code_of(a), code_of(b), a.len() as u8));
            }
        }
    }

    fn add_char(&mut self, src: &Operand, dst: &Operand) {
        if let (Operand::Str(s), Some(d)) = (src, dest_string(dst)) {
            self.single.insert(code_of(s), d);
        }
    }

    /// Adds one `bfrange` line; returns how many codes it covers.
    fn add_range(&mut self, lo: &Operand, hi: &Operand, dst: &Operand) -> usize {
        let (Operand::Str(lo), Operand::Str(hi)) = (lo, hi) else {
            return 0;
        };
        let (lo, hi) = (code_of(lo), code_of(hi));
        if hi < lo {
            return 0;
        }
        let n = (hi - lo) as usize + 1;
        match dst {
            Operand::Array(items) => {
                for (i, it) in items.iter().take(n).enumerate() {
                    if let Some(d) = dest_string(it) {
                        self.single.insert(lo + i as u32, d);
                    }
                }
            }
            Operand::Str(b) if !b.is_empty() => {
                self.ranges.push(Range {
                    lo,
                    hi,
                    base: utf16_units(b),
                });
            }
            _ => return 0,
        }
        n
    }

    /// The text for `code`, if mapped.
    pub fn get(&self, code: u32) -> Option<String> {
        if let Some(s) = self.single.get(&code) {
            return Some(s.clone());
        }
        let idx = self.ranges.partition_point(|r| r.lo <= code);
        // Ranges may overlap: look back through those starting at or before `code`.
        for r in self.ranges[..idx].iter().rev().take(8) {
            if code <= r.hi {
                return Some(range_text(r, code - r.lo));
            }
        }
        None
    }

    /// True when nothing was mapped.
    pub fn is_empty(&self) -> bool {
        self.single.is_empty() && self.ranges.is_empty()
    }

    /// Splits the next code off `bytes` by the declared code space (1 byte if none matches).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        for &(lo, hi, len) in &self.codespace {
            let len = len as usize;
            if bytes.len() >= len {
                let c = code_of(&bytes[..len]);
                if c >= lo && c <= hi {
                    return (c, len);
                }
            }
        }
        match bytes.first() {
            Some(&b) => (u32::from(b), 1),
            None => (0, 0),
        }
    }
}

fn range_text(r: &Range, offset: u32) -> String {
    let mut units = r.base.clone();
    if let Some(last) = units.last_mut() {
        let v = u32::from(*last) + offset;
        if v <= 0xFFFF {
            *last = v as u16;
        } else {
            // Offset crosses the BMP end: rebuild from the code point.
            let cp = v;
            return char::from_u32(cp).map(String::from).unwrap_or_default();
        }
    }
    String::from_utf16_lossy(&units)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CMAP: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
1 begincodespacerange <0000> <FFFF> endcodespacerange
3 beginbfchar <0001> <65E5> <0002> <D842DFB7> <0003> <00660069> endbfchar
2 beginbfrange <0010> <0012> <0041> <0020> <0021> [<672C> <8A9E>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

    #[test]
    fn bfchar_bfrange_surrogates() {
        let m = ToUnicode::parse(CMAP);
        assert_eq!(m.get(1).as_deref(), Some("日"));
        assert_eq!(m.get(2).as_deref(), Some("𠮷"));
        assert_eq!(m.get(3).as_deref(), Some("fi"));
        assert_eq!(m.get(0x11).as_deref(), Some("B"));
        assert_eq!(m.get(0x21).as_deref(), Some("語"));
        assert_eq!(m.get(0x13), None);
        assert_eq!(m.next_code(&[0x12, 0x34, 0x56]), (0x1234, 2));
    }
}
