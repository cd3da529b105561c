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
pub mod csv;
pub mod inspect;
pub mod pipeline;

pub use pipeline::{convert, stages, ConvertError, Options, Stages};
