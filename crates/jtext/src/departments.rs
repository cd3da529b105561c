//! Department names (主管課・関係課 cells and running text), from the vocabulary in
//! `dictionaries/departments.tsv`.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::OnceLock;

use crate::segment::{shared, Token};

const VOCABULARY: &str = include_str!("../../../dictionaries/departments.tsv");

/// Longest department name accepted, in characters.
const MAX_CHARS: usize = 32;
/// Most tokens joined to the left of a suffix in running text.
const MAX_STEM_TOKENS: usize = 8;

/// The parsed `departments.tsv`.
struct Vocabulary {
    /// Suffixes, longest first.
    suffixes: Vec<String>,
    whole: HashSet<String>,
    labels: HashSet<String>,
    not: HashSet<String>,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCAB: OnceLock<Vocabulary> = OnceLock::new();
    VOCAB.get_or_init(|| parse_vocabulary(VOCABULARY))
}

fn parse_vocabulary(tsv: &str) -> Vocabulary {
    let mut vocab = Vocabulary {
        suffixes: Vec::new(),
        whole: HashSet::new(),
        labels: HashSet::new(),
        not: HashSet::new(),
    };
    for line in tsv.lines().filter(|l| !l.starts_with('#')) {
        let mut fields = line.split('\t');
        let (Some(kind), Some(text)) = (fields.next(), fields.next()) else {
            continue;
        };
        let text = text.trim().to_string();
        match kind.trim() {
            "suffix" => vocab.suffixes.push(text),
            "whole" => drop(vocab.whole.insert(text)),
            "label" => drop(vocab.labels.insert(text)),
            "not" => drop(vocab.not.insert(text)),
            _ => {}
        }
    }
    vocab
        .suffixes
        .sort_by_key(|s| std::cmp::Reverse(s.chars().count()));
    vocab
}

/// Whether `name` (one cell item, already split) is a department name: ends in a
/// suffix of `departments.tsv` after a non-empty stem, or is listed as `whole`.
pub fn is_department(name: &str) -> bool {
    let name = clean(name);
    let vocab = vocabulary();
    if name.is_empty() || vocab.labels.contains(name) || vocab.not.contains(name) {
        return false;
    }
    if vocab.whole.contains(name) {
        return true;
    }
    let plausible = name.chars().count() <= MAX_CHARS
        && !name
            .chars()
            .any(|c| c.is_whitespace() || "。、，,：:を".contains(c));
    plausible
        && vocab
            .suffixes
            .iter()
            .any(|s| name.len() > s.len() && name.ends_with(s.as_str()))
}

/// Strips list markers, brackets and a trailing 等 around a cell item.
fn clean(item: &str) -> &str {
    let item = item.trim_matches(|c: char| c.is_whitespace() || "○〇●◎◯・･*＊※-－―".contains(c));
    item.strip_suffix("等")
        .or_else(|| item.strip_suffix("など"))
        .unwrap_or(item)
}

/// Department names in a 主管課/関係課 cell or a short text: items split on line
/// breaks, spaces, 、 , ， and brackets; `・` splits only where every part is a
/// department (`総務課・人事課`, but not `子ども・子育て支援課`). Order kept, duplicates dropped.
pub fn departments(text: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let items =
        text.split(|c: char| c.is_whitespace() || "、,，()（）【】「」［］[]/／".contains(c));
    for item in items {
        for name in names_in_item(item) {
            if !found.iter().any(|f| f == name) {
                found.push(name.to_string());
            }
        }
    }
    found
}

fn names_in_item(item: &str) -> Vec<&str> {
    let item = clean(item);
    let parts: Vec<&str> = item.split(['・', '･']).map(clean).collect();
    if parts.len() > 1 && parts.iter().all(|p| is_department(p)) {
        return parts;
    }
    if is_department(item) {
        return vec![item];
    }
    Vec::new()
}

/// Department mentions in running text, with byte ranges, in text order: a noun
/// compound ending in a department suffix token (`情報政策課が` → `情報政策課`), or a
/// `whole` entry (`全庁`). Uses the shared segmenter; returns nothing if it failed to load.
pub fn find_departments(text: &str) -> Vec<(String, Range<usize>)> {
    let Ok(seg) = shared() else {
        return Vec::new();
    };
    let vocab = vocabulary();
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        // Only a line holding a suffix or a whole name can mention one: segment just those.
        let may = vocab
            .suffixes
            .iter()
            .chain(vocab.whole.iter())
            .any(|x| line.contains(x.as_str()));
        if may {
            let tokens = seg.tokens(line);
            for end in 0..tokens.len() {
                if let Some(r) = mention_ending_at(&tokens, end) {
                    if let Some(name) = line.get(r.clone()) {
                        found.push((name.to_string(), r.start + offset..r.end + offset));
                    }
                }
            }
        }
        offset += line.len();
    }
    found
}

/// The range of a department mention whose last token is `tokens[end]`, if any.
fn mention_ending_at(tokens: &[Token<'_>], end: usize) -> Option<Range<usize>> {
    let vocab = vocabulary();
    let last = &tokens[end];
    if continues_compound(tokens, end) {
        return None;
    }
    if vocab.whole.contains(last.surface) {
        return Some(last.range.clone());
    }
    if !is_suffix_token(vocab, last) {
        return None;
    }
    let start = stem_start(tokens, end);
    let range = tokens[start].range.start..last.range.end;
    let name_len = range.end - range.start;
    let named = start < end || last.surface.len() > suffix_len(vocab, last.surface);
    (named && !is_excluded(vocab, tokens, start, end, name_len)).then_some(range)
}

/// Whether the compound `tokens[start..=end]` is a label or listed as not a department.
fn is_excluded(
    vocab: &Vocabulary,
    tokens: &[Token<'_>],
    start: usize,
    end: usize,
    len: usize,
) -> bool {
    let mut name = String::with_capacity(len);
    tokens[start..=end]
        .iter()
        .for_each(|t| name.push_str(t.surface));
    vocab.labels.contains(&name) || vocab.not.contains(&name)
}

/// A token that ends a department name: exactly a suffix (課, 担当, 事務所), or a
/// word ending in a suffix of two or more characters (教育センター).
fn is_suffix_token(vocab: &Vocabulary, token: &Token<'_>) -> bool {
    let s = token.surface;
    if token.pos != "名詞" || vocab.not.contains(s) || vocab.labels.contains(s) {
        return false;
    }
    vocab
        .suffixes
        .iter()
        .any(|suf| s == suf || (suf.chars().count() >= 2 && s.ends_with(suf.as_str())))
}

fn suffix_len(vocab: &Vocabulary, surface: &str) -> usize {
    vocab
        .suffixes
        .iter()
        .find(|suf| surface.ends_with(suf.as_str()))
        .map_or(0, |suf| suf.len())
}

/// Whether the name goes on (`担当者`, `課長`, `担当する`): the next token touches
/// this one and is a noun or the verb する.
fn continues_compound(tokens: &[Token<'_>], i: usize) -> bool {
    let Some(next) = tokens.get(i + 1) else {
        return false;
    };
    let noun = next.pos == "名詞" && next.surface.chars().all(char::is_alphabetic);
    next.range.start == tokens[i].range.end && (noun || next.base == "する")
}

/// First token of the noun compound that ends at `end`.
fn stem_start(tokens: &[Token<'_>], end: usize) -> usize {
    let mut start = end;
    while start > 0 && end - start < MAX_STEM_TOKENS {
        let prev = &tokens[start - 1];
        let touches = prev.range.end == tokens[start].range.start;
        if !touches || !is_stem_token(prev) || follows_number(tokens, start - 1) {
            break;
        }
        start -= 1;
    }
    start
}

/// A token that can be part of a department name's stem: a noun or prefix made
/// of letters (not a number, not `(` or `<p>` that IPADIC calls nouns).
fn is_stem_token(token: &Token<'_>) -> bool {
    let noun = token.pos == "名詞" || token.pos == "接頭詞";
    let letters = token
        .surface
        .chars()
        .all(|c| c.is_alphabetic() && !c.is_numeric());
    noun && letters && !STEM_STOP.contains(&token.surface)
}

/// A counter after a number (`第１回`), which does not belong to the name that follows.
fn follows_number(tokens: &[Token<'_>], i: usize) -> bool {
    tokens[i].detail == "接尾" && i > 0 && tokens[i - 1].detail == "数"
}

/// Nouns that end a compound to their left rather than join a department name.
const STEM_STOP: &[&str] = &[
    "年度", "年", "月", "日", "等", "各種", "また", "ほか", "他", "及び",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_items_split_on_commas_and_lines() {
        assert_eq!(
            departments("会計課、区民課、土木管理課、行政管理担当"),
            ["会計課", "区民課", "土木管理課", "行政管理担当"]
        );
        assert_eq!(
            departments("情報政策課\n人材育成担当"),
            ["情報政策課", "人材育成担当"]
        );
        assert_eq!(departments("各課"), ["各課"]);
        assert_eq!(departments("全庁"), ["全庁"]);
    }

    #[test]
    fn middle_dot_splits_only_between_departments() {
        assert_eq!(departments("総務課・人事課"), ["総務課", "人事課"]);
        assert_eq!(
            departments("子ども・子育て支援課"),
            ["子ども・子育て支援課"]
        );
        assert!(departments("運用・拡充").is_empty());
    }

    #[test]
    fn labels_and_non_departments_are_rejected() {
        assert!(departments("○主管課").is_empty());
        assert!(departments("関係課").is_empty());
        assert!(departments("-").is_empty());
        assert!(departments("マイナポータル").is_empty());
        assert!(!is_department("一部"));
        assert!(!is_department("課"));
        assert!(is_department("中央図書館"));
        assert!(is_department("済美教育センター"));
    }

    #[test]
    fn mentions_in_running_text() {
        let text = "保育課の「復職証明書」及び国保年金課の手続は情報政策課が担当する。担当者は一部の課長。";
        let found: Vec<String> = find_departments(text).into_iter().map(|(n, _)| n).collect();
        assert_eq!(found, ["保育課", "国保年金課", "情報政策課"]);
    }

    #[test]
    fn mention_ranges_point_into_the_text() {
        let text = "令和５年度は全庁で、教育委員会事務局庶務課と杉並土木事務所が連携。第１回デジタル化推進本部、導入(戸籍住民課)、オンライン会議、所管課";
        let found = find_departments(text);
        let names: Vec<&str> = found.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "全庁",
                "教育委員会事務局庶務課",
                "杉並土木事務所",
                "デジタル化推進本部",
                "戸籍住民課"
            ]
        );
        for (name, range) in &found {
            assert_eq!(&text[range.clone()], name);
        }
    }
}
