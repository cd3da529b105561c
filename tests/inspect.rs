//! `keikaku inspect` renders for real: headless Chromium loads the report, runs its script,
//! and the DOM holds the outlined tables, cells and reading-order markers; a node clicked in
//! the JSON panel (`#select=PATH` clicks it on load) is outlined on its pages from its
//! provenance; at a 1000-px-wide window the panel sits beside the pages, wide enough to
//! read. The Chromium tests return early, saying so, when Debian's `chromium` is not
//! installed.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn inspect(pdf: &Path, html: &Path) {
    let st = Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .arg("inspect")
        .arg(pdf)
        .arg("-o")
        .arg(html)
        .status()
        .unwrap();
    assert!(st.success());
}

/// `keikaku inspect` of seed001 written into `dir`, as a file URL.
fn seed001_report(dir: &Path) -> String {
    let html = dir.join("seed001.html");
    inspect(&repo().join("fixtures/seed001.pdf"), &html);
    format!("file://{}", html.display())
}

/// A PNG screenshot of `url` at `size` ("W,H") by headless chromium, working in `dir`.
fn screenshot(url: &str, dir: &Path, size: &str) -> Vec<u8> {
    let png = dir.join("shot.png");
    let st = chromium_cmd(&dir.join("profile2"))
        .args([&format!("--window-size={size}"), "--hide-scrollbars"])
        .arg(format!("--screenshot={}", png.display()))
        .arg(url)
        .output()
        .unwrap();
    assert!(st.status.success());
    std::fs::read(&png).unwrap()
}

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

fn chromium_cmd(profile: &Path) -> Command {
    let mut c = Command::new(chromium().unwrap());
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn report_is_self_contained_and_outlines_structure() {
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("seed001.html");
    inspect(&repo().join("fixtures/seed001.pdf"), &html);
    let text = std::fs::read_to_string(&html).unwrap();
    assert!(!text.contains("<script src"), "no external scripts");
    assert!(count(&text, "<section class=\"page\"") >= 19);
    assert!(
        count(&text, "class=\"table pick\"") >= 10,
        "tables outlined"
    );
    assert!(
        count(&text, "class=\"initiative pick\"") >= 20,
        "initiatives outlined"
    );
    assert!(text.contains("取組名"));
}

#[test]
fn chromium_renders_the_report() {
    if chromium().is_none() {
        eprintln!("skipped: chromium not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let url = seed001_report(tmp.path());
    let out = chromium_cmd(&tmp.path().join("profile"))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("data-ready=\"1\""), "the page's script ran");
    assert!(count(&dom, "class=\"table pick\"") >= 10);
    assert!(count(&dom, "class=\"order\"") >= 19, "reading order drawn");
    let bytes = screenshot(&url, tmp.path(), "1400,1800");
    assert!(
        bytes.len() > 20_000 && bytes.starts_with(b"\x89PNG"),
        "a real screenshot"
    );
}

/// One provenance span as the model writes it: page and bbox in points from the top-left.
fn span(page: u32, b: [f32; 4]) -> Value {
    json!({"page": page, "bbox": b})
}

/// seed002's report, its document JSON given provenance by hand the way the model carries
/// it: `source` lists on units, `*_source(s)` beside strings, `cell_sources` beside a
/// table's rows (tables have `page` and `bbox` already).
fn provenance_report(dir: &Path) -> (PathBuf, Value) {
    let bytes = std::fs::read(repo().join("fixtures/seed002.pdf")).unwrap();
    let stages = keikaku::stages(&bytes, "seed002.pdf", &keikaku::Options::default()).unwrap();
    let mut doc = serde_json::to_value(&stages.document).unwrap();
    doc["title_source"] = json!([span(1, [100.0, 120.0, 400.0, 160.0])]);
    doc["initiatives"] = json!([{
        "title": "窓口サービスの改善",
        "source": [span(1, [50.0, 300.0, 550.0, 420.0]), span(2, [50.0, 60.0, 550.0, 200.0])],
        "actions": ["予約システムの導入", "手続の案内"],
        "action_sources": [[span(2, [60.0, 100.0, 300.0, 114.0])], null],
        "fields": {"目標": "待ち時間の短縮"},
        "field_sources": {"目標": [span(3, [70.0, 200.0, 400.0, 214.0])]},
    }]);
    let rows = doc["tables"][0]["rows"].as_array().unwrap().clone();
    let mut cells: Vec<Vec<Value>> = rows
        .iter()
        .map(|r| vec![Value::Null; r.as_array().unwrap().len()])
        .collect();
    cells[1][2] = span(2, [200.0, 505.0, 260.0, 520.0]);
    doc["tables"][0]["cell_sources"] = json!(cells);
    let html = dir.join("seed002.html");
    std::fs::write(&html, keikaku::inspect::report_with(&stages, &doc, None)).unwrap();
    (html, doc)
}

/// The DOM after loading `url` in a window `width` px wide.
fn dom(url: &str, width: u32, profile: &Path) -> String {
    let out = chromium_cmd(profile)
        .arg(format!("--window-size={width},800"))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(url)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// An attribute's value in one tag.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[start..].split('"').next()
}

/// The source outlines in a DOM: page and [x, y, width, height].
fn outlines(dom: &str) -> Vec<(u32, [f32; 4])> {
    dom.match_indices("<rect class=\"src-outline\"")
        .map(|(i, _)| {
            let tag = &dom[i..i + dom[i..].find('>').unwrap()];
            let num = |n: &str| attr(tag, n).unwrap().parse::<f32>().unwrap();
            let page = attr(tag, "data-page").unwrap().parse().unwrap();
            (page, [num("x"), num("y"), num("width"), num("height")])
        })
        .collect()
}

fn close(a: [f32; 4], b: [f32; 4]) -> bool {
    a.iter().zip(b).all(|(x, y)| (x - y).abs() < 0.01)
}

#[test]
fn clicking_a_json_node_outlines_its_source_on_the_pages() {
    if chromium().is_none() {
        eprintln!("skipped: chromium not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let (html, doc) = provenance_report(tmp.path());
    let profile = tmp.path().join("profile");
    let select = |path: &str| {
        let d = dom(
            &format!("file://{}#select={path}", html.display()),
            1000,
            &profile,
        );
        assert!(d.contains("data-ready=\"1\""), "the page's script ran");
        let at = d.find("<span id=\"where\">").unwrap() + 17;
        let status = d[at..].split('<').next().unwrap().to_string();
        (outlines(&d), status)
    };
    let pages = |o: &[(u32, [f32; 4])]| o.iter().map(|(p, _)| *p).collect::<Vec<_>>();

    // a string: its sibling title_source
    let (o, _) = select("/title");
    assert_eq!(o.len(), 1, "{o:?}");
    assert!(
        o[0].0 == 1 && close(o[0].1, [100.0, 120.0, 300.0, 40.0]),
        "{o:?}"
    );
    // a unit: every span of its source, on two pages
    let (o, _) = select("/initiatives/0");
    assert_eq!(pages(&o), [1, 2]);
    // a list item: action_sources parallel to actions
    let (o, _) = select("/initiatives/0/actions/0");
    assert!(
        o.len() == 1 && o[0].0 == 2 && close(o[0].1, [60.0, 100.0, 240.0, 14.0]),
        "{o:?}"
    );
    // no span of its own: the enclosing initiative's, and the panel says so
    let (o, status) = select("/initiatives/0/actions/1");
    assert_eq!(pages(&o), [1, 2]);
    assert!(status.contains("(of /initiatives/0)"), "{status}");
    // a field: field_sources by name
    let (o, _) = select("/initiatives/0/fields/目標");
    assert!(o.len() == 1 && o[0].0 == 3, "{o:?}");
    // a table cell: cell_sources beside rows; the table itself: page + bbox
    let (o, _) = select("/tables/0/rows/1/2");
    assert!(
        o.len() == 1 && close(o[0].1, [200.0, 505.0, 60.0, 15.0]),
        "{o:?}"
    );
    let (o, status) = select("/tables/0");
    let b: Vec<f32> = serde_json::from_value(doc["tables"][0]["bbox"].clone()).unwrap();
    let page = doc["tables"][0]["page"].as_u64().unwrap() as u32;
    let want = [b[0], b[1], b[2] - b[0], b[3] - b[1]];
    assert!(
        o.len() == 1 && o[0].0 == page && close(o[0].1, want),
        "{o:?} {status}"
    );
}

#[test]
fn panel_is_readable_at_1000_px() {
    if chromium().is_none() {
        eprintln!("skipped: chromium not installed");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let url = seed001_report(tmp.path());
    let d = dom(&url, 1000, &tmp.path().join("profile"));
    let body = &d[d.find("<body").unwrap()..];
    let body = &body[..body.find('>').unwrap()];
    let width: u32 = attr(body, "data-panel-width").unwrap().parse().unwrap();
    assert!(width >= 340, "panel {width} px wide");
    assert_eq!(attr(body, "data-panel-overlaps"), Some("false"), "{body}");
    assert_eq!(attr(body, "data-panel-overflow"), Some("false"), "{body}");
    assert_eq!(attr(body, "data-pages-overflow"), Some("false"), "{body}");
    // narrower still, the panel goes above the pages, full width
    let d = dom(&url, 700, &tmp.path().join("profile"));
    let body = &d[d.find("<body").unwrap()..];
    let body = &body[..body.find('>').unwrap()];
    let narrow: u32 = attr(body, "data-panel-width").unwrap().parse().unwrap();
    assert!(narrow >= 600, "panel {narrow} px wide at 700 px");
    assert_eq!(attr(body, "data-panel-overlaps"), Some("false"), "{body}");
    let bytes = screenshot(&url, tmp.path(), "1000,800");
    assert!(bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000);
    let png_width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    assert_eq!(png_width, 1000);
}
