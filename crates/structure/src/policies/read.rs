//! Headings, their extents, labels, and one 施策 from its pieces.

use super::parts::{LinePiece, Piece, What};
use super::{Kind, PolicyProfile};
use crate::cards::util::{compact, fold_width, letter_count};
use crate::indicators::{self, IndicatorProfile};
use crate::sections::pattern::Marker;
use crate::sections::Sections;
use crate::Profiles;
use keikaku_model::{BBox, Footnote, Indicator, Initiative, InitiativeForm};

/// A numbered heading: its piece, number, title, marker shape and size.
#[derive(Debug, Clone)]
pub struct Heading {
    pub at: usize,
    /// Pieces the heading takes: its line, and the title line beside a bare number.
    pub span: usize,
    pub number: String,
    pub title: String,
    shape: String,
    size: f32,
}

/// Longest 施策 heading in chars.
const MAX_HEADING_CHARS: usize = 50;
/// Longest label in chars (brackets included).
const MAX_LABEL_CHARS: usize = 30;
/// Longest boxed label in chars.
const MAX_BOXED_CHARS: usize = 20;

/// The numbered headings among `pieces`: a block's first line, not smaller than the body,
/// short, no sentence, opening with a number template and words after it.
pub fn headings(pieces: &[Piece], p: &PolicyProfile, body: f32) -> Vec<Heading> {
    let markers: Vec<(Marker, String)> = p
        .numbers
        .iter()
        .map(|t| (Marker::parse(t), t.clone()))
        .collect();
    pieces
        .iter()
        .enumerate()
        .filter_map(|(i, piece)| {
            let l = piece.line()?;
            let ok = l.first && !l.chart && l.line.size >= body - 0.5;
            let next = pieces
                .get(i + 1)
                .and_then(|x| x.line())
                .filter(|n| beside(l, n));
            ok.then(|| heading(i, l, next, &markers, p))?
        })
        .collect()
}

/// True when `n` stands right of `l` on its row (a title beside its number box).
fn beside(l: &LinePiece, n: &LinePiece) -> bool {
    let (a, b) = (&l.line.bbox, &n.line.bbox);
    l.page == n.page && a.y_overlap(b) > 0.5 * a.height().min(b.height()) && b.x0 >= a.x1 - 1.0
}

/// The heading a line makes (with the line `next` beside it as its title when the line
/// is a bare number), if any.
fn heading(
    at: usize,
    l: &LinePiece,
    next: Option<&LinePiece>,
    markers: &[(Marker, String)],
    p: &PolicyProfile,
) -> Option<Heading> {
    let text = l.line.text.trim();
    if text.chars().count() > MAX_HEADING_CHARS || text.ends_with('。') || label(l, p).is_some() {
        return None;
    }
    let folded = fold_width(text);
    let (n, shape) = markers
        .iter()
        .filter_map(|(m, t)| Some((m.match_prefix(&folded)?, m, t)))
        // a bare `{n} ` needs its space (`2019年` is no heading)
        .filter(|(n, m, _)| m.literals() > 0 || !ends_in_digit(&folded, *n))
        .max_by_key(|(n, m, _)| (*n, m.literals()))
        .map(|(n, _, t)| (n, t.clone()))?;
    let number: String = text.chars().take(n).collect();
    let mut title: String = text.chars().skip(n).collect::<String>().trim().to_string();
    let mut span = 1;
    if let Some(nx) = next.filter(|_| title.is_empty() && n > 0) {
        title = nx.line.text.trim().to_string();
        span = 2;
    }
    let opens_word = title
        .chars()
        .next()
        .is_some_and(|c| letter_count(&c.to_string()) > 0);
    (opens_word && label_of(&title, p).is_none()).then(|| Heading {
        at,
        span,
        number: number
            .trim()
            .trim_end_matches(['.', '．', '、'])
            .trim()
            .to_string(),
        title,
        shape,
        size: l.line.size,
    })
}

/// The label a bare text makes (bracketed or a known word), for titles.
fn label_of(text: &str, p: &PolicyProfile) -> Option<String> {
    bracketed(text, p).map(|(inner, _)| inner)
}

/// True when the first `n` chars of `text` end in a numeral (a number with no mark or
/// space after it).
fn ends_in_digit(text: &str, n: usize) -> bool {
    text.chars()
        .nth(n.saturating_sub(1))
        .is_some_and(|c| c.is_ascii_digit() || crate::sections::pattern::KANJI_DIGITS.contains(c))
}

/// A label line: the label as printed (brackets and marks dropped), its kind, and text
/// written after it on the same line.
pub fn label(l: &LinePiece, p: &PolicyProfile) -> Option<(String, Kind, String)> {
    let text = compact(&l.line.text);
    if let Some((inner, rest)) = bracketed(&l.line.text, p) {
        let kind = p.kind(&inner);
        return match kind {
            Some(k) => Some((inner, k, rest)),
            None if rest.is_empty() => Some((inner, Kind::Other, rest)),
            None => None,
        };
    }
    if let Some((word, kind, rest)) = with_separator(&l.line.text, p) {
        return Some((word, kind, rest));
    }
    let bare = p
        .label_marks
        .iter()
        .find_map(|m| text.strip_prefix(compact(m).as_str()).map(str::to_string));
    let marked = bare.is_some();
    let word = bare.unwrap_or_else(|| text.clone());
    let known = p
        .kind(&word)
        .filter(|_| word.chars().count() <= MAX_LABEL_CHARS)?;
    let exact = all_labels(p).any(|w| compact(w) == word);
    // a boxed label may be a longer phrase ending in a label word (施策の方向性と主な取組)
    let boxed = l.boxed && word.chars().count() <= MAX_BOXED_CHARS;
    ((exact && marked) || boxed).then(|| (word, known, String::new()))
}

/// `担当課：観光課` → (`担当課`, its kind, `観光課`): a known label word, a separator of the
/// profile, and text.
fn with_separator(text: &str, p: &PolicyProfile) -> Option<(String, Kind, String)> {
    let t = text.trim();
    p.separators
        .iter()
        .filter(|s| !s.is_empty())
        .find_map(|sep| {
            let (word, rest) = t.split_once(sep.as_str())?;
            let word = compact(word);
            let exact = all_labels(p).any(|w| compact(w) == word);
            // only labels that never open a sentence (`現状：…` may)
            let kind = p
                .kind(&word)
                .filter(|k| exact && matches!(k, Kind::Departments | Kind::Plans))?;
            Some((word, kind, rest.trim().to_string()))
        })
}

/// Every known label word of the profile.
fn all_labels(p: &PolicyProfile) -> impl Iterator<Item = &String> {
    [
        &p.summary_labels,
        &p.field_labels,
        &p.action_labels,
        &p.kpi_labels,
        &p.plan_labels,
        &p.department_labels,
    ]
    .into_iter()
    .flatten()
}

/// `【主な取組】…` → (`主な取組`, `…`) for a bracket pair of the profile at the line's start.
fn bracketed(text: &str, p: &PolicyProfile) -> Option<(String, String)> {
    let t = text.trim();
    p.brackets.iter().find_map(|pair| {
        let mut cs = pair.chars();
        let (open, close) = (cs.next()?, cs.next()?);
        let rest = t.strip_prefix(open)?;
        let end = rest.find(close)?;
        let inner = compact(&rest[..end]);
        let after = rest[end + close.len_utf8()..].trim().to_string();
        let ok = !inner.is_empty() && inner.chars().count() <= MAX_LABEL_CHARS;
        ok.then_some((inner, after))
    })
}

/// The pieces a 施策 spans, and the sub-headings inside with labels of their own
/// (`① 高校の仕組みの強化` over ◎施策の目標 and ＜主な事業＞), as indices into the pieces.
#[derive(Debug, Clone)]
pub struct Extent {
    pub head: Heading,
    pub start: usize,
    pub end: usize,
    pub subs: Vec<usize>,
}

/// The pieces each 施策 spans: from a heading with a label before any other heading and
/// enough known labels, to the next heading of its shape, a larger one, one of its size
/// (for headings set larger than the body) or the next such 施策.
pub fn extents(pieces: &[Piece], heads: &[Heading], p: &PolicyProfile, body: f32) -> Vec<Extent> {
    let labelled: Vec<bool> = heads
        .iter()
        .enumerate()
        .map(|(k, h)| {
            let next = heads.get(k + 1).map_or(pieces.len(), |n| n.at);
            pieces[h.at + 1..next]
                .iter()
                .any(|x| x.line().is_some_and(|l| label(l, p).is_some()))
        })
        .collect();
    let mut out: Vec<Extent> = Vec::new();
    for (k, h) in heads.iter().enumerate() {
        if !labelled[k] || out.last().is_some_and(|e| h.at < e.end) {
            continue;
        }
        let closes = |(j, n): (usize, &Heading)| {
            n.shape == h.shape
                || (labelled[j] && n.size >= h.size - 0.5)
                || n.size > h.size + 0.5
                || (h.size > body + 0.5 && n.size >= h.size - 0.5)
        };
        let end = heads
            .iter()
            .enumerate()
            .skip(k + 1)
            .find(|x| closes(*x))
            .map_or(pieces.len(), |(_, n)| n.at);
        let known = pieces[h.at + 1..end]
            .iter()
            .filter_map(|x| x.line().and_then(|l| label(l, p)))
            .filter(|(_, kind, _)| *kind != Kind::Other)
            .count();
        if known >= p.needed() {
            let subs = heads
                .iter()
                .zip(&labelled)
                .filter(|(n, l)| **l && n.at > h.at && n.at < end)
                .map(|(n, _)| n.at)
                .collect();
            out.push(Extent {
                head: h.clone(),
                start: h.at,
                end,
                subs,
            });
        }
    }
    out
}

/// One labelled part: the label (None for the lead before the first label), its kind,
/// and its lines and tables.
struct Part<'p, 'a> {
    label: Option<String>,
    kind: Kind,
    lines: Vec<&'p LinePiece<'a>>,
    /// Text after the label on its line.
    inline: String,
    tables: Vec<&'p keikaku_model::TableGrid>,
    /// Continues an earlier descriptive part (after a sub-heading).
    resume: bool,
    /// The label line's page and box.
    at: Option<(u32, BBox)>,
}

impl<'p, 'a> Part<'p, 'a> {
    fn new(label: Option<String>, kind: Kind, inline: String, resume: bool) -> Self {
        Part {
            label,
            kind,
            lines: Vec::new(),
            inline,
            tables: Vec::new(),
            resume,
            at: None,
        }
    }
}

/// The parts of a 施策's pieces (after its heading); `subs` are the indices (into
/// `pieces`) of sub-headings whose text goes back to the last descriptive part.
fn split<'p, 'a>(pieces: &'p [Piece<'a>], subs: &[usize], p: &PolicyProfile) -> Vec<Part<'p, 'a>> {
    let mut parts = vec![Part::new(None, Kind::Summary, String::new(), false)];
    let mut descriptive: Option<String> = None;
    for (i, piece) in pieces.iter().enumerate() {
        if subs.contains(&i) {
            if let Some(d) = &descriptive {
                parts.push(Part::new(Some(d.clone()), Kind::Field, String::new(), true));
            }
        }
        let Some(cur) = parts.last_mut() else { break };
        match &piece.what {
            What::Table(_, g) => cur.tables.push(g),
            What::Line(l) => match label(l, p) {
                Some((name, kind, inline)) => {
                    if matches!(kind, Kind::Summary | Kind::Field | Kind::Other) {
                        descriptive = Some(name.clone());
                    }
                    let mut part = Part::new(Some(name), kind, inline, false);
                    part.at = Some((l.page, l.line.bbox));
                    parts.push(part);
                }
                None if l.chart || letter_count(&l.line.text) == 0 => {}
                None => cur.lines.push(l),
            },
        }
    }
    rehome(&mut parts);
    parts
}

/// Moves lines read after a later label but printed above it (the right column of a
/// two-column list, read after the left column's end) to the label they stand under: the
/// nearest label above them on their page, not right of them.
fn rehome(parts: &mut [Part]) {
    let anchors: Vec<Option<(u32, BBox)>> = parts.iter().map(|p| p.at).collect();
    let home = |l: &LinePiece| {
        anchors
            .iter()
            .enumerate()
            .filter_map(|(j, a)| a.map(|(pg, b)| (j, pg, b)))
            .filter(|(_, pg, b)| {
                *pg == l.page && b.y0 <= l.line.bbox.y0 && b.x0 <= l.line.bbox.x0 + 2.0
            })
            .max_by(|a, b| a.2.y0.total_cmp(&b.2.y0))
            .map(|(j, _, _)| j)
    };
    let mut moves: Vec<(usize, usize, usize)> = Vec::new();
    for (k, part) in parts.iter().enumerate() {
        let Some((pg, b)) = part.at else { continue };
        for (i, l) in part.lines.iter().enumerate() {
            let above = l.page == pg && l.line.bbox.y1 < b.y0;
            if let Some(j) = home(l).filter(|&j| above && j != k) {
                moves.push((k, i, j));
            }
        }
    }
    let mut moved = Vec::new();
    for &(k, i, j) in moves.iter().rev() {
        moved.push((j, parts[k].lines.remove(i)));
    }
    for (j, line) in moved.into_iter().rev() {
        parts[j].lines.push(line);
    }
}

/// The initiative of one 施策: `pieces[0]` is its heading.
pub fn initiative(
    pieces: &[Piece],
    head: &Heading,
    subs: &[usize],
    profiles: &Profiles,
    sections: &Sections,
) -> Initiative {
    let p = &profiles.policies;
    let ip = &profiles.indicators;
    let mut ini = Initiative {
        form: InitiativeForm::Section,
        number: Some(head.number.clone()),
        title: head.title.clone(),
        ..Initiative::default()
    };
    if let Some((x, l)) = pieces.first().and_then(|x| x.line().map(|l| (x, l))) {
        ini.section_path = path(sections, x.page, l, &l.line.text);
    }
    let mut pages: Vec<u32> = pieces.iter().map(|x| x.page).collect();
    pages.dedup();
    ini.pages = pages;
    let mut lead_summary = None;
    let body = pieces.get(head.span..).unwrap_or(&[]);
    let subs: Vec<usize> = subs
        .iter()
        .filter_map(|s| s.checked_sub(head.span))
        .collect();
    for part in split(body, &subs, p) {
        fill(&mut ini, &part, p, ip, &mut lead_summary);
    }
    if ini.summary.is_none() {
        ini.summary = lead_summary;
    }
    ini
}

/// The section path at the heading, without the heading itself.
fn path(sections: &Sections, page: u32, l: &LinePiece, text: &str) -> Vec<String> {
    let mut path = sections.path_at(page, l.line.bbox.y0 + 0.01);
    if path.last().is_some_and(|h| compact(h) == compact(text)) {
        path.pop();
    }
    path
}

/// Adds one part to the initiative.
fn fill(
    ini: &mut Initiative,
    part: &Part,
    p: &PolicyProfile,
    ip: &IndicatorProfile,
    lead_summary: &mut Option<String>,
) {
    let lines = take_notes(&part.lines, p, &mut ini.footnotes);
    let kpi_kind = part.label.as_deref().and_then(|l| ip.kind(l));
    let mut found: Vec<Indicator> = part
        .tables
        .iter()
        .filter_map(|g| indicators::from_grid(g, ip, kpi_kind))
        .flatten()
        .collect();
    let texts: Vec<&str> = lines.iter().map(|l| l.line.text.as_str()).collect();
    // indicator text: a KPI part's, or a lead with an arrow (`…40人（2014年度）→…`);
    // sentences are none
    let arrow = texts.iter().any(|t| indicators::has_arrow(t, ip));
    if part.kind == Kind::Kpi || (part.label.is_none() && arrow) {
        let short: Vec<&str> = texts
            .iter()
            .copied()
            .filter(|t| !t.trim_end().ends_with('。'))
            .collect();
        found.extend(indicators::from_lines(&short, ip, kpi_kind));
    }
    let items = items(&lines, p);
    let bare: Vec<String> = listed(&items)
        .map(|i| strip_bullet(i, p).to_string())
        .filter(|t| !t.is_empty())
        .collect();
    let text = match part.kind {
        Kind::Kpi => texts.join("\n"),
        _ => items
            .iter()
            .map(|(t, _)| t.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    };
    let Some(label) = &part.label else {
        // the lead under the heading: indicators, else a summary
        if found.is_empty() && !text.is_empty() {
            *lead_summary = Some(bare.concat());
        }
        ini.kpi.extend(found);
        return;
    };
    let joined = [part.inline.as_str(), text.as_str()]
        .iter()
        .filter(|t| !t.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join("\n");
    match part.kind {
        Kind::Summary if ini.summary.is_none() => ini.summary = Some(joined.replace('\n', "")),
        Kind::Actions => ini.actions.extend(bare),
        Kind::Kpi if found.is_empty() => {
            found.extend(bare.into_iter().map(|n| Indicator::named(n, kpi_kind)))
        }
        Kind::Plans => ini.related_plans.extend(bare),
        Kind::Departments => ini.lead_departments.extend(departments(&joined, p)),
        Kind::Field if !part.resume && lead_summary.is_none() && ini.summary.is_none() => {
            *lead_summary = Some(bare.concat())
        }
        _ => {}
    }
    ini.kpi.extend(found);
    add_field(ini, label, &joined, part.resume || !part.tables.is_empty());
}

/// Sets (or extends, for a resumed part) a field; an empty text is kept only for a
/// label with nothing else under it.
fn add_field(ini: &mut Initiative, label: &str, text: &str, optional: bool) {
    match ini.fields.get_mut(label) {
        Some(old) if !text.is_empty() => crate::cards::util::push_line(old, text),
        Some(_) => {}
        None if text.is_empty() && optional => {}
        None => {
            ini.fields.insert(label.to_string(), text.to_string());
        }
    }
}

/// How a list item opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Opener {
    /// A new block with no mark.
    Plain,
    /// A number (`(1)`, `①`).
    Number,
    /// A bullet (`・`, `•`).
    Bullet,
}

/// The items a list holds: those opened by bullets when there are any, else those opened
/// by numbers, else all.
fn listed(items: &[(String, Opener)]) -> impl Iterator<Item = &String> {
    let best = items.iter().map(|(_, o)| *o).max().unwrap_or(Opener::Plain);
    items
        .iter()
        .filter(move |(_, o)| *o == best)
        .map(|(t, _)| t)
}

/// The lines as items, each with how it opens: a bullet, a number or a new block opens
/// one, other lines continue it (joined as a reader would); two columns are read column
/// by column.
fn items(lines: &[&LinePiece], p: &PolicyProfile) -> Vec<(String, Opener)> {
    let markers: Vec<Marker> = p.numbers.iter().map(|t| Marker::parse(t)).collect();
    let mut out: Vec<(String, Opener)> = Vec::new();
    let mut pages: Vec<u32> = lines.iter().map(|l| l.page).collect();
    pages.dedup();
    let ordered = pages.into_iter().flat_map(|pg| {
        let on: Vec<&LinePiece> = lines.iter().copied().filter(|l| l.page == pg).collect();
        columns(&on)
    });
    for l in ordered {
        let text = crate::tables::util::tidy(&l.line.text);
        let opener = if strip_bullet(&text, p).len() != text.len() {
            Opener::Bullet
        } else if numbered(&text, &markers) {
            Opener::Number
        } else {
            Opener::Plain
        };
        match out.last_mut() {
            Some((last, _)) if opener == Opener::Plain && !l.first => {
                *last = keikaku_jtext::join_lines(last, &text)
            }
            _ => out.push((text, opener)),
        }
    }
    out
}

/// True when `text` opens with a number template followed by words (`(1) 観光…`).
fn numbered(text: &str, markers: &[Marker]) -> bool {
    let folded = fold_width(text);
    markers.iter().any(|m| {
        m.match_prefix(&folded).is_some_and(|n| {
            let rest: String = folded.chars().skip(n).collect();
            let opens_word = rest
                .trim_start()
                .chars()
                .next()
                .is_some_and(|c| letter_count(&c.to_string()) > 0);
            n > 0 && (m.literals() > 0 || !ends_in_digit(&folded, n)) && opens_word
        })
    })
}

/// Lines of one page in column order: when lines stand side by side (two columns), the
/// left column's lines come first, then the right's; otherwise as read.
fn columns<'p, 'a>(lines: &[&'p LinePiece<'a>]) -> Vec<&'p LinePiece<'a>> {
    let beside = |a: &LinePiece, b: &LinePiece| {
        let (x, y) = (&a.line.bbox, &b.line.bbox);
        x.y_overlap(y) > 0.5 * x.height().min(y.height()) && x.x_overlap(y) <= 0.0
    };
    // the x where the right column starts: the right line's left edge of a side-by-side pair
    let split = lines.iter().enumerate().find_map(|(i, a)| {
        let b = lines[i + 1..].iter().find(|b| beside(a, b))?;
        Some(a.line.bbox.x0.max(b.line.bbox.x0))
    });
    let Some(cut) = split else {
        return lines.to_vec();
    };
    let mut left: Vec<&LinePiece> = Vec::new();
    let mut right: Vec<&LinePiece> = Vec::new();
    for l in lines {
        if l.line.bbox.x0 >= cut - 0.5 {
            right.push(l);
        } else {
            left.push(l);
        }
    }
    for side in [&mut left, &mut right] {
        side.sort_by(|a, b| a.line.bbox.y0.total_cmp(&b.line.bbox.y0));
    }
    left.extend(right);
    left
}

/// The text after a bullet of the profile, or the text itself.
fn strip_bullet<'t>(text: &'t str, p: &PolicyProfile) -> &'t str {
    p.bullets
        .iter()
        .filter(|b| !b.is_empty())
        .find_map(|b| text.strip_prefix(b.as_str()))
        .map_or(text, str::trim)
}

/// The lines without their ※ notes (a note's wrapped lines included), which go to `notes`.
fn take_notes<'p, 'a>(
    lines: &[&'p LinePiece<'a>],
    p: &PolicyProfile,
    notes: &mut Vec<Footnote>,
) -> Vec<&'p LinePiece<'a>> {
    let mut rest = Vec::new();
    let mut open = false;
    for l in lines {
        if let Some(n) = note(&l.line.text, p) {
            notes.push(n);
            open = true;
        } else if open && !l.first {
            if let Some(n) = notes.last_mut() {
                n.text = keikaku_jtext::join_lines(&n.text, l.line.text.trim());
            }
        } else {
            open = false;
            rest.push(*l);
        }
    }
    rest
}

/// A ※ line as a note: marker (with its digits) and text.
fn note(text: &str, p: &PolicyProfile) -> Option<Footnote> {
    let t = text.trim();
    let m = p
        .note_markers
        .iter()
        .find(|m| !m.is_empty() && t.starts_with(m.as_str()))?;
    let rest = &t[m.len()..];
    let digits: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c))
        .collect();
    Some(Footnote {
        marker: format!("{m}{digits}"),
        term: None,
        text: rest[digits.len()..].trim().to_string(),
        page: None,
    })
}

/// Department names of a 担当課 part (one per line or separated by `、`).
fn departments(text: &str, p: &PolicyProfile) -> Vec<String> {
    let mut parts = vec![text.to_string()];
    for s in p.item_separators.iter().map(String::as_str).chain(["\n"]) {
        parts = parts
            .iter()
            .flat_map(|x| x.split(s).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts
        .into_iter()
        .map(|x| strip_bullet(x.trim(), p).to_string())
        .filter(|x| !x.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::Line;

    fn profile() -> PolicyProfile {
        crate::Profiles::builtin().policies
    }

    fn line(text: &str) -> Line {
        Line {
            text: text.into(),
            bbox: BBox::new(
                50.0,
                100.0,
                50.0 + 10.0 * text.chars().count() as f32,
                110.0,
            ),
            size: 10.0,
            ..Default::default()
        }
    }

    fn piece(l: &Line, boxed: bool) -> LinePiece<'_> {
        LinePiece {
            line: l,
            page: 1,
            first: true,
            boxed,
            chart: false,
        }
    }

    fn label_of_line(text: &str, boxed: bool) -> Option<(String, Kind, String)> {
        let l = line(text);
        label(&piece(&l, boxed), &profile())
    }

    #[test]
    fn bracketed_labels_and_their_kinds() {
        let kind = |t: &str| label_of_line(t, false).map(|(w, k, _)| (w, k));
        assert_eq!(
            kind("【目標とする姿】"),
            Some(("目標とする姿".into(), Kind::Summary))
        );
        assert_eq!(
            kind("【目標達成のための方向性と主な取組】"),
            Some(("目標達成のための方向性と主な取組".into(), Kind::Actions))
        );
        assert_eq!(kind("［成果指標］"), Some(("成果指標".into(), Kind::Kpi)));
        assert_eq!(
            kind("＜主な事業＞"),
            Some(("主な事業".into(), Kind::Actions))
        );
        assert_eq!(kind("【関連計画】"), Some(("関連計画".into(), Kind::Plans)));
        // an unknown bracketed line is a label of its own, not counted
        assert_eq!(kind("【コラム】"), Some(("コラム".into(), Kind::Other)));
        // a sentence opening with brackets is none
        assert_eq!(kind("【再掲】村立高校振興事業"), None);
    }

    #[test]
    fn bare_words_need_a_box_a_mark_or_a_separator() {
        assert!(label_of_line("主な取組", false).is_none());
        assert_eq!(
            label_of_line("主な取組", true).map(|x| x.1),
            Some(Kind::Actions)
        );
        assert_eq!(
            label_of_line("◎施策の目標", false).map(|x| x.1),
            Some(Kind::Kpi)
        );
        assert_eq!(
            label_of_line("担当課：観光課", false),
            Some(("担当課".into(), Kind::Departments, "観光課".into()))
        );
        // 現状： opens sentences too
        assert!(label_of_line("現状：人口は減少しています", false).is_none());
    }

    fn heading_of(text: &str) -> Option<(String, String)> {
        let p = profile();
        let markers: Vec<(Marker, String)> = p
            .numbers
            .iter()
            .map(|t| (Marker::parse(t), t.clone()))
            .collect();
        let l = line(text);
        heading(0, &piece(&l, false), None, &markers, &p).map(|h| (h.number, h.title))
    }

    #[test]
    fn heading_numbers() {
        let h = |n: &str, t: &str| Some((n.to_string(), t.to_string()));
        assert_eq!(heading_of("１－１ 観光の振興"), h("１－１", "観光の振興"));
        assert_eq!(heading_of("施策１ 観光の振興"), h("施策１", "観光の振興"));
        assert_eq!(
            heading_of("施策 2-3 商工業の振興"),
            h("施策 2-3", "商工業の振興")
        );
        assert_eq!(heading_of("(1) 子育て支援"), h("(1)", "子育て支援"));
        assert_eq!(heading_of("１．村の振興"), h("１", "村の振興"));
        assert_eq!(heading_of("2019年：6,296千人"), None);
        assert_eq!(heading_of("3年間で整備します。"), None);
    }

    #[test]
    fn user_profile_adds_label_words() {
        let user = crate::Profiles::from_toml("[policies]\naction_labels = [\"主要施策\"]\n")
            .expect("user profile");
        let p = crate::Profiles::builtin().merged(user).policies;
        assert_eq!(profile().kind("主要施策"), None);
        assert_eq!(p.kind("主要施策"), Some(Kind::Actions));
    }

    #[test]
    fn departments_split_on_separators() {
        assert_eq!(
            departments("観光課、商工課\n・農政課", &profile()),
            ["観光課", "商工課", "農政課"]
        );
    }
}
