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
    order.sort_by(|&a, &b| {
        glyphs[a]
            .bbox
            .center_y()
            .total_cmp(&glyphs[b].bbox.center_y())
    });
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
            runs.push(Run {
                bbox: b,
                glyphs: vec![i],
                vertical: false,
            });
        }
    }
    for r in &mut runs {
        r.glyphs
            .sort_by(|&a, &b| glyphs[a].bbox.x0.total_cmp(&glyphs[b].bbox.x0));
    }
    runs
}

/// Groups vertical glyphs into columns by horizontal overlap, split at large gaps.
fn columns(glyphs: &[Glyph], idx: Vec<usize>) -> Vec<Run> {
    let mut order = idx;
    order.sort_by(|&a, &b| {
        glyphs[a]
            .bbox
            .center_x()
            .total_cmp(&glyphs[b].bbox.center_x())
    });
    let mut groups: Vec<(f32, f32, Vec<usize>)> = Vec::new();
    for i in order {
        let b = glyphs[i].bbox;
        match groups.last_mut() {
            Some(g)
                if overlap(g.0, g.1, b.x0, b.x1) >= 0.5 * (g.1 - g.0).min(b.width()).max(0.01) =>
            {
                g.2.push(i)
            }
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
                    cur = Some(Run {
                        bbox: b,
                        glyphs: vec![i],
                        vertical: true,
                    });
                }
            }
        }
        runs.extend(cur);
    }
    runs
}

/// Splits a horizontal line at gaps wider than `SEGMENT_GAP` em (table cells, label
/// columns, page columns).
fn segments(glyphs: &[Glyph], line: Run) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::new();
    let mut prev: Option<&Glyph> = None;
    for i in line.glyphs {
        let g = &glyphs[i];
        let split = prev.is_some_and(|p| {
            let cjk = p.text.chars().last().is_some_and(is_cjk)
                && g.text.chars().next().is_some_and(is_cjk);
            let limit = if cjk { SEGMENT_GAP_CJK } else { SEGMENT_GAP };
            g.bbox.x0 - p.bbox.x1 > limit * p.size.max(g.size).max(1.0)
        });
        match out.last_mut() {
            Some(r) if !split => {
                r.glyphs.push(i);
                r.bbox = r.bbox.union(&g.bbox);
            }
            _ => out.push(Run {
                bbox: g.bbox,
                glyphs: vec![i],
                vertical: false,
            }),
        }
        prev = Some(g);
    }
    out
}

/// Gap (em) that separates segments: Latin text, and between two CJK characters.
const SEGMENT_GAP: f32 = 1.5;
const SEGMENT_GAP_CJK: f32 = 0.8;
/// Shortest line (em) after which the next line can be its wrapped continuation.
const WRAP_MIN_EM: f32 = 4.0;

/// A block: consecutive lines of one column (or one vertical column of text).
struct Block {
    bbox: BBox,
    runs: Vec<Run>,
    vertical: bool,
}

/// Stacks segments into blocks: a segment joins the block just above it when it looks
/// like the wrapped continuation of that block's last line.
fn blocks(glyphs: &[Glyph], mut segs: Vec<Run>) -> Vec<Block> {
    segs.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    let mut out: Vec<Block> = Vec::new();
    for s in segs {
        let h = s.bbox.height().max(1.0);
        if is_numeric(glyphs, &s) {
            out.push(Block {
                bbox: s.bbox,
                runs: vec![s],
                vertical: false,
            });
            continue;
        }
        // Only wrapped text continues a block: the line above is long (not a short table
        // cell or spaced-out label) and starts where this one starts.
        let target = out.iter_mut().rev().take(64).find(|b| {
            let last = b.runs.last().map_or(b.bbox, |r| r.bbox);
            let gap = s.bbox.y0 - last.y1;
            // Left-aligned, or centred as in a table cell.
            let aligned = (s.bbox.x0 - last.x0).abs() <= 1.5 * h
                || (s.bbox.center_x() - last.center_x()).abs() <= 1.5 * h;
            let wordy = b.runs.last().is_some_and(|r| !is_numeric(glyphs, r));
            gap > -0.3 * h && gap < 0.8 * h && aligned && wordy && last.width() >= WRAP_MIN_EM * h
        });
        match target {
            Some(b) => {
                b.bbox = b.bbox.union(&s.bbox);
                b.runs.push(s);
            }
            None => out.push(Block {
                bbox: s.bbox,
                runs: vec![s],
                vertical: false,
            }),
        }
    }
    out
}

/// True for a run of figures only (amounts, dates in digits): table values never wrap.
fn is_numeric(glyphs: &[Glyph], r: &Run) -> bool {
    r.glyphs
        .iter()
        .flat_map(|&i| glyphs[i].text.chars())
        .all(|c| {
            let c = if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            } else {
                c
            };
            c.is_ascii_digit() || c.is_whitespace() || ",.-+()%△▲".contains(c)
        })
}

/// Orders blocks: rows of vertically overlapping blocks top-to-bottom; inside a row,
/// horizontal blocks by column (left to right) then top, vertical ones right-to-left.
fn order_blocks(mut blocks: Vec<Block>) -> Vec<Vec<Block>> {
    blocks.sort_by(|a, b| a.bbox.y0.total_cmp(&b.bbox.y0));
    let mut out = Vec::with_capacity(blocks.len());
    let mut row: Vec<Block> = Vec::new();
    let mut row_y1 = f32::MIN;
    for b in blocks {
        // Overlap must be real (not just touching) to tie blocks into one row.
        let inside = b.bbox.y0 < row_y1 - 0.25 * b.bbox.height().min(8.0);
        if !row.is_empty() && !inside {
            flush_row(&mut row, &mut out);
            row_y1 = f32::MIN;
        }
        row_y1 = row_y1.max(b.bbox.y1);
        row.push(b);
    }
    flush_row(&mut row, &mut out);
    out
}

fn flush_row(row: &mut Vec<Block>, out: &mut Vec<Vec<Block>>) {
    if row.is_empty() {
        return;
    }
    if row.iter().all(|b| b.vertical) {
        row.sort_by(|a, b| b.bbox.x1.total_cmp(&a.bbox.x1));
    } else {
        // Column clusters by left edge, then top to bottom within a column.
        row.sort_by(|a, b| a.bbox.x0.total_cmp(&b.bbox.x0));
        let mut col = 0usize;
        let mut keyed: Vec<(usize, f32, Block)> = Vec::with_capacity(row.len());
        let mut col_x1 = f32::MIN;
        for b in row.drain(..) {
            if !keyed.is_empty() && b.bbox.x0 >= col_x1 - 1.0 {
                col += 1;
            }
            col_x1 = if keyed.is_empty() || b.bbox.x0 >= col_x1 - 1.0 {
                b.bbox.x1
            } else {
                col_x1.max(b.bbox.x1)
            };
            keyed.push((col, b.bbox.y0, b));
        }
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)));
        row.extend(keyed.into_iter().map(|k| k.2));
    }
    out.push(std::mem::take(row));
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
            let wide = if last_cjk || next_cjk {
                gap > 1.0 * em
            } else {
                gap > 0.25 * em
            };
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
            seen.entry((g.text.as_str(), cell, row))
                .or_default()
                .push(i);
        }
    }
    dup
}

/// Simple reading-order text of one page: lines top-to-bottom, left-to-right, Japanese
/// joined without spaces, a space between Latin words where the gap is wide; lines are
/// split at wide gaps and stacked into column blocks so that text wrapped inside a table
/// cell or beside a label stays together; vertical columns right-to-left. (The layout
/// crate does better; this is for tests and checks.)
pub fn plain_text(page: &Page) -> String {
    let g = &page.glyphs;
    let dups = overprinted(g);
    let (v, h): (Vec<usize>, Vec<usize>) = (0..g.len())
        .filter(|&i| !dups[i])
        .partition(|&i| g[i].vertical);
    let segs: Vec<Run> = lines(g, h)
        .into_iter()
        .flat_map(|l| segments(g, l))
        .collect();
    let mut all = blocks(g, segs);
    all.extend(columns(g, v).into_iter().map(|r| Block {
        bbox: r.bbox,
        runs: vec![r],
        vertical: true,
    }));
    let mut out = String::new();
    for row in order_blocks(all) {
        let mut prev: Option<&Block> = None;
        for b in &row {
            // Single-line blocks side by side on one line are joined with a space.
            let same_line = prev.is_some_and(|p| {
                p.runs.len() == 1
                    && b.runs.len() == 1
                    && !b.vertical
                    && b.bbox.x0 >= p.bbox.x1 - 1.0
                    && {
                        let ov = overlap(p.bbox.y0, p.bbox.y1, b.bbox.y0, b.bbox.y1);
                        ov >= 0.5 * p.bbox.height().min(b.bbox.height())
                    }
            });
            if same_line && out.ends_with('\n') {
                out.pop();
                out.push(' ');
            }
            for r in &b.runs {
                let start = out.len();
                run_text(g, r, &mut out, &dups);
                let trimmed = out[start..].trim_end().len();
                out.truncate(start + trimmed);
                out.push('\n');
            }
            prev = Some(b);
        }
    }
    out
}
