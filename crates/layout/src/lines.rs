//! Glyphs → lines: duplicate removal, grouping by baseline (horizontal) or by column
//! (vertical), splitting at wide gaps, and text composition with reader-like spacing.

use keikaku_model::{BBox, Glyph, Line, Page};

/// A line wider gap than this many ems splits a line into separate segments.
const SPLIT_GAP_EM: f32 = 2.5;
/// Centre distance (in ems of the larger size) within which a glyph joins a line.
const JOIN_EM: f32 = 0.45;
/// The same for a glyph much smaller than the line (or the reverse).
const SMALL_JOIN_EM: f32 = 0.6;
/// Largest gap (ems) between two upright glyphs stacked like vertical writing.
const STACK_GAP_EM: f32 = 0.5;

/// True for characters that are written without spaces between them in Japanese text.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3190..=0x31FF | 0x3200..=0x33FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF
        | 0x2460..=0x24FF | 0x2500..=0x27BF | 0x2160..=0x217F | 0x203B)
}

/// The size used for a glyph: its font size, or its box height when the size is unusable.
pub(crate) fn glyph_size(g: &Glyph) -> f32 {
    if g.size.is_finite() && g.size > 0.5 {
        g.size
    } else {
        g.bbox.height().max(1.0)
    }
}

fn is_space(g: &Glyph) -> bool {
    g.text.chars().all(char::is_whitespace)
}

/// Indices of the glyphs worth keeping: finite boxes, no empty text, and no exact duplicate
/// drawn at (nearly) the same place (fake-bold overprinting).
pub(crate) fn clean_glyphs(glyphs: &[Glyph]) -> (Vec<usize>, usize) {
    let finite =
        |b: &BBox| b.x0.is_finite() && b.y0.is_finite() && b.x1.is_finite() && b.y1.is_finite();
    let mut idx: Vec<usize> = (0..glyphs.len())
        .filter(|&i| finite(&glyphs[i].bbox) && !glyphs[i].text.is_empty())
        .collect();
    let dropped_bad = glyphs.len() - idx.len();
    idx.sort_by(|&a, &b| {
        let (ga, gb) = (&glyphs[a], &glyphs[b]);
        ga.text
            .cmp(&gb.text)
            .then(ga.bbox.y0.total_cmp(&gb.bbox.y0))
    });
    let mut keep: Vec<usize> = Vec::with_capacity(idx.len());
    for i in idx {
        let g = &glyphs[i];
        let tol = 0.12 * glyph_size(g);
        // earlier kept glyphs with the same text and nearly the same y (sorted by y0)
        let dup = keep
            .iter()
            .rev()
            .take_while(|&&k| glyphs[k].text == g.text && g.bbox.y0 - glyphs[k].bbox.y0 <= tol)
            .any(|&k| (g.bbox.x0 - glyphs[k].bbox.x0).abs() <= tol);
        if !dup {
            keep.push(i);
        }
    }
    keep.sort_unstable();
    (keep, dropped_bad)
}

/// A line being accumulated during the sweep.
struct Acc {
    /// Centre (y for horizontal, x for vertical) of the full-size glyphs.
    centre: f32,
    sum: f32,
    n: f32,
    size: f32,
    members: Vec<usize>,
}

impl Acc {
    fn new(c: f32, size: f32, i: usize) -> Self {
        Acc {
            centre: c,
            sum: c,
            n: 1.0,
            size,
            members: vec![i],
        }
    }

    fn add(&mut self, c: f32, size: f32, i: usize) {
        self.members.push(i);
        if size > 1.25 * self.size {
            (self.sum, self.n, self.size) = (c, 1.0, size);
        } else if size >= 0.8 * self.size {
            self.sum += c;
            self.n += 1.0;
        }
        self.centre = self.sum / self.n;
    }
}

/// Below this size ratio two glyphs are not text and its superscript but text and a
/// backdrop or display glyph behind or beside it.
const BACKDROP_RATIO: f32 = 0.4;
/// Centre distance (in the larger size) within which a much smaller glyph still joins.
const BACKDROP_JOIN_EM: f32 = 0.25;

/// How far apart (centre to centre) a glyph and a line may be: wider when one is much
/// smaller (superscripts such as the 1 of ※1 sit high), narrow when one dwarfs the other.
fn join_tolerance(a: f32, b: f32) -> f32 {
    let (lo, hi) = (a.min(b), a.max(b));
    if lo < BACKDROP_RATIO * hi {
        // near the big glyph's centre line (an OCR'd 一 with a flat box), never at its
        // edge (a title over a huge backdrop word `Interview` is not its line)
        BACKDROP_JOIN_EM * hi
    } else if lo < 0.8 * hi {
        SMALL_JOIN_EM * hi
    } else {
        JOIN_EM * hi
    }
}

/// Groups glyph indices into clusters along one axis (`centre` = the cross-axis centre).
fn sweep(glyphs: &[Glyph], idx: &[usize], centre: impl Fn(&Glyph) -> f32) -> Vec<Vec<usize>> {
    let mut order: Vec<usize> = idx.to_vec();
    order.sort_by(|&a, &b| centre(&glyphs[a]).total_cmp(&centre(&glyphs[b])));
    let (mut active, mut done): (Vec<Acc>, Vec<Acc>) = (Vec::new(), Vec::new());
    for i in order {
        let g = &glyphs[i];
        let (c, size) = (centre(g), glyph_size(g));
        let mut k = 0;
        while k < active.len() {
            if c - active[k].centre > 1.5 * active[k].size.max(size) {
                done.push(active.swap_remove(k));
            } else {
                k += 1;
            }
        }
        let best = active
            .iter_mut()
            .filter(|a| (c - a.centre).abs() <= join_tolerance(a.size, size))
            .min_by(|a, b| (c - a.centre).abs().total_cmp(&(c - b.centre).abs()));
        match best {
            Some(a) => a.add(c, size, i),
            None if !is_space(g) => active.push(Acc::new(c, size, i)),
            None => {}
        }
    }
    done.extend(active);
    done.into_iter().map(|a| a.members).collect()
}

/// Builds the lines of the glyphs `idx` of `page`: horizontal lines (split at wide gaps when
/// `split`, as body text needs for columns; table cells keep letter-spaced text whole) and
/// vertical columns. Lines are returned in no particular order.
pub(crate) fn build_lines(page: &Page, idx: &[usize], split: bool) -> Vec<Line> {
    let glyphs = &page.glyphs;
    let stacked = stacked_glyphs(glyphs, idx);
    let (mut vert, mut horiz) = (Vec::new(), Vec::new());
    for (k, &i) in idx.iter().enumerate() {
        if glyphs[i].vertical || stacked[k] {
            vert.push(i);
        } else {
            horiz.push(i);
        }
    }
    let mut out = Vec::new();
    for mut members in sweep(glyphs, &horiz, |g| g.bbox.center_y()) {
        members.sort_by(|&a, &b| {
            glyphs[a]
                .bbox
                .center_x()
                .total_cmp(&glyphs[b].bbox.center_x())
        });
        let segs = if split {
            split_at_gaps(glyphs, &members, false)
        } else {
            vec![&members[..]]
        };
        for seg in segs {
            out.extend(make_line(page, seg, false));
        }
    }
    for mut members in sweep(glyphs, &vert, |g| g.bbox.center_x()) {
        members.sort_by(|&a, &b| {
            glyphs[a]
                .bbox
                .center_y()
                .total_cmp(&glyphs[b].bbox.center_y())
        });
        let segs = if split {
            split_at_gaps(glyphs, &members, true)
        } else {
            vec![&members[..]]
        };
        for seg in segs {
            out.extend(make_line(page, seg, true));
        }
    }
    out
}

/// Glyphs drawn upright but stacked top-down like vertical writing (each glyph placed on its
/// own, as some producers do): runs of three or more glyphs (two of them Japanese), each
/// touching the next below it (gap ≤ [`STACK_GAP_EM`]) and none with a horizontal
/// neighbour. Flags follow `idx`.
fn stacked_glyphs(glyphs: &[Glyph], idx: &[usize]) -> Vec<bool> {
    let pos: std::collections::HashMap<usize, usize> =
        idx.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let upright: Vec<usize> = idx
        .iter()
        .copied()
        .filter(|&i| !glyphs[i].vertical)
        .collect();
    let mut lonely = vec![false; idx.len()];
    for mut row in sweep(glyphs, &upright, |g| g.bbox.center_y()) {
        row.retain(|&i| !is_space(&glyphs[i]));
        row.sort_by(|&a, &b| glyphs[a].bbox.x0.total_cmp(&glyphs[b].bbox.x0));
        for (k, &i) in row.iter().enumerate() {
            let size = glyph_size(&glyphs[i]);
            let near = |j: usize| {
                (glyphs[j].bbox.x0 - glyphs[i].bbox.x1)
                    .abs()
                    .min((glyphs[i].bbox.x0 - glyphs[j].bbox.x1).abs())
                    <= 0.6 * size
            };
            let has = (k > 0 && near(row[k - 1])) || row.get(k + 1).is_some_and(|&j| near(j));
            lonely[pos[&i]] = !has;
        }
    }
    let mut out = vec![false; idx.len()];
    let cand: Vec<usize> = upright
        .iter()
        .copied()
        .filter(|&i| lonely[pos[&i]])
        .collect();
    for mut col in sweep(glyphs, &cand, |g| g.bbox.center_x()) {
        col.sort_by(|&a, &b| glyphs[a].bbox.y0.total_cmp(&glyphs[b].bbox.y0));
        let mut start = 0;
        for k in 1..=col.len() {
            let touching = k < col.len() && {
                let (a, b) = (&glyphs[col[k - 1]], &glyphs[col[k]]);
                let gap = b.bbox.y0 - a.bbox.y1;
                gap >= -0.2 * glyph_size(a) && gap <= STACK_GAP_EM * glyph_size(a)
            };
            if !touching {
                let run = &col[start..k];
                let cjk = run
                    .iter()
                    .filter(|&&i| glyphs[i].text.chars().next().is_some_and(is_cjk))
                    .count();
                if run.len() >= 3 && cjk >= 2 {
                    run.iter().for_each(|&i| out[pos[&i]] = true);
                }
                start = k;
            }
        }
    }
    out
}

/// Splits sorted members where the gap between consecutive visible glyphs exceeds
/// [`SPLIT_GAP_EM`].
fn split_at_gaps<'a>(glyphs: &[Glyph], members: &'a [usize], vertical: bool) -> Vec<&'a [usize]> {
    let lo = |b: &BBox| if vertical { b.y0 } else { b.x0 };
    let hi = |b: &BBox| if vertical { b.y1 } else { b.x1 };
    let mut out = Vec::new();
    let (mut start, mut end): (usize, Option<f32>) = (0, None);
    for (k, &i) in members.iter().enumerate() {
        let g = &glyphs[i];
        if is_space(g) {
            continue;
        }
        if let Some(e) = end {
            if lo(&g.bbox) - e > SPLIT_GAP_EM * glyph_size(g) {
                out.push(&members[start..k]);
                start = k;
            }
        }
        end = Some(end.map_or(hi(&g.bbox), |e: f32| e.max(hi(&g.bbox))));
    }
    out.push(&members[start..]);
    out
}

/// Makes a [`Line`] from sorted members; `None` when only spaces remain.
fn make_line(page: &Page, members: &[usize], vertical: bool) -> Option<Line> {
    let vis: Vec<&Glyph> = members.iter().map(|&i| &page.glyphs[i]).collect();
    let solid: Vec<&Glyph> = vis.iter().copied().filter(|g| !is_space(g)).collect();
    let bbox = crate::geom::union_all(solid.iter().map(|g| &g.bbox))?;
    let size = dominant_size(&solid);
    let bold_n = solid
        .iter()
        .filter(|g| page.fonts.get(g.font as usize).is_some_and(|f| f.bold))
        .count();
    let emphasis_n = solid
        .iter()
        .filter(|g| page.fonts.get(g.font as usize).is_some_and(|f| f.emphasis))
        .count();
    let (text, char_x) = compose(&vis, size, vertical);
    Some(Line {
        text,
        bbox,
        size,
        bold: bold_n * 2 > solid.len(),
        emphasis: emphasis_n * 2 > solid.len(),
        vertical,
        char_x,
    })
}

/// The most common glyph size (by character count), rounded to 0.5 pt.
fn dominant_size(glyphs: &[&Glyph]) -> f32 {
    let mut sizes: Vec<f32> = glyphs
        .iter()
        .map(|g| (glyph_size(g) * 2.0).round() / 2.0)
        .collect();
    sizes.sort_by(f32::total_cmp);
    let (mut best, mut best_n, mut k) = (sizes.first().copied().unwrap_or(10.0), 0, 0);
    while k < sizes.len() {
        let n = sizes[k..].iter().take_while(|&&s| s == sizes[k]).count();
        if n >= best_n {
            (best, best_n) = (sizes[k], n);
        }
        k += n;
    }
    best
}

/// Joins glyph texts: no space between Japanese characters, one space between Latin words
/// (gap > 0.25 em, or a space glyph), one space at any wide gap (> 1 em).
fn compose(glyphs: &[&Glyph], size: f32, vertical: bool) -> (String, Vec<f32>) {
    let (mut text, mut xs) = (String::new(), Vec::new());
    let mut prev: Option<&Glyph> = None;
    let mut saw_space = false;
    for g in glyphs {
        if is_space(g) {
            saw_space = true;
            continue;
        }
        if let Some(p) = prev {
            let gap = if vertical {
                g.bbox.y0 - p.bbox.y1
            } else {
                g.bbox.x0 - p.bbox.x1
            };
            let pc = p.text.chars().last().unwrap_or(' ');
            let nc = g.text.chars().next().unwrap_or(' ');
            let wide = if is_cjk(pc) || is_cjk(nc) || vertical {
                gap > 1.0 * size || (saw_space && gap > 0.6 * size)
            } else {
                gap > 0.25 * size || (saw_space && gap > 0.08 * size)
            };
            if wide {
                text.push(' ');
                xs.push(if vertical { p.bbox.x0 } else { p.bbox.x1 });
            }
        }
        let n = g.text.chars().count().max(1) as f32;
        for (k, c) in g.text.chars().enumerate() {
            text.push(c);
            xs.push(if vertical {
                g.bbox.x0
            } else {
                g.bbox.x0 + g.bbox.width() * k as f32 / n
            });
        }
        prev = Some(g);
        saw_space = false;
    }
    (text, xs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_util::{glyph, page_with, text_glyphs};

    #[test]
    fn two_lines_japanese_and_latin() {
        let mut gs = text_glyphs("区のデジタル化", 50.0, 100.0, 10.0);
        gs.extend(text_glyphs("ICT is", 50.0, 115.0, 10.0));
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let mut lines = build_lines(&page, &idx, true);
        lines.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["区のデジタル化", "ICT is"]);
        assert_eq!(lines[0].char_x.len(), lines[0].text.chars().count());
    }

    #[test]
    fn fake_bold_duplicates_dropped() {
        let mut gs = text_glyphs("見出し", 50.0, 100.4, 12.0);
        gs.extend(text_glyphs("見出し", 50.3, 100.7, 12.0));
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let lines = build_lines(&page, &idx, true);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "見出し");
    }

    #[test]
    fn superscript_stays_on_line() {
        let mut gs = text_glyphs("ポータル※", 50.0, 100.0, 10.0);
        let mut one = glyph("1", 100.0, 99.0, 5.5);
        one.rise = 3.0;
        gs.push(one);
        gs.extend(text_glyphs("や", 105.5, 100.0, 10.0));
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let lines = build_lines(&page, &idx, true);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "ポータル※1や");
        assert_eq!(lines[0].size, 10.0);
    }

    #[test]
    fn title_over_a_backdrop_word_is_its_own_line() {
        // a 46 pt light `Interview` behind a 12.8 pt title whose top it overlaps
        let mut gs = text_glyphs("Inter", 54.0, 80.0, 46.0);
        gs.extend(text_glyphs("物流現場の働き方改革", 70.0, 123.0, 12.8));
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let mut lines = build_lines(&page, &idx, true);
        lines.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Inter", "物流現場の働き方改革"]);
    }

    #[test]
    fn flat_ocr_glyph_on_the_centre_line_joins() {
        // OCR text layers size a 一 by its flat box (1.8 pt), centred on the line
        let mut gs = text_glyphs("小平市", 105.0, 306.0, 21.5);
        let mut one = glyph("一", 171.0, 312.4, 1.8);
        one.bbox.x1 = 191.0;
        gs.push(one);
        gs.extend(text_glyphs("般会計", 193.0, 306.0, 21.5));
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let lines = build_lines(&page, &idx, true);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].text, "小平市一般会計");
    }

    #[test]
    fn wide_gap_splits_line() {
        let mut gs = text_glyphs("主管課", 50.0, 100.0, 10.0);
        gs.extend(text_glyphs("情報政策課", 120.0, 100.0, 10.0));
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let lines = build_lines(&page, &idx, true);
        assert_eq!(lines.len(), 2);
    }

    #[test]
    fn upright_glyphs_stacked_in_columns_read_as_vertical() {
        let mut gs = Vec::new();
        for (col, s) in ["右の段です", "左の段です"].iter().enumerate() {
            for (k, c) in s.chars().enumerate() {
                gs.push(glyph(
                    &c.to_string(),
                    500.0 - 90.0 * col as f32,
                    56.0 + 20.0 * k as f32,
                    16.0,
                ));
            }
        }
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let mut lines = build_lines(&page, &idx, true);
        lines.sort_by(|a, b| b.bbox.x0.total_cmp(&a.bbox.x0));
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, vec!["右の段です", "左の段です"]);
        assert!(lines.iter().all(|l| l.vertical));
    }

    #[test]
    fn vertical_column_reads_top_down() {
        let mut gs = Vec::new();
        for (k, c) in "取組内容".chars().enumerate() {
            let mut g = glyph(&c.to_string(), 300.0, 100.0 + 10.0 * k as f32, 10.0);
            g.vertical = true;
            gs.push(g);
        }
        let page = page_with(gs);
        let (idx, _) = clean_glyphs(&page.glyphs);
        let lines = build_lines(&page, &idx, true);
        assert_eq!(lines.len(), 1);
        assert!(lines[0].vertical);
        assert_eq!(lines[0].text, "取組内容");
    }
}
