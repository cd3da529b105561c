//! Scans whose own OCR layer is noise: a scanner's invisible text (rendering mode 3) over
//! the page image that reads as full-width Latin letters and stray kanji (`ＪＩＪ叩︒ＪＪ`)
//! rather than Japanese. `--ocr auto` reads such pages again with Tesseract.
//!
//! A page is noise when it draws an image, most of its glyphs are invisible, it has at least
//! [`MIN_CHARS`] characters, at least [`LATIN`] of them are Latin letters that make no words
//! (full-width letters, and half-width letters standing alone) and under [`KANA`] are kana.
//! Real Japanese is a third or more kana even in lists of names; a decent OCR layer of a
//! table (figures and kanji, few kana) has few Latin letters; English has half-width words.

use keikaku_model::Page;

/// Fewest characters judged (a page stamp or a page number says nothing).
const MIN_CHARS: usize = 20;
/// Least share of wordless Latin letters in a noisy layer.
const LATIN: f32 = 0.3;
/// Largest share of kana in a noisy layer.
const KANA: f32 = 0.1;

/// Shares of a text's non-space characters, see the module docs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    pub chars: usize,
    /// Full-width Latin letters and half-width letters with no letter beside them.
    pub latin: f32,
    /// Hiragana and katakana (the long-vowel mark too).
    pub kana: f32,
}

/// The [`Mix`] of the characters `chars` (in drawing order).
pub fn mix(chars: &[char]) -> Mix {
    let text: Vec<char> = chars
        .iter()
        .copied()
        .filter(|c| !c.is_whitespace())
        .collect();
    let n = text.len();
    let ascii_letter = |i: Option<usize>| {
        i.and_then(|i| text.get(i))
            .is_some_and(|c| c.is_ascii_alphabetic())
    };
    let mut latin = 0usize;
    let mut kana = 0usize;
    for (i, &c) in text.iter().enumerate() {
        if matches!(c, '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}')
            || (c.is_ascii_alphabetic()
                && !ascii_letter(i.checked_sub(1))
                && !ascii_letter(Some(i + 1)))
        {
            latin += 1;
        }
        if matches!(c, '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{FF66}'..='\u{FF9F}')
        {
            kana += 1;
        }
    }
    let share = |k: usize| if n == 0 { 0.0 } else { k as f32 / n as f32 };
    Mix {
        chars: n,
        latin: share(latin),
        kana: share(kana),
    }
}

/// True when the page's text layer is a scanner's OCR noise (see the module docs).
pub fn noisy_layer(page: &Page) -> bool {
    if page.images == 0 || (page.invisible_glyphs as usize) * 2 < page.glyphs.len() {
        return false;
    }
    let chars: Vec<char> = page.glyphs.iter().flat_map(|g| g.text.chars()).collect();
    let m = mix(&chars);
    m.chars >= MIN_CHARS && m.latin >= LATIN && m.kana < KANA
}

#[cfg(test)]
mod tests {
    use super::*;
    use keikaku_testkit::PdfWriter;

    fn pages(pdf: &[u8]) -> Vec<Page> {
        keikaku_extract::extract(pdf, &keikaku_extract::Limits::default())
            .unwrap()
            .value
            .pages
    }

    /// A scan: the page image, and over it an invisible text layer of `lines`.
    fn scan(lines: &[&str]) -> Vec<u8> {
        let mut w = PdfWriter::a4();
        w.image(0.0, 0.0, 595.0, 842.0);
        for (i, l) in lines.iter().enumerate() {
            w.invisible_text(60.0, 80.0 + 20.0 * i as f32, 10.5, l);
        }
        w.finish()
    }

    const NOISE: [&str; 4] = [
        "ＪＩＪ叩︒ＪＪ ＵⅡＩ抑部",
        "ＩｊＦ岬 Ｊ﹄″ ＬＩＪ",
        "ｌＩ 車 ＪＩ ＦＩＪ 一 ＬＩ",
        "ＩＬＪ 惨ｒ ＪＩｌ 巨 ＪＦ",
    ];

    #[test]
    fn an_invisible_layer_of_latin_letters_and_stray_kanji_is_noise() {
        let p = &pages(&scan(&NOISE))[0];
        assert!(
            p.images > 0 && p.invisible_glyphs as usize == p.glyphs.len(),
            "{p:?}"
        );
        assert!(
            noisy_layer(p),
            "{:?}",
            mix(&p
                .glyphs
                .iter()
                .flat_map(|g| g.text.chars())
                .collect::<Vec<_>>())
        );
        assert!(super::super::reason(p, super::super::OcrMode::Auto).is_some());
        assert_eq!(super::super::reason(p, super::super::OcrMode::Never), None);
    }

    #[test]
    fn real_japanese_english_and_visible_text_are_not_noise() {
        let japanese = [
            "小平市議会説明員の委任について",
            "地方自治法第百二十一条の規定により、次のとおり委任します。",
            "令和2年5月19日 小平市長 小林正則",
        ];
        let english = [
            "The plan sets out the city's digital strategy",
            "for the years 2024 to 2028.",
        ];
        let table = [
            "歳入歳出予算補正 款 項 補正前の額 補正額 計",
            "16 国庫支出金 1,065,203 29,331,507",
        ];
        for lines in [&japanese[..], &english[..], &table[..]] {
            let p = &pages(&scan(lines))[0];
            assert!(!noisy_layer(p), "{lines:?}");
            assert_eq!(
                super::super::reason(p, super::super::OcrMode::Auto),
                None,
                "{lines:?}"
            );
        }
        // the same letters drawn visibly, on a page without a scan, are the page's text
        let mut w = PdfWriter::a4();
        for (i, l) in NOISE.iter().enumerate() {
            w.text(60.0, 80.0 + 20.0 * i as f32, 10.5, l);
        }
        let p = &pages(&w.finish())[0];
        assert!(!noisy_layer(p));
        // visible over an image: not an OCR layer either
        let mut w = PdfWriter::a4();
        w.image(0.0, 0.0, 595.0, 842.0);
        for (i, l) in NOISE.iter().enumerate() {
            w.text(60.0, 80.0 + 20.0 * i as f32, 10.5, l);
        }
        assert!(!noisy_layer(&pages(&w.finish())[0]));
    }
}
