//! Glossary (用語集, terms marked *) and loose ※ notes.

use crate::profile::Merge;
use keikaku_model::{Footnote, GlossaryEntry, Initiative, Layout};
use serde::Deserialize;

/// Glossary headings and note markers.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NoteProfile {}

impl Merge for NoteProfile {
    fn merge(&mut self, _other: Self) {}
}

/// Glossary entries and notes not attached to an initiative.
#[derive(Debug, Clone, Default)]
pub struct Notes {
    pub glossary: Vec<GlossaryEntry>,
    pub footnotes: Vec<Footnote>,
}

/// Reads the glossary and loose notes; notes already in `initiatives` are not repeated.
pub fn read(_layout: &Layout, _p: &NoteProfile, _initiatives: &[Initiative]) -> Notes {
    Notes::default()
}
