//! The IPADIC dictionary built by `build.rs`, embedded in the binary, and user
//! dictionaries built from simple CSV rows (`surface,pos,reading`).

use lindera::dictionary::{Dictionary, UserDictionary};
use lindera_dictionary::builder::DictionaryBuilder;
use lindera_dictionary::dictionary::character_definition::CharacterDefinition;
use lindera_dictionary::dictionary::connection_cost_matrix::ConnectionCostMatrix;
use lindera_dictionary::dictionary::metadata::Metadata;
use lindera_dictionary::dictionary::prefix_dictionary::PrefixDictionary;
use lindera_dictionary::dictionary::unknown_dictionary::UnknownDictionary;
use std::sync::Arc;

use crate::JtextError;

/// 16-byte aligned bytes, so the cost matrix can be read in place as `[i16]`.
#[repr(C, align(16))]
struct Aligned<T: ?Sized>(T);

macro_rules! embed {
    ($file:literal) => {{
        static DATA: &Aligned<[u8]> =
            &Aligned(*include_bytes!(concat!(env!("OUT_DIR"), "/ipadic/", $file)));
        &DATA.0
    }};
}

/// The municipal user dictionary shipped in `dictionaries/user.csv`.
pub const USER_CSV: &str = include_str!("../../../dictionaries/user.csv");

/// Loads the embedded IPADIC (no I/O: the bytes are part of the binary).
pub fn ipadic() -> Result<Dictionary, JtextError> {
    let metadata = Metadata::load(embed!("metadata.json"))?;
    metadata.validate_format_version()?;
    let prefix_dictionary = PrefixDictionary::load(
        embed!("dict.trie"),
        embed!("dict.valsidx"),
        embed!("dict.vals"),
        embed!("dict.wordsidx"),
        embed!("dict.words"),
    )?;
    Ok(Dictionary {
        prefix_dictionary: Arc::new(prefix_dictionary),
        connection_cost_matrix: Arc::new(ConnectionCostMatrix::load(embed!("matrix.mtx"))?),
        character_definition: Arc::new(CharacterDefinition::load(embed!("char_def.bin"))?),
        unknown_dictionary: Arc::new(UnknownDictionary::load(embed!("unk.bin"))?),
        metadata: Arc::new(metadata),
    })
}

/// Builds a user dictionary from simple CSV rows, in memory.
///
/// Blank lines and `#` comment lines are dropped first; surfaces are folded with
/// [`crate::charmap::fold`] like the input text.
pub fn user_dictionary(metadata: &Metadata, csv: &str) -> Result<UserDictionary, JtextError> {
    let rows: String = csv
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| format!("{}\n", crate::charmap::fold(l)))
        .collect();
    if rows.is_empty() {
        return Err(JtextError::EmptyUserDictionary);
    }
    let builder = DictionaryBuilder::new(metadata.clone());
    Ok(builder.build_user_dict_from_reader(rows.as_bytes())?)
}
