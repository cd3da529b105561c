//! Emphasis by face: a Japanese text set in a regular face (明朝) marks headings by setting
//! them in a gothic face rather than a bold weight. When most glyphs of a document are in
//! a regular face, its emphasis-face fonts are marked (`FontInfo::emphasis`, read into
//! `Line::emphasis`); font-name parts come from the layout profile (`data/layout.toml`).

use crate::data::Knowledge;
use keikaku_model::{FontInfo, Page};
use std::borrow::Cow;

/// Share of glyphs in a regular face from which the document's text is regular.
const REGULAR_SHARE: f32 = 0.6;

/// True when the lower-cased `name` contains one of `parts`.
fn has(name: &str, parts: &[String]) -> bool {
    let n = name.to_lowercase();
    parts.iter().any(|p| n.contains(p.as_str()))
}

/// The pages with their emphasis-face fonts marked when the document's text is set in a
/// regular face; the pages unchanged otherwise.
pub fn mark<'a>(pages: Vec<Cow<'a, Page>>, k: &Knowledge) -> Vec<Cow<'a, Page>> {
    let (mut regular, mut all) = (0usize, 0usize);
    for p in &pages {
        let faces: Vec<bool> = p
            .fonts
            .iter()
            .map(|f| has(&f.name, &k.regular_font))
            .collect();
        all += p.glyphs.len();
        regular += p
            .glyphs
            .iter()
            .filter(|g| faces.get(g.font as usize).copied().unwrap_or(false))
            .count();
    }
    if all == 0 || (regular as f32) < all as f32 * REGULAR_SHARE {
        return pages;
    }
    let emphasis = |f: &FontInfo| has(&f.name, &k.emphasis_font);
    pages
        .into_iter()
        .map(|p| {
            if !p.fonts.iter().any(emphasis) {
                return p;
            }
            let mut owned = p.into_owned();
            for f in owned.fonts.iter_mut().filter(|f| emphasis(f)) {
                f.emphasis = true;
            }
            Cow::Owned(owned)
        })
        .collect()
}
