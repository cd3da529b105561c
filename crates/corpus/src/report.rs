//! `keikaku report OUT_DIR`: the batch at a glance as one self-contained HTML page
//! (`OUT_DIR/index.html`): per document its title, municipality, plan period, counts,
//! warnings and failures from the manifest, and inline SVG charts of initiatives by
//! department and by fiscal year.

use crate::CorpusError;
use keikaku_model::{Document, ScheduleEntry};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;

/// A manifest row (`manifest.json` or `manifest.K-of-N.json`).
#[derive(Debug, Clone, Default, serde::Deserialize)]
struct FileRow {
    path: String,
    status: String,
    error: Option<String>,
    pages: Option<u32>,
    output: Option<String>,
    #[serde(default)]
    warnings: usize,
}

#[derive(Debug, Default, serde::Deserialize)]
struct Manifest {
    #[serde(default)]
    tool: String,
    files: Vec<FileRow>,
}

/// What the page shows, gathered from an output folder.
#[derive(Debug, Default)]
pub struct Batch {
    pub tool: String,
    files: Vec<FileRow>,
    docs: Vec<Document>,
}

/// Reads the manifests and documents of `dir`.
pub fn load(dir: &Path) -> Result<Batch, CorpusError> {
    let mut batch = Batch::default();
    let rd = std::fs::read_dir(dir).map_err(|e| CorpusError::io(dir, e))?;
    let mut manifests: Vec<_> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .is_some_and(|n| n.starts_with("manifest") && n.ends_with(".json"))
        })
        .collect();
    manifests.sort();
    if manifests.is_empty() {
        return Err(CorpusError::Input(format!(
            "{}: no manifest.json (run keikaku ingest -o {} first)",
            dir.display(),
            dir.display()
        )));
    }
    let mut seen = BTreeSet::new();
    for m in &manifests {
        let bytes = std::fs::read(m).map_err(|e| CorpusError::io(m, e))?;
        let man: Manifest = serde_json::from_slice(&bytes).map_err(|e| {
            CorpusError::Input(format!("{}: not a keikaku manifest: {e}", m.display()))
        })?;
        batch.tool = man.tool;
        for f in man.files {
            if seen.insert(f.path.clone()) {
                batch.files.push(f);
            }
        }
    }
    for f in &batch.files {
        let Some(out) = &f.output else { continue };
        let p = dir.join(out);
        let Ok(bytes) = std::fs::read(&p) else {
            continue;
        };
        let doc: Document = serde_json::from_slice(&bytes).map_err(|e| {
            CorpusError::Input(format!("{}: not a keikaku document: {e}", p.display()))
        })?;
        batch.docs.push(doc);
    }
    Ok(batch)
}

fn esc(s: &str) -> String {
    html_escape::encode_double_quoted_attribute(s).into_owned()
}

/// A horizontal bar chart as inline SVG.
fn bars(title: &str, data: &[(String, usize)]) -> String {
    let max = data.iter().map(|d| d.1).max().unwrap_or(1).max(1);
    let row = 22;
    let label_w = 220;
    let bar_w = 420;
    let h = 30 + row * data.len().max(1);
    let mut s = format!(
        "<figure><figcaption>{}</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" \
         width=\"{}\" height=\"{h}\" role=\"img\" aria-label=\"{}\">",
        esc(title),
        label_w + bar_w + 60,
        esc(title)
    );
    if data.is_empty() {
        s.push_str("<text x=\"0\" y=\"20\" font-size=\"13\">(no data)</text>");
    }
    for (n, (label, v)) in data.iter().enumerate() {
        let y = 10 + n * row;
        let w = (*v as f64 / max as f64 * bar_w as f64).round().max(1.0);
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"13\" text-anchor=\"end\">{}</text>\
             <rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{w}\" height=\"{}\"><title>{}: {v}</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\">{v}</text>",
            label_w - 6,
            y + 15,
            esc(label),
            label_w,
            y + 3,
            row - 6,
            esc(label),
            label_w as f64 + w + 4.0,
            y + 15
        );
    }
    s.push_str("</svg></figure>");
    s
}

/// Initiatives per lead department (top 20), and per scheduled fiscal year.
/// Bars of a chart: label and count.
type Bars = Vec<(String, usize)>;

fn chart_data(docs: &[Document]) -> (Bars, Bars) {
    let mut by_dep: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_year: BTreeMap<i32, usize> = BTreeMap::new();
    for d in docs {
        for i in &d.initiatives {
            let deps: BTreeSet<&String> = i.lead_departments.iter().collect();
            if deps.is_empty() {
                *by_dep.entry("(主管課なし)".into()).or_default() += 1;
            }
            for dep in deps {
                *by_dep.entry(dep.clone()).or_default() += 1;
            }
            let mut years = BTreeSet::new();
            for s in &i.schedule {
                match s {
                    ScheduleEntry::Year { fiscal_year, .. } => {
                        years.insert(*fiscal_year);
                    }
                    ScheduleEntry::Span {
                        from_fiscal_year,
                        to_fiscal_year,
                        ..
                    } => {
                        let to = to_fiscal_year.unwrap_or(*from_fiscal_year);
                        for y in *from_fiscal_year..=to.min(from_fiscal_year + 30) {
                            years.insert(y);
                        }
                    }
                }
            }
            for y in years {
                *by_year.entry(y).or_default() += 1;
            }
        }
    }
    let mut deps: Vec<(String, usize)> = by_dep.into_iter().collect();
    deps.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    deps.truncate(20);
    let years = by_year
        .into_iter()
        .map(|(y, n)| (format!("{y}年度"), n))
        .collect();
    (deps, years)
}

/// The HTML page of a batch.
pub fn html(batch: &Batch, dir: &Path) -> String {
    let docs: BTreeMap<&str, &Document> = batch
        .docs
        .iter()
        .map(|d| (d.source.file.as_str(), d))
        .collect();
    let ok = batch.files.iter().filter(|f| f.status == "ok").count();
    let failed = batch.files.len() - ok;
    let pages: u32 = batch.files.iter().filter_map(|f| f.pages).sum();
    let initiatives: usize = batch.docs.iter().map(|d| d.initiatives.len()).sum();
    let mut s = String::new();
    s.push_str(
        "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\">\
         <title>keikaku report</title><style>\
         body{font-family:sans-serif;margin:1.5em;color:#222}\
         table{border-collapse:collapse;font-size:14px}\
         th,td{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}\
         th{background:#f2f2f2}td.n{text-align:right}td:nth-child(2){min-width:14em}\
         tr.failed td{background:#fde8e8}.err{color:#a00}\
         .bar{fill:#4a78b5}figure{display:inline-block;margin:0 2em 1em 0}\
         figcaption{font-weight:bold;margin-bottom:4px}details{font-size:13px}\
         </style></head><body>",
    );
    let _ = write!(
        s,
        "<h1>keikaku: {} documents</h1><p id=\"summary\">{} converted, {} failed, {} pages, \
         {} initiatives — {}</p>",
        batch.files.len(),
        ok,
        failed,
        pages,
        initiatives,
        esc(&batch.tool)
    );
    let (deps, years) = chart_data(&batch.docs);
    s.push_str("<section id=\"charts\">");
    s.push_str(&bars("取組数（主管課別）", &deps));
    s.push_str(&bars("取組数（年度別）", &years));
    s.push_str("</section>");
    s.push_str(
        "<h2>Documents</h2><table id=\"documents\"><thead><tr><th>file</th><th>title</th>\
         <th>municipality</th><th>plan period</th><th>pages</th><th>initiatives</th>\
         <th>tables</th><th>dates</th><th>sections</th><th>warnings / error</th>\
         <th>inspect</th></tr></thead><tbody>",
    );
    for f in &batch.files {
        let d = docs.get(f.path.as_str());
        let class = if f.status == "ok" { "ok" } else { "failed" };
        let _ = write!(s, "<tr class=\"{class}\"><td>{}</td>", esc(&f.path));
        match d {
            Some(d) => {
                let _ = write!(
                    s,
                    "<td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>\
                     <td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td>",
                    esc(d.title.as_deref().unwrap_or("")),
                    esc(d.municipality.as_deref().unwrap_or("")),
                    esc(d.plan_period.as_ref().map_or("", |p| p.text.as_str())),
                    d.source.pages,
                    d.initiatives.len(),
                    d.tables.len(),
                    d.dates.len(),
                    d.sections.len()
                );
                if d.warnings.is_empty() {
                    s.push_str("<td class=\"n\">0</td>");
                } else {
                    let _ = write!(
                        s,
                        "<td><details><summary>{} warnings</summary><ul>",
                        d.warnings.len()
                    );
                    for w in &d.warnings {
                        let page = w.page.map(|p| format!("p.{p} ")).unwrap_or_default();
                        let _ = write!(
                            s,
                            "<li>{page}<code>{}</code> {}</li>",
                            esc(&w.code),
                            esc(&w.message)
                        );
                    }
                    s.push_str("</ul></details></td>");
                }
            }
            None => {
                let pages = f.pages.map(|p| p.to_string()).unwrap_or_default();
                let _ = write!(
                    s,
                    "<td colspan=\"3\"></td><td class=\"n\">{pages}</td><td colspan=\"4\"></td>\
                     <td class=\"err\">{}{}</td>",
                    esc(f.error.as_deref().unwrap_or(&f.status)),
                    if f.warnings > 0 {
                        format!(" ({} warnings)", f.warnings)
                    } else {
                        String::new()
                    }
                );
            }
        }
        let stem = Path::new(&f.path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let inspect = format!("{stem}.inspect.html");
        if dir.join(&inspect).exists() {
            let _ = write!(s, "<td><a href=\"{}\">inspect</a></td></tr>", esc(&inspect));
        } else {
            let _ = write!(
                s,
                "<td><code>keikaku inspect {} -o {}</code></td></tr>",
                esc(&f.path),
                esc(&inspect)
            );
        }
    }
    s.push_str("</tbody></table></body></html>\n");
    s
}

/// Writes `dir/index.html`; returns its path.
pub fn write(dir: &Path) -> Result<std::path::PathBuf, CorpusError> {
    let batch = load(dir)?;
    let out = dir.join("index.html");
    crate::write_file(&out, html(&batch, dir).as_bytes())?;
    Ok(out)
}
