//! The section tree (【方針1】, (1), 推進方針１, １ 背景・目的, Ⅰ, ① …).

use crate::profile::Merge;
use keikaku_model::{Layout, Section};
use serde::Deserialize;

/// Heading patterns by level.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SectionProfile {}

impl Merge for SectionProfile {
    fn merge(&mut self, _other: Self) {}
}

/// The headings found, with where they stand.
#[derive(Debug, Clone, Default)]
pub struct Sections {
    /// Headings in document order.
    pub list: Vec<Section>,
}

impl Sections {
    /// The headings (as printed) enclosing a point at `y` on page `page` (1-based), outermost first.
    pub fn path_at(&self, _page: u32, _y: f32) -> Vec<String> {
        Vec::new()
    }
}

/// Finds the headings of `layout`.
pub fn read(_layout: &Layout, _p: &SectionProfile) -> Sections {
    Sections::default()
}
