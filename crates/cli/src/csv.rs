//! `ingest --csv`: a document's tables, and its initiatives one per row, as CSV files for
//! open-data portals and spreadsheets.
//!
//! RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled, CRLF
//! between records. UTF-8 with a byte-order mark, so that Excel (which most municipal
//! staff open CSV with) reads Japanese correctly; the government's open-data guidelines
//! ask for UTF-8.

use crate::batch::write_atomic;
use keikaku_model::{
    indicator_names, Document, Indicator, IndicatorValue, Initiative, InitiativeForm, ScheduleEntry,
};
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

/// Columns of `initiatives.csv`.
const INITIATIVE_COLUMNS: [&str; 19] = [
    "id",
    "number",
    "title",
    "status",
    "section",
    "lead_departments",
    "related_departments",
    "summary",
    "fields",
    "kpi_activity",
    "kpi_outcome",
    "schedule",
    "related_plans",
    "pages",
    "key",
    "form",
    "actions",
    "kpi_values",
    "table_row",
];

/// The initiatives, one per row under [`INITIATIVE_COLUMNS`]; lists are joined with 、
/// (departments) or line breaks (everything else).
pub fn initiatives_csv(inis: &[Initiative]) -> String {
    let mut rows = vec![INITIATIVE_COLUMNS.iter().map(|c| c.to_string()).collect()];
    rows.extend(inis.iter().map(initiative_row));
    table_csv(&rows)
}

fn initiative_row(i: &Initiative) -> Vec<String> {
    let lines = |v: &[String]| v.join("\n");
    let fields: Vec<String> = i.fields.iter().map(|(k, v)| format!("{k}: {v}")).collect();
    let schedule: Vec<String> = i.schedule.iter().map(schedule_text).collect();
    let pages: Vec<String> = i.pages.iter().map(u32::to_string).collect();
    vec![
        i.id.clone(),
        i.number.clone().unwrap_or_default(),
        i.title.clone(),
        i.status.clone().unwrap_or_default(),
        i.section_path.join(" > "),
        i.lead_departments.join("、"),
        i.related_departments.join("、"),
        i.summary.clone().unwrap_or_default(),
        lines(&fields),
        lines(&indicator_names(&i.kpi, "activity")),
        lines(&indicator_names(&i.kpi, "outcome")),
        lines(&schedule),
        lines(&i.related_plans),
        pages.join(","),
        i.key.clone(),
        form_name(i.form).to_string(),
        lines(&i.actions),
        lines(&i.kpi.iter().map(indicator_text).collect::<Vec<_>>()),
        match (&i.table_ref, i.row) {
            (Some(t), Some(r)) => format!("{t}#{r}"),
            _ => String::new(),
        },
    ]
}

fn form_name(f: InitiativeForm) -> &'static str {
    match f {
        InitiativeForm::Card => "card",
        InitiativeForm::Sheet => "sheet",
        InitiativeForm::Row => "row",
        InitiativeForm::Section => "section",
        InitiativeForm::Slide => "slide",
    }
}

/// `観光入込客数: 2019年 6,296千人 → 2025年 6,600千人`.
fn indicator_text(k: &Indicator) -> String {
    let value = |v: &Option<IndicatorValue>| match v {
        Some(v) => match v.year {
            Some(y) => format!(
                "{y}{} {}",
                if v.year_kind.as_deref() == Some("fiscal") {
                    "年度"
                } else {
                    "年"
                },
                v.value
            ),
            None => v.value.clone(),
        },
        None => String::new(),
    };
    match (&k.baseline, &k.target) {
        (None, None) => k.name.clone(),
        (b, t) => format!("{}: {} → {}", k.name, value(b), value(t)),
    }
}

/// `2024年度: 検討` for a year cell, `2025～2028年度: 運用` for a bar.
fn schedule_text(e: &ScheduleEntry) -> String {
    match e {
        ScheduleEntry::Year {
            fiscal_year, text, ..
        } => format!("{fiscal_year}年度: {text}"),
        ScheduleEntry::Span {
            from_fiscal_year,
            to_fiscal_year,
            label,
            ..
        } => {
            let to = to_fiscal_year.map(|y| y.to_string()).unwrap_or_default();
            format!("{from_fiscal_year}～{to}年度: {label}")
        }
    }
}

/// Writes the document's CSV files into `dir` (`t01.csv` … per table, `initiatives.csv`),
/// replacing what `dir` held: the files are written into a temporary folder beside it,
/// which then takes its place, so `dir` never holds a mix of two runs. Nothing to write:
/// `dir` is removed. Returns whether `dir` exists now.
pub fn write_document(dir: &Path, doc: &Document) -> std::io::Result<bool> {
    let mut files: Vec<(String, String)> = doc
        .tables
        .iter()
        .map(|t| (format!("{}.csv", t.id), table_csv(&t.rows)))
        .collect();
    if !doc.initiatives.is_empty() {
        files.push(("initiatives.csv".into(), initiatives_csv(&doc.initiatives)));
    }
    write_files(dir, &files)?;
    Ok(!files.is_empty())
}

/// Replaces `dir` by a folder holding exactly `files` (name, text); none: removes it.
fn write_files(dir: &Path, files: &[(String, String)]) -> std::io::Result<()> {
    if files.is_empty() {
        return match fs::remove_dir_all(dir) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        };
    }
    let tmp = temp_beside(dir);
    let result = (|| {
        fs::create_dir_all(&tmp)?;
        for (name, text) in files {
            write_atomic(&tmp.join(name), text.as_bytes())?;
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
    use keikaku_model::Table;

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
    fn initiatives_one_per_row() {
        let ini = Initiative {
            id: "i001".into(),
            number: Some("１-ア".into()),
            title: "行政手続のオンライン化".into(),
            section_path: vec!["５ 取組内容".into(), "推進方針１ 利便性向上".into()],
            lead_departments: vec!["情報政策課".into(), "市民課".into()],
            schedule: vec![
                ScheduleEntry::Span {
                    from_fiscal_year: 2025,
                    to_fiscal_year: Some(2028),
                    label: "拡充".into(),
                    source: Vec::new(),
                },
                ScheduleEntry::Year {
                    fiscal_year: 2025,
                    label: "令和7年度".into(),
                    text: "検討, 実施".into(),
                    source: Vec::new(),
                },
            ],
            pages: vec![9, 10],
            ..Initiative::default()
        };
        let csv = initiatives_csv(&[ini]);
        let mut lines = csv.split("\r\n");
        assert!(lines
            .next()
            .unwrap()
            .starts_with("\u{FEFF}id,number,title,status,section,"));
        assert_eq!(
            lines.next().unwrap(),
            "i001,１-ア,行政手続のオンライン化,,５ 取組内容 > 推進方針１ 利便性向上,\
             情報政策課、市民課,,,,,,\"2025～2028年度: 拡充\n2025年度: 検討, 実施\",,\"9,10\",,card,,,"
        );
    }

    #[test]
    fn a_second_run_replaces_the_folder() {
        let out = tempfile::tempdir().unwrap();
        let dir = out.path().join("seed002.csv");
        let table = |id: &str| Table {
            id: id.into(),
            rows: vec![vec!["a".into()]],
            ..Table::default()
        };
        let doc = |tables: Vec<Table>| Document {
            tables,
            ..Document::default()
        };
        assert!(write_document(&dir, &doc(vec![table("t01"), table("t02")])).unwrap());
        assert!(write_document(&dir, &doc(vec![table("t01")])).unwrap());
        let mut names: Vec<String> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["t01.csv"]);
        assert!(!write_document(&dir, &doc(Vec::new())).unwrap());
        assert!(!dir.exists());
        // nothing temporary is left beside it
        assert_eq!(fs::read_dir(out.path()).unwrap().count(), 0);
    }
}
