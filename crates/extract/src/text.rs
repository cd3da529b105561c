//! Simple reading-order text of a page: horizontal lines top-to-bottom (left-to-right
//! inside), vertical columns right-to-left; Japanese joined without spaces.

use keikaku_model::{BBox, Glyph, Page};

/// A line (horizontal) or column (vertical) of glyph indices.
struct Run {
    bbox: BBox,
    glyphs: Vec<usize>,
    vertical: bool,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x3FFFF)
}

fn overlap(a0: f32, a1: f32, b0: f32, b1: f32) -> f32 {
    (a1.min(b1) - a0.max(b0)).max(0.0)
}

/// Groups horizontal glyphs into lines by vertical overlap.
fn lines(glyphs: &[Glyph], idx: Vec<usize>) -> Vec<Run> {
    let mut order = idx;
    order.sort_by(|&a, &b| glyphs[a].bbox.center_y().total_cmp(&glyphs[b].bbox.center_y()));
    let mut runs: Vec<Run> = Vec::new();
    // Base box of the current line: its first glyph's vertical extent.
    let mut base = (0f32, 0f32);
    for i in order {
        let b = glyphs[i].bbox;
        let joined = runs.last_mut().is_some_and(|r| {
            let ov = overlap(base.0, base.1, b.y0, b.y1);
            let min_h = (base.1 - base.0).min(b.height()).max(0.01);
            if ov >= 0.5 * min_h {
                r.glyphs.push(i);
                r.bbox = r.bbox.union(&b);
                true
            } else {
                false
            }
        });
        if !joined {
            base = (b.y0, b.y1);
            runs.push(Run { bbox: b, glyphs: vec![i], vertical: false });
        }
    }
    for r in &mut runs {
        r.glyphs.sort_by(|&a, &b| glyphs[a].bbox.x0.total_cmp(&glyphs[b].bbox.x0));
    }
    runs
}

/// Groups vertical glyphs into columns by horizontal overlap, split at large gaps.
fn columns(glyphs: &[Glyph], idx: Vec<usize>) -> Vec<Run> {
    let mut order = idx;
    order.sort_by(|&a, &b| glyphs[a].bbox.center_x().total_cmp(&glyphs[b].bbox.center_x()));
    let mut groups: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for i in order {
        let b = glyphs[i].bbox;
        match groups.last_mut() {
            Some(g) if overlap(g.0, g.1, b.x0, b.x1) >= 0.5 * (g.1 - g.0).min(b.width()).max(0.01) => g.2.push(i),
            _ => groups.push((b.x0, b.x1, vec![i])),
        }
    }
    let mut runs = Vec::new();
    for (_, _, mut g) in groups {
        g.sort_by(|&a, &b| glyphs[a].bbox.y0.total_cmp(&glyphs[b].bbox.y0));
        let mut cur: Option<Run> = None;
        for i in g {
            let b = glyphs[i].bbox;
            let gap_limit = 2.0 * glyphs[i].size.max(1.0);
            match cur.as_mut() {
                Some(r) if b.y0 - r.bbox.y1 <= gap_limit => {
                    r.glyphs.push(i);
                    r.bbox = r.bbox.union(&b);
                }
                _ => {
                    if let Some(r) = cur.take() {
                        runs.push(r);
                    }
                    cur = Some(Run { bbox: b, glyphs: vec![i], vertical: true });
                }
            }
        }
        runs.extend(cur);
    }
    runs
}

/// Orders runs: bands of vertically overlapping runs top-to-bottom; inside a band,
/// horizontal lines by top, vertical columns right-to-left.
fn order_runs(mut runs: Vec<Run>) -> Vec<Run> {
    runs.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    let mut out = Vec::with_capacity(runs.len());
    let mut band: Vec<Run> = Vec::new();
    let mut band_y1 = f32::MIN;
    for r in runs {
        let starts_new = !band.is_empty() && (r.bbox.y0 >= band_y1 || !(r.vertical && band.iter().all(|b| b.vertical)));
        if starts_new {
            flush(&mut band, &mut out);
            band_y1 = f32::MIN;
        }
        band_y1 = band_y1.max(r.bbox.y1);
        band.push(r);
    }
    flush(&mut band, &mut out);
    out
}

fn flush(band: &mut Vec<Run>, out: &mut Vec<Run>) {
    band.sort_by(|a, b| {
        if a.vertical && b.vertical {
            b.bbox.x1.total_cmp(&a.bbox.x1)
        } else {
            a.bbox.y0.total_cmp(&b.bbox.y0)
        }
    });
    out.append(band);
}

/// Text of one run; drops overprinted duplicates (fake bold), adds spaces at wide gaps.
fn run_text(glyphs: &[Glyph], run: &Run, out: &mut String, dups: &[bool]) {
    let mut prev: Option<&Glyph> = None;
    for &i in &run.glyphs {
        let g = &glyphs[i];
        if dups[i] {
            continue;
        }
        if let Some(p) = prev {
            let (gap, dup_shift) = if run.vertical {
                (g.bbox.y0 - p.bbox.y1, (g.bbox.y0 - p.bbox.y0).abs())
            } else {
                (g.bbox.x0 - p.bbox.x1, (g.bbox.x0 - p.bbox.x0).abs())
            };
            let em = p.size.max(g.size).max(1.0);
            if g.text == p.text && dup_shift < 0.2 * em {
                continue;
            }
            let last_cjk = p.text.chars().last().is_some_and(is_cjk);
            let next_cjk = g.text.chars().next().is_some_and(is_cjk);
            let spaced = p.text.ends_with(' ') || g.text.starts_with(' ');
            let wide = if last_cjk || next_cjk { gap > 1.0 * em } else { gap > 0.25 * em };
            if wide && !spaced {
                out.push(' ');
            }
        }
        out.push_str(&g.text);
        prev = Some(g);
    }
}

/// Marks glyphs that repeat an earlier glyph's text at (nearly) the same place:
/// fake bold and double-drawn text.
pub fn overprinted(glyphs: &[Glyph]) -> Vec<bool> {
    use std::collections::HashMap;
    let mut seen: HashMap<(&str, i32, i32), Vec<usize>> = HashMap::new();
    let mut dup = vec![false; glyphs.len()];
    for (i, g) in glyphs.iter().enumerate() {
        let em = g.size.max(1.0);
        let cell = (g.bbox.x0 / (2.0 * em)).floor() as i32;
        let row = (g.bbox.y0 / (2.0 * em)).floor() as i32;
        let close = |j: &usize| {
            let o = &glyphs[*j];
            (o.bbox.x0 - g.bbox.x0).abs() < 0.2 * em && (o.bbox.y0 - g.bbox.y0).abs() < 0.2 * em
        };
        let mut found = false;
        'scan: for dc in -1..=1 {
            for dr in -1..=1 {
                if let Some(v) = seen.get(&(g.text.as_str(), cell + dc, row + dr)) {
                    if v.iter().any(close) {
                        found = true;
                        break 'scan;
                    }
                }
            }
        }
        if found {
            dup[i] = true;
        } else {
            seen.entry((g.text.as_str(), cell, row)).or_default().push(i);
        }
    }
    dup
}

/// Simple reading-order text of one page: lines top-to-bottom, left-to-right, Japanese
/// joined without spaces, a space between Latin words where the gap is wide; vertical
/// columns right-to-left. (The layout crate does better; this is for tests and checks.)
pub fn plain_text(page: &Page) -> String {
    let g = &page.glyphs;
    let dups = overprinted(g);
    let (v, h): (Vec<usize>, Vec<usize>) = (0..g.len()).filter(|&i| !dups[i]).partition(|&i| g[i].vertical);
    let mut runs = lines(g, h);
    runs.extend(columns(g, v));
    let mut out = String::new();
    for r in order_runs(runs) {
        let start = out.len();
        run_text(g, &r, &mut out, &dups);
        let trimmed = out[start..].trim_end().len();
        out.truncate(start + trimmed);
        out.push('\n');
    }
    out
}
