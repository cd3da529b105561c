//! Tables that are not part of an initiative (KPI results and others).

use crate::profile::Merge;
use crate::Claimed;
use keikaku_model::{Layout, Table, Warning};
use serde::Deserialize;

/// Table knowledge (caption patterns …).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TableProfile {}

impl Merge for TableProfile {
    fn merge(&mut self, _other: Self) {}
}

/// Every table of `layout` not in `claimed`.
pub fn read(_layout: &Layout, _p: &TableProfile, _claimed: &Claimed, _warnings: &mut Vec<Warning>) -> Vec<Table> {
    Vec::new()
}
