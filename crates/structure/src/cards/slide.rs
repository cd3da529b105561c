//! Slide summaries: `(1) title` printed just before a table whose rows are labelled 内容 /
//! 目標; each labelled row becomes a field. Without the numbered heading the table is left
//! to the table reader.

use super::util::{cell_text, compact, fold_width, is_label, push_line};
use super::CardProfile;
use crate::sections::pattern::Marker;
use crate::sections::Sections;
use keikaku_model::{Initiative, Item, JoinedTable, Layout, Line};
use std::collections::BTreeMap;

/// The slide item of `jt`, when its first-column cells are all slide labels.
pub fn read(
    layout: &Layout,
    jt: &JoinedTable,
    sections: &Sections,
    p: &CardProfile,
) -> Option<Initiative> {
    let g = &jt.grid;
    let firsts: Vec<_> = g.cells.iter().filter(|c| c.col == 0).collect();
    let all_labels = firsts
        .iter()
        .all(|c| is_label(&cell_text(c), &p.slide_labels));
    let mut distinct: Vec<String> = firsts.iter().map(|c| compact(&cell_text(c))).collect();
    distinct.dedup();
    // one labelled row is some other table (a 目標 box); an item has 内容 and 目標
    if distinct.len() < 2 || !all_labels || g.n_cols() < 2 {
        return None;
    }
    let mut fields: BTreeMap<String, String> = BTreeMap::new();
    for label in &firsts {
        let key = compact(&cell_text(label));
        let mut value = String::new();
        for c in g.cells.iter().filter(|c| c.row == label.row && c.col > 0) {
            push_line(&mut value, &cell_text(c));
        }
        push_line(fields.entry(key).or_default(), &value);
    }
    let part = jt.parts.first()?;
    let heading = line_before(layout, part.page_index, part.table_index)?;
    let (number, title) = split_number(heading.text.trim(), p);
    // a labelled table without a numbered heading is some other table
    number.as_ref()?;
    Some(Initiative {
        form: keikaku_model::InitiativeForm::Slide,
        number,
        title,
        section_path: sections.path_at(g.page, g.bbox.y0),
        fields,
        pages: jt.pages.clone(),
        ..Initiative::default()
    })
}

/// The last body line before table `ti` (on its page, else the previous page's last).
fn line_before(layout: &Layout, pi: usize, ti: usize) -> Option<&Line> {
    let page = layout.pages.get(pi)?;
    let pos = page
        .items
        .iter()
        .position(|it| matches!(it, Item::Table(t) if *t == ti))?;
    let before = &page.items[..pos];
    if before.iter().any(|it| matches!(it, Item::Block(_))) {
        return last_line(before);
    }
    let prev = layout.pages.get(pi.checked_sub(1)?)?;
    last_line(&prev.items)
}

/// The last line of the last block of `items`.
fn last_line(items: &[Item]) -> Option<&Line> {
    items.iter().rev().find_map(|it| match it {
        Item::Block(b) => b.lines.last(),
        Item::Table(_) => None,
    })
}

/// `(1) title` → (`(1)`, `title`); a line without number marker is all title.
pub fn split_number(text: &str, p: &CardProfile) -> (Option<String>, String) {
    let folded = fold_width(text);
    for m in p.slide_numbers.iter().map(|t| Marker::parse(t)) {
        if let Some(len) = m.match_prefix(&folded) {
            let number: String = text.chars().take(len).collect();
            let title: String = text.chars().skip(len).collect();
            return (Some(number.trim().to_string()), title.trim().to_string());
        }
    }
    (None, text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_titles() {
        let p = crate::Profiles::builtin().cards;
        let (n, t) = split_number("(3) AI(人工知能)の活用", &p);
        assert_eq!(
            (n.as_deref(), t.as_str()),
            (Some("(3)"), "AI(人工知能)の活用")
        );
        let (n, t) = split_number("（２）キャッシュレス決済の推進", &p);
        assert_eq!(
            (n.as_deref(), t.as_str()),
            (Some("（２）"), "キャッシュレス決済の推進")
        );
        assert_eq!(split_number("取組", &p).0, None);
    }
}
