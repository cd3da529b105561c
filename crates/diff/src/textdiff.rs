//! Text diff in Japanese-aware units: lindera tokens (IPADIC) via `keikaku_jtext::shared`.

use serde::{Deserialize, Serialize};

/// What a piece of a text diff is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A run of tokens with one [`Op`]; the whitespace after a token belongs to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub op: Op,
    pub text: String,
}

/// Largest token-pair table the exact diff builds; longer texts are compared line by line.
const MAX_CELLS: usize = 4_000_000;

/// The token diff of `old` → `new`: equal runs (with the new text's spacing), deleted and
/// inserted runs, in reading order.
pub fn diff_text(old: &str, new: &str) -> Vec<Segment> {
    let (a, b) = (units(old), units(new));
    let (a, b) = if a.len().saturating_mul(b.len()) > MAX_CELLS {
        (lines(old), lines(new))
    } else {
        (a, b)
    };
    let ops = lcs_ops(&a, &b);
    merge(ops)
}

/// The token units of `text`: each token surface with the whitespace that follows it.
/// Without a segmenter (dictionary failed to load) every character is a unit.
pub fn units(text: &str) -> Vec<&str> {
    let starts: Vec<usize> = match keikaku_jtext::shared() {
        Ok(seg) => seg.tokens(text).iter().map(|t| t.range.start).collect(),
        Err(_) => text
            .char_indices()
            .filter(|(_, c)| !c.is_whitespace())
            .map(|(i, _)| i)
            .collect(),
    };
    let mut out = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(text.len());
        if let Some(u) = text.get(s..e) {
            out.push(u);
        }
    }
    out
}

fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

/// Equal when the units agree apart from surrounding whitespace.
fn same(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

/// Longest-common-subsequence edit script over units, common prefix and suffix first.
fn lcs_ops<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(Op, &'a str)> {
    let pre = a.iter().zip(b).take_while(|(x, y)| same(x, y)).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| same(x, y))
        .count();
    let (ma, mb) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let mut ops: Vec<(Op, &str)> = b[..pre].iter().map(|u| (Op::Equal, *u)).collect();
    ops.extend(middle(ma, mb));
    ops.extend(b[b.len() - suf..].iter().map(|u| (Op::Equal, *u)));
    ops
}

/// Dynamic-programming LCS of the differing middle parts.
fn middle<'a>(a: &[&'a str], b: &[&'a str]) -> Vec<(Op, &'a str)> {
    let (n, m) = (a.len(), b.len());
    if n.saturating_mul(m) > MAX_CELLS {
        let mut ops: Vec<(Op, &str)> = a.iter().map(|u| (Op::Delete, *u)).collect();
        ops.extend(b.iter().map(|u| (Op::Insert, *u)));
        return ops;
    }
    // len[i][j]: LCS length of a[i..], b[j..].
    let w = m + 1;
    let mut len = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i * w + j] = if same(a[i], b[j]) {
                len[(i + 1) * w + j + 1] + 1
            } else {
                len[(i + 1) * w + j].max(len[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j, mut ops) = (0, 0, Vec::with_capacity(n + m));
    while i < n || j < m {
        if i < n && j < m && same(a[i], b[j]) {
            ops.push((Op::Equal, b[j]));
            i += 1;
            j += 1;
        } else if j < m && (i == n || len[i * w + j + 1] >= len[(i + 1) * w + j]) {
            ops.push((Op::Insert, b[j]));
            j += 1;
        } else {
            ops.push((Op::Delete, a[i]));
            i += 1;
        }
    }
    // Deletions before insertions inside each changed run reads better.
    reorder_runs(absorb_particles(ops))
}

/// A lone short unit (a particle such as `の`, `を`, or punctuation) kept equal between
/// two changes only splits one replacement into many: it becomes part of the change.
fn absorb_particles(ops: Vec<(Op, &str)>) -> Vec<(Op, &str)> {
    let changed = |k: usize| ops.get(k).is_some_and(|o| o.0 != Op::Equal);
    let mut out = Vec::with_capacity(ops.len() + 8);
    for (k, &(op, u)) in ops.iter().enumerate() {
        let lone = op == Op::Equal
            && k > 0
            && changed(k - 1)
            && changed(k + 1)
            && u.trim().chars().count() <= 1;
        if lone {
            out.push((Op::Delete, u));
            out.push((Op::Insert, u));
        } else {
            out.push((op, u));
        }
    }
    out
}

/// Within each run of non-equal ops, puts deletions first.
fn reorder_runs(ops: Vec<(Op, &str)>) -> Vec<(Op, &str)> {
    let mut out = Vec::with_capacity(ops.len());
    let mut run: Vec<(Op, &str)> = Vec::new();
    for op in ops {
        if op.0 == Op::Equal {
            flush_run(&mut run, &mut out);
            out.push(op);
        } else {
            run.push(op);
        }
    }
    flush_run(&mut run, &mut out);
    out
}

fn flush_run<'a>(run: &mut Vec<(Op, &'a str)>, out: &mut Vec<(Op, &'a str)>) {
    out.extend(run.iter().filter(|o| o.0 == Op::Delete));
    out.extend(run.iter().filter(|o| o.0 == Op::Insert));
    run.clear();
}

/// Joins consecutive units with the same op into segments.
fn merge(ops: Vec<(Op, &str)>) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (op, text) in ops {
        match out.last_mut() {
            Some(last) if last.op == op => last.text.push_str(text),
            _ => out.push(Segment {
                op,
                text: text.to_string(),
            }),
        }
    }
    out
}

/// The text of one side of a diff: `Delete` and `Equal` runs for the old side,
/// `Insert` and `Equal` for the new.
pub fn side(segments: &[Segment], old: bool) -> String {
    let skip = if old { Op::Insert } else { Op::Delete };
    segments
        .iter()
        .filter(|s| s.op != skip)
        .map(|s| s.text.as_str())
        .collect()
}

/// A one-line rendering: `[-deleted-]{+inserted+}`, long equal runs shortened to
/// `…` with a few characters of context.
pub fn inline(segments: &[Segment]) -> String {
    let mut out = String::new();
    let last = segments.len().saturating_sub(1);
    for (k, s) in segments.iter().enumerate() {
        let text = s.text.replace('\n', " ");
        match s.op {
            Op::Delete => out.push_str(&format!("[-{}-]", text.trim_end())),
            Op::Insert => out.push_str(&format!("{{+{}+}}", text.trim_end())),
            Op::Equal => out.push_str(&shorten(&text, k > 0, k < last)),
        }
    }
    out
}

/// Keeps `CONTEXT` characters next to each changed neighbour of an equal run.
fn shorten(text: &str, before: bool, after: bool) -> String {
    const CONTEXT: usize = 8;
    let chars: Vec<char> = text.chars().collect();
    let keep_head = if before { CONTEXT } else { 0 };
    let keep_tail = if after { CONTEXT } else { 0 };
    if chars.len() <= keep_head + keep_tail + 1 {
        return text.to_string();
    }
    let head: String = chars[..keep_head].iter().collect();
    let tail: String = chars[chars.len() - keep_tail..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(segs: &[Segment]) -> Vec<(Op, &str)> {
        segs.iter().map(|s| (s.op, s.text.as_str())).collect()
    }

    #[test]
    fn marks_whole_words_not_bytes() {
        let d = diff_text(
            "窓口サービス改善ツール運用・拡充",
            "窓口サービス改善ツール運用・拡充検討",
        );
        assert_eq!(
            ops(&d),
            [
                (Op::Equal, "窓口サービス改善ツール運用・拡充"),
                (Op::Insert, "検討")
            ]
        );
        let d = diff_text("新システム構築・運用開始", "新システム構築・一部運用開始");
        assert_eq!(
            ops(&d),
            [
                (Op::Equal, "新システム構築・"),
                (Op::Insert, "一部"),
                (Op::Equal, "運用開始")
            ]
        );
    }

    #[test]
    fn sides_rebuild_the_texts() {
        let (a, b) = ("情報政策課が推進します。", "デジタル戦略担当が推進します。");
        let d = diff_text(a, b);
        assert_eq!(side(&d, true), a);
        assert_eq!(side(&d, false), b);
        assert_eq!(
            inline(&d),
            "[-情報政策課-]{+デジタル戦略担当+}が推進します。"
        );
    }

    #[test]
    fn a_lone_particle_joins_the_change() {
        let d = diff_text("来庁前の事前登録や", "おくやみコーナーの設置や");
        assert_eq!(
            inline(&d),
            "[-来庁前の事前登録-]{+おくやみコーナーの設置+}や"
        );
    }

    #[test]
    fn whitespace_only_is_equal() {
        let d = diff_text("BPR\n検討", "BPR 検討");
        assert!(d.iter().all(|s| s.op == Op::Equal), "{d:?}");
    }
}
