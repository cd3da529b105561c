//! The extents of 施策 headings, their labelled parts, and one 施策 from its pieces.

use super::heads::{label, Heading};
use super::items::{departments, items, listed, strip_bullet, take_notes};
use super::parts::{LinePiece, Piece, What};
use super::{Kind, PolicyProfile};
use crate::cards::util::{compact, letter_count};
use crate::indicators::{self, IndicatorProfile};
use crate::sections::Sections;
use crate::Profiles;
use crate::Readers;
use keikaku_model::{BBox, Indicator, Initiative, InitiativeForm};

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
    rd: Readers<'_>,
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
        fill(rd, &mut ini, &part, p, ip, &mut lead_summary);
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
    rd: Readers<'_>,
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
        .filter_map(|g| indicators::from_grid(rd, g, ip, kpi_kind))
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
        found.extend(indicators::from_lines(rd, &short, ip, kpi_kind));
    }
    let items = items(rd, &lines, p);
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
