//! `ingest --csv`: each table of a document as a CSV file, for open-data portals.
//!
//! RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, CRLF
//! between records. UTF-8 with a byte-order mark, so that Excel (which most municipal
//! staff open CSV with) reads Japanese correctly; the government's open-data guidelines
//! ask for UTF-8.

use crate::batch::write_atomic;
use keikaku_model::Table;
use std::fs;
use std::path::{Path, PathBuf};

/// The UTF-8 byte-order mark.
const BOM: &str = "\u{FEFF}";

/// A table's rows as CSV text (with the byte-order mark).
pub fn table_csv(rows: &[Vec<String>]) -> String {
    let mut out = String::from(BOM);
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// One field, quoted when it must be.
fn field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// Writes `<id>.csv` for every table into `dir`, replacing what `dir` held: the files
/// are written into a temporary folder beside it, which then takes its place, so `dir`
/// never holds a mix of two runs. No tables: `dir` is removed.
pub fn write_tables(dir: &Path, tables: &[Table]) -> std::io::Result<()> {
    if tables.is_empty() {
        return match fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let tmp = temp_beside(dir);
    let result = (|| {
        fs::create_dir_all(&tmp)?;
        for t in tables {
            write_atomic(
                &tmp.join(format!("{}.csv", t.id)),
                table_csv(&t.rows).as_bytes(),
            )?;
        }
        match fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
            _ => {}
        }
        fs::rename(&tmp, dir)
    })();
    if result.is_err() {
        let _ = fs::remove_dir_all(&tmp);
    }
    result
}

/// `.NAME.PID.tmp` beside `dir`.
fn temp_beside(dir: &Path) -> PathBuf {
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let parent = dir.parent().unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_and_line_ends() {
        let rows = vec![
            vec!["条件".to_string(), "対象\n手続数".to_string()],
            vec!["1,000件以上".to_string(), "「優先度Ｓ」\"S\"".to_string()],
        ];
        assert_eq!(
            table_csv(&rows),
            "\u{FEFF}条件,\"対象\n手続数\"\r\n\"1,000件以上\",\"「優先度Ｓ」\"\"S\"\"\"\r\n"
        );
    }

    #[test]
    fn a_second_run_replaces_the_folder() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("seed002.tables");
        let table = |id: &str| Table {
            id: id.into(),
            rows: vec![vec!["a".into()]],
            ..Table::default()
        };
        write_tables(&dir, &[table("t01"), table("t02")]).unwrap();
        write_tables(&dir, &[table("t01")]).unwrap();
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["t01.csv"]);
        write_tables(&dir, &[]).unwrap();
        assert!(!dir.exists());
        // nothing temporary is left beside it
        assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
    }
}
