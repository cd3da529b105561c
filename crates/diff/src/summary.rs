//! The terminal summary of a diff report.

use crate::report::{Change, ChangeKind, DiffReport, Entry, Status};
use crate::textdiff::inline;
use std::fmt::Write;

/// A human summary: the two documents, the counts, then one block per entry that is not
/// unchanged (`+` added, `-` removed, `~` changed, `↕` moved), changed text as
/// `[-deleted-]{+inserted+}`.
pub fn terminal(r: &DiffReport) -> String {
    let mut s = String::new();
    let name = |d: &crate::DocRef| {
        format!(
            "{} «{}»",
            d.file,
            d.title.as_deref().unwrap_or("(untitled)")
        )
    };
    let _ = writeln!(s, "OLD {}\nNEW {}", name(&r.old), name(&r.new));
    let c = &r.counts;
    let _ = writeln!(
        s,
        "{} → {} initiatives: {} added, {} removed, {} changed, {} unchanged, {} moved, {} split, {} merged",
        r.old.initiatives, r.new.initiatives, c.added, c.removed, c.changed, c.unchanged, c.moved, c.splits, c.merges
    );
    for n in &r.notes {
        let _ = writeln!(s, "note: {n}");
    }
    for e in &r.entries {
        if e.status != Status::Unchanged || e.moved {
            entry(&mut s, e);
        }
    }
    s
}

fn entry(s: &mut String, e: &Entry) {
    let mark = match e.status {
        Status::Added => "+",
        Status::Removed => "-",
        Status::Changed => "~",
        Status::Unchanged => "↕",
    };
    let it = e.new.as_ref().or(e.old.as_ref());
    let title = it.map_or("", |i| i.title.as_str());
    let id = match (&e.old, &e.new) {
        (Some(o), Some(n)) => format!("{} → {}", o.id, n.id),
        (Some(o), None) => o.id.clone(),
        (None, Some(n)) => n.id.clone(),
        (None, None) => String::new(),
    };
    let mut tags = Vec::new();
    if let Some(p) = &e.pairing {
        tags.push(p.reason.clone());
    }
    if e.moved {
        tags.push("moved".into());
    }
    if !e.split_into.is_empty() {
        tags.push(format!("split into {}", e.split_into.join(", ")));
    }
    if let Some(f) = &e.split_from {
        tags.push(format!("split from {f}"));
    }
    if !e.merged_from.is_empty() {
        tags.push(format!("merged from {}", e.merged_from.join(", ")));
    }
    if let Some(t) = &e.merged_into {
        tags.push(format!("merged into {t}"));
    }
    let tags = if tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", tags.join("; "))
    };
    let _ = writeln!(s, "{mark} {id} {title}{tags}");
    if let Some(r) = &e.revision_reason {
        let _ = writeln!(s, "    修正の理由: {}", r.replace('\n', " "));
    }
    for c in &e.changes {
        let _ = writeln!(s, "    {}: {}", c.field, change_text(c));
    }
}

/// One line for a change.
pub fn change_text(c: &Change) -> String {
    let show = |v: &Option<String>| {
        v.as_deref()
            .map_or("(none)".to_string(), |t| t.replace('\n', " "))
    };
    match c.kind {
        ChangeKind::Text if !c.diff.is_empty() => inline(&c.diff),
        ChangeKind::Set => {
            let mut parts: Vec<String> = c.removed.iter().map(|n| format!("-{n}")).collect();
            parts.extend(c.added.iter().map(|n| format!("+{n}")));
            parts.join(" ")
        }
        ChangeKind::Amount => format!(
            "{} → {} ({:+} 円)",
            show(&c.old),
            show(&c.new),
            c.delta_yen.unwrap_or(0)
        ),
        _ => format!("{} → {}", show(&c.old), show(&c.new)),
    }
}
