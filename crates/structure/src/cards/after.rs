//! What is printed around a card: the page's status tab, ※ notes under the card, and the
//! revision reason under a 【…修正の理由】 heading.

use super::util::{compact, fold_width};
use super::CardProfile;
use crate::sections::Sections;
use keikaku_model::{Footnote, Item, JoinedTable, Layout, Line, PageLayout};

/// Status, footnotes and revision reason of one card.
#[derive(Debug, Default)]
pub struct After {
    pub status: Option<String>,
    pub footnotes: Vec<Footnote>,
    pub revision_reason: Option<String>,
    /// Plans printed as body text after a page break (the card had none).
    pub related_plans: Vec<String>,
}

/// Where the reader is in the text under a card.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Start,
    Note(f32),
    Reason,
    Plans,
}

/// Reads what follows each part of the card `jt` on its page, up to the next table or
/// heading; and, when the card is the last table of its page, a 関連する計画 row that the
/// page break left as body text at the top of the next page.
pub fn read(
    layout: &Layout,
    jt: &JoinedTable,
    card_text: &str,
    sections: &Sections,
    p: &CardProfile,
) -> After {
    let mut after = After::default();
    if let Some(first) = jt
        .parts
        .first()
        .and_then(|pt| layout.pages.get(pt.page_index))
    {
        after.status = status_of(first, p);
    }
    let mut runs: Vec<(u32, Vec<&Line>)> = Vec::new();
    for part in &jt.parts {
        if let Some(page) = layout.pages.get(part.page_index) {
            runs.push((page.number, lines_after(page, part.table_index)));
        }
    }
    if let Some(spill) = spilled_plans(layout, jt, p) {
        runs.push(spill);
    }
    let mut acc = Acc::default();
    let mut open_reason = false;
    for (page, lines) in runs {
        open_reason = acc.run(page, &lines, sections, p, Mode::Start);
    }
    // a reason that runs to the foot of the page continues at the top of the next one
    let next = jt
        .parts
        .last()
        .and_then(|pt| layout.pages.get(pt.page_index + 1));
    if let Some(next) = next.filter(|_| open_reason) {
        acc.run(next.number, &leading_lines(next), sections, p, Mode::Reason);
    }
    after.footnotes = acc
        .notes
        .iter()
        .map(|n| parse_note(n, card_text, p))
        .collect();
    let reason = acc.reason.trim();
    after.revision_reason = (!reason.is_empty()).then(|| reason.to_string());
    after.related_plans = acc.plans;
    after
}

/// Text gathered under a card.
#[derive(Default)]
struct Acc {
    notes: Vec<String>,
    reason: String,
    plans: Vec<String>,
}

impl Acc {
    /// Reads one run of lines, stopping at a heading or at text that belongs to no part.
    /// Reads one run of lines from `mode`; true when it ended at the run's end reading a
    /// revision reason.
    fn run(
        &mut self,
        page: u32,
        lines: &[&Line],
        sections: &Sections,
        p: &CardProfile,
        mut mode: Mode,
    ) -> bool {
        for l in lines {
            if is_heading_at(sections, page, l) {
                return false;
            }
            let t = l.text.trim();
            if is_status_label(t, p) {
                continue; // a tab label printed in the body
            }
            if is_reason_heading(t, p) {
                mode = Mode::Reason;
            } else if starts_note(t, p) {
                self.notes.push(t.to_string());
                mode = Mode::Note(l.size);
            } else if mode == Mode::Start && super::is_label(t, &p.plan_labels) {
                mode = Mode::Plans;
            } else {
                match mode {
                    Mode::Note(size) if (l.size - size).abs() <= 0.6 => {
                        if let Some(last) = self.notes.last_mut() {
                            *last = keikaku_jtext::join_lines(last, t);
                        }
                    }
                    Mode::Reason => self.reason = keikaku_jtext::join_lines(&self.reason, t),
                    Mode::Plans => self.plan_line(t, p),
                    _ => return false,
                }
            }
        }
        mode == Mode::Reason
    }

    /// A plan line: a new entry when it starts like one, else the last entry continued.
    fn plan_line(&mut self, t: &str, p: &CardProfile) {
        let starts = p.plan_item_starts.iter().any(|s| t.starts_with(s.as_str()));
        match self.plans.last_mut() {
            Some(last) if !starts => *last = keikaku_jtext::join_lines(last, t),
            _ => self.plans.push(t.to_string()),
        }
    }
}

/// True when the line is a status tab label (修正後).
fn is_status_label(t: &str, p: &CardProfile) -> bool {
    let c = compact(t);
    p.statuses.iter().any(|s| compact(&s.label) == c)
}

/// The body lines of a page before its first table.
fn leading_lines(page: &PageLayout) -> Vec<&Line> {
    let mut lines = Vec::new();
    for it in &page.items {
        match it {
            Item::Block(b) => lines.extend(b.lines.iter()),
            Item::Table(_) => break,
        }
    }
    lines
}

/// The lines at the top of the page after the card's last page, when the card is the last
/// table of its page and that page starts with a plan label as body text.
fn spilled_plans<'a>(
    layout: &'a Layout,
    jt: &JoinedTable,
    p: &CardProfile,
) -> Option<(u32, Vec<&'a Line>)> {
    let last = jt.parts.last()?;
    let page = layout.pages.get(last.page_index)?;
    let later_table = page
        .items
        .iter()
        .any(|it| matches!(it, Item::Table(t) if *t > last.table_index));
    let next = layout.pages.get(last.page_index + 1)?;
    let Some(Item::Block(b)) = next.items.first() else {
        return None;
    };
    let first = b.lines.first()?;
    if later_table || !super::is_label(&first.text, &p.plan_labels) {
        return None;
    }
    let mut lines = Vec::new();
    for it in &next.items {
        match it {
            Item::Block(b) => lines.extend(b.lines.iter()),
            Item::Table(_) => break,
        }
    }
    Some((next.number, lines))
}

/// The status given by a tab label on the page (furniture or a body line).
fn status_of(page: &PageLayout, p: &CardProfile) -> Option<String> {
    let body = page.items.iter().filter_map(|it| match it {
        Item::Block(b) => Some(b.lines.iter()),
        _ => None,
    });
    let mut lines = page.furniture.iter().chain(body.flatten());
    lines.find_map(|l| {
        let c = compact(&l.text);
        p.statuses
            .iter()
            .find(|s| compact(&s.label) == c)
            .map(|s| s.status.clone())
    })
}

/// Body lines after table `ti` on the page, up to the next table.
fn lines_after(page: &PageLayout, ti: usize) -> Vec<&Line> {
    let mut out = Vec::new();
    let Some(start) = page
        .items
        .iter()
        .position(|it| matches!(it, Item::Table(t) if *t == ti))
    else {
        return out;
    };
    for it in &page.items[start + 1..] {
        match it {
            Item::Table(_) => break,
            Item::Block(b) => out.extend(b.lines.iter()),
        }
    }
    out
}

/// True when a section heading starts at this line.
fn is_heading_at(sections: &Sections, page: u32, l: &Line) -> bool {
    sections
        .list
        .iter()
        .zip(&sections.ys)
        .any(|(s, &y)| s.page == page && (y - l.bbox.y0).abs() < 0.5)
}

/// A bracketed heading with a revision-reason word (【令和7年度(2025年度)修正の理由】).
fn is_reason_heading(t: &str, p: &CardProfile) -> bool {
    let c = compact(t);
    c.chars().count() <= 40
        && p.revision_reason_words
            .iter()
            .any(|w| c.contains(&compact(w)))
}

/// True when the line starts with a note marker.
fn starts_note(t: &str, p: &CardProfile) -> bool {
    p.note_markers.iter().any(|m| t.starts_with(m.as_str()))
}

/// Splits `※1 term：text` into marker, term and text. The marker's number is cut to the
/// one the card's text uses when digits run on into the term (`※12次元コード`).
pub fn parse_note(raw: &str, card_text: &str, p: &CardProfile) -> Footnote {
    let folded = fold_width(raw);
    let sym = p
        .note_markers
        .iter()
        .find(|m| raw.starts_with(m.as_str()))
        .cloned()
        .unwrap_or_default();
    let chars: Vec<char> = folded.chars().collect();
    let n0 = sym.chars().count();
    let digits = chars[n0.min(chars.len())..]
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    let card = fold_width(card_text);
    let used = |k: usize| card.contains(&chars[..n0 + k].iter().collect::<String>());
    let n = (1..=digits).rev().find(|&k| used(k)).unwrap_or(digits);
    let raw_chars: Vec<char> = raw.chars().collect();
    let marker: String = raw_chars[..(n0 + n).min(raw_chars.len())].iter().collect();
    let rest: String = raw_chars[(n0 + n).min(raw_chars.len())..].iter().collect();
    let rest = rest.trim();
    let cut = p
        .term_separators
        .iter()
        .filter_map(|s| rest.find(s.as_str()).map(|i| (i, s.len())))
        .min();
    match cut {
        Some((i, len)) if rest[..i].chars().count() <= 40 => Footnote {
            marker,
            term: Some(rest[..i].trim().to_string()),
            text: rest[i + len..].trim().to_string(),
            page: None,
            source: Vec::new(),
        },
        _ => Footnote {
            marker,
            term: None,
            text: rest.to_string(),
            page: None,
            source: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> CardProfile {
        crate::Profiles::builtin().cards
    }

    #[test]
    fn notes_split_into_marker_term_text() {
        let p = profile();
        let f = parse_note("※1マイナポータル：子育てや介護等", "マイナポータル※1や", &p);
        assert_eq!(
            (f.marker.as_str(), f.term.as_deref(), f.text.as_str()),
            ("※1", Some("マイナポータル"), "子育てや介護等")
        );
        let f = parse_note("※12次元コード：横(水平)と縦", "2次元コード※1決済", &p);
        assert_eq!(
            (f.marker.as_str(), f.term.as_deref()),
            ("※1", Some("2次元コード"))
        );
        let f = parse_note("※1 2次元コード：横", "", &p);
        assert_eq!(f.term.as_deref(), Some("2次元コード"));
        let f = parse_note("※ 参考資料です", "", &p);
        assert_eq!(
            (f.marker.as_str(), f.term, f.text.as_str()),
            ("※", None, "参考資料です")
        );
    }

    #[test]
    fn reason_heading() {
        let p = profile();
        assert!(is_reason_heading("【令和7年度(2025年度)修正の理由】", &p));
        assert!(!is_reason_heading(
            "効率的に窓口サービス改善ツールを導入",
            &p
        ));
    }
}
