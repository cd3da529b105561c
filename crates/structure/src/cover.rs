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
use crate::sections::pattern::KANJI_DIGITS;
use crate::Readers;
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
    /// Words of a period label or heading searched on every page (計画期間, 対象期間).
    pub period_heading_words: Vec<String>,
    /// Lines containing one of these never state the plan period (支援期間, 調査期間).
    pub period_stop_words: Vec<String>,
    /// Words by which a sentence names the document itself (本計画, この計画).
    pub self_words: Vec<String>,
    /// Kinds of plan (計画, 戦略): a sentence naming `…総合戦略` names the document when
    /// its title holds the same words.
    pub plan_words: Vec<String>,
    /// Words between a start year and a length (`から`, `からの`, `を初年度とする`).
    pub period_start_words: Vec<String>,
    /// Units of a period's length (`年間`, `か年`).
    pub period_length_units: Vec<String>,
    /// Words of an issuer line (発行, 編集) naming the body that issues the document.
    pub issuer_words: Vec<String>,
    /// What follows a body's name in an issuer line (長 of 延岡市長, 役所, 役場).
    pub issuer_tails: Vec<String>,
    /// Titles of documents without a title line, known by words they say (施政方針).
    pub implied_titles: Vec<ImpliedTitle>,
}

/// A title for a document that prints none but says what it is (a speech closing
/// `以上、施政の方針につきまして申し上げました`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ImpliedTitle {
    /// The title given, after the fiscal year the first page names.
    pub title: String,
    /// Any of these on the first or last page.
    pub words: Vec<String>,
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
pub fn read(rd: Readers<'_>, layout: &Layout, p: &CoverProfile) -> Cover {
    let Some(cover) = layout.pages.iter().find(|pg| !cover_lines(pg).is_empty()) else {
        return Cover::default();
    };
    let lines = cover_lines(cover);
    let candidates: Vec<&Line> = lines
        .iter()
        .copied()
        .filter(|l| !is_cover_label(rd, &l.text, p) && could_be_title(&l.text))
        .collect();
    let (title, title_size, title_end) = title_of(rd, &candidates);
    let first = candidates
        .iter()
        .find(|l| (l.size - title_size).abs() <= 0.5);
    let title = match (title, first) {
        (Some(t), Some(f)) => Some(with_year_above(rd, &lines, f, t)),
        (t, _) => t.or_else(|| implied_title(rd, layout, p)),
    };
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
    let municipality = municipality_of(rd, title.as_deref(), &cover_text, layout, p);
    let doc_type = doc_type_of(&cover_text, layout, p);
    let plan_period = period_of(rd, layout, cover, p, title.as_deref().unwrap_or(""));
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
fn is_cover_label(rd: Readers<'_>, text: &str, p: &CoverProfile) -> bool {
    let c = compact(text);
    if p.label_prefixes
        .iter()
        .any(|x| c.starts_with(&compact(x)) && c.chars().count() <= 8)
    {
        return true;
    }
    rd.dates.parse(&c).is_some_and(|e| !e.range)
}

/// The largest-font lines standing together, joined; their size; index after the last.
fn title_of(rd: Readers<'_>, lines: &[&Line]) -> (Option<String>, f32, usize) {
    let Some(max) = lines.iter().map(|l| l.size).reduce(f32::max) else {
        return (None, 0.0, 0);
    };
    let Some(first) = lines.iter().position(|l| (l.size - max).abs() <= 0.5) else {
        return (None, max, 0);
    };
    // A page set in one size throughout (a judgment, a letter) has no title line.
    let at_max = lines.iter().filter(|l| (l.size - max).abs() <= 0.5).count();
    if at_max > MAX_TITLE_LINES * 2 && at_max * 2 > lines.len() {
        return (centred_first_line(rd, lines), max, first + 1);
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
    let mut title = joined(rd, &lines[first..end]);
    if is_part_label(&title) {
        // 第1章 in one cell, its title in the next: the title is both
        let size = lines.get(end).map_or(0.0, |l| l.size);
        let run = lines[end..]
            .iter()
            .take(MAX_TITLE_LINES)
            .take_while(|l| (l.size - size).abs() <= 0.5)
            .count();
        if run > 0 {
            title = format!("{title} {}", joined(rd, &lines[end..end + run]));
            end += run;
        }
    }
    (readable(&title).then_some(title), max, end)
}

/// `title` after a fiscal year printed alone just above its first line `first`
/// (`令和８年度` over `施政方針・予算説明`, perhaps with `（2026年度）` between).
fn with_year_above(rd: Readers<'_>, lines: &[&Line], first: &Line, title: String) -> String {
    if fiscal_year(rd, Some(&title)).is_some() {
        return title;
    }
    let Some(i) = lines.iter().position(|l| std::ptr::eq(*l, first)) else {
        return title;
    };
    let mut year = None;
    let mut below = first;
    for l in lines[..i].iter().rev().take(2) {
        let c = compact(&l.text);
        let bracketed = c.starts_with(['(', '（']) && c.ends_with([')', '）']);
        let inner = c.trim_matches(|ch| "()（）".contains(ch));
        let only_year = inner.contains("年度")
            && rd
                .dates
                .parse(inner)
                .is_some_and(|e| !e.range && e.fiscal_year.is_some());
        let near =
            below.bbox.y0 - l.bbox.y1 <= 3.0 * below.size && l.bbox.y1 <= below.bbox.y0 + 1.0;
        let over = l.bbox.x0 < first.bbox.x1 && l.bbox.x1 > first.bbox.x0;
        if !(only_year && near && over) {
            break;
        }
        if !bracketed {
            year = Some(l.text.split_whitespace().collect::<String>());
        }
        below = l;
    }
    match year {
        Some(y) => format!("{y} {title}"),
        None => title,
    }
}

/// The title of a document that prints none but says what it is (a speech), after the
/// first fiscal year of its first page (`令和８年度 施政方針`).
fn implied_title(rd: Readers<'_>, layout: &Layout, p: &CoverProfile) -> Option<String> {
    let first = layout.pages.first()?;
    let last = layout.pages.last()?;
    let text = format!("{}{}", compact(&first.text), compact(&last.text));
    let rule = p
        .implied_titles
        .iter()
        .find(|r| r.words.iter().any(|w| text.contains(&compact(w))))?;
    let squeezed = rd.words.repair(&first.text);
    let year = rd
        .dates
        .scan(&squeezed)
        .into_iter()
        .find(|e| !e.range && e.fiscal_year.is_some() && e.text.contains("年度"));
    Some(match year {
        Some(e) => format!("{} {}", e.text, rule.title),
        None => rule.title.clone(),
    })
}

/// Lines joined as a reader would, spurious spaces removed.
fn joined(rd: Readers<'_>, lines: &[&Line]) -> String {
    let mut text = String::new();
    for l in lines {
        text = keikaku_jtext::join_lines(&text, l.text.trim());
    }
    rd.words.repair(text.trim())
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
fn centred_first_line(rd: Readers<'_>, lines: &[&Line]) -> Option<String> {
    let first = lines.first()?;
    let left = lines.iter().map(|l| l.bbox.x0).fold(f32::MAX, f32::min);
    let right = lines.iter().map(|l| l.bbox.x1).fold(f32::MIN, f32::max);
    let off = (first.bbox.center_x() - (left + right) / 2.0).abs();
    let text = rd.words.repair(first.text.trim());
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

/// The body that issues the document: named in the title, else in an issuer line (`発行
/// ○○市`, `○○市長`) of the cover or last page, else on the cover, else the one named most
/// often in the document; a prefecture at each step only when no municipality is named
/// there (a city's plan names its prefecture too).
fn municipality_of(
    rd: Readers<'_>,
    title: Option<&str>,
    cover: &[&str],
    layout: &Layout,
    p: &CoverProfile,
) -> Option<String> {
    let first = |texts: &[&str]| {
        first_named(rd, texts, &p.municipality_suffixes, p)
            .or_else(|| first_named(rd, texts, &p.prefecture_suffixes, p))
    };
    let issuers = issuer_lines(layout, p);
    let issuers: Vec<&str> = issuers.iter().map(String::as_str).collect();
    first(title.as_slice())
        .or_else(|| first(&issuers))
        .or_else(|| first(cover))
        .or_else(|| most_named(rd, layout, &p.municipality_suffixes, p))
        .or_else(|| most_named(rd, layout, &p.prefecture_suffixes, p))
}

/// The first name ending in one of `suffixes` in `texts`.
fn first_named(
    rd: Readers<'_>,
    texts: &[&str],
    suffixes: &[String],
    p: &CoverProfile,
) -> Option<String> {
    texts
        .iter()
        .find_map(|t| mentions(rd, t, suffixes, p).into_iter().next())
}

/// Longest issuer line in chars (`発行 ○○市総合政策部企画課`).
const ISSUER_CHARS: usize = 40;

/// Short lines of the cover and the last page that carry an issuer word (発行) or a body
/// name followed by an issuer tail (`延岡市長`), the tail set apart so that the name
/// segments alone (`延岡市 長`).
fn issuer_lines(layout: &Layout, p: &CoverProfile) -> Vec<String> {
    let pages = layout.pages.first().into_iter().chain(layout.pages.last());
    let suffixes: Vec<&String> = p
        .municipality_suffixes
        .iter()
        .chain(&p.prefecture_suffixes)
        .collect();
    let mut out = Vec::new();
    for line in pages.flat_map(|pg| pg.text.lines()) {
        let c = compact(line);
        if c.chars().count() > ISSUER_CHARS {
            continue;
        }
        let mut spaced = c.clone();
        for s in &suffixes {
            for t in &p.issuer_tails {
                spaced = spaced.replace(&format!("{s}{t}"), &format!("{s} {t}"));
            }
        }
        if spaced != c || p.issuer_words.iter().any(|w| c.contains(&compact(w))) {
            out.push(spaced);
        }
    }
    out
}

/// The name ending in one of `suffixes` named most often in the document (at least twice:
/// one odd token of a damaged text is no municipality).
fn most_named(
    rd: Readers<'_>,
    layout: &Layout,
    suffixes: &[String],
    p: &CoverProfile,
) -> Option<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    // Only lines holding a suffix can name one: segment those, not the whole document.
    let has_suffix = |l: &&str| suffixes.iter().any(|x| l.contains(x.as_str()));
    for line in layout
        .pages
        .iter()
        .flat_map(|pg| pg.text.lines())
        .filter(has_suffix)
    {
        for m in mentions(rd, line, suffixes, p) {
            match counts.iter_mut().find(|(n, _)| *n == m) {
                Some((_, c)) => *c += 1,
                None => counts.push((m, 1)),
            }
        }
    }
    let best = counts.iter().map(|(_, c)| *c).max().filter(|&c| c >= 2)?;
    counts.into_iter().find(|(_, c)| *c == best).map(|(n, _)| n)
}

/// Municipality names in a text, in order, each once: a proper noun followed by a suffix
/// token, or one dictionary word that ends in a suffix (`杉並区`, `国分寺市`).
pub fn municipalities(rd: Readers<'_>, text: &str, p: &CoverProfile) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in mentions(rd, text, &p.municipality_suffixes, p) {
        if !out.contains(&m) {
            out.push(m);
        }
    }
    out
}

/// Every mention of a name ending in one of `suffixes` in a text, in order.
fn mentions(rd: Readers<'_>, text: &str, suffixes: &[String], p: &CoverProfile) -> Vec<String> {
    let toks = rd.words.words(text);
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

/// The first 年度 range of the cover's lines, else one stated with a period word
/// (計画期間) on the cover (tables included) or the next pages (contents pages skipped),
/// else one under a period heading (`３ 計画期間`) anywhere.
fn period_of(
    rd: Readers<'_>,
    layout: &Layout,
    cover: &PageLayout,
    p: &CoverProfile,
    title: &str,
) -> Option<PlanPeriod> {
    for l in cover_lines(cover) {
        if let Some(pp) = fiscal_range(rd, &l.text) {
            return Some(pp);
        }
    }
    let start = layout
        .pages
        .iter()
        .position(|pg| pg.number == cover.number)?;
    let pages = || layout.pages.iter().skip(start).filter(|pg| !pg.is_contents);
    let near = Statement {
        words: &p.period_words,
        title,
    };
    let anywhere = Statement {
        words: &p.period_heading_words,
        title,
    };
    pages()
        .take(1 + p.period_pages.unwrap_or(5))
        .find_map(|page| period_after_word(rd, &page.text, p, &near))
        .or_else(|| pages().find_map(|page| period_after_word(rd, &page.text, p, &anywhere)))
}

/// What a period statement must say: one of `words`, and of a sentence, the document
/// itself (its `title`'s plan, or a self word).
struct Statement<'a> {
    words: &'a [String],
    title: &'a str,
}

/// Longest line that is only a label or heading for the period (`３ 計画期間`,
/// `対象期間`); the range may then stand on the next lines.
const PERIOD_LABEL_CHARS: usize = 12;

/// A period on a label line with a period word (`計 画 期 間 ： 平成29年度～平成38年度`), on
/// the two lines after a short one (a heading `３ 計画期間` above `平成27年度から…`), or
/// in a sentence with a period word that names the document (`本計画の期間は…`).
fn period_after_word(
    rd: Readers<'_>,
    text: &str,
    p: &CoverProfile,
    st: &Statement,
) -> Option<PlanPeriod> {
    let lines: Vec<&str> = text.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        let c = compact(line); // letter-spaced labels: 計 画 期 間
        let has_word = |t: &str| st.words.iter().any(|w| t.contains(&compact(w)));
        if !has_word(&c) || p.period_stop_words.iter().any(|w| c.contains(&compact(w))) {
            continue;
        }
        if c.chars().count() <= PERIOD_LABEL_CHARS {
            let found = lines[i..].iter().take(3).find_map(|l| period_in(rd, l, p));
            if found.is_some() {
                return found;
            }
            continue;
        }
        if opens_with_word(&c, st.words) {
            if let Some(pp) = period_in(rd, line, p) {
                return Some(pp);
            }
        }
        let found = c
            .split_inclusive('。')
            .filter(|s| has_word(s) && names_document(s, p, st.title))
            .find_map(|s| period_in(rd, s, p));
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Chars a label's marker may take before its period word (`３ `, `○`, `（２）`).
const LABEL_MARKER_CHARS: usize = 4;

/// True when a period word opens the line after at most a marker (`計画期間：…`,
/// `○計画期間は…`): a label, not a sentence about some other plan's period.
fn opens_with_word(c: &str, words: &[String]) -> bool {
    let head: String = c.chars().take(LABEL_MARKER_CHARS + 6).collect();
    words.iter().any(|w| {
        let w = compact(w);
        head.find(&w)
            .is_some_and(|at| c[..at].chars().count() <= LABEL_MARKER_CHARS)
    })
}

/// True when a sentence speaks of the document: a self word (本計画), or a plan word with
/// the two characters before it also in the title (`総合戦略の対象期間は` in the
/// 総合戦略's own text). A label (`計画期間：…`) names no other plan.
fn names_document(sentence: &str, p: &CoverProfile, title: &str) -> bool {
    if p.self_words.iter().any(|w| sentence.contains(&compact(w))) {
        return true;
    }
    let title = compact(title);
    let chars: Vec<char> = sentence.chars().collect();
    p.plan_words.iter().any(|w| {
        let w: Vec<char> = w.chars().collect();
        (2..chars.len().saturating_sub(w.len()) + 1).any(|i| {
            chars[i..].starts_with(&w) && {
                let named: String = chars[i - 2..i + w.len()].iter().collect();
                title.contains(&named)
            }
        })
    })
}

/// A fiscal-year range in `text`, or a start year and a length (`令和３年度から５年間`,
/// `2021年度からの５年間`).
fn period_in(rd: Readers<'_>, text: &str, p: &CoverProfile) -> Option<PlanPeriod> {
    fiscal_range(rd, text).or_else(|| start_and_length(rd, text, p))
}

/// `令和３年度から５年間` → 2021–2025: a fiscal year, a start word, a number and a unit.
fn start_and_length(rd: Readers<'_>, text: &str, p: &CoverProfile) -> Option<PlanPeriod> {
    let squeezed = rd.words.repair(text);
    for e in rd.dates.scan(&squeezed) {
        let Some(from) = e.fiscal_year.filter(|_| !e.range) else {
            continue;
        };
        let rest = fold(&squeezed[e.span.end.min(squeezed.len())..]);
        let Some(after) = p
            .period_start_words
            .iter()
            .filter_map(|w| rest.strip_prefix(w.as_str()))
            .min_by_key(|r| r.len())
        else {
            continue;
        };
        let Some((n, len)) = leading_number(after) else {
            continue;
        };
        let Some(unit) = p
            .period_length_units
            .iter()
            .find(|u| after[len..].starts_with(u.as_str()))
        else {
            continue;
        };
        let to = from + n - 1;
        let said = rest.len() - after.len() + len + unit.len();
        return Some(PlanPeriod {
            text: format!("{}{}", e.text, &rest[..said]),
            start: Some(format!("{from}-04-01")),
            end: Some(format!("{}-03-31", to + 1)),
            from_fiscal_year: Some(from),
            to_fiscal_year: Some(to),
            source: Vec::new(),
        });
    }
    None
}

/// Full-width digits as ASCII.
fn fold(text: &str) -> String {
    crate::cards::util::fold_width(text)
}

/// A length of 1 to 30 years at the start of `text` (Arabic or kanji digits) and its
/// length in bytes.
fn leading_number(text: &str) -> Option<(i32, usize)> {
    let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        let n: i32 = digits.parse().ok()?;
        return (1..=30).contains(&n).then_some((n, digits.len()));
    }
    let kanji: String = text
        .chars()
        .take_while(|c| "一二三四五六七八九十".contains(*c))
        .collect();
    let value = |c: char| "一二三四五六七八九".find(c).map(|i| i as i32 / 3 + 1);
    let n = match kanji.chars().collect::<Vec<_>>().as_slice() {
        [c] if *c == '十' => 10,
        [c] => value(*c)?,
        ['十', c] => 10 + value(*c)?,
        [c, '十'] => value(*c)? * 10,
        _ => return None,
    };
    (1..=30).contains(&n).then_some((n, kanji.len()))
}

/// The one fiscal year a title names (`令和５年度区のデジタル化の進捗状況等について` →
/// 2023); `None` for a range or none.
pub fn fiscal_year(rd: Readers<'_>, title: Option<&str>) -> Option<i32> {
    let found = rd.dates.scan(title?);
    match found.as_slice() {
        [one] if !one.range => one.fiscal_year,
        _ => None,
    }
}

/// The first date range in `text` that starts and ends with a fiscal year.
pub fn fiscal_range(rd: Readers<'_>, text: &str) -> Option<PlanPeriod> {
    let squeezed = rd.words.repair(text);
    rd.dates
        .scan(&squeezed)
        .into_iter()
        .find(|e| e.from_fiscal_year.is_some() && e.to_fiscal_year.is_some())
        .map(|e| PlanPeriod {
            text: e.text.clone(),
            start: e.start.map(|d| d.to_string()),
            end: e.end.map(|d| d.to_string()),
            from_fiscal_year: e.from_fiscal_year,
            to_fiscal_year: e.to_fiscal_year,
            source: Vec::new(),
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

    /// The period found on a page of a document titled `title`, as fiscal years.
    fn stated(text: &str, title: &str, heading_only: bool) -> Option<(i32, i32)> {
        let p = profile();
        let words = if heading_only {
            &p.period_heading_words
        } else {
            &p.period_words
        };
        let st = Statement { words, title };
        let pp = period_after_word(crate::Readers::standard(), text, &p, &st)?;
        Some((pp.from_fiscal_year?, pp.to_fiscal_year?))
    }

    #[test]
    fn period_after_a_period_heading_or_label() {
        let heading = "３ 計画期間\n平成２７年度から平成３６年度までの１０年間とします。";
        assert_eq!(stated(heading, "", true), Some((2015, 2024)));
        let spaced = "計 画 期 間 ： 平成 29 年度 ～ 平成 38 年度";
        assert_eq!(stated(spaced, "", false), Some((2017, 2026)));
        let inline = "○総合戦略の対象期間は、2015年度から2019年度までとします。";
        assert_eq!(
            stated(inline, "音威子府村総合戦略", false),
            Some((2015, 2019))
        );
        // a long sentence mentioning a period does not lend it to the lines after it
        let long = "この計画の期間の考え方については国の方針を踏まえて別に定めることとしています。\n令和２年度から令和６年度までの実績";
        assert!(stated(long, "", false).is_none());
        // periods of other things
        assert!(stated("＜支援期間＞\n令和８年度～令和10年度", "", false).is_none());
        let other = "ＤＸ推進につきましては、令和８年度から第２期ＤＸ推進計画の３年間の計画期間が開始いたします。";
        assert!(stated(other, "令和８年度 施政方針", false).is_none());
    }

    #[test]
    fn period_from_a_start_and_a_length() {
        let s = "本計画の期間は、2021年度からの５年間とします。";
        assert_eq!(stated(s, "", false), Some((2021, 2025)));
        let s = "計画期間\n令和３年度から５年間";
        assert_eq!(stated(s, "", true), Some((2021, 2025)));
        let s = "計画期間：令和３年度を初年度とする十か年";
        assert_eq!(stated(s, "", false), Some((2021, 2030)));
        let s = "本計画の計画期間は、令和3年度から令和7年度までとします。";
        assert_eq!(stated(s, "", false), Some((2021, 2025)));
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
            title_of(crate::Readers::standard(), &refs).0.as_deref(),
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
            title_of(crate::Readers::standard(), &refs).0.as_deref(),
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
        assert_eq!(title_of(crate::Readers::standard(), &refs).0, None);
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
        assert_eq!(
            title_of(crate::Readers::standard(), &refs).0.as_deref(),
            Some("情報公開に関する要綱")
        );
        let refs: Vec<&Line> = body.iter().collect();
        assert_eq!(
            title_of(crate::Readers::standard(), &refs).0,
            None,
            "a paragraph is no title"
        );
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
            municipalities(
                crate::Readers::standard(),
                "第2次国分寺市行政デジタル化推進計画",
                &p
            ),
            ["国分寺市"]
        );
        assert_eq!(
            municipalities(
                crate::Readers::standard(),
                "杉並区デジタル化推進計画（第1次）",
                &p
            ),
            ["杉並区"]
        );
        assert_eq!(
            municipalities(crate::Readers::standard(), "世田谷区の計画", &p),
            ["世田谷区"]
        );
        assert!(municipalities(
            crate::Readers::standard(),
            "区のデジタル化の取組みについて",
            &p
        )
        .is_empty());
        assert!(
            municipalities(crate::Readers::standard(), "市区町村と特別区、地区", &p).is_empty()
        );
    }

    #[test]
    fn plan_period_range() {
        let pp = fiscal_range(
            crate::Readers::standard(),
            "令和6（2024）年度～令和8（2026）年度",
        )
        .unwrap();
        assert_eq!(
            (pp.from_fiscal_year, pp.to_fiscal_year),
            (Some(2024), Some(2026))
        );
        assert_eq!(pp.start.as_deref(), Some("2024-04-01"));
        assert!(fiscal_range(crate::Readers::standard(), "令和7（2025）年度一部修正").is_none());
    }

    #[test]
    fn labels_and_dates_are_not_titles() {
        let p = profile();
        assert!(is_cover_label(crate::Readers::standard(), "資料 5", &p));
        assert!(is_cover_label(
            crate::Readers::standard(),
            "令和５年９月2 9日",
            &p
        ));
        assert!(!is_cover_label(
            crate::Readers::standard(),
            "杉並区デジタル化推進計画",
            &p
        ));
        assert!(is_page_number("- 3 -"));
    }
}
