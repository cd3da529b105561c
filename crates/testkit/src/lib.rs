//! Test helpers shared by keikaku's crates (a dev-dependency only).
//!
//! [`PdfWriter`] writes small PDFs in code: Japanese and Latin text at given positions (a
//! Type0 font with Identity-H codes equal to the code points and a ToUnicode CMap, so no font
//! file is needed), ruled lines and filled rectangles, on any number of pages.
//! Coordinates are PDF points with the origin at the page's top-left, as in the model.
//! [`document`] runs extraction, layout and structure (built-in profiles) on the bytes.
//!
//! ```
//! use keikaku_testkit::PdfWriter;
//! let mut w = PdfWriter::a4();
//! w.text(72.0, 72.0, 12.0, "計画期間");
//! assert_eq!(keikaku_testkit::page_text(&w.finish()).trim(), "計画期間");
//! ```

use keikaku_model::{Document, Item, Layout, Line, Page};
use lopdf::{dictionary, Dictionary, Document as Pdf, Object, Stream};

/// One page's content stream under construction.
#[derive(Debug, Default)]
struct PageOps {
    ops: String,
    /// The page draws the writer's image (`/Im0`).
    image: bool,
}

/// Writes a PDF page by page; see the crate docs.
#[derive(Debug)]
pub struct PdfWriter {
    width: f32,
    height: f32,
    pages: Vec<PageOps>,
}

impl PdfWriter {
    /// A writer for A4 portrait pages (595 × 842 pt), with one empty page.
    pub fn a4() -> PdfWriter {
        PdfWriter::new(595.0, 842.0)
    }

    /// A writer for A4 landscape pages (842 × 595 pt), with one empty page.
    pub fn a4_landscape() -> PdfWriter {
        PdfWriter::new(842.0, 595.0)
    }

    /// A writer for pages of the given size, with one empty page.
    pub fn new(width: f32, height: f32) -> PdfWriter {
        PdfWriter {
            width,
            height,
            pages: vec![PageOps::default()],
        }
    }

    /// Starts a new page; later calls draw on it.
    pub fn page(&mut self) -> &mut Self {
        self.pages.push(PageOps::default());
        self
    }

    fn ops(&mut self) -> &mut String {
        if self.pages.is_empty() {
            self.pages.push(PageOps::default());
        }
        let last = self.pages.len() - 1;
        &mut self.pages[last].ops
    }

    /// Text with its top-left corner at (x, y) and its em box `size` points high.
    pub fn text(&mut self, x: f32, y: f32, size: f32, text: &str) -> &mut Self {
        let baseline = self.height - y - size * 0.88;
        let hex: String = text
            .chars()
            .flat_map(|c| {
                let mut units = [0u16; 2];
                c.encode_utf16(&mut units).to_vec()
            })
            .map(|u| format!("{u:04X}"))
            .collect();
        let op = format!("BT /F1 {size} Tf {x} {baseline} Td <{hex}> Tj ET\n");
        self.ops().push_str(&op);
        self
    }

    /// Invisible text (rendering mode 3), as a scanner's OCR layer over the page image.
    pub fn invisible_text(&mut self, x: f32, y: f32, size: f32, text: &str) -> &mut Self {
        self.ops().push_str("3 Tr\n");
        self.text(x, y, size, text);
        self.ops().push_str("0 Tr\n");
        self
    }

    /// A grey image (a 2 × 2 pixel checker) filling the rectangle (x0, y0)–(x1, y1), as a scan.
    pub fn image(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) -> &mut Self {
        let (w, h) = (x1 - x0, y1 - y0);
        let y = self.height - y1;
        let op = format!("q {w} 0 0 {h} {x0} {y} cm /Im0 Do Q\n");
        self.ops().push_str(&op);
        let last = self.pages.len() - 1;
        self.pages[last].image = true;
        self
    }

    /// Width of `text` at `size` in this writer's font (Latin half, the rest full width).
    pub fn text_width(text: &str, size: f32) -> f32 {
        text.chars()
            .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
            .sum::<f32>()
            * size
    }

    /// A stroked line from (x0, y0) to (x1, y1), `width` points wide.
    pub fn line(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, width: f32) -> &mut Self {
        let (h0, h1) = (self.height - y0, self.height - y1);
        let op = format!("{width} w {x0} {h0} m {x1} {h1} l S\n");
        self.ops().push_str(&op);
        self
    }

    /// A rectangle outline (x0, y0)–(x1, y1).
    pub fn frame(&mut self, x0: f32, y0: f32, x1: f32, y1: f32) -> &mut Self {
        self.line(x0, y0, x1, y0, 0.75)
            .line(x1, y0, x1, y1, 0.75)
            .line(x1, y1, x0, y1, 0.75)
            .line(x0, y1, x0, y0, 0.75)
    }

    /// A ruled grid: `cols` x-edges and `rows` y-edges, every cell outlined.
    pub fn grid(&mut self, cols: &[f32], rows: &[f32]) -> &mut Self {
        let (Some(&x0), Some(&x1)) = (cols.first(), cols.last()) else {
            return self;
        };
        let (Some(&y0), Some(&y1)) = (rows.first(), rows.last()) else {
            return self;
        };
        for &y in rows {
            self.line(x0, y, x1, y, 0.75);
        }
        for &x in cols {
            self.line(x, y0, x, y1, 0.75);
        }
        self
    }

    /// A filled rectangle in an RGB grey or colour (0–1 components).
    pub fn fill(&mut self, x0: f32, y0: f32, x1: f32, y1: f32, rgb: [f32; 3]) -> &mut Self {
        let [r, g, b] = rgb;
        let (w, h) = (x1 - x0, y1 - y0);
        let y = self.height - y1;
        let op = format!("q {r} {g} {b} rg {x0} {y} {w} {h} re f Q\n");
        self.ops().push_str(&op);
        self
    }

    /// The PDF's bytes.
    pub fn finish(&self) -> Vec<u8> {
        let mut doc = Pdf::with_version("1.5");
        let font = font(&mut doc);
        let image = doc.add_object(Stream::new(
            dictionary! {
                "Type" => "XObject",
                "Subtype" => "Image",
                "Width" => 2,
                "Height" => 2,
                "ColorSpace" => "DeviceGray",
                "BitsPerComponent" => 8,
            },
            vec![0, 255, 255, 0],
        ));
        let pages_id = doc.new_object_id();
        let kids: Vec<Object> = self
            .pages
            .iter()
            .map(|p| {
                let content =
                    doc.add_object(Stream::new(Dictionary::new(), p.ops.clone().into_bytes()));
                let page = dictionary! {
                    "Type" => "Page",
                    "Parent" => pages_id,
                    "MediaBox" => vec![0.into(), 0.into(), self.width.into(), self.height.into()],
                    "Contents" => content,
                    "Resources" => if p.image {
                        dictionary! {
                            "Font" => dictionary! { "F1" => font },
                            "XObject" => dictionary! { "Im0" => image },
                        }
                    } else {
                        dictionary! { "Font" => dictionary! { "F1" => font } }
                    },
                };
                doc.add_object(page).into()
            })
            .collect();
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut out = Vec::new();
        // Saving to memory cannot fail but for a bug in lopdf; a test then fails loudly.
        if let Err(e) = doc.save_to(&mut out) {
            panic!("writing the test PDF: {e}");
        }
        out
    }
}

/// A Type0 font: Identity-H codes are the UTF-16 code units, mapped back by a ToUnicode
/// CMap; ASCII is half width, everything else full width.
fn font(doc: &mut Pdf) -> lopdf::ObjectId {
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
         /CMapName /Keikaku-UCS2 def /CMapType 2 def\n\
         1 begincodespacerange <0000> <FFFF> endcodespacerange\n",
    );
    for chunk in (0..256u32).collect::<Vec<_>>().chunks(100) {
        cmap.push_str(&format!("{} beginbfrange\n", chunk.len()));
        for hi in chunk {
            cmap.push_str(&format!("<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>\n"));
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap CMapName currentdict /CMap defineresource pop end end\n");
    let to_unicode = doc.add_object(Stream::new(Dictionary::new(), cmap.into_bytes()));
    let cid = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "KeikakuTest",
        "CIDSystemInfo" => dictionary! {
            "Registry" => Object::string_literal("Adobe"),
            "Ordering" => Object::string_literal("Identity"),
            "Supplement" => 0,
        },
        "DW" => 1000,
        "W" => vec![32.into(), 126.into(), 500.into()],
        "CIDToGIDMap" => "Identity",
    });
    doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "KeikakuTest",
        "Encoding" => "Identity-H",
        "DescendantFonts" => vec![cid.into()],
        "ToUnicode" => to_unicode,
    })
}

/// A PDF file made of `objects` as given (object `n` is `objects[n - 1]`, the catalog is
/// object 1), with a correct xref table: for inputs [`PdfWriter`] cannot make (image-only
/// pages, broken page trees, hostile streams).
pub fn raw_pdf<O: AsRef<[u8]>>(objects: &[O]) -> Vec<u8> {
    let mut out = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o.as_ref());
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let n = objects.len() + 1;
    out.extend_from_slice(format!("xref\n0 {n}\n0000000000 65535 f \n").as_bytes());
    for off in offsets {
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {n} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n").as_bytes(),
    );
    out
}

/// An initiative's 年度 cells as (fiscal year, text), in order (bars of a bar chart left out).
pub fn year_cells(i: &keikaku_model::Initiative) -> Vec<(i32, &str)> {
    i.schedule
        .iter()
        .filter_map(|e| match e {
            keikaku_model::ScheduleEntry::Year {
                fiscal_year, text, ..
            } => Some((*fiscal_year, text.as_str())),
            keikaku_model::ScheduleEntry::Span { .. } => None,
        })
        .collect()
}

/// The PDFs directly in `dir` (none when it cannot be read), sorted.
pub fn pdfs_in(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut v: Vec<std::path::PathBuf> = std::fs::read_dir(dir)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.retain(|p| p.extension().is_some_and(|e| e == "pdf"));
    v.sort();
    v
}

/// The bytes of `../shared/corpus/<folder>/<name>` beside the repository; panics when it
/// cannot be read. Tests using it carry
/// `#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]` (the cfg set by
/// their crate's build script, see `shared_cfg.rs`), so they are counted as ignored when
/// `../shared` is absent.
pub fn shared_corpus_pdf(folder: &str, name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/corpus")
        .join(folder)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The document structure of `../shared/corpus/<folder>/<name>` (see [`shared_corpus_pdf`]).
pub fn shared_corpus_document(folder: &str, name: &str) -> Document {
    document(&shared_corpus_pdf(folder, name))
}

/// The layout of a PDF (extraction and layout analysis with default limits).
pub fn layout(pdf: &[u8]) -> Layout {
    match keikaku_extract::pages(pdf, &keikaku_extract::Limits::default()) {
        Ok(pages) => keikaku_layout::analyze(&pages.value).value,
        Err(e) => panic!("the test PDF does not extract: {e}"),
    }
}

/// Layout analysis of extracted pages with the built-in vocabulary.
pub fn analyze(pages: &[Page]) -> Layout {
    keikaku_layout::analyze(pages).value
}

/// Lines joined as layout analysis joins them for `Block::text` and `TableCell::text`.
pub fn join_lines(lines: &[Line]) -> String {
    keikaku_layout::join_lines(lines)
}

/// Adds to a hand-made layout what layout analysis adds: the reader text of every block and
/// cell, and the tables joined across pages.
pub fn complete(layout: &mut Layout) {
    for page in &mut layout.pages {
        for it in &mut page.items {
            if let Item::Block(b) = it {
                b.text = join_lines(&b.lines);
            }
        }
        for c in page.tables.iter_mut().flat_map(|t| t.cells.iter_mut()) {
            c.text = join_lines(&c.lines);
        }
    }
    layout.joined = keikaku_layout::joined_tables(layout);
}

/// The document structure of a PDF with the built-in profiles.
pub fn document(pdf: &[u8]) -> Document {
    keikaku_structure::build(
        &layout(pdf),
        &keikaku_structure::Profiles::builtin(),
        keikaku_structure::Readers::standard(),
    )
    .value
}

/// The page texts of a PDF's layout, joined by form feeds.
pub fn page_text(pdf: &[u8]) -> String {
    layout(pdf)
        .pages
        .iter()
        .map(|p| p.text.as_str())
        .collect::<Vec<_>>()
        .join("\u{c}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_text_reads_back() {
        let mut w = PdfWriter::a4();
        w.text(72.0, 100.0, 12.0, "第１章 計画の概要（2021年度）");
        w.page().text(72.0, 100.0, 12.0, "二ページ目");
        let text = page_text(&w.finish());
        assert!(text.contains("第１章"), "{text}");
        assert!(text.contains("計画の概要（2021年度）"), "{text}");
        assert!(text.contains("\u{c}二ページ目"), "{text}");
    }

    #[test]
    fn a_ruled_grid_is_a_table() {
        let mut w = PdfWriter::a4();
        let cols = [60.0, 200.0, 400.0];
        let rows = [100.0, 130.0, 160.0, 190.0];
        w.grid(&cols, &rows);
        for (r, cells) in [
            ["事業名", "担当課"],
            ["道路の補修", "土木課"],
            ["図書館の改修", "教育総務課"],
        ]
        .iter()
        .enumerate()
        {
            for (c, t) in cells.iter().enumerate() {
                w.text(cols[c] + 4.0, rows[r] + 8.0, 10.5, t);
            }
        }
        let l = layout(&w.finish());
        let t = &l.pages[0].tables;
        assert_eq!(t.len(), 1, "{:?}", l.pages[0].items);
        assert_eq!((t[0].n_rows(), t[0].n_cols()), (3, 2));
        let texts: Vec<String> = t[0].cells.iter().map(|c| c.lines_text()).collect();
        assert_eq!(
            texts,
            [
                "事業名",
                "担当課",
                "道路の補修",
                "土木課",
                "図書館の改修",
                "教育総務課"
            ]
        );
    }
}
