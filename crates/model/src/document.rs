//! The output document (`schema = "keikaku/2"`), field by field as in CONTRACT.md.

use crate::{BBox, Warning};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Schema tag written in every document.
pub const SCHEMA: &str = "keikaku/2";

/// Where a unit was printed: a page and the box on it holding the unit's glyphs, in PDF
/// points with the origin at the page's top-left corner (`[x0, y0, x1, y1]`, y grows
/// downwards), so the box crops the page image. A unit printed across pages has one span per
/// page, in order.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Span {
    /// 1-based page number.
    pub page: u32,
    pub bbox: BBox,
    /// Set when the page was read by OCR: Tesseract's mean word confidence on it (0..100),
    /// so a reader knows the text may hold misread characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr: Option<f32>,
}

impl Span {
    /// A span of a page not read by OCR.
    pub fn new(page: u32, bbox: BBox) -> Span {
        Span {
            page,
            bbox,
            ocr: None,
        }
    }
}

/// Adds `bbox` on `page` to `spans`, keeping one span per page (the boxes on a page united)
/// in page order.
pub fn add_span(spans: &mut Vec<Span>, page: u32, bbox: BBox) {
    unite(spans, Span::new(page, bbox));
}

/// Every span of `more` added to `spans` (see [`add_span`]; a new page's span is kept as
/// it is, OCR mark included).
pub fn add_spans(spans: &mut Vec<Span>, more: &[Span]) {
    for s in more {
        unite(spans, *s);
    }
}

fn unite(spans: &mut Vec<Span>, more: Span) {
    match spans.iter_mut().find(|s| s.page == more.page) {
        Some(s) => s.bbox = s.bbox.union(&more.bbox),
        None => {
            let at = spans.partition_point(|s| s.page < more.page);
            spans.insert(at, more);
        }
    }
}

/// A converted document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Document {
    /// Always [`SCHEMA`].
    pub schema: String,
    pub source: Source,
    pub title: Option<String>,
    /// Where the title was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_source: Vec<Span>,
    pub subtitle: Option<String>,
    /// Where the subtitle was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subtitle_source: Vec<Span>,
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
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Source {
    /// File name as given on the command line (relative to the input root).
    pub file: String,
    pub sha256: String,
    pub bytes: u64,
    pub pages: u32,
    pub producer: Option<String>,
    /// Pages whose text was read by OCR (a scan, or fonts that cannot be decoded).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub ocr_pages: u32,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The plan's period, e.g. 令和6（2024）年度～令和8（2026）年度.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PlanPeriod {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub from_fiscal_year: Option<i32>,
    pub to_fiscal_year: Option<i32>,
    /// Where it was printed (see [`Span`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
}

/// A page's text.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PageText {
    pub number: u32,
    pub width: f32,
    pub height: f32,
    /// Body text in reading order.
    pub text: String,
    /// Running headers, footers, page numbers.
    pub furniture: Vec<String>,
    /// Where each furniture line was printed, in the order of `furniture`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub furniture_sources: Vec<Span>,
    /// Space-separated surface forms (分かち書き), with `--tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<String>,
    /// Set when the page's text was read by OCR: Tesseract's mean word confidence (0..100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ocr_confidence: Option<f32>,
}

/// A heading in the section tree.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Section {
    pub id: String,
    pub level: u32,
    pub heading: String,
    /// Id of the parent section.
    pub parent: Option<String>,
    pub page: u32,
    /// Where the heading was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
    /// The section's own content in reading order, up to the next heading.
    #[serde(default)]
    pub blocks: Vec<SectionBlock>,
}

/// One piece of a section's content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SectionBlock {
    /// Running text, lines joined as a reader would.
    Paragraph {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
    /// Consecutive bulleted items (・ ● ○ …), bullets removed.
    List {
        items: Vec<String>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
        /// Where each item was printed, in the order of `items`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        item_sources: Vec<Vec<Span>>,
    },
    /// Consecutive bulleted items that open with a date label (`・８月 活用事例…`).
    ScheduleList {
        items: Vec<ScheduleItem>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
    /// A ※ note: its marker (`※１`) and text.
    Note {
        marker: String,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
    /// A table of `tables[]`, by id.
    TableRef {
        table_ref: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
    /// An initiative of `initiatives[]`, by id.
    InitiativeRef {
        initiative_ref: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
    /// The document's `glossary[]` (the section is the glossary).
    GlossaryRef,
    /// A chart or figure: its caption (`図表6`, a グラフ title) when printed, and the text
    /// drawn inside it (axis numbers, data labels, legend) in reading order, kept apart from
    /// the body text.
    Figure {
        caption: Option<String>,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
}

/// An item of a dated list: when (`８月`, `10月～`, `８月～９月`, as printed) and what,
/// with the days `when` covers (ISO, inclusive) when its year is known: written, or the
/// document's fiscal year (a 令和５年度 report's `８月` is 2023-08, its `２月` 2024-02).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ScheduleItem {
    pub when: String,
    pub text: String,
    #[serde(default)]
    pub start: Option<String>,
    #[serde(default)]
    pub end: Option<String>,
    /// Where it was printed (see [`Span`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
}

/// One schedule entry: a year-table cell or a bar of a bar chart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum ScheduleEntry {
    /// A cell of a 年度 table.
    Year {
        fiscal_year: i32,
        label: String,
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
    /// A bar spanning fiscal years.
    Span {
        from_fiscal_year: i32,
        to_fiscal_year: Option<i32>,
        label: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        source: Vec<Span>,
    },
}

/// A key performance indicator of an initiative: its name, kind, unit, and the baseline
/// and target values as printed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Indicator {
    pub name: String,
    /// `activity` (活動指標), `outcome` (成果指標), or null when the document does not say.
    pub kind: Option<String>,
    /// The unit as printed (`件`, `％`, `千人`), when one is written apart from the values.
    pub unit: Option<String>,
    pub baseline: Option<IndicatorValue>,
    pub target: Option<IndicatorValue>,
    /// Where it was printed (see [`Span`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
}

impl Indicator {
    /// An indicator known only by name and kind.
    pub fn named(name: impl Into<String>, kind: Option<&str>) -> Indicator {
        Indicator {
            name: name.into(),
            kind: kind.map(str::to_string),
            ..Indicator::default()
        }
    }
}

/// The names of the indicators of one kind (`activity`, `outcome`), in order.
pub fn indicator_names(list: &[Indicator], kind: &str) -> Vec<String> {
    list.iter()
        .filter(|k| k.kind.as_deref() == Some(kind))
        .map(|k| k.name.clone())
        .collect()
}

/// A value of an indicator at a year.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndicatorValue {
    /// The year the value belongs to (Western), when printed.
    pub year: Option<i32>,
    /// `calendar` (2019年) or `fiscal` (令和元年度, 2019年度).
    pub year_kind: Option<String>,
    /// The value as printed (`6,296千人`, `75%`).
    pub value: String,
}

/// How an initiative was laid out in the document.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum InitiativeForm {
    /// A bordered box with label cells (取組名, 主管課, 年度 table …).
    #[default]
    Card,
    /// A page or half page of labelled fields (No. １-ア, 取組内容, 現状, 課題, KPI …).
    Sheet,
    /// A data row of a table whose header names an initiative column (事業名 …).
    Row,
    /// A numbered heading followed by bracketed labels (総合計画 施策 pages).
    Section,
    /// An item of a summary slide (内容 / 目標).
    Slide,
}

/// A ※ note or glossary-style note.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Footnote {
    /// The marker as printed (※1, ※, *).
    pub marker: String,
    pub term: Option<String>,
    pub text: String,
    /// Page, for notes not attached to an initiative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// Where it was printed (see [`Span`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
}

/// One initiative (取組): a card, a sheet, a table row, a 施策 section or a slide item.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Initiative {
    pub id: String,
    /// Stable across runs and layouts: from the municipality, number and normalised title.
    #[serde(default)]
    pub key: String,
    /// The layout the initiative was read from.
    #[serde(default)]
    pub form: InitiativeForm,
    pub number: Option<String>,
    /// Where the number was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub number_source: Vec<Span>,
    pub title: String,
    /// Where the title was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub title_source: Vec<Span>,
    pub section_path: Vec<String>,
    /// `new`, `revised`, `current` in revision documents.
    pub status: Option<String>,
    pub lead_departments: Vec<String>,
    /// Where each lead department was printed, in the order of `lead_departments`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lead_department_sources: Vec<Vec<Span>>,
    pub related_departments: Vec<String>,
    /// Where each related department was printed, in the order of `related_departments`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_department_sources: Vec<Vec<Span>>,
    pub summary: Option<String>,
    /// Where the summary was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub summary_source: Vec<Span>,
    pub fields: BTreeMap<String, String>,
    /// Where each field's value was printed, by field name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub field_sources: BTreeMap<String, Vec<Span>>,
    /// Bullet items under 主な取組 and the like, as printed (bullets dropped).
    #[serde(default)]
    pub actions: Vec<String>,
    /// Where each action was printed, in the order of `actions`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub action_sources: Vec<Vec<Span>>,
    #[serde(default)]
    pub kpi: Vec<Indicator>,
    pub schedule: Vec<ScheduleEntry>,
    pub related_plans: Vec<String>,
    /// Where each related plan was printed, in the order of `related_plans`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related_plan_sources: Vec<Vec<Span>>,
    pub footnotes: Vec<Footnote>,
    pub revision_reason: Option<String>,
    /// Where the revision reason was printed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revision_reason_source: Vec<Span>,
    /// For form `row`: the id of its table in `tables[]` and the row index in that table.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub table_ref: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    pub pages: Vec<u32>,
    /// Where the initiative was printed: the union of its parts' boxes on each page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
    /// Space-separated surface forms of title, summary and fields, with `--tokens`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tokens: Option<String>,
}

/// A table that is not part of an initiative.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
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
    /// The table's box on each page it spans.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
    /// Each cell's box, in the shape of `rows` (a merged cell repeats its box; null where
    /// the grid has no cell).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cell_sources: Vec<Vec<Option<Span>>>,
}

/// A merged cell.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Merge {
    pub row: usize,
    pub col: usize,
    pub rowspan: usize,
    pub colspan: usize,
}

/// A glossary entry (用語集).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct GlossaryEntry {
    pub term: String,
    pub definition: String,
    /// Where it was printed (see [`Span`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
}

/// A date expression found in the text, as `keikaku wareki` prints it, plus its page.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DateMention {
    pub text: String,
    pub start: Option<String>,
    pub end: Option<String>,
    pub fiscal_year: Option<i32>,
    pub page: u32,
    pub warnings: Vec<String>,
    /// Where the date is in `pages[page - 1].text`: `[start, end)` in characters (Unicode
    /// scalar values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offsets: Option<[usize; 2]>,
    /// Where it was printed (see [`Span`]).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
}

/// A department and how often it is named.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DepartmentCount {
    pub name: String,
    pub count: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_keep_one_box_per_page_in_page_order() {
        let mut s = Vec::new();
        add_span(&mut s, 4, BBox::new(10.0, 10.0, 20.0, 20.0));
        add_span(&mut s, 3, BBox::new(0.0, 0.0, 5.0, 5.0));
        add_spans(
            &mut s,
            &[Span {
                ocr: Some(80.0),
                ..Span::new(4, BBox::new(30.0, 5.0, 40.0, 15.0))
            }],
        );
        assert_eq!(
            s,
            [
                Span::new(3, BBox::new(0.0, 0.0, 5.0, 5.0)),
                Span::new(4, BBox::new(10.0, 5.0, 40.0, 20.0)),
            ]
        );
    }
}
