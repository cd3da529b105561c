//! Text normalisation and character-bigram similarity.

/// Folds full-width ASCII to ASCII, drops whitespace and lowercases Latin letters.
pub fn normalize(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// Sorted, de-duplicated character bigrams of the normalised text (a lone character
/// counts as one unit), for [`dice`].
pub fn bigrams(text: &str) -> Vec<u64> {
    let chars: Vec<char> = normalize(text).chars().collect();
    let mut out: Vec<u64> = match chars.len() {
        0 => Vec::new(),
        1 => vec![chars[0] as u64],
        _ => chars
            .windows(2)
            .map(|w| ((w[0] as u64) << 32) | w[1] as u64)
            .collect(),
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// Dice coefficient of two sorted bigram sets: 1 for the same text, 0 for nothing shared.
pub fn dice(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Dice similarity of two texts.
pub fn similarity(a: &str, b: &str) -> f64 {
    dice(&bigrams(a), &bigrams(b))
}

/// Whether two texts are equal once whitespace and full-width forms are folded.
pub fn same_text(a: &str, b: &str) -> bool {
    normalize(a) == normalize(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_and_space() {
        assert_eq!(normalize("ＡＩ を\n活用（１）"), "aiを活用(1)");
        assert!(same_text("BPR\n検討", "BPR 検討"));
    }

    #[test]
    fn dice_of_titles() {
        assert_eq!(similarity("情報インフラ", "情報インフラ"), 1.0);
        assert_eq!(similarity("", ""), 1.0);
        assert_eq!(similarity("窓口", "税務"), 0.0);
        let s = similarity("情報インフラの最適化", "情報インフラの再構築");
        assert!(s > 0.5 && s < 0.8, "{s}");
    }
}
