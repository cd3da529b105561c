//! Layout vocabulary: page-number templates, contents headings, leader characters and
//! paragraph-start markers. The built-in lists are `data/layout.toml` (compiled in), in the
//! one profile format every stage shares; a user's profile extends them ([`LayoutProfile`]).

use serde::Deserialize;
use std::sync::OnceLock;

pub use keikaku_model::{LayoutProfile, BUILTIN_LAYOUT_PROFILE as BUILTIN_PROFILE};

/// The built-in file's shape: one `[layout]` table.
#[derive(Deserialize)]
struct BuiltinFile {
    layout: LayoutProfile,
}

/// The built-in lists (`keikaku_model`'s `data/layout.toml`).
pub fn builtin_profile() -> LayoutProfile {
    match toml::from_str::<BuiltinFile>(BUILTIN_PROFILE) {
        Ok(f) => f.layout,
        // The built-in file is tested; a broken one is a build defect.
        Err(e) => {
            debug_assert!(false, "data/layout.toml: {e}");
            LayoutProfile::default()
        }
    }
}

/// A [`LayoutProfile`] prepared for matching.
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
    /// Emphasis-face font-name parts, lower-cased.
    pub emphasis_font: Vec<String>,
    /// Regular-face font-name parts, lower-cased.
    pub regular_font: Vec<String>,
}

impl Knowledge {
    pub(crate) fn new(p: &LayoutProfile) -> Knowledge {
        Knowledge {
            page_number: p.page_number.iter().map(|s| fold(s)).collect(),
            contents_heading: p.contents_heading.iter().map(|s| fold(s)).collect(),
            leader: p.leader.iter().filter_map(|s| s.chars().next()).collect(),
            paragraph_start: p.paragraph_start.clone(),
            item_start: p.item_start.clone(),
            emphasis_font: p.emphasis_font.iter().map(|s| s.to_lowercase()).collect(),
            regular_font: p.regular_font.iter().map(|s| s.to_lowercase()).collect(),
        }
    }

    /// True when `text` looks like a page number (`3`, `- 3 -`, `3 / 5`, `p.3` …).
    pub(crate) fn is_page_number(&self, text: &str) -> bool {
        let key = digit_key(text);
        key.contains('#') && self.page_number.contains(&key)
    }
}

/// The built-in knowledge, for [`crate::join_lines`] on cells and blocks.
pub(crate) fn builtin() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::new(&builtin_profile()))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for t in ["3", "- 3 -", "－３－", "3 / 5", "p.3", "１２"] {
            assert!(builtin().is_page_number(t), "{t}");
        }
        for t in ["第3章", "3月", "はじめに", "-"] {
            assert!(!builtin().is_page_number(t), "{t}");
        }
    }

    #[test]
    fn knowledge_parses() {
        let k = builtin();
        assert!(k.item_start.iter().any(|m| m == "※"));
        assert!(k.contents_heading.iter().any(|h| h == "目次"));
        assert!(k.leader.contains(&'…'));
        assert!(k.paragraph_start.iter().any(|m| m == "・"));
    }
}
