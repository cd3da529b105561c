//! `keikaku diff` and `keikaku track` from the command line: a revision PDF diffs itself,
//! JSON inputs, the terminal summary, `--json`, the self-contained `--html` page rendered
//! by headless Chromium (skipped when Debian's `chromium` is not installed), and errors
//! that name the file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn keikaku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
        .current_dir(repo())
        .args(args)
        .output()
        .unwrap()
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn revision_pdf_diffs_itself_to_json_and_html() {
    let tmp = tempfile::tempdir().unwrap();
    let json = tmp.path().join("r.json");
    let html = tmp.path().join("r.html");
    let out = keikaku(&[
        "diff",
        "fixtures/seed000.pdf",
        "--json",
        json.to_str().unwrap(),
        "--html",
        html.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "differences found");
    let r: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    assert_eq!(r["schema"], "keikaku-diff/1");
    assert_eq!(r["mode"], "revision");
    assert_eq!(r["counts"]["changed"], 4);
    assert_eq!(r["counts"]["added"], 1);
    let first = &r["entries"][0];
    assert_eq!(first["pairing"]["reason"], "same key (修正後/現行)");
    assert_eq!(first["changes"][0]["field"], "schedule.2026");
    assert_eq!(
        first["changes"][0]["diff"][1],
        serde_json::json!({"op": "insert", "text": "検討"})
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        !page.contains("<script src") && !page.contains("<link"),
        "self-contained"
    );
    assert!(page.contains("<th>修正後</th><th>現行</th>"));
    assert_eq!(count(&page, "class=\"entry "), 5);
    assert_eq!(count(&page, "<div class=\"reason\"><b>修正の理由</b>"), 5);
    assert!(page.contains("運用・拡充<ins>検討</ins>"));
}

#[test]
fn json_documents_print_a_summary() {
    let out = keikaku(&[
        "diff",
        "fixtures/seed001.expected.json",
        "fixtures/seed000.expected.json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("56 → 5 initiatives: 2 added, 53 removed, 3 changed, 0 unchanged"),
        "{text}"
    );
    assert!(
        text.contains("~ i040 → i003 住民情報系システムの標準化  [same key]"),
        "{text}"
    );
    assert!(
        text.contains("    lead_departments: -情報政策課 +情報システム担当"),
        "{text}"
    );
    let same = keikaku(&[
        "diff",
        "fixtures/seed004.expected.json",
        "fixtures/seed004.expected.json",
    ]);
    assert_eq!(same.status.code(), Some(0), "nothing differs");
}

#[test]
fn errors_name_the_file_and_reason() {
    let out = keikaku(&["diff", "fixtures/seed001.expected.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("seed001.pdf: no 修正後/現行 initiatives"),
        "{err}"
    );
    let out = keikaku(&[
        "diff",
        "fixtures/seed001.gold.json",
        "fixtures/seed000.expected.json",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("fixtures/seed001.gold.json: not a keikaku document JSON"),
        "{err}"
    );
    let out = keikaku(&[
        "diff",
        "fixtures/none.json",
        "fixtures/seed000.expected.json",
    ]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("fixtures/none.json: cannot read"), "{err}");
}

#[test]
fn track_writes_lineages() {
    let tmp = tempfile::tempdir().unwrap();
    for s in ["seed000", "seed001", "seed002"] {
        let name = format!("{s}.expected.json");
        std::fs::copy(repo().join("fixtures").join(&name), tmp.path().join(&name)).unwrap();
    }
    let out_file = tmp.path().join("out/track.json");
    let out = keikaku(&[
        "track",
        tmp.path().to_str().unwrap(),
        "-o",
        out_file.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out_file).unwrap()).unwrap();
    assert_eq!(t["schema"], "keikaku-track/1");
    let g = &t["groups"][0];
    assert_eq!(g["municipality"], "杉並区");
    let l = g["lineages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["key"] == "15cd708f2530db04")
        .unwrap();
    assert_eq!(l["members"].as_array().unwrap().len(), 3);
    assert_eq!(l["reports"][0]["item"]["file"], "seed002.pdf");
}

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
}

#[test]
fn chromium_renders_the_side_by_side_page() {
    let Some(bin) = chromium() else {
        eprintln!("skipped: chromium not installed");
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let html = tmp.path().join("taisho.html");
    let out = keikaku(&[
        "diff",
        "fixtures/seed001.expected.json",
        "fixtures/seed000.expected.json",
        "--html",
        html.to_str().unwrap(),
        "--json",
        tmp.path().join("r.json").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let dom = Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!(
            "--user-data-dir={}",
            tmp.path().join("profile").display()
        ))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("data-ready=\"1\""), "the page's script ran");
    assert_eq!(count(&dom, "data-status=\"changed\""), 3);
    assert_eq!(count(&dom, "data-status=\"removed\""), 53);
    assert!(dom.contains("<del>情報政策課</del>"));
    assert!(dom.contains("<ins>デジタル戦略担当</ins>"));
    assert!(dom.contains("<th>新 (NEW)</th><th>旧 (OLD)</th>"));
}

#[test]
fn track_writes_lineage_tables_into_the_corpus_database() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = tmp.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for name in ["seed000.pdf", "seed001.pdf"] {
        std::fs::copy(repo().join("fixtures").join(name), inputs.join(name)).unwrap();
    }
    let out = tmp.path().join("out");
    let db = tmp.path().join("corpus.sqlite");
    let (i, o, d) = (
        inputs.to_str().unwrap(),
        out.to_str().unwrap(),
        db.to_str().unwrap(),
    );
    let r = keikaku(&["ingest", i, "-o", o, "--db", d, "--no-progress"]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    let r = keikaku(&["track", o, "--db", d]);
    assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    assert!(r.stdout.is_empty(), "no JSON without -o");
    let conn = keikaku_corpus::db::open(&db).unwrap();
    // the three initiatives both plans contain are one lineage each, with one member per
    // document, joined to the documents and initiatives tables
    let shared: i64 = conn
        .query_row(
            "SELECT count(*) FROM (SELECT lineage FROM lineage_members m \
             JOIN documents d ON d.sha256 = m.document \
             JOIN initiatives i ON i.document = m.document AND i.id = m.initiative \
             GROUP BY m.municipality, m.lineage HAVING count(DISTINCT m.document) = 2)",
            [],
            |row| row.get(0),
        )
        .unwrap();
    assert!(shared >= 3, "{shared}");
    // writing again replaces the tables
    let before: i64 = conn
        .query_row("SELECT count(*) FROM lineage_members", [], |row| row.get(0))
        .unwrap();
    drop(conn);
    assert!(keikaku(&["track", o, "--db", d]).status.success());
    let conn = keikaku_corpus::db::open(&db).unwrap();
    let after: i64 = conn
        .query_row("SELECT count(*) FROM lineage_members", [], |row| row.get(0))
        .unwrap();
    assert_eq!(before, after);
}
