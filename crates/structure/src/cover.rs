//! Title, subtitle, municipality, doc_type and plan period, from the cover page.
//!
//! The title is the largest-font text of the first page that has text (lines of that size
//! standing together are joined: a wrapped title), skipping labels such as `資料5` and
//! lines that are only a date. The municipality is a place name followed by 区/市/町/村
//! (IPADIC 固有名詞 + 接尾, or a user-dictionary entry) in the title, on the cover, or
//! failing that the one named most often in the document. The doc_type comes from rules of
//! the profile (words on the cover, or tables whose row labels mark slide items). The plan
//! period is the first 年度～年度 range on the cover, or near a period word on the next pages.

use crate::cards::util::{compact, is_label, letter_count};
use crate::profile::Merge;
use crate::sections::pattern::KANJI_DIGITS;
use keikaku_model::{Item, Layout, Line, PageLayout, PlanPeriod};
use serde::Deserialize;

/// Cover-page knowledge.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CoverProfile {
    /// Cover lines starting with one of these are labels, not the title (`資料`, `別紙`).
    pub label_prefixes: Vec<String>,
    /// Doc-type rules, tried in order; the first that matches wins.
    pub doc_types: Vec<DocTypeRule>,
    /// doc_type when no rule matches.
    pub default_doc_type: Option<String>,
    /// Suffixes of municipality names (区, 市, 町, 村).
    pub municipality_suffixes: Vec<String>,
    /// Suffixes of prefecture names (県, 都, 府), taken only when no municipality is
    /// named: a city's plan names its prefecture too.
    pub prefecture_suffixes: Vec<String>,
    /// Words ending in a suffix that are not a municipality (市区町村, 特別区).
    pub municipality_stop: Vec<String>,
    /// Words of a subtitle line (一部修正, 改定, 概要版).
    pub subtitle_words: Vec<String>,
    /// Words that introduce the plan period on the pages after the cover (計画期間).
    pub period_words: Vec<String>,
    /// How many pages after the cover are searched for the period (default 5; contents
    /// pages are skipped).
    pub period_pages: Option<usize>,
}

/// A doc_type and how to recognise it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DocTypeRule {
    /// The doc_type written (`plan_revision`, `progress_report`, `summary_slides`).
    pub name: String,
    /// Any of these words in the title or a prominent cover line.
    pub words: Vec<String>,
    /// Tables whose first-column cells are all among these labels …
    pub table_labels: Vec<String>,
    /// … at least this many of them (default 2).
    pub min_tables: Option<usize>,
}

impl Merge for CoverProfile {
    fn merge(&mut self, other: Self) {
        self.label_prefixes.extend(other.label_prefixes);
        self.doc_types.extend(other.doc_types);
        if other.default_doc_type.is_some() {
            self.default_doc_type = other.default_doc_type;
        }
        self.municipality_suffixes
            .extend(other.municipality_suffixes);
        self.prefecture_suffixes.extend(other.prefecture_suffixes);
        self.municipality_stop.extend(other.municipality_stop);
        self.subtitle_words.extend(other.subtitle_words);
        self.period_words.extend(other.period_words);
        if other.period_pages.is_some() {
            self.period_pages = other.period_pages;
        }
    }
}

/// What the cover says.
#[derive(Debug, Clone, Default)]
pub struct Cover {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub municipality: Option<String>,
    pub doc_type: Option<String>,
    pub plan_period: Option<PlanPeriod>,
}

/// Reads the cover of `layout`.
pub fn read(layout: &Layout, p: &CoverProfile) -> Cover {
    let Some(cover) = layout.pages.iter().find(|pg| !cover_lines(pg).is_empty()) else {
        return Cover::default();
    };
    let lines = cover_lines(cover);
    let candidates: Vec<&Line> = lines
        .iter()
        .copied()
        .filter(|l| !is_cover_label(&l.text, p) && could_be_title(&l.text))
        .collect();
    let (title, title_size, title_end) = title_of(&candidates);
    let prominent: Vec<&Line> = candidates
        .iter()
        .copied()
        .filter(|l| l.size >= title_size * 0.6)
        .collect();
    let subtitle = subtitle_of(
        &candidates[title_end.min(candidates.len())..],
        title_size,
        p,
    );
    let mut cover_text: Vec<&str> = vec![title.as_deref().unwrap_or("")];
    cover_text.extend(prominent.iter().map(|l| l.text.as_str()));
    let municipality = municipality_of(&cover_text, layout, p);
    let doc_type = doc_type_of(&cover_text, layout, p);
    let plan_period = period_of(layout, cover, p);
    Cover {
        title,
        subtitle,
        municipality,
        doc_type,
        plan_period,
    }
}

/// Body and furniture lines of a page (furniture too: a cover title can repeat as the
/// running header of the later pages) and the cells of one-row banner tables, page
/// numbers left out, in reading order.
fn cover_lines(page: &PageLayout) -> Vec<&Line> {
    let mut lines: Vec<&Line> = Vec::new();
    for it in &page.items {
        match it {
            Item::Block(b) => lines.extend(b.lines.iter()),
            Item::Table(i) => {
                // a one-row banner (第1章 | chapter title) reads like lines
                if let Some(t) = page.tables.get(*i).filter(|t| t.n_rows() == 1) {
                    lines.extend(t.cells.iter().flat_map(|c| c.lines.iter()));
                }
            }
        }
    }
    let body_has = |t: &str| lines.iter().any(|l| compact(&l.text) == compact(t));
    let extra: Vec<&Line> = page
        .furniture
        .iter()
        .filter(|f| !is_page_number(&f.text) && !body_has(&f.text))
        .collect();
    lines.extend(extra);
    lines.retain(|l| !compact(&l.text).is_empty());
    lines
}

/// False for lines that never title a document: fewer than two letters (a chapter tab
/// `Ⅰ`, a number) or a remark wholly in brackets (`（厚生委員会付託）`).
fn could_be_title(text: &str) -> bool {
    let c = compact(text);
    let bracketed = c.starts_with(['(', '（']) && c.ends_with([')', '）']);
    letter_count(&c) >= 2 && !bracketed
}

/// Digits, slashes, dashes and spaces only (`3`, `- 3 -`, `1 / 5`).
fn is_page_number(t: &str) -> bool {
    let c = compact(t);
    !c.is_empty()
        && c.chars()
            .all(|ch| ch.is_ascii_digit() || "/-‐－—()（）pP".contains(ch))
}

/// A label (`資料5`) or a line that is only a date (`令和５年９月29日`).
fn is_cover_label(text: &str, p: &CoverProfile) -> bool {
    let c = compact(text);
    if p.label_prefixes
        .iter()
        .any(|x| c.starts_with(&compact(x)) && c.chars().count() <= 8)
    {
        return true;
    }
    keikaku_wareki::parse(&c).is_some_and(|e| !e.range)
}

/// The largest-font lines standing together, joined; their size; index after the last.
fn title_of(lines: &[&Line]) -> (Option<String>, f32, usize) {
    let Some(max) = lines.iter().map(|l| l.size).reduce(f32::max) else {
        return (None, 0.0, 0);
    };
    let Some(first) = lines.iter().position(|l| (l.size - max).abs() <= 0.5) else {
        return (None, max, 0);
    };
    // A page set in one size throughout (a judgment, a letter) has no title line.
    let at_max = lines.iter().filter(|l| (l.size - max).abs() <= 0.5).count();
    if at_max > MAX_TITLE_LINES * 2 && at_max * 2 > lines.len() {
        return (centred_first_line(lines), max, first + 1);
    }
    let mut end = first + 1;
    while end - first < MAX_TITLE_LINES {
        let Some(next) = lines.get(end) else { break };
        let prev = lines[end - 1];
        let close = next.bbox.y0 - prev.bbox.y1 <= max * 1.2 && next.bbox.y0 >= prev.bbox.y0;
        if (next.size - max).abs() > 0.5 || !close {
            break;
        }
        end += 1;
    }
    let mut title = joined(&lines[first..end]);
    if is_part_label(&title) {
        // 第1章 in one cell, its title in the next: the title is both
        let size = lines.get(end).map_or(0.0, |l| l.size);
        let run = lines[end..]
            .iter()
            .take(MAX_TITLE_LINES)
            .take_while(|l| (l.size - size).abs() <= 0.5)
            .count();
        if run > 0 {
            title = format!("{title} {}", joined(&lines[end..end + run]));
            end += run;
        }
    }
    (readable(&title).then_some(title), max, end)
}

/// Lines joined as a reader would, spurious spaces removed.
fn joined(lines: &[&Line]) -> String {
    let mut text = String::new();
    for l in lines {
        text = keikaku_jtext::join_lines(&text, l.text.trim());
    }
    keikaku_jtext::remove_spurious_spaces(text.trim())
}

/// Counters of a bare part label (`第1章`, `第二編`), which is no title by itself.
const PART_COUNTERS: &str = "章編部節";

/// True for `第{number}{counter}` and nothing else.
fn is_part_label(text: &str) -> bool {
    let c = compact(text);
    let Some(inner) = c.strip_prefix('第') else {
        return false;
    };
    let mut chars = inner.chars();
    let counter = chars.next_back().is_some_and(|k| PART_COUNTERS.contains(k));
    let number: String = chars.collect();
    counter
        && !number.is_empty()
        && number
            .chars()
            .all(|k| k.is_ascii_digit() || KANJI_DIGITS.contains(k))
}

/// On a page without a title size, a short first line centred over the text is the title
/// (要綱, 条例 and letters set in one size).
fn centred_first_line(lines: &[&Line]) -> Option<String> {
    let first = lines.first()?;
    let left = lines.iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.bbox.x1).fold(f32::MIN, f32::max);
    let off = (first.bbox.center_x() - (left + right) / 2.0).abs();
    let text = keikaku_jtext::remove_spurious_spaces(first.text.trim());
    let short = text.chars().count() <= 60 && first.bbox.width() < (right - left) * 0.9;
    (short && off < (right - left) * 0.08 && readable(&text)).then_some(text)
}

/// A title wraps over at most this many lines.
const MAX_TITLE_LINES: usize = 4;

/// False for text that is mostly U+FFFD (fonts whose ToUnicode maps to nothing).
fn readable(t: &str) -> bool {
    let (mut bad, mut all) = (0, 0);
    for c in t.chars().filter(|c| !c.is_whitespace()) {
        all += 1;
        bad += usize::from(c == '\u{FFFD}');
    }
    all > 0 && bad * 4 < all
}

/// The first line after the title that carries a subtitle word.
fn subtitle_of(after: &[&Line], title_size: f32, p: &CoverProfile) -> Option<String> {
    after
        .iter()
        .take(4)
        .filter(|l| l.size >= title_size * 0.5)
        .find(|l| {
            p.subtitle_words
                .iter()
                .any(|w| compact(&l.text).contains(&compact(w)))
        })
        .map(|l| l.text.trim().to_string())
}

/// A municipality in the cover texts, else the one named most often in the document;
/// a prefecture the same way when no municipality is named (a prefectural notice).
fn municipality_of(cover: &[&str], layout: &Layout, p: &CoverProfile) -> Option<String> {
    named_body(cover, layout, &p.municipality_suffixes, p)
        .or_else(|| named_body(cover, layout, &p.prefecture_suffixes, p))
}

/// A name ending in one of `suffixes`: the first on the cover, else the one named most
/// often in the document (at least twice).
fn named_body(
    cover: &[&str],
    layout: &Layout,
    suffixes: &[String],
    p: &CoverProfile,
) -> Option<String> {
    if let Some(m) = cover
        .iter()
        .find_map(|t| mentions(t, suffixes, p).into_iter().next())
    {
        return Some(m);
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    // Only lines holding a suffix can name one: segment those, not the whole document.
    let has_suffix = |l: &&str| suffixes.iter().any(|x| l.contains(x.as_str()));
    for line in layout
        .pages
        .iter()
        .flat_map(|pg| pg.text.lines())
        .filter(has_suffix)
    {
        for m in mentions(line, suffixes, p) {
            match counts.iter_mut().find(|(n, _)| *n == m) {
                Some((_, c)) => *c += 1,
                None => counts.push((m, 1)),
            }
        }
    }
    // named at least twice: one odd token of a damaged text is no municipality
    let best = counts.iter().map(|(_, c)| *c).max().filter(|&c| c >= 2)?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(n, _)| n)
}

/// Municipality names in a text, in order, each once: a proper noun followed by a suffix
/// token, or one dictionary word that ends in a suffix (`杉並区`, `国分寺市`).
pub fn municipalities(text: &str, p: &CoverProfile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in mentions(text, &p.municipality_suffixes, p) {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// Every mention of a name ending in one of `suffixes` in a text, in order.
fn mentions(text: &str, suffixes: &[String], p: &CoverProfile) -> Vec<String> {
    let Ok(seg) = keikaku_jtext::shared() else {
        return Vec::new();
    };
    let toks = seg.tokens(text);
    let is_suffix = |s: &str| suffixes.iter().any(|x| x == s);
    let stop = |s: &str| p.municipality_stop.iter().any(|x| x == s);
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let name = if t.detail == "固有名詞" {
            toks.get(i + 1)
                .filter(|n| is_suffix(n.surface))
                .map(|n| format!("{}{}", t.surface, n.surface))
        } else if t.pos == "名詞" && t.detail == "*" && t.surface.chars().count() >= 3 {
            let last = t
                .surface
                .chars()
                .last()
                .map(String::from)
                .unwrap_or_default();
            is_suffix(&last).then(|| t.surface.to_string())
        } else {
            None
        };
        out.extend(name.filter(|n| !stop(n)));
    }
    out
}

/// The first rule that matches, else the default.
fn doc_type_of(cover: &[&str], layout: &Layout, p: &CoverProfile) -> Option<String> {
    let text: String = cover.iter().map(|t| compact(t)).collect();
    for rule in &p.doc_types {
        let by_word = rule.words.iter().any(|w| text.contains(&compact(w)));
        let by_tables = !rule.table_labels.is_empty()
            && labelled_tables(layout, &rule.table_labels) >= rule.min_tables.unwrap_or(2);
        if by_word || by_tables {
            return Some(rule.name.clone());
        }
    }
    p.default_doc_type.clone()
}

/// Tables whose first-column cells are all labels of `labels`.
fn labelled_tables(layout: &Layout, labels: &[String]) -> usize {
    let mut n = 0;
    for page in &layout.pages {
        for t in &page.tables {
            let firsts: Vec<_> = t.cells.iter().filter(|c| c.col == 0).collect();
            if !firsts.is_empty()
                && firsts
                    .iter()
                    .all(|c| is_label(&crate::cards::util::cell_text(c), labels))
            {
                n += 1;
            }
        }
    }
    n
}

/// The first 年度 range of the cover's lines, else one after a period word (計画期間) on
/// the cover (tables included) or the next pages (contents pages skipped).
fn period_of(layout: &Layout, cover: &PageLayout, p: &CoverProfile) -> Option<PlanPeriod> {
    for l in cover_lines(cover) {
        if let Some(pp) = fiscal_range(&l.text) {
            return Some(pp);
        }
    }
    let start = layout
        .pages
        .iter()
        .position(|pg| pg.number == cover.number)?;
    layout
        .pages
        .iter()
        .skip(start)
        .take(1 + p.period_pages.unwrap_or(5))
        .filter(|pg| !pg.is_contents)
        .find_map(|page| period_after_word(&page.text, p))
}

/// Longest line that is only a label or heading for the period (`３ 計画期間`,
/// `対象期間`); the range may then stand on the next lines.
const PERIOD_LABEL_CHARS: usize = 12;

/// A 年度 range on a line with a period word, or on the two lines after a short line
/// that carries one (a heading `３ 計画期間` above `平成27年度から平成36年度まで`).
fn period_after_word(text: &str, p: &CoverProfile) -> Option<PlanPeriod> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let c = compact(line); // letter-spaced labels: 計 画 期 間
        if !p.period_words.iter().any(|w| c.contains(w.as_str())) {
            continue;
        }
        if let Some(pp) = fiscal_range(line) {
            return Some(pp);
        }
        if c.chars().count() <= PERIOD_LABEL_CHARS {
            let found = lines[i + 1..].iter().take(2).find_map(|l| fiscal_range(l));
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// The one fiscal year a title names (`令和５年度区のデジタル化の進捗状況等について` →
/// 2023); `None` for a range or none.
pub fn fiscal_year(title: Option<&str>) -> Option<i32> {
    let found = keikaku_wareki::scan(title?);
    match found.as_slice() {
        [one] if !one.range => one.fiscal_year,
        _ => None,
    }
}

/// The first date range in `text` that starts and ends with a fiscal year.
pub fn fiscal_range(text: &str) -> Option<PlanPeriod> {
    let squeezed = keikaku_jtext::remove_spurious_spaces(text);
    keikaku_wareki::scan(&squeezed)
        .into_iter()
        .find(|e| e.from_fiscal_year.is_some() && e.to_fiscal_year.is_some())
        .map(|e| PlanPeriod {
            text: e.text.clone(),
            start: e.start.map(|d| d.to_string()),
            end: e.end.map(|d| d.to_string()),
            from_fiscal_year: e.from_fiscal_year,
            to_fiscal_year: e.to_fiscal_year,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile() -> CoverProfile {
        crate::Profiles::builtin().cover
    }

    fn line(text: &str, x0: f32, y0: f32, size: f32) -> Line {
        let w = size * text.chars().count() as f32;
        Line {
            text: text.into(),
            bbox: keikaku_model::BBox::new(x0, y0, x0 + w, y0 + size),
            size,
            ..Line::default()
        }
    }

    #[test]
    fn period_after_a_period_heading_or_label() {
        let p = profile();
        let heading = "３ 計画期間\n平成２７年度から平成３６年度までの１０年間とします。";
        let pp = period_after_word(heading, &p).unwrap();
        assert_eq!(
            (pp.from_fiscal_year, pp.to_fiscal_year),
            (Some(2015), Some(2024))
        );
        let spaced = "計 画 期 間 ： 平成 29 年度 ～ 平成 38 年度";
        let pp = period_after_word(spaced, &p).unwrap();
        assert_eq!(
            (pp.from_fiscal_year, pp.to_fiscal_year),
            (Some(2017), Some(2026))
        );
        let inline = "○総合戦略の対象期間は、2015年度から2019年度までとします。";
        let pp = period_after_word(inline, &p).unwrap();
        assert_eq!(
            (pp.from_fiscal_year, pp.to_fiscal_year),
            (Some(2015), Some(2019))
        );
        // a long sentence mentioning a period does not lend it to the lines after it
        let long = "この計画の期間の考え方については国の方針を踏まえて別に定めることとしています。\n令和２年度から令和６年度までの実績";
        assert!(period_after_word(long, &p).is_none());
    }

    #[test]
    fn title_is_the_largest_lines_joined() {
        let ls = [
            line("杉並区デジタル化", 100.0, 100.0, 24.0),
            line("推進計画", 100.0, 128.0, 24.0),
            line("令和4年", 100.0, 200.0, 12.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(
            title_of(&refs).0.as_deref(),
            Some("杉並区デジタル化推進計画")
        );
    }

    #[test]
    fn chapter_label_takes_the_title_beside_it() {
        let ls = [
            line("第1章", 60.0, 90.0, 24.0),
            line("国土交通分野における担い手不足等に", 160.0, 90.0, 20.0),
            line("よるサービスの供給制約の現状と課題", 160.0, 112.0, 20.0),
            line("第１章では、担い手不足等による", 60.0, 170.0, 10.5),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(
            title_of(&refs).0.as_deref(),
            Some("第1章 国土交通分野における担い手不足等によるサービスの供給制約の現状と課題")
        );
        assert!(is_part_label("第 二 編"));
        assert!(!is_part_label("第1章 総論"));
    }

    #[test]
    fn tabs_and_bracketed_remarks_are_no_titles() {
        assert!(!could_be_title("Ⅰ"));
        assert!(!could_be_title("（厚生委員会付託）"));
        assert!(!could_be_title("- 3 -"));
        assert!(could_be_title("第1章 国土交通分野における担い手不足"));
        assert!(could_be_title("（仮称）杉並区デジタル化推進計画"));
    }

    #[test]
    fn unreadable_title_is_none() {
        let ls = [
            line("\u{FFFD}\u{FFFD} \u{FFFD}官報", 100.0, 100.0, 24.0),
            line("本文", 100.0, 200.0, 10.0),
        ];
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(title_of(&refs).0, None);
    }

    #[test]
    fn one_size_page_takes_a_centred_first_line_only() {
        let body: Vec<Line> = (0..20)
            .map(|i| {
                line(
                    "あいうえおかきくけこさしすせそたちつてとなにぬね",
                    50.0,
                    150.0 + i as f32 * 12.0,
                    10.0,
                )
            })
            .collect();
        let mut ls = vec![line("情報公開に関する要綱", 120.0, 100.0, 10.0)];
        ls.extend(body.iter().cloned());
        let refs: Vec<&Line> = ls.iter().collect();
        assert_eq!(title_of(&refs).0.as_deref(), Some("情報公開に関する要綱"));
        let refs: Vec<&Line> = body.iter().collect();
        assert_eq!(title_of(&refs).0, None, "a paragraph is no title");
    }

    #[test]
    fn doc_types_from_cover_words() {
        let p = profile();
        let layout = Layout::default();
        assert_eq!(
            doc_type_of(&["令和8年度 一般会計予算書"], &layout, &p).as_deref(),
            Some("budget")
        );
        assert_eq!(
            doc_type_of(&["音威子府村特定事業主行動計画"], &layout, &p).as_deref(),
            Some("plan")
        );
        assert_eq!(doc_type_of(&["判決"], &layout, &p), None);
    }

    #[test]
    fn municipality_names() {
        let p = profile();
        assert_eq!(
            municipalities("第2次国分寺市行政デジタル化推進計画", &p),
            ["国分寺市"]
        );
        assert_eq!(
            municipalities("杉並区デジタル化推進計画（第1次）", &p),
            ["杉並区"]
        );
        assert_eq!(municipalities("世田谷区の計画", &p), ["世田谷区"]);
        assert!(municipalities("区のデジタル化の取組みについて", &p).is_empty());
        assert!(municipalities("市区町村と特別区、地区", &p).is_empty());
    }

    #[test]
    fn plan_period_range() {
        let pp = fiscal_range("令和6（2024）年度～令和8（2026）年度").unwrap();
        assert_eq!(
            (pp.from_fiscal_year, pp.to_fiscal_year),
            (Some(2024), Some(2026))
        );
        assert_eq!(pp.start.as_deref(), Some("2024-04-01"));
        assert!(fiscal_range("令和7（2025）年度一部修正").is_none());
    }

    #[test]
    fn labels_and_dates_are_not_titles() {
        let p = profile();
        assert!(is_cover_label("資料 5", &p));
        assert!(is_cover_label("令和５年９月2 9日", &p));
        assert!(!is_cover_label("杉並区デジタル化推進計画", &p));
        assert!(is_page_number("- 3 -"));
    }
}
