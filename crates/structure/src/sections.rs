//! The section tree (【方針1】, (1), 推進方針１, １ 背景・目的, Ⅰ, ① …).
//!
//! A heading is a body line (never a table cell, furniture, a chart's label or a contents
//! page) that starts
//! with a marker of the profile and is set larger than the body text (or in bold, or alone
//! in its block before body text and not one of a list of such lines), or a short line
//! alone in its block set clearly larger than the body. A heading has words: a bare
//! numeral (a side tab Ⅰ) or undecodable text (U+FFFD) is none. Levels come from nesting, not from the
//! profile: each marker style (or, without marker, each font size) is a kind; a kind met
//! again closes everything opened after it, a new kind opens one level deeper unless its
//! font is larger than the open heading's.

pub mod pattern;

use crate::cards::util::{compact, fold_width, letter_count};
use crate::figures::Figures;
use crate::Readers;
use keikaku_model::{Item, Layout, Line, Section};
use pattern::Marker;
use serde::Deserialize;

/// Heading patterns.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SectionProfile {
    /// Marker templates (see [`pattern`]), e.g. `【方針{n}】`, `({n})`, `第{n}章`.
    pub markers: Vec<String>,
    /// Lines equal to one of these are never headings (tab labels such as 修正後, 記).
    pub not_headings: Vec<String>,
    /// Lines containing one of these are never headings (【…修正の理由】).
    pub not_containing: Vec<String>,
    /// Lines starting with one of these are never headings (No. of an initiative sheet).
    pub not_starting: Vec<String>,
    /// Longest heading in chars (default 60).
    pub max_chars: Option<usize>,
    /// A marked heading is at least this many times the body size (default 1.05).
    pub marked_size: Option<f32>,
    /// An unmarked heading is at least this many times the body size (default 1.15).
    pub unmarked_size: Option<f32>,
    /// Longest unmarked heading in chars (default 30).
    pub unmarked_max_chars: Option<usize>,
    /// List bullets (○ ・ ➢): a line opening with one is a list item, not a heading, when
    /// it reads as a sentence (a 。 in it, running on to the next line, or long with a 、).
    pub bullets: Vec<String>,
    /// Longest heading opening with a bullet and holding a 、, in chars (default 30).
    pub bullet_max_chars: Option<usize>,
}

/// The headings found, with where they stand.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    /// Headings in document order.
    pub list: Vec<Section>,
    /// Top y of each heading on its page (same order as `list`).
    pub ys: Vec<f32>,
    /// How many lines of its block each heading takes (same order; missing means one).
    pub spans: Vec<usize>,
}

impl Sections {
    /// The headings (as printed) enclosing a point at `y` on page `page` (1-based), outermost first.
    pub fn path_at(&self, page: u32, y: f32) -> Vec<String> {
        let last = self
            .list
            .iter()
            .zip(&self.ys)
            .rposition(|(s, &sy)| s.page < page || (s.page == page && sy <= y));
        let mut path = Vec::new();
        let mut cur = last.and_then(|i| self.list.get(i));
        while let Some(s) = cur {
            path.push(s.heading.clone());
            cur = s
                .parent
                .as_ref()
                .and_then(|p| self.list.iter().find(|x| &x.id == p));
        }
        path.reverse();
        path
    }
}

/// What makes a heading of one kind.
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// The marker's shape (or template, for a marker without literals).
    Marked(String),
    /// No marker: font size in half points.
    Size(i32),
}

/// Where a line stands in its block.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// One of several lines.
    InBlock,
    /// The only line of its block.
    Alone,
    /// The only line of its block, followed by body text or a table, with no one-line
    /// block of the same marker next to it (which would make it a list item).
    AloneBeforeBody,
}

/// A heading before levels are known.
struct Found {
    kind: Kind,
    heading: String,
    page: u32,
    y: f32,
    size: f32,
    /// Lines of its block the heading takes.
    span: usize,
}

/// Finds the headings of `layout`.
pub fn read(rd: Readers<'_>, layout: &Layout, p: &SectionProfile, figures: &Figures) -> Sections {
    let markers: Vec<Marker> = p.markers.iter().map(|m| Marker::parse(m)).collect();
    let body = body_size(layout);
    let title_size = cover_title_size(layout, body);
    let plain = plain_body(layout, body);
    let mut found = Vec::new();
    for (pi, page) in layout.pages.iter().enumerate() {
        if page.is_contents {
            continue;
        }
        let cover = Some(page.number) == layout.pages.first().map(|x| x.number);
        for (j, it) in page.items.iter().enumerate() {
            let Item::Block(b) = it else { continue };
            if figures.contains(pi, j) {
                continue; // chart labels and captions
            }
            if let Some(f) = plain
                .then(|| emphasised_block(rd, b, body, page.number, p))
                .flatten()
            {
                found.push(f);
                continue;
            }
            let alone = match b.lines.as_slice() {
                [l] if before_body(&page.items, j, l, &markers) => Place::AloneBeforeBody,
                [_] => Place::Alone,
                _ => Place::InBlock,
            };
            // a line continuing an unfinished sentence is no heading
            let mut continues = false;
            for (k, l) in b.lines.iter().enumerate() {
                let runs_on = b.lines.get(k + 1).is_some_and(|next| {
                    l.bbox.x1 >= b.bbox.x1 - l.size && !opens_item(&next.text, &markers, p)
                });
                // a chart's small-print category label (（10）私は、…2.5%) is no heading
                let chart_label = l.size < body - 0.25 && figures.covers(pi, &l.bbox);
                let skip = (cover
                    && (title_size.is_some_and(|t| l.size >= t - 0.5) || centered(l, page.width)))
                    || bullet_sentence(&l.text, runs_on, p)
                    || chart_label;
                let h = (!skip && !continues).then(|| heading_of(rd, l, alone, body, &markers, p));
                if let Some(Some((kind, heading))) = h {
                    let (page, y, size) = (page.number, l.bbox.y0, l.size);
                    found.push(Found {
                        kind,
                        heading,
                        page,
                        y,
                        size,
                        span: 1,
                    });
                    continues = false;
                } else {
                    continues = !l.text.trim_end().ends_with(['。', '.', '」', ')', '）']);
                }
            }
        }
    }
    nest(found)
}

/// Most lines of a heading set apart by its face alone.
const EMPHASIS_LINES: usize = 3;

/// Share of body-size characters in bold or the emphasis face below which a document's
/// body is plain.
const PLAIN_SHARE: f32 = 0.1;

/// True when few body-size characters are bold or in the emphasis face, so that a block
/// set so stands out.
fn plain_body(layout: &Layout, body: f32) -> bool {
    let (mut marked, mut all) = (0usize, 0usize);
    let lines = layout
        .pages
        .iter()
        .flat_map(|pg| &pg.items)
        .flat_map(|it| match it {
            Item::Block(b) => b.lines.as_slice(),
            Item::Table(_) => &[],
        });
    for l in lines.filter(|l| (l.size - body).abs() <= 0.5) {
        let n = l.text.chars().count();
        all += n;
        if l.bold || l.emphasis {
            marked += n;
        }
    }
    all > 0 && (marked as f32) < all as f32 * PLAIN_SHARE
}

/// A block of up to three body-size lines wholly in bold or the emphasis face, in a plain
/// body, holding one sentence: a heading though it ends in 。 (a speech's
/// `次に、公約の２つ目である「地域経済の活性化」についてであります。`).
fn emphasised_block(
    rd: Readers<'_>,
    b: &keikaku_model::Block,
    body: f32,
    page: u32,
    p: &SectionProfile,
) -> Option<Found> {
    let first = b.lines.first()?;
    let set_apart = |l: &Line| (l.bold || l.emphasis) && (l.size - body).abs() <= 1.0;
    if b.lines.len() > EMPHASIS_LINES || !b.lines.iter().all(set_apart) {
        return None;
    }
    let mut text = String::new();
    for l in &b.lines {
        text = keikaku_jtext::join_lines(&text, l.text.trim());
    }
    let text = repaired(rd, &text);
    let c = compact(&text);
    let sentences = c.matches('。').count();
    let n = c.chars().count();
    let short = n <= p.max_chars.unwrap_or(60) + 20;
    let readable = letter_count(&c) >= 4 && !c.contains('\u{FFFD}');
    // other lines set apart are read by the marker and size rules
    let one = sentences == 1 && c.ends_with('。');
    (short && readable && one && rd.dates.parse(&c).is_none()).then(|| Found {
        kind: Kind::Marked("emphasis".into()),
        heading: text,
        page,
        y: first.bbox.y0,
        size: first.size,
        span: b.lines.len(),
    })
}

/// True when a line opens with a heading marker or a bullet (it starts an item of its
/// own rather than continuing the line before).
fn opens_item(text: &str, markers: &[Marker], p: &SectionProfile) -> bool {
    let t = text.trim_start();
    marker_shape(t, markers).is_some() || p.bullets.iter().any(|b| t.starts_with(b.as_str()))
}

/// True for a line opening with a bullet that reads as a sentence: a 。 in it, running
/// on to the next line (`runs_on`), or a long line of clauses (`〇 現時点の取組状況` and
/// `〇 物価高騰対策事業（…臨時交付金充当事業）` stay headings).
fn bullet_sentence(text: &str, runs_on: bool, p: &SectionProfile) -> bool {
    let t = text.trim_start();
    if !p.bullets.iter().any(|b| t.starts_with(b.as_str())) {
        return false;
    }
    let c = compact(t);
    let long = c.chars().count() > p.bullet_max_chars.unwrap_or(30) && c.contains('、');
    runs_on || c.contains('。') || long
}

/// One-line blocks (sub-headings, subtitles) that may stand between a heading and its
/// body text.
const MAX_LINES_BEFORE_BODY: usize = 2;

/// True when the one-line block `items[j]` (line `l`) is followed by body text or a
/// table (perhaps after a few one-line blocks of other markers: 第１章 then １ はじめに),
/// ends well before that text's right edge, and follows no one-line block opening with
/// the same marker (a list).
fn before_body(items: &[Item], j: usize, l: &Line, markers: &[Marker]) -> bool {
    let Some(kind) = marker_shape(&l.text, markers) else {
        return false;
    };
    // the block before ends with an item of the same marker (`２．いいえ | 242` above
    // `３．わからない 221`, its count read as a line of its own): a list
    let one_line_same = |it: Option<&Item>| match it {
        Some(Item::Block(b)) => b
            .lines
            .iter()
            .rev()
            .find(|l| letter_count(&compact(&l.text)) > 0)
            .is_some_and(|l| marker_shape(&l.text, markers) == Some(kind.clone())),
        _ => false,
    };
    let prev = j.checked_sub(1).and_then(|i| items.get(i));
    // body text after it: a table, or a paragraph whose lines run on well past the heading
    // (a paragraph's first line fills the measure), perhaps after a sub-heading or a
    // subtitle line or two (（１）長時間労働の是正等 / ①建設業の… / （建設業の労働環境）)
    // (every one of these short lines ends well before the paragraph's right edge)
    let mut body_after = false;
    let mut right = l.bbox.x1;
    for it in items.iter().skip(j + 1).take(MAX_LINES_BEFORE_BODY + 1) {
        match it {
            Item::Table(_) => body_after = true,
            Item::Block(b) if b.lines.len() >= 2 => {
                body_after = right < b.bbox.x1 - 2.0 * l.size;
            }
            Item::Block(b) if marker_shape(&b.lines[0].text, markers) != Some(kind.clone()) => {
                right = right.max(b.bbox.x1);
                continue;
            }
            Item::Block(_) => {}
        }
        break;
    }
    body_after && !one_line_same(prev)
}

/// The shape of the longest marker opening `text`, if any.
fn marker_shape(text: &str, markers: &[Marker]) -> Option<String> {
    let text = fold_width(text.trim());
    markers
        .iter()
        .filter_map(|m| m.match_prefix(&text).map(|len| (len, m)))
        .max_by_key(|(len, _)| *len)
        .map(|(_, m)| m.shape().unwrap_or_default())
}

/// The kind and printed text of a heading line, if it is one.
fn heading_of(
    rd: Readers<'_>,
    l: &Line,
    alone: Place,
    body: f32,
    markers: &[Marker],
    p: &SectionProfile,
) -> Option<(Kind, String)> {
    // cheap tests first: most lines are body text
    let c = compact(&fold_width(&l.text));
    let n = c.chars().count();
    if n == 0 || n > p.max_chars.unwrap_or(60) || c.ends_with('。') || c.ends_with('、') {
        return None;
    }
    let big = l.size >= body * p.marked_size.unwrap_or(1.05)
        || l.bold
        || (alone == Place::AloneBeforeBody && !c.contains('。'));
    let unmarked = alone != Place::InBlock
        && n <= p.unmarked_max_chars.unwrap_or(30)
        && l.size >= body * p.unmarked_size.unwrap_or(1.15);
    if !big && !unmarked {
        return None;
    }
    let printed = repaired(rd, &l.text);
    let text = fold_width(&printed);
    let c = compact(&text);
    if c.contains('\u{FFFD}') || letter_count(&c) < 2 {
        return None; // undecodable text, or a bare numeral or mark
    }
    if rd.dates.parse(&c).is_some() {
        return None; // a date or period line (令和4年度～令和6年度)
    }
    if p.not_headings.iter().any(|x| compact(x) == c)
        || p.not_containing.iter().any(|x| c.contains(&compact(x)))
        || p.not_starting.iter().any(|x| c.starts_with(&compact(x)))
    {
        return None;
    }
    // the longest match wins, then the most specific template
    let best = markers
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.match_prefix(&text).map(|len| (len, m.literals(), i)))
        .filter(|&(len, _, i)| {
            let rest: String = text.chars().skip(len).collect();
            big && (markers[i].is_whole() || !rest.trim().is_empty())
        })
        .max_by_key(|&(len, lits, i)| (len, lits, usize::MAX - i));
    if let Some((len, _, i)) = best {
        let m = &markers[i];
        // fold_width maps char to char: cut the printed text where the folded one matched
        let marker: String = printed.chars().take(len).collect::<String>();
        let rest: String = printed.chars().skip(len).collect::<String>();
        let rest = rest.trim();
        if is_time(rest) || rd.dates.parse(rest).is_some() {
            return None; // a numbered list of times or dates (５ 午前１１時６分)
        }
        if numeral_starts_word(rd, marker.trim(), rest) {
            return None; // 一 般会計…: the numeral is the first letter of a word
        }
        let heading = if rest.is_empty() || m.ends_closed() || m.is_whole() {
            format!("{}{rest}", marker.trim())
        } else {
            format!("{} {rest}", marker.trim())
        };
        let kind = m.shape().unwrap_or_else(|| format!("#{}", p.markers[i]));
        return Some((Kind::Marked(kind), heading));
    }
    unmarked.then(|| (Kind::Size((l.size * 2.0).round() as i32), printed))
}

/// True when a kanji-numeral marker and the text after it segment as one word
/// (`一` + `般会計` → 一般), so the numeral was never a marker.
fn numeral_starts_word(rd: Readers<'_>, marker: &str, rest: &str) -> bool {
    if marker.is_empty() || !marker.chars().all(|c| pattern::KANJI_DIGITS.contains(c)) {
        return false;
    }
    let probe: String = marker.chars().chain(rest.chars().take(8)).collect();
    rd.words
        .words(&probe)
        .first()
        .is_some_and(|t| t.range.end > marker.len() && t.detail != "数")
}

/// A clock time such as `午前１１時６分`, `午後3時`, `10時30分`.
fn is_time(text: &str) -> bool {
    let t = fold_width(text);
    let t = t.trim_start_matches("午前").trim_start_matches("午後");
    let (h, m) = t.split_once('時').unwrap_or((t, "-"));
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    digits(h) && (m.is_empty() || m.strip_suffix('分').is_some_and(digits))
}

/// A line's text without letter-spaced or word-splitting spaces (`① 給 水` → `① 給水`,
/// `一 般会計` → `一般会計`, so 一 is not read as a section numeral).
fn repaired(rd: Readers<'_>, text: &str) -> String {
    rd.words.repair(text.trim())
}

/// Sections with levels and parents from the order of kinds.
fn nest(found: Vec<Found>) -> Sections {
    let mut out = Sections::default();
    let mut stack: Vec<(Kind, usize, f32)> = Vec::new();
    for f in found {
        // the same marker set clearly smaller is a level of its own (【計画】…の総括 12 pt
        // holds 【推進方針１：…】 11 pt)
        let same = |k: &Kind, s: f32| *k == f.kind && (s - f.size).abs() <= 0.5;
        if let Some(pos) = stack.iter().position(|(k, _, s)| same(k, *s)) {
            stack.truncate(pos);
        } else {
            // a larger heading closes smaller ones; a heading without marker and one with
            // a marker do not hold each other at the same size
            let marked = matches!(f.kind, Kind::Marked(_));
            while stack.last().is_some_and(|(k, _, s)| {
                let other_family = marked == matches!(k, Kind::Size(_));
                *s + 0.5 < f.size || (other_family && *s <= f.size + 0.5)
            }) {
                stack.pop();
            }
        }
        let idx = out.list.len();
        let parent = stack.last().map(|(_, i, _)| out.list[*i].id.clone());
        out.list.push(Section {
            id: format!("s{:03}", idx + 1),
            level: stack.len() as u32 + 1,
            heading: f.heading,
            parent,
            page: f.page,
            source: Vec::new(),
            blocks: Vec::new(),
        });
        out.ys.push(f.y);
        out.spans.push(f.span);
        stack.push((f.kind, idx, f.size));
    }
    out
}

/// The body font size: the size carrying the most characters of body lines, or of body
/// and cell lines together, whichever is larger (notes under cards are smaller than body
/// text; cell text can be smaller too).
pub fn body_size(layout: &Layout) -> f32 {
    let mut blocks: Vec<(i32, usize)> = Vec::new();
    let mut all: Vec<(i32, usize)> = Vec::new();
    for page in &layout.pages {
        for it in &page.items {
            if let Item::Block(b) = it {
                count_sizes(&b.lines, &mut blocks);
                count_sizes(&b.lines, &mut all);
            }
        }
        for c in page.tables.iter().flat_map(|t| t.cells.iter()) {
            count_sizes(&c.lines, &mut all);
        }
    }
    let mode = |h: &[(i32, usize)]| {
        h.iter()
            .max_by_key(|(_, c)| *c)
            .map(|(s, _)| *s as f32 / 2.0)
    };
    match (mode(&blocks), mode(&all)) {
        (Some(a), Some(b)) => a.max(b),
        (a, b) => a.or(b).unwrap_or(10.0),
    }
}

/// Adds the lines' characters to a histogram of sizes in half points.
fn count_sizes(lines: &[Line], hist: &mut Vec<(i32, usize)>) {
    for l in lines {
        let k = (l.size * 2.0).round() as i32;
        let n = l.text.chars().count();
        match hist.iter_mut().find(|(s, _)| *s == k) {
            Some((_, c)) => *c += n,
            None => hist.push((k, n)),
        }
    }
}

/// A cover line set in the middle of the page (title, period, municipality), not a heading.
fn centered(l: &Line, width: f32) -> bool {
    (l.bbox.center_x() - width / 2.0).abs() < width * 0.04 && l.bbox.x0 > width * 0.15
}

/// The size of the first page's largest line when it stands out as a cover title.
fn cover_title_size(layout: &Layout, body: f32) -> Option<f32> {
    let first = layout.pages.first()?;
    let max = first
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Block(b) => Some(b),
            _ => None,
        })
        .flat_map(|b| b.lines.iter().map(|l| l.size))
        .reduce(f32::max)?;
    (max >= body * 1.5).then_some(max)
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

    fn line(t: &str, size: f32) -> Line {
        Line {
            text: t.into(),
            bbox: BBox::new(50.0, 0.0, 300.0, size),
            size,
            ..Default::default()
        }
    }

    fn profile() -> SectionProfile {
        crate::Profiles::builtin().sections
    }

    /// A heading found on page 1.
    fn f(kind: Kind, heading: &str, size: f32) -> Found {
        Found {
            kind,
            heading: heading.into(),
            page: 1,
            y: 0.0,
            size,
            span: 1,
        }
    }

    /// The kind of a marked heading of this shape.
    fn k(shape: &str) -> Kind {
        Kind::Marked(shape.to_string())
    }

    #[test]
    fn marked_lines_are_headings() {
        let p = profile();
        let ms: Vec<Marker> = p.markers.iter().map(|m| Marker::parse(m)).collect();
        let h_of = |l: &Line, place: Place, body: f32| {
            heading_of(crate::Readers::standard(), l, place, body, &ms, &p)
        };
        let h = h_of(
            &line("(1)簡単・便利な行政手続の実現", 12.0),
            Place::InBlock,
            10.0,
        );
        assert_eq!(
            h.map(|x| x.1).as_deref(),
            Some("(1) 簡単・便利な行政手続の実現")
        );
        let h = h_of(&line("【方針1】デジタル技術", 14.0), Place::Alone, 10.0);
        assert_eq!(h.map(|x| x.1).as_deref(), Some("【方針1】デジタル技術"));
        // body-sized list items and sentences are not headings
        let alone = Place::Alone;
        assert!(h_of(&line("1.区民の利便性向上", 10.0), alone, 10.0).is_none());
        assert!(h_of(&line("(1)説明します。", 12.0), alone, 10.0).is_none());
        assert!(h_of(&line("修正後", 14.0), alone, 10.0).is_none());
        // a body-size marked line alone before body text is a heading
        let h = h_of(
            &line("（１）年間申請数が1,000件以上の手続", 10.0),
            Place::AloneBeforeBody,
            10.0,
        );
        assert_eq!(
            h.map(|x| x.1).as_deref(),
            Some("（１） 年間申請数が1,000件以上の手続")
        );
        // a list of times, a bare numeral or undecodable text is not
        let before = Place::AloneBeforeBody;
        assert!(h_of(&line("５ 午前１１時６分", 10.0), before, 10.0).is_none());
        assert!(h_of(&line("一 般会計補正予算整理表", 14.0), alone, 10.0).is_none());
        let h = h_of(&line("一 総則", 14.0), alone, 10.0);
        assert_eq!(h.map(|x| x.1).as_deref(), Some("一 総則"));
        assert!(h_of(&line("Ⅰ", 20.0), alone, 10.0).is_none());
        assert!(h_of(&line("\u{FFFD}\u{FFFD}", 20.0), alone, 10.0).is_none());
    }

    #[test]
    fn bullet_sentences_are_no_headings() {
        let p = profile();
        assert!(bullet_sentence(
            "○ 市民の利便性を高めるため、行政手続のオンライン化を着実に進めます",
            false,
            &p
        ));
        assert!(bullet_sentence("➢ 計画を策定した。", false, &p));
        assert!(bullet_sentence("・調査の対象", true, &p));
        assert!(!bullet_sentence("〇 現時点の取組状況", false, &p));
        let group = "〇 物価高騰対策事業（物価高騰対応重点支援地方創生臨時交付金充当事業）";
        assert!(!bullet_sentence(group, false, &p));
        assert!(!bullet_sentence("１ はじめに", true, &p));
    }

    #[test]
    fn nesting_by_kind() {
        let s = nest(vec![
            f(k("【】"), "【方針1】A", 14.0),
            f(k("()"), "(1) a", 12.0),
            f(k("()"), "(2) b", 12.0),
            f(k("【】"), "【方針2】B", 14.0),
            f(Kind::Size(24), "背景", 12.0),
            f(Kind::Size(24), "国の動向", 12.0),
            f(k("推針"), "推進方針１ A", 12.0),
        ]);
        let levels: Vec<u32> = s.list.iter().map(|x| x.level).collect();
        assert_eq!(levels, [1, 2, 2, 1, 2, 2, 2]);
        assert_eq!(s.list[2].parent.as_deref(), Some("s001"));
        assert_eq!(s.path_at(1, 10.0), ["【方針2】B", "推進方針１ A"]);
    }

    #[test]
    fn smaller_same_marker_nests_and_unmarked_peer_is_sibling() {
        let s = nest(vec![
            f(k("#{n} "), "４ 本市の状況", 14.0),
            f(k("【】"), "【計画】各推進方針の総括", 12.0),
            f(k("【】"), "【推進方針１：利便性向上】", 11.0),
            f(k("【】"), "【推進方針２：効率化】", 11.0),
            f(k("【】"), "【第２次計画】テーマ継承", 12.0),
            f(k("#{n} "), "８ 進行管理・評価", 14.0),
            f(Kind::Size(28), "用語集", 14.0),
        ]);
        let levels: Vec<u32> = s.list.iter().map(|x| x.level).collect();
        assert_eq!(levels, [1, 2, 3, 3, 2, 1, 1]);
        assert_eq!(s.list[3].parent.as_deref(), Some("s002"));
    }
}
