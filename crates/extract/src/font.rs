//! Fonts: from a font dictionary to a decoder of shown strings into glyphs
//! (Unicode text, advance widths, writing mode).
//!
//! Text comes from, in order: the ToUnicode CMap; for CID fonts a Unicode-keyed
//! predefined CMap (UniJIS-UCS2-H …) or the Adobe-Japan1 CID table; for simple fonts
//! the encoding and `/Differences` glyph names. Every text is repaired (Kangxi radicals
//! → unified ideographs; vertical presentation forms → ordinary characters).

use crate::obj::{self, as_dict, get, get_array, get_dict, get_name, get_num};
use crate::tables::{self, BaseEncoding};
use crate::tounicode::ToUnicode;
use keikaku_cjk::CMap;
use keikaku_model::FontInfo;
use lopdf::{Dictionary, Document, Object};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Default ascent/descent in em when the descriptor gives none (or nonsense).
const ASCENT: f32 = 0.88;
const DESCENT: f32 = -0.12;
/// Most W / W2 entries taken from one font.
const MAX_WIDTH_ENTRIES: usize = 1 << 18;
/// Most codes whose text one font caches (4-byte codes could fill memory otherwise).
const MAX_CACHED_CODES: usize = 1 << 16;

/// One decoded code of a shown string.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// Repaired Unicode text (may be empty for an unmapped control code).
    pub text: Rc<str>,
    /// Horizontal advance in text-space units per unit font size.
    pub w0: f32,
    /// Vertical advance (negative = downwards) in text-space units per unit font size.
    pub w1: f32,
    /// Position vector (vertical mode) in text-space units per unit font size.
    pub v: (f32, f32),
    /// True for the single-byte code 32, to which word spacing applies.
    pub word_space: bool,
}

/// How byte strings split into codes.
enum Split {
    OneByte,
    Identity,
    /// By the encoding CMap in `Font::cid_map`.
    CMap,
    ToUnicode,
}

enum CMapRef {
    Static(&'static CMap),
    Owned(Box<CMap>),
}

impl CMapRef {
    fn get(&self) -> &CMap {
        match self {
            CMapRef::Static(c) => c,
            CMapRef::Owned(c) => c,
        }
    }
}

/// Where the text of a code comes from when there is no ToUnicode entry.
enum Fallback {
    None,
    /// Simple font: text per code from the encoding's glyph names.
    Names(Box<[Option<Rc<str>>]>),
    /// CID font: the code is a Unicode value (Uni*-UCS2/UTF16/UTF32 CMaps).
    UnicodeCode(UniForm),
    /// CID font with Adobe-Japan1 collection: CID → Unicode table.
    Japan1,
    /// Embedded TrueType CID font: CID → glyph id → Unicode by the font's own cmap.
    GlyphCmap {
        cid_to_gid: Option<Vec<u16>>,
        gid_to_char: HashMap<u16, char>,
    },
}

#[derive(Clone, Copy)]
enum UniForm {
    Utf16,
    Utf32,
    Utf8,
}

enum Widths {
    Simple(Box<[f32; 256]>),
    Cid {
        dw: f32,
        ranges: Vec<(u32, u32, f32)>,
    },
}

/// Vertical metrics of a CID font (W2 / DW2), glyph units.
struct VMetrics {
    dw2: (f32, f32),
    ranges: Vec<(u32, u32, [f32; 3])>,
}

/// A loaded font, ready to decode shown strings.
pub struct Font {
    pub info: FontInfo,
    pub vertical: bool,
    split: Split,
    to_unicode: Option<ToUnicode>,
    fallback: Fallback,
    widths: Widths,
    vmetrics: Option<VMetrics>,
    cid_map: Option<CMapRef>,
    /// Multiplies glyph widths into text space (0.001, or FontMatrix a for Type3).
    width_scale: f32,
    /// Vertical extent of the em in text space (1, or FontMatrix d × 1000 for Type3).
    pub em_y: f32,
    pub ascent: f32,
    pub descent: f32,
    /// Problems found while loading (code, message).
    pub warnings: Vec<(&'static str, String)>,
    cache: RefCell<HashMap<u32, Rc<str>>>,
    /// Set once a glyph's text was U+FFFD from the font's own ToUnicode.
    pub saw_replacement: std::cell::Cell<bool>,
}

fn strip_subset(name: &str) -> &str {
    match name.split_once('+') {
        Some((tag, rest)) if tag.len() == 6 && tag.bytes().all(|b| b.is_ascii_uppercase()) => rest,
        _ => name,
    }
}

/// Bold/italic from the name and descriptor.
fn style(name: &str, desc: Option<&Dictionary>, doc: &Document) -> (bool, bool) {
    let lower = name.to_ascii_lowercase();
    let mut bold = [
        "bold",
        "black",
        "heavy",
        "semibold",
        "demibold",
        "debold",
        "extrabold",
        "ultra",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || name.ends_with("-B")
        || name.contains("-B-")
        || weight_code(name) >= 6;
    let mut italic = lower.contains("italic") || lower.contains("oblique");
    if let Some(d) = desc {
        let flags = get_num(doc, d, b"Flags").unwrap_or(0.0) as u32;
        bold |= flags & (1 << 18) != 0 || get_num(doc, d, b"FontWeight").unwrap_or(0.0) >= 600.0;
        italic |=
            flags & (1 << 6) != 0 || get_num(doc, d, b"ItalicAngle").is_some_and(|a| a.abs() > 0.5);
    }
    (bold, italic)
}

/// The `Wn` weight digit of Japanese font names (HeiseiMin-W3, HiraginoSans-W6), or 0.
fn weight_code(name: &str) -> u32 {
    let b = name.as_bytes();
    for i in 0..b.len().saturating_sub(1) {
        if b[i] == b'W' && b[i + 1].is_ascii_digit() && (i == 0 || !b[i - 1].is_ascii_alphabetic())
        {
            let next = b.get(i + 2);
            if !matches!(next, Some(c) if c.is_ascii_digit()) {
                return u32::from(b[i + 1] - b'0');
            }
        }
    }
    0
}

fn ascent_descent(doc: &Document, desc: Option<&Dictionary>) -> (f32, f32) {
    let Some(d) = desc else {
        return (ASCENT, DESCENT);
    };
    let a = get_num(doc, d, b"Ascent").map(|v| v / 1000.0);
    let de = get_num(doc, d, b"Descent").map(|v| v / 1000.0);
    match (a, de) {
        (Some(a), Some(de)) if (0.5..=1.2).contains(&a) && (-0.5..=0.0).contains(&de) => (a, de),
        _ => (ASCENT, DESCENT),
    }
}

/// Reads a stream object's decoded bytes.
pub type StreamReader<'r> = dyn FnMut(&Object) -> Option<Vec<u8>> + 'r;

impl Font {
    /// Loads a font dictionary. Never fails: unusable parts become warnings.
    pub fn load(doc: &Document, fd: &Dictionary, read: &mut StreamReader) -> Font {
        let subtype = get_name(doc, fd, b"Subtype")
            .map(obj::name_string)
            .unwrap_or_default();
        let base = get_name(doc, fd, b"BaseFont")
            .map(obj::name_string)
            .unwrap_or_default();
        let to_unicode = fd
            .get(b"ToUnicode")
            .ok()
            .and_then(&mut *read)
            .map(|b| ToUnicode::parse(&b));
        let to_unicode = to_unicode.filter(|t| !t.is_empty());
        let mut font = if subtype == "Type0" {
            Self::load_type0(doc, fd, &base, to_unicode.is_some(), read)
        } else {
            Self::load_simple(doc, fd, &base, &subtype, to_unicode.is_some())
        };
        font.info.subtype = subtype;
        font.info.unreliable_unicode = to_unicode.is_none()
            && matches!(font.fallback, Fallback::None | Fallback::GlyphCmap { .. });
        if to_unicode.is_none() && matches!(font.fallback, Fallback::None) {
            font.warnings.push((
                "font-no-unicode",
                format!("font {} has no way to Unicode", font.info.name),
            ));
        }
        if matches!(font.split, Split::ToUnicode) && to_unicode.is_none() {
            font.split = Split::Identity;
        }
        font.to_unicode = to_unicode;
        font
    }

    fn blank(name: &str, desc: Option<&Dictionary>, doc: &Document) -> Font {
        let (bold, italic) = style(name, desc, doc);
        let (ascent, descent) = ascent_descent(doc, desc);
        Font {
            info: FontInfo {
                name: strip_subset(name).to_string(),
                bold,
                italic,
                subtype: String::new(),
                unreliable_unicode: false,
                emphasis: false,
            },
            vertical: false,
            split: Split::OneByte,
            to_unicode: None,
            fallback: Fallback::None,
            widths: Widths::Simple(Box::new([0.0; 256])),
            vmetrics: None,
            cid_map: None,
            width_scale: 0.001,
            em_y: 1.0,
            ascent,
            descent,
            warnings: Vec::new(),
            cache: RefCell::new(HashMap::new()),
            saw_replacement: std::cell::Cell::new(false),
        }
    }

    fn load_simple(
        doc: &Document,
        fd: &Dictionary,
        base: &str,
        subtype: &str,
        has_tu: bool,
    ) -> Font {
        let desc = get_dict(doc, fd, b"FontDescriptor");
        let name = strip_subset(base).to_string();
        let mut font = Font::blank(base, desc, doc);
        let names = simple_encoding(doc, fd, &name, desc, subtype);
        // Widths: /Widths, else standard-14 metrics by glyph name, else a guess.
        let mut widths = [0f32; 256];
        let first = get_num(doc, fd, b"FirstChar").unwrap_or(0.0).max(0.0) as usize;
        let missing = desc
            .and_then(|d| get_num(doc, d, b"MissingWidth"))
            .unwrap_or(0.0);
        if let Some(ws) = get_array(doc, fd, b"Widths") {
            widths.fill(missing);
            for (i, w) in ws.iter().enumerate() {
                if let (Some(slot), Some(v)) = (widths.get_mut(first + i), obj::num(doc, w)) {
                    *slot = v;
                }
            }
        } else if let Some(std) = tables::std14_widths(&name, &names.map(|n| n.unwrap_or(""))) {
            widths = std;
        } else {
            widths.fill(if missing > 0.0 { missing } else { 500.0 });
        }
        font.widths = Widths::Simple(Box::new(widths));
        if subtype == "Type3" {
            let fm = fd.get(b"FontMatrix").ok().and_then(|o| obj::matrix(doc, o));
            let fm = fm.unwrap_or([0.001, 0.0, 0.0, 0.001, 0.0, 0.0]);
            font.width_scale = fm[0];
            font.em_y = fm[3] * 1000.0;
            if font.em_y.abs() < 1e-6 {
                font.em_y = 1.0;
            }
        }
        // Type3 glyph names are the producer's own; when most are not standard names,
        // none is trusted and codes stand for themselves (as poppler does).
        let named = names.iter().flatten().count();
        let known = names
            .iter()
            .flatten()
            .filter(|n| tables::glyph_to_unicode(n).is_some())
            .count();
        let trust_names = subtype != "Type3" || known * 2 > named;
        let texts: Vec<Option<Rc<str>>> = names
            .iter()
            .enumerate()
            .map(|(code, n)| {
                let t = n.filter(|_| trust_names).and_then(tables::glyph_to_unicode);
                // Symbolic fonts without names: printable ASCII codes as themselves (guess).
                let t = t.or_else(|| {
                    (!has_tu && (0x21..0x7f).contains(&code))
                        .then(|| char::from(code as u8).to_string())
                });
                t.map(|s| Rc::from(s.as_str()))
            })
            .collect();
        font.fallback = Fallback::Names(texts.into_boxed_slice());
        font
    }

    fn load_type0(
        doc: &Document,
        fd: &Dictionary,
        base: &str,
        has_tu: bool,
        read: &mut StreamReader,
    ) -> Font {
        let desc_font = get_array(doc, fd, b"DescendantFonts")
            .and_then(|a| a.first())
            .and_then(|o| as_dict(doc, o));
        let cid_base = desc_font
            .and_then(|d| get_name(doc, d, b"BaseFont"))
            .map(obj::name_string);
        let fdesc = desc_font.and_then(|d| get_dict(doc, d, b"FontDescriptor"));
        let name = cid_base.unwrap_or_else(|| base.to_string());
        let mut font = Font::blank(&name, fdesc, doc);
        // Encoding: a predefined CMap name or an embedded CMap stream.
        let mut enc_name = String::new();
        match fd.get(b"Encoding").ok().map(|o| obj::deref(doc, o)) {
            Some(Object::Name(n)) => {
                enc_name = obj::name_string(n);
                font.split = match enc_name.as_str() {
                    "Identity-H" | "Identity-V" => Split::Identity,
                    other => match keikaku_cjk::predefined_cmap(other) {
                        Some(c) => {
                            font.cid_map = Some(CMapRef::Static(c));
                            Split::CMap
                        }
                        None => {
                            font.warnings
                                .push(("cmap-unknown", format!("unknown CMap {other}")));
                            Split::ToUnicode
                        }
                    },
                };
                font.vertical = enc_name.ends_with("-V");
            }
            Some(o @ Object::Stream(s)) => {
                enc_name = get_name(doc, &s.dict, b"CMapName")
                    .map(obj::name_string)
                    .unwrap_or_default();
                let parsed = read(o).and_then(|b| embedded_cmap(doc, &s.dict, &b));
                font.split = match parsed {
                    Some(c) => {
                        font.vertical = c.is_vertical();
                        if enc_name.is_empty() {
                            enc_name = c.name().to_string();
                        }
                        font.cid_map = Some(CMapRef::Owned(Box::new(c)));
                        Split::CMap
                    }
                    None => Split::ToUnicode,
                };
            }
            _ => font.split = Split::Identity,
        }
        if let Some(c) = &font.cid_map {
            font.vertical |= c.get().is_vertical();
        }
        // Fallback text: the code itself for Unicode CMaps, else CID via Adobe-Japan1.
        let ordering = desc_font
            .and_then(|d| get_dict(doc, d, b"CIDSystemInfo"))
            .and_then(|si| match get(doc, si, b"Ordering") {
                Some(Object::String(s, _)) => Some(String::from_utf8_lossy(s).into_owned()),
                _ => None,
            })
            .unwrap_or_default();
        // A TrueType CID font's own cmap beats the collection table: its CIDs are often
        // glyph ids whatever CIDSystemInfo claims.
        let truetype =
            desc_font.is_some_and(|d| get_name(doc, d, b"Subtype") == Some(b"CIDFontType2"));
        let reversed = if has_tu || !truetype {
            None
        } else {
            desc_font.and_then(|d| truetype_fallback(doc, d, fdesc, read))
        };
        font.fallback = if let Some(form) = unicode_cmap_form(&enc_name) {
            Fallback::UnicodeCode(form)
        } else if let Some(r) = reversed {
            r
        } else if ordering.contains("Japan1") || is_japan1_cmap(&enc_name) {
            Fallback::Japan1
        } else {
            Fallback::None
        };
        if matches!(font.fallback, Fallback::GlyphCmap { .. }) {
            font.warnings.push((
                "font-unicode-guessed",
                format!(
                    "font {} has no ToUnicode; text from its cmap",
                    font.info.name
                ),
            ));
        }
        if let Some(d) = desc_font {
            font.widths = cid_widths(doc, d);
            if font.vertical {
                font.vmetrics = Some(cid_vmetrics(doc, d));
            }
        } else {
            font.widths = Widths::Cid {
                dw: 1000.0,
                ranges: Vec::new(),
            };
        }
        font
    }

    /// Decodes a shown string, calling `f` for every code.
    pub fn decode(&self, bytes: &[u8], mut f: impl FnMut(Decoded)) {
        let mut rest = bytes;
        while !rest.is_empty() {
            let (code, len) = self.next_code(rest);
            let len = len.clamp(1, rest.len());
            rest = &rest[len..];
            let text = self.text(code);
            let cid = self.cid(code);
            let w0 = self.width(cid) * self.width_scale;
            let (w1, v) = self.vertical_metrics(cid, w0);
            f(Decoded {
                text,
                w0,
                w1,
                v,
                word_space: len == 1 && code == 32,
            });
        }
    }

    fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        match &self.split {
            Split::OneByte => (u32::from(bytes[0]), 1),
            Split::Identity => {
                if bytes.len() >= 2 {
                    (u32::from(bytes[0]) << 8 | u32::from(bytes[1]), 2)
                } else {
                    (u32::from(bytes[0]), 1)
                }
            }
            Split::CMap => match &self.cid_map {
                Some(c) => c.get().next_code(bytes),
                None => (u32::from(bytes[0]), 1),
            },
            Split::ToUnicode => match &self.to_unicode {
                Some(t) => t.next_code(bytes),
                None => (u32::from(bytes[0]), 1),
            },
        }
    }

    fn cid(&self, code: u32) -> u32 {
        match &self.cid_map {
            Some(c) => c.get().cid(code).unwrap_or(0),
            None => code,
        }
    }

    fn width(&self, cid: u32) -> f32 {
        match &self.widths {
            Widths::Simple(w) => w.get(cid as usize).copied().unwrap_or(0.0),
            Widths::Cid { dw, ranges } => lookup_range(ranges, cid).copied().unwrap_or(*dw),
        }
    }

    fn vertical_metrics(&self, cid: u32, w0: f32) -> (f32, (f32, f32)) {
        let Some(vm) = &self.vmetrics else {
            return (0.0, (0.0, 0.0));
        };
        match lookup_range(&vm.ranges, cid) {
            Some(m) => (m[0] / 1000.0, (m[1] / 1000.0, m[2] / 1000.0)),
            None => (vm.dw2.1 / 1000.0, (w0 / 2.0, vm.dw2.0 / 1000.0)),
        }
    }

    /// Repaired text of a code (cached).
    fn text(&self, code: u32) -> Rc<str> {
        if let Some(t) = self.cache.borrow().get(&code) {
            return t.clone();
        }
        let t: Rc<str> = Rc::from(self.raw_text(code).as_str());
        if t.contains('\u{FFFD}') {
            self.saw_replacement.set(true);
        }
        let mut cache = self.cache.borrow_mut();
        if cache.len() < MAX_CACHED_CODES {
            cache.insert(code, t.clone());
        }
        t
    }

    fn raw_text(&self, code: u32) -> String {
        let from_tu = self.to_unicode.as_ref().and_then(|t| t.get(code));
        let fallback = || self.fallback_text(code);
        let s = match from_tu {
            // A ToUnicode entry of U+FFFD or nothing is worse than a known fallback.
            Some(s) if s.is_empty() || s.chars().all(|c| c == '\u{FFFD}') => {
                fallback().unwrap_or(s)
            }
            Some(s) => s,
            // Not in the ToUnicode map and no other source: shown as nothing, like poppler;
            // without any Unicode source at all the glyph is kept as U+FFFD.
            None => fallback().unwrap_or_else(|| {
                if self.to_unicode.is_none() && matches!(self.fallback, Fallback::None) {
                    "\u{FFFD}".to_string()
                } else {
                    String::new()
                }
            }),
        };
        repair(&s, self.vertical)
    }

    fn fallback_text(&self, code: u32) -> Option<String> {
        match &self.fallback {
            Fallback::None => None,
            Fallback::Names(t) => t
                .get(code as usize)
                .and_then(|o| o.as_ref())
                .map(|s| s.to_string()),
            Fallback::UnicodeCode(form) => unicode_from_code(code, *form),
            Fallback::Japan1 => {
                keikaku_cjk::adobe_japan1_to_unicode(self.cid(code)).map(String::from)
            }
            Fallback::GlyphCmap {
                cid_to_gid,
                gid_to_char,
            } => {
                let cid = self.cid(code);
                let gid = match cid_to_gid {
                    Some(m) => *m.get(cid as usize)?,
                    None => u16::try_from(cid).ok()?,
                };
                gid_to_char.get(&gid).map(|c| c.to_string())
            }
        }
    }
}

/// Unicode repair of one glyph's text: radicals and compatibility forms, vertical forms.
fn repair(s: &str, vertical: bool) -> String {
    let s: String = s
        .chars()
        .filter(|&c| c != '\0')
        .map(|c| {
            if vertical {
                keikaku_cjk::unvertical(c)
            } else {
                c
            }
        })
        // CJK fonts share one glyph for U+30FB and U+2027; Skia's reverse cmap picks the latter.
        .map(|c| if c == '\u{2027}' { '\u{30FB}' } else { c })
        .collect();
    keikaku_cjk::repair_str(&s).into_owned()
}

fn unicode_from_code(code: u32, form: UniForm) -> Option<String> {
    match form {
        UniForm::Utf32 => char::from_u32(code).map(String::from),
        UniForm::Utf16 => {
            if code > 0xFFFF {
                let units = [(code >> 16) as u16, (code & 0xFFFF) as u16];
                String::from_utf16(&units).ok()
            } else {
                char::from_u32(code).map(String::from)
            }
        }
        UniForm::Utf8 => {
            let bytes: Vec<u8> = code
                .to_be_bytes()
                .into_iter()
                .skip_while(|&b| b == 0)
                .collect();
            String::from_utf8(bytes).ok()
        }
    }
}

fn unicode_cmap_form(name: &str) -> Option<UniForm> {
    if !name.starts_with("Uni") {
        return None;
    }
    if name.contains("UCS2") || name.contains("UTF16") {
        Some(UniForm::Utf16)
    } else if name.contains("UTF32") {
        Some(UniForm::Utf32)
    } else if name.contains("UTF8") {
        Some(UniForm::Utf8)
    } else {
        None
    }
}

/// Predefined CMaps of the Adobe-Japan1 collection (used when CIDSystemInfo is missing).
fn is_japan1_cmap(name: &str) -> bool {
    const JP: [&str; 9] = [
        "RKSJ",
        "UniJIS",
        "83pv",
        "90pv",
        "Hankaku",
        "Hiragana",
        "Katakana",
        "Roman",
        "WP-Symbol",
    ];
    matches!(
        name,
        "H" | "V" | "EUC-H" | "EUC-V" | "Add-H" | "Add-V" | "Ext-H" | "Ext-V"
    ) || JP.iter().any(|p| name.contains(p))
}

/// For an embedded TrueType CID font without ToUnicode: reverse its Unicode cmap.
fn truetype_fallback(
    doc: &Document,
    cid_font: &Dictionary,
    fdesc: Option<&Dictionary>,
    read: &mut StreamReader,
) -> Option<Fallback> {
    let file = fdesc?.get(b"FontFile2").ok()?;
    let data = read(file)?;
    let face = ttf_parser::Face::parse(&data, 0).ok()?;
    let mut gid_to_char: HashMap<u16, char> = HashMap::new();
    for sub in face.tables().cmap?.subtables {
        if !sub.is_unicode() {
            continue;
        }
        // Probe the BMP and the CJK Extension B/C planes: bounded work whatever the
        // (possibly corrupt) subtable claims. Ascending order keeps the lowest code point
        // per glyph (unified ideograph over compatibility form).
        for cp in (0x20u32..0xFFFF).chain(0x20000..0x2FFFF) {
            if let (Some(c), Some(g)) = (char::from_u32(cp), sub.glyph_index(cp)) {
                gid_to_char.entry(g.0).or_insert(c);
            }
        }
    }
    if gid_to_char.is_empty() {
        return None;
    }
    let cid_to_gid = match cid_font
        .get(b"CIDToGIDMap")
        .ok()
        .map(|o| obj::deref(doc, o))
    {
        Some(o @ Object::Stream(_)) => read(o).map(|b| {
            b.chunks_exact(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect()
        }),
        _ => None,
    };
    Some(Fallback::GlyphCmap {
        cid_to_gid,
        gid_to_char,
    })
}

fn embedded_cmap(doc: &Document, dict: &Dictionary, data: &[u8]) -> Option<CMap> {
    let parent = match dict.get(b"UseCMap").ok().map(|o| obj::deref(doc, o)) {
        Some(Object::Name(n)) => keikaku_cjk::predefined_cmap(&obj::name_string(n)),
        _ => None,
    };
    match parent {
        Some(p) => CMap::parse_with_base(data, p).ok(),
        None => CMap::parse(data).ok(),
    }
}

fn lookup_range<T>(ranges: &[(u32, u32, T)], cid: u32) -> Option<&T> {
    let idx = ranges.partition_point(|r| r.0 <= cid);
    ranges[..idx]
        .iter()
        .rev()
        .take(4)
        .find(|r| cid <= r.1)
        .map(|r| &r.2)
}

fn cid_widths(doc: &Document, d: &Dictionary) -> Widths {
    let dw = get_num(doc, d, b"DW").unwrap_or(1000.0);
    let mut ranges = Vec::new();
    if let Some(w) = get_array(doc, d, b"W") {
        let mut i = 0;
        while i < w.len() && ranges.len() < MAX_WIDTH_ENTRIES {
            let Some(first) = obj::num(doc, &w[i]) else {
                break;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| obj::deref(doc, o)) {
                Some(Object::Array(ws)) => {
                    for (k, x) in ws.iter().enumerate() {
                        if let Some(v) = obj::num(doc, x) {
                            let c = first.saturating_add(k as u32);
                            ranges.push((c, c, v));
                        }
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = obj::num(doc, o).unwrap_or(0.0).max(0.0) as u32;
                    let v = w.get(i + 2).and_then(|x| obj::num(doc, x)).unwrap_or(dw);
                    ranges.push((first, last, v));
                    i += 3;
                }
                None => break,
            }
        }
    }
    ranges.sort_by_key(|r| r.0);
    Widths::Cid { dw, ranges }
}

fn cid_vmetrics(doc: &Document, d: &Dictionary) -> VMetrics {
    let dw2 = get_array(doc, d, b"DW2")
        .and_then(|a| Some((obj::num(doc, a.first()?)?, obj::num(doc, a.get(1)?)?)))
        .unwrap_or((880.0, -1000.0));
    let mut ranges = Vec::new();
    if let Some(w) = get_array(doc, d, b"W2") {
        let mut i = 0;
        while i < w.len() && ranges.len() < MAX_WIDTH_ENTRIES {
            let Some(first) = obj::num(doc, &w[i]) else {
                break;
            };
            let first = first.max(0.0) as u32;
            match w.get(i + 1).map(|o| obj::deref(doc, o)) {
                Some(Object::Array(ws)) => {
                    let nums: Vec<f32> = ws.iter().filter_map(|x| obj::num(doc, x)).collect();
                    for (k, t) in nums.chunks_exact(3).enumerate() {
                        let c = first.saturating_add(k as u32);
                        ranges.push((c, c, [t[0], t[1], t[2]]));
                    }
                    i += 2;
                }
                Some(o) => {
                    let last = obj::num(doc, o).unwrap_or(0.0).max(0.0) as u32;
                    let t: Vec<f32> = w
                        .iter()
                        .skip(i + 2)
                        .take(3)
                        .filter_map(|x| obj::num(doc, x))
                        .collect();
                    if t.len() == 3 {
                        ranges.push((first, last, [t[0], t[1], t[2]]));
                    }
                    i += 5;
                }
                None => break,
            }
        }
    }
    ranges.sort_by_key(|r| r.0);
    VMetrics { dw2, ranges }
}

/// Glyph names of a simple font's 256 codes: base encoding + `/Differences`.
fn simple_encoding<'d>(
    doc: &'d Document,
    fd: &'d Dictionary,
    name: &str,
    desc: Option<&Dictionary>,
    subtype: &str,
) -> [Option<&'d str>; 256] {
    let symbolic_font = name.starts_with("Symbol") || name.starts_with("ZapfDingbats");
    let flags = desc.and_then(|d| get_num(doc, d, b"Flags")).unwrap_or(0.0) as u32;
    let default = if name.starts_with("Symbol") {
        Some(BaseEncoding::Symbol)
    } else if symbolic_font {
        None
    } else if subtype == "TrueType" || flags & 4 == 0 {
        Some(BaseEncoding::WinAnsi)
    } else {
        Some(BaseEncoding::Standard)
    };
    let mut base = default;
    let mut diffs: Option<&[Object]> = None;
    match fd.get(b"Encoding").ok().map(|o| obj::deref(doc, o)) {
        Some(Object::Name(n)) => base = base_encoding(n).or(base),
        Some(Object::Dictionary(d)) => {
            if let Some(n) = get_name(doc, d, b"BaseEncoding") {
                base = base_encoding(n).or(base);
            } else if subtype == "Type3" || flags & 4 != 0 {
                // Symbolic fonts with Differences only: the font's built-in encoding.
                base = if subtype == "Type3" { None } else { base };
            }
            diffs = get_array(doc, d, b"Differences");
        }
        _ => {}
    }
    let mut names: [Option<&'d str>; 256] = [None; 256];
    if let Some(b) = base {
        for (slot, n) in names.iter_mut().zip(tables::encoding_names(b).iter()) {
            if !n.is_empty() {
                *slot = Some(n);
            }
        }
    }
    if let Some(d) = diffs {
        let mut code = 0usize;
        for o in d {
            match obj::deref(doc, o) {
                Object::Integer(i) => code = (*i).clamp(0, 256) as usize,
                Object::Name(n) => {
                    if let (Some(slot), Ok(s)) = (names.get_mut(code), std::str::from_utf8(n)) {
                        *slot = Some(s);
                    }
                    code += 1;
                }
                _ => {}
            }
        }
    }
    names
}

fn base_encoding(n: &[u8]) -> Option<BaseEncoding> {
    match n {
        b"WinAnsiEncoding" => Some(BaseEncoding::WinAnsi),
        b"MacRomanEncoding" => Some(BaseEncoding::MacRoman),
        b"StandardEncoding" => Some(BaseEncoding::Standard),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_styles() {
        assert_eq!(strip_subset("ABCDEF+MS-Mincho"), "MS-Mincho");
        assert_eq!(strip_subset("Abcdef+X"), "Abcdef+X");
        let doc = Document::new();
        assert_eq!(style("HiraginoSans-W6", None, &doc), (true, false));
        assert_eq!(style("HeiseiMin-W3", None, &doc), (false, false));
        assert_eq!(style("Arial,BoldItalic", None, &doc), (true, true));
        assert_eq!(style("UDShinGoPro-DeBold", None, &doc), (true, false));
        assert_eq!(style("MeiryoUI", None, &doc), (false, false));
    }

    #[test]
    fn unicode_codes() {
        assert_eq!(
            unicode_from_code(0x65E5, UniForm::Utf16).as_deref(),
            Some("日")
        );
        assert_eq!(
            unicode_from_code(0xD842DFB7, UniForm::Utf16).as_deref(),
            Some("𠮷")
        );
        assert_eq!(
            unicode_from_code(0xE697A5, UniForm::Utf8).as_deref(),
            Some("日")
        );
        assert!(is_japan1_cmap("90ms-RKSJ-H"));
        assert!(!is_japan1_cmap("GBK-EUC-H"));
    }
}
