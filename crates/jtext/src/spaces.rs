//! Repair of spaces and line breaks in extracted Japanese text.
//!
//! Four kinds of spurious ASCII space are removed; U+3000 and every other space
//! are kept as printed:
//! 1. letter-spaced words (均等割り headings, dates): a run of two or more
//!    single Japanese letters separated by spaces (`令 和 ５ 年 ９ 月 2 9 日`);
//! 2. spaces around a half-width word or number set inside Japanese
//!    (`令和 2 年 12 月`, `自治体 DX 推進`), which the gold never keeps;
//! 3. a space that falls inside a word or before a particle (justified lines,
//!    `デジタ ル化`, `資料 の収集`), decided by segmenting the text around it;
//! 4. the gap after a line-initial note or dated label before Japanese text
//!    (`※１ 国が示す`, `・８月 活用事例`), which the structure keeps as two fields.
//!
//! Spaces that separate items (`窓口サービス改善ツール 運用・拡充`), follow
//! punctuation or markers (`。 また`, `● 区民`), or separate Latin words stay.

use crate::segment::{shared, Segmenter};

/// Characters of context taken on each side of a space when segmenting it.
const WINDOW: usize = 8;

/// Removes spaces inserted between Japanese letters by letter-spaced headings and
/// justified lines, keeping spaces that separate real items or Latin words.
pub fn remove_spurious_spaces(text: &str) -> String {
    remove_spurious_spaces_with(text, shared().ok())
}

/// [`remove_spurious_spaces`] with a given segmenter (`None`: by the character rules alone,
/// spaces inside words are kept).
pub fn remove_spurious_spaces_with(text: &str, segmenter: Option<&Segmenter>) -> String {
    if !text.contains(' ') {
        return text.to_string(); // only ASCII spaces are ever removed
    }
    text.split_inclusive('\n')
        .map(|line| repair_line(line, segmenter))
        .collect()
}

/// Joins two lines of one paragraph as a reader would: nothing between Japanese
/// (`デジ|タル化` → `デジタル化`), one space between Latin words, and no space after a
/// hyphen break (`trans-|formation` → `transformation`; `e-|Tax` keeps its hyphen).
pub fn join_lines(prev: &str, next: &str) -> String {
    let prev = prev.trim_end_matches(is_join_trim);
    let next = next.trim_start_matches(is_join_trim);
    let (Some(last), Some(first)) = (prev.chars().last(), next.chars().next()) else {
        return format!("{prev}{next}");
    };
    if last == '-' {
        return join_hyphenated(prev, next);
    }
    let sep = if needs_space(last, first) { " " } else { "" };
    format!("{prev}{sep}{next}")
}

fn is_join_trim(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

/// `trans-` + `formation` loses the hyphen (both sides lowercase ASCII letters);
/// any other hyphen (`e-` + `Tax`, `2023-` + `24`) is kept; never a space.
fn join_hyphenated(prev: &str, next: &str) -> String {
    let stem = &prev[..prev.len() - 1];
    let before = stem.chars().last();
    let after = next.chars().next();
    let soft = before.is_some_and(|c| c.is_ascii_lowercase())
        && after.is_some_and(|c| c.is_ascii_lowercase())
        && stem
            .chars()
            .rev()
            .take_while(char::is_ascii_alphabetic)
            .count()
            > 1;
    if soft {
        format!("{stem}{next}")
    } else {
        format!("{prev}{next}")
    }
}

/// A space between two Latin (ASCII) characters, unless it would land inside brackets.
fn needs_space(last: char, first: char) -> bool {
    last.is_ascii_graphic()
        && first.is_ascii_graphic()
        && !"([{/".contains(last)
        && !")]}.,;:!?/%".contains(first)
}

/// A Japanese letter that may be letter-spaced: kanji, kana, full-width letters
/// and digits, ASCII digits. Punctuation, marks (〇 ● ― ・) and Latin letters are not.
fn is_spaced_letter(c: char) -> bool {
    is_japanese_letter(c) || c.is_ascii_digit()
}

fn is_japanese_letter(c: char) -> bool {
    matches!(c,
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309F}' // hiragana
        | '\u{30A1}'..='\u{30FA}' | '\u{30FC}'..='\u{30FF}' // katakana, ー
        | '\u{3005}' | '\u{3006}' | '\u{303B}'             // 々 〆 〻
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}'
        | '\u{FF66}'..='\u{FF9F}')
}

fn is_kana_or_kanji(c: char) -> bool {
    is_japanese_letter(c) && !matches!(c, '\u{FF10}'..='\u{FF5A}')
}

/// One line (with its line ending) with spurious spaces removed.
fn repair_line(line: &str, segmenter: Option<&Segmenter>) -> String {
    let (body, ending) = split_ending(line);
    let items = split_items(body);
    let joined = join_items(&items, segmenter);
    match segmenter {
        Some(seg) => format!("{}{ending}", join_split_words(&joined, seg)),
        None => format!("{joined}{ending}"),
    }
}

fn split_ending(line: &str) -> (&str, &str) {
    let body = line.trim_end_matches(['\n', '\r']);
    (body, &line[body.len()..])
}

/// An item of a line: a word and the ASCII spaces before it.
struct Item<'a> {
    gap: &'a str,
    word: &'a str,
}

impl Item<'_> {
    /// The item's only character, if it is a single letter that may be letter-spaced.
    fn single_letter(&self) -> Option<char> {
        let mut chars = self.word.chars();
        let c = chars.next()?;
        (chars.next().is_none() && is_spaced_letter(c)).then_some(c)
    }
}

/// Splits a line into words separated by runs of ASCII spaces (trailing spaces
/// become an item with an empty word).
fn split_items(line: &str) -> Vec<Item<'_>> {
    let mut items = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let word_start = rest.len() - rest.trim_start_matches(' ').len();
        let after_gap = &rest[word_start..];
        let word_len = after_gap.find(' ').unwrap_or(after_gap.len());
        items.push(Item {
            gap: &rest[..word_start],
            word: &after_gap[..word_len],
        });
        rest = &after_gap[word_len..];
    }
    items
}

/// Rebuilds the line without the gaps inside letter-spaced runs and around
/// half-width words set inside Japanese.
fn join_items(items: &[Item<'_>], seg: Option<&Segmenter>) -> String {
    let mut keep_gap = vec![true; items.len()];
    mark_letter_spaced(items, &mut keep_gap);
    for (k, keep) in keep_gap.iter_mut().enumerate().skip(1) {
        if latin_gap_is_spurious(items, k, seg) {
            *keep = false;
        }
    }
    if items.len() > 1 && label_gap_is_spurious(&items[0], &items[1]) {
        keep_gap[1] = false;
    }
    let mut out = String::new();
    for (item, keep) in items.iter().zip(keep_gap) {
        if keep {
            out.push_str(item.gap);
        }
        out.push_str(item.word);
    }
    out
}

/// Clears the gaps inside runs of single letters (`令 和 ５ 年`).
fn mark_letter_spaced(items: &[Item<'_>], keep_gap: &mut [bool]) {
    let mut i = 0;
    while i < items.len() {
        let end = run_end(items, i);
        let start = if i == 0 {
            skip_section_number(items, end)
        } else {
            i
        };
        if end - start >= 2 && has_kana_or_kanji(&items[start..end]) {
            keep_gap[start + 1..end].iter_mut().for_each(|k| *k = false);
        }
        i = end.max(i + 1);
    }
}

/// Whether the single space before `items[k]` sits between Japanese and a
/// half-width word that extraction spaced apart. A Latin word set in Japanese
/// joins both sides (`自治体 DX 推進` → `自治体DX推進`); a number joins its left
/// (`令和 7`, `第 2`, `方針 1`) when that is a short label, and its right when a
/// counter follows (`2 年`, `1 つ`, `30 名`). Kept: the first item of a line
/// (`1 デジタル`, `※1 オフィスツール`) and a number glued to a label before a
/// title (`方針2 行政内部`, `化 1 デジタル`).
fn latin_gap_is_spurious(items: &[Item<'_>], k: usize, seg: Option<&Segmenter>) -> bool {
    let (prev, cur) = (&items[k - 1], &items[k]);
    let (Some(last), Some(first)) = (prev.word.chars().last(), cur.word.chars().next()) else {
        return false;
    };
    if cur.gap != " " {
        false
    } else if last.is_ascii_digit() && first.is_ascii_digit() {
        split_number(prev.word, cur.word)
    } else if is_japanese_letter(last) && is_half_width_word(cur.word) {
        joins_word_to_left(items, k, seg)
    } else if last.is_ascii_alphanumeric() && is_japanese_letter(first) {
        joins_word_to_right(items, k, seg)
    } else {
        false
    }
}

/// Marks that open a line-initial label: a note (`※１`, `＊2`, `注３`) or a dated
/// bullet (`・８月`, `・10月～`, `・８月～９月`).
const LABEL_MARKERS: &str = "※＊*・注";

/// Characters a label may carry after its marker besides digits.
const LABEL_DATE_CHARS: &str = "年度月日頃～〜－-";

/// Whether the gap between a line-initial label and its Japanese text is spurious
/// (`※１ 国が示す` → `※１国が示す`, `・８月 活用事例` → `・８月活用事例`): the
/// structure keeps marker and text apart, and in running Japanese no ASCII space
/// stands between two Japanese characters. Half-width labels keep their space
/// (`※1 BPR`, `・R4 655回`).
fn label_gap_is_spurious(label: &Item<'_>, text: &Item<'_>) -> bool {
    let mut chars = label.word.chars();
    let (Some(marker), Some(last)) = (chars.next(), label.word.chars().last()) else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    label.gap.is_empty()
        && text.gap == " "
        && LABEL_MARKERS.contains(marker)
        && rest.len() <= 8
        && rest.iter().any(|&c| is_digit(c))
        && rest
            .iter()
            .all(|&c| is_digit(c) || LABEL_DATE_CHARS.contains(c))
        && (is_japanese_letter(last) || "～〜".contains(last))
        && starts_japanese(text.word)
}

/// A number letter-spaced inside Japanese (`９月2 9日` → `９月29日`): Japanese, digits,
/// space, digits, Japanese. `R4 655回` (a Latin letter before) and `2 9` alone stay.
fn split_number(left: &str, right: &str) -> bool {
    let stem = left.trim_end_matches(|c: char| c.is_ascii_digit());
    let tail = right.trim_start_matches(|c: char| c.is_ascii_digit());
    stem.chars().last().is_some_and(is_japanese_letter)
        && tail.chars().next().is_some_and(is_japanese_letter)
}

/// Japanese | half-width `items[k]`: a Latin word with Japanese after it, or a
/// number after a short label or before a counter.
fn joins_word_to_left(items: &[Item<'_>], k: usize, seg: Option<&Segmenter>) -> bool {
    let word = items[k].word;
    if is_number(word) {
        return is_short_label(items[k - 1].word) || counter_follows(items, k, seg);
    }
    items
        .get(k + 1)
        .is_some_and(|n| n.gap == " " && starts_japanese(n.word))
}

/// Half-width end of `items[k - 1]` | Japanese `items[k]`.
fn joins_word_to_right(items: &[Item<'_>], k: usize, seg: Option<&Segmenter>) -> bool {
    let prev = items[k - 1].word;
    let stem = prev.trim_end_matches(is_half_width_char);
    if k == 1 && !stem.chars().any(is_japanese_letter) {
        return false; // a line-initial number or marker: `1 `, `※1 `, `(2) `
    }
    match stem.chars().last() {
        None if is_number(prev) => counter_follows(items, k - 1, seg),
        None => k
            .checked_sub(2)
            .and_then(|i| items[i].word.chars().last())
            .is_some_and(is_japanese_letter),
        Some(c) => ATTACHING.contains(c),
    }
}

/// A label a number belongs to: a word ending in one to three Japanese letters
/// after a non-letter or nothing (`令和`, `第`, `方針`, `(…計画)方針`).
fn is_short_label(word: &str) -> bool {
    let stem = word.trim_end_matches(is_japanese_letter);
    let n = word[stem.len()..].chars().count();
    (1..=3).contains(&n) && !stem.ends_with(|c: char| c.is_alphanumeric())
}

/// Whether the item after the number `items[k]` starts with a counter (年, 回, 名, つ,
/// 次元 …). The number is widened to full-width digits first, which IPADIC
/// segments far better (`１２月`, `１つ`); a counter is a 名詞・接尾 token after the
/// number or a token that swallows it.
fn counter_follows(items: &[Item<'_>], k: usize, seg: Option<&Segmenter>) -> bool {
    let (Some(next), Some(seg)) = (items.get(k + 1), seg) else {
        return false;
    };
    let number: String = items[k].word.chars().map(widen_digit).collect();
    let probe = format!("{number}{}", head_chars(next.word, WINDOW));
    let joint = number.len();
    let counter = seg.tokens(&probe).iter().any(|t| {
        (t.range.start < joint && t.range.end > joint)
            || (t.range.start == joint && t.detail == "接尾")
    });
    next.gap == " " && counter
}

/// An ASCII digit as a full-width digit (other characters unchanged).
fn widen_digit(c: char) -> char {
    match c.to_digit(10) {
        Some(d) if c.is_ascii_digit() => char::from_u32(0xFF10 + d).unwrap_or(c),
        _ => c,
    }
}

/// Marks that bind a half-width word to them, so the word goes on into the
/// Japanese after it (`・DX 推進`, `（1 回`, `※1 や`); a hyphen does not (`図表Ⅰ-1-1 直面`).
const ATTACHING: &str = "・･（(「『【［[〔〈《※＊*";

fn is_half_width_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == ','
}

fn is_half_width_word(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_alphanumeric()) && word.chars().all(is_half_width_char)
}

fn is_number(word: &str) -> bool {
    word.chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
}

fn starts_japanese(word: &str) -> bool {
    word.chars().next().is_some_and(is_japanese_letter)
}

/// End (exclusive) of the run of single-letter items starting at `i`.
fn run_end(items: &[Item<'_>], i: usize) -> usize {
    let mut end = i;
    while end < items.len() && items[end].single_letter().is_some() {
        end += 1;
    }
    end
}

/// A line-initial digit followed by a letter is a section number (`１ 目 的`),
/// not part of the spaced word.
fn skip_section_number(items: &[Item<'_>], end: usize) -> usize {
    let digit = |i: usize| {
        items
            .get(i)
            .and_then(Item::single_letter)
            .is_some_and(is_digit)
    };
    if end >= 2 && digit(0) && !digit(1) {
        1
    } else {
        0
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('\u{FF10}'..='\u{FF19}').contains(&c)
}

fn has_kana_or_kanji(items: &[Item<'_>]) -> bool {
    items
        .iter()
        .filter_map(Item::single_letter)
        .any(is_kana_or_kanji)
}

/// Removes single spaces between kana/kanji that split a word or precede a particle.
fn join_split_words(line: &str, seg: &Segmenter) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(pos) = rest.find(' ') {
        let (head, tail) = rest.split_at(pos);
        out.push_str(head);
        let gap = tail.len() - tail.trim_start_matches(' ').len();
        let next = &tail[gap..];
        if !(gap == 1 && splits_word(&out, next, seg)) {
            out.push_str(&tail[..gap]);
        }
        rest = next;
    }
    out.push_str(rest);
    out
}

/// Whether the space between `left` and `right` (kana/kanji on both sides) falls
/// inside a word, or before a particle, auxiliary or small kana (no item starts
/// with one). A space after a particle is kept: the gold keeps `などの モバイル`.
fn splits_word(left: &str, right: &str, seg: &Segmenter) -> bool {
    let (Some(l), Some(r)) = (left.chars().last(), right.chars().next()) else {
        return false;
    };
    if !is_kana_or_kanji(l) || !is_kana_or_kanji(r) {
        return false;
    }
    let left = tail_chars(left, WINDOW);
    let right = head_chars(right, WINDOW);
    let joint = left.len();
    let window = format!("{left}{right}");
    let tokens = seg.tokens(&window);
    let spans = tokens
        .iter()
        .any(|t| t.range.start < joint && t.range.end > joint);
    let attaches = tokens
        .iter()
        .find(|t| t.range.start == joint)
        .is_some_and(|t| t.pos == "助詞" || t.pos == "助動詞" || starts_dependent(t.surface));
    spans || attaches
}

/// Text that cannot begin a word: small kana, ー, ゝ ヽ 々.
fn starts_dependent(surface: &str) -> bool {
    surface
        .chars()
        .next()
        .is_some_and(|c| "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶーゝゞヽヾ々".contains(c))
}

/// The last `n` characters of `s` after its last space.
fn tail_chars(s: &str, n: usize) -> &str {
    let s = &s[s.rfind(' ').map_or(0, |i| i + 1)..];
    let start = s.char_indices().rev().nth(n - 1).map_or(0, |(i, _)| i);
    &s[start..]
}

/// The first `n` characters of `s` before its first space.
fn head_chars(s: &str, n: usize) -> &str {
    let s = &s[..s.find(' ').unwrap_or(s.len())];
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spaced_date_and_heading_join() {
        assert_eq!(
            remove_spurious_spaces("令 和 ５ 年 ９ 月 2 9 日 "),
            "令和５年９月29日 "
        );
        assert_eq!(remove_spurious_spaces("資 料"), "資料");
        assert_eq!(
            remove_spurious_spaces("納 税 課\n条 件 \n"),
            "納税課\n条件 \n"
        );
    }

    #[test]
    fn item_separators_stay() {
        for kept in [
            "窓口サービス改善ツール 運用・拡充",
            "１ 令和５年度 区のデジタル化の進捗",
            "推進方針１ デジタル化による行政サービスの向上",
            "取り組みです。 単なるIT化ではなく",
            "● 区民の利便性向上へ",
            "成果指標 ― ―",
            "〇 〇 地域活動団体",
            "キャッシュレス決済 導入検討",
            "対話型AIロボットによる窓口案内 検証結果に基づく実施継続又は 見直し",
            "digital transformation 2 9",
        ] {
            assert_eq!(remove_spurious_spaces(kept), kept);
        }
    }

    #[test]
    fn section_number_before_spaced_word_stays_apart() {
        assert_eq!(remove_spurious_spaces("１ 目 的"), "１ 目的");
    }

    #[test]
    fn space_inside_word_or_before_particle_goes() {
        assert_eq!(
            remove_spurious_spaces("デジタ ル化を推進"),
            "デジタル化を推進"
        );
        assert_eq!(
            remove_spurious_spaces("読書バリアフリー資料 の収集"),
            "読書バリアフリー資料の収集"
        );
        assert_eq!(
            remove_spurious_spaces("窓口での待ち時 間の短縮"),
            "窓口での待ち時間の短縮"
        );
    }

    #[test]
    fn half_width_words_inside_japanese_join() {
        assert_eq!(remove_spurious_spaces("(令和 2 年 12 月)"), "(令和2年12月)");
        assert_eq!(
            remove_spurious_spaces("「自治体 DX 推進計画」"),
            "「自治体DX推進計画」"
        );
        // A number between two Japanese words joins both: right for 令和 2 年 12 月,
        // though here the source had U+3000 after 2回 that extraction turned to ' '.
        assert_eq!(
            remove_spurious_spaces("・R4 2 回 30 名（1 回 4 日コース）"),
            "・R4 2回30名（1回4日コース）"
        );
        assert_eq!(remove_spurious_spaces("第 2 次国分寺市"), "第2次国分寺市");
        assert_eq!(
            remove_spurious_spaces("区の ・DX 推進の中心"),
            "区の ・DX推進の中心"
        );
        assert_eq!(
            remove_spurious_spaces("(区政経営改革推進計画)方針 1 柔軟で効率的"),
            "(区政経営改革推進計画)方針1 柔軟で効率的"
        );
        assert_eq!(
            remove_spurious_spaces("手続を 1 つの窓口で"),
            "手続を1つの窓口で"
        );
        assert_eq!(
            remove_spurious_spaces("マイナポータル※1 や電子申請"),
            "マイナポータル※1や電子申請"
        );
    }

    #[test]
    fn labels_and_line_numbers_keep_their_space() {
        for kept in [
            "方針2 行政内部の効率化",
            "1 デジタル化の推進",
            "※1 オフィスツール：パソコン",
            "※1 BPR：Business Process Re-engineering",
            "・R4 655回 3,365名",
            "・電子申請 拡充",
            "行政内部のデジタル化 1 デジタル技術",
            "図表Ⅰ-1-1-1 直面する課題",
            "第1 会期の決定",
            "Society 5.0 and more",
            "R4 655回",
        ] {
            assert_eq!(remove_spurious_spaces(kept), kept);
        }
    }

    #[test]
    fn label_and_japanese_text_join() {
        for (spaced, joined) in [
            (
                "※１ 国が示す「自治体DX推進計画」",
                "※１国が示す「自治体DX推進計画」",
            ),
            ("・８月 活用事例について", "・８月活用事例について"),
            ("・10月～ 導入検証における", "・10月～導入検証における"),
            (
                "・８月～９月 移行計画の詳細化",
                "・８月～９月移行計画の詳細化",
            ),
        ] {
            assert_eq!(remove_spurious_spaces(spaced), joined);
        }
    }

    #[test]
    fn letter_spaced_number_inside_a_date_joins() {
        assert_eq!(
            remove_spurious_spaces("令和５年９月2 9日政策経営部"),
            "令和５年９月29日政策経営部"
        );
    }

    #[test]
    fn wide_spaces_are_kept() {
        assert_eq!(
            remove_spurious_spaces("・R4\u{3000}655回"),
            "・R4\u{3000}655回"
        );
        assert_eq!(remove_spurious_spaces("資\u{3000}料"), "資\u{3000}料");
    }

    #[test]
    fn join_lines_japanese_latin_and_hyphen() {
        assert_eq!(join_lines("デジ", "タル化"), "デジタル化");
        assert_eq!(
            join_lines("the digital ", " transformation"),
            "the digital transformation"
        );
        assert_eq!(join_lines("trans-", "formation"), "transformation");
        assert_eq!(join_lines("e-", "Tax"), "e-Tax");
        assert_eq!(
            join_lines("eLTAX", "を活用"),
            "eLTAX を活用".replace(' ', "")
        );
        assert_eq!(join_lines("Society", "5.0"), "Society 5.0");
        assert_eq!(join_lines("(2022", ")"), "(2022)");
        assert_eq!(join_lines("", "次"), "次");
    }
}
