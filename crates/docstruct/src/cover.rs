//! Title, subtitle, municipality, doc_type and plan period, from the cover page.

use crate::profile::Merge;
use keikaku_model::{Layout, PlanPeriod};
use serde::Deserialize;

/// Cover-page knowledge.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CoverProfile {}

impl Merge for CoverProfile {
    fn merge(&mut self, _other: Self) {}
}

/// What the cover says.
#[derive(Debug, Clone, Default)]
pub struct Cover {
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub municipality: Option<String>,
    pub doc_type: Option<String>,
    pub plan_period: Option<PlanPeriod>,
}

/// Reads the cover of `layout`.
pub fn read(_layout: &Layout, _p: &CoverProfile) -> Cover {
    Cover::default()
}
