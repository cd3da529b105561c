//! Small text helpers shared by the cover, section and card readers.

use keikaku_model::TableCell;

/// Full-width ASCII folded to half-width and the ideographic space to a space (the part of
/// NFKC that matters for labels and markers).
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Letters of a heading or title: kana, kanji and Latin letters (not digits, marks or numerals
/// such as Ⅰ, so chart labels `15,000`, `0. 7` have none).
pub fn letter_count(text: &str) -> usize {
    text.chars()
        .filter(|&c| {
            c.is_ascii_alphabetic()
                || matches!(c, '\u{3041}'..='\u{30FF}' | '\u{3400}'..='\u{9FFF}' | '\u{FF21}'..='\u{FF5A}')
        })
        .count()
}

/// [`fold_width`] without white space: the form labels and titles are compared in.
pub fn compact(s: &str) -> String {
    fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// True when `text` equals one of `labels` once both are [`compact`]ed.
pub fn is_label(text: &str, labels: &[String]) -> bool {
    let t = compact(text);
    !t.is_empty() && labels.iter().any(|l| compact(l) == t)
}

/// A cell's lines joined as a reader would (the layout's [`TableCell::text`]).
pub fn cell_text(cell: &TableCell) -> String {
    cell.text.clone()
}

/// Appends `b` to `a` on a new line, skipping empty parts.
pub fn push_line(a: &mut String, b: &str) {
    let b = b.trim();
    if b.is_empty() {
        return;
    }
    if !a.is_empty() {
        a.push('\n');
    }
    a.push_str(b);
}

/// Appends `other`'s entries to `list`, skipping ones already there.
pub fn append_unique(list: &mut Vec<String>, other: Vec<String>) {
    for o in other {
        if !list.contains(&o) {
            list.push(o);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width() {
        assert_eq!(fold_width("（１）　取組"), "(1) 取組");
        assert_eq!(compact(" 主 管 課 "), "主管課");
        assert!(is_label("関 係 課", &["関係課".to_string()]));
        assert!(!is_label("", &["".to_string()]));
    }
}
