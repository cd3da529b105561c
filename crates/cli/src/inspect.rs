//! `keikaku inspect`: one self-contained HTML page showing how a PDF was read.
//!
//! Each page is drawn as SVG from the extracted glyphs, rulings and rectangles, with the
//! detected structure on top: table grids and cells, bordered boxes, initiatives, running
//! headers/footers, ※ markers linked to their notes, and the reading order as numbered
//! arrows. The side panel holds the document JSON as a tree (`inspect.js`): clicking any
//! node outlines on the pages where it came from (its `source` spans, a table's `page` and
//! `bbox`, or a string's sibling `*_source` entry); clicking an outlined element shows its
//! JSON there. Below 760 px of width the panel goes above the pages.

use crate::pipeline::Stages;
use keikaku_model::{BBox, Initiative, Item, Line, Page, PageLayout};
use std::fmt::Write as _;

/// The HTML report for one document's stages; `pages` limits it to an inclusive range of
/// 1-based page numbers.
pub fn report(stages: &Stages, pages: Option<(u32, u32)>) -> String {
    let doc = serde_json::to_value(&stages.document).unwrap_or_default();
    report_with(stages, &doc, pages)
}

/// [`report`] with `doc` as the document JSON of the panel (any JSON: the panel reads
/// `source`, `page`/`bbox` and `*_source(s)` keys wherever they are).
pub fn report_with(stages: &Stages, doc: &serde_json::Value, pages: Option<(u32, u32)>) -> String {
    let meta = &stages.document;
    let mut html = String::with_capacity(1 << 20);
    let title = esc(meta.title.as_deref().unwrap_or(&meta.source.file));
    let _ = write!(
        html,
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>keikaku inspect: {title}</title><style>{CSS}</style></head><body>\
         <header><b>keikaku inspect</b> {file} — {title} <span class=\"layers\">{toggles}</span></header><main><div id=\"pages\">",
        file = esc(&meta.source.file),
        toggles = LAYERS
            .iter()
            .map(|(class, label)| format!("<label class=\"k-{class}\"><input type=\"checkbox\" checked data-layer=\"{class}\">{label}</label>"))
            .collect::<String>(),
    );
    for (i, page) in stages.pages.iter().enumerate() {
        if pages.is_some_and(|(a, b)| page.number < a || page.number > b) {
            continue;
        }
        let layout = stages.layout.pages.get(i);
        page_svg(&mut html, page, layout, &meta.initiatives);
    }
    let _ = write!(
        html,
        "</div><aside id=\"panel\"><div class=\"bar\"><button id=\"to-doc\" hidden>← document</button>\
         <span id=\"where\"></span></div><div id=\"json\" class=\"tree\"></div></aside></main>\
         <script type=\"application/json\" id=\"doc-json\">{}</script><script>{JS}</script></body></html>",
        script_json(doc)
    );
    html
}

/// JSON for a `<script type="application/json">`: `<` only occurs inside strings, where
/// `\u003c` means the same, so no `</script>` can end the element early.
fn script_json(v: &serde_json::Value) -> String {
    v.to_string().replace('<', "\\u003c")
}

/// Overlay layers: CSS class and legend label.
const LAYERS: &[(&str, &str)] = &[
    ("initiative", "initiatives"),
    ("table", "tables"),
    ("cell", "cells"),
    ("box", "boxes"),
    ("furniture", "header/footer"),
    ("order", "reading order"),
    ("note", "※ notes"),
    ("ruling", "rulings"),
];

fn page_svg(
    html: &mut String,
    page: &Page,
    layout: Option<&PageLayout>,
    initiatives: &[Initiative],
) {
    let (w, h) = (page.width.max(1.0), page.height.max(1.0));
    let _ = write!(
        html,
        "<section class=\"page\" id=\"page-{n}\"><h2>page {n}</h2><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{sw}\" data-page=\"{n}\">\
         <rect class=\"paper\" x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\"/>",
        n = page.number,
        sw = (w * 1.5).round()
    );
    for r in &page.rects {
        let fill = r.fill.map_or("none".to_string(), |c| {
            format!("rgb({},{},{})", c[0], c[1], c[2])
        });
        let _ = write!(
            html,
            "<rect class=\"shape\" {} fill=\"{fill}\"/>",
            rect_attrs(&r.bbox)
        );
    }
    for r in &page.rulings {
        let _ = write!(
            html,
            "<line class=\"ruling\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"/>",
            r.x0, r.y0, r.x1, r.y1
        );
    }
    html.push_str("<g class=\"glyphs\">");
    for g in &page.glyphs {
        if g.text.trim().is_empty() {
            continue;
        }
        // baseline: the box bottom less the descent (upright glyphs in vertical text too)
        let (x, y) = (g.bbox.x0, g.bbox.y1 - g.size * 0.12);
        let _ = write!(
            html,
            "<text x=\"{x:.1}\" y=\"{y:.1}\" font-size=\"{:.1}\">{}</text>",
            g.size.max(1.0),
            esc(&g.text)
        );
    }
    html.push_str("</g>");
    if let Some(l) = layout {
        overlays(html, l, initiatives);
    }
    html.push_str("</svg></section>");
}

fn overlays(html: &mut String, l: &PageLayout, initiatives: &[Initiative]) {
    for b in &l.boxes {
        outline(html, "box", &b.bbox, &serde_json::json!({"box": b}));
    }
    for t in &l.tables {
        for c in &t.cells {
            let json = serde_json::json!({"cell": {"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan, "text": c.lines_text()}});
            outline(html, "cell", &c.bbox, &json);
        }
        let json = serde_json::json!({"table": {"page": t.page, "rows": t.n_rows(), "cols": t.n_cols(), "continues_previous": t.continues_previous,
            "cells": t.cells.iter().map(|c| c.lines_text()).collect::<Vec<_>>()}});
        outline(html, "table", &t.bbox, &json);
    }
    for f in &l.furniture {
        outline(
            html,
            "furniture",
            &f.bbox,
            &serde_json::json!({"furniture": f.text}),
        );
    }
    for ini in initiatives
        .iter()
        .filter(|i| i.pages.first() == Some(&l.number))
    {
        if let Some(b) = initiative_bbox(l, ini) {
            outline(
                html,
                "initiative",
                &b,
                &serde_json::json!({"initiative": ini}),
            );
        }
    }
    notes(html, l);
    reading_order(html, l);
}

/// Where an initiative sits: the table (or block) holding its title on its first page.
fn initiative_bbox(l: &PageLayout, ini: &Initiative) -> Option<BBox> {
    let key: String = ini
        .title
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(12)
        .collect();
    if key.is_empty() {
        return None;
    }
    let has = |lines: &[Line]| {
        let t: String = lines
            .iter()
            .flat_map(|x| x.text.chars())
            .filter(|c| !c.is_whitespace())
            .collect();
        t.contains(&key)
    };
    for t in &l.tables {
        if t.cells.iter().any(|c| has(&c.lines)) {
            return Some(t.bbox);
        }
    }
    l.items.iter().find_map(|it| match it {
        Item::Block(b) if has(&b.lines) => Some(b.bbox),
        _ => None,
    })
}

/// ※ markers in body lines linked to the lines that start with the same marker.
fn notes(html: &mut String, l: &PageLayout) {
    let lines: Vec<&Line> = all_lines(l);
    for target in lines.iter().filter(|x| x.text.starts_with('※')) {
        let marker: String = target
            .text
            .chars()
            .take_while(|c| *c == '※' || c.is_ascii_digit() || ('０'..='９').contains(c))
            .collect();
        if marker.chars().count() < 2 {
            continue;
        }
        for src in lines
            .iter()
            .filter(|x| !x.text.starts_with('※') && x.text.contains(&marker))
        {
            let _ = write!(
                html,
                "<line class=\"note\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"><title>{}</title></line>",
                src.bbox.x1, src.bbox.center_y(), target.bbox.x0, target.bbox.center_y(), esc(&marker)
            );
            outline(
                html,
                "note",
                &src.bbox,
                &serde_json::json!({"marker": marker, "in": src.text, "note": target.text}),
            );
        }
    }
}

fn all_lines(l: &PageLayout) -> Vec<&Line> {
    let mut v = Vec::new();
    for it in &l.items {
        match it {
            Item::Block(b) => v.extend(b.lines.iter()),
            Item::Table(i) => {
                if let Some(t) = l.tables.get(*i) {
                    v.extend(t.cells.iter().flat_map(|c| c.lines.iter()));
                }
            }
        }
    }
    v
}

/// Numbered markers at each body item, joined by arrows in reading order.
fn reading_order(html: &mut String, l: &PageLayout) {
    let anchors: Vec<(f32, f32)> = l
        .items
        .iter()
        .filter_map(|it| match it {
            Item::Block(b) => Some(b.bbox),
            Item::Table(i) => l.tables.get(*i).map(|t| t.bbox),
        })
        .map(|b| (b.x0 - 4.0, b.y0 + 4.0))
        .collect();
    for w in anchors.windows(2) {
        let _ = write!(
            html,
            "<line class=\"order arrow\" x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\" marker-end=\"url(#arrow)\"/>",
            w[0].0, w[0].1, w[1].0, w[1].1
        );
    }
    for (i, (x, y)) in anchors.iter().enumerate() {
        let _ = write!(
            html,
            "<g class=\"order\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4.5\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"5.5\" text-anchor=\"middle\">{}</text></g>",
            y + 2.0,
            i + 1
        );
    }
    html.push_str("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"5\" markerHeight=\"5\" orient=\"auto\"><path d=\"M0,0L10,5L0,10z\" fill=\"#d33\"/></marker></defs>");
}

fn outline(html: &mut String, class: &str, b: &BBox, json: &serde_json::Value) {
    let _ = write!(
        html,
        "<rect class=\"{class} pick\" {} data-json=\"{}\"/>",
        rect_attrs(b),
        esc(&json.to_string())
    );
}

fn rect_attrs(b: &BBox) -> String {
    format!(
        "x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"",
        b.x0,
        b.y0,
        b.width().max(0.5),
        b.height().max(0.5)
    )
}

/// XML/HTML escape for text and attribute values.
/// `s` for HTML text and double-quoted attributes, control characters (which SVG text
/// cannot hold) dropped.
fn esc(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| (c as u32) >= 0x20 || c == '\n' || c == '\t')
        .collect();
    html_escape::encode_double_quoted_attribute(&clean).into_owned()
}

const CSS: &str = r#"
body{margin:0;font-family:sans-serif;background:#ddd}
header{position:sticky;top:0;background:#222;color:#eee;padding:6px 10px;z-index:2;font-size:13px}
header label{margin-left:10px;cursor:pointer;white-space:nowrap}
main{display:flex;align-items:flex-start}
#pages{flex:1 1 auto;min-width:0;padding:10px}
.page{background:#bbb;margin-bottom:16px;padding:4px}
.page h2{font-size:12px;margin:2px}
svg{background:#fff;display:block;max-width:100%;height:auto}
.paper{fill:#fff}
.glyphs text{fill:#111;font-family:'IPAexGothic','Noto Sans CJK JP',sans-serif}
.shape{opacity:.35}
.ruling{stroke:#888;stroke-width:.6}
.pick{fill:transparent;cursor:pointer}
.initiative{stroke:#e07000;stroke-width:2.2;fill:rgba(255,160,0,.05)}
.table{stroke:#0050d0;stroke-width:1.4}
.cell{stroke:#49f;stroke-width:.5;stroke-dasharray:2 1}
.box{stroke:#0a0;stroke-width:1.2;stroke-dasharray:4 2}
.furniture{stroke:#a0a;stroke-width:1;fill:rgba(160,0,160,.12)}
.note{stroke:#c00;stroke-width:.8}
line.note{stroke-dasharray:3 2}
.order circle{fill:#d33}
.order text{fill:#fff;font-weight:bold}
.arrow{stroke:#d33;stroke-width:.7;opacity:.7}
.pick:hover{fill:rgba(255,255,0,.25)}
.selected{fill:rgba(255,230,0,.35)!important}
.src-outline{fill:rgba(0,200,255,.18);stroke:#00a8e8;stroke-width:2;pointer-events:none}
#panel{flex:0 0 clamp(340px,36vw,600px);box-sizing:border-box;position:sticky;top:30px;height:calc(100vh - 40px);overflow:auto;background:#fafafa;border-left:1px solid #999;padding:8px;font-size:13px}
#panel .bar{position:sticky;top:-8px;background:#fafafa;padding:4px 0;border-bottom:1px solid #ccc;margin-bottom:4px}
#where{color:#036;overflow-wrap:anywhere}
.tree{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;line-height:1.45}
.tree .jn{margin-left:12px;white-space:pre-wrap;overflow-wrap:anywhere;cursor:pointer}
.tree>.jn{margin-left:0}
.tree summary{list-style-position:outside}
.jk{color:#555}.jstring{color:#064}.jnumber{color:#a30}.jboolean,.jnull{color:#60a}.jp{color:#888}
.jsel>summary,div.jsel{background:#cdf3ff}
@media (max-width:760px){main{flex-direction:column}#pages{width:100%;box-sizing:border-box}#panel{order:-1;position:static;width:100%;height:auto;max-height:45vh;flex:none;border-left:0;border-bottom:1px solid #999}}
.k-initiative{color:#ffb050}.k-table{color:#7af}.k-cell{color:#9cf}.k-box{color:#6d6}.k-furniture{color:#e8e}.k-order{color:#f77}.k-note{color:#f88}
"#;

/// The page's script: overlays, layer switches and the JSON panel.
const JS: &str = include_str!("inspect.js");
