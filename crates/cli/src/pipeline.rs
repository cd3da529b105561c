//! One PDF through every stage: extract → OCR of the pages that need it → layout → profile
//! choice → structure (with the given segmenter and date reader) → page texts, dates →
//! provenance → departments → tokens (optional) → Document. See the crate docs for each
//! stage.

use keikaku_model::{DateMention, DepartmentCount, Document, PageText, Source, Warning, SCHEMA};
use std::collections::BTreeMap;

/// What the pipeline needs besides the PDF bytes.
#[derive(Debug, Clone)]
pub struct Options {
    /// Resource limits for untrusted PDFs.
    pub limits: keikaku_extract::Limits,
    /// Layout-family knowledge (built-in files plus the user's); each document gets the
    /// files that apply to it.
    pub profiles: std::sync::Arc<keikaku_structure::ProfileSet>,
    /// Add `tokens` (分かち書き) to pages and initiatives.
    pub tokens: bool,
    /// Which pages are read by OCR (Tesseract), see [`crate::ocr`].
    pub ocr: crate::ocr::OcrMode,
    /// The segmenter and date reader handed to structure (and used for the page texts).
    pub readers: keikaku_structure::Readers<'static>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            limits: keikaku_extract::Limits::default(),
            profiles: std::sync::Arc::new(keikaku_structure::ProfileSet::builtin()),
            tokens: false,
            ocr: crate::ocr::OcrMode::default(),
            readers: keikaku_structure::Readers::standard(),
        }
    }
}

/// Why a PDF could not be converted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ConvertError {
    /// Extraction refused or failed.
    #[error("{0}")]
    Extract(#[from] keikaku_extract::ExtractError),
    /// `--ocr always` without the OCR engine, or OCR could not start.
    #[error("{0}")]
    Ocr(String),
    /// A stage panicked; the message is kept.
    #[error("internal error: {0}")]
    Panicked(String),
}

/// Every stage's result for one PDF, for tools that show the intermediate steps.
#[derive(Debug, Clone)]
pub struct Stages {
    /// What extraction produced.
    pub pages: Vec<keikaku_model::Page>,
    /// What layout analysis produced.
    pub layout: keikaku_model::Layout,
    /// The final document.
    pub document: Document,
}

/// Converts one PDF held in memory. `file` is the name recorded in `source.file`.
pub fn convert(pdf: &[u8], file: &str, opts: &Options) -> Result<Document, ConvertError> {
    stages(pdf, file, opts).map(|s| s.document)
}

/// Runs every stage and keeps each stage's result.
pub fn stages(pdf: &[u8], file: &str, opts: &Options) -> Result<Stages, ConvertError> {
    stages_hashed(pdf, file, sha256_hex(pdf), opts)
}

/// [`stages`] for a caller that already has the file's SHA-256 (hex).
pub fn stages_hashed(
    pdf: &[u8],
    file: &str,
    sha256: String,
    opts: &Options,
) -> Result<Stages, ConvertError> {
    let extracted = keikaku_extract::extract(pdf, &opts.limits)?;
    let mut warnings = extracted.warnings;
    let keikaku_extract::Extracted { info, mut pages } = extracted.value;
    let ocr_conf = ocr_pages(pdf, &mut pages, opts, &mut warnings)?;
    // Layout runs before the document's text is known: it takes the files that always apply.
    let layout = keikaku_layout::analyze_with(&pages, &opts.profiles.for_text("").layout);
    warnings.extend(layout.warnings);
    let layout = layout.value;
    let profiles = opts.profiles.for_text(&layout_text(&layout));
    let built = keikaku_structure::build(&layout, &profiles, opts.readers);
    warnings.extend(built.warnings);
    let mut doc = built.value;

    doc.schema = SCHEMA.to_string();
    doc.source = Source {
        file: file.to_string(),
        sha256,
        bytes: pdf.len() as u64,
        pages: pages.len() as u32,
        producer: info.producer,
        ocr_pages: ocr_conf.len() as u32,
    };
    doc.pages = layout
        .pages
        .iter()
        .map(|p| PageText {
            number: p.number,
            width: p.width,
            height: p.height,
            text: opts.readers.words.repair(&p.text),
            furniture: p.furniture.iter().map(|l| l.text.clone()).collect(),
            furniture_sources: p
                .furniture
                .iter()
                .map(|l| keikaku_model::Span::new(p.number, l.bbox))
                .collect(),
            tokens: None,
            ocr_confidence: ocr_conf.get(&p.number).copied(),
        })
        .collect();
    if doc.pages.iter().all(|p| p.text.trim().is_empty()) && !doc.pages.is_empty() {
        warnings.push(Warning::new(
            None,
            "no-text",
            "no page has a text layer (scanned document?) and none was read by OCR",
        ));
    }
    doc.dates = dates(&doc.pages);
    keikaku_structure::provenance::attach(&mut doc, &layout);
    doc.departments = departments(&doc);
    if opts.tokens {
        add_tokens(&mut doc, &mut warnings);
    }
    doc.warnings.extend(warnings);
    Ok(Stages {
        pages,
        layout,
        document: doc,
    })
}

/// Reads the pages that need it by OCR (see [`crate::ocr::reason`]) and puts the words in
/// place of their glyphs; returns the mean confidence of each page read.
fn ocr_pages(
    pdf: &[u8],
    pages: &mut [keikaku_model::Page],
    opts: &Options,
    warnings: &mut Vec<Warning>,
) -> Result<BTreeMap<u32, f32>, ConvertError> {
    use crate::ocr;
    let mut read = BTreeMap::new();
    let wanted: Vec<(usize, &'static str)> = pages
        .iter()
        .enumerate()
        .filter_map(|(i, p)| ocr::reason(p, opts.ocr).map(|r| (i, r)))
        .collect();
    if wanted.is_empty() {
        return Ok(read);
    }
    let engine = match ocr::engine() {
        Ok(e) => e,
        Err(why) if opts.ocr == ocr::OcrMode::Always => return Err(ConvertError::Ocr(why.clone())),
        Err(why) => {
            ocr::warn_unavailable_once(why);
            for &(i, r) in &wanted {
                warnings.push(Warning::new(
                    Some(pages[i].number),
                    "ocr-unavailable",
                    format!("{r}; not read: {why}"),
                ));
            }
            return Ok(read);
        }
    };
    let targets: Vec<&keikaku_model::Page> = wanted.iter().map(|&(i, _)| &pages[i]).collect();
    let results =
        ocr::read_pages(engine, pdf, &targets, opts.limits.deadline).map_err(ConvertError::Ocr)?;
    for (&(i, r), result) in wanted.iter().zip(results) {
        let page = &mut pages[i];
        match result {
            Ok(o) => {
                warnings.push(Warning::new(
                    Some(page.number),
                    "ocr",
                    // no timing here: the same input must give the same JSON
                    format!(
                        "{r}: read by OCR (Tesseract {}, {} dpi): {} characters, mean confidence {:.1}",
                        o.languages,
                        ocr::DPI,
                        o.glyphs.len(),
                        o.confidence,
                    ),
                ));
                read.insert(page.number, (o.confidence * 10.0).round() / 10.0);
                page.glyphs = o.glyphs;
                page.fonts = vec![ocr::ocr_font()];
                if page.rulings.is_empty() {
                    page.rulings = o.rulings;
                }
            }
            Err(e) => warnings.push(Warning::new(
                Some(page.number),
                "ocr-failed",
                format!("{r}; OCR failed: {e}"),
            )),
        }
    }
    Ok(read)
}

/// The text profiles are chosen by: every page's body (table cells included, in reading
/// order).
fn layout_text(layout: &keikaku_model::Layout) -> String {
    layout.pages.iter().map(|p| p.text.as_str()).collect()
}

/// Every date expression of every page, with its page.
fn dates(pages: &[PageText]) -> Vec<DateMention> {
    let mut out = Vec::new();
    for p in pages {
        // The gold corpus counts AからBまで and 〜以降 as separate points; `keikaku wareki` reads ranges.
        for d in keikaku_wareki::scan_with(&p.text, keikaku_wareki::Options::points()) {
            out.push(DateMention {
                text: d.text.clone(),
                start: d.start.map(|x| x.to_string()),
                end: d.end.map(|x| x.to_string()),
                fiscal_year: d.fiscal_year,
                page: p.number,
                warnings: d.warnings.clone(),
                offsets: Some(char_range(&p.text, &d.span)),
                source: Vec::new(),
            });
        }
    }
    out
}

/// A byte range of `text` as character offsets.
fn char_range(text: &str, bytes: &std::ops::Range<usize>) -> [usize; 2] {
    let at = |b: usize| text.get(..b).map_or(0, |s| s.chars().count());
    [at(bytes.start), at(bytes.end)]
}

/// Departments named in the initiatives' department lists and in the page text, with counts.
fn departments(doc: &Document) -> Vec<DepartmentCount> {
    let mut counts: BTreeMap<String, u32> = BTreeMap::new();
    for i in &doc.initiatives {
        for d in i.lead_departments.iter().chain(&i.related_departments) {
            counts.entry(d.clone()).or_insert(0);
        }
    }
    for p in &doc.pages {
        for (name, _) in keikaku_jtext::find_departments(&p.text) {
            *counts.entry(name).or_insert(0) += 1;
        }
    }
    let mut v: Vec<DepartmentCount> = counts
        .into_iter()
        .map(|(name, count)| DepartmentCount { name, count })
        .collect();
    v.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.name.cmp(&b.name)));
    v
}

/// Adds space-separated tokens to pages and initiatives.
fn add_tokens(doc: &mut Document, warnings: &mut Vec<Warning>) {
    let seg = match keikaku_jtext::shared() {
        Ok(s) => s,
        Err(e) => {
            warnings.push(Warning::new(None, "tokens-unavailable", e.to_string()));
            return;
        }
    };
    for p in &mut doc.pages {
        p.tokens = Some(seg.wakachi(&p.text));
    }
    for i in &mut doc.initiatives {
        let mut text = i.title.clone();
        for part in i.summary.iter().chain(i.fields.values()) {
            text.push('\n');
            text.push_str(part);
        }
        i.tokens = Some(seg.wakachi(&text));
    }
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}
