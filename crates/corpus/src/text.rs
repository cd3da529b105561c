//! Plain text of the document parts, as printed: shared by the search index and the chunks.

use keikaku_model::{Document, Initiative, ScheduleEntry, Section, SectionBlock, Table};

/// The text of an initiative beyond its title: departments, summary, fields, actions, KPI,
/// schedule, related plans and notes, one item a line.
pub fn initiative_body(i: &Initiative) -> String {
    let mut out: Vec<String> = Vec::new();
    if !i.lead_departments.is_empty() {
        out.push(format!("主管: {}", i.lead_departments.join("、")));
    }
    if !i.related_departments.is_empty() {
        out.push(format!("関係: {}", i.related_departments.join("、")));
    }
    if let Some(s) = &i.summary {
        out.push(s.clone());
    }
    for (k, v) in &i.fields {
        out.push(format!("{k}: {v}"));
    }
    out.extend(i.actions.iter().cloned());
    for k in &i.kpi {
        let mut line = k.name.clone();
        for v in [&k.baseline, &k.target].into_iter().flatten() {
            line.push(' ');
            line.push_str(&v.value);
        }
        out.push(line);
    }
    for s in &i.schedule {
        match s {
            ScheduleEntry::Year { label, text, .. } => out.push(format!("{label}: {text}")),
            ScheduleEntry::Span { label, .. } => out.push(label.clone()),
        }
    }
    out.extend(i.related_plans.iter().cloned());
    for f in &i.footnotes {
        out.push(format!("{} {}", f.marker, f.text));
    }
    if let Some(r) = &i.revision_reason {
        out.push(r.clone());
    }
    out.retain(|l| !l.trim().is_empty());
    out.join("\n")
}

/// An initiative's heading line: number and title.
pub fn initiative_title(i: &Initiative) -> String {
    match &i.number {
        Some(n) if !n.is_empty() => format!("{n} {}", i.title),
        _ => i.title.clone(),
    }
}

/// The text of one section block (empty for references to other parts).
pub fn block_text(b: &SectionBlock) -> String {
    match b {
        SectionBlock::Paragraph { text, .. } => text.clone(),
        SectionBlock::List { items, .. } => items.join("\n"),
        SectionBlock::ScheduleList { items, .. } => items
            .iter()
            .map(|i| format!("{} {}", i.when, i.text))
            .collect::<Vec<_>>()
            .join("\n"),
        SectionBlock::Note { marker, text, .. } => format!("{marker} {text}"),
        SectionBlock::Figure { caption, text, .. } => match caption {
            Some(c) => format!("{c}\n{text}"),
            None => text.clone(),
        },
        SectionBlock::TableRef { .. }
        | SectionBlock::InitiativeRef { .. }
        | SectionBlock::GlossaryRef => String::new(),
    }
}

/// A section's own text (its blocks, without the initiatives and tables it refers to).
pub fn section_body(s: &Section) -> String {
    s.blocks
        .iter()
        .map(block_text)
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A table's cells, a row a line, cells separated by ` | `.
pub fn table_body(t: &Table) -> String {
    t.rows
        .iter()
        .map(|r| r.join(" | "))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Section headings from the root down to `id`.
pub fn section_path(doc: &Document, id: &str) -> Vec<String> {
    let mut path = Vec::new();
    let mut cur = Some(id.to_string());
    let mut guard = 0;
    while let Some(c) = cur {
        let Some(s) = doc.sections.iter().find(|s| s.id == c) else {
            break;
        };
        path.push(s.heading.clone());
        cur = s.parent.clone();
        guard += 1;
        if guard > 64 {
            break;
        }
    }
    path.reverse();
    path
}
