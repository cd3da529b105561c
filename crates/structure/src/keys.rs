//! Stable initiative keys: the same initiative gets the same key across runs, producers and
//! layout changes, so other tools can join on it and plan versions can be compared.

use keikaku_model::Initiative;
use std::collections::HashMap;

/// The title or number as compared for keys: full-width ASCII folded to half-width, dash and
/// tilde variants folded, white space and punctuation dropped.
pub fn normalised(text: &str) -> String {
    keikaku_jtext::fold(text)
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .filter(|c| !c.is_whitespace() && !is_punctuation(*c))
        .collect()
}

fn is_punctuation(c: char) -> bool {
    "・･、。，．,.「」『』（）()【】［］[]〈〉《》\"'“”‘’：:；;！!？?".contains(c)
}

/// FNV-1a, 64 bits: small, fixed and independent of the platform and the Rust version.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The key of one initiative: 16 hex digits from the municipality, number and title.
pub fn key(municipality: Option<&str>, number: Option<&str>, title: &str) -> String {
    let text = [
        normalised(municipality.unwrap_or_default()),
        normalised(number.unwrap_or_default()),
        normalised(title),
    ]
    .join("\u{1f}");
    format!("{:016x}", fnv1a(text.as_bytes()))
}

/// Gives every initiative its key; a repeated key (the 修正後 and 現行 versions of one
/// initiative) gets `-2`, `-3` … in document order.
pub fn assign(initiatives: &mut [Initiative], municipality: Option<&str>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for ini in initiatives {
        let base = key(municipality, ini.number.as_deref(), &ini.title);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        ini.key = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_spaces_and_punctuation_do_not_change_the_key() {
        assert_eq!(
            key(Some("杉並区"), Some("１-ア"), "行政手続の オンライン化"),
            key(Some("杉並区"), Some("1-ア"), "行政手続のオンライン化。")
        );
        assert_ne!(
            key(Some("杉並区"), Some("1"), "行政手続のオンライン化"),
            key(Some("杉並区"), Some("2"), "行政手続のオンライン化")
        );
        assert_ne!(
            key(Some("杉並区"), None, "窓口"),
            key(Some("中野区"), None, "窓口")
        );
    }

    #[test]
    fn repeated_keys_are_numbered() {
        let mut v = vec![Initiative::default(), Initiative::default()];
        v[0].title = "窓口".into();
        v[1].title = "窓口".into();
        assign(&mut v, None);
        assert_eq!(v[1].key, format!("{}-2", v[0].key));
    }
}
