//! Lindera segmentation over the embedded IPADIC plus a user dictionary.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

use lindera::mode::Mode;

use crate::{charmap, dict, JtextError};

/// IPADIC's major parts of speech, interned so tokens need no allocation for them.
const MAJOR_POS: &[&str] = &[
    "名詞",
    "動詞",
    "形容詞",
    "副詞",
    "助詞",
    "助動詞",
    "連体詞",
    "接続詞",
    "感動詞",
    "記号",
    "接頭詞",
    "フィラー",
    "その他",
    "UNK",
];

/// IPADIC's second-level part-of-speech values.
const POS_DETAIL: &[&str] = &[
    "*",
    "一般",
    "固有名詞",
    "代名詞",
    "数",
    "接尾",
    "サ変接続",
    "副詞可能",
    "形容動詞語幹",
    "ナイ形容詞語幹",
    "非自立",
    "自立",
    "特殊",
    "接続詞的",
    "引用文字列",
    "動詞非自立的",
    "格助詞",
    "係助詞",
    "副助詞",
    "接続助詞",
    "終助詞",
    "連体化",
    "並立助詞",
    "副詞化",
    "副助詞／並立助詞／終助詞",
    "句点",
    "読点",
    "空白",
    "括弧開",
    "括弧閉",
    "アルファベット",
    "名詞接続",
    "動詞接続",
    "形容詞接続",
    "数接続",
    "助詞類接続",
];

/// One segment of the input text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token<'a> {
    /// The text as printed (a slice of the input).
    pub surface: &'a str,
    /// Byte range of `surface` in the input.
    pub range: Range<usize>,
    /// First IPADIC part-of-speech field: 名詞, 動詞, 助詞, 記号 … (`UNK` if unknown).
    pub pos: Cow<'static, str>,
    /// Second IPADIC part-of-speech field: 一般, 数, 接尾, 格助詞 … (`*` if none).
    pub detail: Cow<'static, str>,
    /// Dictionary base form (終止形 for verbs and adjectives); the surface when the
    /// dictionary has none.
    pub base: Cow<'a, str>,
}

impl Token<'_> {
    /// Whether this token inflects (動詞 or 形容詞), so its base form is the search key.
    pub fn inflects(&self) -> bool {
        self.pos == "動詞" || self.pos == "形容詞"
    }
}

/// A Japanese segmenter: lindera, IPADIC, and a municipal user dictionary.
pub struct Segmenter {
    inner: lindera::segmenter::Segmenter,
}

impl Segmenter {
    /// IPADIC plus the user dictionary in `dictionaries/user.csv` (both embedded).
    pub fn new() -> Result<Segmenter, JtextError> {
        Self::with_user_csv(dict::USER_CSV)
    }

    /// IPADIC plus a user dictionary given as simple CSV rows `surface,pos,reading`
    /// (`#` comments and blank lines allowed).
    pub fn with_user_csv(csv: &str) -> Result<Segmenter, JtextError> {
        let ipadic = dict::ipadic()?;
        let user = dict::user_dictionary(&ipadic.metadata, csv)?;
        let inner = lindera::segmenter::Segmenter::new(Mode::Normal, ipadic, Some(user));
        Ok(Segmenter { inner })
    }

    /// IPADIC alone, no user dictionary.
    pub fn ipadic_only() -> Result<Segmenter, JtextError> {
        let inner = lindera::segmenter::Segmenter::new(Mode::Normal, dict::ipadic()?, None);
        Ok(Segmenter { inner })
    }

    /// Tokens of `text`, whitespace skipped; see [`Segmenter::try_tokens`].
    /// Returns no tokens if lindera reports an error (it does not for valid UTF-8).
    pub fn tokens<'a>(&self, text: &'a str) -> Vec<Token<'a>> {
        self.try_tokens(text).unwrap_or_default()
    }

    /// Tokens of `text`. Dash/tilde variants are folded before segmenting
    /// ([`crate::fold`]); surfaces and ranges refer to the text as given.
    pub fn try_tokens<'a>(&self, text: &'a str) -> Result<Vec<Token<'a>>, JtextError> {
        let folded = charmap::fold(text);
        let mut raw = self.inner.segment(Cow::Borrowed(folded.as_ref()))?;
        Ok(raw.iter_mut().filter_map(|t| convert(text, t)).collect())
    }

    /// Space-separated tokens (分かち書き) for a search index without a Japanese
    /// analyser: surfaces as printed, except base forms for verbs and adjectives
    /// (進め・進めます → 進める) so inflected forms meet in one term; punctuation-only
    /// tokens are dropped.
    pub fn wakachi(&self, text: &str) -> String {
        let tokens = self.tokens(text);
        let words: Vec<&str> = tokens
            .iter()
            .filter(|t| !is_punctuation(t))
            .map(|t| {
                if t.inflects() {
                    t.base.as_ref()
                } else {
                    t.surface
                }
            })
            .collect();
        words.join(" ")
    }
}

/// A lindera token as ours, sliced from the original `text`.
fn convert<'a>(text: &'a str, token: &mut lindera::token::Token<'_>) -> Option<Token<'a>> {
    let range = token.byte_start..token.byte_end;
    let surface = text.get(range.clone())?;
    let mut fields = token.details_iter();
    let pos = intern(MAJOR_POS, fields.next().unwrap_or("UNK"));
    let detail = intern(POS_DETAIL, fields.next().unwrap_or("*"));
    let base = fields.nth(4).filter(|b| *b != "*" && *b != surface);
    let base = base.map_or(Cow::Borrowed(surface), |b| Cow::Owned(b.to_string()));
    Some(Token {
        surface,
        range,
        pos,
        detail,
        base,
    })
}

fn intern(known: &'static [&'static str], pos: &str) -> Cow<'static, str> {
    match known.iter().find(|p| **p == pos) {
        Some(p) => Cow::Borrowed(p),
        None => Cow::Owned(pos.to_string()),
    }
}

/// A 記号 token with no letter or digit in it (、。「」・ …).
fn is_punctuation(token: &Token<'_>) -> bool {
    (token.pos == "記号" || token.pos == "UNK") && !token.surface.chars().any(char::is_alphanumeric)
}

/// The process-wide segmenter (IPADIC + `dictionaries/user.csv`), built on first use.
pub fn shared() -> Result<&'static Segmenter, &'static JtextError> {
    static SHARED: OnceLock<Result<Segmenter, JtextError>> = OnceLock::new();
    SHARED.get_or_init(Segmenter::new).as_ref()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg() -> &'static Segmenter {
        shared().expect("embedded dictionary loads")
    }

    fn surfaces<'a>(tokens: &[Token<'a>]) -> Vec<&'a str> {
        tokens.iter().map(|t| t.surface).collect()
    }

    #[test]
    fn user_dictionary_keeps_municipal_terms_whole() {
        let text = "すぎナビと書かない窓口";
        assert_eq!(
            surfaces(&seg().tokens(text)),
            ["すぎナビ", "と", "書かない窓口"]
        );
        let plain = Segmenter::ipadic_only().expect("ipadic loads");
        assert!(
            plain.tokens(text).len() > 3,
            "IPADIC alone splits the service names"
        );
    }

    #[test]
    fn every_user_dictionary_entry_is_one_token() {
        for row in dict::USER_CSV
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        {
            let surface = row.split(',').next().unwrap_or_default();
            assert_eq!(surfaces(&seg().tokens(surface)), [surface], "{row}");
        }
    }

    #[test]
    fn custom_user_csv_sets_pos() {
        let seg = Segmenter::with_user_csv("# comment\n\n杉並区,カスタム名詞,スギナミク\n")
            .expect("builds");
        let tokens = seg.tokens("杉並区の計画");
        assert_eq!(tokens[0].surface, "杉並区");
        assert_eq!(tokens[0].pos, "カスタム名詞");
        assert!(matches!(
            Segmenter::with_user_csv("# nothing\n"),
            Err(JtextError::EmptyUserDictionary)
        ));
    }

    #[test]
    fn ranges_slice_the_input_and_skip_spaces() {
        let text = "令和５年度 区の DX推進";
        let tokens = seg().tokens(text);
        for t in &tokens {
            assert_eq!(&text[t.range.clone()], t.surface);
            assert!(!t.surface.contains(' '));
        }
        assert_eq!(tokens[0].surface, "令和");
        assert_eq!(tokens[0].pos, "名詞");
    }

    #[test]
    fn tilde_and_dash_variants_segment_alike_but_print_as_given() {
        let wave = seg().tokens("９月〜１０月");
        let tilde = seg().tokens("９月～１０月");
        assert_eq!(wave.len(), tilde.len());
        assert_eq!(tilde[1].surface, "～");
        assert_eq!(wave[1].pos, tilde[1].pos);
        assert_eq!(fold_ok("A−B"), "A－B");
    }

    fn fold_ok(s: &str) -> String {
        crate::fold(s).into_owned()
    }

    #[test]
    fn wakachi_uses_base_forms_for_verbs_and_adjectives() {
        assert_eq!(
            seg().wakachi("取組を進めました。"),
            "取組 を 進める まし た"
        );
        assert_eq!(seg().wakachi("より早く、便利に"), "より 早い 便利 に");
        let verb = &seg().tokens("進めました")[0];
        assert!(verb.inflects());
        assert_eq!(verb.base, "進める");
    }

    #[test]
    fn shared_is_built_once() {
        let a = shared().expect("loads") as *const Segmenter;
        let b = shared().expect("loads") as *const Segmenter;
        assert_eq!(a, b);
    }
}
