//! Lineages of initiatives across one municipality's documents (plan → revision →
//! progress report → next plan, or one project list per year), and the progress-report
//! items linked to the lineages they report on.

use crate::align::{align, score, Features};
use crate::{effective, revision_pairs};
use keikaku_model::{Document, Initiative, Section, SectionBlock};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Schema tag of the track JSON.
pub const TRACK_SCHEMA: &str = "keikaku-track/1";

/// Every municipality's lineages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Tracking {
    /// Always [`TRACK_SCHEMA`].
    pub schema: String,
    pub threshold: f64,
    pub groups: Vec<Group>,
}

/// One municipality (or the documents that name none).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub municipality: Option<String>,
    /// In the order they were read: by fiscal year, then plan, revision, report.
    pub documents: Vec<TrackDoc>,
    pub lineages: Vec<Lineage>,
    /// Progress-report items no lineage matched.
    pub unlinked_reports: Vec<ReportItem>,
}

/// A document of a group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrackDoc {
    pub file: String,
    pub title: Option<String>,
    pub doc_type: Option<String>,
    /// The first fiscal year it covers (plan period, else the title's 年度).
    pub fiscal_year: Option<i32>,
}

/// One initiative followed through documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lineage {
    /// The first member's key (its duplicate suffix dropped), unique in the group.
    pub key: String,
    /// The latest member's title.
    pub title: String,
    pub members: Vec<Member>,
    /// Progress-report items about it.
    pub reports: Vec<ReportLink>,
    /// The lineage it was split from (one old initiative became two).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub split_from: Option<String>,
}

/// An initiative of a lineage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Member {
    pub file: String,
    pub id: String,
    pub key: String,
    pub title: String,
    pub status: Option<String>,
    /// Why it joined (absent for the first member).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
}

/// A progress-report item: an initiative, or a numbered section with its content.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportItem {
    pub file: String,
    /// Initiative or section id.
    pub id: String,
    pub title: String,
}

/// A report item linked to a lineage.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReportLink {
    pub item: ReportItem,
    pub reason: String,
    pub score: f64,
}

/// Groups `docs` by municipality and follows their initiatives into lineages.
pub fn track(docs: &[Document], threshold: f64) -> Tracking {
    let mut groups: BTreeMap<Option<String>, Vec<&Document>> = BTreeMap::new();
    for d in docs {
        groups.entry(d.municipality.clone()).or_default().push(d);
    }
    let groups = groups
        .into_iter()
        .map(|(m, mut ds)| {
            ds.sort_by_key(|d| {
                (
                    fiscal_year(d).unwrap_or(i32::MAX),
                    type_rank(d),
                    d.source.file.clone(),
                )
            });
            group(m, &ds, threshold)
        })
        .collect();
    Tracking {
        schema: TRACK_SCHEMA.into(),
        threshold,
        groups,
    }
}

/// The first fiscal year a document covers: its plan period, else a 年度 in its title.
pub fn fiscal_year(d: &Document) -> Option<i32> {
    if let Some(y) = d.plan_period.as_ref().and_then(|p| p.from_fiscal_year) {
        return Some(y);
    }
    let title = d.title.as_deref().unwrap_or("");
    keikaku_wareki::scan(title)
        .iter()
        .find_map(|e| e.fiscal_year.or(e.from_fiscal_year))
}

fn type_rank(d: &Document) -> u8 {
    match d.doc_type.as_deref() {
        Some("plan") | Some("budget") => 0,
        Some("plan_revision") => 1,
        Some("progress_report") => 2,
        _ => 3,
    }
}

fn is_report(d: &Document) -> bool {
    d.doc_type.as_deref() == Some("progress_report")
}

/// Builds one group's lineages, document by document.
fn group(municipality: Option<String>, docs: &[&Document], threshold: f64) -> Group {
    let mut g = Group {
        municipality,
        documents: docs.iter().map(|d| track_doc(d)).collect(),
        lineages: Vec::new(),
        unlinked_reports: Vec::new(),
    };
    let mut latest: Vec<Initiative> = Vec::new();
    let mut all: Vec<Vec<Initiative>> = Vec::new();
    for d in docs
        .iter()
        .filter(|d| !(is_report(d) && d.initiatives.is_empty()))
    {
        extend(&mut g, &mut latest, &mut all, d, threshold);
    }
    for d in docs
        .iter()
        .filter(|d| is_report(d) && d.initiatives.is_empty())
    {
        link_reports(&mut g, &all, d, threshold * REPORT_FACTOR);
    }
    g
}

/// Report items are prose about an initiative rather than a version of it, so their
/// text shares less with it: the pairing threshold is scaled by this.
const REPORT_FACTOR: f64 = 0.6;

fn track_doc(d: &Document) -> TrackDoc {
    TrackDoc {
        file: d.source.file.clone(),
        title: d.title.clone(),
        doc_type: d.doc_type.clone(),
        fiscal_year: fiscal_year(d),
    }
}

/// Adds a document's initiatives: each paired one joins its lineage, a split part opens
/// a lineage marked as split from the paired one, the rest open lineages; a 現行 version
/// joins the lineage of its 修正後 version just before it.
fn extend(
    g: &mut Group,
    latest: &mut Vec<Initiative>,
    all: &mut Vec<Vec<Initiative>>,
    d: &Document,
    threshold: f64,
) {
    let eff = effective(d);
    let fo: Vec<Features> = latest.iter().map(Features::of).collect();
    let fnew: Vec<Features> = eff.iter().map(|i| Features::of(i)).collect();
    let a = align(&fo, &fnew, threshold);
    let currents = revision_pairs(d, threshold);
    let paired_old: HashSet<usize> = a.pairs.iter().map(|p| p.old).collect();
    for (j, it) in eff.iter().enumerate() {
        let lineage = match a.pairs.iter().find(|p| p.new == j) {
            Some(p) => {
                let reason = p.score.reason();
                join(g, p.old, it, d, Some((reason, p.score.total)));
                latest[p.old] = (*it).clone();
                all[p.old].push((*it).clone());
                p.old
            }
            None => {
                let split = paired_old
                    .iter()
                    .map(|&i| (i, a.at(i, j)))
                    .filter(|c| c.1 >= threshold)
                    .max_by(|x, y| x.1.total_cmp(&y.1))
                    .map(|c| g.lineages[c.0].key.clone());
                open(g, it, d, split);
                latest.push((*it).clone());
                all.push(vec![(*it).clone()]);
                g.lineages.len() - 1
            }
        };
        add_current(g, lineage, it, d, &currents);
    }
}

/// Puts the 現行 version replaced by `it` (if any) before `it` in lineage `k`.
fn add_current(
    g: &mut Group,
    k: usize,
    it: &Initiative,
    d: &Document,
    currents: &[(usize, usize, f64, String)],
) {
    let Some(rev) = d.initiatives.iter().position(|x| x.id == it.id) else {
        return;
    };
    if let Some(p) = currents.iter().find(|p| p.0 == rev) {
        let cur = &d.initiatives[p.1];
        let mut m = member(cur, d, Some((format!("現行 of {}: {}", it.id, p.3), p.2)));
        m.reason = m.reason.map(|r| r.replace(" (修正後/現行)", ""));
        let members = &mut g.lineages[k].members;
        let at = members.len().saturating_sub(1);
        members.insert(at, m);
    }
}

fn member(it: &Initiative, d: &Document, why: Option<(String, f64)>) -> Member {
    Member {
        file: d.source.file.clone(),
        id: it.id.clone(),
        key: it.key.clone(),
        title: it.title.clone(),
        status: it.status.clone(),
        score: why.as_ref().map(|w| (w.1 * 1000.0).round() / 1000.0),
        reason: why.map(|w| w.0),
    }
}

fn join(g: &mut Group, k: usize, it: &Initiative, d: &Document, why: Option<(String, f64)>) {
    let l = &mut g.lineages[k];
    l.members.push(member(it, d, why));
    l.title = it.title.clone();
}

/// Opens a lineage keyed by the initiative's key (made unique in the group).
fn open(g: &mut Group, it: &Initiative, d: &Document, split_from: Option<String>) {
    let stem = crate::key_stem(&it.key);
    let base = if stem.is_empty() {
        format!("{}#{}", d.source.file, it.id)
    } else {
        stem.to_string()
    };
    let mut key = base.clone();
    let mut n = 2;
    while g.lineages.iter().any(|l| l.key == key) {
        key = format!("{base}~{n}");
        n += 1;
    }
    g.lineages.push(Lineage {
        key,
        title: it.title.clone(),
        members: vec![member(it, d, None)],
        reports: Vec::new(),
        split_from,
    });
}

/// Links each item of a progress report to the lineage with the most similar member
/// (several items may report on one lineage).
fn link_reports(g: &mut Group, all: &[Vec<Initiative>], d: &Document, threshold: f64) {
    let lineages: Vec<Vec<Features>> = all
        .iter()
        .map(|ms| ms.iter().map(Features::of).collect())
        .collect();
    for (item, pseudo) in report_items(d) {
        let f = Features::of(&pseudo);
        let best = lineages
            .iter()
            .enumerate()
            .flat_map(|(k, ms)| ms.iter().map(move |m| (k, m)))
            .map(|(k, m)| (k, score(m, &f)))
            .filter(|(_, s)| s.total >= threshold)
            .max_by(|a, b| a.1.total.total_cmp(&b.1.total));
        match best {
            Some((k, s)) => g.lineages[k].reports.push(ReportLink {
                item,
                reason: s.reason(),
                score: (s.total * 1000.0).round() / 1000.0,
            }),
            None => g.unlinked_reports.push(item),
        }
    }
}

/// A report's items: its initiatives, else its numbered sections at the shallowest level
/// with two or more of them, each as a pseudo-initiative (heading without its number as
/// title, the text of its subtree as summary).
pub fn report_items(d: &Document) -> Vec<(ReportItem, Initiative)> {
    let file = d.source.file.clone();
    if !d.initiatives.is_empty() {
        return d
            .initiatives
            .iter()
            .map(|i| {
                (
                    ReportItem {
                        file: file.clone(),
                        id: i.id.clone(),
                        title: i.title.clone(),
                    },
                    i.clone(),
                )
            })
            .collect();
    }
    let numbered: Vec<&Section> = d
        .sections
        .iter()
        .filter(|s| strip_number(&s.heading).is_some())
        .collect();
    let level = (1..=9).find(|l| numbered.iter().filter(|s| s.level == *l).count() >= 2);
    let Some(level) = level else {
        return Vec::new();
    };
    numbered
        .into_iter()
        .filter(|s| s.level == level)
        .map(|s| {
            let title = strip_number(&s.heading).unwrap_or_default().to_string();
            let pseudo = Initiative {
                id: s.id.clone(),
                title: title.clone(),
                summary: Some(subtree_text(d, s)),
                ..Initiative::default()
            };
            (
                ReportItem {
                    file: file.clone(),
                    id: s.id.clone(),
                    title,
                },
                pseudo,
            )
        })
        .collect()
}

/// The heading after a leading number (`１ `, `(2)`, `３．`, `①`), if it has one.
fn strip_number(heading: &str) -> Option<&str> {
    let t = heading.trim_start();
    let rest = t.trim_start_matches(|c: char| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || ('①'..='⑳').contains(&c)
            || "()（）.．、 \u{3000}".contains(c)
    });
    let had_digit =
        t.len() != rest.len() && t[..t.len() - rest.len()].chars().any(|c| c.is_numeric());
    (had_digit && !rest.trim().is_empty()).then(|| rest.trim())
}

/// The block text of a section and every section below it.
fn subtree_text(d: &Document, root: &Section) -> String {
    let mut ids = vec![root.id.as_str()];
    let mut out = String::new();
    for s in &d.sections {
        let inside = s.id == root.id || s.parent.as_deref().is_some_and(|p| ids.contains(&p));
        if !inside {
            continue;
        }
        if s.id != root.id {
            ids.push(s.id.as_str());
            out.push_str(&s.heading);
            out.push('\n');
        }
        for b in &s.blocks {
            block_text(b, &mut out);
        }
    }
    out
}

fn block_text(b: &SectionBlock, out: &mut String) {
    match b {
        SectionBlock::Paragraph { text, .. } | SectionBlock::Note { text, .. } => {
            out.push_str(text);
            out.push('\n');
        }
        SectionBlock::List { items, .. } => {
            for i in items {
                out.push_str(i);
                out.push('\n');
            }
        }
        SectionBlock::ScheduleList { items, .. } => {
            for i in items {
                out.push_str(&i.text);
                out.push('\n');
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_stripped() {
        assert_eq!(
            strip_number("１ 行政手続のオンライン化の推進"),
            Some("行政手続のオンライン化の推進")
        );
        assert_eq!(strip_number("（２） 年間申請数"), Some("年間申請数"));
        assert_eq!(strip_number("〇 現時点の取組状況"), None);
        assert_eq!(strip_number("(区政)"), None);
    }
}
