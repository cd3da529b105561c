//! Layout-family knowledge as data: one TOML format for every stage's vocabulary, built-in
//! files plus the user's, merged by one loader ([`ProfileSet`]).
//!
//! A profile file has one table per module (`[layout]`, `[cover]`, `[sections]`, `[cards]`, `[sheets]`,
//! `[tables]`, `[notes]`, `[blocks]` …), every key optional, plus two tables the loader reads:
//!
//! ```toml
//! [profile]
//! name = "suginami"
//! # the file applies to a document whose text contains one of these (omitted: always)
//! applies_when_any = ["主管課", "取組名"]
//!
//! [remove.cards]
//! # entries taken out of the lists merged so far
//! lead_labels = ["主管課"]
//! ```
//!
//! Merging: lists are appended (an entry already present is not repeated), tables merge key
//! by key, a later scalar replaces an earlier one; `[remove.MODULE]` then takes entries out.
//! Unknown modules and keys are errors, so a typo never passes silently.

use crate::StructureError;
use serde::Deserialize;
use toml::{Table, Value};

/// Every module's profile, merged and ready for the readers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Profiles {
    /// Layout vocabulary (page numbers, contents pages, paragraph markers), which the CLI
    /// hands to `keikaku_layout::analyze_with`.
    pub layout: keikaku_model::LayoutProfile,
    pub cover: crate::cover::CoverProfile,
    pub sections: crate::sections::SectionProfile,
    pub cards: crate::cards::CardProfile,
    pub sheets: crate::sheets::SheetProfile,
    pub tables: crate::tables::TableProfile,
    pub notes: crate::notes::NoteProfile,
    pub blocks: crate::blocks::BlockProfile,
    pub figures: crate::figures::FigureProfile,
    pub policies: crate::policies::PolicyProfile,
    pub indicators: crate::indicators::IndicatorProfile,
    pub rows: crate::rows::RowProfile,
}

/// The built-in profile files, in merge order.
const BUILTIN: &[(&str, &str)] = &[
    ("layout.toml", keikaku_model::BUILTIN_LAYOUT_PROFILE),
    ("common.toml", include_str!("../profiles/common.toml")),
    ("suginami.toml", include_str!("../profiles/suginami.toml")),
];

/// The loader's own tables in a profile file.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct Header {
    name: Option<String>,
    applies_when_any: Vec<String>,
}

/// One profile file, parsed but not merged.
#[derive(Debug, Clone)]
struct ProfileFile {
    name: String,
    applies_when_any: Vec<String>,
    /// The module tables.
    modules: Table,
    /// `[remove.MODULE]` lists.
    remove: Table,
}

impl ProfileFile {
    fn parse(name: &str, text: &str) -> Result<ProfileFile, StructureError> {
        let mut modules: Table = toml::from_str(text)?;
        let header: Header = match modules.remove("profile") {
            Some(v) => v.try_into()?,
            None => Header::default(),
        };
        let remove = match modules.remove("remove") {
            Some(Value::Table(t)) => t,
            Some(_) => return Err(StructureError::Invalid("[remove] must be a table".into())),
            None => Table::new(),
        };
        // The file alone must be a valid profile: unknown modules or keys fail here.
        Profiles::deserialize(Value::Table(modules.clone()))?;
        Ok(ProfileFile {
            name: header.name.unwrap_or_else(|| name.to_string()),
            applies_when_any: header.applies_when_any,
            modules,
            remove,
        })
    }

    /// True when the file applies to a document with this text.
    fn applies_to(&self, text: &str) -> bool {
        self.applies_when_any.is_empty()
            || self
                .applies_when_any
                .iter()
                .any(|w| !w.is_empty() && text.contains(w.as_str()))
    }
}

/// The profile files in merge order: the built-in ones, then the user's.
#[derive(Debug, Clone)]
pub struct ProfileSet {
    files: Vec<ProfileFile>,
}

impl Default for ProfileSet {
    fn default() -> Self {
        ProfileSet::builtin()
    }
}

impl ProfileSet {
    /// The built-in files (`crates/structure/profiles/*.toml`).
    pub fn builtin() -> ProfileSet {
        let files = BUILTIN
            .iter()
            .filter_map(|(name, text)| match ProfileFile::parse(name, text) {
                Ok(f) => Some(f),
                // The built-in files are tested; a broken one is a build defect.
                Err(e) => {
                    debug_assert!(false, "{name}: {e}");
                    None
                }
            })
            .collect();
        ProfileSet { files }
    }

    /// The set with a user's file added last; `name` labels it in errors.
    pub fn with_file(mut self, name: &str, text: &str) -> Result<ProfileSet, StructureError> {
        let file = ProfileFile::parse(name, text)?;
        self.files.push(file);
        // Removals must name lists that exist, so a misspelt one is an error.
        self.merge(|_| true)?;
        Ok(self)
    }

    /// The names of the files that apply to a document with this text, in merge order.
    pub fn applying(&self, text: &str) -> Vec<&str> {
        self.files
            .iter()
            .filter(|f| f.applies_to(text))
            .map(|f| f.name.as_str())
            .collect()
    }

    /// The profiles for a document with this text: files whose `applies_when_any` words
    /// occur in it (and those without such words), merged in order.
    pub fn for_text(&self, text: &str) -> Profiles {
        self.merge(|f| f.applies_to(text)).unwrap_or_default()
    }

    /// Every file merged, whatever the document.
    pub fn all(&self) -> Profiles {
        self.merge(|_| true).unwrap_or_default()
    }

    fn merge(&self, keep: impl Fn(&ProfileFile) -> bool) -> Result<Profiles, StructureError> {
        let mut merged = Table::new();
        for f in self.files.iter().filter(|f| keep(f)) {
            merge_table(&mut merged, f.modules.clone());
            remove_entries(&mut merged, &f.remove, &f.name)?;
        }
        Ok(Profiles::deserialize(Value::Table(merged))?)
    }
}

/// `add` merged into `base`: tables key by key, lists appended without repeats, scalars
/// replaced.
fn merge_table(base: &mut Table, add: Table) {
    for (k, v) in add {
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(a)) => merge_table(b, a),
            (Some(Value::Array(b)), Value::Array(a)) => {
                for x in a {
                    if !b.contains(&x) {
                        b.push(x);
                    }
                }
            }
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// Takes the entries listed in `remove` (`{module: {key: [entries]}}`) out of `base`.
fn remove_entries(base: &mut Table, remove: &Table, file: &str) -> Result<(), StructureError> {
    for (module, keys) in remove {
        let Value::Table(keys) = keys else {
            return Err(StructureError::Invalid(format!(
                "{file}: [remove.{module}] must be a table of lists"
            )));
        };
        for (key, entries) in keys {
            let list = base
                .get_mut(module)
                .and_then(Value::as_table_mut)
                .and_then(|t| t.get_mut(key))
                .and_then(Value::as_array_mut);
            let (Some(list), Value::Array(entries)) = (list, entries) else {
                return Err(StructureError::Invalid(format!(
                    "{file}: remove.{module}.{key}: no such list to remove from"
                )));
            };
            list.retain(|x| !entries.contains(x));
        }
    }
    Ok(())
}

impl Profiles {
    /// Every built-in profile merged (what the tests of single readers use).
    pub fn builtin() -> Profiles {
        ProfileSet::builtin().all()
    }

    /// A profile from TOML text alone (no built-in entries).
    pub fn from_toml(text: &str) -> Result<Profiles, StructureError> {
        Ok(ProfileSet {
            files: vec![ProfileFile::parse("profile", text)?],
        }
        .all())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_files_parse() {
        for (name, text) in BUILTIN {
            ProfileFile::parse(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn unknown_table_or_key_is_an_error() {
        assert!(Profiles::from_toml("[nonsense]\nx = 1\n").is_err());
        assert!(Profiles::from_toml("[cards]\nlead_lables = [\"担当\"]\n").is_err());
        assert!(Profiles::from_toml("[profile]\nnmae = \"x\"\n").is_err());
    }

    #[test]
    fn a_user_file_adds_and_removes() {
        let set = ProfileSet::builtin()
            .with_file(
                "user.toml",
                "[cards]\nlead_labels = [\"担当所属\"]\n[remove.cards]\nlead_labels = [\"主管課\"]\n",
            )
            .expect("valid");
        let p = set.all();
        assert!(p.cards.lead_labels.contains(&"担当所属".to_string()));
        assert!(!p.cards.lead_labels.contains(&"主管課".to_string()));
    }

    #[test]
    fn removing_from_a_missing_list_is_an_error() {
        let err = ProfileSet::builtin()
            .with_file("user.toml", "[remove.cards]\nlead_lables = [\"主管課\"]\n")
            .expect_err("misspelt");
        assert!(
            err.to_string().contains("remove.cards.lead_lables"),
            "{err}"
        );
    }

    #[test]
    fn family_files_apply_only_where_their_words_occur() {
        let set = ProfileSet::builtin();
        assert_eq!(set.applying("第1章 総論"), ["layout", "common"]);
        let plan = "【方針１】 区民サービスの向上 取組名 主管課";
        assert_eq!(set.applying(plan), ["layout", "common", "suginami"]);
        assert!(set
            .for_text(plan)
            .cards
            .legend_prefixes
            .contains(&"○".to_string()));
        assert!(set.for_text("第1章 総論").cards.legend_prefixes.is_empty());
        // general card labels apply to every document
        assert!(set
            .for_text("第1章")
            .cards
            .lead_labels
            .contains(&"主管課".to_string()));
    }

    #[test]
    fn the_layout_vocabulary_is_part_of_the_profiles() {
        let p = ProfileSet::builtin().all();
        assert!(p.layout.item_start.contains(&"★".to_string()));
        assert!(p.layout.page_number.contains(&"-#-".to_string()));
        let p = ProfileSet::builtin()
            .with_file(
                "user.toml",
                "[layout]\ncontents_heading = [\"目録\"]\n[remove.layout]\nitem_start = [\"★\"]\n",
            )
            .expect("valid")
            .all();
        assert!(p.layout.contents_heading.contains(&"目録".to_string()));
        assert!(!p.layout.item_start.contains(&"★".to_string()));
    }

    #[test]
    fn lists_do_not_repeat_and_scalars_are_replaced() {
        let set = ProfileSet::builtin()
            .with_file(
                "user.toml",
                "[blocks]\nbullets = [\"・\", \"➢\"]\n[tables]\ncaption_max_chars = 60\n",
            )
            .expect("valid");
        let p = set.all();
        assert_eq!(p.blocks.bullets.iter().filter(|b| *b == "・").count(), 1);
        assert!(p.blocks.bullets.contains(&"➢".to_string()));
        assert_eq!(p.tables.caption_max_chars, 60);
    }
}
