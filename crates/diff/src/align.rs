//! One-to-one alignment of two lists of initiatives: same key first, then the best total
//! similarity (title, summary and fields, number, departments) above a threshold.

use crate::norm::{bigrams, dice, normalize};
use keikaku_model::Initiative;
use std::collections::HashMap;

/// Default lowest score for a pair.
pub const DEFAULT_THRESHOLD: f64 = 0.5;

const W_TITLE: f64 = 0.45;
const W_BODY: f64 = 0.35;
const W_NUMBER: f64 = 0.1;
const W_DEPTS: f64 = 0.1;

/// Above this many candidate pairs the assignment is greedy instead of optimal.
const MAX_OPTIMAL_CELLS: usize = 1_000_000;

/// What similarity is computed from, prepared once per initiative.
pub struct Features {
    key: String,
    number: Option<String>,
    title: Vec<u64>,
    body: Vec<u64>,
    depts: Vec<String>,
}

impl Features {
    /// The features of `it`.
    pub fn of(it: &Initiative) -> Features {
        let mut body = it.summary.clone().unwrap_or_default();
        for v in it.fields.values().chain(&it.actions) {
            body.push('\n');
            body.push_str(v);
        }
        let mut depts: Vec<String> = it
            .lead_departments
            .iter()
            .chain(&it.related_departments)
            .map(|d| normalize(d))
            .collect();
        depts.sort();
        depts.dedup();
        Features {
            key: it.key.clone(),
            number: it
                .number
                .as_deref()
                .map(normalize)
                .filter(|n| !n.is_empty()),
            title: bigrams(&it.title),
            body: bigrams(&body),
            depts,
        }
    }
}

/// A pair's similarity and the parts it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Score {
    pub total: f64,
    pub same_key: bool,
    pub same_number: Option<bool>,
    pub title: f64,
    pub body: Option<f64>,
    pub depts: Option<f64>,
}

impl Score {
    /// Why a pair was made: `same key`, or the parts that agree
    /// (`same number, title 0.82, summary 0.64, same departments`).
    pub fn reason(&self) -> String {
        if self.same_key {
            return "same key".into();
        }
        let mut parts = Vec::new();
        match self.same_number {
            Some(true) => parts.push("same number".to_string()),
            Some(false) => parts.push("other number".to_string()),
            None => {}
        }
        parts.push(format!("title {:.2}", self.title));
        if let Some(b) = self.body {
            parts.push(format!("summary {b:.2}"));
        }
        match self.depts {
            Some(d) if d >= 1.0 => parts.push("same departments".into()),
            Some(d) => parts.push(format!("departments {d:.2}")),
            None => {}
        }
        parts.join(", ")
    }
}

/// The similarity of two initiatives: 1 for the same non-empty key, else a weighted mean
/// of the parts both have.
pub fn score(a: &Features, b: &Features) -> Score {
    let same_key = !a.key.is_empty() && a.key == b.key;
    let title = dice(&a.title, &b.title);
    let body = (!a.body.is_empty() || !b.body.is_empty()).then(|| dice(&a.body, &b.body));
    let same_number = match (&a.number, &b.number) {
        (Some(x), Some(y)) => Some(x == y),
        _ => None,
    };
    let depts = (!a.depts.is_empty() && !b.depts.is_empty()).then(|| jaccard(&a.depts, &b.depts));
    let mut sum = W_TITLE * title;
    let mut weight = W_TITLE;
    for (w, v) in [
        (W_BODY, body),
        (W_NUMBER, same_number.map(|s| if s { 1.0 } else { 0.0 })),
        (W_DEPTS, depts),
    ] {
        if let Some(v) = v {
            sum += w * v;
            weight += w;
        }
    }
    let total = if same_key { 1.0 } else { sum / weight };
    Score {
        total,
        same_key,
        same_number,
        title,
        body,
        depts,
    }
}

fn jaccard(a: &[String], b: &[String]) -> f64 {
    let common = a.iter().filter(|x| b.contains(x)).count();
    let union = a.len() + b.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// A pair of the alignment: indices into the old and new lists, and its score.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    pub old: usize,
    pub new: usize,
    pub score: Score,
}

/// The alignment of `old` and `new`: pairs (in new order) and the score table
/// (row-major, `old.len() × new.len()`; 0 between two initiatives paired by key), used
/// afterwards to find splits and merges.
pub struct Alignment {
    pub pairs: Vec<Pair>,
    pub scores: Vec<f64>,
    pub width: usize,
}

impl Alignment {
    /// The score of old `i` with new `j`.
    pub fn at(&self, i: usize, j: usize) -> f64 {
        self.scores[i * self.width + j]
    }
}

/// Aligns two lists one to one: pairs sharing a key that is unique on both sides first,
/// then the assignment with the largest total score among pairs scoring at least
/// `threshold` (ties go to the pair closest in relative position).
pub fn align(old: &[Features], new: &[Features], threshold: f64) -> Alignment {
    let (n, m) = (old.len(), new.len());
    let keyed = unique_key_pairs(old, new);
    let (free_o, free_n) = free(n, m, &keyed);
    let (mut is_free_o, mut is_free_n) = (vec![false; n], vec![false; m]);
    free_o.iter().for_each(|&i| is_free_o[i] = true);
    free_n.iter().for_each(|&j| is_free_n[j] = true);
    let mut scores = vec![0.0; n * m];
    let mut full: HashMap<(usize, usize), Score> = HashMap::new();
    for &(i, j) in &keyed {
        let s = score(&old[i], &new[j]);
        scores[i * m + j] = s.total;
        full.insert((i, j), s);
    }
    // Two key-paired initiatives are never compared: no pair, split or merge needs it.
    for (i, a) in old.iter().enumerate() {
        for (j, b) in new.iter().enumerate() {
            if !is_free_o[i] && !is_free_n[j] {
                continue;
            }
            let s = score(a, b);
            scores[i * m + j] = s.total;
            if s.total >= threshold {
                full.insert((i, j), s);
            }
        }
    }
    let weight = |i: usize, j: usize| -> f64 {
        let s = scores[i * m + j];
        if s < threshold {
            return 0.0;
        }
        let pos = (i as f64 / n.max(1) as f64 - j as f64 / m.max(1) as f64).abs();
        s + 1e-6 * (1.0 - pos)
    };
    let rest = if free_o.len() * free_n.len() <= MAX_OPTIMAL_CELLS {
        hungarian(&free_o, &free_n, &weight)
    } else {
        greedy(&free_o, &free_n, &weight)
    };
    let mut pairs: Vec<Pair> = keyed
        .into_iter()
        .chain(rest)
        .filter_map(|(i, j)| {
            full.remove(&(i, j)).map(|score| Pair {
                old: i,
                new: j,
                score,
            })
        })
        .collect();
    pairs.sort_by_key(|p| p.new);
    Alignment {
        pairs,
        scores,
        width: m,
    }
}

/// Pairs whose non-empty key occurs once in each list.
fn unique_key_pairs(old: &[Features], new: &[Features]) -> Vec<(usize, usize)> {
    let (co, cn) = (key_counts(old), key_counts(new));
    let mut out: Vec<(usize, usize)> = co
        .iter()
        .filter(|(_, v)| v.0 == 1)
        .filter_map(|(k, v)| cn.get(k).filter(|w| w.0 == 1).map(|w| (v.1, w.1)))
        .collect();
    out.sort_unstable();
    out
}

/// For each non-empty key: how often it occurs and where first.
fn key_counts(list: &[Features]) -> HashMap<&str, (usize, usize)> {
    let mut c: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, f) in list.iter().enumerate().filter(|(_, f)| !f.key.is_empty()) {
        let e = c.entry(f.key.as_str()).or_insert((0, i));
        e.0 += 1;
    }
    c
}

fn free(n: usize, m: usize, taken: &[(usize, usize)]) -> (Vec<usize>, Vec<usize>) {
    let mut uo = vec![false; n];
    let mut un = vec![false; m];
    for &(i, j) in taken {
        uo[i] = true;
        un[j] = true;
    }
    (
        (0..n).filter(|&i| !uo[i]).collect(),
        (0..m).filter(|&j| !un[j]).collect(),
    )
}

/// Greedy assignment: best remaining pair first.
fn greedy(rows: &[usize], cols: &[usize], w: &dyn Fn(usize, usize) -> f64) -> Vec<(usize, usize)> {
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for &i in rows {
        for &j in cols {
            let s = w(i, j);
            if s > 0.0 {
                cands.push((s, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut uo, mut un) = (HashMap::new(), HashMap::new());
    let mut out = Vec::new();
    for (_, i, j) in cands {
        if !uo.contains_key(&i) && !un.contains_key(&j) {
            uo.insert(i, ());
            un.insert(j, ());
            out.push((i, j));
        }
    }
    out
}

/// Maximum-weight assignment (Kuhn–Munkres, O(n²m)); pairs of weight 0 are dropped.
fn hungarian(
    rows: &[usize],
    cols: &[usize],
    w: &dyn Fn(usize, usize) -> f64,
) -> Vec<(usize, usize)> {
    let transpose = rows.len() > cols.len();
    let (r, c) = if transpose {
        (cols, rows)
    } else {
        (rows, cols)
    };
    let cost = |a: usize, b: usize| -> f64 {
        if transpose {
            -w(c[b], r[a])
        } else {
            -w(r[a], c[b])
        }
    };
    let assigned = kuhn_munkres(r.len(), c.len(), &cost);
    assigned
        .into_iter()
        .map(|(a, b)| {
            if transpose {
                (c[b], r[a])
            } else {
                (r[a], c[b])
            }
        })
        .filter(|&(i, j)| w(i, j) > 0.0)
        .collect()
}

/// Minimum-cost assignment of every one of `n` rows to distinct columns of `m >= n`.
fn kuhn_munkres(n: usize, m: usize, cost: &dyn Fn(usize, usize) -> f64) -> Vec<(usize, usize)> {
    let inf = f64::INFINITY;
    let (mut u, mut v) = (vec![0.0; n + 1], vec![0.0; m + 1]);
    let (mut p, mut way) = (vec![0usize; m + 1], vec![0usize; m + 1]);
    for i in 1..=n {
        p[0] = i;
        let mut j0 = 0;
        let mut minv = vec![inf; m + 1];
        let mut used = vec![false; m + 1];
        loop {
            used[j0] = true;
            let i0 = p[j0];
            let (mut delta, mut j1) = (inf, 0);
            for j in 1..=m {
                if !used[j] {
                    let cur = cost(i0 - 1, j - 1) - u[i0] - v[j];
                    if cur < minv[j] {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if minv[j] < delta {
                        delta = minv[j];
                        j1 = j;
                    }
                }
            }
            for j in 0..=m {
                if used[j] {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
            if p[j0] == 0 {
                break;
            }
        }
        loop {
            let j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
            if j0 == 0 {
                break;
            }
        }
    }
    (1..=m)
        .filter(|&j| p[j] != 0)
        .map(|j| (p[j] - 1, j - 1))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn init(title: &str, summary: &str) -> Initiative {
        Initiative {
            title: title.into(),
            summary: Some(summary.into()),
            ..Initiative::default()
        }
    }

    #[test]
    fn optimal_beats_greedy() {
        // Greedy would take (0,0) 0.9 and leave 1 unpaired; optimal pairs both.
        let w = |i: usize, j: usize| [[0.9, 0.8], [0.85, 0.0]][i][j];
        let mut got = hungarian(&[0, 1], &[0, 1], &w);
        got.sort();
        assert_eq!(got, [(0, 1), (1, 0)]);
        let got = hungarian(&[0, 1, 2], &[0], &|i, _| [0.2, 0.7, 0.6][i]);
        assert_eq!(got, [(1, 0)]);
    }

    #[test]
    fn reorder_and_rename() {
        let old = [
            init("窓口サービスの改善", "待ち時間を短縮する"),
            init("電子契約の導入", "契約事務を電子化する"),
        ];
        let new = [
            init("電子契約の導入", "契約事務を電子化する"),
            init("窓口サービスのデジタル化", "待ち時間を短縮する"),
        ];
        let f = |l: &[Initiative]| l.iter().map(Features::of).collect::<Vec<_>>();
        let a = align(&f(&old), &f(&new), DEFAULT_THRESHOLD);
        let got: Vec<(usize, usize)> = a.pairs.iter().map(|p| (p.old, p.new)).collect();
        assert_eq!(got, [(1, 0), (0, 1)]);
        assert!(a.pairs[1].score.reason().starts_with("title 0."));
    }
}
