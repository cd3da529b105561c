//! Types shared by every keikaku stage, and nothing else: no behaviour beyond small
//! geometric helpers and the reader text of a paragraph's lines ([`paragraph_text`]), which
//! layout and structure both need.
//!
//! - [`pdf`]: what extraction produces — [`Page`]s of [`Glyph`]s, [`Ruling`]s and [`Rect`]s.
//! - [`layout`]: what layout analysis produces — lines, blocks, table grids, boxes.
//! - [`document`]: the output document of `../shared/docs/CONTRACT.md` (`schema = "keikaku/1"`).
//! - [`Warned`] and [`Warning`]: recoverable problems travel with the output.
//!
//! Coordinates are PDF points with the origin at the top-left of the (rotated) page.
//!
//! ```
//! use keikaku_model::BBox;
//! let a = BBox::new(0.0, 0.0, 10.0, 10.0);
//! assert!(a.contains(&BBox::new(2.0, 2.0, 3.0, 3.0)));
//! ```

pub mod document;
pub mod geom;
pub mod layout;
pub mod pdf;

pub use document::*;
pub use geom::BBox;
pub use layout::*;
pub use pdf::*;

use serde::{Deserialize, Serialize};

/// A recoverable problem found while processing a document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Warning {
    /// 1-based page number, if the problem belongs to a page.
    pub page: Option<u32>,
    /// Short machine-readable code, e.g. `font-no-unicode`.
    pub code: String,
    /// Human-readable explanation.
    pub message: String,
}

impl Warning {
    /// A warning on `page` (1-based) with a code and message.
    pub fn new(page: Option<u32>, code: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            page,
            code: code.into(),
            message: message.into(),
        }
    }
}

/// A value together with the warnings produced while computing it.
#[derive(Debug, Clone, Default)]
pub struct Warned<T> {
    /// The result.
    pub value: T,
    /// Recoverable problems met on the way.
    pub warnings: Vec<Warning>,
}

impl<T> Warned<T> {
    /// Wraps `value` with `warnings`.
    pub fn new(value: T, warnings: Vec<Warning>) -> Self {
        Warned { value, warnings }
    }
}
