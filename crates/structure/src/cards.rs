//! Suginami-style bordered initiative cards (revision documents too) and slide summaries.
//!
//! A card is a ruled table (joined across page breaks) with a lead-department label cell
//! (主管課) that has a value to its right and the title to its left; its other rows are
//! found by their label cells (関係課, 年度, 取組内容, 関連する計画) or by position (the
//! overview between the department rows and the 年度 row). Year columns come from the
//! header cells that read as fiscal years, and every schedule cell goes to the first year
//! column it overlaps. ※ notes printed under the card become its footnotes; in revision
//! documents the page's tab label (修正後 / 現行 / 新規) gives the status and the text under
//! a 【…修正の理由】 heading the revision reason. A card whose title starts with a legend
//! marker (○取組名) is a legend: claimed, not an initiative.
//!
//! Slide summaries: a table whose first-column cells are all slide labels (内容, 目標),
//! titled by the line printed just before it (`(1) title`): its rows become `fields`.

mod after;

mod slide;
pub mod util;

use crate::sections::Sections;
use crate::Readers;
use crate::{Claimed, Profiles};
use keikaku_model::{Initiative, JoinedTable, Layout, ScheduleEntry, TableCell, Warning};
use serde::Deserialize;
use util::{append_unique, cell_text, compact, is_label, is_near_label, push_line};

/// Labels and markers of this layout family.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CardProfile {
    /// Label of the initiative's title cell, where one is printed (取組名).
    pub title_labels: Vec<String>,
    /// Label of the lead department cell (主管課); a card is recognised by it.
    pub lead_labels: Vec<String>,
    /// Label of the related departments cell (関係課).
    pub related_labels: Vec<String>,
    /// Label of the overview cell, where one is printed (取組の概要).
    pub summary_labels: Vec<String>,
    /// Label of the schedule header row (年度).
    pub year_labels: Vec<String>,
    /// Label of the schedule content row (取組内容).
    pub content_labels: Vec<String>,
    /// Label of the related plans row (関連する計画).
    pub plan_labels: Vec<String>,
    /// A related plan entry starts with one of these (`(`, `（`).
    pub plan_item_starts: Vec<String>,
    /// Suffixes of parent units (部, 局) that the next line of a cell completes (〇〇部管理課).
    pub parent_unit_suffixes: Vec<String>,
    /// A department cell holding only one of these names none (-, －).
    pub none_values: Vec<String>,
    /// A card whose title starts with one of these is a legend (○).
    pub legend_prefixes: Vec<String>,
    /// Tab labels of revision documents and the status they give.
    pub statuses: Vec<StatusLabel>,
    /// Words of the heading that introduces a revision reason (修正の理由).
    pub revision_reason_words: Vec<String>,
    /// Footnote markers (※).
    pub note_markers: Vec<String>,
    /// Separators between a footnote's term and its text (：, :).
    pub term_separators: Vec<String>,
    /// Row labels of slide items (内容, 目標); each labelled row becomes a field.
    pub slide_labels: Vec<String>,
    /// Number markers of slide item headings (templates as in `[sections]`: `({n})`).
    pub slide_numbers: Vec<String>,
}

/// A tab label and the status it gives.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StatusLabel {
    /// As printed (修正後).
    pub label: String,
    /// As written in `status` (revised).
    pub status: String,
}

/// Finds the initiatives of this layout family; marks the tables they use in `claimed`.
pub fn read(
    rd: Readers<'_>,
    layout: &Layout,
    profiles: &Profiles,
    sections: &Sections,
    claimed: &mut Claimed,
    warnings: &mut Vec<Warning>,
) -> Vec<Initiative> {
    let p = &profiles.cards;
    let mut out = Vec::new();
    let tables = &layout.joined;
    let cols = label_columns(tables, p);
    let read_card = |g: &keikaku_model::TableGrid, p: &CardProfile| read_card_in(rd, g, p, &cols);
    let mut i = 0;
    while i < tables.len() {
        let mut jt = tables[i].clone();
        i += 1;
        if records(rd, &jt.grid, profiles) {
            continue; // a table of records is never one card (the rows reader reads it)
        }
        if crate::sheets::is_sheet(rd, &jt, &profiles.sheets) {
            continue; // a sheet of labelled fields (現状, 課題, KPI …) is the sheets reader's
        }
        let mut found = read_card(&jt.grid, p);
        if found.is_none() {
            // a card without labels whose 年度 row fell to the next page
            let next = tables.get(i).filter(|_| jt.continued_by_next);
            let stacked = next
                .filter(|n| read_card(&n.grid, p).is_none())
                .map(|n| jt.stacked(n));
            if let Some((st, card)) = stacked.and_then(|st| read_card(&st.grid, p).map(|c| (st, c)))
            {
                (jt, found) = (st, Some(card));
                i += 1;
            }
        }
        let ini = if let Some(mut card) = found {
            if let Some(next) = tables
                .get(i)
                .filter(|n| wants_next(rd, &jt, &card, n, p, &cols))
            {
                jt = jt.stacked(next);
                card = read_card(&jt.grid, p).unwrap_or(card);
                i += 1;
            }
            if card.schedule.is_empty() && !card.legend {
                let msg = format!("card '{}' has no 年度 row: no schedule", card.title);
                warnings.push(Warning::new(Some(jt.grid.page), "card-no-schedule", msg));
            }
            (!card.legend).then(|| finish_card(layout, &jt, card, sections, p))
        } else if let Some(ini) = slide::read(layout, &jt, sections, p) {
            Some(ini)
        } else {
            continue;
        };
        let owner = ini.is_some().then_some(out.len());
        for part in &jt.parts {
            claimed.claim((part.page_index, part.table_index), owner);
        }
        out.extend(ini);
    }
    out
}

/// True when the grid is a header of column names over record rows (profile `[rows]`).
fn records(rd: Readers<'_>, g: &keikaku_model::TableGrid, profiles: &Profiles) -> bool {
    let p = &profiles.cards;
    let labels: [&[String]; 6] = [
        &p.lead_labels,
        &p.related_labels,
        &p.year_labels,
        &p.content_labels,
        &p.plan_labels,
        &p.summary_labels,
    ];
    crate::rows::is_records(rd, g, &profiles.rows, &labels)
}

/// True when `next` is the rest of `card` that the layout left apart: it starts the next
/// page, is no card itself, and holds what the card lacks (the 年度 row or its contents,
/// the plans).
fn wants_next(
    rd: Readers<'_>,
    jt: &JoinedTable,
    card: &Card,
    next: &JoinedTable,
    p: &CardProfile,
    cols: &[(f32, f32)],
) -> bool {
    if !jt.continued_by_next || read_card_in(rd, &next.grid, p, cols).is_some() {
        return false;
    }
    let texts: Vec<String> = next.grid.cells.iter().map(cell_text).collect();
    let has_plans = texts.iter().any(|t| is_label(t, &p.plan_labels));
    let blank = card.schedule.iter().all(|e| match e {
        ScheduleEntry::Year { text, .. } => text.trim().is_empty(),
        ScheduleEntry::Span { .. } => false,
    });
    blank || (card.related_plans.is_empty() && has_plans)
}

/// What a card's grid says.
#[derive(Debug, Default)]
struct Card {
    title: String,
    lead: Vec<String>,
    related: Vec<String>,
    summary: Option<String>,
    schedule: Vec<ScheduleEntry>,
    related_plans: Vec<String>,
    /// The card's own text, for linking ※ markers.
    text: String,
    legend: bool,
    /// Other labelled rows of a card whose labels stand in its first column.
    fields: std::collections::BTreeMap<String, String>,
}

/// The initiative of a card: grid fields plus what is printed around it.
fn finish_card(
    layout: &Layout,
    jt: &JoinedTable,
    card: Card,
    sections: &Sections,
    p: &CardProfile,
) -> Initiative {
    let after = after::read(layout, jt, &card.text, sections, p);
    Initiative {
        title: card.title,
        section_path: sections.path_at(jt.grid.page, jt.grid.bbox.y0),
        status: after.status,
        lead_departments: card.lead,
        related_departments: card.related,
        summary: card.summary,
        schedule: card.schedule,
        related_plans: if card.related_plans.is_empty() {
            after.related_plans
        } else {
            card.related_plans
        },
        footnotes: after.footnotes,
        revision_reason: after.revision_reason,
        fields: card.fields,
        pages: jt.pages.clone(),
        ..Initiative::default()
    }
}

/// The top of a card: title cell, department lines and the first row below them.
struct Top {
    title_i: usize,
    lead: Vec<String>,
    related: Vec<String>,
    end: usize,
    /// False when found without label cells (then a 年度 row is required).
    labelled: bool,
    /// True when the labels stand in the first column ([`column_top`]).
    column: bool,
}

/// Reads a card from a grid, if the grid is one.
#[cfg(test)]
fn read_card(g: &keikaku_model::TableGrid, p: &CardProfile) -> Option<Card> {
    read_card_in(crate::Readers::standard(), g, p, &[])
}

/// The x extents of the document's 主管課 label cells as printed: where a card's label cell
/// stands, for a label that OCR misread beyond [`is_near_label`] ([`label_in_column`]).
fn label_columns(tables: &[JoinedTable], p: &CardProfile) -> Vec<(f32, f32)> {
    let mut cols: Vec<(f32, f32)> = Vec::new();
    for c in tables.iter().flat_map(|t| t.grid.cells.iter()) {
        if c.col > 0 && is_label(&cell_text(c), &p.lead_labels) {
            let x = (c.bbox.x0, c.bbox.x1);
            if !cols.iter().any(|k| same_column(*k, x)) {
                cols.push(x);
            }
        }
    }
    cols
}

/// How far (points) two cells' edges may be apart and still stand in one column.
const COLUMN_SLACK: f32 = 3.0;

fn same_column(a: (f32, f32), b: (f32, f32)) -> bool {
    (a.0 - b.0).abs() <= COLUMN_SLACK && (a.1 - b.1).abs() <= COLUMN_SLACK
}

/// Longest text (characters, white space aside) of a label cell found by its column.
const COLUMN_LABEL_MAX: usize = 6;

/// A cell standing exactly where the document's other cards have their 主管課 label
/// (`cols`), in the card's first row, holding a short text, in a grid with a 年度 row: the
/// label as OCR misread it past recognition (`ま管要`, `*和a課`, `=中`).
fn label_in_column(
    g: &keikaku_model::TableGrid,
    texts: &[String],
    cols: &[(f32, f32)],
    p: &CardProfile,
) -> Option<usize> {
    if cols.is_empty() || !texts.iter().any(|t| is_label(t, &p.year_labels)) {
        return None;
    }
    (0..g.cells.len())
        .filter(|&i| {
            let c = &g.cells[i];
            let n = compact(&texts[i]).chars().count();
            c.row == 0
                && c.col > 0
                && (1..=COLUMN_LABEL_MAX).contains(&n)
                && cols.iter().any(|k| same_column(*k, (c.bbox.x0, c.bbox.x1)))
        })
        .min_by_key(|&i| g.cells[i].col)
}

/// Reads a card from a grid, if the grid is one; `cols` as for [`label_in_column`].
fn read_card_in(
    rd: Readers<'_>,
    g: &keikaku_model::TableGrid,
    p: &CardProfile,
    cols: &[(f32, f32)],
) -> Option<Card> {
    let texts: Vec<String> = g.cells.iter().map(cell_text).collect();
    let top = labelled_top(g, &texts, p, cols)
        .or_else(|| column_top(g, &texts, p))
        .or_else(|| unlabelled_top(g, &texts))?;
    let mut title = texts[top.title_i].clone();
    if is_label(&title, &p.title_labels) {
        // the title is the next cell to the right of its label
        let t = &g.cells[top.title_i];
        let next = (0..g.cells.len())
            .filter(|&i| g.cells[i].row == t.row && g.cells[i].col >= t.col + t.colspan)
            .min_by_key(|&i| g.cells[i].col);
        title = next.map(|i| texts[i].clone()).unwrap_or_default();
    }
    let title = title.replace('\n', "");
    let mut card = Card {
        legend: p
            .legend_prefixes
            .iter()
            .any(|x| title.starts_with(x.as_str())),
        lead: department_list(&top.lead, p),
        related: department_list(&top.related, p),
        text: texts.join("\n"),
        title,
        ..Card::default()
    };
    let top_end = top.end;
    let plan_row = (0..g.cells.len())
        .find(|&i| g.cells[i].row >= top_end && is_label(&texts[i], &p.plan_labels))
        .map(|i| &g.cells[i]);
    let end = plan_row.map_or(g.n_rows(), |c| c.row);
    let years = year_row(rd, g, &texts, top_end, end);
    if years.is_none() && !top.labelled {
        return None;
    }
    let summary_end = years.as_ref().map_or(end, |(r, _)| *r);
    card.summary = summary(g, &texts, top_end, summary_end, p);
    if let Some((row, cols)) = &years {
        card.schedule = schedule(g, &texts, *row, end, cols, p);
    }
    if top.column {
        card.fields = column_fields(g, &texts, summary_end, p);
    }
    if let Some(pc) = plan_row {
        card.related_plans = plans(g, pc, p);
    }
    Some(card)
}

/// The top of a card found by its 主管課 label cell (value to its right, title to its left).
/// A label as OCR misread it counts when no cell holds it as printed ([`is_near_label`]),
/// and so does a short cell where the document's other cards have the label
/// ([`label_in_column`]).
fn labelled_top(
    g: &keikaku_model::TableGrid,
    texts: &[String],
    p: &CardProfile,
    cols: &[(f32, f32)],
) -> Option<Top> {
    let label_at = |labels: &[String]| {
        let find = |is: fn(&str, &[String]) -> bool| {
            (0..g.cells.len()).find(|&i| g.cells[i].col > 0 && is(&texts[i], labels))
        };
        find(is_label).or_else(|| find(is_near_label))
    };
    let lead_i = label_at(&p.lead_labels).or_else(|| label_in_column(g, texts, cols, p))?;
    let lead = &g.cells[lead_i];
    let title_i = (0..g.cells.len()).find(|&i| {
        let c = &g.cells[i];
        c.col < lead.col && covers_row(c, lead.row) && !compact(&texts[i]).is_empty()
    })?;
    Some(top_with(
        g,
        title_i,
        lead_i,
        label_at(&p.related_labels),
        false,
    ))
}

/// The top of a card whose labels stand in its first column, each value to its right
/// (事業名 | …, 担当課 | …, 関係部署 | …): the title label and the department label.
fn column_top(g: &keikaku_model::TableGrid, texts: &[String], p: &CardProfile) -> Option<Top> {
    let label_at = |labels: &[String]| {
        (0..g.cells.len()).find(|&i| g.cells[i].col == 0 && is_label(&texts[i], labels))
    };
    let title_i = label_at(&p.title_labels)?;
    let lead_i = label_at(&p.lead_labels)?;
    Some(top_with(
        g,
        title_i,
        lead_i,
        label_at(&p.related_labels),
        true,
    ))
}

/// A labelled top from its title, 主管課 and (optional) 関係課 cells: departments from the
/// cells right of the labels, the end below the lowest of them.
fn top_with(
    g: &keikaku_model::TableGrid,
    title_i: usize,
    lead_i: usize,
    related_i: Option<usize>,
    column: bool,
) -> Top {
    let below = |i: usize| g.cells[i].row + g.cells[i].rowspan;
    let end = [Some(title_i), Some(lead_i), related_i]
        .into_iter()
        .flatten()
        .map(below)
        .max()
        .unwrap_or(0);
    Top {
        title_i,
        lead: cell_lines(g, &g.cells[lead_i]),
        related: related_i.map_or_else(Vec::new, |ri| cell_lines(g, &g.cells[ri])),
        end,
        labelled: true,
        column,
    }
}

/// The rows of a first-column-labelled card above `end` whose label is none of the card's
/// own (目標 | …, 期待される効果 | …): label → the text to its right.
fn column_fields(
    g: &keikaku_model::TableGrid,
    texts: &[String],
    end: usize,
    p: &CardProfile,
) -> std::collections::BTreeMap<String, String> {
    let known: [&[String]; 7] = [
        &p.title_labels,
        &p.lead_labels,
        &p.related_labels,
        &p.summary_labels,
        &p.plan_labels,
        &p.year_labels,
        &p.content_labels,
    ];
    let mut out = std::collections::BTreeMap::new();
    for (i, c) in g.cells.iter().enumerate() {
        let label = texts[i].replace('\n', "");
        let short = label.chars().count() <= MAX_LABEL_CHARS;
        if c.col != 0 || c.row >= end || !short || known.iter().any(|l| is_label(&label, l)) {
            continue;
        }
        let value = right_of(g, texts, c, usize::MAX);
        if !compact(&label).is_empty() && !value.is_empty() {
            out.insert(label.trim().to_string(), value);
        }
    }
    out
}

/// Longest text a first-column label cell has.
const MAX_LABEL_CHARS: usize = 15;

/// The top of a card printed without label cells: the first row holds two texts, the title
/// and a cell naming departments (the vocabulary must know them); the row below,
/// while the title cell spans it, holds the related departments.
fn unlabelled_top(g: &keikaku_model::TableGrid, texts: &[String]) -> Option<Top> {
    let title_i = (0..g.cells.len()).find(|&i| g.cells[i].row == 0 && g.cells[i].col == 0)?;
    let title = &g.cells[title_i];
    let last_in_row = |r: usize| {
        (0..g.cells.len())
            .filter(|&i| g.cells[i].row == r && g.cells[i].col > title.col + title.colspan - 1)
            .filter(|&i| !compact(&texts[i]).is_empty())
            .max_by_key(|&i| g.cells[i].col)
    };
    let lead_i = last_in_row(0)?;
    let lines = |i: usize| {
        g.cells[i]
            .lines
            .iter()
            .map(|l| l.text.clone())
            .collect::<Vec<_>>()
    };
    let filled = (0..g.cells.len())
        .filter(|&i| g.cells[i].row == 0 && !compact(&texts[i]).is_empty())
        .count();
    // just the title and the departments: with more, the row has labels of unknown words
    if filled != 2 || keikaku_jtext::departments(&texts[lead_i]).is_empty() {
        return None;
    }
    let mut end = (title.row + title.rowspan).max(1);
    let mut related = Vec::new();
    if title.rowspan > 1 {
        if let Some(ri) = last_in_row(1) {
            related = lines(ri);
        }
        end = end.max(2);
    }
    Some(Top {
        title_i,
        lead: lines(lead_i),
        related,
        end,
        labelled: false,
        column: false,
    })
}

/// True when the cell spans grid row `r`.
fn covers_row(c: &TableCell, r: usize) -> bool {
    c.row <= r && r < c.row + c.rowspan
}

/// The text of the cells right of `c` in its top row, up to column `limit`.
fn right_of(g: &keikaku_model::TableGrid, texts: &[String], c: &TableCell, limit: usize) -> String {
    let mut s = String::new();
    for (i, x) in g.cells.iter().enumerate() {
        if x.row == c.row && x.col >= c.col + c.colspan && x.col < limit {
            push_line(&mut s, &texts[i]);
        }
    }
    s
}

/// The lines of the cells right of `c` in its top row.
fn cell_lines(g: &keikaku_model::TableGrid, c: &TableCell) -> Vec<String> {
    let right = g
        .cells
        .iter()
        .filter(|x| x.row == c.row && x.col >= c.col + c.colspan);
    right
        .flat_map(|x| x.lines.iter().map(|l| l.text.clone()))
        .collect()
}

/// Departments of a cell, read line by line: a line continues the previous one unless that
/// one ended a name (a separator, or a department name that is not a parent unit such as
/// 〇〇部 / 〇〇局, which the next line's 課 completes); then the items are split on 、 and
/// checked against the vocabulary (kept as printed when it does not know them). Nothing for
/// a none marker.
pub(crate) fn department_list(lines: &[String], p: &CardProfile) -> Vec<String> {
    let all: String = lines.concat();
    let c = compact(&all);
    let none = |s: &str| s.chars().all(|ch| "-－―‐—–ー".contains(ch));
    if c.is_empty() || none(&c) || p.none_values.iter().any(|n| compact(n) == c) {
        return Vec::new();
    }
    let mut items: Vec<String> = Vec::new();
    let mut open = false;
    for l in lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty()) {
        match items.last_mut() {
            Some(last) if open => *last = keikaku_jtext::join_lines(last, l),
            _ => items.push(l.to_string()),
        }
        let cur = items.last().map(String::as_str).unwrap_or_default();
        let tail = cur
            .rsplit(['、', ',', '，'])
            .next()
            .unwrap_or_default()
            .trim();
        let parent = p
            .parent_unit_suffixes
            .iter()
            .any(|s| tail.ends_with(s.as_str()));
        open = !tail.is_empty() && (!keikaku_jtext::is_department(tail) || parent);
    }
    let mut out = Vec::new();
    for item in items
        .iter()
        .flat_map(|i| i.split(['、', ',', '，']))
        .map(str::trim)
    {
        let found = keikaku_jtext::departments(item);
        let found = if found.is_empty() && !item.is_empty() {
            vec![item.to_string()]
        } else {
            found
        };
        append_unique(&mut out, found);
    }
    out
}

/// Year columns: `(fiscal_year, label as printed, first col, end col)`.
type YearCols = Vec<(i32, String, usize, usize)>;

/// The first row in `from..to` with at least two fiscal-year cells.
fn year_row(
    rd: Readers<'_>,
    g: &keikaku_model::TableGrid,
    texts: &[String],
    from: usize,
    to: usize,
) -> Option<(usize, YearCols)> {
    for r in from..to {
        let mut cols: YearCols = Vec::new();
        for (i, c) in g.cells.iter().enumerate().filter(|(_, c)| c.row == r) {
            if let Some(fy) = fiscal_year(rd, &texts[i]) {
                cols.push((fy, texts[i].replace('\n', ""), c.col, c.col + c.colspan));
            }
        }
        if cols.len() >= 2 {
            return Some((r, cols));
        }
    }
    None
}

/// The fiscal year of a header cell (`4(2022)年度`, `令和6年度`).
pub fn fiscal_year(rd: Readers<'_>, text: &str) -> Option<i32> {
    let c = compact(text);
    rd.dates.parse(&c).and_then(|e| e.fiscal_year)
}

/// The overview: a labelled cell, else the rows between the department rows and the 年度 row.
fn summary(
    g: &keikaku_model::TableGrid,
    texts: &[String],
    from: usize,
    to: usize,
    p: &CardProfile,
) -> Option<String> {
    if let Some(i) = (0..g.cells.len()).find(|&i| is_label(&texts[i], &p.summary_labels)) {
        let c = &g.cells[i];
        let right = right_of(g, texts, c, usize::MAX);
        if !right.is_empty() {
            return Some(right);
        }
        return rows_text(g, texts, c.row + c.rowspan, to, p);
    }
    rows_text(g, texts, from, to, p)
}

/// The text of the non-label cells whose top row is in `from..to`.
fn rows_text(
    g: &keikaku_model::TableGrid,
    texts: &[String],
    from: usize,
    to: usize,
    p: &CardProfile,
) -> Option<String> {
    let mut s = String::new();
    for (i, c) in g.cells.iter().enumerate() {
        if c.row >= from && c.row < to && !is_label(&texts[i], &p.summary_labels) {
            push_line(&mut s, &texts[i]);
        }
    }
    (!s.is_empty()).then_some(s)
}

/// The schedule: every cell below the year row goes to the first year column it overlaps.
fn schedule(
    g: &keikaku_model::TableGrid,
    texts: &[String],
    year_row: usize,
    end: usize,
    cols: &YearCols,
    p: &CardProfile,
) -> Vec<ScheduleEntry> {
    let mut cells: Vec<String> = vec![String::new(); cols.len()];
    for (i, c) in g.cells.iter().enumerate() {
        if c.row <= year_row || c.row >= end || is_label(&texts[i], &p.content_labels) {
            continue;
        }
        let hit = cols
            .iter()
            .position(|(_, _, a, b)| c.col < *b && c.col + c.colspan > *a);
        if let Some(k) = hit {
            push_line(&mut cells[k], &texts[i]);
        }
    }
    cols.iter()
        .zip(cells)
        .map(|((fy, label, _, _), text)| ScheduleEntry::Year {
            fiscal_year: *fy,
            label: label.clone(),
            text,
            source: Vec::new(),
        })
        .collect()
}

/// Related plans: the cells right of and below the label, one entry per plan.
fn plans(g: &keikaku_model::TableGrid, label: &TableCell, p: &CardProfile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in &g.cells {
        let right = c.row == label.row && c.col >= label.col + label.colspan;
        if !(right || c.row >= label.row + label.rowspan) {
            continue;
        }
        out.extend(plan_entries(c, p));
    }
    out
}

/// One entry per plan: a new entry at each line starting with a plan-item start, else one
/// per paragraph.
fn plan_entries(cell: &TableCell, p: &CardProfile) -> Vec<String> {
    let starts = |t: &str| p.plan_item_starts.iter().any(|s| t.starts_with(s.as_str()));
    if !cell.lines.iter().any(|l| starts(l.text.trim())) {
        return cell_text(cell)
            .split('\n')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
    }
    let mut out: Vec<String> = Vec::new();
    for l in &cell.lines {
        let t = l.text.trim();
        match out.last_mut() {
            Some(last) if !starts(t) => *last = keikaku_jtext::join_lines(last, t),
            _ if !t.is_empty() => out.push(t.to_string()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> CardProfile {
        Profiles::builtin().cards
    }

    #[test]
    fn departments_and_none() {
        let p = profile();
        let v = |xs: &[&str]| xs.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(department_list(&v(&["-"]), &p).is_empty());
        assert!(department_list(&v(&["—"]), &p).is_empty());
        let cell = v(&["会計課、区民課、", "土木管理課、行政", "管理担当"]);
        assert_eq!(
            department_list(&cell, &p),
            ["会計課", "区民課", "土木管理課", "行政管理担当"]
        );
        let cell = v(&["市街地整備課", "産業振興センター"]);
        assert_eq!(
            department_list(&cell, &p),
            ["市街地整備課", "産業振興センター"]
        );
        let cell = v(&["済美教育センター", "教育委員会事務局", "庶務課"]);
        assert_eq!(
            department_list(&cell, &p),
            ["済美教育センター", "教育委員会事務局庶務課"]
        );
        let cell = v(&["都市整備部管理", "課、市街地整備", "課"]);
        assert_eq!(
            department_list(&cell, &p),
            ["都市整備部管理課", "市街地整備課"]
        );
    }

    fn grid(rows: &[&[&str]]) -> keikaku_model::TableGrid {
        let mut cells = Vec::new();
        for (r, row) in rows.iter().enumerate() {
            for (c, t) in row.iter().enumerate() {
                let (x, y) = (c as f32 * 100.0, r as f32 * 20.0);
                let bbox = keikaku_model::BBox::new(x, y, x + 100.0, y + 20.0);
                let line = keikaku_model::Line {
                    text: t.to_string(),
                    bbox,
                    size: 10.0,
                    ..Default::default()
                };
                let lines = if t.is_empty() { vec![] } else { vec![line] };
                cells.push(TableCell {
                    row: r,
                    col: c,
                    rowspan: 1,
                    colspan: 1,
                    bbox,
                    text: keikaku_testkit::join_lines(&lines),
                    lines,
                });
            }
        }
        let row_edges = (0..=rows.len()).map(|r| r as f32 * 20.0).collect();
        let col_edges = (0..=rows[0].len()).map(|c| c as f32 * 100.0).collect();
        keikaku_model::TableGrid {
            row_edges,
            col_edges,
            cells,
            ..Default::default()
        }
    }

    #[test]
    fn a_user_profile_adds_label_words() {
        let g = grid(&[
            &["事業名", "窓口の改善", "担当所属", "企画課"],
            &["計画期間", "令和6年度", "令和7年度", "令和8年度"],
            &["", "検討", "実施", "拡充"],
        ]);
        // the built-in words do not know 事業名 / 担当所属
        assert!(read_card(&g, &profile()).is_none());
        let user = "[cards]\ntitle_labels = [\"事業名\"]\nlead_labels = [\"担当所属\"]\n";
        let p = crate::ProfileSet::builtin()
            .with_file("user.toml", user)
            .expect("toml")
            .all()
            .cards;
        let card = read_card(&g, &p).expect("a card");
        assert_eq!(card.title, "窓口の改善");
        assert_eq!(card.lead, ["企画課"]);
        let texts: Vec<String> = card
            .schedule
            .iter()
            .map(|e| match e {
                ScheduleEntry::Year {
                    fiscal_year, text, ..
                } => format!("{fiscal_year}:{text}"),
                ScheduleEntry::Span { label, .. } => label.clone(),
            })
            .collect();
        assert_eq!(texts, ["2024:検討", "2025:実施", "2026:拡充"]);
    }

    #[test]
    fn a_misread_label_counts_where_the_documents_cards_have_it() {
        let card = |label: &str| {
            grid(&[
                &["窓口サービスの改善", label, "情報政策課"],
                &["年度", "4(2022)年度", "5(2023)年度"],
                &["取組内容", "検討", "実施"],
            ])
        };
        let p = profile();
        // near enough to 主管課: found without help
        assert_eq!(
            read_card(&card("主管謀"), &p).expect("a card").lead,
            ["情報政策課"]
        );
        // past recognition: only where the document's cards have the label
        let g = card("ま管要");
        assert!(read_card(&g, &p).is_none());
        let tables = vec![JoinedTable {
            grid: card("主管課"),
            ..Default::default()
        }];
        let cols = label_columns(&tables, &p);
        assert_eq!(cols, [(100.0, 200.0)]);
        let found = read_card_in(crate::Readers::standard(), &g, &p, &cols).expect("a card");
        assert_eq!(
            (found.title.as_str(), found.lead.as_slice()),
            ("窓口サービスの改善", &["情報政策課".to_string()][..])
        );
        // elsewhere, or with a long text, or without a 年度 row: no card
        assert!(read_card_in(crate::Readers::standard(), &g, &p, &[(300.0, 400.0)]).is_none());
        assert!(read_card_in(
            crate::Readers::standard(),
            &card("区民の利便性の向上を図る"),
            &p,
            &cols
        )
        .is_none());
        let no_years = grid(&[
            &["窓口サービスの改善", "ま管要", "情報政策課"],
            &["概要", "検討", "実施"],
        ]);
        assert!(read_card_in(crate::Readers::standard(), &no_years, &p, &cols).is_none());
    }

    #[test]
    fn year_headers() {
        let fy = |t: &str| fiscal_year(crate::Readers::standard(), t);
        assert_eq!(fy("4(2022)年度"), Some(2022));
        assert_eq!(fy("令和６年度"), Some(2024));
        assert_eq!(fy("取組内容"), None);
    }
}
