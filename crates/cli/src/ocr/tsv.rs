//! Tesseract's TSV output → glyphs of the page, in PDF points.

use keikaku_model::{BBox, FontInfo, Glyph};

/// A row of Tesseract's TSV output.
struct Row<'a> {
    level: u8,
    key: (u32, u32, u32),
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    conf: f32,
    text: &'a str,
}

fn parse_row(line: &str) -> Option<Row<'_>> {
    let f: Vec<&str> = line.split('\t').collect();
    if f.len() < 12 {
        return None;
    }
    let n = |i: usize| f[i].trim().parse::<f32>().ok();
    let u = |i: usize| f[i].trim().parse::<u32>().ok();
    Some(Row {
        level: f[0].trim().parse().ok()?,
        key: (u(2)?, u(3)?, u(4)?),
        left: n(6)?,
        top: n(7)?,
        width: n(8)?,
        height: n(9)?,
        conf: n(10)?,
        text: f[11],
    })
}

/// The font every OCR glyph refers to (index 0 of the page's fonts).
pub fn ocr_font() -> FontInfo {
    FontInfo {
        name: "OCR".into(),
        bold: false,
        italic: false,
        subtype: "OCR".into(),
        unreliable_unicode: false,
        emphasis: false,
    }
}

/// A word's row and its characters.
type Word<'a> = (&'a Row<'a>, Vec<char>);

/// A word's characters without white space, or none for a table rule read as text (`|`,
/// `_`); U+3007 〇 not beside a kanji numeral is the bullet ○ (U+25CB) the plans use.
fn clean_word(text: &str) -> Vec<char> {
    let mut chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    if chars
        .iter()
        .all(|c| matches!(c, '|' | '｜' | '_' | '＿' | '[' | ']'))
    {
        return Vec::new();
    }
    let numeral = |c: Option<&char>| c.is_some_and(|c| "〇一二三四五六七八九十百千".contains(*c));
    for i in 0..chars.len() {
        if chars[i] == '〇'
            && !numeral(i.checked_sub(1).and_then(|j| chars.get(j)))
            && !numeral(chars.get(i + 1))
        {
            chars[i] = '○';
        }
    }
    chars
}

/// Tesseract's TSV (`tesseract IMG OUT tsv`) as glyphs in PDF points with a top-left origin
/// on a page of `width` × `height` points; returns them and the mean word confidence,
/// weighted by characters.
///
/// Tesseract's lines are split into text lines (see [`bands`]); a text line read twice, as
/// part of two of Tesseract's lines, is kept once (see [`drop_rereadings`]). Each word's
/// characters are spread evenly across the word's box. Tesseract's word boxes in Japanese
/// overlap (a word's box may span the whole line), so within a text line each word starts
/// where the one before ended and ends where the next begins: the glyphs stay in
/// Tesseract's reading order when layout sorts them by position. Every word of a text line
/// gets the same top and bottom (one baseline for the layout stage). A line much taller
/// than wide is vertical writing.
pub fn glyphs_from_tsv(tsv: &str, width: f32, height: f32) -> (Vec<Glyph>, f32) {
    let rows: Vec<Row> = tsv.lines().skip(1).filter_map(parse_row).collect();
    let Some(page) = rows.iter().find(|r| r.level == 1) else {
        return (Vec::new(), 0.0);
    };
    let scale = |page_px: f32, pt: f32| if page_px > 0.0 { pt / page_px } else { 0.24 };
    let (sx, sy) = (scale(page.width, width), scale(page.height, height));
    let tlines = tesseract_lines(&rows);
    let mut lines: Vec<TextLine> = Vec::new();
    for (n, (line, words)) in tlines.iter().enumerate() {
        lines.extend(text_lines(n, line, words));
    }
    drop_rereadings(&mut lines);
    let mut glyphs = Vec::new();
    let (mut conf_sum, mut conf_n) = (0.0f64, 0usize);
    for l in &lines {
        for (w, chars) in &l.words {
            conf_sum += w.conf as f64 * chars.len() as f64;
            conf_n += chars.len();
        }
        line_glyphs(l, (sx, sy), &mut glyphs);
    }
    let conf = if conf_n > 0 {
        (conf_sum / conf_n as f64) as f32
    } else {
        0.0
    };
    (glyphs, conf)
}

/// Tesseract's lines in order, each with its words (rules read as text left out).
fn tesseract_lines<'a>(rows: &'a [Row<'a>]) -> Vec<(&'a Row<'a>, Vec<Word<'a>>)> {
    let mut lines: Vec<(&Row, Vec<Word>)> = Vec::new();
    for r in rows {
        if r.level == 4 {
            lines.push((r, Vec::new()));
        } else if r.level == 5 && r.conf >= 0.0 && r.width > 0.0 && r.height > 0.0 {
            let chars = clean_word(r.text);
            if chars.is_empty() {
                continue;
            }
            match lines.last_mut() {
                Some((l, words)) if l.key == r.key => words.push((r, chars)),
                _ => lines.push((r, vec![(r, chars)])),
            }
        }
    }
    lines.retain(|(_, w)| !w.is_empty());
    lines
}

/// The two axes of a line: along the writing (x, or y in vertical writing) and across it.
#[derive(Clone, Copy)]
struct Axes {
    vertical: bool,
}

impl Axes {
    fn main(self, r: &Row) -> (f32, f32) {
        if self.vertical {
            (r.top, r.top + r.height)
        } else {
            (r.left, r.left + r.width)
        }
    }

    fn cross(self, r: &Row) -> (f32, f32) {
        if self.vertical {
            (r.left, r.left + r.width)
        } else {
            (r.top, r.top + r.height)
        }
    }
}

/// One text line: words of one of Tesseract's lines that share a band across the writing.
struct TextLine<'a> {
    /// Index of the Tesseract line it comes from.
    source: usize,
    axes: Axes,
    /// Top and bottom (left and right in vertical writing), in pixels.
    band: (f32, f32),
    /// First and last pixel along the writing.
    extent: (f32, f32),
    words: Vec<&'a Word<'a>>,
    /// Characters weighted by confidence: which of two readings of the same ink to keep.
    mass: f32,
}

/// A word thicker than this many times the line's typical thickness spans more than one
/// text line (Tesseract gives some words of tightly set lines the height of two).
const TALL: f32 = 1.3;

fn median(mut v: Vec<f32>) -> f32 {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// The text lines within one of Tesseract's lines, as (band across the writing, index of
/// each word's band). Tesseract may join two lines of tightly set text, or cells side by side
/// at different heights, into one line, and some words of such a line are as tall as two
/// lines: a glyph that tall joins both lines in the layout stage and their characters
/// interleave. The words of ordinary thickness are grouped by their centres (a new band
/// where a centre is more than half the typical thickness below the one before); each band
/// runs from its words' median top to their median bottom; a tall word takes the band of the
/// word before it (or after it, at the start of the line).
fn bands(words: &[Word], axes: Axes) -> (Vec<(f32, f32)>, Vec<usize>) {
    let thick = |w: &Word| axes.cross(w.0).1 - axes.cross(w.0).0;
    let typical = median(words.iter().map(thick).collect()).max(1.0);
    let centre = |w: &Word| (axes.cross(w.0).0 + axes.cross(w.0).1) / 2.0;
    let regular: Vec<usize> = (0..words.len())
        .filter(|&k| thick(&words[k]) <= TALL * typical)
        .collect();
    let mut order = regular.clone();
    order.sort_by(|&a, &b| centre(&words[a]).total_cmp(&centre(&words[b])));
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut last = f32::MIN;
    for k in order {
        let c = centre(&words[k]);
        match groups.last_mut() {
            Some(g) if c - last <= typical / 2.0 => g.push(k),
            _ => groups.push(vec![k]),
        }
        last = c;
    }
    let bands: Vec<(f32, f32)> = groups
        .iter()
        .map(|g| {
            let top = median(g.iter().map(|&k| axes.cross(words[k].0).0).collect());
            let bottom = median(g.iter().map(|&k| axes.cross(words[k].0).1).collect());
            (top, bottom.max(top + 1.0))
        })
        .collect();
    let mut of = vec![usize::MAX; words.len()];
    for (b, g) in groups.iter().enumerate() {
        for &k in g {
            of[k] = b;
        }
    }
    // tall words: the band of the nearest regular word before, else after
    for k in 0..words.len() {
        if of[k] == usize::MAX {
            let before = (0..k).rev().find(|&j| regular.contains(&j));
            let after = (k + 1..words.len()).find(|&j| regular.contains(&j));
            of[k] = before.or(after).map_or(0, |j| of[j]);
        }
    }
    (bands, of)
}

/// The text lines of Tesseract's line number `source`.
fn text_lines<'a>(source: usize, line: &Row, words: &'a [Word<'a>]) -> Vec<TextLine<'a>> {
    let nchars: usize = words.iter().map(|(_, c)| c.len()).sum();
    let axes = Axes {
        vertical: line.height > 1.5 * line.width && nchars > 1,
    };
    let (bands, of) = bands(words, axes);
    let mut out: Vec<TextLine> = bands
        .iter()
        .map(|&band| TextLine {
            source,
            axes,
            band,
            extent: (f32::MAX, f32::MIN),
            words: Vec::new(),
            mass: 0.0,
        })
        .collect();
    for (k, w) in words.iter().enumerate() {
        let Some(l) = out.get_mut(of[k]) else {
            continue;
        };
        let (a, b) = axes.main(w.0);
        l.extent = (l.extent.0.min(a), l.extent.1.max(b));
        l.mass += w.0.conf.max(0.0) * w.1.len() as f32;
        l.words.push(w);
    }
    out.retain(|l| !l.words.is_empty());
    out
}

/// Length of the overlap of two intervals (0 when apart).
fn overlap(a: (f32, f32), b: (f32, f32)) -> f32 {
    (a.1.min(b.1) - a.0.max(b.0)).max(0.0)
}

/// Removes the weaker of two readings of the same ink. Reading a page as one block,
/// Tesseract finds its lines across the whole width, and a title centred in a cell two rows
/// high beside two one-row cells is read (in part) with each of their lines: two text lines
/// of different Tesseract lines that overlap by more than half across the writing and half
/// along it are one, and the one with less [`TextLine::mass`] is dropped.
fn drop_rereadings(lines: &mut Vec<TextLine>) {
    let same_ink = |a: &TextLine, b: &TextLine| {
        let thin = (a.band.1 - a.band.0).min(b.band.1 - b.band.0);
        let short = (a.extent.1 - a.extent.0).min(b.extent.1 - b.extent.0);
        a.source != b.source
            && a.axes.vertical == b.axes.vertical
            && overlap(a.band, b.band) > 0.5 * thin
            && overlap(a.extent, b.extent) > 0.5 * short
    };
    let mut dropped = vec![false; lines.len()];
    for i in 0..lines.len() {
        for j in i + 1..lines.len() {
            if !dropped[i] && !dropped[j] && same_ink(&lines[i], &lines[j]) {
                let weaker = if lines[i].mass < lines[j].mass { i } else { j };
                dropped[weaker] = true;
            }
        }
    }
    let mut k = 0;
    lines.retain(|_| {
        k += 1;
        !dropped[k - 1]
    });
}

/// The glyphs of one text line, added to `out`.
fn line_glyphs(line: &TextLine, (sx, sy): (f32, f32), out: &mut Vec<Glyph>) {
    let (y0, y1) = line.band;
    let axes = line.axes;
    let mut prev_end = f32::MIN;
    for (k, (w, chars)) in line.words.iter().map(|w| (w.0, &w.1)).enumerate() {
        let (mut a, mut b) = axes.main(w);
        a = a.max(prev_end);
        if let Some(next) = line.words.get(k + 1) {
            let na = axes.main(next.0).0;
            if na > a {
                b = b.min(na);
            }
        }
        b = b.max(a + 0.2 * (y1 - y0) * chars.len() as f32);
        prev_end = b;
        let step = (b - a) / chars.len() as f32;
        for (i, c) in chars.iter().enumerate() {
            let m0 = a + i as f32 * step;
            let m1 = m0 + step;
            let (bbox, size) = if axes.vertical {
                (
                    BBox::new(y0 * sx, m0 * sy, y1 * sx, m1 * sy),
                    (y1 - y0) * sx,
                )
            } else {
                (
                    BBox::new(m0 * sx, y0 * sy, m1 * sx, y1 * sy),
                    (y1 - y0) * sy,
                )
            };
            out.push(Glyph {
                text: c.to_string(),
                bbox,
                size: size.max(1.0),
                font: 0,
                vertical: axes.vertical,
                rise: 0.0,
                color: Some([0, 0, 0]),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsv_words_become_glyphs_in_points() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t2500\t3500\t-1\t\n\
4\t1\t1\t1\t1\t0\t100\t200\t400\t50\t-1\t\n\
5\t1\t1\t1\t1\t1\t100\t205\t200\t40\t90\t計画\n\
5\t1\t1\t1\t1\t2\t350\t205\t150\t40\t80\t 期間\n";
        let (g, conf) = glyphs_from_tsv(tsv, 250.0, 350.0);
        let text: String = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(text, "計画期間");
        assert!((conf - 85.0).abs() < 0.01);
        assert!((g[0].bbox.x0 - 10.0).abs() < 0.01 && (g[0].bbox.x1 - 20.0).abs() < 0.01);
        // the band of the line's words (not Tesseract's line box, 200..250)
        assert!((g[0].bbox.y0 - 20.5).abs() < 0.01 && (g[0].bbox.y1 - 24.5).abs() < 0.01);
        assert!(g.iter().all(|g| !g.vertical && (g.size - 4.0).abs() < 0.01));
    }

    const HEAD: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
1\t1\t0\t0\t0\t0\t0\t0\t2500\t3500\t-1\t\n";

    /// The glyphs' texts grouped by their top (one string per text line, top to bottom).
    fn rows(g: &[Glyph]) -> Vec<String> {
        let mut tops: Vec<(i32, String)> = Vec::new();
        for x in g {
            let top = (x.bbox.y0 * 10.0).round() as i32;
            match tops.iter_mut().find(|(t, _)| *t == top) {
                Some((_, s)) => s.push_str(&x.text),
                None => tops.push((top, x.text.clone())),
            }
        }
        tops.sort();
        tops.into_iter().map(|(_, s)| s).collect()
    }

    #[test]
    fn a_word_as_tall_as_two_lines_keeps_to_its_own_line() {
        // Tesseract's line holds one text line (top 656, 37 px) and words as tall as two
        let tsv = format!(
            "{HEAD}4\t1\t1\t1\t1\t0\t229\t655\t900\t78\t-1\t\n\
5\t1\t1\t1\t1\t1\t229\t657\t35\t74\t40\t区\n\
5\t1\t1\t1\t1\t2\t274\t656\t110\t77\t57\t役所\n\
5\t1\t1\t1\t1\t3\t400\t656\t71\t37\t96\tロビー\n\
5\t1\t1\t1\t1\t4\t481\t659\t30\t31\t96\tに\n\
5\t1\t1\t1\t1\t5\t519\t656\t121\t37\t92\t対話\n\
4\t1\t1\t1\t2\t0\t229\t669\t900\t104\t-1\t\n\
5\t1\t1\t1\t2\t1\t229\t698\t30\t37\t92\t主\n\
5\t1\t1\t1\t2\t2\t270\t669\t72\t78\t93\tに庁\n\
5\t1\t1\t1\t2\t3\t350\t698\t41\t37\t96\t内\n"
        );
        let (g, _) = glyphs_from_tsv(&tsv, 250.0, 350.0);
        assert_eq!(rows(&g), ["区役所ロビーに対話", "主に庁内"]);
        // one band per text line: the layout stage sees two separate lines
        let first: Vec<&Glyph> = g.iter().filter(|x| x.bbox.y0 < 67.0).collect();
        assert!(first
            .iter()
            .all(|x| (x.bbox.y0 - 65.6).abs() < 0.01 && (x.bbox.y1 - 69.3).abs() < 0.01));
    }

    #[test]
    fn a_title_read_with_two_block_lines_is_kept_once() {
        // a title centred beside two one-row cells, read (in part) with each of their lines
        let tsv = format!(
            "{HEAD}4\t1\t1\t1\t23\t0\t319\t1887\t1687\t82\t-1\t\n\
5\t1\t1\t1\t23\t1\t319\t1927\t87\t42\t49\t契約\n\
5\t1\t1\t1\t23\t2\t456\t1926\t43\t43\t90\t導\n\
5\t1\t1\t1\t23\t3\t1731\t1892\t90\t28\t93\t主管\n\
5\t1\t1\t1\t23\t4\t1813\t1883\t28\t47\t30\t課\n\
4\t1\t1\t1\t24\t0\t229\t1928\t1701\t67\t-1\t\n\
5\t1\t1\t1\t24\t1\t229\t1928\t86\t41\t95\t電子\n\
5\t1\t1\t1\t24\t2\t329\t1924\t100\t74\t94\t契約\n\
5\t1\t1\t1\t24\t3\t412\t1932\t39\t34\t97\tの\n\
5\t1\t1\t1\t24\t4\t502\t1929\t43\t40\t95\t導入\n\
5\t1\t1\t1\t24\t5\t1731\t1967\t90\t28\t88\t関係\n"
        );
        let (g, _) = glyphs_from_tsv(&tsv, 2500.0, 3500.0);
        let text: String = g.iter().map(|x| x.text.as_str()).collect();
        assert_eq!(text.matches("契約").count(), 1, "{text}");
        assert!(
            text.contains("電子契約の導入") && text.contains("主管課") && text.contains("関係"),
            "{text}"
        );
    }
}
