//! `keikaku db`, `search`, `ingest --chunks --db` and `report` on the fixtures, plus
//! `../shared/corpus/real-ja` when present (its queries are skipped, and said so, when not).
//!
//! The query set `tests/data/queries.tsv`: every query must find every row that a `LIKE`
//! scan over the same normalised text finds (recall 1.0), and the expected initiative
//! should rank first among initiative hits in most.

use keikaku_corpus::{db, search};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("repo root")
}

fn keikaku() -> Command {
    Command::new(env!("CARGO_BIN_EXE_keikaku"))
}

struct Built {
    _tmp: tempfile::TempDir,
    out: PathBuf,
    db: PathBuf,
    real_ja: bool,
}

/// One ingest (with --db and --chunks) of the fixtures and real-ja, shared by the tests.
fn built() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let out = tmp.path().join("out");
        let db = tmp.path().join("corpus.sqlite");
        let real = repo().join("../shared/corpus/real-ja");
        let real_ja = real.is_dir();
        if !real_ja {
            eprintln!("note: ../shared/corpus/real-ja absent; its queries are skipped");
        }
        let mut cmd = keikaku();
        cmd.arg("ingest").arg(repo().join("fixtures"));
        if real_ja {
            cmd.arg(&real);
        }
        let st = cmd
            .arg("-o")
            .arg(&out)
            .arg("--db")
            .arg(&db)
            .arg("--chunks")
            .args(["--chunk-tokens", "120", "--no-progress"])
            .status()
            .expect("runs keikaku");
        assert!(st.success(), "ingest failed");
        Built {
            _tmp: tmp,
            out,
            db,
            real_ja,
        }
    })
}

/// The test database, read-only; `.0` keeps the call sites short.
fn conn() -> Conn {
    Conn(db::open_read_only(&built().db).expect("opens"))
}

struct Conn(keikaku_corpus::db::Connection);

fn scalar(c: &keikaku_corpus::db::Connection, sql: &str) -> i64 {
    c.query_row(sql, [], |r| r.get(0)).expect(sql)
}

struct QueryRow {
    query: String,
    corpus: String,
    expected: Vec<String>,
}

fn queries() -> Vec<QueryRow> {
    let text = std::fs::read_to_string(repo().join("tests/data/queries.tsv")).expect("queries");
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert!(f.len() >= 3, "bad row {l:?}");
            QueryRow {
                query: f[0].to_string(),
                corpus: f[1].to_string(),
                expected: if f[2] == "-" {
                    Vec::new()
                } else {
                    f[2].split('|').map(str::to_string).collect()
                },
            }
        })
        .collect()
}

#[test]
fn search_finds_every_row_like_finds_and_ranks_the_expected_initiative_first() {
    let b = built();
    let c = conn();
    let all = queries();
    assert!(all.len() >= 40, "the query set has {} queries", all.len());
    let mut run = 0;
    let mut skipped = 0;
    let (mut with_expected, mut first) = (0, 0);
    let mut extra_total = 0;
    let mut like_total = 0;
    println!("query | LIKE rows | search rows | extra | expected rank");
    for q in &all {
        if q.corpus == "real-ja" && !b.real_ja {
            skipped += 1;
            continue;
        }
        run += 1;
        let hits = search::search(
            &c.0,
            &search::Query {
                text: q.query.clone(),
                ..Default::default()
            },
        )
        .expect("search");
        let found: BTreeSet<i64> = hits.iter().map(|h| h.rowid).collect();
        let like: BTreeSet<i64> = search::like_rows(&c.0, &q.query, None)
            .expect("like")
            .into_iter()
            .collect();
        let missed: Vec<_> = like.difference(&found).collect();
        assert!(
            missed.is_empty(),
            "{}: search missed rows {missed:?} that LIKE finds",
            q.query
        );
        like_total += like.len();
        extra_total += found.len() - like.len();
        let mut rank = String::from("-");
        if !q.expected.is_empty() {
            with_expected += 1;
            let ini = search::search(
                &c.0,
                &search::Query {
                    text: q.query.clone(),
                    kind: Some("initiative".into()),
                    ..Default::default()
                },
            )
            .expect("search");
            let pos = ini
                .iter()
                .position(|h| q.expected.contains(&format!("{}#{}", h.file, h.id)));
            if pos == Some(0) {
                first += 1;
            }
            rank = pos.map_or("not found".into(), |p| (p + 1).to_string());
            assert!(pos.is_some(), "{}: expected initiative not found", q.query);
            // the hit says where it was printed: its first page and a box on it
            let hit = &ini[pos.unwrap_or(0)];
            assert!(
                hit.source.first().is_some_and(|s| Some(s.page) == hit.page
                    && s.bbox.width() > 0.0
                    && s.bbox.height() > 0.0),
                "{}: hit without its source: {:?}",
                q.query,
                hit.source
            );
        }
        println!(
            "{} | {} | {} | {} | {rank}",
            q.query,
            like.len(),
            found.len(),
            found.len() - like.len()
        );
    }
    println!(
        "{run} queries run ({skipped} skipped as ../shared/corpus/real-ja is absent), recall 1.0 on all; \
         {like_total} LIKE rows, {extra_total} more rows found by search (matches across a line break); \
         expected initiative first in {first} of {with_expected}"
    );
    assert!(
        first * 10 >= with_expected * 8,
        "expected initiative first in only {first} of {with_expected}"
    );
}

#[test]
fn tables_hold_what_the_json_holds() {
    let b = built();
    let c = conn();
    let text = std::fs::read_to_string(b.out.join("corpus.jsonl")).expect("corpus");
    let docs: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let count = |k: &str| -> i64 {
        docs.iter()
            .map(|d| d[k].as_array().map_or(0, |a| a.len()) as i64)
            .sum()
    };
    assert_eq!(
        scalar(&c.0, "SELECT count(*) FROM documents"),
        docs.len() as i64
    );
    for (table, key) in [
        ("pages", "pages"),
        ("sections", "sections"),
        ("initiatives", "initiatives"),
        ("tables", "tables"),
        ("glossary", "glossary"),
        ("dates", "dates"),
    ] {
        assert_eq!(
            scalar(&c.0, &format!("SELECT count(*) FROM {table}")),
            count(key),
            "{table}"
        );
    }
    let cells: i64 = docs
        .iter()
        .flat_map(|d| d["tables"].as_array().cloned().unwrap_or_default())
        .flat_map(|t| t["rows"].as_array().cloned().unwrap_or_default())
        .map(|r| r.as_array().map_or(0, |a| a.len()) as i64)
        .sum();
    assert_eq!(scalar(&c.0, "SELECT count(*) FROM cells"), cells);
    // every initiative's and date's boxes are there, as in the JSON
    let spans = |k: &str| -> i64 {
        docs.iter()
            .flat_map(|d| d[k].as_array().cloned().unwrap_or_default())
            .map(|u| u["source"].as_array().map_or(0, |a| a.len()) as i64)
            .sum()
    };
    for (kind, key) in [("initiative", "initiatives"), ("date", "dates")] {
        assert_eq!(
            scalar(
                &c.0,
                &format!("SELECT count(*) FROM sources WHERE kind = '{kind}' AND part = ''")
            ),
            spans(key),
            "{kind}"
        );
    }
    assert!(spans("initiatives") >= count("initiatives"));
    assert_eq!(
        scalar(&c.0, "SELECT count(*) FROM pragma_foreign_key_check"),
        0
    );
    // the README's query: initiatives by department and schedule year
    let mut st =
        c.0.prepare(include_str!("data/initiatives_by_department.sql"))
            .expect("sql");
    let rows: Vec<(String, i64, i64)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .expect("query")
        .collect::<Result<_, _>>()
        .expect("rows");
    let it = rows
        .iter()
        .find(|r| r.0 == "情報政策課" && r.1 == 2023)
        .expect("情報政策課 in 2023");
    assert!(it.2 >= 20, "{rows:?}");
    // stored text stays as printed: the old form 戶 is in seed003.B's cells of text
    assert!(scalar(&c.0, "SELECT count(*) FROM pages WHERE text LIKE '%戶籍%'") > 0);
}

#[test]
fn rebuilding_is_idempotent_and_replaces_by_sha256() {
    let b = built();
    let tmp = tempfile::tempdir().expect("tempdir");
    let one = tmp.path().join("one.sqlite");
    let out = keikaku()
        .arg("db")
        .arg(&b.out)
        .arg("-o")
        .arg(&one)
        .output()
        .expect("db");
    assert!(out.status.success());
    let before = keikaku_corpus::db::dump(&one).expect("dump");
    assert_eq!(
        before,
        keikaku_corpus::db::dump(&b.db).expect("dump"),
        "db and ingest --db agree"
    );
    // again: nothing written, nothing changed
    let out = keikaku()
        .arg("db")
        .arg(&b.out)
        .arg("-o")
        .arg(&one)
        .output()
        .expect("db");
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(msg.contains(" 0 written"), "{msg}");
    assert_eq!(before, keikaku_corpus::db::dump(&one).expect("dump"));
    // forced: every document replaced, same contents
    let st = keikaku()
        .args(["db", "--force"])
        .arg(&b.out)
        .arg("-o")
        .arg(&one)
        .status()
        .expect("db");
    assert!(st.success());
    assert_eq!(before, keikaku_corpus::db::dump(&one).expect("dump"));
    // a corpus file with one document, pruned: only it remains
    let text = std::fs::read_to_string(b.out.join("corpus.jsonl")).expect("corpus");
    let first = text.lines().next().expect("a line");
    let single = tmp.path().join("single.jsonl");
    std::fs::write(&single, format!("{first}\n")).expect("write");
    let st = keikaku()
        .args(["db", "--prune"])
        .arg(&single)
        .arg("-o")
        .arg(&one)
        .status()
        .expect("db");
    assert!(st.success());
    let c = db::open_read_only(&one).expect("open");
    assert_eq!(scalar(&c, "SELECT count(*) FROM documents"), 1);
    assert_eq!(
        scalar(&c, "SELECT count(*) FROM search_fts"),
        scalar(&c, "SELECT count(*) FROM search")
    );
    // a broken line: an error naming the file and line, the database untouched
    std::fs::write(&single, format!("{first}\n{{\"schema\": 1}}\n")).expect("write");
    let out = keikaku()
        .arg("db")
        .arg(&single)
        .arg("-o")
        .arg(&one)
        .output()
        .expect("db");
    assert_eq!(out.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&out.stderr);
    assert!(msg.contains("single.jsonl line 2"), "{msg}");
    let leftovers: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left");
}

#[test]
fn search_command_prints_hits_and_json_with_filters() {
    let b = built();
    let out = keikaku()
        .args(["search", "取組", "--json", "--kind", "initiative"])
        .args(["--municipality", "杉並", "--fiscal-year", "2023", "-n", "5"])
        .arg("--db")
        .arg(&b.db)
        .output()
        .expect("search");
    assert!(out.status.success());
    let hits: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(hits.len(), 5);
    for h in &hits {
        assert_eq!(h["kind"], "initiative");
        assert_eq!(h["municipality"], "杉並区");
        assert!(
            h["snippet"].as_str().unwrap_or("").contains("«取組»"),
            "{h}"
        );
        assert!(h["page"].as_u64().is_some() && h["key"].is_string());
    }
    let out = keikaku()
        .args(["search", "テレワークの推進", "-n", "1"])
        .arg("--db")
        .arg(&b.db)
        .output()
        .expect("search");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("seed001.pdf p.") && text.contains("«テレワークの推進»"),
        "{text}"
    );
    // nothing found: exit 1, like grep
    let out = keikaku()
        .args(["search", "存在しない語句ですよ"])
        .arg("--db")
        .arg(&b.db)
        .output()
        .expect("search");
    assert_eq!(out.status.code(), Some(1));
    // a missing database: exit 2 with the file named
    let out = keikaku()
        .args(["search", "x", "--db", "/nonexistent/c.sqlite"])
        .output()
        .expect("search");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/c.sqlite"));
}

#[test]
fn chunks_stay_inside_one_section_or_initiative() {
    let b = built();
    let text = std::fs::read_to_string(b.out.join("chunks.jsonl")).expect("chunks");
    let chunks: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert!(chunks.len() > 100, "{} chunks", chunks.len());
    let corpus = std::fs::read_to_string(b.out.join("corpus.jsonl")).expect("corpus");
    let docs: Vec<serde_json::Value> = corpus
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let mut ids = BTreeSet::new();
    for c in &chunks {
        assert!(ids.insert(c["id"].as_str().unwrap_or("").to_string()));
        let tokens = c["tokens"].as_u64().unwrap_or(0);
        assert!((1..=120).contains(&tokens), "{c}");
        let doc = docs
            .iter()
            .find(|d| d["source"]["sha256"] == c["document"])
            .expect("document key");
        let body = c["text"].as_str().unwrap_or("");
        let own = match c["kind"].as_str() {
            Some("initiative") => {
                let id = c["initiative"].as_str().unwrap_or("");
                let ini = doc["initiatives"]
                    .as_array()
                    .and_then(|a| a.iter().find(|i| i["id"] == id))
                    .expect("initiative");
                assert_eq!(c["initiative_key"], ini["key"]);
                strings(ini)
            }
            Some("section") => match c["section"].as_str() {
                Some(id) => strings(
                    doc["sections"]
                        .as_array()
                        .and_then(|a| a.iter().find(|s| s["id"] == id))
                        .expect("section"),
                ),
                None => strings(&doc["preamble"]),
            },
            Some("table") | Some("page") => continue,
            k => panic!("unknown kind {k:?}"),
        };
        // every line's longest word comes from this initiative or section
        for line in body.lines() {
            let word = line
                .split(|ch: char| ch.is_whitespace() || ch == ':' || ch == '、')
                .max_by_key(|w| w.chars().count())
                .unwrap_or("");
            let probe: String = word.chars().take(4).collect();
            assert!(
                own.contains(&probe),
                "{probe:?} of {line:?} not in {}",
                c["id"]
            );
        }
    }
    assert!(chunks.iter().any(|c| c["kind"] == "initiative"));
    assert!(chunks
        .iter()
        .any(|c| c["kind"] == "table" && c["bbox"].is_array()));
    // every chunk says where its text was printed (page and box)
    let placed = |c: &&serde_json::Value| {
        c["source"].as_array().is_some_and(|a| {
            !a.is_empty()
                && a.iter()
                    .all(|s| s["page"].as_u64().is_some() && s["bbox"].as_array().is_some())
        })
    };
    let unplaced: Vec<&serde_json::Value> = chunks.iter().filter(|c| !placed(c)).collect();
    assert!(
        unplaced.len() * 100 <= chunks.len(),
        "{} of {} chunks without a source, e.g. {:?}",
        unplaced.len(),
        chunks.len(),
        unplaced.first()
    );
}

/// Every string (and object key) in a JSON value, concatenated.
fn strings(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(a) => a.iter().map(strings).collect::<Vec<_>>().join("\n"),
        serde_json::Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k}\n{}", strings(v)))
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}
#[test]
fn report_shows_documents_failures_and_charts() {
    let b = built();
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = tmp.path().join("out");
    std::fs::create_dir_all(tmp.path().join("in")).expect("dir");
    std::fs::copy(
        repo().join("fixtures/seed001.pdf"),
        tmp.path().join("in/seed001.pdf"),
    )
    .expect("copy");
    std::fs::write(tmp.path().join("in/broken.pdf"), b"%PDF-1.4 nothing").expect("write");
    let st = keikaku()
        .arg("ingest")
        .arg(tmp.path().join("in"))
        .arg("-o")
        .arg(&out)
        .arg("--no-progress")
        .status()
        .expect("ingest");
    assert_eq!(st.code(), Some(1));
    let st = keikaku().arg("report").arg(&out).status().expect("report");
    assert!(st.success());
    let html = std::fs::read_to_string(out.join("index.html")).expect("html");
    assert!(html.contains("杉並区デジタル化推進計画"));
    assert!(html.contains("令和4（2022）年度～令和6（2024）年度"));
    assert!(html.contains("broken.pdf") && html.contains("class=\"failed\""));
    assert!(html.contains("<svg") && html.contains("情報政策課") && html.contains("2023年度"));
    assert!(
        !html.contains("http://")
            || html.matches("http://").count()
                == html.matches("http://www.w3.org/2000/svg").count()
    );
    // the big batch reports too
    let st = keikaku()
        .arg("report")
        .arg(&b.out)
        .status()
        .expect("report");
    assert!(st.success());
}

#[test]
fn chromium_renders_the_batch_report() {
    let Some(chromium) = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| Path::new(p).exists())
    else {
        eprintln!("skipped: chromium not installed");
        return;
    };
    let b = built();
    let st = keikaku()
        .arg("report")
        .arg(&b.out)
        .status()
        .expect("report");
    assert!(st.success());
    let tmp = tempfile::tempdir().expect("tempdir");
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args([
            "--disable-background-networking",
            "--disable-component-update",
        ])
        .arg(format!("--user-data-dir={}", tmp.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", b.out.join("index.html").display()))
        .output()
        .expect("chromium");
    let dom = String::from_utf8_lossy(&out.stdout);
    // the browser parsed the inline SVG charts and the table
    assert!(
        dom.matches("class=\"bar\"").count() >= 10,
        "{}",
        &dom[..dom.len().min(500)]
    );
    assert!(dom.matches("<tr class=\"ok\"").count() >= 7);
    assert!(dom.contains("情報政策課"));
}

#[test]
fn shards_make_the_same_database_as_one_run() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let whole = tmp.path().join("whole");
    let sharded = tmp.path().join("sharded");
    let st = keikaku()
        .arg("ingest")
        .arg(repo().join("fixtures"))
        .arg("-o")
        .arg(&whole)
        .args(["--no-progress", "--db"])
        .arg(whole.join("c.sqlite"))
        .status()
        .expect("ingest");
    assert!(st.success());
    // two shards, each adding itself to one database (incremental), and `db` over the shard files
    let incremental = tmp.path().join("incremental.sqlite");
    for k in ["1/2", "2/2"] {
        let st = keikaku()
            .arg("ingest")
            .arg(repo().join("fixtures"))
            .arg("-o")
            .arg(&sharded)
            .args(["--no-progress", "--shard", k, "--db"])
            .arg(&incremental)
            .status()
            .expect("ingest");
        assert!(st.success());
    }
    let st = keikaku().arg("db").arg(&sharded).status().expect("db");
    assert!(st.success());
    let a = db::dump(&whole.join("c.sqlite")).expect("dump");
    assert!(a.contains("## documents (7 rows)"));
    assert_eq!(a, db::dump(&incremental).expect("dump"), "incremental");
    assert_eq!(
        a,
        db::dump(&sharded.join("corpus.sqlite")).expect("dump"),
        "from shard files"
    );
}
