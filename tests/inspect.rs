//! `keikaku inspect` renders for real: headless Chromium loads the report, runs its script,
//! and the DOM holds the outlined tables, cells and reading-order markers. Skips when
//! Debian's `chromium` is not installed.

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
    let html = tmp.path().join("seed001.html");
    inspect(&repo().join("fixtures/seed001.pdf"), &html);
    let url = format!("file://{}", html.display());
    let out = chromium_cmd(&tmp.path().join("profile"))
        .args(["--virtual-time-budget=5000", "--dump-dom"])
        .arg(&url)
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(dom.contains("data-ready=\"1\""), "the page's script ran");
    assert!(count(&dom, "class=\"table pick\"") >= 10);
    assert!(count(&dom, "class=\"order\"") >= 19, "reading order drawn");
    let png = tmp.path().join("shot.png");
    let st = chromium_cmd(&tmp.path().join("profile2"))
        .args(["--window-size=1400,1800", "--hide-scrollbars"])
        .arg(format!("--screenshot={}", png.display()))
        .arg(&url)
        .output()
        .unwrap();
    assert!(st.status.success());
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.len() > 20_000 && bytes.starts_with(b"\x89PNG"),
        "a real screenshot"
    );
}
