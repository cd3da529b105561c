//! End-to-end: `keikaku ingest` on a folder of good, broken and hostile files.
//!
//! The batch must end, convert every good file, list every bad one with its reason, and leave
//! nothing half-written. Corpus files from `../shared` are used when present (never copied
//! into the repository).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn keikaku() -> Command {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
}

/// A PDF of `objects` (see [`keikaku_testkit::raw_pdf`]).
fn pdf_with(objects: &[String]) -> Vec<u8> {
    keikaku_testkit::raw_pdf(objects)
}

fn hello_pdf() -> Vec<u8> {
    let content = "BT /F1 12 Tf 72 720 Td (Hello keikaku) Tj ET";
    pdf_with(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".into(),
        format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ])
}

/// A page tree whose /Kids point back at itself.
fn page_loop_pdf() -> Vec<u8> {
    pdf_with(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>".into(),
        "<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>".into(),
    ])
}

/// A content stream that inflates to 300 MiB of spaces.
fn zip_bomb_pdf() -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let chunk = vec![b' '; 1 << 20];
    for _ in 0..300 {
        enc.write_all(&chunk).unwrap();
    }
    let data = enc.finish().unwrap();
    let mut stream = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        data.len()
    )
    .into_bytes();
    stream.extend_from_slice(&data);
    stream.extend_from_slice(b"\nendstream");
    keikaku_testkit::raw_pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_vec(),
        stream,
    ])
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

fn row<'a>(m: &'a serde_json::Value, name: &str) -> &'a serde_json::Value {
    m["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with(name))
        .unwrap()
}

#[test]
fn hostile_folder_finishes_and_reports_every_file() {
    let tmp = tempfile::tempdir().unwrap();
    let input = tmp.path().join("in");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(&input).unwrap();
    std::fs::write(input.join("good.pdf"), hello_pdf()).unwrap();
    std::fs::write(input.join("empty.pdf"), b"").unwrap();
    let good = hello_pdf();
    std::fs::write(input.join("truncated.pdf"), &good[..good.len() / 3]).unwrap();
    std::fs::write(
        input.join("page.pdf"),
        b"<!DOCTYPE html><html><body>404 Not Found</body></html>",
    )
    .unwrap();
    std::fs::write(input.join("bomb.pdf"), zip_bomb_pdf()).unwrap();
    std::fs::write(input.join("loop.pdf"), page_loop_pdf()).unwrap();
    std::fs::copy(
        repo().join("fixtures/seed003.pdf"),
        input.join("seed003.pdf"),
    )
    .unwrap();
    let odd = repo().join("../shared/corpus/odd");
    let with_odd = odd.is_dir();
    if with_odd {
        for e in std::fs::read_dir(&odd).unwrap().flatten() {
            if e.path().extension().is_some_and(|x| x == "pdf") {
                std::fs::copy(e.path(), input.join(e.file_name())).unwrap();
            }
        }
    }

    let status = keikaku()
        .args(["ingest", "--no-progress", "--timeout", "60", "-o"])
        .arg(&out)
        .arg(&input)
        .status()
        .unwrap();
    assert_eq!(
        status.code(),
        Some(1),
        "some inputs fail, so the exit code is 1"
    );

    let m = manifest(&out);
    let files = m["files"].as_array().unwrap();
    let n_inputs = std::fs::read_dir(&input).unwrap().count();
    assert_eq!(files.len(), n_inputs, "every input is in the manifest");
    assert_eq!(
        m["ok"].as_u64().unwrap() + m["failed"].as_u64().unwrap(),
        n_inputs as u64
    );
    for f in files {
        match f["status"].as_str().unwrap() {
            "ok" => assert!(out.join(f["output"].as_str().unwrap()).is_file()),
            "failed" => assert!(f["error"].as_str().is_some_and(|e| !e.is_empty()), "{f}"),
            s => panic!("bad status {s}"),
        }
    }
    assert_eq!(row(&m, "good.pdf")["status"], "ok");
    assert_eq!(row(&m, "seed003.pdf")["status"], "ok");
    assert_eq!(
        row(&m, "bomb.pdf")["status"],
        "ok",
        "a bomb stream costs a warning, not the file"
    );
    assert!(row(&m, "bomb.pdf")["warnings"].as_u64().unwrap() >= 1);
    for bad in ["empty.pdf", "page.pdf"] {
        assert_eq!(row(&m, bad)["status"], "failed", "{bad}");
    }
    let good_doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("good.json")).unwrap()).unwrap();
    assert!(good_doc["pages"][0]["text"]
        .as_str()
        .unwrap()
        .contains("Hello keikaku"));

    // nothing half-written: only outputs, corpus and manifest
    for e in std::fs::read_dir(&out).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            name.ends_with(".json") || name == "corpus.jsonl",
            "stray file {name}"
        );
    }
    let corpus = std::fs::read_to_string(out.join("corpus.jsonl")).unwrap();
    assert_eq!(corpus.lines().count() as u64, m["ok"].as_u64().unwrap());

    // a second run skips what is up to date
    let status = keikaku()
        .args(["ingest", "--no-progress", "-o"])
        .arg(&out)
        .arg(&input)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1));
    let m2 = manifest(&out);
    assert_eq!(row(&m2, "seed003.pdf")["skipped"], true);
    assert_eq!(m2["ok"], m["ok"]);
}

#[test]
fn shards_partition_the_inputs() {
    let fixtures = repo().join("fixtures");
    let mut seen = Vec::new();
    for k in 1..=3 {
        let tmp = tempfile::tempdir().unwrap();
        let status = keikaku()
            .args([
                "ingest",
                "--no-progress",
                "--shard",
                &format!("{k}/3"),
                "-o",
            ])
            .arg(tmp.path())
            .arg(&fixtures)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(0));
        let m: serde_json::Value = serde_json::from_slice(
            &std::fs::read(tmp.path().join(format!("manifest.{k}-of-3.json"))).unwrap(),
        )
        .unwrap();
        for f in m["files"].as_array().unwrap() {
            seen.push(f["path"].as_str().unwrap().to_string());
        }
    }
    seen.sort();
    let mut all: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".pdf"))
        .collect();
    all.sort();
    assert_eq!(
        seen, all,
        "the shards together cover every input exactly once"
    );
}

#[test]
fn usage_errors_exit_2() {
    let out = keikaku()
        .args(["ingest", "--shard", "5/3"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = keikaku()
        .args(["ingest", "/no/such/folder"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/folder"));
}

#[test]
fn wareki_prints_contract_lines() {
    let out = keikaku()
        .args([
            "wareki",
            "計画期間は令和6（2024）年度～令和8（2026）年度です",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(v["start"], "2024-04-01");
    assert_eq!(v["end"], "2027-03-31");
    let out = keikaku()
        .args(["wareki", "第2次計画の方針1"])
        .output()
        .unwrap();
    assert!(out.stdout.is_empty(), "no date, no output");
}

#[test]
fn csv_files_beside_the_json() {
    let out = tempfile::tempdir().unwrap();
    let run = || {
        let st = keikaku()
            .args(["ingest", "--csv", "--no-progress", "-o"])
            .arg(out.path())
            .arg(repo().join("fixtures/seed002.pdf"))
            .status()
            .unwrap();
        assert!(st.success());
    };
    run();
    let doc: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("seed002.json")).unwrap()).unwrap();
    let tables = doc["tables"].as_array().unwrap();
    assert_eq!(tables.len(), 3);
    let dir = out.path().join("seed002.csv");
    let t01 = std::fs::read_to_string(dir.join("t01.csv")).unwrap();
    // UTF-8 BOM, CRLF records, the cell with a comma quoted, empty cells kept
    assert!(t01.starts_with("\u{FEFF}条件,対象手続数,"), "{t01}");
    assert!(
        t01.contains("\r\n\"年間申請数1,000件以上\",20,2,3,13,2\r\n"),
        "{t01}"
    );
    assert!(
        t01.ends_with("ぴったりサービス対応※２,18,18,,,\r\n"),
        "{t01}"
    );
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(
        row(&manifest(out.path()), "seed002.pdf")["csv"],
        "seed002.csv"
    );
    // a second run skips the file and still reports its tables
    run();
    let m = manifest(out.path());
    assert_eq!(row(&m, "seed002.pdf")["skipped"], true);
    assert_eq!(row(&m, "seed002.pdf")["csv"], "seed002.csv");
}

#[test]
fn csv_initiatives_one_per_row() {
    let out = tempfile::tempdir().unwrap();
    let st = keikaku()
        .args(["ingest", "--csv", "--no-progress", "-o"])
        .arg(out.path())
        .arg(repo().join("fixtures/seed004.pdf"))
        .status()
        .unwrap();
    assert!(st.success());
    let csv = std::fs::read_to_string(out.path().join("seed004.csv/initiatives.csv")).unwrap();
    // a header and the 12 sheets; line breaks inside fields are bare \n, records end \r\n
    assert_eq!(csv.matches("\r\n").count(), 13, "{csv}");
    let second = csv.split("\r\n").nth(1).unwrap();
    assert!(second.starts_with("i001,１-ア,"), "{second}");
    assert!(second.contains("年度: "), "schedule column: {second}");
}

#[test]
fn output_path_that_is_a_file_is_named() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("out.json");
    std::fs::write(&file, b"{}").unwrap();
    let out = keikaku()
        .arg("ingest")
        .arg(repo().join("fixtures/seed003.C.pdf"))
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("out.json: is a file"), "{err}");
    assert_eq!(std::fs::read(&file).unwrap(), b"{}");
}

#[test]
fn wareki_skips_a_line_that_is_not_utf8_and_goes_on() {
    use std::io::Write;
    let mut child = keikaku()
        .arg("wareki")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"\xe4\xbb\xa4\xe5\x92\x8c6\xe5\xb9\xb4\xe5\xba\xa6\n\xff\xfe\n\xe4\xbb\xa4\xe5\x92\x8c2\xe5\xb9\xb4\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains("\"fiscal_year\": 2024"), "{stdout}");
    assert!(stdout.contains("2020-01-01"), "{stdout}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stdin line 2: not UTF-8"), "{err}");
}
