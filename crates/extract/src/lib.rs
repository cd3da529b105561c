//! keikaku-extract: PDF bytes → pages of positioned glyphs, ruling lines and rectangles.
//!
//! Entry point: [`pages`]`(&[u8], &Limits) -> Result<Warned<Vec<Page>>, ExtractError>`
//! (types from `keikaku-model`). Also [`metadata`] (producer, creator, title, page count),
//! [`plain_text`] (simple reading-order text of one page) and [`overprinted`] (marks
//! fake-bold / double-drawn duplicate glyphs).
//!
//! Glyphs come in content-stream order, duplicates included; glyphs wholly outside the
//! clipping box (bleed, cell overflow, clipped-away text) are not emitted. A stroked
//! rectangle gives four `Stroke` rulings and a stroked [`Rect`](keikaku_model::Rect); a
//! filled rectangle thinner than 2.5 pt gives one `Fill` ruling along its centre line.
//!
//! Built on `lopdf` for the file structure (xref repair, decryption with the empty user
//! password, stream filters) with an own content-stream interpreter: graphics/text state,
//! simple, Type0/CID (predefined Japanese CMaps, Adobe-Japan1 without ToUnicode) and
//! Type3 fonts, text rise, TJ kerning, vertical writing, form XObjects (depth limit and
//! cycle cut), stroked/filled paths as [`Ruling`](keikaku_model::Ruling)s and
//! [`Rect`](keikaku_model::Rect)s. Coordinates: points, origin top-left of the page as
//! displayed (CropBox, `/Rotate` applied). Untrusted input never panics: [`Limits`]
//! bound the work and memory (stream bombs, duplicated cross-reference entries, deep
//! nesting, form fan-out, page-tree loops), problems become warnings or an
//! [`ExtractError`].

mod font;
mod interp;
mod lexer;
mod load;
mod obj;
mod tables;
mod text;
mod tounicode;

pub use text::{overprinted, plain_text};

use interp::{DocCtx, Matrix, PageInterp};
use keikaku_model::{Page, Warned};
use lopdf::{Dictionary, Document, Object};
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Bounds on the work done for one document.
#[derive(Debug, Clone)]
pub struct Limits {
    /// More pages than this: [`ExtractError::LimitExceeded`].
    pub max_pages: usize,
    /// More objects than this: [`ExtractError::LimitExceeded`], counted while lopdf loads
    /// (parsed objects may also weigh at most 16 times the file plus 64 MiB).
    pub max_objects: usize,
    /// Decoded bytes per stream; a larger stream is skipped with a warning (an object or
    /// cross-reference stream that large fails the load). Decoding a bomb holds at most
    /// about twice this.
    pub max_stream_bytes: usize,
    /// Decoded bytes of all content, form, font and CMap streams together: error beyond.
    pub max_total_stream_bytes: usize,
    /// Nesting of form XObjects; deeper ones are cut with a warning.
    pub max_xobject_depth: usize,
    /// Operators per page (forms included); the rest of the page is cut with a warning.
    pub max_ops_per_page: usize,
    /// Nesting of arrays/dictionaries in content streams.
    pub max_nesting: usize,
    /// Operators in the whole document (forms counted each time they are drawn); the
    /// remaining content is cut with a warning.
    pub max_total_ops: usize,
    /// Glyphs shown in the whole document, visible or not (forms counted each time they
    /// are drawn); the remaining text is dropped with a warning.
    pub max_glyphs: usize,
    /// Rulings and rectangles kept in the whole document; the rest are dropped with a
    /// warning.
    pub max_graphics: usize,
    /// Wall-clock deadline: past it, interpretation stops and [`pages`] fails with
    /// [`ExtractError::TimedOut`]. None: no deadline.
    pub deadline: Option<std::time::Instant>,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_pages: 5000,
            max_objects: 1_000_000,
            max_stream_bytes: 32 << 20,
            max_total_stream_bytes: 1 << 30,
            max_xobject_depth: 12,
            max_ops_per_page: 5_000_000,
            max_nesting: 32,
            max_total_ops: 100_000_000,
            max_glyphs: 5_000_000,
            max_graphics: 2_000_000,
            deadline: None,
        }
    }
}

/// Why a document could not be extracted at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExtractError {
    /// The bytes carry no `%PDF-` header.
    #[error("not a PDF file")]
    NotPdf,
    /// The document is encrypted and the empty user password does not open it.
    #[error("encrypted PDF needs a password ({algorithm})")]
    Encrypted { algorithm: String },
    /// The file structure could not be read.
    #[error("malformed PDF: {reason}")]
    Malformed { reason: String },
    /// A [`Limits`] bound was exceeded.
    #[error("limit exceeded: {what} > {limit}")]
    LimitExceeded { what: &'static str, limit: usize },
    /// The deadline of [`Limits`] passed.
    #[error("time limit exceeded while extracting")]
    TimedOut,
    /// A bug was hit while reading the document (caught, not propagated).
    #[error("internal error while extracting: {message}")]
    Panicked { message: String },
}

/// Cheap document facts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocInfo {
    pub producer: Option<String>,
    pub creator: Option<String>,
    pub title: Option<String>,
    /// Number of pages found in the page tree.
    pub pages: u32,
    /// True when the file was encrypted (and opened with the empty password).
    pub encrypted: bool,
}

fn guard<T>(f: impl FnOnce() -> Result<T, ExtractError>) -> Result<T, ExtractError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|e| {
        let message = e
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| e.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".into());
        Err(ExtractError::Panicked { message })
    })
}

/// Extracts every page: glyphs, rulings, rectangles, image counts.
///
/// ```
/// use keikaku_extract::{pages, ExtractError, Limits};
/// assert!(matches!(pages(b"not a pdf", &Limits::default()), Err(ExtractError::NotPdf)));
/// ```
pub fn pages(pdf: &[u8], limits: &Limits) -> Result<Warned<Vec<Page>>, ExtractError> {
    extract(pdf, limits).map(|w| Warned::new(w.value.pages, w.warnings))
}

/// Every page and the document facts, from one load of the file.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Producer, creator, title, page count.
    pub info: DocInfo,
    /// The pages, as [`pages`] returns them.
    pub pages: Vec<Page>,
}

/// [`pages`] together with the [`DocInfo`] that [`metadata`] would give, loading the
/// document once.
pub fn extract(pdf: &[u8], limits: &Limits) -> Result<Warned<Extracted>, ExtractError> {
    guard(|| extract_pages(pdf, limits))
}

/// Producer, creator, title and page count.
pub fn metadata(pdf: &[u8]) -> Result<DocInfo, ExtractError> {
    guard(|| {
        let limits = Limits::default();
        let doc = load(pdf, &limits)?;
        let pages = page_tree(&doc, limits.max_pages)?.0.len() as u32;
        Ok(doc_info(&doc, pages))
    })
}

/// The Info dictionary's strings and the page count of a loaded document.
fn doc_info(doc: &Document, pages: u32) -> DocInfo {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|o| obj::as_dict(doc, o));
    let field = |k: &[u8]| match info.and_then(|d| obj::get(doc, d, k)) {
        Some(Object::String(s, _)) => Some(obj::text_string(s))
            .filter(|s| s.chars().any(|c| c != '\u{FFFD}' && !c.is_whitespace())),
        _ => None,
    };
    DocInfo {
        producer: field(b"Producer"),
        creator: field(b"Creator"),
        title: field(b"Title"),
        pages,
        encrypted: doc.trailer.get(b"Encrypt").is_ok(),
    }
}

fn load(pdf: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    let head = &pdf[..pdf.len().min(64 * 1024)];
    if !head.windows(5).any(|w| w == b"%PDF-") {
        return Err(ExtractError::NotPdf);
    }
    let doc = load::load_budgeted(pdf, limits)?;
    if doc.trailer.get(b"Encrypt").is_ok() && doc.authenticate_password("").is_err() {
        return Err(ExtractError::Encrypted {
            algorithm: encryption_name(&doc),
        });
    }
    if doc.objects.len() > limits.max_objects {
        return Err(ExtractError::LimitExceeded {
            what: "objects",
            limit: limits.max_objects,
        });
    }
    Ok(doc)
}

fn encryption_name(doc: &Document) -> String {
    let enc = doc
        .trailer
        .get(b"Encrypt")
        .ok()
        .and_then(|o| obj::as_dict(doc, o));
    let v = enc.and_then(|d| obj::get_num(doc, d, b"V")).unwrap_or(0.0) as i32;
    let r = enc.and_then(|d| obj::get_num(doc, d, b"R")).unwrap_or(0.0) as i32;
    match v {
        1 | 2 => format!("RC4, revision {r}"),
        4 => format!("RC4/AES-128, revision {r}"),
        5 => format!("AES-256, revision {r}"),
        _ => format!("V{v} R{r}"),
    }
}

/// A page object with its inherited attributes.
struct PageRef<'d> {
    dict: &'d Dictionary,
    resources: Option<&'d Dictionary>,
    media: Option<[f32; 4]>,
    crop: Option<[f32; 4]>,
    rotate: i64,
}

#[derive(Clone, Copy, Default)]
struct Inherit<'d> {
    resources: Option<&'d Dictionary>,
    media: Option<[f32; 4]>,
    crop: Option<[f32; 4]>,
    rotate: Option<i64>,
}

/// Walks the page tree depth-first with loop detection; falls back to a scan of all
/// objects for `/Type /Page` when the tree yields nothing. Also returns how many tree
/// nodes were missing or unreadable (lopdf drops objects it cannot parse).
fn page_tree(doc: &Document, max_pages: usize) -> Result<(Vec<PageRef<'_>>, usize), ExtractError> {
    let mut out = Vec::new();
    let mut missing = 0usize;
    let root = doc
        .trailer
        .get(b"Root")
        .ok()
        .and_then(|o| obj::as_dict(doc, o))
        .and_then(|c| c.get(b"Pages").ok())
        .and_then(obj::ref_id);
    let mut seen = HashSet::new();
    if let Some(root) = root {
        let mut stack = vec![(root, Inherit::default(), 0usize)];
        while let Some((id, inh, depth)) = stack.pop() {
            if !seen.insert(id) || depth > 64 {
                continue;
            }
            let Some(dict) = doc.objects.get(&id).and_then(|o| obj::as_dict(doc, o)) else {
                missing += 1;
                continue;
            };
            let inh = inherit(doc, dict, inh);
            let kids = obj::get_array(doc, dict, b"Kids");
            let is_page = dict
                .get_type()
                .map(|t| t == b"Page")
                .unwrap_or(kids.is_none());
            if is_page {
                out.push(page_ref(dict, inh));
                if out.len() > max_pages {
                    return Err(ExtractError::LimitExceeded {
                        what: "pages",
                        limit: max_pages,
                    });
                }
            } else if let Some(kids) = kids {
                for k in kids.iter().rev().filter_map(obj::ref_id) {
                    stack.push((k, inh, depth + 1));
                }
            }
        }
    }
    if out.is_empty() {
        for o in doc.objects.values() {
            if let Some(d) =
                obj::as_dict(doc, o).filter(|d| d.get_type().is_ok_and(|t| t == b"Page"))
            {
                let parent = d.get(b"Parent").ok().and_then(|p| obj::as_dict(doc, p));
                let inh = parent
                    .map(|p| inherit(doc, p, Inherit::default()))
                    .unwrap_or_default();
                out.push(page_ref(d, inherit(doc, d, inh)));
                if out.len() > max_pages {
                    return Err(ExtractError::LimitExceeded {
                        what: "pages",
                        limit: max_pages,
                    });
                }
            }
        }
    }
    Ok((out, missing))
}

fn inherit<'d>(doc: &'d Document, d: &'d Dictionary, mut inh: Inherit<'d>) -> Inherit<'d> {
    if let Some(r) = obj::get_dict(doc, d, b"Resources") {
        inh.resources = Some(r);
    }
    if let Some(m) = d.get(b"MediaBox").ok().and_then(|o| obj::rect(doc, o)) {
        inh.media = Some(m);
    }
    if let Some(c) = d.get(b"CropBox").ok().and_then(|o| obj::rect(doc, o)) {
        inh.crop = Some(c);
    }
    if let Some(r) = obj::get_num(doc, d, b"Rotate") {
        inh.rotate = Some(r as i64);
    }
    inh
}

fn page_ref<'d>(dict: &'d Dictionary, inh: Inherit<'d>) -> PageRef<'d> {
    PageRef {
        dict,
        resources: inh.resources,
        media: inh.media,
        crop: inh.crop,
        rotate: inh.rotate.unwrap_or(0),
    }
}

/// The visible box: CropBox clipped to MediaBox (Letter size when neither is usable).
fn page_box(p: &PageRef) -> [f32; 4] {
    let media = p
        .media
        .filter(|m| m[2] - m[0] > 1.0 && m[3] - m[1] > 1.0)
        .unwrap_or([0.0, 0.0, 612.0, 792.0]);
    match p.crop {
        Some(c) => {
            let b = [
                c[0].max(media[0]),
                c[1].max(media[1]),
                c[2].min(media[2]),
                c[3].min(media[3]),
            ];
            if b[2] - b[0] > 1.0 && b[3] - b[1] > 1.0 {
                b
            } else {
                media
            }
        }
        None => media,
    }
}

/// User space → top-left-origin displayed page space, with the page size after rotation.
fn page_matrix(b: [f32; 4], rotation: u16) -> (Matrix, f32, f32) {
    let [llx, lly, urx, ury] = b;
    let (w, h) = (urx - llx, ury - lly);
    match rotation {
        90 => ([0.0, 1.0, 1.0, 0.0, -lly, -llx], h, w),
        180 => ([-1.0, 0.0, 0.0, 1.0, urx, -lly], w, h),
        270 => ([0.0, -1.0, -1.0, 0.0, ury, urx], h, w),
        _ => ([1.0, 0.0, 0.0, -1.0, -llx, ury], w, h),
    }
}

fn extract_pages(pdf: &[u8], limits: &Limits) -> Result<Warned<Extracted>, ExtractError> {
    let doc = load(pdf, limits)?;
    let (refs, missing) = page_tree(&doc, limits.max_pages)?;
    let info = doc_info(&doc, refs.len() as u32);
    let mut ctx = DocCtx::new(&doc, limits);
    if missing > 0 {
        let msg = format!("{missing} page-tree nodes are missing or could not be parsed");
        ctx.warn(None, "page-missing", msg);
    }
    let mut out = Vec::with_capacity(refs.len());
    for (i, p) in refs.iter().enumerate() {
        let number = u32::try_from(i + 1).unwrap_or(u32::MAX);
        out.push(extract_page(&mut ctx, p, number));
        if ctx.budget_exceeded {
            return Err(ExtractError::LimitExceeded {
                what: "total stream bytes",
                limit: limits.max_total_stream_bytes,
            });
        }
        if ctx.past_deadline() {
            return Err(ExtractError::TimedOut);
        }
    }
    if out.is_empty() {
        ctx.warn(None, "no-pages", "the document has no pages".into());
    }
    let warnings = std::mem::take(&mut ctx.warnings);
    Ok(Warned::new(Extracted { info, pages: out }, warnings))
}

fn extract_page<'d>(ctx: &mut DocCtx<'d>, p: &PageRef<'d>, number: u32) -> Page {
    let rotation = (p.rotate.rem_euclid(360) / 90 * 90) as u16;
    let (m, width, height) = page_matrix(page_box(p), rotation);
    let page = Page {
        number,
        width,
        height,
        rotation,
        ..Page::default()
    };
    let doc = ctx.doc;
    let mut content = Vec::new();
    let parts: Vec<&Object> = match p
        .dict
        .get(b"Contents")
        .ok()
        .map(|o| (o, obj::deref(doc, o)))
    {
        Some((_, Object::Array(a))) => a.iter().collect(),
        Some((o, _)) => vec![o],
        None => Vec::new(),
    };
    for part in parts {
        if let Some(bytes) = ctx.stream_bytes(part, Some(number)) {
            content.extend_from_slice(&bytes);
            content.push(b'\n');
        }
    }
    let mut it = PageInterp::new(ctx, page, m);
    it.run(&content, p.resources);
    it.finish()
}

#[cfg(test)]
mod tests;
