//! Row-form initiatives: each data row of a table whose header names an initiative column
//! (事業名, 取組名 …) is an initiative.
//!
//! The header is the row holding the initiative column's label, together with the rows its
//! cells span (a merged 補正額の財源内訳 over 国県支出金 / 一般財源 reads as one header).
//! Other columns are found by their labels (profile `[rows]`): number (№), department
//! (担当課), overview (概要), new mark (新規), fiscal years (令和6年度) as the schedule; every
//! other column is a field. A record starts where the initiative column's cell starts, so a
//! row cut by a page break (joined by the layout into a taller cell) is one initiative.
//! Totals rows (合計, 小計) are not initiatives. The table stays in `tables[]`; each
//! initiative points at it ([`link`] fills `table_ref` and `row` once tables have ids).

pub mod header;
mod subrows;

use crate::cards::util::{append_unique, compact, push_line};
use crate::indicators::IndicatorProfile;
use crate::sections::Sections;
use crate::tables::util::{cell_text, row_pages};
use crate::tables::RowEdits;
use crate::Readers;
use crate::{Claimed, TableRef};
use header::{Columns, Role};
use keikaku_model::{
    Indicator, Initiative, InitiativeForm, JoinedTable, Layout, ScheduleEntry, TableCell, TableGrid,
};
use serde::Deserialize;
use std::collections::HashMap;

/// Column labels and marks of row-form tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RowProfile {
    /// Labels of the initiative column (事業名, 取組名); a table is read by rows only with one.
    pub title_headers: Vec<String>,
    /// Labels of the number column (№, 番号).
    pub number_headers: Vec<String>,
    /// Labels of the department column (担当課, 主管課).
    pub department_headers: Vec<String>,
    /// Labels of the overview column (概要, 事業内容).
    pub summary_headers: Vec<String>,
    /// Labels of the new-initiative column (新規).
    pub new_headers: Vec<String>,
    /// Values of the new-initiative column that mean new (新, 新規, ○).
    pub new_marks: Vec<String>,
    /// Brackets around a department written inside a cell (`【`, `】`).
    pub department_brackets: Vec<[String; 2]>,
    /// A row whose initiative cell reads exactly one of these is a totals row (計, 合計).
    pub total_labels: Vec<String>,
    /// A row whose initiative cell ends with one of these is a totals row (合計, 小計).
    pub total_suffixes: Vec<String>,
    /// A column whose name ends with one of these and reads as a fiscal year (令和6年度) is
    /// a schedule column.
    pub year_suffixes: Vec<String>,
    /// Besides the initiative column, how many of the number, department, overview and new
    /// columns the header must name; 0 uses the built-in default (1).
    pub min_roles: usize,
}

impl RowProfile {
    /// Roles besides the initiative column a header must name.
    pub fn roles_needed(&self) -> usize {
        self.min_roles.max(1)
    }
}

/// Where a row initiative's row lives before tables get ids: the first part of its joined
/// table and the grid row of the record's first row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowLink {
    pub table: TableRef,
    pub grid_row: usize,
}

/// What the rows reader found: initiatives with their links, and the tables' rows to read
/// as one (cut by a page break) or as several (stacked items).
#[derive(Debug, Default)]
pub struct Found {
    pub initiatives: Vec<(Initiative, RowLink)>,
    pub edits: RowEdits,
}

/// The row initiatives of every table not claimed by another reader.
pub fn read(
    rd: Readers<'_>,
    layout: &Layout,
    (p, kpi): (&RowProfile, &IndicatorProfile),
    sections: &Sections,
    claimed: &Claimed,
) -> Found {
    let mut out = Found::default();
    for jt in &layout.joined {
        let taken = jt
            .parts
            .iter()
            .any(|x| claimed.contains(&(x.page_index, x.table_index)));
        let Some(first) = jt.parts.first() else {
            continue;
        };
        if taken {
            continue;
        }
        let Some(cols) = header::find(rd, &jt.grid, p) else {
            continue;
        };
        let table = (first.page_index, first.table_index);
        let (found, cuts) = read_table(rd, layout, jt, &cols, (p, kpi), sections);
        let mut splits = Vec::new();
        for (ini, grid_row, end) in found {
            let single = end == grid_row + 1;
            splits.extend(
                single
                    .then(|| subrows::split(rd, &jt.grid, grid_row, &cols))
                    .flatten(),
            );
            out.initiatives.push((ini, RowLink { table, grid_row }));
        }
        if !cuts.is_empty() {
            out.edits.cuts.insert(table, cuts);
        }
        if !splits.is_empty() {
            out.edits.splits.insert(table, splits);
        }
    }
    out
}

/// True when `g` is a table of records: a header of column names over at least one row
/// whose initiative cell has text and none whose initiative cell is one of `labels` (the
/// label cells of a card: 年度, 関係課 …, which a card prints under its 取組名 label).
pub fn is_records(rd: Readers<'_>, g: &TableGrid, p: &RowProfile, labels: &[&[String]]) -> bool {
    let Some(cols) = header::find(rd, g, p) else {
        return false;
    };
    let titles: Vec<String> = record_starts(g, &cols)
        .into_iter()
        .filter_map(|r| crate::tables::util::cell_at(g, r, cols.title))
        .map(|c| cell_text(rd, c))
        .filter(|t| !t.trim().is_empty())
        .collect();
    let labelled = titles
        .iter()
        .any(|t| labels.iter().any(|l| crate::cards::util::is_label(t, l)));
    !titles.is_empty() && !labelled
}

/// Fills `table_ref` and `row` from the ids `tables::read` gave the layout tables, the row
/// offset of each joined table within its listed table, and the rows reader's edits.
pub fn link(
    ini: &mut Initiative,
    l: &RowLink,
    ids: &HashMap<TableRef, String>,
    bases: &HashMap<TableRef, usize>,
    edits: &RowEdits,
) {
    if let Some(id) = ids.get(&l.table) {
        let base = bases.get(&l.table).copied().unwrap_or(0);
        ini.table_ref = Some(id.clone());
        ini.row = Some(base + edits.row_index(&l.table, l.grid_row));
    }
}

/// One initiative per record of the table, with its first grid row and end; and the grid
/// rows that continue a record across a page break.
fn read_table(
    rd: Readers<'_>,
    layout: &Layout,
    jt: &JoinedTable,
    cols: &Columns,
    (p, kpi): (&RowProfile, &IndicatorProfile),
    sections: &Sections,
) -> (Vec<(Initiative, usize, usize)>, Vec<usize>) {
    let g = &jt.grid;
    let pages = row_pages(layout, jt);
    let starts = record_starts(g, cols);
    let mut out = Vec::new();
    let mut cuts = Vec::new();
    for (k, &r) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(g.n_rows());
        let cut: Vec<usize> = (r + 1..end)
            .filter(|&x| pages.get(x) != pages.get(x - 1))
            .collect();
        let texts = record_texts(rd, g, r, end, &cut);
        let Some(mut ini) = record(&texts, cols, p) else {
            continue;
        };
        // KPI cells keep their printed lines: stacked indicators are one per line
        let lines = record_texts_with(g, (r, end), &cut, TableCell::lines_text);
        ini.kpi = record_indicators(rd, &lines, cols, kpi);
        let page_of = |row: usize| {
            pages
                .get(row)
                .and_then(|&pi| layout.pages.get(pi))
                .map(|pg| pg.number)
        };
        let y = crate::tables::util::cell_at(g, r, cols.title).map_or(0.0, |c| c.bbox.y0);
        let first_page = page_of(r).unwrap_or(g.page);
        ini.section_path = sections.path_at(first_page, y);
        ini.pages = (r..end).filter_map(page_of).collect();
        ini.pages.dedup();
        out.push((ini, r, end));
        cuts.extend(cut);
    }
    (out, cuts)
}

/// The grid rows below the header where the initiative column's cell starts.
fn record_starts(g: &TableGrid, cols: &Columns) -> Vec<usize> {
    (cols.body..g.n_rows())
        .filter(|&r| crate::tables::util::cell_at(g, r, cols.title).is_some_and(|c| c.row == r))
        .collect()
}

/// For each grid column, the text of the cells covering it in rows `from..to` (a cell
/// merged over several columns counts in its first column only, once); a cell starting in
/// one of the `cut` rows continues the text above as one line.
fn record_texts(
    rd: Readers<'_>,
    g: &TableGrid,
    from: usize,
    to: usize,
    cut: &[usize],
) -> Vec<String> {
    record_texts_with(g, (from, to), cut, |c| cell_text(rd, c))
}

/// [`record_texts`] with each cell's text made by `text_of`.
fn record_texts_with(
    g: &TableGrid,
    (from, to): (usize, usize),
    cut: &[usize],
    text_of: impl Fn(&TableCell) -> String,
) -> Vec<String> {
    let mut texts = vec![String::new(); g.n_cols()];
    let mut seen = Vec::new();
    for r in from..to {
        for (k, text) in texts.iter_mut().enumerate() {
            let Some(c) = crate::tables::util::cell_at(g, r, k) else {
                continue;
            };
            let id = (c.row, c.col);
            if c.col != k || seen.contains(&id) {
                continue;
            }
            seen.push(id);
            if cut.contains(&c.row) {
                *text = crate::tables::join_cut(text, &text_of(c));
            } else {
                push_line(text, &text_of(c));
            }
        }
    }
    texts
}

/// The initiative of one record's column texts, or none for a totals or empty row.
fn record(texts: &[String], cols: &Columns, p: &RowProfile) -> Option<Initiative> {
    let raw = texts.get(cols.title)?;
    let (title, mut lead) = split_departments(raw, p);
    let title = title.replace('\n', "");
    if title.is_empty() || is_total(&title, p) || cols.is_header_text(cols.title, &title) {
        return None;
    }
    let mut ini = Initiative {
        form: InitiativeForm::Row,
        title,
        ..Initiative::default()
    };
    for (k, text) in texts.iter().enumerate() {
        let text = text.trim();
        match cols.role(k) {
            Role::Title => {}
            Role::Number => ini.number = (!text.is_empty()).then(|| compact(text)),
            Role::Department => append_unique(&mut lead, departments(text)),
            Role::Summary => ini.summary = (!text.is_empty()).then(|| text.to_string()),
            Role::New => {
                if p.new_marks.iter().any(|m| compact(m) == compact(text)) {
                    ini.status = Some("new".into());
                }
            }
            Role::Year(fy) => ini.schedule.push(ScheduleEntry::Year {
                fiscal_year: fy,
                label: cols.name(k).to_string(),
                text: text.to_string(),
                source: Vec::new(),
            }),
            Role::Field => {
                let name = cols.name(k);
                if !name.is_empty() && !text.is_empty() {
                    ini.fields.insert(name.to_string(), text.to_string());
                }
            }
        }
    }
    ini.lead_departments = lead;
    Some(ini)
}

/// The indicators of a record whose table has KPI columns (指標, 現状値, 目標値 …), read
/// from its field columns; the columns also stay fields.
fn record_indicators(
    rd: Readers<'_>,
    texts: &[String],
    cols: &Columns,
    p: &IndicatorProfile,
) -> Vec<Indicator> {
    let fields: Vec<usize> = (0..texts.len())
        .filter(|&k| cols.role(k) == Role::Field)
        .collect();
    let headers: Vec<&str> = fields.iter().map(|&k| cols.name(k)).collect();
    let cells: Vec<&str> = fields.iter().map(|&k| texts[k].as_str()).collect();
    crate::indicators::from_record(rd, &headers, &cells, p)
}

/// True when a record's initiative text marks a totals row.
fn is_total(title: &str, p: &RowProfile) -> bool {
    let t = compact(title);
    p.total_labels.iter().any(|l| compact(l) == t)
        || p.total_suffixes
            .iter()
            .any(|s| !s.is_empty() && t.ends_with(&compact(s)))
}

/// The departments of a department cell, split on 、 (kept as printed when the vocabulary
/// does not know them).
fn departments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for item in text
        .split(['、', ',', '，', '\n', '・'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let found = keikaku_jtext::departments(item);
        if found.is_empty() {
            append_unique(&mut out, vec![item.to_string()]);
        } else {
            append_unique(&mut out, found);
        }
    }
    out
}

/// A cell's text without the bracketed departments written in it (`【総務課】`), and those
/// departments.
pub fn split_departments(text: &str, p: &RowProfile) -> (String, Vec<String>) {
    let mut rest = text.to_string();
    let mut found = Vec::new();
    for [open, close] in &p.department_brackets {
        if open.is_empty() || close.is_empty() {
            continue;
        }
        let mut from = 0;
        while let Some(a) = rest[from..].find(open.as_str()).map(|i| i + from) {
            let inner_start = a + open.len();
            let Some(len) = rest[inner_start..].find(close.as_str()) else {
                break;
            };
            let inner = rest[inner_start..inner_start + len].trim().to_string();
            let named = keikaku_jtext::departments(&inner);
            if named.is_empty() && !keikaku_jtext::is_department(&inner) {
                from = inner_start;
                continue;
            }
            append_unique(
                &mut found,
                if named.is_empty() { vec![inner] } else { named },
            );
            rest.replace_range(a..inner_start + len + close.len(), "");
            from = a;
        }
    }
    let rest = rest
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    (rest, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> RowProfile {
        crate::Profiles::builtin().rows
    }

    #[test]
    fn a_bracketed_department_leaves_the_title() {
        let (t, d) = split_departments("私立学校等給食等支援金給付事業\n【総務課】", &profile());
        assert_eq!(t, "私立学校等給食等支援金給付事業");
        assert_eq!(d, ["総務課"]);
        let (t, d) = split_departments("【重点】窓口の改善", &profile());
        assert_eq!(t, "【重点】窓口の改善");
        assert!(d.is_empty());
    }

    #[test]
    fn totals() {
        let p = profile();
        assert!(is_total("合　計", &p));
        assert!(is_total("物価高騰対策事業合計", &p));
        assert!(is_total("計", &p));
        assert!(!is_total("特別会計繰出事業", &p));
    }
}
