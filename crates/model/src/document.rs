//! The output document (`schema = "keikaku/1"`), field by field as in CONTRACT.md.

use crate::{BBox, Warning};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema tag written in every document.
pub const SCHEMA: &str = "keikaku/1";

/// A converted document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Document {
    /// Always [`SCHEMA`].
    pub schema: String,
    pub source: Source,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub municipality: Option<String>,
    /// `plan`, `plan_revision`, `progress_report`, `summary_slides`, `budget`, … or null.
    pub doc_type: Option<String>,
    pub plan_period: Option<PlanPeriod>,
    pub pages: Vec<PageText>,
    /// Content before the first heading (the whole body of a document without headings).
    #[serde(default)]
    pub preamble: Vec<SectionBlock>,
    pub sections: Vec<Section>,
    pub initiatives: Vec<Initiative>,
    pub tables: Vec<Table>,
    pub glossary: Vec<GlossaryEntry>,
    pub footnotes: Vec<Footnote>,
    pub dates: Vec<DateMention>,
    /// Departments recognised in the document, with counts.
    #[serde(default)]
    pub departments: Vec<DepartmentCount>,
    pub warnings: Vec<Warning>,
}

/// Where the document came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Source {
    /// File name as given on the command line (relative to the input root).
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: u32,
    pub producer: Option<String>,
}

/// The plan's period, e.g. 令和6（2024）年度～令和8（2026）年度.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PlanPeriod {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub from_fiscal_year: Option<i32>,
    pub to_fiscal_year: Option<i32>,
}

/// A page's text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct PageText {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    /// Body text in reading order.
    pub text: String,
    /// Running headers, footers, page numbers.
    pub furniture: Vec<String>,
    /// Space-separated surface forms (分かち書き), with `--tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<String>,
}

/// A heading in the section tree.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Section {
    pub id: String,
    pub level: u32,
    pub heading: String,
    /// Id of the parent section.
    pub parent: Option<String>,
    pub page: u32,
    /// The section's own content in reading order, up to the next heading.
    #[serde(default)]
    pub blocks: Vec<SectionBlock>,
}

/// One piece of a section's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SectionBlock {
    /// Running text, lines joined as a reader would.
    Paragraph { text: String },
    /// Consecutive bulleted items (・ ● ○ …), bullets removed.
    List { items: Vec<String> },
    /// Consecutive bulleted items that open with a date label (`・８月 活用事例…`).
    ScheduleList { items: Vec<ScheduleItem> },
    /// A ※ note: its marker (`※１`) and text.
    Note { marker: String, text: String },
    /// A table of `tables[]`, by id.
    TableRef { table_ref: String },
    /// An initiative of `initiatives[]`, by id.
    InitiativeRef { initiative_ref: String },
    /// The document's `glossary[]` (the section is the glossary).
    GlossaryRef,
}

/// An item of a dated list: when (`８月`, `10月～`, `８月～９月`, as printed) and what,
/// with the days `when` covers (ISO, inclusive) when its year is known: written, or the
/// document's fiscal year (a 令和５年度 report's `８月` is 2023-08, its `２月` 2024-02).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ScheduleItem {
    pub when: String,
    pub text: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
}

/// One schedule entry: a year-table cell or a bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ScheduleEntry {
    /// A cell of a 年度 table.
    Year {
        fiscal_year: i32,
        label: String,
        text: String,
    },
    /// A bar spanning fiscal years.
    Span {
        from_fiscal_year: i32,
        to_fiscal_year: Option<i32>,
        label: String,
    },
}

/// KPI labels of an initiative.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Kpi {
    pub activity: Vec<String>,
    pub outcome: Vec<String>,
}

/// A ※ note or glossary-style note.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Footnote {
    /// The marker as printed (※1, ※, *).
    pub marker: String,
    pub term: Option<String>,
    pub text: String,
    /// Page, for notes not attached to an initiative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// One initiative (取組): a card, a sheet or a slide item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Initiative {
    pub id: String,
    pub number: Option<String>,
    pub title: String,
    pub section_path: Vec<String>,
    /// `new`, `revised`, `current` in revision documents.
    pub status: Option<String>,
    pub lead_departments: Vec<String>,
    pub related_departments: Vec<String>,
    pub summary: Option<String>,
    pub fields: BTreeMap<String, String>,
    pub kpi: Kpi,
    pub schedule: Vec<ScheduleEntry>,
    pub related_plans: Vec<String>,
    pub footnotes: Vec<Footnote>,
    pub revision_reason: Option<String>,
    pub pages: Vec<u32>,
    /// Space-separated surface forms of title, summary and fields, with `--tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<String>,
}

/// A table that is not part of an initiative.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    pub id: String,
    pub page: u32,
    pub bbox: BBox,
    pub caption: Option<String>,
    /// Cell texts; a merged cell repeats its text in every row/column it covers.
    pub rows: Vec<Vec<String>>,
    pub merges: Vec<Merge>,
    /// Pages the table spans when it continues across pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<u32>,
}

/// A merged cell.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Merge {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A glossary entry (用語集).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
}

/// A date expression found in the text, as `keikaku wareki` prints it, plus its page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DateMention {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub fiscal_year: Option<i32>,
    pub page: u32,
    pub warnings: Vec<String>,
}

/// A department and how often it is named.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DepartmentCount {
    pub name: String,
    pub count: u32,
}
