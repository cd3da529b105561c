//! Unit tests on small PDFs built in the test code with lopdf's writer.

use super::*;
use keikaku_model::{BBox, RulingSource};
use lopdf::{dictionary, Object, ObjectId, Stream};

/// Builds a one-page PDF; `fonts` go to /Resources /Font, `xobjects` to /XObject.
struct Builder {
    doc: Document,
    fonts: Dictionary,
    xobjects: Dictionary,
    page_extra: Dictionary,
}

impl Builder {
    fn new() -> Self {
        Builder {
            doc: Document::with_version("1.5"),
            fonts: Dictionary::new(),
            xobjects: Dictionary::new(),
            page_extra: Dictionary::new(),
        }
    }

    fn font(&mut self, name: &str, dict: Dictionary) -> &mut Self {
        let id = self.doc.add_object(dict);
        self.fonts.set(name, Object::Reference(id));
        self
    }

    fn stream(&mut self, dict: Dictionary, data: &[u8]) -> ObjectId {
        self.doc.add_object(Stream::new(dict, data.to_vec()))
    }

    fn build(mut self, content: &[u8]) -> Vec<u8> {
        let pages_id = self.doc.new_object_id();
        let content_id = self.stream(Dictionary::new(), content);
        let resources =
            dictionary! { "Font" => self.fonts.clone(), "XObject" => self.xobjects.clone() };
        let mut page = dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Contents" => content_id,
            "Resources" => resources,
        };
        for (k, v) in self.page_extra.iter() {
            page.set(k.clone(), v.clone());
        }
        let page_id = self.doc.add_object(page);
        self.doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
            ),
        );
        let catalog = self
            .doc
            .add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        self.doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        self.doc.save_to(&mut out).expect("in-memory save");
        out
    }
}

fn helvetica() -> Dictionary {
    dictionary! { "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica", "Encoding" => "WinAnsiEncoding" }
}

fn one_page(pdf: &[u8]) -> (Page, Vec<keikaku_model::Warning>) {
    let w = pages(pdf, &Limits::default()).expect("extracts");
    assert_eq!(w.value.len(), 1);
    (w.value.into_iter().next().expect("one page"), w.warnings)
}

fn text_of(p: &Page) -> String {
    p.glyphs.iter().map(|g| g.text.as_str()).collect()
}

fn cid_font(
    b: &mut Builder,
    base: &str,
    encoding: Object,
    to_unicode: Option<&[u8]>,
    ordering: &str,
) -> Dictionary {
    let desc = b.doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType0",
        "BaseFont" => base.to_string(),
        "CIDSystemInfo" => dictionary! { "Registry" => Object::string_literal("Adobe"), "Ordering" => Object::string_literal(ordering), "Supplement" => 6 },
        "DW" => 1000,
    });
    let mut d = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => base.to_string(),
        "Encoding" => encoding,
        "DescendantFonts" => vec![desc.into()],
    };
    if let Some(tu) = to_unicode {
        let id = b.stream(Dictionary::new(), tu);
        d.set("ToUnicode", id);
    }
    d
}

#[test]
fn winansi_simple_font_text_and_widths() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(b"BT /F1 12 Tf 72 700 Td (Caf\\351 A) Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "Café A");
    let c = &p.glyphs[0];
    assert!((c.bbox.x0 - 72.0).abs() < 0.01);
    // Helvetica 'C' is 722/1000 em wide.
    assert!((c.bbox.width() - 8.664).abs() < 0.01, "{:?}", c.bbox);
    assert!((c.size - 12.0).abs() < 0.01);
    // Baseline at y = 792 - 700 = 92 from the top; ascent 0.88 em above it.
    assert!(
        (c.bbox.y1 - (92.0 + 0.12 * 12.0)).abs() < 0.01,
        "{:?}",
        c.bbox
    );
    assert!((c.bbox.y0 - (92.0 - 0.88 * 12.0)).abs() < 0.01);
    assert_eq!(p.fonts[0].name, "Helvetica");
    assert_eq!(p.glyphs[4].text, " ");
}

#[test]
fn differences_with_glyph_names() {
    let mut b = Builder::new();
    let mut f = helvetica();
    f.set("Encoding", dictionary! { "Type" => "Encoding", "BaseEncoding" => "WinAnsiEncoding", "Differences" => vec![65.into(), Object::Name(b"uni65E5".to_vec()), Object::Name(b"bullet".to_vec()), Object::Name(b"f_i".to_vec())] });
    b.font("F1", f);
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td (ABCD) Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "日•fiD");
}

const TOUNICODE: &[u8] = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap
1 begincodespacerange <0000> <FFFF> endcodespacerange
2 beginbfchar <0005> <D842DFB7> <0006> <2F64> endbfchar
1 beginbfrange <0001> <0003> [<65E5> <672C> <8A9E>] endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end";

#[test]
fn type0_identity_h_with_tounicode_array_surrogates_and_radical_repair() {
    let mut b = Builder::new();
    let f = cid_font(
        &mut b,
        "ABCDEF+KozMinPr6N-Regular",
        Object::Name(b"Identity-H".to_vec()),
        Some(TOUNICODE),
        "Identity",
    );
    b.font("F1", f);
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td <0001000200030005> Tj <0006> Tj ET");
    let (p, w) = one_page(&pdf);
    // U+2F64 (KANGXI RADICAL USE) comes out as the unified ideograph 用.
    assert_eq!(text_of(&p), "日本語𠮷用");
    assert_eq!(p.fonts[0].name, "KozMinPr6N-Regular");
    assert!(!p.fonts[0].unreliable_unicode);
    assert!(w.is_empty(), "{w:?}");
    // Default width 1000: each glyph advances one em.
    assert!((p.glyphs[1].bbox.x0 - 82.0).abs() < 0.01);
}

#[test]
fn cid_font_without_tounicode_unijis_ucs2() {
    let mut b = Builder::new();
    let f = cid_font(
        &mut b,
        "HeiseiMin-W3",
        Object::Name(b"UniJIS-UCS2-H".to_vec()),
        None,
        "Japan1",
    );
    b.font("F1", f);
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td <65E5672C8A9E> Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "日本語");
}

#[test]
fn cid_font_without_tounicode_90ms_rksj() {
    let mut b = Builder::new();
    let f = cid_font(
        &mut b,
        "HeiseiMin-W3",
        Object::Name(b"90ms-RKSJ-H".to_vec()),
        None,
        "Japan1",
    );
    b.font("F1", f);
    // 日本語 in Shift-JIS, then a one-byte ASCII 'A'.
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td <93FA967B8CEA41> Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "日本語A");
}

#[test]
fn identity_v_is_vertical_and_advances_down() {
    let mut b = Builder::new();
    let f = cid_font(
        &mut b,
        "Ryumin-Light",
        Object::Name(b"Identity-V".to_vec()),
        None,
        "Japan1",
    );
    b.font("F1", f);
    // Adobe-Japan1 CIDs 843 (あ) and 845 (い).
    let pdf = b.build(b"BT /F1 10 Tf 300 700 Td <034B034D> Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "あい");
    let (a, i) = (&p.glyphs[0], &p.glyphs[1]);
    assert!(a.vertical && i.vertical);
    // Centred on the pen x; the second glyph one em lower.
    assert!((a.bbox.center_x() - 300.0).abs() < 0.01, "{:?}", a.bbox);
    assert!((i.bbox.y0 - a.bbox.y0 - 10.0).abs() < 0.01);
    assert!((a.bbox.y0 - 92.0).abs() < 0.01, "{:?}", a.bbox);
}

#[test]
fn text_rise_and_tj_kerning() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td [(A) -1000 (B)] TJ 5 Ts (C) Tj ET");
    let (p, _) = one_page(&pdf);
    let (a, bb, c) = (&p.glyphs[0], &p.glyphs[1], &p.glyphs[2]);
    // A kerning of -1000 moves B one em (10 pt) to the right of A's advance.
    assert!((bb.bbox.x0 - (a.bbox.x1 + 10.0)).abs() < 0.01);
    assert_eq!(c.rise, 5.0);
    assert!((c.bbox.y0 - (bb.bbox.y0 - 5.0)).abs() < 0.01);
    assert_eq!(a.rise, 0.0);
}

#[test]
fn plain_text_spaces_latin_not_japanese() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let f = cid_font(
        &mut b,
        "HeiseiMin-W3",
        Object::Name(b"UniJIS-UCS2-H".to_vec()),
        None,
        "Japan1",
    );
    b.font("F2", f);
    let content = b"BT /F1 10 Tf 72 700 Td [(ab) -600 (cd)] TJ ET BT /F2 10 Tf 72 680 Td <65E5> Tj 2 0 Td <672C> Tj ET";
    let pdf = b.build(content);
    let (p, _) = one_page(&pdf);
    assert_eq!(plain_text(&p), "ab cd\n日本\n");
}

#[test]
fn form_xobject_cycle_and_depth_limit() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    // A form that draws text and then itself.
    let self_id = b.doc.new_object_id();
    let fonts = b.fonts.clone();
    let form = Stream::new(
        dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
        "Resources" => dictionary! { "Font" => fonts, "XObject" => dictionary! { "X1" => self_id } } },
        b"BT /F1 10 Tf 72 700 Td (x) Tj ET /X1 Do".to_vec(),
    );
    b.doc.objects.insert(self_id, Object::Stream(form));
    b.xobjects.set("X1", self_id);
    let pdf = b.build(b"/X1 Do");
    let (p, w) = one_page(&pdf);
    assert_eq!(text_of(&p), "x");
    assert!(w.iter().any(|w| w.code == "xobject-cycle"));

    // A chain of 5 distinct nested forms with a depth limit of 3.
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let mut inner: Option<ObjectId> = None;
    for _ in 0..5 {
        let mut xo = Dictionary::new();
        let mut content = b"BT /F1 10 Tf 72 700 Td (y) Tj ET".to_vec();
        if let Some(id) = inner {
            xo.set("X", id);
            content.extend_from_slice(b" /X Do");
        }
        let d = dictionary! { "Subtype" => "Form", "Resources" => dictionary! { "Font" => b.fonts.clone(), "XObject" => xo } };
        inner = Some(b.stream(d, &content));
    }
    b.xobjects.set("X", inner.expect("built"));
    let pdf = b.build(b"/X Do");
    let limits = Limits {
        max_xobject_depth: 3,
        ..Limits::default()
    };
    let w = pages(&pdf, &limits).expect("extracts");
    assert_eq!(w.value[0].glyphs.len(), 3);
    assert!(w.warnings.iter().any(|w| w.code == "limit-xobject-depth"));
}

#[test]
fn type3_font_with_tounicode() {
    let mut b = Builder::new();
    let tu = b.stream(Dictionary::new(), b"1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <01> <533A> <02> <30FB> endbfchar");
    let font = dictionary! {
        "Type" => "Font", "Subtype" => "Type3",
        "FontMatrix" => vec![0.001.into(), 0.into(), 0.into(), (-0.001).into(), 0.into(), 0.into()],
        "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()],
        "FirstChar" => 0, "LastChar" => 2,
        "Widths" => vec![0.into(), 1000.into(), 500.into()],
        "Encoding" => dictionary! { "Differences" => vec![0.into(), "g0".into(), "g1".into(), "g2".into()] },
        "CharProcs" => Dictionary::new(),
        "ToUnicode" => tu,
    };
    b.font("T3", font);
    // Skia style: text matrix flips y back.
    let pdf = b.build(b"BT /T3 12 Tf 1 0 0 -1 100 700 Tm <0102> Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "区・");
    let g = &p.glyphs[0];
    assert!((g.bbox.width() - 12.0).abs() < 0.01, "{:?}", g.bbox);
    assert!((g.size - 12.0).abs() < 0.01);
    assert!(g.bbox.y1 > 92.0 && g.bbox.y0 < 92.0, "{:?}", g.bbox);
    assert!((p.glyphs[1].bbox.x0 - 112.0).abs() < 0.01);
    assert_eq!(p.fonts[0].subtype, "Type3");
}

#[test]
fn rotated_page_90() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    b.page_extra.set("Rotate", 90);
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td (A) Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!((p.width, p.height, p.rotation), (792.0, 612.0, 90));
    let g = &p.glyphs[0];
    // User (72, 700) → displayed (700, 72); the text runs downwards.
    assert!(
        (g.bbox.x1 - (700.0 + 0.88 * 10.0)).abs() < 0.01,
        "{:?}",
        g.bbox
    );
    assert!((g.bbox.y0 - 72.0).abs() < 0.01, "{:?}", g.bbox);
    // The glyph lies on its side: its advance runs down the page.
    assert!(g.bbox.width() > g.bbox.height());
}

#[test]
fn rulings_and_rects() {
    let b = Builder::new();
    let content = b"0.5 0.5 0.5 rg 100 500 300 1 re f \
        2 w 100 400 m 400 400 l S \
        1 0 0 rg 100 100 200 50 re f \
        1 w 50 50 100 20 re S \
        100 300 m 150 350 l S";
    let pdf = b.build(content);
    let (p, _) = one_page(&pdf);
    let fill: Vec<_> = p
        .rulings
        .iter()
        .filter(|r| r.source == RulingSource::Fill)
        .collect();
    assert_eq!(fill.len(), 1);
    assert!(
        fill[0].is_horizontal()
            && (fill[0].y0 - 291.5).abs() < 0.01
            && (fill[0].width - 1.0).abs() < 0.01
    );
    let stroke: Vec<_> = p
        .rulings
        .iter()
        .filter(|r| r.source == RulingSource::Stroke)
        .collect();
    // One line plus the four edges of the stroked rectangle; the diagonal is not a ruling.
    assert_eq!(stroke.len(), 5, "{stroke:?}");
    assert!(stroke
        .iter()
        .any(|r| r.is_horizontal() && (r.y0 - 392.0).abs() < 0.01 && r.width == 2.0));
    let red = p.rects.iter().find(|r| r.filled).expect("filled rect");
    assert_eq!(red.fill, Some([255, 0, 0]));
    assert_eq!(red.bbox, BBox::new(100.0, 642.0, 300.0, 692.0));
    assert!(p.rects.iter().any(|r| r.stroked && !r.filled));
}

#[test]
fn clipped_text_is_dropped() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(b"q 0 0 100 100 re W n BT /F1 10 Tf 72 700 Td (hidden) Tj ET Q BT /F1 10 Tf 72 700 Td (shown) Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "shown");
}

#[test]
fn inline_images_are_skipped_and_counted() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf =
        b.build(b"BI /W 2 /H 1 /BPC 8 /CS /G ID \x00\xff EI BT /F1 10 Tf 72 700 Td (ok) Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(text_of(&p), "ok");
    assert_eq!(p.images, 1);
}

#[test]
fn errors_and_limits() {
    assert!(matches!(
        pages(b"hello world", &Limits::default()),
        Err(ExtractError::NotPdf)
    ));
    assert!(matches!(
        pages(b"%PDF-1.4\ngarbage", &Limits::default()),
        Err(ExtractError::Malformed { .. }) | Ok(_)
    ));
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(b"BT /F1 10 Tf (a) Tj (b) Tj (c) Tj ET");
    let limits = Limits {
        max_pages: 0,
        ..Limits::default()
    };
    assert!(matches!(
        pages(&pdf, &limits),
        Err(ExtractError::LimitExceeded { what: "pages", .. })
    ));
    let limits = Limits {
        max_ops_per_page: 4,
        ..Limits::default()
    };
    let w = pages(&pdf, &limits).expect("truncated, not failed");
    assert_eq!(text_of(&w.value[0]), "ab");
    assert!(w.warnings.iter().any(|w| w.code == "limit-ops"));
    let info = metadata(&pdf).expect("metadata");
    assert_eq!(info.pages, 1);
}

#[test]
fn replacement_characters_are_kept_with_a_warning() {
    let mut b = Builder::new();
    let tu: &[u8] = b"1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <FFFD> <0002> <65E5> endbfchar";
    let f = cid_font(
        &mut b,
        "DFHSMinchoRPro6N-W3",
        Object::Name(b"Identity-H".to_vec()),
        Some(tu),
        "Identity",
    );
    b.font("F1", f);
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td <00010002> Tj ET");
    let (p, w) = one_page(&pdf);
    assert_eq!(text_of(&p), "\u{FFFD}日");
    assert!(w.iter().any(|w| w.code == "unicode-replacement"), "{w:?}");
}

#[test]
fn overprinted_fake_bold_is_read_once() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(b"BT /F1 10 Tf 72 700 Td (Bold) Tj ET BT /F1 10 Tf 72.4 700 Td (Bold) Tj ET");
    let (p, _) = one_page(&pdf);
    assert_eq!(p.glyphs.len(), 8);
    assert_eq!(overprinted(&p.glyphs).iter().filter(|d| **d).count(), 4);
    assert_eq!(plain_text(&p), "Bold\n");
}

#[test]
fn wrapped_cell_text_stays_together_beside_a_label() {
    let mut b = Builder::new();
    let f = cid_font(
        &mut b,
        "HeiseiMin-W3",
        Object::Name(b"UniJIS-UCS2-H".to_vec()),
        None,
        "Japan1",
    );
    b.font("F1", f);
    // A label at x 72 and, 3 em to its right, a paragraph of two wrapped lines.
    let content = b"BT /F1 10 Tf 72 695 Td <51855BB9> Tj ET \
        BT /F1 10 Tf 122 700 Td <65E5672C8A9E65E5672C8A9E> Tj ET \
        BT /F1 10 Tf 122 690 Td <672C> Tj ET";
    let pdf = b.build(content);
    let (p, _) = one_page(&pdf);
    assert_eq!(plain_text(&p), "内容\n日本語日本語\n本\n");
}

#[test]
fn a_passed_deadline_stops_extraction() {
    let mut b = Builder::new();
    b.font("F1", helvetica());
    let pdf = b.build(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET");
    let limits = Limits {
        deadline: Some(std::time::Instant::now()),
        ..Limits::default()
    };
    std::thread::sleep(std::time::Duration::from_millis(2));
    assert!(matches!(pages(&pdf, &limits), Err(ExtractError::TimedOut)));
    let limits = Limits {
        deadline: Some(std::time::Instant::now() + std::time::Duration::from_secs(60)),
        ..Limits::default()
    };
    assert!(pages(&pdf, &limits).is_ok());
}
