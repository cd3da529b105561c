//! keikaku: Japanese municipal plan PDFs → a structured JSON corpus.
//!
//! The stages as [`pipeline::stages`] runs them, in this order, handing on `keikaku_model`
//! types only:
//! 1. `keikaku_extract::extract`: PDF bytes → document info and pages of glyphs, rulings and
//!    rects;
//! 2. OCR of the pages that need it ([`ocr::reason`]: images but no text layer, or mostly
//!    undecodable glyphs; `--ocr` decides): Tesseract's words replace those pages' glyphs;
//! 3. `keikaku_layout::analyze_with` (the `[layout]` vocabulary of the profiles that always
//!    apply): pages → `Layout`: lines, blocks, table grids with the reader text of every cell
//!    and block, boxes, furniture, reading order, page text, and the tables joined across
//!    pages;
//! 4. profile choice: the profiles that apply to the layout's page texts
//!    (`ProfileSet::for_text`);
//! 5. `keikaku_structure::build(&Layout, &Profiles, Readers)`: title, period, sections,
//!    initiatives, tables, glossary and notes; segmentation and date reading come in as
//!    [`Options::readers`] (lindera from `keikaku_jtext`, `keikaku_wareki`);
//! 6. this crate adds the source (file, SHA-256, producer, OCR pages), the page texts
//!    (spaces repaired by the same segmenter) and the dates (`keikaku_wareki::scan_with`,
//!    each point of a range separately, on every page, with their offsets);
//! 7. `keikaku_structure::provenance::attach(&mut Document, &Layout)`: every unit's boxes,
//!    found again in the layout's characters (dates by their offsets), spans on OCR'd pages
//!    marked with the page's confidence;
//! 8. the departments named (initiatives' lists and `keikaku_jtext::find_departments` on
//!    the page texts);
//! 9. with `--tokens`, the tokens (分かち書き) of the pages and initiatives →
//!    [`keikaku_model::Document`].
//!
//! This crate owns the glue and all I/O: [`pipeline::convert`] runs one PDF held in memory,
//! [`batch`] runs many files in parallel with isolation, atomic writes and a manifest, and
//! the `keikaku` binary is the command line.

pub mod batch;
pub mod check;
pub mod compact_json;
pub mod corpus;
pub mod csv;
pub mod diff;
pub mod inspect;
pub mod layout_ref;
pub mod ocr;
pub mod pipeline;

pub use pipeline::{convert, stages, ConvertError, Options, Stages};

/// The JSON Schema (draft 2020-12) of `manifest.json`, generated from its types;
/// `docs/manifest.schema.json` is this, committed.
pub fn manifest_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(batch::Manifest).to_value();
    if let Some(o) = schema.as_object_mut() {
        o.insert(
            "$id".into(),
            "https://keikaku.invalid/manifest.schema.json".into(),
        );
        o.insert(
            "description".into(),
            "manifest.json of a keikaku ingest run: one row per input file.".into(),
        );
    }
    schema
}

/// The JSON Schema (draft 2020-12) of a document (`DIR/<stem>.json`), generated from the
/// model types; `docs/keikaku.schema.json` is this, committed.
pub fn document_schema() -> serde_json::Value {
    let mut schema = schemars::schema_for!(keikaku_model::Document).to_value();
    if let Some(o) = schema.as_object_mut() {
        o.insert(
            "$id".into(),
            format!(
                "https://keikaku.invalid/{}.schema.json",
                keikaku_model::SCHEMA
            )
            .into(),
        );
        o.insert(
            "description".into(),
            "A Japanese municipal plan PDF as structured JSON (keikaku). Every bbox is \
             [x0, y0, x1, y1] in PDF points with the origin at the page's top-left."
                .into(),
        );
    }
    schema
}
