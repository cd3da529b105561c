//! keikaku-structure: the document model from a page layout.
//!
//! Input: a [`keikaku_model::Layout`] (lines, blocks, table grids, boxes, furniture per page,
//! the reader text of every block and cell, and `Layout::joined`, the tables joined across
//! page breaks), all made by layout analysis: this crate depends on the model types, not on
//! `keikaku-layout`, and does not join tables across pages again: where layout kept two
//! parts apart but marked that one follows the other over a page break
//! (`JoinedTable::continued_by_next`), [`cards`] may take the second as the rest of a card
//! with `JoinedTable::stacked`.
//! Output: a [`keikaku_model::Document`] with title, subtitle, municipality, doc_type,
//! plan_period, sections, initiatives, tables, glossary and footnotes (the CLI adds the
//! source, page texts and dates, then [`provenance::attach`] gives every unit its boxes).
//!
//! Entry: [`build`]`(&Layout, &Profiles, Readers) -> Warned<Document>`; [`Readers`] are the
//! segmenter and the date reader, two small traits ([`Segment`], [`ReadDates`]) the caller
//! passes in (the CLI: `Readers::standard()`, lindera and wareki). Layout-family knowledge
//! (labels meaning 主管課, schedule header words, marker styles, heading patterns) is data:
//! [`Profiles::builtin`] reads `profiles/*.toml`; a user adds a TOML file of their own with
//! [`Profiles::from_toml`] and [`Profiles::merged`].
//!
//! Modules, one job each:
//! - [`cover`]: title, subtitle, municipality, doc_type, plan period;
//! - [`sections`]: the heading tree and the section path at a point of the document;
//! - [`cards`]: Suginami-style bordered initiative cards, revision documents, slide items;
//! - [`sheets`]: Kokubunji-style initiative sheets (No. １-ア, fields, KPI, bar-chart schedule);
//! - [`policies`]: 総合計画 施策 pages (a numbered heading over 【】 or boxed labels);
//! - [`indicators`]: KPI tables and `YEAR：VALUE → YEAR：VALUE` texts, for any reader;
//! - [`rows`]: row-form initiatives, one per data row of a table with a 事業名 column (the
//!   table stays in `tables`);
//! - [`tables`]: tables not claimed by an initiative (KPI results and others);
//! - [`notes`]: glossary (用語集, terms marked *) and loose ※ notes;
//! - [`figures`]: charts and figures (their labels are no body text, no headings);
//! - [`blocks`]: each section's content (paragraphs, lists, notes, table and initiative
//!   references);
//! - [`readers`]: the [`Segment`] and [`ReadDates`] traits, their standard implementations,
//!   passed down as an argument.

pub mod blocks;
pub mod cards;
pub mod cover;
pub mod figures;
pub mod indicators;
pub mod keys;
pub mod notes;
pub mod policies;
pub mod profile;
pub mod provenance;
pub mod readers;
pub mod rows;
pub mod sections;
pub mod sheets;
pub mod tables;

pub use profile::{ProfileSet, Profiles};
pub use readers::{ReadDates, Readers, Segment};

use keikaku_model::{Document, Layout, Warned};
use std::collections::HashMap;

/// Why a profile could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StructureError {
    /// The TOML is malformed or has unknown keys or keys of the wrong type.
    #[error("not a valid keikaku profile: {0}")]
    Profile(#[from] toml::de::Error),
    /// The file is TOML but asks for something impossible (a removal from no list).
    #[error("not a valid keikaku profile: {0}")]
    Invalid(String),
}

/// A table of the layout, by page index (0-based, into `Layout::pages`) and table index.
pub type TableRef = (usize, usize);

/// A body line by page and position (top and left edges in tenths of a point).
type LineRef = (u32, i32, i32);

/// Tables (and body lines) that belong to an initiative (or to a card legend) and must not
/// be listed again in `tables` or section blocks, with the index of the initiative each
/// belongs to.
#[derive(Debug, Clone, Default)]
pub struct Claimed {
    owner: HashMap<TableRef, Option<usize>>,
    lines: HashMap<LineRef, usize>,
    /// Added to the indices given to [`Claimed::claim`] (the initiatives found before).
    pub base: usize,
}

impl Claimed {
    pub fn new() -> Claimed {
        Claimed::default()
    }

    /// True when some initiative (or legend) uses the table.
    pub fn contains(&self, t: &TableRef) -> bool {
        self.owner.contains_key(t)
    }

    /// Marks a table as used by initiative `index` (of the reader's own list), or by no
    /// initiative (a legend).
    pub fn claim(&mut self, t: TableRef, index: Option<usize>) {
        self.owner.insert(t, index.map(|i| i + self.base));
    }

    /// The index (into the document's initiatives) of the initiative using the table.
    pub fn owner(&self, t: &TableRef) -> Option<usize> {
        self.owner.get(t).copied().flatten()
    }

    /// Marks a body line of page `page` (1-based) as held by initiative `index` (of the
    /// reader's own list).
    pub fn claim_line(&mut self, page: u32, l: &keikaku_model::Line, index: usize) {
        self.lines.insert(line_ref(page, l), index + self.base);
    }

    /// The index (into the document's initiatives) of the initiative holding a body line.
    pub fn line_owner(&self, page: u32, l: &keikaku_model::Line) -> Option<usize> {
        self.lines.get(&line_ref(page, l)).copied()
    }
}

impl Claimed {
    /// Gives each initiative the boxes of the tables it was read from (its card), page by
    /// page; provenance adds its parts' boxes later.
    fn outline(&self, layout: &Layout, initiatives: &mut [keikaku_model::Initiative]) {
        let mut owned: Vec<(&TableRef, usize)> = self
            .owner
            .iter()
            .filter_map(|(t, i)| i.map(|i| (t, i)))
            .collect();
        owned.sort();
        for ((pi, ti), i) in owned {
            let (Some(pg), Some(ini)) = (layout.pages.get(*pi), initiatives.get_mut(i)) else {
                continue;
            };
            if let Some(t) = pg.tables.get(*ti) {
                keikaku_model::add_span(&mut ini.source, pg.number, t.bbox);
            }
        }
    }
}

fn line_ref(page: u32, l: &keikaku_model::Line) -> LineRef {
    let tenth = |v: f32| (v * 10.0).round() as i32;
    (page, tenth(l.bbox.y0), tenth(l.bbox.x0))
}

/// Builds the document structure from a layout, segmenting and reading dates with
/// `readers` (see [`readers`]).
pub fn build(layout: &Layout, profiles: &Profiles, rd: Readers<'_>) -> Warned<Document> {
    let mut warnings = Vec::new();
    let cover = cover::read(rd, layout, &profiles.cover);
    let figures = figures::find(rd, layout, sections::body_size(layout), &profiles.figures);
    let sections = sections::read(rd, layout, &profiles.sections, &figures);
    let mut claimed = Claimed::new();
    let mut initiatives = cards::read(rd, layout, profiles, &sections, &mut claimed, &mut warnings);
    claimed.base = initiatives.len();
    initiatives.extend(sheets::read(
        rd,
        layout,
        profiles,
        &sections,
        &mut claimed,
        &mut warnings,
    ));
    claimed.base = initiatives.len();
    initiatives.extend(policies::read(
        rd,
        layout,
        profiles,
        &sections,
        &mut claimed,
    ));
    let row_base = initiatives.len();
    let found = rows::read(
        rd,
        layout,
        (&profiles.rows, &profiles.indicators),
        &sections,
        &claimed,
    );
    let (row_inis, links): (Vec<_>, Vec<_>) = found.initiatives.into_iter().unzip();
    initiatives.extend(row_inis);
    for (i, ini) in initiatives.iter_mut().enumerate() {
        ini.id = format!("i{:03}", i + 1);
    }
    keys::assign(&mut initiatives, cover.municipality.as_deref());
    let (tables, table_ids, row_bases) = tables::read(
        rd,
        layout,
        &profiles.tables,
        &claimed,
        &found.edits,
        &mut warnings,
    );
    for (ini, l) in initiatives[row_base..].iter_mut().zip(&links) {
        rows::link(ini, l, &table_ids, &row_bases, &found.edits);
    }
    claimed.outline(layout, &mut initiatives);
    let notes = notes::read(rd, layout, &profiles.notes, &initiatives);
    let mut sections = sections;
    // tab labels (修正後) and card labels (関連する計画) left beside a card
    let labels: Vec<String> = profiles
        .sections
        .not_headings
        .iter()
        .chain(&profiles.cards.plan_labels)
        .cloned()
        .collect();
    let preamble = blocks::attach(
        rd,
        layout,
        &mut sections,
        &blocks::Owners {
            claimed: &claimed,
            tables: &table_ids,
            initiatives: &initiatives,
            figures: &figures,
        },
        &profiles.blocks,
        (
            &labels,
            &profiles.sections.not_containing,
            &profiles.sections.not_starting,
        ),
        cover::fiscal_year(rd, cover.title.as_deref()),
    );
    blocks::refer_glossary(
        &mut sections,
        &profiles.notes.glossary_headings,
        !notes.glossary.is_empty(),
    );
    let doc = Document {
        title: cover.title,
        subtitle: cover.subtitle,
        municipality: cover.municipality,
        doc_type: cover.doc_type,
        plan_period: cover.plan_period,
        preamble,
        sections: sections.list,
        initiatives,
        tables,
        glossary: notes.glossary,
        footnotes: notes.footnotes,
        ..Document::default()
    };
    Warned::new(doc, warnings)
}
