//! The layout reference of a fixture (`fixtures/NAME.layout.json`): a compact, stable
//! summary of what layout analysis produced, so `keikaku check` shows a layout regression as
//! a layout difference (`layout.pages[2].items[4].block.lines[0].text: … → …`).
//!
//! Per page: the body items in reading order (blocks with their reader text and lines, each
//! line's text, bbox and size; table references), the table grids (edges, cells with their
//! reader text), boxes and furniture; then the tables joined across pages. Coordinates are
//! rounded to 0.1 pt; per-char x positions, rects and rulings are left out.

use keikaku_model::{BBox, Block, Item, Layout, Line, PageLayout, TableGrid};
use serde_json::{json, Map, Value};

/// A coordinate rounded to 0.1 pt.
fn round(x: f32) -> Value {
    let r = (f64::from(x) * 10.0).round() / 10.0;
    // -0.0 and 0.0 print differently; both are 0
    json!(if r == 0.0 { 0.0 } else { r })
}

fn bbox(b: &BBox) -> Value {
    Value::Array([b.x0, b.y0, b.x1, b.y1].into_iter().map(round).collect())
}

fn line(l: &Line) -> Value {
    let mut m = Map::new();
    m.insert("text".into(), json!(l.text));
    m.insert("bbox".into(), bbox(&l.bbox));
    m.insert("size".into(), round(l.size));
    for (k, on) in [
        ("bold", l.bold),
        ("emphasis", l.emphasis),
        ("vertical", l.vertical),
    ] {
        if on {
            m.insert(k.into(), json!(true));
        }
    }
    Value::Object(m)
}

fn block(b: &Block) -> Value {
    json!({
        "bbox": bbox(&b.bbox),
        "text": b.text,
        "lines": b.lines.iter().map(line).collect::<Vec<_>>(),
    })
}

fn table(t: &TableGrid) -> Value {
    let cells: Vec<Value> = t
        .cells
        .iter()
        .map(|c| {
            json!({
                "at": [c.row, c.col, c.rowspan, c.colspan],
                "bbox": bbox(&c.bbox),
                "text": c.text,
            })
        })
        .collect();
    let mut m = Map::new();
    m.insert("bbox".into(), bbox(&t.bbox));
    m.insert(
        "row_edges".into(),
        t.row_edges.iter().copied().map(round).collect(),
    );
    m.insert(
        "col_edges".into(),
        t.col_edges.iter().copied().map(round).collect(),
    );
    if t.continues_previous {
        m.insert("continues_previous".into(), json!(true));
        m.insert("repeated_header_rows".into(), json!(t.repeated_header_rows));
    }
    m.insert("cells".into(), Value::Array(cells));
    Value::Object(m)
}

fn page(p: &PageLayout) -> Value {
    let items: Vec<Value> = p
        .items
        .iter()
        .map(|it| match it {
            Item::Block(b) => json!({ "block": block(b) }),
            Item::Table(t) => json!({ "table": t }),
        })
        .collect();
    let boxes: Vec<Value> = p
        .boxes
        .iter()
        .map(|b| match b.fill {
            Some(rgb) => json!({"bbox": bbox(&b.bbox), "fill": rgb}),
            None => json!({"bbox": bbox(&b.bbox)}),
        })
        .collect();
    json!({
        "number": p.number,
        "size": [round(p.width), round(p.height)],
        "contents": p.is_contents,
        "items": items,
        "tables": p.tables.iter().map(table).collect::<Vec<_>>(),
        "boxes": boxes,
        "furniture": p.furniture.iter().map(line).collect::<Vec<_>>(),
    })
}

/// The summary of a layout (see the module doc).
pub fn summary(layout: &Layout) -> Value {
    let joined: Vec<Value> = layout
        .joined
        .iter()
        .map(|j| {
            json!({
                "pages": j.pages,
                "parts": j.parts.iter().map(|p| [p.page_index, p.table_index]).collect::<Vec<_>>(),
                "rows": j.grid.n_rows(),
                "cols": j.grid.n_cols(),
                "cells": j.grid.cells.len(),
                "continued_by_next": j.continued_by_next,
            })
        })
        .collect();
    json!({
        "pages": layout.pages.iter().map(page).collect::<Vec<_>>(),
        "joined": joined,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_are_rounded_and_small_values_stay_on_one_line() {
        let l = Line {
            text: "計画".into(),
            bbox: BBox::new(10.04, -0.01, 30.0, 20.06),
            size: 10.5,
            ..Default::default()
        };
        assert_eq!(
            line(&l),
            json!({"text": "計画", "bbox": [10.0, 0.0, 30.0, 20.1], "size": 10.5})
        );
        let text =
            crate::compact_json::to_text(&json!({"lines": [line(&l)], "long": "あ".repeat(120)}));
        assert!(
            text.contains("\n  \"lines\": [{\"text\":\"計画\""),
            "{text}"
        );
        let back: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(back["lines"][0]["size"], json!(10.5));
    }
}
