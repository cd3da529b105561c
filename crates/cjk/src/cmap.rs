//! Encoding CMaps (bytes → character codes → CIDs) and their parser.

use crate::predefined::predefined_cmap;
use crate::ps::{Token, Tokens};
use crate::ranges::{lookup, lookup_const, CodeRange, RangeBuilder};
use std::fmt;

/// Why a CMap program could not be used.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CMapError {
    /// The program defines no codespace range and no mapping, and uses no other CMap.
    #[error("CMap program defines no codespace and no mappings")]
    Empty,
    /// `usecmap` names a CMap that is not predefined here.
    #[error("CMap uses unknown CMap {0:?}")]
    UnknownUseCMap(String),
}

/// One codespace range: codes of `len` bytes whose every byte lies within `lo[i]..=hi[i]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Codespace {
    pub len: u8,
    pub lo: [u8; 4],
    pub hi: [u8; 4],
}

impl Codespace {
    /// A codespace range from its two boundary strings (1–4 bytes, same length).
    pub(crate) fn new(lo: &[u8], hi: &[u8]) -> Option<Codespace> {
        if lo.len() != hi.len() || lo.is_empty() || lo.len() > 4 {
            return None;
        }
        let mut cs = Codespace {
            len: lo.len() as u8,
            lo: [0; 4],
            hi: [0; 4],
        };
        cs.lo[..lo.len()].copy_from_slice(lo);
        cs.hi[..hi.len()].copy_from_slice(hi);
        Some(cs)
    }

    /// The whole `len`-byte space.
    pub(crate) fn full(len: u8) -> Codespace {
        Codespace {
            len,
            lo: [0; 4],
            hi: [0xFF; 4],
        }
    }

    fn contains(&self, bytes: &[u8]) -> bool {
        bytes.len() == usize::from(self.len)
            && bytes
                .iter()
                .enumerate()
                .all(|(i, &b)| self.lo[i] <= b && b <= self.hi[i])
    }
}

/// A parsed encoding CMap (bytes → CID), predefined or embedded.
///
/// Codes are looked up by numeric value (big-endian bytes), as all Adobe CMaps allow.
#[derive(Clone)]
pub struct CMap {
    name: String,
    wmode: u8,
    codespace: Vec<Codespace>,
    /// Bit `n - 1` set: some `n`-byte codespace range admits this first byte.
    first_byte: [u8; 256],
    /// Shortest codespace length (for bytes no range admits).
    min_len: u8,
    ranges: Vec<CodeRange>,
    notdef: Vec<CodeRange>,
    /// How codes encode Unicode, for Adobe's `Uni…` CMaps.
    unicode: Option<UnicodeForm>,
}

/// The Unicode encoding form of an Adobe `Uni…-{UCS2,UTF16,UTF8,UTF32}-…` CMap's codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnicodeForm {
    Ucs2,
    Utf16,
    Utf8,
    Utf32,
}

impl UnicodeForm {
    /// The form a CMap name announces (`UniJIS-UCS2-H`, `UniJIS2004-UTF8-V`, …).
    fn of_name(name: &str) -> Option<UnicodeForm> {
        if !name.starts_with("Uni") {
            return None;
        }
        let forms = [
            ("-UCS2-", UnicodeForm::Ucs2),
            ("-UTF16-", UnicodeForm::Utf16),
            ("-UTF8-", UnicodeForm::Utf8),
            ("-UTF32-", UnicodeForm::Utf32),
        ];
        forms
            .into_iter()
            .find(|(tag, _)| name.contains(tag))
            .map(|(_, f)| f)
    }

    fn decode(self, code: u32) -> Option<char> {
        match self {
            UnicodeForm::Ucs2 => char::from_u32(code).filter(|_| code <= 0xFFFF),
            UnicodeForm::Utf32 => char::from_u32(code),
            UnicodeForm::Utf16 if code <= 0xFFFF => char::from_u32(code),
            UnicodeForm::Utf16 => {
                let units = [(code >> 16) as u16, code as u16];
                let mut it = char::decode_utf16(units);
                it.next()?.ok().filter(|_| it.next().is_none())
            }
            UnicodeForm::Utf8 => {
                let bytes = code.to_be_bytes();
                let skip = bytes.iter().take(3).take_while(|&&b| b == 0).count();
                let mut chars = std::str::from_utf8(&bytes[skip..]).ok()?.chars();
                chars.next().filter(|_| chars.next().is_none())
            }
        }
    }
}

impl fmt::Debug for CMap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CMap")
            .field("name", &self.name)
            .field("wmode", &self.wmode)
            .field("codespace", &self.codespace)
            .field("ranges", &self.ranges.len())
            .field("notdef", &self.notdef.len())
            .finish()
    }
}

impl CMap {
    pub(crate) fn from_parts(
        name: String,
        wmode: u8,
        mut codespace: Vec<Codespace>,
        ranges: Vec<CodeRange>,
        notdef: Vec<CodeRange>,
    ) -> CMap {
        codespace.sort_by_key(|c| (c.len, c.lo, c.hi));
        codespace.dedup();
        let mut first_byte = [0u8; 256];
        for cs in &codespace {
            for b in cs.lo[0]..=cs.hi[0] {
                first_byte[usize::from(b)] |= 1 << (cs.len - 1);
            }
        }
        let min_len = codespace.iter().map(|c| c.len).min().unwrap_or(1);
        let unicode = UnicodeForm::of_name(&name);
        CMap {
            name,
            wmode,
            codespace,
            first_byte,
            min_len,
            ranges,
            notdef,
            unicode,
        }
    }

    /// Parse an embedded/predefined CMap program (codespacerange, cidrange, cidchar,
    /// notdefrange; `usecmap` resolved through [`predefined_cmap`]).
    ///
    /// Malformed entries are skipped. Without any codespace range, the codespace is
    /// inferred from the byte lengths of the mapped codes.
    pub fn parse(program: &[u8]) -> Result<CMap, CMapError> {
        parse_program(program, None)
    }

    /// Like [`CMap::parse`], with `base` used as the parent the program's own
    /// mappings override (a PDF CMap stream's `/UseCMap` entry).
    pub fn parse_with_base(program: &[u8], base: &CMap) -> Result<CMap, CMapError> {
        parse_program(program, Some(base))
    }

    /// The CMap's name (`/CMapName`), empty if it has none.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// 0 horizontal, 1 vertical.
    pub fn wmode(&self) -> u8 {
        self.wmode
    }

    /// Whether the CMap is for vertical writing (`wmode() == 1`).
    pub fn is_vertical(&self) -> bool {
        self.wmode == 1
    }

    /// Decode the next code at the start of `bytes` using the codespace ranges:
    /// (code, byte length ≥ 1; 0 only for empty input). Never panics.
    ///
    /// Bytes outside every codespace range consume the length of the shortest range
    /// whose first byte matches, else of the shortest range (PDF 32000 9.7.6.3).
    pub fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        let Some(&first) = bytes.first() else {
            return (0, 0);
        };
        let mask = self.first_byte[usize::from(first)];
        let mut code = 0u32;
        for len in 1..=bytes.len().min(4) {
            code = code << 8 | u32::from(bytes[len - 1]);
            if mask & (1 << (len - 1)) != 0 && self.in_codespace(&bytes[..len]) {
                return (code, len);
            }
        }
        let len = match mask {
            0 => usize::from(self.min_len),
            m => m.trailing_zeros() as usize + 1,
        }
        .clamp(1, bytes.len());
        let code = bytes[..len]
            .iter()
            .fold(0u32, |c, &b| c << 8 | u32::from(b));
        (code, len)
    }

    fn in_codespace(&self, bytes: &[u8]) -> bool {
        self.codespace.iter().any(|cs| cs.contains(bytes))
    }

    /// Iterate over the (code, byte length) pairs of a string.
    pub fn codes<'a>(&'a self, bytes: &'a [u8]) -> Codes<'a> {
        Codes { cmap: self, bytes }
    }

    /// CID for a code (falling back to the CID of a `notdefrange` holding it), or None.
    pub fn cid(&self, code: u32) -> Option<u32> {
        lookup(&self.ranges, code).or_else(|| lookup_const(&self.notdef, code))
    }

    /// For Adobe's Unicode CMaps (`Uni…-UCS2/UTF16/UTF8/UTF32-…`, by name), the
    /// character a code stands for, read from the code itself. Without a ToUnicode
    /// map this is more exact than going through the CID (CID 665 is both 〜 U+301C
    /// and ～ U+FF5E). None for other CMaps and for codes that are not one character.
    pub fn code_to_unicode(&self, code: u32) -> Option<char> {
        self.unicode?.decode(code)
    }

    /// CID from `cidrange`/`cidchar` only (no `notdefrange` fallback).
    pub fn mapped_cid(&self, code: u32) -> Option<u32> {
        lookup(&self.ranges, code)
    }

    pub(crate) fn ranges(&self) -> &[CodeRange] {
        &self.ranges
    }

    pub(crate) fn notdef_ranges(&self) -> &[CodeRange] {
        &self.notdef
    }

    pub(crate) fn codespace(&self) -> &[Codespace] {
        &self.codespace
    }
}

/// Iterator returned by [`CMap::codes`].
pub struct Codes<'a> {
    cmap: &'a CMap,
    bytes: &'a [u8],
}

impl Iterator for Codes<'_> {
    type Item = (u32, usize);

    fn next(&mut self) -> Option<(u32, usize)> {
        let (code, len) = self.cmap.next_code(self.bytes);
        if len == 0 {
            return None;
        }
        self.bytes = self.bytes.get(len..).unwrap_or_default();
        Some((code, len))
    }
}

/// What a CMap program says, before `usecmap` is applied.
#[derive(Default)]
struct Program {
    name: Option<String>,
    wmode: Option<u8>,
    usecmap: Option<String>,
    codespace: Vec<Codespace>,
    /// (lo, hi, cid) in program order: later ones win.
    cids: Vec<(u32, u32, u32)>,
    notdef: Vec<(u32, u32, u32)>,
    /// Bit `n - 1`: some mapped code has `n` bytes.
    code_lens: u8,
}

fn parse_program(program: &[u8], base: Option<&CMap>) -> Result<CMap, CMapError> {
    let p = read_program(program);
    let used = match &p.usecmap {
        Some(name) => {
            Some(predefined_cmap(name).ok_or_else(|| CMapError::UnknownUseCMap(name.clone()))?)
        }
        None => None,
    };
    let parent = used.or(base);
    if parent.is_none() && p.codespace.is_empty() && p.cids.is_empty() && p.notdef.is_empty() {
        return Err(CMapError::Empty);
    }
    Ok(assemble(p, parent))
}

/// Overlay the program's own definitions on its parent's.
fn assemble(p: Program, parent: Option<&CMap>) -> CMap {
    let mut codespace = p.codespace;
    let mut ranges = RangeBuilder::default();
    let mut notdef = RangeBuilder::constant();
    if let Some(parent) = parent {
        codespace.extend_from_slice(parent.codespace());
        ranges = RangeBuilder::from_ranges(parent.ranges());
        notdef = notdef.with(parent.notdef_ranges());
    }
    if codespace.is_empty() {
        codespace = (1..=4u8)
            .filter(|n| p.code_lens & (1 << (n - 1)) != 0)
            .map(Codespace::full)
            .collect();
    }
    for (lo, hi, cid) in p.cids {
        ranges.insert(lo, hi, cid);
    }
    for (lo, hi, cid) in p.notdef {
        notdef.insert(lo, hi, cid);
    }
    let name = p.name.or_else(|| parent.map(|c| c.name().to_owned()));
    let wmode = p.wmode.or(parent.map(CMap::wmode)).unwrap_or(0);
    CMap::from_parts(
        name.unwrap_or_default(),
        wmode,
        codespace,
        ranges.build(),
        notdef.build(),
    )
}

fn read_program(program: &[u8]) -> Program {
    let mut p = Program::default();
    let mut toks = Tokens::new(program);
    let mut operands: Vec<Token<'_>> = Vec::new();
    while let Some(tok) = toks.next() {
        let Token::Keyword(kw) = tok else {
            operands.push(tok);
            if operands.len() > 8 {
                operands.remove(0);
            }
            continue;
        };
        match kw {
            b"def" => read_def(&mut p, &operands),
            b"usecmap" => {
                if let Some(Token::Name(n)) = operands.last() {
                    p.usecmap = Some(String::from_utf8_lossy(n).into_owned());
                }
            }
            b"begincodespacerange" => read_codespace(&mut p, &mut toks),
            b"begincidrange" => read_ranges(&mut p, &mut toks, false),
            b"beginnotdefrange" => read_ranges(&mut p, &mut toks, true),
            b"begincidchar" => read_chars(&mut p, &mut toks),
            _ => {}
        }
        operands.clear();
    }
    p
}

fn read_def(p: &mut Program, operands: &[Token<'_>]) {
    let [.., Token::Name(key), value] = operands else {
        return;
    };
    match (*key, value) {
        (b"WMode", Token::Int(n)) => p.wmode = Some(u8::from(*n == 1)),
        (b"CMapName", Token::Name(n)) => p.name = Some(String::from_utf8_lossy(n).into_owned()),
        _ => {}
    }
}

/// Tokens up to (not including) the next keyword, which is consumed.
fn block_operands<'a>(toks: &mut Tokens<'a>) -> Vec<Token<'a>> {
    let mut out = Vec::new();
    for tok in toks.by_ref() {
        if matches!(tok, Token::Keyword(_)) {
            break;
        }
        out.push(tok);
    }
    out
}

fn read_codespace(p: &mut Program, toks: &mut Tokens<'_>) {
    let ops = block_operands(toks);
    let strs: Vec<&[u8]> = ops
        .iter()
        .filter_map(|t| match t {
            Token::Str(s) => Some(s.as_slice()),
            _ => None,
        })
        .collect();
    for pair in strs.chunks_exact(2) {
        if let Some(cs) = Codespace::new(pair[0], pair[1]) {
            p.codespace.push(cs);
        }
    }
}

/// A 1–4 byte code as a number.
fn code_value(s: &[u8]) -> Option<u32> {
    (1..=4)
        .contains(&s.len())
        .then(|| s.iter().fold(0u32, |c, &b| c << 8 | u32::from(b)))
}

fn cid_value(n: i64) -> Option<u32> {
    u32::try_from(n).ok()
}

fn read_ranges(p: &mut Program, toks: &mut Tokens<'_>, notdef: bool) {
    let ops = block_operands(toks);
    let mut i = 0;
    while i + 2 < ops.len() {
        let (Token::Str(lo), Token::Str(hi), Token::Int(cid)) = (&ops[i], &ops[i + 1], &ops[i + 2])
        else {
            i += 1;
            continue;
        };
        if let (Some(l), Some(h), Some(c)) = (code_value(lo), code_value(hi), cid_value(*cid)) {
            p.code_lens |= 1 << (lo.len() - 1);
            let list = if notdef { &mut p.notdef } else { &mut p.cids };
            list.push((l, h, c));
        }
        i += 3;
    }
}

fn read_chars(p: &mut Program, toks: &mut Tokens<'_>) {
    let ops = block_operands(toks);
    let mut i = 0;
    while i + 1 < ops.len() {
        let (Token::Str(code), Token::Int(cid)) = (&ops[i], &ops[i + 1]) else {
            i += 1;
            continue;
        };
        if let (Some(c), Some(cid)) = (code_value(code), cid_value(*cid)) {
            p.code_lens |= 1 << (code.len() - 1);
            p.cids.push((c, c, cid));
        }
        i += 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &[u8] = br"%!PS-Adobe-3.0 Resource-CMap
/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CMapName /Test-H def
/WMode 0 def
2 begincodespacerange
  <00> <80>
  <8140> <9FFC>
endcodespacerange
1 beginnotdefrange
<00> <1f> 231
endnotdefrange
2 begincidrange
<20> <7e> 231
<8140> <817e> 633
endcidrange
2 begincidchar
<8141> 9000
(A) 34
endcidchar
endcmap
";

    #[test]
    fn parses_a_small_hand_written_cmap() {
        let c = CMap::parse(SMALL).expect("parses");
        assert_eq!(c.name(), "Test-H");
        assert_eq!(c.wmode(), 0);
        assert_eq!(c.next_code(b"\x81\x42xyz"), (0x8142, 2));
        assert_eq!(c.next_code(b"Z"), (0x5A, 1));
        assert_eq!(c.cid(0x20), Some(231));
        assert_eq!(c.cid(0x7e), Some(231 + 0x5e));
        assert_eq!(c.cid(0x8140), Some(633));
        assert_eq!(c.cid(0x8141), Some(9000), "cidchar overrides cidrange");
        assert_eq!(c.cid(0x8142), Some(635));
        assert_eq!(c.cid(0x41), Some(34), "literal-string code");
        assert_eq!(c.cid(0x05), Some(231), "notdefrange fallback");
        assert_eq!(c.mapped_cid(0x05), None);
        assert_eq!(c.cid(0x9000), None);
    }

    #[test]
    fn invalid_bytes_consume_the_shortest_matching_length() {
        let c = CMap::parse(SMALL).expect("parses");
        // 0x81 0x20: first byte admits only the 2-byte range, second byte is outside it.
        assert_eq!(c.next_code(b"\x81\x20"), (0x8120, 2));
        // 0xA0: no range admits it, shortest range is 1 byte.
        assert_eq!(c.next_code(b"\xA0\x81\x40"), (0xA0, 1));
        // A truncated 2-byte code consumes what is left.
        assert_eq!(c.next_code(b"\x81"), (0x81, 1));
        assert_eq!(c.next_code(b""), (0, 0));
        let codes: Vec<_> = c.codes(b"A\x81\x40\xFF").collect();
        assert_eq!(codes, vec![(0x41, 1), (0x8140, 2), (0xFF, 1)]);
    }

    #[test]
    fn usecmap_inherits_and_overrides_a_predefined_cmap() {
        let prog = b"/90ms-RKSJ-H usecmap /CMapName /Mine def /WMode 1 def
            1 begincidchar <93FA> 1 endcidchar";
        let c = CMap::parse(prog).expect("parses");
        assert_eq!(c.wmode(), 1);
        assert_eq!(c.cid(0x93FA), Some(1));
        let parent = predefined_cmap("90ms-RKSJ-H").expect("predefined");
        assert_eq!(c.cid(0x967B), parent.cid(0x967B));
        assert_eq!(c.next_code(b"\x96\x7B"), (0x967B, 2));
    }

    #[test]
    fn parse_with_base_uses_the_given_parent() {
        let base = CMap::parse(SMALL).expect("parses");
        let c = CMap::parse_with_base(b"1 begincidchar <20> 1 endcidchar", &base).expect("ok");
        assert_eq!(c.cid(0x20), Some(1));
        assert_eq!(c.cid(0x8140), Some(633));
        assert_eq!(c.name(), "Test-H");
    }

    #[test]
    fn errors_and_inferred_codespace() {
        assert!(matches!(CMap::parse(b"garbage ( <"), Err(CMapError::Empty)));
        assert!(matches!(
            CMap::parse(b"/No-Such-CMap usecmap"),
            Err(CMapError::UnknownUseCMap(n)) if n == "No-Such-CMap"
        ));
        let c = CMap::parse(b"1 begincidrange <0000> <00ff> 5 endcidrange").expect("ok");
        assert_eq!(c.next_code(b"\x00\x10"), (0x10, 2));
        assert_eq!(c.cid(0x10), Some(0x15));
    }

    #[test]
    fn unicode_cmaps_decode_codes_directly() {
        let code = |name: &str, bytes: &[u8]| {
            let c = predefined_cmap(name).expect("predefined");
            let (code, len) = c.next_code(bytes);
            assert_eq!(len, bytes.len(), "{name}");
            c.code_to_unicode(code)
        };
        assert_eq!(code("UniJIS-UCS2-H", b"\xFF\x5E"), Some('～'));
        assert_eq!(code("UniJIS-UCS2-V", b"\x30\x1C"), Some('〜'));
        assert_eq!(code("UniJIS-UTF16-H", b"\xD8\x42\xDF\x9F"), Some('𠮟'));
        assert_eq!(code("UniJIS-UTF8-H", "𠮟".as_bytes()), Some('𠮟'));
        assert_eq!(code("UniJIS-UTF8-H", "区".as_bytes()), Some('区'));
        assert_eq!(code("UniJIS-UTF8-H", b"A"), Some('A'));
        assert_eq!(code("UniJIS-UTF32-H", b"\x00\x02\x0B\x9F"), Some('𠮟'));
        assert_eq!(code("UniJIS-UCS2-H", b"\xD8\x42"), None, "lone surrogate");
        assert_eq!(code("90ms-RKSJ-H", b"A"), None, "not a Unicode CMap");
        let embedded =
            CMap::parse(b"/CMapName /UniJIS-UCS2-H def /UniJIS-UCS2-H usecmap").expect("ok");
        assert_eq!(embedded.code_to_unicode(0x65E5), Some('日'));
    }

    #[test]
    fn malformed_entries_are_skipped_without_panicking() {
        let prog = b"begincodespacerange <00> <FFFF> <0000> <FFFF> endcodespacerange
            begincidrange <0001> 7 <0002> <0003> 10 <0102030405> <0102030406> 3 <05> <06> -4 endcidrange
            begincidchar <0009> /x <000A> 99999999999 <000B> 4 endcidchar";
        let c = CMap::parse(prog).expect("ok");
        assert_eq!(c.cid(2), Some(10));
        assert_eq!(c.cid(3), Some(11));
        assert_eq!(c.cid(1), None);
        assert_eq!(c.cid(0xB), Some(4));
        assert_eq!(c.cid(0xA), None);
        assert_eq!(c.next_code(b"\x00\x02"), (2, 2));
    }

    /// Mutated and truncated programs, then random strings: nothing panics.
    #[test]
    fn random_mutations_never_panic() {
        let mut seed = 0x9E37_79B9_7F4A_7C15u64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut parsed = 0;
        for _ in 0..3000 {
            let mut prog = SMALL.to_vec();
            for _ in 0..(rand() % 8) {
                let i = (rand() as usize) % prog.len();
                prog[i] = b"<>()/%\\0123456789abcdefFF \n"[(rand() % 26) as usize];
            }
            prog.truncate((rand() as usize) % (prog.len() + 1));
            let Ok(c) = CMap::parse(&prog) else { continue };
            parsed += 1;
            let bytes: Vec<u8> = (0..16).map(|_| rand() as u8).collect();
            let mut total = 0;
            for (code, len) in c.codes(&bytes) {
                assert!((1..=4).contains(&len));
                total += len;
                let _ = c.cid(code);
            }
            assert_eq!(total, bytes.len());
        }
        assert!(parsed > 100, "{parsed} programs parsed");
    }
}
