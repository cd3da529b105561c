//! Layout-family knowledge as data: one TOML table per module, built-in files plus the user's.

use crate::StructureError;
use serde::Deserialize;

/// Every module's profile. A TOML file has one table per module: `[cover]`, `[sections]`,
/// `[cards]`, `[sheets]`, `[tables]`, `[notes]`, `[blocks]`, `[rows]`; every key is optional.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profiles {
    pub cover: crate::cover::CoverProfile,
    pub sections: crate::sections::SectionProfile,
    pub cards: crate::cards::CardProfile,
    pub sheets: crate::sheets::SheetProfile,
    pub tables: crate::tables::TableProfile,
    pub notes: crate::notes::NoteProfile,
    pub blocks: crate::blocks::BlockProfile,
    pub rows: crate::rows::RowProfile,
}

/// Adding one profile's lists to another's (user data extends the built-in).
pub trait Merge {
    /// Appends `other`'s entries to `self`'s.
    fn merge(&mut self, other: Self);
}

/// The built-in profile files, in merge order.
const BUILTIN: &[(&str, &str)] = &[
    ("common.toml", include_str!("../profiles/common.toml")),
    ("suginami.toml", include_str!("../profiles/suginami.toml")),
    ("kokubunji.toml", include_str!("../profiles/kokubunji.toml")),
];

impl Profiles {
    /// The built-in profiles (`crates/structure/profiles/*.toml`).
    pub fn builtin() -> Profiles {
        let mut p = Profiles::default();
        for (name, text) in BUILTIN {
            match Profiles::from_toml(text) {
                Ok(x) => p = p.merged(x),
                // The built-in files are tested; a broken one is a build defect.
                Err(e) => debug_assert!(false, "{name}: {e}"),
            }
        }
        p
    }

    /// A profile from TOML text.
    pub fn from_toml(text: &str) -> Result<Profiles, StructureError> {
        Ok(toml::from_str(text)?)
    }

    /// `self` extended by `other`.
    pub fn merged(mut self, other: Profiles) -> Profiles {
        self.cover.merge(other.cover);
        self.sections.merge(other.sections);
        self.cards.merge(other.cards);
        self.sheets.merge(other.sheets);
        self.tables.merge(other.tables);
        self.notes.merge(other.notes);
        self.blocks.merge(other.blocks);
        self.rows.merge(other.rows);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse() {
        for (name, text) in BUILTIN {
            Profiles::from_toml(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn unknown_table_is_an_error() {
        assert!(Profiles::from_toml("[nonsense]\nx = 1\n").is_err());
    }
}
