//! Contents pages: a 目次 heading with entries, or many rows of "heading …… page number".

use crate::data::{fold, Knowledge};
use keikaku_model::Line;

/// True when the page's body lines look like a table of contents.
pub(crate) fn is_contents(lines: &[Line], k: &Knowledge) -> bool {
    let heading = lines
        .iter()
        .any(|l| k.contents_heading.contains(&fold(&l.text)));
    let rows = rows(lines);
    let entries = rows.iter().filter(|r| is_entry(r, k)).count();
    (heading && entries >= 2) || (entries >= 5 && entries * 2 >= rows.len())
}

/// Lines grouped into visual rows, each row's segments left to right joined by '\t'.
fn rows(lines: &[Line]) -> Vec<String> {
    let mut idx: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].vertical).collect();
    idx.sort_by(|&a, &b| {
        lines[a]
            .bbox
            .center_y()
            .total_cmp(&lines[b].bbox.center_y())
    });
    let mut out: Vec<Vec<usize>> = Vec::new();
    for i in idx {
        let l = &lines[i];
        match out.last_mut() {
            Some(r) if (lines[r[0]].bbox.center_y() - l.bbox.center_y()).abs() <= 0.4 * l.size => {
                r.push(i)
            }
            _ => out.push(vec![i]),
        }
    }
    out.into_iter()
        .map(|mut r| {
            r.sort_by(|&a, &b| lines[a].bbox.x0.total_cmp(&lines[b].bbox.x0));
            r.iter()
                .map(|&i| lines[i].text.trim())
                .collect::<Vec<_>>()
                .join("\t")
        })
        .collect()
}

/// A row ending with a page number that follows a dotted leader or a wide gap.
pub(crate) fn is_entry(row: &str, k: &Knowledge) -> bool {
    let t = row.trim_end();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if body.len() == t.len() || body.trim().is_empty() {
        return false;
    }
    if body.ends_with('\t') {
        return true;
    }
    let leaders = &k.leader;
    let run = body
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| leaders.contains(c) || *c == ' ')
        .count();
    run >= 3
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_model::BBox;

    fn line(text: &str, x0: f32, y0: f32) -> Line {
        Line {
            text: text.into(),
            bbox: BBox::new(x0, y0, x0 + 100.0, y0 + 10.0),
            size: 10.0,
            ..Default::default()
        }
    }

    #[test]
    fn contents_page_detected() {
        let lines = vec![
            line("目 次", 250.0, 50.0),
            line("第1章 計画の概要……………………1", 50.0, 100.0),
            line("第2章 取組…………………………5", 50.0, 120.0),
            line("第3章 推進体制", 50.0, 140.0),
            line("12", 500.0, 140.0),
        ];
        assert!(is_contents(&lines, crate::data::builtin()));
        let body = vec![
            line("本文の段落です。", 50.0, 100.0),
            line("令和6年度", 50.0, 120.0),
        ];
        assert!(!is_contents(&body, crate::data::builtin()));
    }
}
