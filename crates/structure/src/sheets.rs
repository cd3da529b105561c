//! Kokubunji-style initiative sheets: a table with a label column (取組の方向性, 効果,
//! 現状, 課題, 取組内容, 取組プロセス, 活動指標/成果指標, スケジュール), numbered by a
//! `No. １-ア` line above it.
//!
//! - the number line above the table → `number`;
//! - the direction row: its `■` line → `title`, the rest → `summary`;
//! - the KPI row: `《活動指標》`/`《成果指標》` lists → `kpi`;
//! - the schedule row: a bar chart under fiscal-year columns → `schedule` spans, each bar's
//!   years read from its x extent (a filled rect on the page, else the bar's grid cell);
//! - every other labelled row → `fields[label]`.
//!
//! All label words are data (`[sheets]` in `profiles/kokubunji.toml`).

mod schedule;

use crate::sections::Sections;
use crate::tables::util;
use crate::Readers;
use crate::{Claimed, Profiles};
use keikaku_model::{Indicator, Initiative, Item, JoinedTable, Layout, TableCell, Warning};
use serde::Deserialize;

/// Labels and markers of this layout family.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SheetProfile {
    /// Prefixes of the number line above a sheet (`No.`); the rest is the number.
    pub number_prefixes: Vec<String>,
    /// Marker of the title line inside the direction cell (`■`).
    pub title_markers: Vec<String>,
    /// Label of the direction row (title and summary).
    pub summary_labels: Vec<String>,
    /// Labels of plain text fields (also used to recognise a sheet).
    pub field_labels: Vec<String>,
    /// Word naming activity indicators (`活動指標`).
    pub kpi_activity: Vec<String>,
    /// Word naming outcome indicators (`成果指標`).
    pub kpi_outcome: Vec<String>,
    /// Labels of indicators of no stated kind (`KPI`, `目標指標`).
    pub kpi_labels: Vec<String>,
    /// Label of the bar-chart schedule row (`スケジュール`).
    pub schedule_labels: Vec<String>,
    /// Bullets that start a list item (`・`).
    pub bullets: Vec<String>,
    /// Cell values meaning "none" (`―`).
    pub empty_values: Vec<String>,
    /// How many known labels a table's label column needs to be a sheet (0: default 3).
    pub min_labels: usize,
}

/// What a label cell of a sheet stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Row {
    Summary,
    Kpi,
    Schedule,
    Field,
}

impl SheetProfile {
    fn kind(&self, label: &str) -> Option<Row> {
        let has = |list: &[String]| mentions(list, label);
        let is = |list: &[String]| list.iter().any(|w| util::same_label(label, w));
        if is(&self.summary_labels) {
            Some(Row::Summary)
        } else if is(&self.schedule_labels) {
            Some(Row::Schedule)
        } else if has(&self.kpi_activity) || has(&self.kpi_outcome) || is(&self.kpi_labels) {
            Some(Row::Kpi)
        } else if is(&self.field_labels) {
            Some(Row::Field)
        } else {
            None
        }
    }

    fn needed(&self) -> usize {
        if self.min_labels == 0 {
            3
        } else {
            self.min_labels
        }
    }

    fn is_empty_value(&self, text: &str) -> bool {
        let t = util::squash(text);
        t.is_empty() || self.empty_values.iter().any(|e| util::squash(e) == t)
    }
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
    let p = &profiles.sheets;
    let words = Words {
        cards: &profiles.cards,
        indicators: &profiles.indicators,
    };
    let mut out = Vec::new();
    for jt in &layout.joined {
        if jt
            .parts
            .iter()
            .any(|x| claimed.contains(&(x.page_index, x.table_index)))
        {
            continue;
        }
        if !is_sheet(rd, jt, p) {
            continue;
        }
        for x in &jt.parts {
            claimed.claim((x.page_index, x.table_index), Some(out.len()));
        }
        out.push(sheet(rd, layout, jt, (p, &words), sections, warnings));
    }
    out
}

/// The label cells of a sheet: those of the column holding most known labels.
fn label_cells<'a>(rd: Readers<'_>, jt: &'a JoinedTable, p: &SheetProfile) -> Vec<&'a TableCell> {
    let known = |c: &&TableCell| p.kind(&util::cell_text(rd, c)).is_some();
    let best = (0..jt.grid.n_cols().saturating_sub(1))
        .map(|col| {
            let n = jt
                .grid
                .cells
                .iter()
                .filter(|c| c.col == col)
                .filter(known)
                .count();
            (n, std::cmp::Reverse(col))
        })
        .max()
        .map(|(_, std::cmp::Reverse(col))| col);
    let Some(col) = best else { return Vec::new() };
    jt.grid.cells.iter().filter(|c| c.col == col).collect()
}

/// True when the table is an initiative sheet (enough known labels in one column).
pub fn is_sheet(rd: Readers<'_>, jt: &JoinedTable, p: &SheetProfile) -> bool {
    let known = label_cells(rd, jt, p)
        .into_iter()
        .filter(|c| p.kind(&util::cell_text(rd, c)).is_some())
        .count();
    known >= p.needed()
}

/// Words of other readers a sheet also prints: a 取組名 and a 担当課 label, KPI table headers.
struct Words<'a> {
    cards: &'a crate::cards::CardProfile,
    indicators: &'a crate::indicators::IndicatorProfile,
}

fn sheet(
    rd: Readers<'_>,
    layout: &Layout,
    jt: &JoinedTable,
    (p, words): (&SheetProfile, &Words),
    sections: &Sections,
    warnings: &mut Vec<Warning>,
) -> Initiative {
    let mut ini = Initiative {
        form: keikaku_model::InitiativeForm::Sheet,
        pages: jt.pages.clone(),
        number: number_above(layout, jt, p).or_else(|| number_inside(jt, p)),
        section_path: sections.path_at(jt.grid.page, jt.grid.bbox.y0),
        ..Default::default()
    };
    let rows = util::row_pages(layout, jt);
    for label_cell in label_cells(rd, jt, p) {
        let label = util::squash(&util::cell_text(rd, label_cell));
        let body: Vec<&TableCell> = content(jt, label_cell);
        match p.kind(&label) {
            Some(Row::Summary) => {
                let (title, summary) = title_summary(rd, &body, p);
                ini.title = title;
                ini.summary = Some(summary);
            }
            Some(Row::Kpi) => ini.kpi = sheet_kpi(rd, jt, label_cell, &label, &body, (p, words)),
            Some(Row::Schedule) => {
                ini.schedule = schedule::read(rd, layout, jt, &rows, label_cell, p);
                let written = body.iter().any(|c| !c.lines.is_empty());
                if ini.schedule.is_empty() && written {
                    warnings.push(Warning::new(
                        Some(jt.grid.page),
                        "sheet-schedule-unread",
                        format!(
                            "schedule of sheet {:?} has no fiscal-year header or bars",
                            ini.number
                        ),
                    ));
                }
            }
            None if ini.title.is_empty() && is_one_of(&label, &words.cards.title_labels) => {
                ini.title = body_text(rd, &body).replace('\n', "");
            }
            None if is_one_of(&label, &words.cards.lead_labels) => {
                let lines: Vec<String> = body
                    .iter()
                    .flat_map(|c| c.lines.iter().map(|l| l.text.clone()))
                    .collect();
                ini.lead_departments = crate::cards::department_list(&lines, words.cards);
            }
            Some(Row::Field) | None => {
                if label.is_empty() {
                    continue;
                }
                let text: Vec<String> = body
                    .iter()
                    .map(|c| util::cell_text(rd, c))
                    .filter(|t| !t.is_empty())
                    .collect();
                ini.fields.insert(label, text.join("\n"));
            }
        }
    }
    ini
}

/// True when a label contains one of `words` (folded).
fn mentions(words: &[String], label: &str) -> bool {
    words
        .iter()
        .any(|w| !w.is_empty() && util::fold_label(label).contains(&util::fold_label(w)))
}

/// True when a label reads as one of `labels`.
fn is_one_of(label: &str, labels: &[String]) -> bool {
    labels.iter().any(|w| util::same_label(label, w))
}

/// The texts of a label's cells, one per line.
fn body_text(rd: Readers<'_>, body: &[&TableCell]) -> String {
    body.iter()
        .map(|c| util::cell_text(rd, c))
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The indicators of a KPI label: a KPI table right of it (指標名 / 現状値 / 目標値), else
/// the lines of its cells (names under 《活動指標》 / 《成果指標》, or `YEAR：VALUE` texts).
fn sheet_kpi(
    rd: Readers<'_>,
    jt: &JoinedTable,
    label_cell: &TableCell,
    label: &str,
    body: &[&TableCell],
    (p, words): (&SheetProfile, &Words),
) -> Vec<Indicator> {
    let (activity, outcome) = (
        mentions(&p.kpi_activity, label),
        mentions(&p.kpi_outcome, label),
    );
    let kind = match (activity, outcome) {
        (true, false) => Some("activity"),
        (false, true) => Some("outcome"),
        _ => None,
    };
    if let Some(found) = sub_grid(jt, label_cell)
        .and_then(|g| crate::indicators::from_grid(rd, &g, words.indicators, kind))
        .filter(|f| !f.is_empty())
    {
        return found;
    }
    let mut found = kpi(rd, label, body, p);
    if !activity && !outcome {
        // a KPI label of no kind: the lines may carry values (2019年：6,296千人 → …)
        let lines: Vec<String> = body
            .iter()
            .flat_map(|c| c.lines.iter().map(|l| l.text.clone()))
            .collect();
        let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
        let read = crate::indicators::from_lines(rd, &refs, words.indicators, None);
        if !read.is_empty() {
            return read;
        }
        found.iter_mut().for_each(|k| k.kind = None);
    }
    found
}

/// The cells right of a label cell as a grid of their own (a KPI table inside a sheet).
fn sub_grid(jt: &JoinedTable, label: &TableCell) -> Option<keikaku_model::TableGrid> {
    let g = &jt.grid;
    let (r0, r1) = (label.row, label.row + label.rowspan.max(1));
    let c0 = label.col + label.colspan.max(1);
    let cells: Vec<TableCell> = g
        .cells
        .iter()
        .filter(|c| c.col >= c0 && c.row >= r0 && c.row < r1)
        .map(|c| TableCell {
            row: c.row - r0,
            col: c.col - c0,
            rowspan: c.rowspan.min(r1 - c.row),
            ..c.clone()
        })
        .collect();
    if cells.len() < 4 {
        return None;
    }
    Some(keikaku_model::TableGrid {
        row_edges: g.row_edges.get(r0..=r1)?.to_vec(),
        col_edges: g.col_edges.get(c0..)?.to_vec(),
        cells,
        ..g.clone()
    })
}

/// The cells right of a label cell, over the label's rows, top to bottom and left to right.
fn content<'a>(jt: &'a JoinedTable, label: &TableCell) -> Vec<&'a TableCell> {
    let rows = label.row..label.row + label.rowspan.max(1);
    jt.grid
        .cells
        .iter()
        .filter(|c| c.col >= label.col + label.colspan.max(1) && rows.contains(&c.row))
        .collect()
}

/// The sheet's number: the nearest block above the table on its page that starts with a
/// number prefix (no other table in between).
fn number_above(layout: &Layout, jt: &JoinedTable, p: &SheetProfile) -> Option<String> {
    let first = jt.parts.first()?;
    let page = layout.pages.get(first.page_index)?;
    let pos = page
        .items
        .iter()
        .position(|it| matches!(it, Item::Table(t) if *t == first.table_index))?;
    for it in page.items[..pos].iter().rev() {
        let Item::Block(b) = it else { return None };
        for l in b.lines.iter().rev() {
            if let Some(n) = strip_number(&l.text, p) {
                return Some(n);
            }
        }
    }
    None
}

/// The number written in the sheet's first row instead (`No. １-ア` in a spanning cell).
fn number_inside(jt: &JoinedTable, p: &SheetProfile) -> Option<String> {
    jt.grid
        .cells
        .iter()
        .filter(|c| c.row == 0)
        .flat_map(|c| c.lines.iter())
        .find_map(|l| strip_number(&l.text, p))
}

/// `No. １-ア` → `１-ア`.
fn strip_number(text: &str, p: &SheetProfile) -> Option<String> {
    let t = text.trim();
    p.number_prefixes
        .iter()
        .filter(|x| !x.is_empty())
        .find_map(|x| {
            let rest = t.strip_prefix(x.as_str())?.trim();
            (!rest.is_empty() && rest.chars().count() <= 12).then(|| util::squash(rest))
        })
}

/// Title (the marked line, marker removed) and summary (the rest) of the direction cell.
fn title_summary(rd: Readers<'_>, body: &[&TableCell], p: &SheetProfile) -> (String, String) {
    let text: Vec<String> = body.iter().map(|c| util::cell_text(rd, c)).collect();
    let text = text.join("\n");
    let mut title = String::new();
    let mut rest = Vec::new();
    for para in text.split('\n') {
        let marked = p
            .title_markers
            .iter()
            .filter(|m| !m.is_empty())
            .find_map(|m| para.trim().strip_prefix(m.as_str()));
        match marked {
            Some(t) if title.is_empty() => title = t.trim().to_string(),
            _ => rest.push(para.trim()),
        }
    }
    (title, rest.concat())
}

/// The activity and outcome indicator lists of the KPI cell.
fn kpi(rd: Readers<'_>, label: &str, body: &[&TableCell], p: &SheetProfile) -> Vec<Indicator> {
    let has =
        |list: &[String], s: &str| list.iter().any(|w| !w.is_empty() && s.contains(w.as_str()));
    let mut current = match (has(&p.kpi_activity, label), has(&p.kpi_outcome, label)) {
        (false, true) => Some(false),
        _ => Some(true),
    };
    let (mut activity, mut outcome) = (Vec::new(), Vec::new());
    let mut open = false; // an item is open for continuation lines
    for line in body.iter().flat_map(|c| c.lines.iter()) {
        let text = util::tidy(rd, &line.text);
        if let Some(activity) = heading(&text, p) {
            (current, open) = (Some(activity), false);
            continue;
        }
        let list = match current {
            Some(true) => &mut activity,
            _ => &mut outcome,
        };
        let item = p
            .bullets
            .iter()
            .filter(|b| !b.is_empty())
            .find_map(|b| text.strip_prefix(b.as_str()));
        match item {
            Some(t) => {
                list.push(t.trim().to_string());
                open = true;
            }
            None if p.is_empty_value(&text) => open = false,
            None => match list.last_mut() {
                Some(last) if open => *last = keikaku_jtext::join_lines(last, &text),
                _ => {
                    list.push(text.clone());
                    open = true;
                }
            },
        }
    }
    let named = |kind: &'static str| move |n: String| Indicator::named(n, Some(kind));
    let mut kpi: Vec<Indicator> = activity.into_iter().map(named("activity")).collect();
    kpi.extend(outcome.into_iter().map(named("outcome")));
    kpi
}

/// A KPI list heading (`《活動指標》`, `活動指標`): Some(true) for activity, Some(false) for
/// outcome.
fn heading(text: &str, p: &SheetProfile) -> Option<bool> {
    const BRACKETS: &str = "《》【】〈〉<>［］[]（）()〔〕";
    let t = util::squash(text);
    let bracketed = t.chars().next().is_some_and(|c| BRACKETS.contains(c));
    let bare = t.trim_matches(|c: char| BRACKETS.contains(c) || c == '：' || c == ':');
    let is = |list: &[String]| {
        list.iter().any(|w| {
            !w.is_empty()
                && (bare == util::squash(w) || (bracketed && bare.starts_with(&util::squash(w))))
        })
    };
    if is(&p.kpi_activity) {
        Some(true)
    } else if is(&p.kpi_outcome) {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::{BBox, Line};

    fn profile() -> SheetProfile {
        crate::Profiles::builtin().sheets
    }

    fn cell(lines: &[&str]) -> TableCell {
        let lines: Vec<Line> = lines
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                text: (*t).into(),
                bbox: BBox::new(
                    130.0,
                    100.0 + 12.0 * i as f32,
                    130.0 + 10.0 * t.chars().count() as f32,
                    110.0 + 12.0 * i as f32,
                ),
                size: 10.0,
                ..Default::default()
            })
            .collect();
        TableCell {
            row: 0,
            col: 1,
            rowspan: 1,
            colspan: 1,
            bbox: BBox::default(),
            text: keikaku_testkit::join_lines(&lines),
            lines,
        }
    }

    /// The names of the indicators of one kind.
    fn names<'a>(k: &'a [keikaku_model::Indicator], kind: &str) -> Vec<&'a str> {
        k.iter()
            .filter(|i| i.kind.as_deref() == Some(kind))
            .map(|i| i.name.as_str())
            .collect()
    }

    #[test]
    fn kpi_lists_split_by_headings_and_bullets() {
        let c = cell(&[
            "《活動指標》",
            "・オンライン化を完了した手続の割合",
            "《成果指標》",
            "・申請手続のうち、オンライン化を",
            "完了したものの割合",
        ]);
        let k = kpi(
            crate::Readers::standard(),
            "活動指標成果指標",
            &[&c],
            &profile(),
        );
        assert_eq!(names(&k, "activity"), ["オンライン化を完了した手続の割合"]);
        assert_eq!(
            names(&k, "outcome"),
            ["申請手続のうち、オンライン化を完了したものの割合"]
        );
    }

    #[test]
    fn kpi_headings_need_brackets_or_the_bare_word() {
        let p = profile();
        assert_eq!(heading("《活動指標》", &p), Some(true));
        assert_eq!(heading("【成果指標】", &p), Some(false));
        assert_eq!(heading("成果指標", &p), Some(false));
        assert_eq!(heading("・活動指標の達成率", &p), None);
    }

    #[test]
    fn kpi_dash_means_none() {
        let c = cell(&["《活動指標》", "―", "《成果指標》", "―"]);
        let k = kpi(
            crate::Readers::standard(),
            "活動指標成果指標",
            &[&c],
            &profile(),
        );
        assert!(k.is_empty());
    }

    #[test]
    fn title_is_the_marked_line() {
        let c = cell(&[
            "■窓口サービスの拡充",
            "デジタル技術を活用して手続を簡略化し、",
        ]);
        let (t, s) = title_summary(crate::Readers::standard(), &[&c], &profile());
        assert_eq!(t, "窓口サービスの拡充");
        assert!(s.starts_with("デジタル技術"));
    }

    /// A sheet of another municipality with other label words: not recognised by the
    /// built-in profile, read once a user profile names its labels.
    #[test]
    fn other_label_words_are_a_profile_change() {
        use keikaku_model::{PageLayout, TableGrid};
        let label = |row: usize, t: &str| TableCell {
            row,
            col: 0,
            rowspan: 1,
            colspan: 1,
            bbox: BBox::new(
                50.0,
                100.0 + 20.0 * row as f32,
                120.0,
                120.0 + 20.0 * row as f32,
            ),
            ..cell(&[t])
        };
        let body = |row: usize, t: &[&str]| TableCell {
            row,
            col: 1,
            rowspan: 1,
            colspan: 1,
            bbox: BBox::new(
                120.0,
                100.0 + 20.0 * row as f32,
                540.0,
                120.0 + 20.0 * row as f32,
            ),
            ..cell(t)
        };
        let grid = TableGrid {
            page: 1,
            bbox: BBox::new(50.0, 100.0, 540.0, 180.0),
            row_edges: vec![100.0, 120.0, 140.0, 160.0, 180.0],
            col_edges: vec![50.0, 120.0, 540.0],
            cells: vec![
                label(0, "事業の目的"),
                body(0, &["◆空き家対策の推進", "空き家の活用を進めます。"]),
                label(1, "現況"),
                body(1, &["・空き家が増えています。"]),
                label(2, "評価指標"),
                body(2, &["・相談件数"]),
                label(3, "備考"),
                body(3, &["なし"]),
            ],
            ..Default::default()
        };
        let number = keikaku_model::Block {
            lines: cell(&["事業番号 3"]).lines,
            ..Default::default()
        };
        let page = PageLayout {
            number: 1,
            items: vec![Item::Block(number), Item::Table(0)],
            tables: vec![grid],
            ..Default::default()
        };
        let mut layout = Layout {
            pages: vec![page],
            ..Default::default()
        };
        keikaku_testkit::complete(&mut layout);
        let read_with = |profiles: &Profiles| {
            read(
                crate::Readers::standard(),
                &layout,
                profiles,
                &Sections::default(),
                &mut Claimed::new(),
                &mut Vec::new(),
            )
        };
        assert!(read_with(&Profiles::builtin()).is_empty());
        let user = crate::ProfileSet::builtin().with_file(
            "user.toml",
            "[sheets]\nnumber_prefixes = [\"事業番号\"]\nsummary_labels = [\"事業の目的\"]\nfield_labels = [\"現況\"]\nkpi_activity = [\"評価指標\"]\n",
        )
        .expect("user profile");
        let found = read_with(&user.all());
        assert_eq!(found.len(), 1);
        let s = &found[0];
        assert_eq!(s.number.as_deref(), Some("3"));
        assert_eq!(s.title, "空き家対策の推進");
        assert_eq!(
            s.fields.get("現況").map(String::as_str),
            Some("・空き家が増えています。")
        );
        assert_eq!(
            keikaku_model::indicator_names(&s.kpi, "activity"),
            ["相談件数"]
        );
    }

    #[test]
    fn number_prefix_is_stripped() {
        assert_eq!(
            strip_number("No. １-ア", &profile()).as_deref(),
            Some("１-ア")
        );
        assert_eq!(strip_number("No.５", &profile()).as_deref(), Some("５"));
        assert_eq!(strip_number("Noise", &profile()), None);
    }
}
