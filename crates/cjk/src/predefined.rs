//! The predefined Adobe-Japan1 CMaps, decoded lazily from `data/cmaps.bin`.

use crate::cmap::{CMap, Codespace};
use crate::data::Reader;
use crate::ranges::{CodeRange, RangeBuilder};
use std::sync::OnceLock;

static CMAPS_BIN: &[u8] = include_bytes!("../data/cmaps.bin");

/// One directory entry of `cmaps.bin`.
struct Entry {
    name: &'static str,
    body: &'static [u8],
    cmap: OnceLock<Option<CMap>>,
}

/// A predefined CMap by name (e.g. "UniJIS-UCS2-H", "90ms-RKSJ-H", "EUC-V", "H",
/// "Identity-H"): every Adobe-Japan1 encoding CMap poppler-data ships, plus Identity-H/V.
/// Built once, on first use, from compact data compiled into the crate.
pub fn predefined_cmap(name: &str) -> Option<&'static CMap> {
    match name {
        "Identity-H" => return Some(identity(0)),
        "Identity-V" => return Some(identity(1)),
        _ => {}
    }
    let dir = directory();
    let i = dir.binary_search_by(|e| e.name.cmp(name)).ok()?;
    entry_cmap(dir, i)
}

/// Names of all predefined CMaps (Identity-H/V included), sorted.
pub fn predefined_cmap_names() -> impl Iterator<Item = &'static str> {
    let mut names: Vec<&'static str> = directory().iter().map(|e| e.name).collect();
    names.extend(["Identity-H", "Identity-V"]);
    names.sort_unstable();
    names.into_iter()
}

fn identity(wmode: u8) -> &'static CMap {
    static H: OnceLock<CMap> = OnceLock::new();
    static V: OnceLock<CMap> = OnceLock::new();
    let (cell, name) = if wmode == 0 {
        (&H, "Identity-H")
    } else {
        (&V, "Identity-V")
    };
    cell.get_or_init(|| {
        let full = vec![CodeRange {
            lo: 0,
            hi: 0xFFFF,
            cid: 0,
        }];
        CMap::from_parts(
            name.into(),
            wmode,
            vec![Codespace::full(2)],
            full,
            Vec::new(),
        )
    })
}

fn directory() -> &'static [Entry] {
    static DIR: OnceLock<Vec<Entry>> = OnceLock::new();
    DIR.get_or_init(|| read_directory(CMAPS_BIN).unwrap_or_default())
}

fn read_directory(bin: &'static [u8]) -> Option<Vec<Entry>> {
    let mut r = Reader::new(bin);
    r.magic(b"KCMAP1")?;
    let n = r.usize()?;
    let mut heads = Vec::with_capacity(n);
    for _ in 0..n {
        let len = r.usize()?;
        let name = std::str::from_utf8(r.bytes(len)?).ok()?;
        heads.push((name, r.usize()?, r.usize()?));
    }
    let bodies = r.rest();
    // Sorted by name (bases refer to entries by index, and lookup is a binary search).
    if heads.windows(2).any(|w| w[0].0 >= w[1].0) {
        return None;
    }
    heads
        .into_iter()
        .map(|(name, off, len)| {
            let body = bodies.get(off..off.checked_add(len)?)?;
            Some(Entry {
                name,
                body,
                cmap: OnceLock::new(),
            })
        })
        .collect()
}

fn entry_cmap(dir: &'static [Entry], i: usize) -> Option<&'static CMap> {
    let e = dir.get(i)?;
    e.cmap.get_or_init(|| decode(dir, e)).as_ref()
}

/// Re-encodings a derived CMap applies to its UTF-32 base's codes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Transform {
    None,
    Utf8,
    Utf16,
}

fn decode(dir: &'static [Entry], e: &Entry) -> Option<CMap> {
    let mut r = Reader::new(e.body);
    let wmode = r.byte()?;
    let base = match r.usize()? {
        0 => None,
        // Bases are written by index in the generator's (sorted) order.
        k => Some(entry_cmap(dir, k - 1)?),
    };
    let transform = match r.byte()? {
        0 => Transform::None,
        1 => Transform::Utf8,
        2 => Transform::Utf16,
        _ => return None,
    };
    let mut codespace = Vec::new();
    for _ in 0..r.usize()? {
        let len = r.byte()?;
        let lo = r.bytes(usize::from(len))?;
        let hi = r.bytes(usize::from(len))?;
        codespace.push(Codespace::new(lo, hi)?);
    }
    let own_notdef = read_ranges(&mut r)?;
    let own = read_ranges(&mut r)?;
    let (mut ranges, mut notdef) = (RangeBuilder::default(), RangeBuilder::constant());
    if let Some(base) = base {
        if codespace.is_empty() {
            codespace = base.codespace().to_vec();
        }
        ranges = transform_ranges(base.ranges(), transform);
        if transform == Transform::None {
            notdef = notdef.with(base.notdef_ranges());
        }
    }
    for c in own {
        ranges.insert(c.lo, c.hi, c.cid);
    }
    for c in own_notdef {
        notdef.insert(c.lo, c.hi, c.cid);
    }
    let cmap = CMap::from_parts(
        e.name.into(),
        wmode,
        codespace,
        ranges.build(),
        notdef.build(),
    );
    Some(cmap)
}

/// Groups of delta-coded ranges (one group per code length).
fn read_ranges(r: &mut Reader<'_>) -> Option<Vec<CodeRange>> {
    let mut out = Vec::new();
    for _ in 0..r.usize()? {
        let _len = r.byte()?;
        let (mut next, mut cid_next) = (0u32, 0i64);
        for _ in 0..r.usize()? {
            let lo = next.checked_add(r.varint()?)?;
            let hi = lo.checked_add(r.varint()?)?;
            let cid = u32::try_from(cid_next + r.zigzag()?).ok()?;
            out.push(CodeRange { lo, hi, cid });
            next = hi.checked_add(1)?;
            cid_next = i64::from(cid) + i64::from(hi - lo) + 1;
        }
    }
    Some(out)
}

/// Re-encode Unicode-scalar codes (a UTF-32 CMap's) as UTF-8 or UTF-16BE codes.
fn transform_ranges(ranges: &[CodeRange], t: Transform) -> RangeBuilder {
    if t == Transform::None {
        return RangeBuilder::from_ranges(ranges);
    }
    let mut b = RangeBuilder::default();
    // Current run: (first code, last code, first cid).
    let mut run: Option<(u32, u32, u32)> = None;
    for r in ranges {
        for cp in r.lo..=r.hi {
            let Some(ch) = char::from_u32(cp) else {
                continue;
            };
            let code = encode(ch, t);
            let cid = r.cid + (cp - r.lo);
            run = match run {
                Some((lo, hi, c)) if hi.checked_add(1) == Some(code) && c + (code - lo) == cid => {
                    Some((lo, code, c))
                }
                Some((lo, hi, c)) => {
                    b.insert(lo, hi, c);
                    Some((code, code, cid))
                }
                None => Some((code, code, cid)),
            };
        }
    }
    if let Some((lo, hi, c)) = run {
        b.insert(lo, hi, c);
    }
    b
}

/// The big-endian numeric value of a character's UTF-8 or UTF-16BE bytes.
fn encode(ch: char, t: Transform) -> u32 {
    match t {
        Transform::Utf16 => {
            let mut units = [0u16; 2];
            ch.encode_utf16(&mut units)
                .iter()
                .fold(0u32, |c, &u| c << 16 | u32::from(u))
        }
        _ => {
            let mut buf = [0u8; 4];
            ch.encode_utf8(&mut buf)
                .bytes()
                .fold(0u32, |c, b| c << 8 | u32::from(b))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::adobe_japan1_to_unicode;

    fn cids(name: &str, bytes: &[u8]) -> Vec<u32> {
        let c = predefined_cmap(name).unwrap_or_else(|| panic!("{name} is predefined"));
        c.codes(bytes)
            .map(|(code, _)| c.cid(code).unwrap_or(0))
            .collect()
    }

    fn text(cids: &[u32]) -> String {
        cids.iter()
            .map(|&c| adobe_japan1_to_unicode(c).unwrap_or('\u{FFFD}'))
            .collect()
    }

    #[test]
    fn every_predefined_cmap_decodes() {
        let names: Vec<_> = predefined_cmap_names().collect();
        assert!(names.len() >= 60, "{} CMaps", names.len());
        for name in names {
            let c = predefined_cmap(name).unwrap_or_else(|| panic!("{name} decodes"));
            assert_eq!(c.name(), name);
            assert!(!c.ranges().is_empty(), "{name} has mappings");
        }
        assert!(predefined_cmap("No-Such-H").is_none());
    }

    #[test]
    fn rksj_decodes_shift_jis_nihongo() {
        let c = cids("90ms-RKSJ-H", b"\x93\xFA\x96\x7B\x8C\xEA");
        assert_eq!(c.len(), 3);
        assert_eq!(text(&c), "日本語");
        assert_eq!(
            text(&cids("90msp-RKSJ-H", b"\x93\xFA\x96\x7B\x8C\xEA")),
            "日本語"
        );
    }

    #[test]
    fn rksj_single_byte_ascii_and_halfwidth_katakana() {
        let c = predefined_cmap("90ms-RKSJ-H").expect("predefined");
        assert_eq!(c.next_code(b"AB"), (0x41, 1));
        assert_eq!(text(&cids("90ms-RKSJ-H", b"A1")), "A1");
        assert_eq!(text(&cids("90ms-RKSJ-H", b"\xB1")), "ｱ");
    }

    #[test]
    fn euc_h_decodes_hiragana() {
        let bytes = b"\xA4\xA2\xA4\xA4\xA4\xA6\xA4\xA8\xA4\xAA";
        assert_eq!(text(&cids("EUC-H", bytes)), "あいうえお");
        assert_eq!(text(&cids("EUC-V", bytes)), "あいうえお");
    }

    #[test]
    fn h_decodes_jis_x_0208() {
        assert_eq!(text(&cids("H", b"\x24\x22\x46\x7C\x4B\x5C")), "あ日本");
    }

    #[test]
    fn unicode_cmaps_round_trip_suginami_ku() {
        let s = "杉並区";
        let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let utf32: Vec<u8> = s.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect();
        let ucs2 = cids("UniJIS-UCS2-H", &utf16);
        assert_eq!(text(&ucs2), s);
        assert_eq!(cids("UniJIS-UTF16-H", &utf16), ucs2);
        assert_eq!(cids("UniJIS-UTF32-H", &utf32), ucs2);
        assert_eq!(cids("UniJIS-UTF8-H", s.as_bytes()), ucs2);
        assert_eq!(cids("UniJIS2004-UTF8-H", s.as_bytes()), ucs2);
    }

    #[test]
    fn derived_unicode_cmaps_match_utf32_beyond_the_bmp() {
        // U+20B9F 𠮟 and U+2000B: 4-byte UTF-8 and surrogate pairs.
        for s in ["𠮟る", "\u{2000B}", "ｱA﨑"] {
            let utf16: Vec<u8> = s.encode_utf16().flat_map(u16::to_be_bytes).collect();
            let utf32: Vec<u8> = s.chars().flat_map(|c| u32::from(c).to_be_bytes()).collect();
            let want = cids("UniJIS-UTF32-H", &utf32);
            assert!(want.iter().all(|&c| c != 0), "{s} mapped: {want:?}");
            assert_eq!(cids("UniJIS-UTF16-H", &utf16), want, "{s}");
            assert_eq!(cids("UniJIS-UTF8-H", s.as_bytes()), want, "{s}");
        }
    }

    #[test]
    fn vertical_cmaps_have_wmode_1_and_vertical_glyphs() {
        for name in [
            "UniJIS-UCS2-V",
            "UniJIS-UTF16-V",
            "90ms-RKSJ-V",
            "EUC-V",
            "V",
            "Identity-V",
        ] {
            assert_eq!(predefined_cmap(name).map(CMap::wmode), Some(1), "{name}");
        }
        for name in ["UniJIS-UCS2-H", "90ms-RKSJ-H", "H", "Identity-H"] {
            assert_eq!(predefined_cmap(name).map(CMap::wmode), Some(0), "{name}");
        }
        // 「 (U+300C) has its own vertical CID; the V CMap overrides H.
        let h = cids("UniJIS-UCS2-H", b"\x30\x0C");
        let v = cids("UniJIS-UCS2-V", b"\x30\x0C");
        assert_ne!(h, v);
        assert_eq!(text(&v), "「");
        // V still maps what it does not override, through usecmap.
        assert_eq!(
            cids("UniJIS-UCS2-V", b"\x67\xC9"),
            cids("UniJIS-UCS2-H", b"\x67\xC9")
        );
    }

    #[test]
    fn identity_maps_two_byte_codes_to_themselves() {
        let c = predefined_cmap("Identity-H").expect("predefined");
        assert_eq!(c.next_code(b"\x12\x34\x56"), (0x1234, 2));
        assert_eq!(c.cid(0x1234), Some(0x1234));
        assert_eq!(c.cid(0x1_0000), None);
    }

    /// Every predefined CMap equals the poppler-data original parsed by [`CMap::parse`].
    #[test]
    #[ignore = "needs Debian poppler-data in /usr/share/poppler"]
    fn predefined_cmaps_equal_poppler_data() {
        let dir = std::path::Path::new("/usr/share/poppler/cMap/Adobe-Japan1");
        let mut checked = 0;
        for name in predefined_cmap_names().filter(|n| !n.starts_with("Identity")) {
            let program = std::fs::read(dir.join(name)).expect("poppler-data CMap");
            let parsed = CMap::parse(&program).expect("parses");
            let ours = predefined_cmap(name).expect("predefined");
            assert_eq!(parsed.wmode(), ours.wmode(), "{name}");
            assert_eq!(parsed.ranges(), ours.ranges(), "{name}");
            assert_eq!(parsed.notdef_ranges(), ours.notdef_ranges(), "{name}");
            assert_eq!(parsed.codespace(), ours.codespace(), "{name}");
            checked += 1;
        }
        assert!(checked >= 60);
    }
}
