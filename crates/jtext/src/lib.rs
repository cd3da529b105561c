//! `keikaku-jtext` owns Japanese text handling: segmentation with lindera over an
//! IPADIC built offline from `dictionaries/ipadic` (plus the municipal user
//! dictionary `dictionaries/user.csv`), repair of extracted text, department names,
//! and search tokens.
//!
//! Entry points:
//! - [`shared`] / [`Segmenter`]: `&str` → [`Token`]s, or [`Segmenter::wakachi`] → `String`.
//! - [`remove_spurious_spaces`], [`join_lines`]: `&str` → repaired `String`.
//! - [`departments`], [`find_departments`]: `&str` → department names (with byte ranges).
//!
//! ```
//! let seg = keikaku_jtext::shared().expect("embedded dictionary loads");
//! assert_eq!(seg.wakachi("情報政策課が推進します。"), "情報 政策 課 が 推進 する ます");
//! assert_eq!(keikaku_jtext::remove_spurious_spaces("令 和 ５ 年 ９ 月"), "令和５年９月");
//! assert_eq!(keikaku_jtext::departments("会計課、区民課"), ["会計課", "区民課"]);
//! assert_eq!(
//!     keikaku_jtext::find_departments("保育課の手続は情報政策課が担当する"),
//!     [("保育課".to_string(), 0..9), ("情報政策課".to_string(), 21..36)]
//! );
//! assert_eq!(keikaku_jtext::join_lines("デジ", "タル化"), "デジタル化");
//! ```

mod charmap;
mod departments;
mod dict;
mod segment;
mod spaces;

pub use departments::{departments, find_departments, is_department};
pub use segment::{shared, Segmenter, Token};
pub use spaces::{join_lines, remove_spurious_spaces, remove_spurious_spaces_with};

/// Folds dash, tilde and double-bar variants (`～`→`〜`, `−`→`－`, `―`→`—`, `∥`→`‖`)
/// the way the dictionary was built; the result has the same byte length.
pub fn fold(text: &str) -> std::borrow::Cow<'_, str> {
    charmap::fold(text)
}

/// Errors building a [`Segmenter`].
#[derive(Debug, thiserror::Error)]
pub enum JtextError {
    /// Lindera rejected the embedded dictionary or a user dictionary.
    #[error("lindera: {0}")]
    Lindera(#[from] lindera::error::LinderaError),
    /// A user dictionary CSV had no entries.
    #[error("user dictionary has no entries")]
    EmptyUserDictionary,
}
