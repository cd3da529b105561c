//! Paragraphs: consecutive lines that continue one another, split after a short line and
//! before a line that starts with a list or note marker; joined as a reader would.

use crate::data::{fold, Knowledge};
use keikaku_model::Line;
use std::ops::Range;

/// A line ending this many ems before the run's right edge ends its paragraph (lines may
/// end short by a character or two where a bracket may not end a line).
const SHORT_EM: f32 = 2.5;

/// True when `next` is a later segment of the same visual row as `prev`.
pub(crate) fn same_row(prev: &Line, next: &Line) -> bool {
    prev.same_row(next)
}

/// Largest gap between lines of one paragraph, in ems, however widely a page is spaced.
const MAX_GAP_EM: f32 = 2.5;

/// The gap (in ems) lines of one paragraph may leave on these lines' page: 1 em, or more
/// on a page set with wide line spacing (a double-spaced judgment, 要綱): 1.25 times the
/// median gap between lines set one under the other.
fn allowed_gap(lines: &[&Line]) -> f32 {
    let mut gaps: Vec<f32> = lines
        .windows(2)
        .filter(|w| !w[0].vertical && !w[1].vertical && w[0].bbox.x_overlap(&w[1].bbox) > 0.0)
        .filter(|w| (w[0].size - w[1].size).abs() <= 0.5)
        .map(|w| (w[1].bbox.y0 - w[0].bbox.y1) / w[0].size.max(0.1))
        .filter(|g| (-0.3..=MAX_GAP_EM).contains(g))
        .collect();
    if gaps.len() < 4 {
        return 1.0;
    }
    gaps.sort_by(f32::total_cmp);
    (gaps[gaps.len() / 2] * 1.25).clamp(1.0, MAX_GAP_EM)
}

/// True when `next` continues the text column of `prev` (directly below, within `max_gap`
/// ems, same size) or the same row.
fn continues(prev: &Line, next: &Line, max_gap: f32) -> bool {
    if same_row(prev, next) {
        return true;
    }
    if prev.vertical != next.vertical || prev.bold != next.bold {
        return false;
    }
    let size = prev.size.max(next.size);
    let ratio = prev.size / next.size.max(0.1);
    if !(0.8..=1.25).contains(&ratio) {
        return false;
    }
    if prev.vertical {
        let gap = prev.bbox.x0 - next.bbox.x1;
        gap > -0.3 * size && gap <= 1.0 * size && prev.bbox.y_overlap(&next.bbox) > 0.0
    } else {
        let gap = next.bbox.y0 - prev.bbox.y1;
        gap > -0.3 * size && gap <= max_gap * size && prev.bbox.x_overlap(&next.bbox) > 0.0
    }
}

/// True when a line's text begins with a list, note or heading marker.
pub(crate) fn starts_paragraph(text: &str, k: &Knowledge) -> bool {
    let t = text.trim_start();
    if k.paragraph_start
        .iter()
        .chain(&k.item_start)
        .any(|m| t.starts_with(m.as_str()))
    {
        return true;
    }
    let f = fold(t);
    let digits = |s: &str| s.chars().take_while(|c| c.is_ascii_digit()).count();
    if let Some(rest) = f.strip_prefix('(') {
        let n = digits(rest);
        return (1..=2).contains(&n) && rest[n..].starts_with(')');
    }
    let n = digits(&f);
    (1..=2).contains(&n) && (f[n..].starts_with('.') || f[n..].starts_with(')')) && f.len() > n + 1
}

/// Ranges of paragraphs over `lines` (already in reading order).
pub(crate) fn paragraphs(lines: &[&Line], k: &Knowledge) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let max_gap = allowed_gap(lines);
    let mut start = 0;
    while start < lines.len() {
        let mut end = start + 1;
        while end < lines.len() && continues(lines[end - 1], lines[end], max_gap) {
            end += 1;
        }
        split_run(lines, start..end, k, &mut out);
        start = end;
    }
    out
}

/// Splits one run of continuing lines after short lines and before marker lines that
/// really start an item (see [`item_starts`]).
fn split_run(lines: &[&Line], run: Range<usize>, know: &Knowledge, out: &mut Vec<Range<usize>>) {
    let far = |l: &Line| if l.vertical { l.bbox.y1 } else { l.bbox.x1 };
    let edge = lines[run.clone()]
        .iter()
        .map(|l| far(l))
        .fold(f32::NEG_INFINITY, f32::max);
    let mut start = run.start;
    for k in run.start + 1..run.end {
        let prev = lines[k - 1];
        if same_row(prev, lines[k]) {
            continue;
        }
        let short = far(prev) < edge - SHORT_EM * prev.size;
        let entry = crate::contents::is_entry(&prev.text, know);
        if short || entry || item_starts(lines[start], prev, lines[k], k - 1 > start, know) {
            out.push(start..k);
            start = k;
        }
    }
    out.push(start..run.end);
}

/// True when `next` starts a new item: it begins with an item marker (※, ○, ①…), or with
/// another marker and either the previous line ends a sentence, or `next` is outdented from
/// a continuation line `prev`, or the current paragraph (first line `first`) began with the
/// same character. A marker that merely wraps to the start of a line (・ of 進展・普及, 【 of
/// a quoted name) does not qualify.
fn item_starts(
    first: &Line,
    prev: &Line,
    next: &Line,
    prev_continues: bool,
    k: &Knowledge,
) -> bool {
    let t = next.text.trim_start();
    if k.item_start.iter().any(|m| t.starts_with(m.as_str())) {
        return true;
    }
    if !starts_paragraph(t, k) {
        return false;
    }
    let ends_sentence = prev.text.trim_end().ends_with([
        '。', '．', '.', '！', '？', '!', '?', '）', ')', '」', '』', '】',
    ]);
    let (px, nx) = if next.vertical {
        (prev.bbox.y0, next.bbox.y0)
    } else {
        (prev.bbox.x0, next.bbox.x0)
    };
    let outdented = prev_continues && nx < px - 0.5 * next.size;
    let lead = |l: &Line| l.text.trim_start().chars().next();
    ends_sentence || outdented || lead(first) == lead(next)
}

/// Joins lines of one paragraph: nothing between Japanese text, a space between Latin words.
pub(crate) fn join(lines: &[&Line]) -> String {
    keikaku_model::paragraph_text(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

    fn line(text: &str, y: f32, x1: f32) -> Line {
        Line {
            text: text.into(),
            bbox: BBox::new(50.0, y, x1, y + 10.0),
            size: 10.0,
            ..Default::default()
        }
    }

    #[test]
    fn short_line_ends_paragraph_and_markers_start_one() {
        let ls = [
            line("オンライン申請サービスの活", 100.0, 300.0),
            line("用", 115.0, 60.0),
            line("推進", 130.0, 70.0),
            line("・一つ目の項目", 160.0, 300.0),
            line("・二つ目", 175.0, 200.0),
            line("デジタル化の進展", 200.0, 300.0),
            line("・普及による変化", 215.0, 200.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        let paras: Vec<String> = paragraphs(&refs, crate::data::builtin())
            .into_iter()
            .map(|r| join(&refs[r]))
            .collect();
        assert_eq!(
            paras,
            vec![
                "オンライン申請サービスの活用",
                "推進",
                "・一つ目の項目",
                "・二つ目",
                "デジタル化の進展・普及による変化"
            ]
        );
    }

    #[test]
    fn double_spaced_page_keeps_its_paragraphs() {
        // a judgment set with 1.6 em between lines: a sentence runs on over the gaps
        let ls = [
            line(
                "１ 被告は，原告に対し，１３０万６０００円及びこれに対する平成２７年５",
                100.0,
                300.0,
            ),
            line(
                "月１８日から支払済みまで年５分の割合による金員を支払え。",
                126.0,
                200.0,
            ),
            line("２ 原告のその余の請求を棄却する。", 152.0, 180.0),
            line(
                "３ 訴訟費用はこれを５分し，その４を原告の負担とし，その余を被告の負担",
                178.0,
                300.0,
            ),
            line("とする。", 204.0, 90.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        let paras: Vec<String> = paragraphs(&refs, crate::data::builtin())
            .into_iter()
            .map(|r| join(&refs[r]))
            .collect();
        assert_eq!(paras.len(), 3, "{paras:#?}");
        assert!(paras[0].contains("平成２７年５月１８日"), "{paras:#?}");
    }

    #[test]
    fn segments_of_one_row_join_with_space() {
        let a = Line {
            text: "団".into(),
            bbox: BBox::new(50.0, 100.0, 60.0, 110.0),
            size: 10.0,
            ..Default::default()
        };
        let b = Line {
            text: "体".into(),
            bbox: BBox::new(100.0, 100.0, 110.0, 110.0),
            size: 10.0,
            ..Default::default()
        };
        let c = line("次の行の文章", 115.0, 300.0);
        let refs = [&a, &b, &c];
        let paras: Vec<String> = paragraphs(&refs, crate::data::builtin())
            .into_iter()
            .map(|r| join(&refs[r]))
            .collect();
        assert_eq!(paras, vec!["団 体", "次の行の文章"]);
    }

    #[test]
    fn latin_lines_join_with_space() {
        let ls = [
            line("digital", 100.0, 300.0),
            line("transformation", 115.0, 200.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(join(&refs), "digital transformation");
    }

    #[test]
    fn markers() {
        assert!(starts_paragraph("(1) 簡単・便利", crate::data::builtin()));
        assert!(starts_paragraph("（２）デジタル", crate::data::builtin()));
        assert!(starts_paragraph(
            "1. 区民の利便性向上",
            crate::data::builtin()
        ));
        assert!(!starts_paragraph("(2024)年度", crate::data::builtin()));
        assert!(!starts_paragraph("2 年 12 月", crate::data::builtin()));
    }
}
