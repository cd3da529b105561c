//! The 新旧対照表-style HTML page of a diff report: one self-contained file (inline CSS
//! and script), each initiative with its new and old text side by side, insertions and
//! deletions marked.

use crate::report::{Change, ChangeKind, DiffReport, Entry, Mode, Status};
use crate::summary::change_text;
use crate::textdiff::{Op, Segment};
use keikaku_model::{Document, Initiative};
use std::fmt::Write;

const STYLE: &str = "
body{font-family:'Noto Sans CJK JP','Hiragino Sans','Yu Gothic',sans-serif;margin:1.5em;color:#222}
h1{font-size:1.3em}h2{font-size:1.05em;margin:.2em 0}
.docs td{padding:.1em .8em}.counts span{margin-right:1em}
.filters label{margin-right:1em}
section.entry{border:1px solid #bbb;margin:1em 0;padding:.5em .8em;border-radius:4px}
section.added{border-left:6px solid #2a8a2a}section.removed{border-left:6px solid #b22}
section.changed{border-left:6px solid #d90}section.unchanged{border-left:6px solid #999}
.tag{display:inline-block;font-size:.8em;background:#eee;border-radius:3px;padding:0 .4em;margin-right:.4em}
.reason{background:#fff8e0;padding:.3em .6em;margin:.4em 0;font-size:.92em}
table.taisho{border-collapse:collapse;width:100%;table-layout:fixed}
table.taisho th,table.taisho td{border:1px solid #999;padding:.3em .5em;vertical-align:top;white-space:pre-wrap;word-break:break-all}
table.taisho th{background:#eef}table.taisho .field{width:11em}table.taisho td.field{background:#f7f7f7;font-size:.9em}
ins{background:#c8f0c8;text-decoration:underline}del{background:#f8c8c8}
.hidden{display:none}
";

const SCRIPT: &str = "
document.querySelectorAll('.filters input').forEach(function(box){
  box.addEventListener('change',function(){
    document.querySelectorAll('section.'+box.value).forEach(function(s){
      s.classList.toggle('hidden',!box.checked);});});});
document.body.setAttribute('data-ready','1');
";

/// The report as one HTML page; `old` and `new` supply the text of added and removed
/// initiatives (the same document for a revision report).
pub fn render(r: &DiffReport, old: &Document, new: &Document) -> String {
    let (new_head, old_head) = match r.mode {
        Mode::Revision => ("修正後", "現行"),
        Mode::Documents => ("新 (NEW)", "旧 (OLD)"),
    };
    let mut h = String::with_capacity(64 * 1024);
    let title = format!(
        "新旧対照表: {}",
        esc(new.title.as_deref().unwrap_or(&new.source.file))
    );
    let _ = write!(
        h,
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{title}</title>\
         <style>{STYLE}</style></head><body><h1>{title}</h1>"
    );
    header(&mut h, r);
    for e in &r.entries {
        entry(&mut h, e, old, new, new_head, old_head);
    }
    let _ = writeln!(h, "<script>{SCRIPT}</script></body></html>");
    h
}

fn header(h: &mut String, r: &DiffReport) {
    let doc = |d: &crate::DocRef| {
        format!(
            "{} «{}»",
            esc(&d.file),
            esc(d.title.as_deref().unwrap_or(""))
        )
    };
    let _ = write!(
        h,
        "<table class=\"docs\"><tr><td>新 NEW</td><td>{}</td></tr><tr><td>旧 OLD</td><td>{}</td></tr></table>",
        doc(&r.new),
        doc(&r.old)
    );
    let c = &r.counts;
    let _ = write!(
        h,
        "<p class=\"counts\"><span>追加 added {}</span><span>削除 removed {}</span>\
         <span>変更 changed {}</span><span>変更なし unchanged {}</span><span>移動 moved {}</span>\
         <span>分割 split {}</span><span>統合 merged {}</span></p>",
        c.added, c.removed, c.changed, c.unchanged, c.moved, c.splits, c.merges
    );
    for n in &r.notes {
        let _ = write!(h, "<p class=\"note\">{}</p>", esc(n));
    }
    h.push_str("<p class=\"filters\">");
    for s in ["added", "removed", "changed", "unchanged"] {
        let _ = write!(
            h,
            "<label><input type=\"checkbox\" value=\"{s}\" checked> {s}</label>"
        );
    }
    h.push_str("</p>");
}

fn status_name(s: Status) -> &'static str {
    match s {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
        Status::Unchanged => "unchanged",
    }
}

fn entry(h: &mut String, e: &Entry, old: &Document, new: &Document, nh: &str, oh: &str) {
    let status = status_name(e.status);
    let it = e.new.as_ref().or(e.old.as_ref());
    let title = it.map_or("", |i| i.title.as_str());
    let _ = write!(
        h,
        "<section class=\"entry {status}\" data-status=\"{status}\"><h2>{} <span class=\"tag\">{status}</span>",
        esc(title)
    );
    for t in tags(e) {
        let _ = write!(h, "<span class=\"tag\">{}</span>", esc(&t));
    }
    h.push_str("</h2>");
    if let Some(r) = &e.revision_reason {
        let _ = write!(
            h,
            "<div class=\"reason\"><b>修正の理由</b> {}</div>",
            esc(r)
        );
    }
    let _ = write!(
        h,
        "<table class=\"taisho\"><tr><th class=\"field\">項目</th><th>{nh}</th><th>{oh}</th></tr>"
    );
    match e.status {
        Status::Added => lone(h, find(new, e.new.as_ref()), true),
        Status::Removed => lone(h, find(old, e.old.as_ref()), false),
        _ => {
            for c in &e.changes {
                change_row(h, c);
            }
            if e.changes.is_empty() {
                h.push_str("<tr><td class=\"field\"></td><td colspan=\"2\">変更なし</td></tr>");
            }
        }
    }
    h.push_str("</table></section>");
}

fn tags(e: &Entry) -> Vec<String> {
    let mut t = Vec::new();
    if let Some(p) = &e.pairing {
        t.push(p.reason.clone());
    }
    if e.moved {
        t.push("moved".into());
    }
    if !e.split_into.is_empty() {
        t.push(format!("split into {}", e.split_into.join(", ")));
    }
    if let Some(f) = &e.split_from {
        t.push(format!("split from {f}"));
    }
    if !e.merged_from.is_empty() {
        t.push(format!("merged from {}", e.merged_from.join(", ")));
    }
    if let Some(m) = &e.merged_into {
        t.push(format!("merged into {m}"));
    }
    t
}

fn find<'a>(doc: &'a Document, r: Option<&crate::InitRef>) -> Option<&'a Initiative> {
    let r = r?;
    doc.initiatives
        .get(r.index)
        .filter(|i| i.id == r.id)
        .or_else(|| doc.initiatives.iter().find(|i| i.id == r.id))
}

/// Rows of an added (new column) or removed (old column) initiative.
fn lone(h: &mut String, it: Option<&Initiative>, is_new: bool) {
    let Some(it) = it else { return };
    let mut rows: Vec<(String, String)> = vec![("title".into(), it.title.clone())];
    if !it.lead_departments.is_empty() {
        rows.push(("lead_departments".into(), it.lead_departments.join("、")));
    }
    if let Some(s) = &it.summary {
        rows.push(("summary".into(), s.clone()));
    }
    for (k, v) in &it.fields {
        rows.push((format!("fields.{k}"), v.clone()));
    }
    for (y, t) in crate::fields::schedule_by_year(&it.schedule) {
        rows.push((format!("schedule.{y}"), t));
    }
    let (tag, close) = if is_new {
        ("<ins>", "</ins>")
    } else {
        ("<del>", "</del>")
    };
    for (k, v) in rows {
        let cell = format!("{tag}{}{close}", esc(&v));
        let (n, o) = if is_new {
            (cell, String::new())
        } else {
            (String::new(), cell)
        };
        let _ = write!(
            h,
            "<tr><td class=\"field\">{}</td><td>{n}</td><td>{o}</td></tr>",
            esc(&k)
        );
    }
}

fn change_row(h: &mut String, c: &Change) {
    let (n, o) = match c.kind {
        ChangeKind::Text if !c.diff.is_empty() => (marked(&c.diff, false), marked(&c.diff, true)),
        ChangeKind::Set => (
            names(c.new.as_deref(), &c.added, "ins"),
            names(c.old.as_deref(), &c.removed, "del"),
        ),
        _ => (
            c.new
                .as_deref()
                .map_or(String::new(), |v| format!("<ins>{}</ins>", esc(v))),
            c.old
                .as_deref()
                .map_or(String::new(), |v| format!("<del>{}</del>", esc(v))),
        ),
    };
    let note = if c.kind == ChangeKind::Amount {
        format!("<br><small>{}</small>", esc(&change_text(c)))
    } else {
        String::new()
    };
    let _ = write!(
        h,
        "<tr><td class=\"field\">{}{note}</td><td>{n}</td><td>{o}</td></tr>",
        esc(&c.field)
    );
}

/// One side of a token diff, its own changes marked.
fn marked(segs: &[Segment], old: bool) -> String {
    let (skip, mark, tag) = if old {
        (Op::Insert, Op::Delete, "del")
    } else {
        (Op::Delete, Op::Insert, "ins")
    };
    let mut s = String::new();
    for seg in segs.iter().filter(|s| s.op != skip) {
        if seg.op == mark {
            let _ = write!(s, "<{tag}>{}</{tag}>", esc(&seg.text));
        } else {
            s.push_str(&esc(&seg.text));
        }
    }
    s
}

/// A list of names, those in `changed` marked.
fn names(list: Option<&str>, changed: &[String], tag: &str) -> String {
    let Some(list) = list else {
        return String::new();
    };
    list.split('、')
        .map(|n| {
            if changed.iter().any(|c| c == n) {
                format!("<{tag}>{}</{tag}>", esc(n))
            } else {
                esc(n)
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// HTML-escaped text.
pub fn esc(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}
