//! Numbered 施策 headings and label lines (【主な取組】, boxed 主な取組, ◎施策の目標, 担当課：…).

use super::parts::{LinePiece, Piece};
use super::{Kind, PolicyProfile};
use crate::cards::util::{compact, fold_width, letter_count};
use crate::sections::pattern::Marker;

/// A numbered heading: its piece, number, title, marker shape and size.
#[derive(Debug, Clone)]
pub struct Heading {
    pub at: usize,
    /// Pieces the heading takes: its line, and the title line beside a bare number.
    pub span: usize,
    pub number: String,
    pub title: String,
    /// The number template matched (headings of one template are one level).
    pub shape: String,
    /// Font size in points.
    pub size: f32,
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
pub fn beside(l: &LinePiece, n: &LinePiece) -> bool {
    let (a, b) = (&l.line.bbox, &n.line.bbox);
    l.page == n.page && a.y_overlap(b) > 0.5 * a.height().min(b.height()) && b.x0 >= a.x1 - 1.0
}

/// The heading a line makes (with the line `next` beside it as its title when the line
/// is a bare number), if any.
pub fn heading(
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
pub fn label_of(text: &str, p: &PolicyProfile) -> Option<String> {
    bracketed(text, p).map(|(inner, _)| inner)
}

/// True when the first `n` chars of `text` end in a numeral (a number with no mark or
/// space after it).
pub fn ends_in_digit(text: &str, n: usize) -> bool {
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
pub fn bracketed(text: &str, p: &PolicyProfile) -> Option<(String, String)> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::{BBox, Line};

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
        let p = crate::ProfileSet::builtin()
            .with_file("user.toml", "[policies]\naction_labels = [\"主要施策\"]\n")
            .expect("user profile")
            .all()
            .policies;
        assert_eq!(profile().kind("主要施策"), None);
        assert_eq!(p.kind("主要施策"), Some(Kind::Actions));
    }
}
