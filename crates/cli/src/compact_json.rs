//! JSON text for people and for diffs: every value that fits in [`WIDTH`] characters on one
//! line (a span, a bbox, a cell), larger objects and arrays broken over lines. The documents,
//! the expected fixtures and the layout references are written this way: a third of the
//! size of fully indented JSON, and a changed box is one changed line.

use serde_json::Value;

/// Widest value (in chars, indentation included) written on one line.
pub const WIDTH: usize = 100;

/// JSON text with every value that fits in [`WIDTH`] characters on one line (a line, a
/// cell, a bbox) and larger objects and arrays broken over lines: small to commit and
/// readable in a diff.
pub fn to_text(v: &Value) -> String {
    let mut out = String::new();
    write(v, 0, 0, &mut out);
    out.push('\n');
    out
}

/// Writes `v` at nesting `depth`, starting at column `col`.
fn write(v: &Value, depth: usize, col: usize, out: &mut String) {
    let flat = v.to_string();
    if col + flat.chars().count() <= WIDTH {
        out.push_str(&flat);
        return;
    }
    let pad = "  ".repeat(depth + 1);
    let (open, close, n) = match v {
        Value::Object(m) if !m.is_empty() => ('{', '}', m.len()),
        Value::Array(a) if !a.is_empty() => ('[', ']', a.len()),
        _ => {
            out.push_str(&flat);
            return;
        }
    };
    out.push(open);
    out.push('\n');
    let entry = |i: usize, key: Option<&str>, x: &Value, out: &mut String| {
        out.push_str(&pad);
        let mut col = pad.len();
        if let Some(k) = key {
            let key = Value::String(k.to_string()).to_string();
            col += key.chars().count() + 2;
            out.push_str(&key);
            out.push_str(": ");
        }
        write(x, depth + 1, col, out);
        if i + 1 < n {
            out.push(',');
        }
        out.push('\n');
    };
    match v {
        Value::Object(m) => {
            for (i, (k, x)) in m.iter().enumerate() {
                entry(i, Some(k), x, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                entry(i, None, x, out);
            }
        }
        _ => {}
    }
    out.push_str(&"  ".repeat(depth));
    out.push(close);
}
