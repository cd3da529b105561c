//! keikaku: Japanese municipal plan PDFs → a structured JSON corpus.
//!
//! The stages, each a crate with one pure entry function:
//! `keikaku_extract::pages` (PDF bytes → glyphs, rulings) → `keikaku_layout::analyze`
//! (lines, tables, reading order) → `keikaku_jtext` (text repair, segmentation) →
//! `keikaku_structure::build` (initiatives, sections, tables) → `keikaku_wareki::scan`
//! (era dates) → [`keikaku_model::Document`].
//!
//! This crate owns the glue and all I/O: [`pipeline::convert`] runs one PDF held in memory,
//! [`batch`] runs many files in parallel with isolation, atomic writes and a manifest, and
//! the `keikaku` binary is the command line.

pub mod batch;
pub mod check;
pub mod corpus;
pub mod csv;
pub mod diff;
pub mod inspect;
pub mod ocr;
pub mod pipeline;

pub use pipeline::{convert, stages, ConvertError, Options, Stages};

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
