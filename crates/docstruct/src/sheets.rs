//! (in progress)

use crate::profile::Merge;
use crate::sections::Sections;
use crate::{Claimed, Profiles};
use keikaku_model::{Initiative, Layout, Warning};
use serde::Deserialize;

/// Labels and markers of this layout family.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SheetProfile {}

impl Merge for SheetProfile {
    fn merge(&mut self, _other: Self) {}
}

/// Finds the initiatives of this layout family; marks the tables they use in `claimed`.
pub fn read(
    _layout: &Layout,
    _profiles: &Profiles,
    _sections: &Sections,
    _claimed: &mut Claimed,
    _warnings: &mut Vec<Warning>,
) -> Vec<Initiative> {
    Vec::new()
}
