//! Glossary (用語集, terms marked *) and loose ※ notes.
//!
//! - glossary: after a heading line starting with one of `[notes] glossary_headings`, the
//!   first table whose first row holds a term header and a definition header (用語 / 解説);
//!   each later row is an entry, a row with no term of its own (a definition cut by a page
//!   break) continues the previous entry. The term marker (`*`) is trimmed from terms.
//! - loose notes: body lines (not in tables) starting with a note marker (`※`, `※1`, `※２`),
//!   with their continuation lines, unless an initiative already holds the same note.

use crate::tables::util;
use crate::Readers;
use keikaku_model::{Block, Footnote, GlossaryEntry, Initiative, Item, JoinedTable, Layout, Line};
use serde::Deserialize;

/// Glossary headings and note markers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoteProfile {
    /// A line starting with one of these opens the glossary (`用語集`).
    pub glossary_headings: Vec<String>,
    /// Header texts of the term column (`用語`).
    pub term_headers: Vec<String>,
    /// Header texts of the definition column (`解説`).
    pub definition_headers: Vec<String>,
    /// Markers put after glossary terms in the text (`*`, `＊`); trimmed from terms.
    pub term_markers: Vec<String>,
    /// Markers starting a note line (`※`); digits after the marker belong to it.
    pub note_markers: Vec<String>,
    /// Separators between a note's term and its text (`地域BWA：…`).
    pub term_separators: Vec<String>,
    /// A term is at most this many characters (0: default 30).
    pub max_term_chars: usize,
}

/// Glossary entries and notes not attached to an initiative.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub glossary: Vec<GlossaryEntry>,
    pub footnotes: Vec<Footnote>,
}

/// Reads the glossary and loose notes; notes already in `initiatives` are not repeated.
pub fn read(
    rd: Readers<'_>,
    layout: &Layout,
    p: &NoteProfile,
    initiatives: &[Initiative],
) -> Notes {
    let held: Vec<String> = initiatives
        .iter()
        .flat_map(|i| i.footnotes.iter())
        .map(|f| util::squash(&f.text))
        .filter(|t| !t.is_empty())
        .collect();
    let footnotes = loose_notes(rd, layout, p)
        .into_iter()
        .filter(|f| {
            let t = util::squash(&f.text);
            !held.iter().any(|h| {
                *h == t || (t.chars().count() >= 8 && h.contains(&t)) || t.contains(h.as_str())
            })
        })
        .collect();
    Notes {
        glossary: glossary(rd, layout, p),
        footnotes,
    }
}

/// Where the glossary heading is: (page index, item index).
fn glossary_start(layout: &Layout, p: &NoteProfile) -> Option<(usize, usize)> {
    layout.pages.iter().enumerate().find_map(|(pi, pg)| {
        pg.items
            .iter()
            .position(|it| match it {
                Item::Block(b) => b.lines.first().is_some_and(|l| {
                    let t = util::squash(&l.text);
                    p.glossary_headings
                        .iter()
                        .any(|h| !h.is_empty() && t.starts_with(&util::squash(h)))
                }),
                Item::Table(_) => false,
            })
            .map(|k| (pi, k))
    })
}

/// Glossary entries from the glossary table.
pub fn glossary(rd: Readers<'_>, layout: &Layout, p: &NoteProfile) -> Vec<GlossaryEntry> {
    let Some((pi, item)) = glossary_start(layout, p) else {
        return Vec::new();
    };
    let after = |jt: &JoinedTable| {
        jt.parts.first().is_some_and(|x| {
            x.page_index > pi
                || (x.page_index == pi
                    && layout.pages[pi]
                        .items
                        .iter()
                        .position(|it| matches!(it, Item::Table(t) if *t == x.table_index))
                        .is_some_and(|k| k > item))
        })
    };
    layout
        .joined
        .iter()
        .filter(|jt| after(jt))
        .find_map(|jt| entries(rd, jt, p))
        .unwrap_or_else(|| colon_entries(layout, (pi, item), p))
}

/// A glossary written as paragraphs `用語：解説` after the heading (no table): entries until
/// three paragraphs in a row are not entries.
fn colon_entries(
    layout: &Layout,
    (pi, item): (usize, usize),
    p: &NoteProfile,
) -> Vec<GlossaryEntry> {
    let mut out = Vec::new();
    let mut misses = 0;
    let blocks = layout
        .pages
        .iter()
        .enumerate()
        .skip(pi)
        .flat_map(|(k, pg)| {
            let from = if k == pi { item + 1 } else { 0 };
            pg.items.iter().skip(from).filter_map(|it| match it {
                Item::Block(b) => Some(b),
                Item::Table(_) => None,
            })
        });
    for b in blocks {
        for para in b.text.split('\n') {
            match split_term(para.trim(), p) {
                Some((term, definition)) => {
                    misses = 0;
                    out.push(GlossaryEntry {
                        term: trim_marker(&term, p),
                        definition,
                        source: Vec::new(),
                    });
                }
                None if out.is_empty() => {}
                None => misses += 1,
            }
            if misses >= 3 {
                return out;
            }
        }
    }
    out
}

/// The entries of a term/definition table, or None when its header is not one.
fn entries(rd: Readers<'_>, jt: &JoinedTable, p: &NoteProfile) -> Option<Vec<GlossaryEntry>> {
    let (rows, _) = util::matrix(rd, &jt.grid);
    let header = rows.first()?;
    let find = |names: &[String]| {
        header.iter().position(|h| {
            names
                .iter()
                .any(|n| !n.is_empty() && util::squash(h) == util::squash(n))
        })
    };
    let (tc, dc) = (find(&p.term_headers)?, find(&p.definition_headers)?);
    let mut out: Vec<GlossaryEntry> = Vec::new();
    for r in 1..jt.grid.n_rows() {
        let starts = |col: usize| {
            util::cell_at(&jt.grid, r, col)
                .filter(|c| c.row == r)
                .map(|c| util::cell_text(rd, c))
        };
        let term = starts(tc)
            .map(|t| trim_marker(&t, p))
            .filter(|t| !t.is_empty());
        let def = starts(dc).unwrap_or_default();
        match (term, out.last_mut()) {
            (Some(term), _) => out.push(GlossaryEntry {
                term,
                definition: def,
                source: Vec::new(),
            }),
            (None, Some(last)) if !def.is_empty() => {
                last.definition = keikaku_jtext::join_lines(&last.definition, &def);
            }
            _ => {}
        }
    }
    Some(out)
}

fn trim_marker(term: &str, p: &NoteProfile) -> String {
    let mut t = term.trim().to_string();
    for m in p.term_markers.iter().filter(|m| !m.is_empty()) {
        t = t.trim_end_matches(m.as_str()).to_string();
    }
    t
}

/// Notes in body blocks: a line starting with a marker, plus the block's following lines
/// that are not notes themselves.
fn loose_notes(rd: Readers<'_>, layout: &Layout, p: &NoteProfile) -> Vec<Footnote> {
    let mut out = Vec::new();
    for pg in &layout.pages {
        for it in &pg.items {
            let Item::Block(b) = it else { continue };
            let mut cur: Option<(Footnote, Vec<&Line>)> = None;
            for l in &b.lines {
                match note_start(&l.text, p) {
                    Some((marker, _)) => {
                        out.extend(cur.take().map(|n| finish(rd, b, n)));
                        let f = Footnote {
                            marker,
                            term: None,
                            text: String::new(),
                            page: Some(pg.number),
                            source: Vec::new(),
                        };
                        cur = Some((f, vec![l]));
                    }
                    None => {
                        if let Some((_, lines)) = cur.as_mut() {
                            lines.push(l);
                        }
                    }
                }
            }
            out.extend(cur.take().map(|n| finish(rd, b, n)));
        }
    }
    out.retain(|f| !f.text.is_empty());
    out.iter_mut().for_each(|f| strip_marker(f, p));
    out
}

/// The note's text: the block's reader text when the note is the whole block (always with
/// the built-in markers: layout starts a paragraph at every ※ line), else its lines joined
/// as layout joins one paragraph.
fn finish(rd: Readers<'_>, b: &Block, (mut f, lines): (Footnote, Vec<&Line>)) -> Footnote {
    let text = if lines.len() == b.lines.len() {
        b.text.clone()
    } else {
        keikaku_model::paragraph_text(&lines)
    };
    f.text = util::tidy(rd, &text);
    f
}

fn strip_marker(f: &mut Footnote, p: &NoteProfile) {
    if let Some((_, rest)) = note_start(&f.text, p) {
        f.text = rest.trim().to_string();
    }
    if let Some((term, text)) = split_term(&f.text, p) {
        (f.term, f.text) = (Some(term), text);
    }
}

/// `地域BWA：2.5GHz帯の…` → (`地域BWA`, `2.5GHz帯の…`) when the part before the separator
/// is short enough to be a term.
pub fn split_term(text: &str, p: &NoteProfile) -> Option<(String, String)> {
    let max = if p.max_term_chars == 0 {
        30
    } else {
        p.max_term_chars
    };
    let (term, rest) = p
        .term_separators
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| text.split_once(s.as_str()))
        .min_by_key(|(t, _)| t.len())?;
    let (term, rest) = (term.trim(), rest.trim());
    let ok = !term.is_empty()
        && !rest.is_empty()
        && term.chars().count() <= max
        && !term.contains(['。', '、']);
    ok.then(|| (term.to_string(), rest.to_string()))
}

/// A note line's marker (`※`, `※２`) and the text after it.
pub fn note_start<'a>(text: &'a str, p: &NoteProfile) -> Option<(String, &'a str)> {
    let t = text.trim_start();
    let m = p
        .note_markers
        .iter()
        .find(|m| !m.is_empty() && t.starts_with(m.as_str()))?;
    let rest = &t[m.len()..];
    let digits: usize = rest
        .char_indices()
        .take_while(|(_, c)| c.is_numeric())
        .map(|(i, c)| i + c.len_utf8())
        .last()
        .unwrap_or(0);
    Some((format!("{m}{}", &rest[..digits]), &rest[digits..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> NoteProfile {
        crate::Profiles::builtin().notes
    }

    #[test]
    fn note_markers_take_their_number() {
        let p = profile();
        assert_eq!(
            note_start("※２ 令和３年度までに", &p),
            Some(("※２".to_string(), " 令和３年度までに"))
        );
        assert_eq!(
            note_start("※以下、令和６年12月時点", &p),
            Some(("※".to_string(), "以下、令和６年12月時点"))
        );
        assert_eq!(note_start("本文※", &p), None);
    }

    #[test]
    fn note_terms_split_at_the_colon() {
        let p = profile();
        let (t, x) = split_term("AR：Augmented Realityの略。", &p).expect("split");
        assert_eq!((t.as_str(), x.as_str()), ("AR", "Augmented Realityの略。"));
        assert_eq!(split_term("以下、令和６年12月時点の実績です。", &p), None);
        assert_eq!(
            split_term("長い説明文の途中に、コロンがある場合：は用語ではない", &p),
            None
        );
    }

    fn block(lines: &[&str], y: f32) -> Item {
        let lines: Vec<Line> = lines
            .iter()
            .enumerate()
            .map(|(i, t)| Line {
                text: (*t).into(),
                bbox: keikaku_model::BBox::new(
                    50.0,
                    y + 14.0 * i as f32,
                    60.0 + 10.0 * t.chars().count() as f32,
                    y + 10.0 + 14.0 * i as f32,
                ),
                size: 10.0,
                ..Default::default()
            })
            .collect();
        Item::Block(keikaku_model::Block {
            lines,
            ..Default::default()
        })
    }

    #[test]
    fn glossary_without_a_table_reads_colon_paragraphs() {
        let page = keikaku_model::PageLayout {
            number: 30,
            items: vec![
                block(&["本文の段落です。"], 50.0),
                block(&["用語集"], 100.0),
                block(&["ＡＩ＊：人工知能のこと。"], 130.0),
                block(&["ＲＰＡ：定型作業を自動化する技術。"], 160.0),
            ],
            ..Default::default()
        };
        let mut layout = Layout {
            pages: vec![page],
            ..Default::default()
        };
        keikaku_testkit::complete(&mut layout);
        let g = glossary(crate::Readers::standard(), &layout, &profile());
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].term, "ＡＩ");
        assert_eq!(g[1].definition, "定型作業を自動化する技術。");
    }

    #[test]
    fn term_marker_is_trimmed() {
        assert_eq!(trim_marker("ＢＰＲ*", &profile()), "ＢＰＲ");
    }
}
