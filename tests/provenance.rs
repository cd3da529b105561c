//! Provenance (issue 12): for every unit with text in every fixture output, the glyphs that
//! extraction placed inside the unit's boxes spell its text. Glyphs come straight from
//! `keikaku-extract`, not from the layout the boxes were made from, so a box that misses or
//! shifts shows. Passing means every character of the text (NFKC, white space aside) is among
//! the glyphs inside; the boxes must also be tight (the median unit's boxes hold at most three
//! times its characters), so a page-sized box does not pass. Reads the repository's own
//! `fixtures/`.

use keikaku_model::{Document, Page, SectionBlock, Span};
use keikaku_testkit::pdfs_in;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A unit's text and boxes, by kind (`initiative`, `kpi`, `date`, `block` …).
struct Unit {
    kind: &'static str,
    text: String,
    source: Vec<Span>,
}

fn unit(out: &mut Vec<Unit>, kind: &'static str, text: &str, source: &[Span]) {
    if folded(text).is_empty() {
        return;
    }
    out.push(Unit {
        kind,
        text: text.to_string(),
        source: source.to_vec(),
    });
}

/// Every unit with text of a document.
fn units(doc: &Document) -> Vec<Unit> {
    let mut out = Vec::new();
    if let Some(t) = &doc.title {
        unit(&mut out, "title", t, &doc.title_source);
    }
    if let Some(t) = &doc.subtitle {
        unit(&mut out, "title", t, &doc.subtitle_source);
    }
    if let Some(p) = &doc.plan_period {
        unit(&mut out, "plan_period", &p.text, &p.source);
    }
    for s in &doc.sections {
        unit(&mut out, "section", &s.heading, &s.source);
    }
    for b in doc
        .preamble
        .iter()
        .chain(doc.sections.iter().flat_map(|s| &s.blocks))
    {
        block_units(&mut out, b);
    }
    for i in &doc.initiatives {
        unit(&mut out, "initiative", &i.title, &i.source);
        unit(&mut out, "initiative.title", &i.title, &i.title_source);
        if let Some(s) = &i.summary {
            unit(&mut out, "initiative.field", s, &i.summary_source);
        }
        for (k, v) in &i.fields {
            let src = i.field_sources.get(k).cloned().unwrap_or_default();
            unit(&mut out, "initiative.field", v, &src);
        }
        for (a, src) in i
            .actions
            .iter()
            .zip(pad(&i.action_sources, i.actions.len()))
        {
            unit(&mut out, "initiative.action", a, &src);
        }
        let lists = [
            (&i.lead_departments, &i.lead_department_sources),
            (&i.related_departments, &i.related_department_sources),
        ];
        for (names, srcs) in lists {
            for (d, src) in names.iter().zip(pad(srcs, names.len())) {
                unit(&mut out, "initiative.department", d, &src);
            }
        }
        let plans = pad(&i.related_plan_sources, i.related_plans.len());
        for (p, src) in i.related_plans.iter().zip(plans) {
            unit(&mut out, "initiative.plan", p, &src);
        }
        if let Some(n) = &i.number {
            unit(&mut out, "initiative.number", n, &i.number_source);
        }
        if let Some(r) = &i.revision_reason {
            unit(&mut out, "initiative.field", r, &i.revision_reason_source);
        }
        for k in &i.kpi {
            unit(&mut out, "kpi", &k.name, &k.source);
        }
        for e in &i.schedule {
            let (text, src) = match e {
                keikaku_model::ScheduleEntry::Year {
                    text,
                    label,
                    source,
                    ..
                } => (if text.trim().is_empty() { label } else { text }, source),
                keikaku_model::ScheduleEntry::Span { label, source, .. } => (label, source),
            };
            unit(&mut out, "schedule", text, src);
        }
        for f in &i.footnotes {
            unit(&mut out, "footnote", &f.text, &f.source);
        }
    }
    for t in &doc.tables {
        for (row, srcs) in t.rows.iter().zip(&t.cell_sources) {
            for (cell, src) in row.iter().zip(srcs) {
                let src: Vec<Span> = src.iter().copied().collect();
                unit(&mut out, "table.cell", cell, &src);
            }
        }
    }
    for g in &doc.glossary {
        unit(
            &mut out,
            "glossary",
            &format!("{}{}", g.term, g.definition),
            &g.source,
        );
    }
    for f in &doc.footnotes {
        unit(&mut out, "footnote", &f.text, &f.source);
    }
    for d in &doc.dates {
        unit(&mut out, "date", &d.text, &d.source);
    }
    for p in &doc.pages {
        for (f, s) in p.furniture.iter().zip(&p.furniture_sources) {
            unit(&mut out, "furniture", f, std::slice::from_ref(s));
        }
    }
    out
}

fn pad(v: &[Vec<Span>], n: usize) -> Vec<Vec<Span>> {
    (0..n)
        .map(|k| v.get(k).cloned().unwrap_or_default())
        .collect()
}

fn block_units(out: &mut Vec<Unit>, b: &SectionBlock) {
    match b {
        SectionBlock::Paragraph { text, source } => unit(out, "block", text, source),
        SectionBlock::Note { text, source, .. } => unit(out, "block", text, source),
        SectionBlock::Figure { text, source, .. } => unit(out, "block", text, source),
        SectionBlock::List {
            items,
            item_sources,
            ..
        } => {
            for (t, s) in items.iter().zip(pad(item_sources, items.len())) {
                unit(out, "block", t, &s);
            }
        }
        SectionBlock::ScheduleList { items, .. } => {
            for it in items {
                unit(out, "block", &it.text, &it.source);
            }
        }
        _ => {}
    }
}

/// NFKC, white space removed.
fn folded(s: &str) -> Vec<char> {
    s.nfkc().filter(|c| !c.is_whitespace()).collect()
}

/// How the glyphs inside a unit's boxes compare with its text: (every character found,
/// glyph characters inside per text character).
fn judge(u: &Unit, pages: &[Page]) -> (bool, f64) {
    let mut inside: HashMap<char, usize> = HashMap::new();
    let mut n_inside = 0usize;
    for s in &u.source {
        let Some(p) = pages.get(s.page as usize - 1) else {
            continue;
        };
        for g in &p.glyphs {
            let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
            let b = s.bbox;
            if x >= b.x0 - 0.5 && x <= b.x1 + 0.5 && y >= b.y0 - 0.5 && y <= b.y1 + 0.5 {
                for c in folded(&g.text) {
                    *inside.entry(c).or_default() += 1;
                    n_inside += 1;
                }
            }
        }
    }
    let want = folded(&u.text);
    let mut need: HashMap<char, usize> = HashMap::new();
    want.iter().for_each(|c| *need.entry(*c).or_default() += 1);
    let all = need
        .iter()
        .all(|(c, n)| inside.get(c).copied().unwrap_or(0) >= *n);
    (all, n_inside as f64 / want.len().max(1) as f64)
}

#[derive(Default)]
struct Tally {
    units: usize,
    passed: usize,
    ratios: Vec<f64>,
    failures: Vec<String>,
}

/// Judges every unit of every PDF in `paths`; prints a line per kind and returns (spelled
/// share, kinds whose boxes are loose, tallies).
fn measure(paths: &[PathBuf]) -> (f64, Vec<String>, BTreeMap<&'static str, Tally>) {
    measure_with(paths, keikaku::ocr::OcrMode::default())
}

/// [`measure`] with an OCR mode (the corpus's scans are read by OCR in `tests/ocr.rs`).
fn measure_with(
    paths: &[PathBuf],
    ocr: keikaku::ocr::OcrMode,
) -> (f64, Vec<String>, BTreeMap<&'static str, Tally>) {
    let opts = keikaku::pipeline::Options {
        ocr,
        ..keikaku::pipeline::Options::default()
    };
    let mut by_kind: BTreeMap<&'static str, Tally> = BTreeMap::new();
    for path in paths {
        let pdf = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Ok(st) = keikaku::pipeline::stages(&pdf, &name, &opts) else {
            continue; // broken input is tested elsewhere
        };
        for u in units(&st.document) {
            let t = by_kind.entry(u.kind).or_default();
            t.units += 1;
            let (ok, ratio) = judge(&u, &st.pages);
            if ok {
                t.passed += 1;
                t.ratios.push(ratio);
            } else if t.failures.len() < 5 {
                t.failures
                    .push(format!("{name}: {:?} at {:?}", u.text, u.source));
            }
        }
    }
    let (mut units, mut passed, mut loose) = (0, 0, Vec::new());
    for (kind, t) in &mut by_kind {
        t.ratios.sort_by(f64::total_cmp);
        let median = t.ratios.get(t.ratios.len() / 2).copied().unwrap_or(0.0);
        eprintln!(
            "{kind:18} {:5} units  {:5} spelled ({:.3})  median glyphs/char {median:.2}",
            t.units,
            t.passed,
            t.passed as f64 / t.units.max(1) as f64
        );
        for f in &t.failures {
            eprintln!("    miss {f}");
        }
        units += t.units;
        passed += t.passed;
        // an initiative's box is its whole card or section, not its title
        if *kind != "initiative" && median > 3.0 {
            loose.push(format!("{kind} (median {median:.2})"));
        }
    }
    let share = passed as f64 / units.max(1) as f64;
    eprintln!("all units: {passed}/{units} = {share:.4}");
    (share, loose, by_kind)
}

#[test]
fn glyphs_inside_every_units_boxes_spell_its_text() {
    let names = pdfs_in(&repo().join("fixtures"));
    assert!(names.len() >= 7, "fixtures/ holds the seven fixture PDFs");
    let (share, loose, by_kind) = measure(&names);
    assert!(share >= 0.98, "{share:.4} of units spelled");
    assert!(loose.is_empty(), "boxes too loose: {loose:?}");
    for kind in ["initiative", "initiative.title", "kpi", "date"] {
        let t = &by_kind[kind];
        assert_eq!(t.passed, t.units, "every {kind} spelled: {:?}", t.failures);
    }
}

/// The same on documents of municipalities the fixtures do not cover (`../shared/corpus`).
#[test]
#[cfg_attr(shared_absent, ignore = "needs ../shared (the corpus)")]
fn real_documents_units_are_spelled_too() {
    let shared = repo().join("../shared/corpus");
    let mut names = pdfs_in(&shared.join("real-ja"));
    names.extend(pdfs_in(&shared.join("real-plans")));
    let (share, loose, _) = measure_with(&names, keikaku::ocr::OcrMode::Never);
    assert!(share >= 0.95, "{share:.4} of units spelled");
    assert!(loose.is_empty(), "boxes too loose: {loose:?}");
}
