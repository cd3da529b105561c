//! A part's lines as list items (bullets, numbers, two columns), ※ notes and departments.

use super::heads::ends_in_digit;
use super::parts::LinePiece;
use super::PolicyProfile;
use crate::cards::util::{fold_width, letter_count};
use crate::sections::pattern::Marker;
use crate::Readers;
use keikaku_model::Footnote;

/// How a list item opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Opener {
    /// A new block with no mark.
    Plain,
    /// A number (`(1)`, `①`).
    Number,
    /// A bullet (`・`, `•`).
    Bullet,
}

/// The items a list holds: those opened by bullets when there are any, else those opened
/// by numbers, else all.
pub fn listed(items: &[(String, Opener)]) -> impl Iterator<Item = &String> {
    let best = items.iter().map(|(_, o)| *o).max().unwrap_or(Opener::Plain);
    items
        .iter()
        .filter(move |(_, o)| *o == best)
        .map(|(t, _)| t)
}

/// The lines as items, each with how it opens: a bullet, a number or a new block opens
/// one, other lines continue it (joined as a reader would); two columns are read column
/// by column.
pub fn items(rd: Readers<'_>, lines: &[&LinePiece], p: &PolicyProfile) -> Vec<(String, Opener)> {
    let markers: Vec<Marker> = p.numbers.iter().map(|t| Marker::parse(t)).collect();
    let mut out: Vec<(String, Opener)> = Vec::new();
    let mut pages: Vec<u32> = lines.iter().map(|l| l.page).collect();
    pages.dedup();
    let ordered = pages.into_iter().flat_map(|pg| {
        let on: Vec<&LinePiece> = lines.iter().copied().filter(|l| l.page == pg).collect();
        columns(&on)
    });
    for l in ordered {
        let text = crate::tables::util::tidy(rd, &l.line.text);
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
pub fn numbered(text: &str, markers: &[Marker]) -> bool {
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
pub fn columns<'p, 'a>(lines: &[&'p LinePiece<'a>]) -> Vec<&'p LinePiece<'a>> {
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
pub fn strip_bullet<'t>(text: &'t str, p: &PolicyProfile) -> &'t str {
    p.bullets
        .iter()
        .filter(|b| !b.is_empty())
        .find_map(|b| text.strip_prefix(b.as_str()))
        .map_or(text, str::trim)
}

/// The lines without their ※ notes (a note's wrapped lines included), which go to `notes`.
pub fn take_notes<'p, 'a>(
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
pub fn note(text: &str, p: &PolicyProfile) -> Option<Footnote> {
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
        source: Vec::new(),
    })
}

/// Department names of a 担当課 part (one per line or separated by `、`).
pub fn departments(text: &str, p: &PolicyProfile) -> Vec<String> {
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

    fn profile() -> PolicyProfile {
        crate::Profiles::builtin().policies
    }

    #[test]
    fn departments_split_on_separators() {
        assert_eq!(
            departments("観光課、商工課\n・農政課", &profile()),
            ["観光課", "商工課", "農政課"]
        );
    }

    #[test]
    fn notes_keep_their_wrapped_lines() {
        use keikaku_model::{BBox, Line};
        let mk = |t: &str, y: f32| Line {
            text: t.into(),
            bbox: BBox::new(50.0, y, 300.0, y + 10.0),
            size: 10.0,
            ..Default::default()
        };
        let lines = [
            mk("※１ 推計値は観光庁の", 100.0),
            mk("基準によります。", 112.0),
            mk("・観光振興", 130.0),
        ];
        let pieces: Vec<LinePiece> = lines
            .iter()
            .enumerate()
            .map(|(i, l)| LinePiece {
                line: l,
                page: 1,
                first: i != 1,
                boxed: false,
                chart: false,
            })
            .collect();
        let refs: Vec<&LinePiece> = pieces.iter().collect();
        let mut notes = Vec::new();
        let rest = take_notes(&refs, &profile(), &mut notes);
        assert_eq!(rest.len(), 1);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].marker, "※１");
        assert_eq!(notes[0].text, "推計値は観光庁の基準によります。");
    }

    #[test]
    fn numbered_items() {
        let markers: Vec<Marker> = profile().numbers.iter().map(|t| Marker::parse(t)).collect();
        assert!(numbered("(1) 観光資源の磨き上げ", &markers));
        assert!(numbered("①保育の受け皿", &markers));
        assert!(!numbered("2019年に増加", &markers));
    }
}
