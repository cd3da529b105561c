//! Tables that are not part of an initiative (KPI results and others).
//!
//! Every table of the layout not claimed by an initiative becomes a [`Table`]: tables
//! continued across pages are joined (`Layout::joined`), a table split in two
//! by a small gap on one page (header and body drawn apart) is stacked back together, and the
//! line just above becomes the caption when it looks like one (profile `[tables]`).

pub mod util;

use crate::Readers;
use crate::{Claimed, TableRef};
use keikaku_model::{Item, JoinedTable, Layout, PageLayout, Span, Table, Warning};
use serde::Deserialize;
use std::collections::HashMap;

/// Table knowledge: caption patterns and tables that are something else (a glossary).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableProfile {
    /// A line starting with one of these, just above a table, is its caption.
    pub caption_prefixes: Vec<String>,
    /// A short line (at most this many characters, not ending a sentence) just above a
    /// table is also taken as its caption; 0 uses the built-in default.
    pub caption_max_chars: usize,
    /// Endings that make a line a sentence rather than a caption.
    pub sentence_endings: Vec<String>,
    /// First-row texts (all of them, in order) of tables that are not listed as tables,
    /// e.g. a glossary's 用語 / 解説.
    pub exclude_headers: Vec<Vec<String>>,
    /// Largest gap (points) between two tables on one page, with the same columns and
    /// nothing in between, that are stacked into one; 0 uses the built-in default.
    pub stack_gap: f32,
}

impl TableProfile {
    fn max_chars(&self) -> usize {
        if self.caption_max_chars == 0 {
            40
        } else {
            self.caption_max_chars
        }
    }
    fn gap(&self) -> f32 {
        if self.stack_gap <= 0.0 {
            12.0
        } else {
            self.stack_gap
        }
    }
}

/// The tables, the id given to each layout table they use, and for the first part of each
/// joined table the index of its first row in its listed table (stacked tables share one).
pub type Listed = (
    Vec<Table>,
    HashMap<TableRef, String>,
    HashMap<TableRef, usize>,
);

/// Changes to listed tables' rows found by the rows reader, by grid row of the joined table
/// whose first part is the key.
#[derive(Debug, Clone, Default)]
pub struct RowEdits {
    /// Rows that continue the row above across a page break: read into it.
    pub cuts: HashMap<TableRef, Vec<usize>>,
    /// Rows that stack aligned items: replaced by their sub-rows.
    pub splits: HashMap<TableRef, Vec<Split>>,
}

/// A grid row replaced by sub-rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Split {
    pub row: usize,
    /// The sub-rows' cell texts (a cell spanning them repeated).
    pub rows: Vec<Vec<String>>,
    /// Columns of one-cell texts that now span the sub-rows (a new merge each).
    pub new_merges: Vec<usize>,
}

impl RowEdits {
    /// The index in its listed table (before the joined table's offset) of grid row `row`.
    pub fn row_index(&self, t: &TableRef, row: usize) -> usize {
        let folded = self
            .cuts
            .get(t)
            .map_or(0, |c| c.iter().filter(|&&r| r < row).count());
        let added: usize = self.splits.get(t).map_or(0, |v| {
            v.iter()
                .filter(|s| s.row < row)
                .map(|s| s.rows.len().saturating_sub(1))
                .sum()
        });
        row + added - folded
    }

    /// Applies the edits of the joined table `key` to its table, last row first.
    fn apply(&self, key: &TableRef, t: &mut Table) {
        let mut ops: Vec<(usize, Option<&Split>)> = Vec::new();
        ops.extend(self.cuts.get(key).into_iter().flatten().map(|&r| (r, None)));
        ops.extend(
            self.splits
                .get(key)
                .into_iter()
                .flatten()
                .map(|s| (s.row, Some(s))),
        );
        ops.sort_by_key(|(r, _)| std::cmp::Reverse(*r));
        for (r, op) in ops {
            match op {
                None => fold_row(t, r),
                Some(s) => split_row(t, s),
            }
        }
    }
}

/// Every table of `layout` not in `claimed`, with the ids and row offsets of [`Listed`]
/// and the rows reader's `edits` applied.
pub fn read(
    rd: Readers<'_>,
    layout: &Layout,
    p: &TableProfile,
    claimed: &Claimed,
    edits: &RowEdits,
    _warnings: &mut Vec<Warning>,
) -> Listed {
    let free: Vec<JoinedTable> = layout
        .joined
        .iter()
        .filter(|jt| {
            !jt.parts
                .iter()
                .any(|x| claimed.contains(&(x.page_index, x.table_index)))
        })
        .filter(|jt| !excluded(rd, jt, p))
        .cloned()
        .collect();
    let mut out: Vec<Table> = Vec::new();
    let mut ids = HashMap::new();
    let mut bases = HashMap::new();
    for group in stacks(layout, free, p) {
        let mut t: Option<Table> = None;
        for jt in &group {
            let Some(first) = jt.parts.first() else {
                continue;
            };
            let key = (first.page_index, first.table_index);
            let mut part = to_table(rd, jt, layout, p);
            edits.apply(&key, &mut part);
            bases.insert(key, t.as_ref().map_or(0, |t| t.rows.len()));
            match t.as_mut() {
                Some(t) => append_rows(t, part),
                None => t = Some(part),
            }
        }
        let Some(mut t) = t else { continue };
        t.id = format!("t{:02}", out.len() + 1);
        for part in group.iter().flat_map(|jt| &jt.parts) {
            ids.insert((part.page_index, part.table_index), t.id.clone());
        }
        out.push(t);
    }
    (out, ids, bases)
}

/// Reads row `row` into the row above it (a row cut by a page break): the texts of a cell
/// merged over both stay once, the others are joined; merges are adjusted.
fn fold_row(t: &mut Table, row: usize) {
    if row == 0 || row >= t.rows.len() {
        return;
    }
    let below = t.rows.remove(row);
    for (a, b) in t.rows[row - 1].iter_mut().zip(below) {
        if *a != b {
            *a = join_cut(a, &b);
        }
    }
    for m in &mut t.merges {
        if m.row < row && row < m.row + m.rowspan {
            m.rowspan -= 1;
        } else if m.row >= row {
            m.row = m.row.saturating_sub(1);
        }
    }
    t.merges.retain(|m| m.rowspan > 1 || m.colspan > 1);
}

/// Replaces a row by its sub-rows; merges over it or below it follow.
fn split_row(t: &mut Table, s: &Split) {
    let k = s.rows.len();
    if s.row >= t.rows.len() || k < 2 {
        return;
    }
    t.rows.splice(s.row..=s.row, s.rows.iter().cloned());
    for m in &mut t.merges {
        if m.row > s.row {
            m.row += k - 1;
        } else if s.row < m.row + m.rowspan {
            m.rowspan += k - 1;
        }
    }
    t.merges
        .extend(s.new_merges.iter().map(|&col| keikaku_model::Merge {
            row: s.row,
            col,
            rowspan: k,
            colspan: 1,
        }));
    t.merges.sort_by_key(|m| (m.row, m.col));
}

/// Text cut by a page break put back together: joined as one line unless the first part
/// ends a sentence.
pub fn join_cut(a: &str, b: &str) -> String {
    let (a, b) = (a.trim(), b.trim());
    if a.is_empty() || b.is_empty() {
        return format!("{a}{b}");
    }
    if a.ends_with(['。', '.', '．']) {
        format!("{a}\n{b}")
    } else {
        keikaku_jtext::join_lines(a, b)
    }
}

/// True when the table's first row is one of the profile's excluded headers.
fn excluded(rd: Readers<'_>, jt: &JoinedTable, p: &TableProfile) -> bool {
    let (rows, _) = util::matrix(rd, &jt.grid);
    let Some(first) = rows.first() else {
        return true;
    };
    let first: Vec<String> = first.iter().map(|s| util::squash(s)).collect();
    p.exclude_headers
        .iter()
        .any(|h| h.len() == first.len() && h.iter().zip(&first).all(|(a, b)| util::squash(a) == *b))
}

/// Groups tables that are one table drawn in pieces: same page, consecutive in reading
/// order, same column edges, a small vertical gap.
fn stacks(layout: &Layout, tables: Vec<JoinedTable>, p: &TableProfile) -> Vec<Vec<JoinedTable>> {
    let mut out: Vec<Vec<JoinedTable>> = Vec::new();
    for jt in tables {
        let joins = out
            .last()
            .and_then(|g| g.last())
            .is_some_and(|prev| stacked(layout, prev, &jt, p.gap()));
        match out.last_mut() {
            Some(g) if joins => g.push(jt),
            _ => out.push(vec![jt]),
        }
    }
    out
}

fn stacked(layout: &Layout, prev: &JoinedTable, next: &JoinedTable, gap: f32) -> bool {
    let (Some(a), Some(b)) = (prev.parts.last(), next.parts.first()) else {
        return false;
    };
    if a.page_index != b.page_index || next.parts.len() != 1 {
        return false;
    }
    let Some(page) = layout.pages.get(a.page_index) else {
        return false;
    };
    let adjacent = page
        .items
        .windows(2)
        .any(|w| matches!(w, [Item::Table(x), Item::Table(y)] if *x == a.table_index && *y == b.table_index));
    let (Some(ta), Some(tb)) = (
        page.tables.get(a.table_index),
        page.tables.get(b.table_index),
    ) else {
        return false;
    };
    let same_cols = ta.col_edges.len() == tb.col_edges.len()
        && ta
            .col_edges
            .iter()
            .zip(&tb.col_edges)
            .all(|(x, y)| (x - y).abs() <= 3.0);
    let dy = tb.bbox.y0 - ta.bbox.y1;
    adjacent && same_cols && (-1.0..=gap).contains(&dy)
}

fn to_table(rd: Readers<'_>, jt: &JoinedTable, layout: &Layout, p: &TableProfile) -> Table {
    let (rows, merges) = util::matrix(rd, &jt.grid);
    let caption = jt
        .parts
        .first()
        .and_then(|x| layout.pages.get(x.page_index).map(|pg| (pg, x.table_index)))
        .and_then(|(pg, ti)| caption_above(rd, pg, ti, p));
    Table {
        id: String::new(),
        page: jt.grid.page,
        bbox: jt.grid.bbox,
        caption,
        rows,
        merges,
        pages: if jt.pages.len() > 1 {
            jt.pages.clone()
        } else {
            Vec::new()
        },
        source: parts_source(jt, layout),
        cell_sources: Vec::new(),
    }
}

/// The box of each part of a joined table on its page.
pub fn parts_source(jt: &JoinedTable, layout: &Layout) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::new();
    for part in &jt.parts {
        let Some(pg) = layout.pages.get(part.page_index) else {
            continue;
        };
        let Some(t) = pg.tables.get(part.table_index) else {
            continue;
        };
        keikaku_model::add_span(&mut out, pg.number, t.bbox);
    }
    out
}

/// Appends `more`'s rows (and merges, shifted) below `t`.
fn append_rows(t: &mut Table, more: Table) {
    let base = t.rows.len();
    t.rows.extend(more.rows);
    t.merges.extend(more.merges.into_iter().map(|mut m| {
        m.row += base;
        m
    }));
    t.bbox = t.bbox.union(&more.bbox);
    for s in more.source {
        keikaku_model::add_span(&mut t.source, s.page, s.bbox);
    }
}

/// The caption: the last line of the block right before the table in reading order, when it
/// stands just above the table and reads like a caption.
pub fn caption_above(
    rd: Readers<'_>,
    page: &PageLayout,
    table: usize,
    p: &TableProfile,
) -> Option<String> {
    let pos = page
        .items
        .iter()
        .position(|it| matches!(it, Item::Table(t) if *t == table))?;
    let Some(Item::Block(b)) = pos.checked_sub(1).and_then(|k| page.items.get(k)) else {
        return None;
    };
    let line = b.lines.last()?;
    let top = page.tables.get(table)?.bbox.y0;
    if top - line.bbox.y1 > 3.0 * line.bbox.height().max(8.0) {
        return None;
    }
    let text = util::tidy(rd, &line.text);
    is_caption(&text, p).then_some(text)
}

/// True when `text` reads like a table caption under the profile.
pub fn is_caption(text: &str, p: &TableProfile) -> bool {
    let t = text.trim();
    // a caption names something: it has letters, and is not a sentence
    let sentence = p
        .sentence_endings
        .iter()
        .any(|e| !e.is_empty() && t.ends_with(e.as_str()));
    if !t.chars().any(char::is_alphabetic) || sentence {
        return false;
    }
    let n = t.chars().count();
    let prefixed = p
        .caption_prefixes
        .iter()
        .any(|x| !x.is_empty() && t.starts_with(x.as_str()));
    n <= p.max_chars() || (prefixed && n <= 2 * p.max_chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> TableProfile {
        TableProfile {
            caption_prefixes: vec!["（".into(), "●".into()],
            sentence_endings: vec!["。".into()],
            ..Default::default()
        }
    }

    #[test]
    fn captions_are_prefixed_or_short_lines() {
        let p = profile();
        assert!(is_caption("（１－ア）行政手続のオンライン化", &p));
        assert!(is_caption("●令和５年度導入検証業務一覧", &p));
        assert!(is_caption("採用者数の推移", &p));
        assert!(!is_caption(
            "第２次では以下のようにテーマを継承します。",
            &p
        ));
        assert!(!is_caption(&"あ".repeat(60), &p));
        assert!(!is_caption("0.00", &p));
        assert!(!is_caption(
            "○対象期間は2015年度から2019年度までとします。",
            &p
        ));
    }
}
