//! Small helpers on table grids shared by `tables`, `sheets` and `notes`: cell text, the
//! row/column matrix of a grid, and which page a row of a joined table lives on.

use crate::Readers;
use keikaku_model::{JoinedTable, Layout, Merge, TableCell, TableGrid};

/// A cell's text as a reader would type it: lines joined, letter-spacing removed.
pub fn cell_text(rd: Readers<'_>, c: &TableCell) -> String {
    // a label stacked one character per line (収/益/的) reads as one word
    let stacked = c.lines.len() > 1 && c.lines.iter().all(|l| l.text.trim().chars().count() <= 1);
    if stacked {
        return c.lines.iter().map(|l| l.text.trim()).collect();
    }
    tidy(rd, &c.text)
}

/// Removes spaces between Japanese letters (letter-spaced headings such as `職 員 数`).
pub fn tidy(rd: Readers<'_>, text: &str) -> String {
    let t = text.trim();
    if t.contains([' ', '\u{3000}']) {
        rd.words.repair(t).trim().to_string()
    } else {
        t.to_string()
    }
}

/// Text with all white space removed, for comparing labels.
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Label comparison that ignores white space and full-/half-width parentheses.
pub fn same_label(a: &str, b: &str) -> bool {
    fold_label(a) == fold_label(b)
}

/// A label folded for comparison: no white space, ASCII parentheses, `・` kept.
pub fn fold_label(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// The grid as a matrix of cell texts (a merged cell repeated in every position it covers)
/// and the list of merged cells.
pub fn matrix(rd: Readers<'_>, g: &TableGrid) -> (Vec<Vec<String>>, Vec<Merge>) {
    let (nr, nc) = (g.n_rows(), g.n_cols());
    let mut rows = vec![vec![String::new(); nc]; nr];
    let mut merges = Vec::new();
    for c in &g.cells {
        let text = cell_text(rd, c);
        let cols = c.col.min(nc)..(c.col + c.colspan.max(1)).min(nc);
        for row in rows.iter_mut().take(c.row + c.rowspan.max(1)).skip(c.row) {
            row[cols.clone()]
                .iter_mut()
                .for_each(|x| x.clone_from(&text));
        }
        if c.rowspan > 1 || c.colspan > 1 {
            merges.push(Merge {
                row: c.row,
                col: c.col,
                rowspan: c.rowspan.max(1),
                colspan: c.colspan.max(1),
            });
        }
    }
    (rows, merges)
}

/// For each grid row of a joined table, the index (into `layout.pages`) of the page it is on.
pub fn row_pages(layout: &Layout, jt: &JoinedTable) -> Vec<usize> {
    let mut out = Vec::new();
    for (k, part) in jt.parts.iter().enumerate() {
        let Some(t) = layout
            .pages
            .get(part.page_index)
            .and_then(|p| p.tables.get(part.table_index))
        else {
            continue;
        };
        let skip = if k == 0 { 0 } else { t.repeated_header_rows };
        let n = t.n_rows().saturating_sub(skip);
        out.extend(std::iter::repeat_n(part.page_index, n));
    }
    let total = jt.grid.n_rows();
    let last = out.last().copied().unwrap_or(0);
    out.resize(total, last);
    out
}

/// The cell covering grid position (row, col), if any.
pub fn cell_at(g: &TableGrid, row: usize, col: usize) -> Option<&TableCell> {
    g.cells.iter().find(|c| {
        c.row <= row
            && row < c.row + c.rowspan.max(1)
            && c.col <= col
            && col < c.col + c.colspan.max(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::{BBox, Line};

    fn cell(row: usize, col: usize, rowspan: usize, colspan: usize, text: &str) -> TableCell {
        let lines: Vec<Line> = text
            .split('\n')
            .enumerate()
            .map(|(i, t)| Line {
                text: t.into(),
                bbox: BBox::new(
                    10.0,
                    10.0 + 12.0 * i as f32,
                    10.0 + 10.0 * t.chars().count() as f32,
                    20.0 + 12.0 * i as f32,
                ),
                size: 10.0,
                ..Default::default()
            })
            .collect();
        TableCell {
            row,
            col,
            rowspan,
            colspan,
            bbox: BBox::default(),
            text: keikaku_testkit::join_lines(&lines),
            lines,
        }
    }

    #[test]
    fn merged_cells_repeat_and_are_listed() {
        let g = TableGrid {
            row_edges: vec![0.0, 10.0, 20.0],
            col_edges: vec![0.0, 10.0, 20.0],
            cells: vec![
                cell(0, 0, 2, 1, "活動指標"),
                cell(0, 1, 1, 1, "51件"),
                cell(1, 1, 1, 1, "75件"),
            ],
            ..Default::default()
        };
        let (rows, merges) = matrix(crate::Readers::standard(), &g);
        assert_eq!(rows, [["活動指標", "51件"], ["活動指標", "75件"]]);
        assert_eq!(
            merges,
            [Merge {
                row: 0,
                col: 0,
                rowspan: 2,
                colspan: 1
            }]
        );
    }

    #[test]
    fn stacked_characters_read_as_one_word() {
        assert_eq!(
            cell_text(
                crate::Readers::standard(),
                &cell(0, 0, 1, 1, "収\n益\n的\n収\n支")
            ),
            "収益的収支"
        );
        // a single line of one character is just that character
        assert_eq!(
            cell_text(crate::Readers::standard(), &cell(0, 0, 1, 1, "〇")),
            "〇"
        );
    }

    #[test]
    fn labels_compare_without_spaces_and_width() {
        assert!(same_label("効果 （目指す姿）", "効果(目指す姿)"));
        assert!(!same_label("現状", "課題"));
        assert_eq!(tidy(crate::Readers::standard(), "職 員 数"), "職員数");
    }
}
