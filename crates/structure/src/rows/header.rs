//! The header of a row-form table: which grid rows it takes, each column's name and role.

use super::RowProfile;
use crate::cards::util::{compact, is_label};
use crate::tables::util::{cell_at, cell_text};
use crate::Readers;
use keikaku_model::{TableCell, TableGrid};

/// The header may start this far down (a caption row above it).
const MAX_HEADER_START: usize = 3;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The initiative's name (事業名).
    Title,
    /// Its number (№).
    Number,
    /// Its department (担当課).
    Department,
    /// Its overview (概要).
    Summary,
    /// The new mark (新規).
    New,
    /// A fiscal-year column (令和6年度): a schedule entry.
    Year(i32),
    /// Anything else: a field named by the header.
    Field,
}

/// A row-form table's columns.
#[derive(Debug, Clone, PartialEq)]
pub struct Columns {
    /// The first grid row below the header.
    pub body: usize,
    /// The initiative column.
    pub title: usize,
    names: Vec<String>,
    roles: Vec<Role>,
}

impl Columns {
    /// The role of column `k`.
    pub fn role(&self, k: usize) -> Role {
        self.roles.get(k).copied().unwrap_or(Role::Field)
    }

    /// The name of column `k` (a grouped column as `group（leaf）`).
    pub fn name(&self, k: usize) -> &str {
        self.names.get(k).map_or("", String::as_str)
    }

    /// True when `text` is column `k`'s own header (a header row repeated in the body).
    pub fn is_header_text(&self, k: usize, text: &str) -> bool {
        compact(text) == compact(self.name(k))
    }

    /// How many distinct roles other than title and field the columns have.
    pub fn named_roles(&self) -> usize {
        let mut seen: Vec<Role> = Vec::new();
        for r in &self.roles {
            let r = match r {
                Role::Year(_) => Role::Year(0),
                other => *other,
            };
            if !matches!(r, Role::Title | Role::Field) && !seen.contains(&r) {
                seen.push(r);
            }
        }
        seen.len()
    }
}

/// The columns of a table whose header names an initiative column and enough other roles,
/// with at least one row below the header.
pub fn find(rd: Readers<'_>, g: &TableGrid, p: &RowProfile) -> Option<Columns> {
    let top = g.n_rows().min(MAX_HEADER_START);
    (0..top).find_map(|r| at_row(rd, g, r, p))
}

/// The columns when the header starts at grid row `r`.
fn at_row(rd: Readers<'_>, g: &TableGrid, r: usize, p: &RowProfile) -> Option<Columns> {
    let starting: Vec<&TableCell> = g.cells.iter().filter(|c| c.row == r).collect();
    let title = starting
        .iter()
        .find(|c| is_label(&cell_text(rd, c), &p.title_headers))?;
    let end = starting
        .iter()
        .map(|c| c.row + c.rowspan.max(1))
        .max()
        .unwrap_or(r + 1);
    if end >= g.n_rows() {
        return None;
    }
    let names: Vec<String> = (0..g.n_cols())
        .map(|k| column_name(rd, g, r, end, k))
        .collect();
    let mut roles: Vec<Role> = names.iter().map(|n| role(rd, n, p)).collect();
    for (k, role) in roles.iter_mut().enumerate() {
        if *role == Role::Title && k != title.col {
            *role = Role::Field;
        }
    }
    if let Some(x) = roles.get_mut(title.col) {
        *x = Role::Title;
    }
    let cols = Columns {
        body: end,
        title: title.col,
        names,
        roles,
    };
    (cols.named_roles() >= p.roles_needed()).then_some(cols)
}

/// The texts of the header cells over column `k` in rows `from..to`, top to bottom and
/// without repeats, as `group（leaf）`.
fn column_name(rd: Readers<'_>, g: &TableGrid, from: usize, to: usize, k: usize) -> String {
    let mut parts: Vec<String> = Vec::new();
    for r in from..to {
        let Some(c) = cell_at(g, r, k) else { continue };
        let t = compact(&cell_text(rd, c));
        if !t.is_empty() && !parts.contains(&t) {
            parts.push(t);
        }
    }
    match parts.as_slice() {
        [] => String::new(),
        [one] => one.clone(),
        [group, rest @ ..] => format!("{group}（{}）", rest.join("・")),
    }
}

/// The role a column's name gives it.
fn role(rd: Readers<'_>, name: &str, p: &RowProfile) -> Role {
    let leaf = leaf(name);
    let is = |labels: &[String]| is_label(name, labels) || is_label(leaf, labels);
    if is(&p.title_headers) {
        Role::Title
    } else if is(&p.number_headers) {
        Role::Number
    } else if is(&p.department_headers) {
        Role::Department
    } else if is(&p.summary_headers) {
        Role::Summary
    } else if is(&p.new_headers) {
        Role::New
    } else if let Some(fy) = year(rd, leaf, p) {
        Role::Year(fy)
    } else {
        Role::Field
    }
}

/// The innermost part of a grouped name (`国県支出金` of `補正額の財源内訳（国県支出金）`).
fn leaf(name: &str) -> &str {
    name.strip_suffix('）')
        .and_then(|s| s.rsplit_once('（'))
        .map_or(name, |(_, l)| l)
}

/// The fiscal year of a year column's name (`令和6年度`, `2025年度`), not of an amount
/// column that names a year (`令和6年度予算額`).
fn year(rd: Readers<'_>, name: &str, p: &RowProfile) -> Option<i32> {
    let c = compact(name);
    let ends = p
        .year_suffixes
        .iter()
        .any(|s| !s.is_empty() && c.ends_with(&compact(s)));
    ends.then(|| crate::cards::fiscal_year(rd, &c)).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grouped_names_have_a_leaf() {
        assert_eq!(leaf("補正額の財源内訳（国県支出金）"), "国県支出金");
        assert_eq!(leaf("事業名"), "事業名");
    }

    #[test]
    fn year_columns_are_years_not_amounts() {
        let p = crate::Profiles::builtin().rows;
        assert_eq!(
            year(crate::Readers::standard(), "令和６年度", &p),
            Some(2024)
        );
        assert_eq!(year(crate::Readers::standard(), "2025年度", &p), Some(2025));
        assert_eq!(
            year(crate::Readers::standard(), "令和6年度予算額", &p),
            None
        );
    }
}
