//! The rasterised page (a grey PGM): table rules found in it become rulings, and are erased
//! before recognition. Tesseract's page segmentation reads a cell's text lines across the
//! cell borders when the rules are left in: on the fixture cards a line of a cell was joined
//! with its neighbours and a cell of text was taken for a picture.

use keikaku_model::{Glyph, Ruling, RulingSource};

/// Shortest rule found in an image, in pixels at [`super::DPI`] (about 29 pt: longer than any
/// stroke of a character or a long-vowel mark of body text).
const RULE_MIN: usize = 120;
/// Shortest border of a cell, in pixels: a vertical rule shorter than [`RULE_MIN`] that
/// runs from one horizontal rule to another (a one-line cell of small print).
const BORDER_MIN: usize = 24;
/// How far (pixels) a border's end may be from the rule it meets.
const MEET: usize = 4;
/// Thickest rule, in pixels (thicker runs are bars and shading).
const RULE_MAX_THICK: usize = 10;
/// A pixel darker than this is ink.
const INK: u8 = 128;
/// A pixel darker than this next to a rule is its anti-aliased edge, erased with it.
const EDGE: u8 = 224;

/// A grey image, one byte per pixel, rows top to bottom.
#[derive(Debug, Clone)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
}

impl Gray {
    /// A binary 8-bit PGM (P5, maxval 255); None for anything else.
    pub fn from_pgm(b: &[u8]) -> Option<Gray> {
        let mut fields: Vec<usize> = Vec::new();
        let mut i = 2;
        if b.get(..2)? != b"P5" {
            return None;
        }
        while fields.len() < 3 {
            while b.get(i)?.is_ascii_whitespace() {
                i += 1;
            }
            if *b.get(i)? == b'#' {
                while *b.get(i)? != b'\n' {
                    i += 1;
                }
                continue;
            }
            let s = i;
            while b.get(i)?.is_ascii_digit() {
                i += 1;
            }
            fields.push(std::str::from_utf8(b.get(s..i)?).ok()?.parse().ok()?);
        }
        let (width, height) = (fields[0], fields[1]);
        if fields[2] != 255 || width == 0 || height == 0 {
            return None;
        }
        let pixels = b.get(i + 1..i + 1 + width.checked_mul(height)?)?.to_vec();
        Some(Gray {
            width,
            height,
            pixels,
        })
    }

    /// The image as a binary PGM.
    pub fn to_pgm(&self) -> Vec<u8> {
        let mut out = format!("P5\n{} {}\n255\n", self.width, self.height).into_bytes();
        out.extend_from_slice(&self.pixels);
        out
    }

    fn at(&self, x: usize, y: usize) -> u8 {
        self.pixels[y * self.width + x]
    }
}

/// A rule in pixels: `start..=end` along it, rows (or columns) `first..=last` across it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    pub horizontal: bool,
    pub start: usize,
    pub end: usize,
    pub first: usize,
    pub last: usize,
}

/// A run being followed over consecutive rows: (start, end, first row, last row).
type Span = (usize, usize, usize, usize);

/// The long dark runs of line `j` (length `len`), joined over gaps of up to 2 pixels.
fn long_runs(
    len: usize,
    j: usize,
    min: usize,
    dark: &dyn Fn(usize, usize) -> bool,
) -> Vec<(usize, usize)> {
    let mut row = Vec::new();
    let mut i = 0;
    while i < len {
        if !dark(i, j) {
            i += 1;
            continue;
        }
        let start = i;
        let (mut gap, mut end) = (0, i);
        while i < len && gap <= 2 {
            if dark(i, j) {
                end = i;
                gap = 0;
            } else {
                gap += 1;
            }
            i += 1;
        }
        if end + 1 - start >= min {
            row.push((start, end));
        }
    }
    row
}

/// Runs of at least `min` pixels along one axis, joined over consecutive lines into rules no
/// thicker than [`RULE_MAX_THICK`].
fn spans(len: usize, across: usize, min: usize, dark: &dyn Fn(usize, usize) -> bool) -> Vec<Span> {
    let mut done: Vec<Span> = Vec::new();
    let mut active: Vec<Span> = Vec::new();
    for j in 0..across {
        let mut next = Vec::new();
        for (a, b) in long_runs(len, j, min, dark) {
            let near = |s: &Span| s.3 + 1 == j && s.0.abs_diff(a) <= 6 && s.1.abs_diff(b) <= 6;
            match active.iter().position(near) {
                Some(k) => {
                    let s = active.swap_remove(k);
                    next.push((s.0.min(a), s.1.max(b), s.2, j));
                }
                None => next.push((a, b, j, j)),
            }
        }
        done.append(&mut active);
        active = next;
    }
    done.append(&mut active);
    done.retain(|s| s.3 + 1 - s.2 <= RULE_MAX_THICK && isolated(s, across, dark));
    done
}

/// True when the lines two pixels beyond either side of a span are mostly light: a rule,
/// not a stripe of a dark area (a photo, a filled banner, heavy lettering), whose erasing
/// would cut through what is drawn there.
fn isolated(s: &Span, across: usize, dark: &dyn Fn(usize, usize) -> bool) -> bool {
    let light = |j: Option<usize>| match j.filter(|&j| j < across) {
        None => true,
        Some(j) => {
            let ink = (s.0..=s.1).filter(|&i| dark(i, j)).count();
            ink * 2 < s.1 + 1 - s.0
        }
    };
    light(s.2.checked_sub(2)) && light(Some(s.3 + 2))
}

/// The horizontal and vertical rules of an image, and the short vertical borders of cells
/// between two horizontal rules.
pub fn find_rules(img: &Gray) -> Vec<Rule> {
    let ink = |x: usize, y: usize| img.at(x, y) < INK;
    let rule = |horizontal: bool| {
        move |(start, end, first, last): Span| Rule {
            horizontal,
            start,
            end,
            first,
            last,
        }
    };
    let mut out: Vec<Rule> = spans(img.width, img.height, RULE_MIN, &ink)
        .into_iter()
        .map(rule(true))
        .collect();
    let vertical = spans(img.height, img.width, BORDER_MIN, &|y, x| ink(x, y));
    let borders: Vec<Rule> = vertical
        .into_iter()
        .map(rule(false))
        .filter(|v| {
            v.end + 1 - v.start >= RULE_MIN || (meets(&out, v, v.start) && meets(&out, v, v.end))
        })
        .collect();
    out.extend(borders);
    out
}

/// True when row `y` of vertical rule `v` lies on one of the horizontal `rules`.
fn meets(rules: &[Rule], v: &Rule, y: usize) -> bool {
    rules.iter().any(|h| {
        h.horizontal
            && y + MEET >= h.first
            && y <= h.last + MEET
            && v.last + MEET >= h.start
            && v.first <= h.end + MEET
    })
}

/// Rules as rulings in points on a page of `width` × `height` points.
pub fn rulings(img: &Gray, rules: &[Rule], width: f32, height: f32) -> Vec<Ruling> {
    let sx = width / img.width as f32;
    let sy = height / img.height as f32;
    rules
        .iter()
        .map(|r| {
            let mid = (r.first + r.last + 1) as f32 / 2.0;
            let thick = (r.last + 1 - r.first) as f32;
            if r.horizontal {
                Ruling {
                    x0: r.start as f32 * sx,
                    y0: mid * sy,
                    x1: (r.end + 1) as f32 * sx,
                    y1: mid * sy,
                    width: thick * sy,
                    source: RulingSource::Stroke,
                }
            } else {
                Ruling {
                    x0: mid * sx,
                    y0: r.start as f32 * sy,
                    x1: mid * sx,
                    y1: (r.end + 1) as f32 * sy,
                    width: thick * sx,
                    source: RulingSource::Stroke,
                }
            }
        })
        .collect()
}

/// True when rules `a` and `b` (one horizontal, one vertical) cross or meet.
fn touch(a: &Rule, b: &Rule) -> bool {
    a.horizontal != b.horizontal
        && b.last + MEET >= a.start
        && b.first <= a.end + MEET
        && a.last + MEET >= b.start
        && a.first <= b.end + MEET
}

/// The rules of table grids: those that cross or meet a rule across them. Underlines and the
/// sides of rounded boxes stand alone; erasing an underline cuts the feet of the characters
/// on it (on the scanned notice Tesseract's confidence fell from 87 to 82).
pub fn grid_rules(rules: &[Rule]) -> Vec<Rule> {
    rules
        .iter()
        .filter(|r| rules.iter().any(|o| touch(r, o)))
        .copied()
        .collect()
}

/// Paints the rules white, with the grey pixels of their edges (one pixel either side).
pub fn erase(img: &mut Gray, rules: &[Rule]) {
    let (w, h) = (img.width, img.height);
    for r in rules {
        let lo = r.first.saturating_sub(1);
        let hi = (r.last + 1).min(if r.horizontal { h } else { w } - 1);
        for across in lo..=hi {
            let edge = across < r.first || across > r.last;
            for along in r.start..=r.end {
                let (x, y) = if r.horizontal {
                    (along, across)
                } else {
                    (across, along)
                };
                let p = &mut img.pixels[y * w + x];
                if !edge || *p < EDGE {
                    *p = 255;
                }
            }
        }
    }
}

/// Share of ink in the middle of a glyph's box above which the glyph is a filled shape.
const SOLID: f32 = 0.93;

/// Share of dark pixels in the rectangle `x0..x1` × `y0..y1` (pixels, clamped to the image).
fn ink_share(img: &Gray, (x0, y0, x1, y1): (f32, f32, f32, f32)) -> f32 {
    let clamp = |v: f32, max: usize| (v.max(0.0) as usize).min(max);
    let (x0, x1) = (clamp(x0, img.width), clamp(x1, img.width));
    let (y0, y1) = (clamp(y0, img.height), clamp(y1, img.height));
    let total = (x1.saturating_sub(x0) * y1.saturating_sub(y0)) as f32;
    if total == 0.0 {
        return 0.0;
    }
    let dark = (y0..y1)
        .flat_map(|y| (x0..x1).map(move |x| (x, y)))
        .filter(|&(x, y)| img.at(x, y) < INK)
        .count();
    dark as f32 / total
}

/// True when the blob of ink around `(cx, cy)` is a square rather than a disc: the points
/// at 0.8 of its half-width from the centre, diagonally, are ink (a disc ends at 0.71).
fn is_square(img: &Gray, (cx, cy): (f32, f32)) -> bool {
    let (x, y) = (cx.max(0.0) as usize, cy.max(0.0) as usize);
    if x >= img.width || y >= img.height {
        return false;
    }
    let reach = |dx: isize, dy: isize| {
        let mut r = 0usize;
        loop {
            let nx = x as isize + dx * (r as isize + 1);
            let ny = y as isize + dy * (r as isize + 1);
            if nx < 0 || ny < 0 || nx as usize >= img.width || ny as usize >= img.height {
                return r;
            }
            if img.at(nx as usize, ny as usize) >= INK {
                return r;
            }
            r += 1;
        }
    };
    let r = reach(1, 0)
        .min(reach(-1, 0))
        .min(reach(0, 1))
        .min(reach(0, -1)) as f32;
    let d = 0.8 * r;
    let corners = [(d, d), (-d, d), (d, -d), (-d, -d)];
    let ink = corners
        .iter()
        .filter(|&&(dx, dy)| {
            ink_share(
                img,
                (cx + dx - 1.0, cy + dy - 1.0, cx + dx + 2.0, cy + dy + 2.0),
            ) > 0.5
        })
        .count();
    r >= 3.0 && ink >= 3
}

/// Filled squares and discs (■ ●, the title and item markers of plan sheets) that Tesseract
/// read as a kanji (■ as 田, 圏, 較 on the fixture sheets) or a stroke (一), set right from
/// the image: a glyph whose box (`width` × `height` points for the image) is nearly all ink
/// in its middle is one of them, ■ when its corners are ink too, else ●.
pub fn solid_marks(img: &Gray, glyphs: &mut [Glyph], width: f32, height: f32) {
    let sx = img.width as f32 / width.max(1.0);
    let sy = img.height as f32 / height.max(1.0);
    for g in glyphs.iter_mut() {
        let b = &g.bbox;
        let (x0, y0, x1, y1) = (b.x0 * sx, b.y0 * sy, b.x1 * sx, b.y1 * sy);
        // the square of the line's height at the glyph's start, when the glyph is wider
        let side = (y1 - y0).min(x1 - x0);
        let (w, h) = (side, y1 - y0);
        let inner = (x0 + 0.2 * w, y0 + 0.2 * h, x0 + 0.8 * w, y1 - 0.2 * h);
        if side < 4.0 || ink_share(img, inner) < SOLID {
            continue;
        }
        let square = is_square(img, ((inner.0 + inner.2) / 2.0, (inner.1 + inner.3) / 2.0));
        g.text = if square { "■" } else { "●" }.to_string();
    }
}

/// The horizontal and vertical rules of a binary PGM (P5, 8 bits) as rulings in points on a
/// page of `width` × `height` points; None when the image is not such a PGM.
pub fn rulings_from_pgm(pgm: &[u8], width: f32, height: f32) -> Option<Vec<Ruling>> {
    let img = Gray::from_pgm(pgm)?;
    Some(rulings(&img, &find_rules(&img), width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Gray {
        let (w, h) = (400usize, 300usize);
        let mut px = vec![255u8; w * h];
        for x in 20..380 {
            px[100 * w + x] = 0; // a rule 360 px long, 2 px thick
            px[101 * w + x] = 0;
            px[102 * w + x] = 180; // its grey edge
        }
        for y in 20..280 {
            px[y * w + 200] = 0; // a vertical rule
        }
        for y in 102..150 {
            px[y * w + 300] = 0; // a short border from the rule down to a rule below
        }
        for x in 250..380 {
            px[150 * w + x] = 0;
        }
        for y in 160..200 {
            px[y * w + 320] = 0; // a short stroke meeting no rule: not a border
        }
        for x in 50..90 {
            px[200 * w + x] = 0; // a stroke 40 px long: not a rule
        }
        Gray {
            width: w,
            height: h,
            pixels: px,
        }
    }

    #[test]
    fn rules_are_found_in_a_pgm_and_strokes_are_not() {
        let r = rulings_from_pgm(&sample().to_pgm(), 40.0, 30.0).unwrap();
        assert_eq!(r.len(), 4, "{r:?}");
        assert!(r
            .iter()
            .any(|r| r.is_horizontal() && (r.y0 - 10.1).abs() < 0.01));
        assert!(r
            .iter()
            .any(|r| !r.is_horizontal() && (r.x0 - 20.05).abs() < 0.01));
    }

    #[test]
    fn rules_are_erased_and_strokes_kept() {
        let mut img = sample();
        let rules = find_rules(&img);
        erase(&mut img, &rules);
        let w = img.width;
        assert!(img.pixels[100 * w..103 * w].iter().all(|&p| p == 255));
        assert!((20..280).all(|y| img.pixels[y * w + 200] == 255));
        assert!((50..90).all(|x| img.pixels[200 * w + x] == 0));
        assert!((102..150).all(|y| img.pixels[y * w + 300] == 255));
        assert!((160..200).all(|y| img.pixels[y * w + 320] == 0));
        assert!(find_rules(&img).is_empty());
    }

    #[test]
    fn only_rules_that_meet_a_rule_across_them_are_grid_rules() {
        let mut img = sample();
        let w = img.width;
        for x in 230..380 {
            img.pixels[250 * w + x] = 0; // an underline meeting nothing
        }
        let rules = find_rules(&img);
        assert_eq!(rules.len(), 5, "{rules:?}");
        let grid = grid_rules(&rules);
        assert_eq!(grid.len(), 4, "{grid:?}");
        assert!(grid.iter().all(|r| !(r.horizontal && r.first == 250)));
    }

    #[test]
    fn solid_glyphs_become_squares_and_discs() {
        // three 40 px glyph boxes on a 200 × 60 image: a filled square, a disc, a 田
        let (w, h) = (200usize, 60usize);
        let mut px = vec![255u8; w * h];
        for y in 12..48 {
            for x in 12..48 {
                px[y * w + x] = 0;
            }
            for x in 72..108 {
                let (dx, dy) = (x as f32 - 89.5, y as f32 - 29.5);
                if dx * dx + dy * dy <= 18.0 * 18.0 {
                    px[y * w + x] = 0;
                }
            }
            for x in 132..168 {
                if matches!(x, 132..=135 | 148..=151 | 164..=167)
                    || matches!(y, 12..=15 | 28..=31 | 44..=47)
                {
                    px[y * w + x] = 0;
                }
            }
        }
        let img = Gray {
            width: w,
            height: h,
            pixels: px,
        };
        let glyph = |x0: f32, text: &str| Glyph {
            text: text.into(),
            bbox: keikaku_model::BBox::new(x0, 10.0, x0 + 40.0, 50.0),
            size: 40.0,
            font: 0,
            vertical: false,
            rise: 0.0,
            color: None,
        };
        let mut g = vec![glyph(10.0, "田"), glyph(70.0, "〇"), glyph(130.0, "田")];
        solid_marks(&img, &mut g, 200.0, 60.0);
        let texts: Vec<&str> = g.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["■", "●", "田"]);
    }

    #[test]
    fn anything_but_a_binary_pgm_is_refused() {
        assert!(Gray::from_pgm(b"P6\n2 2\n255\n").is_none());
        assert!(Gray::from_pgm(b"P5\n2 2\n255\n\x00").is_none());
        let g = Gray::from_pgm(b"P5\n# c\n2 1\n255\n\x00\xff").unwrap();
        assert_eq!(
            (g.width, g.height, g.pixels.as_slice()),
            (2, 1, &[0u8, 255][..])
        );
    }
}
