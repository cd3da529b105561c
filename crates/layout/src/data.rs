//! Layout knowledge read from `data/layout.tsv` (compiled in): page-number templates,
//! contents headings, leader characters, paragraph-start markers and font faces.

use std::sync::OnceLock;

/// The parsed contents of `data/layout.tsv`.
#[derive(Debug, Default)]
pub(crate) struct Knowledge {
    /// Page-number templates ('#' = digits), already folded by [`fold`].
    pub page_number: Vec<String>,
    /// Contents-page headings, folded.
    pub contents_heading: Vec<String>,
    /// Dotted-leader characters.
    pub leader: Vec<char>,
    /// Markers that may start a new paragraph.
    pub paragraph_start: Vec<String>,
    /// Markers that always start a new paragraph.
    pub item_start: Vec<String>,
    /// Parts of font names of an emphasis face (ゴシック) in a text set in a regular one.
    pub emphasis_font: Vec<String>,
    /// Parts of font names of a regular text face (明朝).
    pub regular_font: Vec<String>,
}

const TSV: &str = include_str!("../data/layout.tsv");

/// The compiled-in knowledge, parsed once.
pub(crate) fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| parse(TSV))
}

fn parse(src: &str) -> Knowledge {
    let mut k = Knowledge::default();
    for line in src.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((kind, value)) = line.split_once('\t') else {
            continue;
        };
        match kind {
            "page_number" => k.page_number.push(fold(value)),
            "contents_heading" => k.contents_heading.push(fold(value)),
            "leader" => k.leader.extend(value.chars().next()),
            "paragraph_start" => k.paragraph_start.push(value.to_string()),
            "item_start" => k.item_start.push(value.to_string()),
            "emphasis_font" => k.emphasis_font.push(value.to_lowercase()),
            "regular_font" => k.regular_font.push(value.to_lowercase()),
            _ => {}
        }
    }
    k
}

/// Removes white space and folds full-width ASCII (U+FF01..U+FF5E) to half-width.
pub(crate) fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// [`fold`], then every run of ASCII digits becomes one '#'.
pub(crate) fn digit_key(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_digit() {
            if !out.ends_with('#') {
                out.push('#');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// True when `text` looks like a page number (`3`, `- 3 -`, `3 / 5`, `p.3` …).
pub(crate) fn is_page_number(text: &str) -> bool {
    let key = digit_key(text);
    key.contains('#') && knowledge().page_number.contains(&key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["3", "- 3 -", "－３－", "3 / 5", "p.3", "１２"] {
            assert!(is_page_number(t), "{t}");
        }
        for t in ["第3章", "3月", "はじめに", "-"] {
            assert!(!is_page_number(t), "{t}");
        }
    }

    #[test]
    fn knowledge_parses() {
        let k = knowledge();
        assert!(k.contents_heading.iter().any(|h| h == "目次"));
        assert!(k.leader.contains(&'…'));
        assert!(k.paragraph_start.iter().any(|m| m == "・"));
    }
}
