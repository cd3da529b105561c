//! The diff report: documents, entries (one per aligned or unaligned initiative), changes.

use crate::textdiff::Segment;
use keikaku_model::{Document, Initiative};
use serde::{Deserialize, Serialize};

/// Schema tag of the diff JSON.
pub const DIFF_SCHEMA: &str = "keikaku-diff/1";

/// The comparison of two documents (or of a revision document's 現行 and 修正後 versions).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DiffReport {
    /// Always [`DIFF_SCHEMA`].
    pub schema: String,
    /// `documents` (OLD vs NEW) or `revision` (one document's 現行 vs 修正後).
    pub mode: Mode,
    pub old: DocRef,
    pub new: DocRef,
    /// Lowest pairing score accepted.
    pub threshold: f64,
    pub counts: Counts,
    /// Caveats a reader needs (a partial revision document, …).
    pub notes: Vec<String>,
    pub entries: Vec<Entry>,
}

/// What was compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Documents,
    Revision,
}

/// One compared document.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct DocRef {
    pub file: String,
    pub title: Option<String>,
    pub municipality: Option<String>,
    pub doc_type: Option<String>,
    /// Initiatives taken part in the comparison.
    pub initiatives: usize,
}

impl DocRef {
    /// The reference of `doc` comparing `initiatives` of its initiatives.
    pub fn of(doc: &Document, initiatives: usize) -> DocRef {
        DocRef {
            file: doc.source.file.clone(),
            title: doc.title.clone(),
            municipality: doc.municipality.clone(),
            doc_type: doc.doc_type.clone(),
            initiatives,
        }
    }
}

/// How many entries of each kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
    pub unchanged: usize,
    /// Paired initiatives whose order relative to the others changed.
    pub moved: usize,
    /// Old initiatives split into two or more new ones.
    pub splits: usize,
    /// New initiatives merged from two or more old ones.
    pub merges: usize,
}

/// An entry's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Added,
    Removed,
    Changed,
    Unchanged,
}

/// One initiative of OLD, of NEW, or a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub status: Status,
    pub old: Option<InitRef>,
    pub new: Option<InitRef>,
    /// Why the two were paired (for pairs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pairing: Option<Pairing>,
    /// The pair's relative order changed.
    #[serde(default, skip_serializing_if = "is_false")]
    pub moved: bool,
    pub changes: Vec<Change>,
    /// Ids of NEW initiatives this old one was split into (its pair first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub split_into: Vec<String>,
    /// Id of the OLD initiative this added one was split from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<String>,
    /// Ids of OLD initiatives merged into this new one (its pair first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub merged_from: Vec<String>,
    /// Id of the NEW initiative this removed one was merged into.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merged_into: Option<String>,
    /// The new version's 修正の理由, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision_reason: Option<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Enough of an initiative to find it again.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct InitRef {
    pub id: String,
    pub key: String,
    pub number: Option<String>,
    pub title: String,
    pub status: Option<String>,
    /// Position among the compared initiatives of its document (0-based).
    pub index: usize,
    pub pages: Vec<u32>,
}

impl InitRef {
    /// The reference of `it`, the `index`-th compared initiative.
    pub fn of(it: &Initiative, index: usize) -> InitRef {
        InitRef {
            id: it.id.clone(),
            key: it.key.clone(),
            number: it.number.clone(),
            title: it.title.clone(),
            status: it.status.clone(),
            index,
            pages: it.pages.clone(),
        }
    }
}

/// Why two initiatives were paired.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pairing {
    /// 0..1, 1 for the same key.
    pub score: f64,
    /// `same key`, `same number, title 0.82, summary 0.64` …
    pub reason: String,
}

/// What kind of value a change is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Running text, with a token diff.
    Text,
    /// A list of names: what left and what joined.
    Set,
    /// A short value (number, KPI value) replaced as a whole.
    Value,
    /// A money amount, with its difference in yen.
    Amount,
}

/// One changed field of a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// `title`, `summary`, `schedule.2025`, `lead_departments`, `kpi[利用率].target`,
    /// `fields.現状`, …
    pub field: String,
    pub kind: ChangeKind,
    pub old: Option<String>,
    pub new: Option<String>,
    /// Token diff (kind `text`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<Segment>,
    /// Names that left (kind `set`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// Names that joined (kind `set`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// New minus old, in yen (kind `amount`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta_yen: Option<i64>,
}

impl Change {
    /// A change of kind `kind` with only old and new values.
    pub fn value(field: impl Into<String>, old: Option<String>, new: Option<String>) -> Change {
        Change {
            field: field.into(),
            kind: ChangeKind::Value,
            old,
            new,
            diff: Vec::new(),
            removed: Vec::new(),
            added: Vec::new(),
            delta_yen: None,
        }
    }
}

impl DiffReport {
    /// Entries with `status`.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.status == status)
    }
}
