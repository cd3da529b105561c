//! Charts and figures: text drawn among many shapes (bars, axes, grid lines) is the
//! figure's, not body text. A figure region is a cluster of at least `min_shapes`
//! rectangles and rulings; a body block inside it whose lines are mostly chart labels
//! (numbers, `0%`, one-letter axis labels, short small-print legends) belongs to the figure,
//! and so does a caption line (`図表6`, `グラフ１`) just above or below it.

use crate::cards::util::{compact, letter_count};
use crate::Readers;
use keikaku_model::{BBox, Item, Layout, Line, PageLayout};
use serde::Deserialize;
use std::collections::HashMap;

/// Figure knowledge.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FigureProfile {
    /// A line opening with one of these, then a number or a separator, captions a figure
    /// (`図表6`, `図1`, `グラフ２`).
    pub caption_words: Vec<String>,
    /// Fewest shapes (rectangles and rulings) of a figure region (default 12).
    pub min_shapes: Option<usize>,
    /// Longest chart label in chars, set smaller than the body (default 24).
    pub max_label_chars: Option<usize>,
}

/// One figure of a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figure {
    /// The caption as printed, when found.
    pub caption: Option<String>,
    /// The item index of the caption block, when found.
    pub caption_item: Option<usize>,
    /// The item indices of the blocks drawn inside it, in reading order.
    pub items: Vec<usize>,
    /// The region its shapes cover.
    pub bbox: BBox,
}

/// The figures of a layout, by page index.
#[derive(Debug, Clone, Default)]
pub struct Figures {
    pages: HashMap<usize, Vec<Figure>>,
}

impl Figures {
    /// The figure that item `item` of page `page` (indices into the layout) belongs to,
    /// as text or as caption.
    pub fn of(&self, page: usize, item: usize) -> Option<&Figure> {
        self.pages
            .get(&page)?
            .iter()
            .find(|f| f.items.contains(&item) || f.caption_item == Some(item))
    }

    /// True when `b` (on page `page`) stands inside a figure's region.
    pub fn covers(&self, page: usize, b: &BBox) -> bool {
        self.pages
            .get(&page)
            .is_some_and(|figs| figs.iter().any(|f| inside(b, &f.bbox)))
    }

    /// True when item `item` of page `page` is a figure's text or caption.
    pub fn contains(&self, page: usize, item: usize) -> bool {
        self.of(page, item).is_some()
    }

    /// How many figures were found.
    pub fn len(&self) -> usize {
        self.pages.values().map(Vec::len).sum()
    }

    /// True when none was found.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Finds the figures of every page.
pub fn find(rd: Readers<'_>, layout: &Layout, body: f32, p: &FigureProfile) -> Figures {
    let mut out = Figures::default();
    for (pi, page) in layout.pages.iter().enumerate() {
        let figs = page_figures(rd, page, body, p);
        if !figs.is_empty() {
            out.pages.insert(pi, figs);
        }
    }
    out
}

/// Shapes closer than this (points) belong to one region.
const SHAPE_GAP: f32 = 6.0;

/// The figures of one page.
fn page_figures(rd: Readers<'_>, page: &PageLayout, body: f32, p: &FigureProfile) -> Vec<Figure> {
    let min = p.min_shapes.unwrap_or(12);
    if page.rects.len() + page.rulings.len() < min {
        return Vec::new();
    }
    let mut figs = Vec::new();
    for region in regions(page).into_iter().filter(|(_, n)| *n >= min) {
        let (bbox, _) = region;
        let items: Vec<usize> = page
            .items
            .iter()
            .enumerate()
            .filter_map(|(j, it)| match it {
                Item::Block(b)
                    if inside(&b.bbox, &bbox)
                        && chart_like(&b.lines, body, p)
                        && !is_caption(&b.lines[0].text, p) =>
                {
                    Some(j)
                }
                _ => None,
            })
            .collect();
        let lines: usize = items
            .iter()
            .filter_map(|&j| match page.items.get(j) {
                Some(Item::Block(b)) => Some(b.lines.len()),
                _ => None,
            })
            .sum();
        if lines < MIN_LINES {
            continue; // a stray label is no chart
        }
        let (caption_item, caption) = caption_of(rd, page, &bbox, &items, body, p).unzip();
        figs.push(Figure {
            caption,
            caption_item,
            items,
            bbox,
        });
    }
    figs
}

/// Clusters of the page's shapes (small rectangles and rulings), with their counts; a
/// rectangle covering most of the page (a background, a frame) is left out.
fn regions(page: &PageLayout) -> Vec<(BBox, usize)> {
    let big = |b: &BBox| b.width() > page.width * 0.8 && b.height() > page.height * 0.6;
    let shapes =
        page.rects
            .iter()
            .map(|r| r.bbox)
            .filter(|b| !big(b))
            .chain(page.rulings.iter().map(|r| {
                BBox::new(
                    r.x0.min(r.x1),
                    r.y0.min(r.y1),
                    r.x0.max(r.x1),
                    r.y0.max(r.y1),
                )
            }));
    let mut out: Vec<(BBox, usize)> = Vec::new();
    for s in shapes {
        match out.iter_mut().find(|(b, _)| near(b, &s)) {
            Some((b, n)) => {
                *b = union(b, &s);
                *n += 1;
            }
            None => out.push((s, 1)),
        }
    }
    // regions grown apart may touch now
    let mut merged: Vec<(BBox, usize)> = Vec::new();
    for (b, n) in out {
        match merged.iter_mut().find(|(m, _)| near(m, &b)) {
            Some((m, k)) => {
                *m = union(m, &b);
                *k += n;
            }
            None => merged.push((b, n)),
        }
    }
    merged
}

/// Fewest label lines of a figure.
const MIN_LINES: usize = 3;

/// True when two boxes overlap or stand within [`SHAPE_GAP`].
fn near(a: &BBox, b: &BBox) -> bool {
    a.x0 - SHAPE_GAP <= b.x1
        && b.x0 - SHAPE_GAP <= a.x1
        && a.y0 - SHAPE_GAP <= b.y1
        && b.y0 - SHAPE_GAP <= a.y1
}

fn union(a: &BBox, b: &BBox) -> BBox {
    BBox::new(
        a.x0.min(b.x0),
        a.y0.min(b.y0),
        a.x1.max(b.x1),
        a.y1.max(b.y1),
    )
}

/// True when the centre of `b` lies in `region` grown by a little (labels beside the axes).
fn inside(b: &BBox, region: &BBox) -> bool {
    let m = 2.0 * SHAPE_GAP;
    let (x, y) = (b.center_x(), (b.y0 + b.y1) / 2.0);
    x >= region.x0 - m && x <= region.x1 + m && y >= region.y0 - m && y <= region.y1 + m
}

/// Marks of running text or notes, never in a legend.
const CLAUSE_MARKS: [char; 4] = ['、', '：', ':', '※'];

/// True when most lines are chart labels: numbers and marks (`1.1`, `0%`, `.3`), one
/// letter (an axis label set one character per line), or short words set smaller than
/// the body (a legend); never a sentence, a clause or a note.
fn chart_like(lines: &[Line], body: f32, p: &FigureProfile) -> bool {
    let max = p.max_label_chars.unwrap_or(24);
    let label = |l: &Line| {
        let c = compact(&l.text);
        let words_short = l.text.split_whitespace().all(|w| w.chars().count() <= max);
        let legend = l.size < body - 0.25 && words_short && !c.contains(CLAUSE_MARKS);
        !c.contains('。') && !c.starts_with('※') && (letter_count(&c) <= 1 || legend)
    };
    // a word set one letter per line (a ledger's 事|業|説|明 header) is no chart label
    let one_letter = |l: &Line| {
        let c = compact(&l.text);
        c.chars().count() == 1 && letter_count(&c) == 1
    };
    if lines.len() >= 2 && lines.iter().all(one_letter) {
        return false;
    }
    let n = lines.iter().filter(|l| label(l)).count();
    !lines.is_empty() && n * 2 > lines.len()
}

/// Most lines a caption block has.
const CAPTION_LINES: usize = 2;

/// The caption block of a figure: a short block opening with a caption word, just above
/// the region (within three body lines) or at its top or bottom.
fn caption_of(
    rd: Readers<'_>,
    page: &PageLayout,
    region: &BBox,
    items: &[usize],
    body: f32,
    p: &FigureProfile,
) -> Option<(usize, String)> {
    let reach = 3.0 * body;
    page.items
        .iter()
        .enumerate()
        .filter(|(j, _)| !items.contains(j))
        .filter_map(|(j, it)| match it {
            Item::Block(b) if b.lines.len() <= CAPTION_LINES => Some((j, b)),
            _ => None,
        })
        .filter(|(_, b)| b.bbox.x1 >= region.x0 - reach && b.bbox.x0 <= region.x1 + reach)
        .filter(|(_, b)| b.bbox.y1 >= region.y0 - reach && b.bbox.y0 <= region.y1 + reach)
        .find(|(_, b)| is_caption(&b.lines[0].text, p))
        .map(|(j, b)| {
            let text = b.lines.iter().map(|l| l.text.trim()).collect::<Vec<_>>();
            (j, rd.words.repair(&text.join(" ")))
        })
}

/// Longest caption in chars.
const CAPTION_CHARS: usize = 60;

/// `図表6`, `図1 人口の推移`, `グラフ２：…`: a caption word, then a digit or a separator.
fn is_caption(text: &str, p: &FigureProfile) -> bool {
    let c = crate::cards::util::fold_width(text.trim());
    if c.chars().count() > CAPTION_CHARS || c.contains('。') {
        return false;
    }
    p.caption_words.iter().any(|w| {
        c.strip_prefix(w.as_str()).is_some_and(|rest| {
            rest.chars()
                .next()
                .is_some_and(|ch| ch.is_ascii_digit() || " -－‐:：".contains(ch))
        })
    })
}

/// The text of a figure's blocks, lines in reading order, one per line.
pub fn text_of(rd: Readers<'_>, page: &PageLayout, fig: &Figure) -> String {
    let mut out: Vec<String> = Vec::new();
    for &j in &fig.items {
        if let Some(Item::Block(b)) = page.items.get(j) {
            out.extend(b.lines.iter().map(|l| rd.words.repair(l.text.trim())));
        }
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> FigureProfile {
        crate::Profiles::builtin().figures
    }

    fn line(t: &str, size: f32) -> Line {
        Line {
            text: t.into(),
            size,
            ..Line::default()
        }
    }

    #[test]
    fn captions() {
        let p = profile();
        assert!(is_caption("図表6", &p));
        assert!(is_caption("図１ 人口の推移", &p));
        assert!(is_caption("グラフ２：満足度", &p));
        assert!(!is_caption("図書館の整備", &p));
        assert!(!is_caption("図表のとおりです。", &p));
    }

    #[test]
    fn chart_labels_not_sentences() {
        let p = profile();
        let axis = [line("0%", 8.0), line("20%", 8.0), line("1.1", 8.0)];
        assert!(chart_like(&axis, 12.0, &p));
        let legend = [line("ずっと住み続けたい 住み続けてもよい", 8.0)];
        assert!(chart_like(&legend, 12.0, &p));
        let body = [line("男性が42.7％、女性が56.1％となっています。", 12.0)];
        assert!(!chart_like(&body, 12.0, &p));
        let note = [line("※1杉の樹大学：60歳以上の区民を対象とした講座", 8.0)];
        assert!(!chart_like(&note, 12.0, &p));
        let vertical = [line("事", 8.0), line("業", 8.0), line("説", 8.0)];
        assert!(!chart_like(&vertical, 12.0, &p));
        let heading = [line("（２）定住意向", 12.0)];
        assert!(!chart_like(&heading, 12.0, &p));
    }
}
