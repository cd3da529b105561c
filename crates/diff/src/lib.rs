//! `keikaku-diff`: what changed between two keikaku documents, pure functions on
//! [`keikaku_model::Document`]s (no I/O).
//!
//! - [`diff`]: align the initiatives of OLD and NEW one to one (same key, else title,
//!   summary and fields, number, departments above a threshold), then list each as added,
//!   removed, changed or unchanged with field-level [`Change`]s; text in lindera tokens.
//! - [`diff_revision`]: a revision document's 修正後 (`revised`) initiatives against their
//!   現行 (`current`) versions, with the 修正の理由.
//! - [`track::track`]: lineages of initiatives across one municipality's documents.
//! - [`terminal`] and [`html::render`]: the report for people.

pub mod align;
pub mod fields;
pub mod html;
pub mod norm;
mod report;
mod summary;
pub mod textdiff;
pub mod track;

pub use report::*;
pub use summary::terminal;

use align::{align, Alignment, Features};
use keikaku_model::{Document, Initiative};

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffError {
    /// `diff FILE` on a document without 修正後/現行 initiatives.
    NoRevision { file: String },
}

impl std::fmt::Display for DiffError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiffError::NoRevision { file } => write!(
                f,
                "{file}: no 修正後/現行 initiatives (status revised/current) to compare; \
                 give an OLD and a NEW document"
            ),
        }
    }
}

impl std::error::Error for DiffError {}

/// Compares OLD and NEW. A revision document takes part with its 修正後 versions (its
/// 現行 versions are what it replaces).
pub fn diff(old: &Document, new: &Document, threshold: f64) -> DiffReport {
    let (o, n) = (effective(old), effective(new));
    let entries = compare(&o, &n, threshold);
    let mut notes = Vec::new();
    for (side, doc) in [("OLD", old), ("NEW", new)] {
        if is_revision(doc) {
            notes.push(format!(
                "{side} ({}) is a revision document: it lists only the initiatives it revises \
                 or adds, compared here in their 修正後 version; initiatives missing from it \
                 are not necessarily dropped from the plan",
                doc.source.file
            ));
        }
    }
    report(
        Mode::Documents,
        old,
        new,
        (o.len(), n.len()),
        threshold,
        notes,
        entries,
    )
}

/// Compares each 修正後 initiative of a revision document with its 現行 version (same key
/// stem, else the most similar), and lists 新規 ones as added.
pub fn diff_revision(doc: &Document, threshold: f64) -> Result<DiffReport, DiffError> {
    if !is_revision(doc) {
        return Err(DiffError::NoRevision {
            file: doc.source.file.clone(),
        });
    }
    let pairs = revision_pairs(doc, threshold);
    let mut entries = Vec::new();
    let mut used_current = vec![false; doc.initiatives.len()];
    for (j, it) in doc.initiatives.iter().enumerate() {
        match it.status.as_deref() {
            Some("revised") => match pairs.iter().find(|p| p.0 == j) {
                Some(p) => {
                    used_current[p.1] = true;
                    let cur = &doc.initiatives[p.1];
                    entries.push(pair_entry(cur, p.1, it, j, p.2, p.3.clone()));
                }
                None => entries.push(added(it, j)),
            },
            Some("new") => entries.push(added(it, j)),
            _ => {}
        }
    }
    for (i, it) in doc.initiatives.iter().enumerate() {
        if it.status.as_deref() == Some("current") && !used_current[i] {
            entries.push(removed(it, i));
        }
    }
    let n_old = doc
        .initiatives
        .iter()
        .filter(|i| i.status.as_deref() == Some("current"))
        .count();
    let n_new = doc.initiatives.len() - n_old;
    Ok(report(
        Mode::Revision,
        doc,
        doc,
        (n_old, n_new),
        threshold,
        Vec::new(),
        entries,
    ))
}

/// Whether `doc` holds 修正後/現行 versions.
pub fn is_revision(doc: &Document) -> bool {
    let has = |s: &str| {
        doc.initiatives
            .iter()
            .any(|i| i.status.as_deref() == Some(s))
    };
    has("revised") || has("current")
}

/// A key without its `-2`, `-3` duplicate suffix (one to three digits).
fn key_stem(key: &str) -> &str {
    match key.rsplit_once('-') {
        Some((stem, n))
            if !stem.is_empty()
                && (1..=3).contains(&n.len())
                && n.bytes().all(|b| b.is_ascii_digit()) =>
        {
            stem
        }
        _ => key,
    }
}

/// (revised index, current index, score, reason) for each 修正後 initiative with a 現行
/// version.
pub fn revision_pairs(doc: &Document, threshold: f64) -> Vec<(usize, usize, f64, String)> {
    let with = |s: &str| -> Vec<usize> {
        (0..doc.initiatives.len())
            .filter(|&i| doc.initiatives[i].status.as_deref() == Some(s))
            .collect()
    };
    let (rev, cur) = (with("revised"), with("current"));
    let mut out = Vec::new();
    let mut free_cur: Vec<usize> = Vec::new();
    let mut free_rev: Vec<usize> = rev;
    for &c in &cur {
        let stem = key_stem(&doc.initiatives[c].key);
        let hit = free_rev
            .iter()
            .position(|&r| !stem.is_empty() && key_stem(&doc.initiatives[r].key) == stem);
        match hit {
            Some(k) => out.push((free_rev.remove(k), c, 1.0, "same key (修正後/現行)".into())),
            None => free_cur.push(c),
        }
    }
    let f = |ids: &[usize]| {
        ids.iter()
            .map(|&i| Features::of(&doc.initiatives[i]))
            .collect::<Vec<_>>()
    };
    let a = align(&f(&free_rev), &f(&free_cur), threshold);
    for p in a.pairs {
        let reason = format!("{} (修正後/現行)", p.score.reason());
        out.push((free_rev[p.old], free_cur[p.new], p.score.total, reason));
    }
    out.sort_by_key(|p| (p.0, p.1));
    out
}

/// The initiatives a document is compared with: all but the 現行 versions a 修正後 one
/// replaces.
pub fn effective(doc: &Document) -> Vec<&Initiative> {
    let replaced: Vec<usize> = revision_pairs(doc, align::DEFAULT_THRESHOLD)
        .into_iter()
        .map(|p| p.1)
        .collect();
    doc.initiatives
        .iter()
        .enumerate()
        .filter(|(i, _)| !replaced.contains(i))
        .map(|(_, it)| it)
        .collect()
}

/// Entries for two lists of initiatives.
pub fn compare(old: &[&Initiative], new: &[&Initiative], threshold: f64) -> Vec<Entry> {
    let fo: Vec<Features> = old.iter().map(|i| Features::of(i)).collect();
    let fnew: Vec<Features> = new.iter().map(|i| Features::of(i)).collect();
    let a = align(&fo, &fnew, threshold);
    let moved = moved_pairs(&a);
    let mut keyed: Vec<((f64, usize), Entry)> = Vec::new();
    let mut old_pair = vec![None; old.len()];
    let mut new_pair = vec![None; new.len()];
    for (k, p) in a.pairs.iter().enumerate() {
        old_pair[p.old] = Some(p.new);
        new_pair[p.new] = Some(p.old);
        let mut e = pair_entry(
            old[p.old],
            p.old,
            new[p.new],
            p.new,
            p.score.total,
            p.score.reason(),
        );
        e.moved = moved[k];
        keyed.push(((p.new as f64, p.old), e));
    }
    for (j, it) in new
        .iter()
        .enumerate()
        .filter(|(j, _)| new_pair[*j].is_none())
    {
        keyed.push(((j as f64, 0), added(it, j)));
    }
    for (i, it) in old
        .iter()
        .enumerate()
        .filter(|(i, _)| old_pair[*i].is_none())
    {
        let before = (0..i).rev().find_map(|k| old_pair[k]);
        let pos = before.map_or(-0.5, |j| j as f64 + 0.5);
        keyed.push(((pos, i), removed(it, i)));
    }
    keyed.sort_by(|a, b| a.0 .0.total_cmp(&b.0 .0).then(a.0 .1.cmp(&b.0 .1)));
    let mut entries: Vec<Entry> = keyed.into_iter().map(|(_, e)| e).collect();
    mark_splits(&mut entries, &a, old, new, &old_pair, &new_pair, threshold);
    entries
}

/// For each pair (in `a.pairs` order), whether it left the longest run of pairs that
/// keep their relative order.
fn moved_pairs(a: &Alignment) -> Vec<bool> {
    let mut by_old: Vec<(usize, usize, usize)> = a
        .pairs
        .iter()
        .enumerate()
        .map(|(k, p)| (p.old, p.new, k))
        .collect();
    by_old.sort_unstable();
    let seq: Vec<usize> = by_old.iter().map(|t| t.1).collect();
    let keep = lis(&seq);
    let mut moved = vec![true; a.pairs.len()];
    for idx in keep {
        moved[by_old[idx].2] = false;
    }
    moved
}

/// Indices of a longest strictly increasing subsequence.
fn lis(seq: &[usize]) -> Vec<usize> {
    let mut tails: Vec<usize> = Vec::new();
    let mut prev = vec![usize::MAX; seq.len()];
    for (i, &x) in seq.iter().enumerate() {
        let pos = tails.partition_point(|&t| seq[t] < x);
        if pos > 0 {
            prev[i] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut out = Vec::new();
    let mut cur = tails.last().copied();
    while let Some(i) = cur {
        out.push(i);
        cur = (prev[i] != usize::MAX).then_some(prev[i]);
    }
    out.reverse();
    out
}

/// An unpaired new initiative as similar to a paired old one as a pair must be is a split
/// of it; an unpaired old one as similar to a paired new one was merged into it.
fn mark_splits(
    entries: &mut [Entry],
    a: &Alignment,
    old: &[&Initiative],
    new: &[&Initiative],
    old_pair: &[Option<usize>],
    new_pair: &[Option<usize>],
    threshold: f64,
) {
    let best = |cands: Vec<(usize, f64)>| {
        cands
            .into_iter()
            .filter(|c| c.1 >= threshold)
            .max_by(|x, y| x.1.total_cmp(&y.1))
            .map(|c| c.0)
    };
    for j in (0..new.len()).filter(|&j| new_pair[j].is_none()) {
        let from = (0..old.len())
            .filter(|&i| old_pair[i].is_some())
            .map(|i| (i, a.at(i, j)));
        if let Some(i) = best(from.collect()) {
            link(entries, &old[i].id, &new[j].id, true);
        }
    }
    for i in (0..old.len()).filter(|&i| old_pair[i].is_none()) {
        let into = (0..new.len())
            .filter(|&j| new_pair[j].is_some())
            .map(|j| (j, a.at(i, j)));
        if let Some(j) = best(into.collect()) {
            link(entries, &old[i].id, &new[j].id, false);
        }
    }
}

/// Records a split (old → extra new) or a merge (extra old → new) on both entries.
fn link(entries: &mut [Entry], old_id: &str, new_id: &str, split: bool) {
    let is = |r: &Option<InitRef>, id: &str| r.as_ref().is_some_and(|r| r.id == id);
    for e in entries.iter_mut() {
        let paired = e.old.is_some() && e.new.is_some();
        if split && paired && is(&e.old, old_id) {
            if e.split_into.is_empty() {
                e.split_into.extend(e.new.as_ref().map(|n| n.id.clone()));
            }
            e.split_into.push(new_id.to_string());
        } else if split && e.old.is_none() && is(&e.new, new_id) {
            e.split_from = Some(old_id.to_string());
        } else if !split && paired && is(&e.new, new_id) {
            if e.merged_from.is_empty() {
                e.merged_from.extend(e.old.as_ref().map(|o| o.id.clone()));
            }
            e.merged_from.push(old_id.to_string());
        } else if !split && e.new.is_none() && is(&e.old, old_id) {
            e.merged_into = Some(new_id.to_string());
        }
    }
}

fn pair_entry(
    o: &Initiative,
    i: usize,
    n: &Initiative,
    j: usize,
    score: f64,
    reason: String,
) -> Entry {
    let changes = fields::changes(o, n);
    Entry {
        status: if changes.is_empty() {
            Status::Unchanged
        } else {
            Status::Changed
        },
        old: Some(InitRef::of(o, i)),
        new: Some(InitRef::of(n, j)),
        pairing: Some(Pairing {
            score: round3(score),
            reason,
        }),
        moved: false,
        changes,
        split_into: Vec::new(),
        split_from: None,
        merged_from: Vec::new(),
        merged_into: None,
        revision_reason: n.revision_reason.clone(),
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn lone(status: Status, it: &Initiative, index: usize) -> Entry {
    let r = Some(InitRef::of(it, index));
    let (old, new) = if status == Status::Removed {
        (r, None)
    } else {
        (None, r)
    };
    Entry {
        status,
        old,
        new,
        pairing: None,
        moved: false,
        changes: Vec::new(),
        split_into: Vec::new(),
        split_from: None,
        merged_from: Vec::new(),
        merged_into: None,
        revision_reason: if status == Status::Added {
            it.revision_reason.clone()
        } else {
            None
        },
    }
}

fn added(it: &Initiative, j: usize) -> Entry {
    lone(Status::Added, it, j)
}

fn removed(it: &Initiative, i: usize) -> Entry {
    lone(Status::Removed, it, i)
}

fn report(
    mode: Mode,
    old: &Document,
    new: &Document,
    sizes: (usize, usize),
    threshold: f64,
    notes: Vec<String>,
    entries: Vec<Entry>,
) -> DiffReport {
    let count = |s: Status| entries.iter().filter(|e| e.status == s).count();
    let counts = Counts {
        added: count(Status::Added),
        removed: count(Status::Removed),
        changed: count(Status::Changed),
        unchanged: count(Status::Unchanged),
        moved: entries.iter().filter(|e| e.moved).count(),
        splits: entries.iter().filter(|e| !e.split_into.is_empty()).count(),
        merges: entries.iter().filter(|e| !e.merged_from.is_empty()).count(),
    };
    DiffReport {
        schema: DIFF_SCHEMA.into(),
        mode,
        old: DocRef::of(old, sizes.0),
        new: DocRef::of(new, sizes.1),
        threshold,
        counts,
        notes,
        entries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lis_keeps_order() {
        assert_eq!(lis(&[0, 1, 5, 2, 3, 4]), [0, 1, 3, 4, 5]);
        assert_eq!(lis(&[]), Vec::<usize>::new());
        assert_eq!(key_stem("15cd-2"), "15cd");
        assert_eq!(key_stem("15cd"), "15cd");
        assert_eq!(key_stem("new-2026"), "new-2026");
    }
}
