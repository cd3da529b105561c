//! Each section's content: the body between its heading and the next one, in reading
//! order, as paragraphs, bulleted lists, dated lists, ※ notes, figures (a chart's labels
//! under its caption) and references to the tables and initiatives drawn there. Content before the first heading (all of it, in a
//! document without headings) is the document's preamble. Text an initiative already
//! holds (its notes, its revision reason, the tab labels 修正後 / 現行 around it) is
//! referenced through the initiative, not repeated.

use crate::figures::Figure;
use crate::sections::Sections;
use crate::Readers;
use crate::{Claimed, TableRef};
use keikaku_model::{Initiative, Item, Layout, Line, PageLayout, ScheduleItem, SectionBlock};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

/// Markers that open list items and notes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct BlockProfile {
    /// A line starting with one of these is a list item (`・`, `●`, `○`).
    pub bullets: Vec<String>,
    /// A line starting with one of these is a note (`※`); digits after it belong to the
    /// marker (`※１`).
    pub note_markers: Vec<String>,
}

/// What the tables of the layout became.
pub struct Owners<'a> {
    /// Tables used by initiatives (and card legends).
    pub claimed: &'a Claimed,
    /// Free tables: the `tables[]` id of each layout table.
    pub tables: &'a HashMap<TableRef, String>,
    /// The document's initiatives (ids already given).
    pub initiatives: &'a [Initiative],
    /// Charts and figures, whose text is no paragraph.
    pub figures: &'a crate::figures::Figures,
}

/// Labels around initiatives that are no content: whole texts (修正後, 関連する計画),
/// parts (【…修正の理由】) and starts (`No.` of a sheet).
pub type Labels<'a> = (&'a [String], &'a [String], &'a [String]);

/// Fills `blocks` of every section of `sections` from the body of `layout`, leaving out
/// `labels` and what initiatives hold; returns the content before the first heading.
pub fn attach(
    rd: Readers<'_>,
    layout: &Layout,
    sections: &mut Sections,
    owners: &Owners,
    p: &BlockProfile,
    labels: Labels,
    fiscal_year: Option<i32>,
) -> Vec<SectionBlock> {
    let owned: Vec<String> = owners.initiatives.iter().flat_map(owned_texts).collect();
    let exact: HashSet<String> = owned
        .iter()
        .cloned()
        .chain(labels.0.iter().map(|l| key(l)))
        .collect();
    let mut walk = Walk {
        sections,
        preamble: Vec::new(),
        cur: None,
        next: 0,
        seen_tables: HashSet::new(),
        seen_initiatives: HashSet::new(),
        owned,
        exact,
        label_parts: labels.1.iter().map(|l| key(l)).collect(),
        label_starts: labels.2.iter().map(|l| key(l)).collect(),
    };
    for (pi, page) in layout.pages.iter().enumerate() {
        if page.is_contents {
            continue; // no heading is read on a contents page either
        }
        walk.reach_page(page.number);
        for (j, it) in page.items.iter().enumerate() {
            if let Some(fig) = owners.figures.of(pi, j) {
                walk.push_figure(rd, page, fig, j);
                continue;
            }
            match it {
                Item::Block(b) => {
                    let mut run: Vec<&Line> = Vec::new();
                    let mut heading_left = 0;
                    for l in &b.lines {
                        if heading_left > 0 {
                            heading_left -= 1; // the heading's own next lines
                        } else if walk.is_next_heading(page.number, l) {
                            walk.push_lines(rd, &run, p);
                            run.clear();
                            heading_left = walk.span_of_next().saturating_sub(1);
                            walk.open_next();
                            // a 施策 heading: its initiative is the section's content
                            if let Some(i) = owners.claimed.line_owner(page.number, l) {
                                walk.push_initiative(i, owners);
                            }
                        } else if let Some(i) = owners.claimed.line_owner(page.number, l) {
                            // a line a 施策 holds: the initiative stands for it
                            walk.push_lines(rd, &run, p);
                            run.clear();
                            walk.push_initiative(i, owners);
                        } else {
                            run.push(l);
                        }
                    }
                    walk.push_lines(rd, &run, p);
                }
                Item::Table(ti) => walk.push_table((pi, *ti), owners),
            }
        }
    }
    let mut preamble = walk.preamble;
    let all = sections.list.iter_mut().flat_map(|s| s.blocks.iter_mut());
    for b in all.chain(preamble.iter_mut()) {
        if let SectionBlock::ScheduleList { items, .. } = b {
            items.iter_mut().for_each(|i| date_item(rd, i, fiscal_year));
        }
    }
    preamble
}

/// Adds a `glossary_ref` to the first section whose heading starts with one of
/// `headings` (用語集), when the document has a glossary.
pub fn refer_glossary(sections: &mut Sections, headings: &[String], has_glossary: bool) {
    if !has_glossary {
        return;
    }
    let opens = |h: &str| {
        let h = key(h);
        headings.iter().any(|g| h.starts_with(key(g).as_str()))
    };
    if let Some(s) = sections.list.iter_mut().find(|s| opens(&s.heading)) {
        s.blocks.push(SectionBlock::GlossaryRef);
    }
}

/// Sets `start`/`end` of a dated item: the year as written, else from `fiscal_year`.
fn date_item(rd: Readers<'_>, item: &mut ScheduleItem, fiscal_year: Option<i32>) {
    let Some(when) = with_years(&item.when, fiscal_year) else {
        return;
    };
    if let Some(e) = rd.dates.parse(&when) {
        item.start = e.start.map(|d| d.to_string());
        item.end = e.end.map(|d| d.to_string());
    }
}

/// `８月～９月` in fiscal 2023 → `2023年8月～2023年9月`; `２月` → `2024年2月` (January to
/// March close the fiscal year); parts with a year of their own stay. `None` when a part
/// needs the fiscal year and there is none.
fn with_years(when: &str, fiscal_year: Option<i32>) -> Option<String> {
    let folded = crate::cards::util::fold_width(when).replace('〜', "～");
    let mut parts = Vec::new();
    for part in folded.split('～') {
        if part.is_empty() || part.contains('年') {
            parts.push(part.to_string());
            continue;
        }
        let digits: String = part.chars().take_while(|c| c.is_ascii_digit()).collect();
        let month: i32 = digits.parse().ok().filter(|m| (1..=12).contains(m))?;
        let fy = fiscal_year?;
        let year = if month >= 4 { fy } else { fy + 1 };
        parts.push(format!("{year}年{part}"));
    }
    Some(parts.join("～"))
}

/// The state of one pass over the body.
struct Walk<'s> {
    sections: &'s mut Sections,
    /// Content met before the first heading.
    preamble: Vec<SectionBlock>,
    /// The section whose content is being read.
    cur: Option<usize>,
    /// The next heading to meet.
    next: usize,
    seen_tables: HashSet<String>,
    seen_initiatives: HashSet<usize>,
    /// Texts initiatives hold, as [`key`]s.
    owned: Vec<String>,
    /// The same and the labels, for exact lookup.
    exact: HashSet<String>,
    /// Parts of labels (`修正の理由`), as [`key`]s.
    label_parts: Vec<String>,
    /// Starts of labels (`No.` of a sheet), as [`key`]s.
    label_starts: Vec<String>,
}

impl Walk<'_> {
    /// Opens every heading left on pages before `page` (none should be; kept in step).
    fn reach_page(&mut self, page: u32) {
        while self
            .sections
            .list
            .get(self.next)
            .is_some_and(|s| s.page < page)
        {
            self.open_next();
        }
    }

    /// True when `l` is the line of the next heading (same page and top, as read).
    fn is_next_heading(&self, page: u32, l: &Line) -> bool {
        let n = self.next;
        self.sections.list.get(n).is_some_and(|s| s.page == page)
            && self
                .sections
                .ys
                .get(n)
                .is_some_and(|&y| (y - l.bbox.y0).abs() < 0.01)
    }

    /// How many lines of its block the next heading takes.
    fn span_of_next(&self) -> usize {
        self.sections.spans.get(self.next).copied().unwrap_or(1)
    }

    fn open_next(&mut self) {
        self.cur = Some(self.next);
        self.next += 1;
    }

    /// Where content goes now: the open section, or the preamble before any.
    fn target(&mut self) -> &mut Vec<SectionBlock> {
        match self.cur.and_then(|i| self.sections.list.get_mut(i)) {
            Some(s) => &mut s.blocks,
            None => &mut self.preamble,
        }
    }

    fn push(&mut self, block: SectionBlock) {
        if !self.is_owned(&block) {
            self.target().push(block);
        }
    }

    /// True for a paragraph or note whose text an initiative holds, or a label.
    fn is_owned(&self, block: &SectionBlock) -> bool {
        let text = match block {
            SectionBlock::Paragraph { text, .. } => key(text),
            SectionBlock::Note { marker, text, .. } => {
                let k = key(text);
                if self.exact.contains(&format!("{}{k}", key(marker))) {
                    return true;
                }
                k
            }
            _ => return false,
        };
        self.exact.contains(&text)
            || self.label_parts.iter().any(|l| text.contains(l.as_str()))
            || self
                .label_starts
                .iter()
                .any(|l| text.starts_with(l.as_str()))
            || (text.chars().count() >= MIN_PART_CHARS
                && self.owned.iter().any(|o| o.contains(text.as_str())))
    }

    /// The lines of one layout block: a paragraph, list items or notes.
    fn push_lines(&mut self, rd: Readers<'_>, lines: &[&Line], p: &BlockProfile) {
        for block in text_blocks(rd, lines, p) {
            if self.is_owned(&block) {
                continue;
            }
            // consecutive list items make one list, across layout blocks
            match (self.target().last_mut(), block) {
                (
                    Some(SectionBlock::List { items, .. }),
                    SectionBlock::List { items: more, .. },
                ) => items.extend(more),
                (
                    Some(SectionBlock::ScheduleList { items, .. }),
                    SectionBlock::ScheduleList { items: more, .. },
                ) => items.extend(more),
                (_, block) => self.target().push(block),
            }
        }
    }

    /// A figure, at the first of its blocks (`j`, an item index of `page`).
    fn push_figure(&mut self, rd: Readers<'_>, page: &PageLayout, fig: &Figure, j: usize) {
        let first = fig.items.iter().chain(&fig.caption_item).min();
        if first == Some(&j) {
            self.target().push(SectionBlock::Figure {
                caption: fig.caption.clone(),
                text: crate::figures::text_of(rd, page, fig),
                source: Vec::new(),
            });
        }
    }

    /// A reference to initiative `i`, once.
    fn push_initiative(&mut self, i: usize, owners: &Owners) {
        if let Some(ini) = owners
            .initiatives
            .get(i)
            .filter(|_| self.seen_initiatives.insert(i))
        {
            self.push(SectionBlock::InitiativeRef {
                initiative_ref: ini.id.clone(),
                source: Vec::new(),
            });
        }
    }

    /// A table: a reference to its initiative or to `tables[]`, once each.
    fn push_table(&mut self, t: TableRef, owners: &Owners) {
        if let Some(i) = owners.claimed.owner(&t) {
            self.push_initiative(i, owners);
        } else if let Some(id) = owners.tables.get(&t) {
            if self.seen_tables.insert(id.clone()) {
                self.push(SectionBlock::TableRef {
                    table_ref: id.clone(),
                    source: Vec::new(),
                });
            }
        }
    }
}

/// A paragraph this long that is part of an initiative's text (a note's second
/// paragraph) is that initiative's.
const MIN_PART_CHARS: usize = 10;

/// The texts of an initiative that may also stand as body lines beside its card: its
/// notes (with and without the term), revision reason, summary and related plans.
fn owned_texts(ini: &Initiative) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for f in &ini.footnotes {
        let term = f.term.as_deref().unwrap_or("");
        out.push(key(&format!("{term}{}", f.text)));
        out.push(key(&format!("{}{term}{}", f.marker, f.text)));
        out.push(key(&f.text));
    }
    out.extend(ini.revision_reason.iter().map(|r| key(r)));
    out.extend(ini.summary.iter().map(|r| key(r)));
    out.extend(ini.related_plans.iter().map(|r| key(r)));
    out
}

/// A text compared without white space and term separators.
fn key(text: &str) -> String {
    crate::cards::util::compact(text)
        .chars()
        .filter(|c| !"：:".contains(*c))
        .collect()
}

/// One layout block's lines as content blocks: a line opening with a note marker starts a
/// note, one opening with a bullet a list item; other lines continue what came before
/// (or make a paragraph).
fn text_blocks(rd: Readers<'_>, lines: &[&Line], p: &BlockProfile) -> Vec<SectionBlock> {
    let mut out: Vec<SectionBlock> = Vec::new();
    let right = lines.iter().map(|l| l.bbox.x1).fold(f32::MIN, f32::max);
    let left = lines.iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min);
    let mut prev: Option<&Line> = None;
    for l in lines {
        let text = l.text.trim();
        if text.is_empty() {
            continue;
        }
        // a paragraph line running to the right edge mid-sentence goes on, even when the
        // next line opens with a bullet-like mark (標準化|・共通化); a sentence ending
        // short of the edge ends its paragraph, item or note
        // (a line on the previous line's row is its next column: `・８月` | `活用事例…`)
        let full = prev.is_some_and(|q| {
            q.bbox.x1 >= right - q.size || (q.bbox.y0 - l.bbox.y0).abs() < 0.5 * q.size
        });
        let runs_on = full
            && prev.is_some_and(|q| !q.text.trim_end().ends_with(['。', '：', ':']))
            && matches!(out.last(), Some(SectionBlock::Paragraph { .. }));
        // a sentence end followed by an indented line starts a paragraph too (字下げ)
        let indented = l.bbox.x0 > left + 0.5 * l.size;
        let ended = prev.is_some_and(|q| q.text.trim_end().ends_with(['。', '！', '？']))
            && (!full || indented);
        prev = Some(l);
        if runs_on {
            if let Some(SectionBlock::Paragraph { text: t, .. }) = out.last_mut() {
                *t = keikaku_jtext::join_lines(t, text);
            }
        } else if let Some((marker, rest)) = split_note(text, p) {
            out.push(SectionBlock::Note {
                marker,
                text: rest.to_string(),
                source: Vec::new(),
            });
        } else if ended && !starts_item(text, p) {
            out.push(SectionBlock::Paragraph {
                text: text.to_string(),
                source: Vec::new(),
            });
        } else if let Some((when, what)) = strip_bullet(text, p).and_then(split_when) {
            let item = ScheduleItem {
                when: when.to_string(),
                text: what.to_string(),
                ..ScheduleItem::default()
            };
            match out.last_mut() {
                Some(SectionBlock::ScheduleList { items, .. }) => items.push(item),
                _ => out.push(SectionBlock::ScheduleList {
                    items: vec![item],
                    source: Vec::new(),
                }),
            }
        } else if let Some(rest) = strip_bullet(text, p) {
            match out.last_mut() {
                Some(SectionBlock::List { items, .. }) => items.push(rest.to_string()),
                _ => out.push(SectionBlock::List {
                    items: vec![rest.to_string()],
                    source: Vec::new(),
                    item_sources: Vec::new(),
                }),
            }
        } else {
            match out.last_mut() {
                Some(SectionBlock::Paragraph { text: t, .. })
                | Some(SectionBlock::Note { text: t, .. }) => {
                    *t = keikaku_jtext::join_lines(t, text)
                }
                Some(SectionBlock::List { items, .. }) => {
                    if let Some(t) = items.last_mut() {
                        *t = keikaku_jtext::join_lines(t, text);
                    }
                }
                Some(SectionBlock::ScheduleList { items, .. }) => {
                    if let Some(t) = items.last_mut() {
                        t.text = keikaku_jtext::join_lines(&t.text, text);
                    }
                }
                _ => out.push(SectionBlock::Paragraph {
                    text: text.to_string(),
                    source: Vec::new(),
                }),
            }
        }
    }
    out.iter_mut().for_each(|b| repair(rd, b));
    out
}

/// True when the line opens a note or a list item.
fn starts_item(text: &str, p: &BlockProfile) -> bool {
    split_note(text, p).is_some() || strip_bullet(text, p).is_some()
}

/// Spurious spaces removed from every text of a block.
fn repair(rd: Readers<'_>, b: &mut SectionBlock) {
    let fix = |t: &mut String| *t = rd.words.repair(t.trim());
    match b {
        SectionBlock::Paragraph { text, .. } | SectionBlock::Note { text, .. } => fix(text),
        SectionBlock::List { items, .. } => items.iter_mut().for_each(fix),
        SectionBlock::ScheduleList { items, .. } => {
            items.iter_mut().for_each(|i| fix(&mut i.text));
            items.retain(|i| !i.text.is_empty());
        }
        _ => {}
    }
}

/// `※１ 国が示す…` → (`※１`, `国が示す…`).
fn split_note<'a>(text: &'a str, p: &BlockProfile) -> Option<(String, &'a str)> {
    let m = p
        .note_markers
        .iter()
        .find(|m| text.starts_with(m.as_str()))?;
    let after = &text[m.len()..];
    let digits = after.len()
        - after
            .trim_start_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
            .len();
    let (num, rest) = after.split_at(digits);
    Some((format!("{m}{num}"), rest.trim_start()))
}

/// Characters of a date label besides digits (`８月～９月`, `令和６年度上旬`).
const WHEN_CHARS: &str = "年度月日頃～〜－-上中下旬期令和平成元";

/// `８月 活用事例…` → (`８月`, `活用事例…`): a first word of digits and date characters,
/// set apart from the text by white space. A bare label (`８月`, its text set in the next
/// column, which layout reads as the next line) gives an empty text to be continued.
fn split_when(item: &str) -> Option<(&str, &str)> {
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let is_when = |w: &str| {
        w.chars().any(digit)
            && w.chars().all(|c| digit(c) || WHEN_CHARS.contains(c))
            && w.chars().any(|c| "年月日旬期".contains(c))
    };
    let (when, what) = item.split_once(char::is_whitespace).unwrap_or((item, ""));
    if is_when(when) {
        return Some((when, what.trim()));
    }
    // a label set so close to its text that no space was read (`９月～10月情報交換…`):
    // the date characters, then a word (not a particle: `８月に実施` is a sentence)
    let end = item
        .char_indices()
        .find(|&(_, c)| !(digit(c) || WHEN_CHARS.contains(c)))
        .map(|(i, _)| i)?;
    let (when, what) = item.split_at(end);
    let starts_word = what
        .chars()
        .next()
        .is_some_and(|c| !('\u{3041}'..='\u{309F}').contains(&c) && c.is_alphanumeric());
    (is_when(when) && starts_word).then_some((when, what))
}

/// The item text after a bullet, if the line opens with one.
fn strip_bullet<'a>(text: &'a str, p: &BlockProfile) -> Option<&'a str> {
    let b = p.bullets.iter().find(|b| text.starts_with(b.as_str()))?;
    let rest = text[b.len()..].trim_start();
    (!rest.is_empty()).then_some(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

    fn line(t: &str, y: f32) -> Line {
        Line {
            text: t.into(),
            bbox: BBox::new(50.0, y, 500.0, y + 10.0),
            size: 10.0,
            ..Default::default()
        }
    }

    /// A line ending at `x1`, short of the others.
    fn short(t: &str, y: f32, x1: f32) -> Line {
        let mut l = line(t, y);
        l.bbox.x1 = x1;
        l
    }

    fn profile() -> BlockProfile {
        crate::Profiles::builtin().blocks
    }

    #[test]
    fn paragraph_list_and_note() {
        let ls = [
            line(
                "令和４年度第２回デジタル化推進本部において、令和６年度末までに優",
                0.0,
            ),
            line("先的にオンライン化を図ることとした。", 12.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(
            text_blocks(crate::Readers::standard(), &refs, &profile()),
            [SectionBlock::Paragraph {
                text: "令和４年度第２回デジタル化推進本部において、令和６年度末までに優先的にオンライン化を図ることとした。".into(), source: Vec::new() }]
        );
        let ls = [
            line("・ぴったりサービスの18手続に加え、合計", 0.0),
            line("20手続のオンライン化は対応済である。", 12.0),
            line("・３手続は令和５年度中に対応できる見込み。", 24.0),
            line("※１ 国が示す「自治体DX推進計画」において", 36.0),
            line("求められているサービス。", 48.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(
            text_blocks(crate::Readers::standard(), &refs, &profile()),
            [
                SectionBlock::List {
                    items: vec![
                        "ぴったりサービスの18手続に加え、合計20手続のオンライン化は対応済である。"
                            .into(),
                        "３手続は令和５年度中に対応できる見込み。".into()
                    ],
                    source: Vec::new(),
                    item_sources: Vec::new()
                },
                SectionBlock::Note {
                    marker: "※１".into(),
                    text: "国が示す「自治体DX推進計画」において求められているサービス。".into(),
                    source: Vec::new()
                }
            ]
        );
    }

    #[test]
    fn a_short_line_ends_its_paragraph() {
        let ls = [
            line(
                "区民の利便性向上を目的として、令和５年12月から本庁区民係において",
                0.0,
            ),
            short("キャッシュレス決済を導入する。", 12.0, 200.0),
            short("なお、令和６年度以降は拡充を検討していく。", 24.0, 300.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(
            text_blocks(crate::Readers::standard(), &refs, &profile()).len(),
            2
        );
        // a full line ending a sentence, then an indented line: two paragraphs
        let mut next = line(
            "特定事業主である音威子府村においても、法律の趣旨にのっとり",
            12.0,
        );
        next.bbox.x0 = 60.0;
        let ls = [line("計画策定が求められています。", 0.0), next];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(
            text_blocks(crate::Readers::standard(), &refs, &profile()).len(),
            2
        );
        // a line broken short before a long bracket run is no paragraph end
        let ls = [
            short("本市では、令和６年度までを目途に", 0.0, 300.0),
            line(
                "【共通：ＢＰＲの取組】、【推進方針１：デジタル化による市民の利便性向上】",
                12.0,
            ),
            short("に沿ってデジタル化を推進してきました。", 24.0, 250.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(
            text_blocks(crate::Readers::standard(), &refs, &profile()).len(),
            1
        );
    }

    #[test]
    fn full_line_goes_on_past_a_middle_dot() {
        let mut a = line(
            "デジタルサービスの品質と信頼性の向上を図るため、自治体情報システムの標準化",
            0.0,
        );
        a.bbox.x1 = 540.0;
        let mut b = line(
            "・共通化を進めるとともに、セキュリティポリシーの見直しを検討します。",
            12.0,
        );
        b.bbox.x1 = 520.0;
        let refs = [&a, &b];
        assert_eq!(
            text_blocks(crate::Readers::standard(), &refs, &profile()),
            [SectionBlock::Paragraph {
                text: "デジタルサービスの品質と信頼性の向上を図るため、自治体情報システムの標準化・共通化を進めるとともに、セキュリティポリシーの見直しを検討します。".into(), source: Vec::new() }]
        );
    }

    #[test]
    fn glossary_section_refers_to_the_glossary() {
        let section = |h: &str| keikaku_model::Section {
            heading: h.into(),
            ..Default::default()
        };
        let mut s = Sections {
            list: vec![
                section("８ 進行管理・評価"),
                section("用語集（数・英・五十音順）"),
            ],
            ys: vec![0.0, 0.0],
            spans: Vec::new(),
        };
        let headings = crate::Profiles::builtin().notes.glossary_headings;
        refer_glossary(&mut s, &headings, false);
        assert!(s.list[1].blocks.is_empty());
        refer_glossary(&mut s, &headings, true);
        assert!(s.list[0].blocks.is_empty());
        assert_eq!(s.list[1].blocks, [SectionBlock::GlossaryRef]);
    }

    #[test]
    fn months_take_the_documents_fiscal_year() {
        let dated = |w: &str, fy: Option<i32>| {
            let mut i = ScheduleItem {
                when: w.into(),
                ..ScheduleItem::default()
            };
            date_item(crate::Readers::standard(), &mut i, fy);
            (i.start, i.end)
        };
        let day = |s: &str| Some(s.to_string());
        assert_eq!(
            dated("８月", Some(2023)),
            (day("2023-08-01"), day("2023-08-31"))
        );
        assert_eq!(
            dated("８月～９月", Some(2023)),
            (day("2023-08-01"), day("2023-09-30"))
        );
        assert_eq!(dated("10月～", Some(2023)), (day("2023-10-01"), None));
        assert_eq!(
            dated("２月", Some(2023)),
            (day("2024-02-01"), day("2024-02-29"))
        );
        assert_eq!(dated("令和６年３月～", None), (day("2024-03-01"), None));
        assert_eq!(dated("８月", None), (None, None));
    }

    #[test]
    fn dated_items_make_a_schedule_list() {
        let ls = [
            line("・８月 活用事例について他自治体と情報交換を実施", 0.0),
            line("・10月～ 導入検証における効果確認", 12.0),
            line(
                "・９月～ ガバメントクラウドとの接続に向けた準備・検討",
                24.0,
            ),
            line("各業務における運用課題の検討", 36.0),
            line("・R4 655回 3,365名", 48.0),
            line("・８月に実施した説明会の結果", 52.0),
            short("・令和６年２月～", 60.0, 130.0),
            short("ガバメントクラウド運用管理補助者等の選定", 60.0, 400.0),
            short("・10月～", 72.0, 100.0),
            short("令和６年度に向けた検討", 72.0, 300.0),
            short("・９月～10月情報交換を踏まえた検討", 84.0, 300.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        let item = |w: &str, t: &str| ScheduleItem {
            when: w.into(),
            text: t.into(),
            ..ScheduleItem::default()
        };
        assert_eq!(
            text_blocks(crate::Readers::standard(), &refs, &profile()),
            [
                SectionBlock::ScheduleList {
                    items: vec![
                        item("８月", "活用事例について他自治体と情報交換を実施"),
                        item("10月～", "導入検証における効果確認"),
                        item(
                            "９月～",
                            "ガバメントクラウドとの接続に向けた準備・検討各業務における運用課題の検討"
                        ),
                    ], source: Vec::new() },
                SectionBlock::List {
                    items: vec![
                        "R4 655回 3,365名".into(),
                        "８月に実施した説明会の結果".into()
                    ], source: Vec::new(), item_sources: Vec::new() },
                SectionBlock::ScheduleList {
                    items: vec![
                        item("令和６年２月～", "ガバメントクラウド運用管理補助者等の選定"),
                        item("10月～", "令和６年度に向けた検討"),
                        item("９月～10月", "情報交換を踏まえた検討"),
                    ], source: Vec::new() },
            ]
        );
    }
}
