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

/// Shortest label (characters) that [`is_near_label`] matches with a character wrong.
const NEAR_MIN: usize = 3;

/// True when `text` is one of `labels` as OCR may misread it: [`compact`]ed and without
/// stray marks (punctuation and symbols the label does not have: `主管課。`, `管課ーー`),
/// at most one character wrong, missing or extra (`主管謀`, `ま管課`), for labels of
/// [`NEAR_MIN`] characters or more. Readers try it after [`is_label`] found nothing.
pub fn is_near_label(text: &str, labels: &[String]) -> bool {
    let t: Vec<char> = compact(text).chars().collect();
    labels.iter().any(|l| {
        let l: Vec<char> = compact(l).chars().collect();
        let kept: Vec<char> = t
            .iter()
            .copied()
            .filter(|c| l.contains(c) || !is_mark(*c))
            .collect();
        l.len() >= NEAR_MIN && kept.len() + 1 >= l.len() && edit_distance(&kept, &l) <= 1
    })
}

/// Punctuation, symbols and the long-vowel mark: what OCR adds around a short label.
fn is_mark(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{30FB}' | '\u{30FC}' | '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}')
}

/// Levenshtein distance of two short strings.
fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let swap = prev[j] + usize::from(ca != cb);
            cur[j + 1] = swap.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
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

    #[test]
    fn near_labels_allow_one_misread_character_and_stray_marks() {
        let lead = ["主管課".to_string()];
        for t in ["主管課。", "主管謀", "ま管課", "管課ーー", "主 管 課"] {
            assert!(is_near_label(t, &lead), "{t}");
        }
        for t in ["ま管要", "課", "", "主管課長補佐", "区政相談課"] {
            assert!(!is_near_label(t, &lead), "{t}");
        }
        // two-character labels are matched exactly only
        assert!(!is_near_label("年废", &["年度".to_string()]));
    }
}
