//! 総合計画-style 施策 pages (initiatives of form `section`): a numbered heading
//! (`１－１ 観光の振興`, `施策１ …`, `(1) …`) followed by labels in brackets (【目標とする姿】,
//! 【現状と課題】, 【主な取組】, 【目標指標】, 【主な関連計画】) or in boxes, each over its part.
//!
//! - each labelled part → `fields[label]` (label as printed, brackets dropped);
//! - the summary label's part (目標とする姿) → `summary`, else the text between heading and
//!   first label, else the first descriptive part;
//! - bullets under action labels (主な取組, 主な事業) → `actions`, two columns read column
//!   by column, wrapped lines joined;
//! - KPI tables and `name` / `YEAR：VALUE → YEAR：VALUE` texts → `kpi` ([`crate::indicators`]);
//! - related-plan and department labels → `related_plans`, `lead_departments`; ※ lines →
//!   `footnotes`.
//!
//! A heading needs a label before any other numbered heading and at least `min_labels`
//! known labels before the next heading of its rank, so prose with numbered headings yields
//! nothing. Chart text (lines among filled bars, bare numbers) is left out. All words are
//! data (`[policies]` in `profiles/common.toml`).

mod heads;
mod items;
mod parts;
mod read;

use crate::sections::Sections;
use crate::Readers;
use crate::{Claimed, Profiles};
use keikaku_model::{Initiative, Layout};
use serde::Deserialize;

/// Labels, number templates and marks of 施策 pages.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PolicyProfile {
    /// Number templates of a 施策 heading (see [`crate::sections::pattern`]).
    pub numbers: Vec<String>,
    /// Bracket pairs around a label (`【】`, `［］`, `＜＞`).
    pub brackets: Vec<String>,
    /// Marks that may open a known label instead of brackets (`◎施策の目標`).
    pub label_marks: Vec<String>,
    /// Labels whose part is the summary (目標とする姿).
    pub summary_labels: Vec<String>,
    /// Descriptive labels (現状と課題).
    pub field_labels: Vec<String>,
    /// Labels whose bullets are actions (主な取組, 主な事業).
    pub action_labels: Vec<String>,
    /// Labels of indicators (目標指標, 成果指標).
    pub kpi_labels: Vec<String>,
    /// Labels of related plans (主な関連計画).
    pub plan_labels: Vec<String>,
    /// Labels of the departments in charge (担当課, 所管課).
    pub department_labels: Vec<String>,
    /// Marks opening a list item (`・`, `•`, `○`).
    pub bullets: Vec<String>,
    /// Marks opening a note (`※`).
    pub note_markers: Vec<String>,
    /// Separators between items written on one line (`、` between departments).
    pub item_separators: Vec<String>,
    /// Separators after a label written before its text (`担当課：観光課`).
    pub separators: Vec<String>,
    /// Known labels a heading needs (0: default 2).
    pub min_labels: usize,
}

/// What a label's part holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Summary,
    Field,
    Actions,
    Kpi,
    Plans,
    Departments,
    /// A bracketed label the profile does not know: a field, not counted.
    Other,
}

impl PolicyProfile {
    /// The kind of a known label: equal to a profile word, or ending in one (目標達成の
    /// ための方向性と主な取組 ends in 主な取組).
    pub fn kind(&self, label: &str) -> Option<Kind> {
        let l = crate::cards::util::compact(label);
        let lists = [
            (&self.summary_labels, Kind::Summary),
            (&self.action_labels, Kind::Actions),
            (&self.kpi_labels, Kind::Kpi),
            (&self.plan_labels, Kind::Plans),
            (&self.department_labels, Kind::Departments),
            (&self.field_labels, Kind::Field),
        ];
        let words = |list: &Vec<String>| {
            list.iter()
                .map(|w| crate::cards::util::compact(w))
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
        };
        let exact = lists.iter().find(|(list, _)| words(list).contains(&l));
        let ending = || {
            lists
                .iter()
                .find(|(list, _)| words(list).iter().any(|w| l.ends_with(w.as_str())))
        };
        exact.or_else(ending).map(|(_, k)| *k)
    }

    fn needed(&self) -> usize {
        if self.min_labels == 0 {
            2
        } else {
            self.min_labels
        }
    }
}

/// Finds the 施策 of `layout`; marks the tables and lines they hold in `claimed`.
pub fn read(
    rd: Readers<'_>,
    layout: &Layout,
    profiles: &Profiles,
    sections: &Sections,
    claimed: &mut Claimed,
) -> Vec<Initiative> {
    let pieces = parts::pieces(layout, claimed);
    let body = crate::sections::body_size(layout);
    let p = &profiles.policies;
    let heads = heads::headings(&pieces, p, body);
    let mut out = Vec::new();
    for e in read::extents(&pieces, &heads, p, body) {
        let subs: Vec<usize> = e.subs.iter().map(|s| s - e.start).collect();
        let ini = read::initiative(
            rd,
            &pieces[e.start..e.end],
            &e.head,
            &subs,
            profiles,
            sections,
        );
        let index = out.len();
        // lines and KPI tables are the 施策's; other tables stay in `tables`
        let held = pieces[e.start..e.end].iter().filter(|x| match &x.what {
            parts::What::Table(_, g) => {
                crate::indicators::from_grid(rd, g, &profiles.indicators, None).is_some()
            }
            parts::What::Line(_) => true,
        });
        for piece in held {
            piece.claim(claimed, index);
        }
        out.push(ini);
    }
    out
}
