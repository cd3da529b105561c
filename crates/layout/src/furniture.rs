//! Running headers, footers and page numbers: lines in the top or bottom margin band that
//! repeat across pages (same text once digits are ignored, same place), or that look like a
//! page number; and side tabs: the same text at the same place in the outer left or right
//! margin on many pages (a white paper's chapter tab `Ⅰ`, a vertical running title).

use crate::data::{digit_key, Knowledge};
use keikaku_model::Line;
use std::collections::HashMap;

/// Share of the page height, at the top and at the bottom, where furniture may sit.
const BAND: f32 = 0.1;
/// Share of the page width, at the left and at the right, where side tabs sit.
const SIDE_BAND: f32 = 0.08;
/// Position tolerance, as a share of the page size, for "the same place".
const SAME_PLACE: f32 = 0.03;

/// A page's body lines with its size.
pub(crate) struct PageLines<'a> {
    pub width: f32,
    pub height: f32,
    pub lines: &'a [Line],
}

/// For each page, one flag per line: true when the line is furniture.
pub(crate) fn detect(pages: &[PageLines], know: &Knowledge) -> Vec<Vec<bool>> {
    let mut flags: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.lines.len()]).collect();
    let body_size = median_size(pages);
    let mut groups: HashMap<(String, Band), Vec<(usize, usize)>> = HashMap::new();
    for (k, p) in pages.iter().enumerate() {
        for (i, l) in p.lines.iter().enumerate() {
            let Some(b) = band(l, p.width, p.height) else {
                continue;
            };
            if b == Band::Side {
                groups.entry((l.text.clone(), b)).or_default().push((k, i));
                continue;
            }
            if know.is_page_number(&l.text) {
                flags[k][i] = true;
            }
            if l.size > 1.05 * body_size || crate::para::starts_paragraph(&l.text, know) {
                continue; // headings repeated on consecutive sheets are not running heads
            }
            groups
                .entry((digit_key(&l.text), b))
                .or_default()
                .push((k, i));
        }
    }
    // Same text on three pages (two in a short document) suffices; same text modulo digits
    // must recur on a quarter of the pages (sheet numbers such as No.１-ウ, No.２-ウ are not
    // running headers).
    let min_exact = if pages.len() <= 4 { 2 } else { 3 };
    let min_fuzzy = (pages.len() / 4).max(3);
    for ((_, b), occ) in groups.iter().filter(|(_, o)| o.len() >= 2) {
        // a side tab counts only with the same text on a quarter of the pages (at least 3)
        let (min_exact, min_fuzzy) = if *b == Band::Side {
            (min_fuzzy, usize::MAX)
        } else {
            (min_exact, min_fuzzy)
        };
        for &(k, i) in occ {
            if flags[k][i] {
                continue;
            }
            let text = &pages[k].lines[i].text;
            let mut exact = 0;
            let mut fuzzy = 0;
            for &(k2, i2) in occ
                .iter()
                .filter(|&&(k2, i2)| k2 != k && same_place(&pages[k], i, &pages[k2], i2))
            {
                fuzzy += 1;
                exact += usize::from(pages[k2].lines[i2].text == *text);
            }
            flags[k][i] = exact + 1 >= min_exact || fuzzy + 1 >= min_fuzzy;
        }
    }
    flags
}

/// The document's typical text size: the median over characters.
fn median_size(pages: &[PageLines]) -> f32 {
    let mut sizes: Vec<(f32, usize)> = pages
        .iter()
        .flat_map(|p| p.lines.iter().map(|l| (l.size, l.text.chars().count())))
        .collect();
    sizes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let half = sizes.iter().map(|s| s.1).sum::<usize>() / 2;
    let mut seen = 0;
    for (s, n) in &sizes {
        seen += n;
        if seen > half {
            return *s;
        }
    }
    f32::INFINITY
}

/// A margin band where furniture may sit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Band {
    Top,
    Bottom,
    /// The outer left or right margin (pages alternate sides).
    Side,
}

/// The margin band holding `l`, if any.
fn band(l: &Line, width: f32, height: f32) -> Option<Band> {
    if l.text.trim().is_empty() {
        None
    } else if l.bbox.y1 <= BAND * height {
        Some(Band::Top)
    } else if l.bbox.y0 >= (1.0 - BAND) * height {
        Some(Band::Bottom)
    } else if l.bbox.x1 <= SIDE_BAND * width || l.bbox.x0 >= (1.0 - SIDE_BAND) * width {
        Some(Band::Side)
    } else {
        None
    }
}

fn same_place(a: &PageLines, i: usize, b: &PageLines, j: usize) -> bool {
    let (la, lb) = (&a.lines[i].bbox, &b.lines[j].bbox);
    let (tw, th) = (
        SAME_PLACE * a.width.max(b.width),
        SAME_PLACE * a.height.max(b.height),
    );
    let near = |p: f32, q: f32| (p - q).abs() <= tw;
    (la.center_y() - lb.center_y()).abs() <= th
        && (near(la.x0, lb.x0) || near(la.x1, lb.x1) || near(la.center_x(), lb.center_x()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

    fn line(text: &str, x0: f32, y0: f32, x1: f32) -> Line {
        Line {
            text: text.into(),
            bbox: BBox::new(x0, y0, x1, y0 + 10.0),
            size: 10.0,
            ..Default::default()
        }
    }

    #[test]
    fn header_footer_over_three_pages() {
        let pages: Vec<Vec<Line>> = (1..=3)
            .map(|n| {
                vec![
                    line("杉並区デジタル化推進計画（第1次）", 380.0, 40.0, 545.0),
                    line(&format!("本文{n}の最初の行"), 50.0, 100.0, 300.0),
                    line(["まとめ", "課題", "今後"][n - 1], 50.0, 760.0, 100.0),
                    line(&format!("- {n} -"), 280.0, 800.0, 310.0),
                ]
            })
            .collect();
        let pl: Vec<PageLines> = pages
            .iter()
            .map(|l| PageLines {
                width: 595.0,
                height: 842.0,
                lines: l,
            })
            .collect();
        let flags = detect(&pl, crate::data::builtin());
        for f in &flags {
            assert_eq!(f, &vec![true, false, false, true]);
        }
    }

    #[test]
    fn repeated_big_heading_is_not_furniture() {
        let mut pages = Vec::new();
        for _ in 0..3 {
            let mut h = line("【方針1】区民サービスの向上", 50.0, 70.0, 300.0);
            h.size = 14.0;
            pages.push(vec![
                h,
                line(
                    "本文の行がここに続きます。本文の行がここに続きます。",
                    50.0,
                    100.0,
                    300.0,
                ),
            ]);
        }
        let pl: Vec<PageLines> = pages
            .iter()
            .map(|l| PageLines {
                width: 595.0,
                height: 842.0,
                lines: l,
            })
            .collect();
        assert!(detect(&pl, crate::data::builtin())
            .iter()
            .all(|f| f.iter().all(|&x| !x)));
    }

    #[test]
    fn title_at_a_different_place_is_not_furniture() {
        let p1 = vec![
            line("計画の名前", 50.0, 30.0, 150.0),
            line("計画の名前", 380.0, 50.0, 545.0),
        ];
        let p2 = vec![line("計画の名前", 380.0, 50.0, 545.0)];
        let pl = [
            PageLines {
                width: 595.0,
                height: 842.0,
                lines: &p1,
            },
            PageLines {
                width: 595.0,
                height: 842.0,
                lines: &p2,
            },
        ];
        let flags = detect(&pl, crate::data::builtin());
        assert_eq!(flags[0], vec![false, true]);
        assert_eq!(flags[1], vec![true]);
    }

    #[test]
    fn side_tab_on_alternating_pages() {
        // a chapter tab in the outer margin: left on even pages, right on odd ones; a
        // margin note that appears once is kept
        let pages: Vec<Vec<Line>> = (0..8)
            .map(|n| {
                let x = if n % 2 == 0 { 570.0 } else { 10.0 };
                let mut v = vec![
                    line("Ⅰ", x, 300.0, x + 12.0),
                    line("本文の行がここに続きます。", 50.0, 320.0, 540.0),
                ];
                if n == 3 {
                    v.push(line("注", 10.0, 500.0, 20.0));
                }
                v
            })
            .collect();
        let pl: Vec<PageLines> = pages
            .iter()
            .map(|l| PageLines {
                width: 595.0,
                height: 842.0,
                lines: l,
            })
            .collect();
        let flags = detect(&pl, crate::data::builtin());
        for (n, f) in flags.iter().enumerate() {
            assert!(f[0] && !f[1], "page {n}: {f:?}");
        }
        assert!(!flags[3][2]);
    }
}
