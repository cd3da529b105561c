//! `keikaku db`: the JSON corpus as a SQLite database in plain normalised tables, with a
//! full-text index for Japanese (see [`crate::search`]).
//!
//! Every table is keyed by the document's SHA-256 (`documents.sha256`) and the ids of the
//! JSON (`i001`, `s003`, `t02` …), so a database built in any order, from one
//! `corpus.jsonl` or from shard files, has the same contents. Re-running replaces a
//! document by its SHA-256 (skipped when its JSON line is unchanged).

use crate::normalize::normalize;
use crate::text;
use crate::CorpusError;
use keikaku_model::{Document, ScheduleEntry, SectionBlock, Span};
use rusqlite::{params, OptionalExtension, Transaction};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub use rusqlite::Connection;

/// The database layout; bumped when tables change (an older database is rebuilt).
pub const DB_SCHEMA: &str = "keikaku-db/2";

/// The tables, in creation order.
pub const SCHEMA_SQL: &str = r#"
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
  sha256 TEXT PRIMARY KEY,
  file TEXT NOT NULL,
  bytes INTEGER NOT NULL,
  page_count INTEGER NOT NULL,
  producer TEXT,
  schema TEXT NOT NULL,
  title TEXT,
  subtitle TEXT,
  municipality TEXT,
  doc_type TEXT,
  period_text TEXT,
  period_start TEXT,
  period_end TEXT,
  period_from_fy INTEGER,
  period_to_fy INTEGER,
  content_sha256 TEXT NOT NULL
);
CREATE TABLE pages (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  width REAL NOT NULL,
  height REAL NOT NULL,
  text TEXT NOT NULL,
  furniture TEXT NOT NULL,
  PRIMARY KEY (document, number)
);
CREATE TABLE sections (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  id TEXT NOT NULL,
  level INTEGER NOT NULL,
  heading TEXT NOT NULL,
  parent TEXT,
  page INTEGER NOT NULL,
  path TEXT NOT NULL,
  PRIMARY KEY (document, id),
  FOREIGN KEY (document, parent) REFERENCES sections(document, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE tables (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  id TEXT NOT NULL,
  page INTEGER NOT NULL,
  x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
  caption TEXT,
  n_rows INTEGER NOT NULL,
  n_cols INTEGER NOT NULL,
  last_page INTEGER NOT NULL,
  PRIMARY KEY (document, id)
);
CREATE TABLE cells (
  document TEXT NOT NULL,
  table_id TEXT NOT NULL,
  row INTEGER NOT NULL,
  col INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (document, table_id, row, col),
  FOREIGN KEY (document, table_id) REFERENCES tables(document, id) ON DELETE CASCADE
);
CREATE TABLE merges (
  document TEXT NOT NULL,
  table_id TEXT NOT NULL,
  row INTEGER NOT NULL,
  col INTEGER NOT NULL,
  rowspan INTEGER NOT NULL,
  colspan INTEGER NOT NULL,
  PRIMARY KEY (document, table_id, row, col),
  FOREIGN KEY (document, table_id) REFERENCES tables(document, id) ON DELETE CASCADE
);
CREATE TABLE initiatives (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  id TEXT NOT NULL,
  key TEXT NOT NULL,
  form TEXT NOT NULL,
  number TEXT,
  title TEXT NOT NULL,
  section TEXT,
  section_path TEXT NOT NULL,
  status TEXT,
  summary TEXT,
  revision_reason TEXT,
  table_ref TEXT,
  table_row INTEGER,
  first_page INTEGER,
  PRIMARY KEY (document, id),
  FOREIGN KEY (document, section) REFERENCES sections(document, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (document, table_ref) REFERENCES tables(document, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX initiatives_key ON initiatives(key);
CREATE TABLE initiative_pages (
  document TEXT NOT NULL,
  initiative TEXT NOT NULL,
  page INTEGER NOT NULL,
  PRIMARY KEY (document, initiative, page),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) ON DELETE CASCADE
);
CREATE TABLE initiative_fields (
  document TEXT NOT NULL,
  initiative TEXT NOT NULL,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (document, initiative, name),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) ON DELETE CASCADE
);
CREATE TABLE departments (name TEXT PRIMARY KEY);
CREATE TABLE initiative_departments (
  document TEXT NOT NULL,
  initiative TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('lead', 'related')),
  seq INTEGER NOT NULL,
  department TEXT NOT NULL REFERENCES departments(name),
  PRIMARY KEY (document, initiative, role, seq),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) ON DELETE CASCADE
);
CREATE INDEX initiative_departments_name ON initiative_departments(department);
CREATE TABLE document_departments (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  department TEXT NOT NULL REFERENCES departments(name),
  count INTEGER NOT NULL,
  PRIMARY KEY (document, department)
);
CREATE TABLE schedule (
  document TEXT NOT NULL,
  initiative TEXT NOT NULL,
  seq INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('year', 'span')),
  fiscal_year INTEGER NOT NULL,
  to_fiscal_year INTEGER,
  label TEXT NOT NULL,
  text TEXT,
  PRIMARY KEY (document, initiative, seq),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) ON DELETE CASCADE
);
CREATE TABLE kpi (
  document TEXT NOT NULL,
  initiative TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT,
  unit TEXT,
  baseline_year INTEGER,
  baseline_year_kind TEXT,
  baseline_value TEXT,
  target_year INTEGER,
  target_year_kind TEXT,
  target_value TEXT,
  PRIMARY KEY (document, initiative, seq),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) ON DELETE CASCADE
);
CREATE TABLE actions (
  document TEXT NOT NULL,
  initiative TEXT NOT NULL,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (document, initiative, seq),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) ON DELETE CASCADE
);
CREATE TABLE related_plans (
  document TEXT NOT NULL,
  initiative TEXT NOT NULL,
  seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  PRIMARY KEY (document, initiative, seq),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) ON DELETE CASCADE
);
CREATE TABLE footnotes (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  initiative TEXT,
  marker TEXT NOT NULL,
  term TEXT,
  text TEXT NOT NULL,
  page INTEGER,
  PRIMARY KEY (document, seq),
  FOREIGN KEY (document, initiative) REFERENCES initiatives(document, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE blocks (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  section TEXT,
  type TEXT NOT NULL,
  text TEXT,
  marker TEXT,
  table_ref TEXT,
  initiative_ref TEXT,
  PRIMARY KEY (document, seq),
  FOREIGN KEY (document, section) REFERENCES sections(document, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (document, table_ref) REFERENCES tables(document, id) DEFERRABLE INITIALLY DEFERRED,
  FOREIGN KEY (document, initiative_ref) REFERENCES initiatives(document, id) DEFERRABLE INITIALLY DEFERRED
);
CREATE TABLE block_items (
  document TEXT NOT NULL,
  block INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  "when" TEXT,
  start TEXT,
  "end" TEXT,
  PRIMARY KEY (document, block, seq),
  FOREIGN KEY (document, block) REFERENCES blocks(document, seq) ON DELETE CASCADE
);
CREATE TABLE glossary (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  term TEXT NOT NULL,
  definition TEXT NOT NULL,
  PRIMARY KEY (document, seq)
);
CREATE TABLE dates (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  start TEXT,
  "end" TEXT,
  fiscal_year INTEGER,
  page INTEGER NOT NULL,
  warnings TEXT NOT NULL,
  PRIMARY KEY (document, seq)
);
CREATE TABLE warnings (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  page INTEGER,
  code TEXT NOT NULL,
  message TEXT NOT NULL,
  PRIMARY KEY (document, seq)
);
CREATE TABLE sources (
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  ref TEXT NOT NULL,
  part TEXT NOT NULL,
  seq INTEGER NOT NULL,
  page INTEGER NOT NULL,
  x0 REAL NOT NULL, y0 REAL NOT NULL, x1 REAL NOT NULL, y1 REAL NOT NULL,
  PRIMARY KEY (document, kind, ref, part, seq)
);
CREATE TABLE search (
  rowid INTEGER PRIMARY KEY,
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('initiative', 'section', 'table', 'page')),
  ref TEXT NOT NULL,
  page INTEGER,
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  norm TEXT NOT NULL,
  UNIQUE (document, kind, ref)
);
CREATE VIRTUAL TABLE search_fts USING fts5(
  title_w, title_c, body_w, body_c,
  tokenize = "unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Co'"
);
"#;

/// How [`build`] treats documents already in the database.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Replace every document read, even when its JSON line is unchanged.
    pub force: bool,
    /// Remove documents that none of the inputs holds.
    pub prune: bool,
}

/// What a build did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct BuildStats {
    /// Documents read from the inputs (a SHA-256 read twice counts once).
    pub documents: usize,
    /// Documents written (new or replaced).
    pub written: usize,
    /// Documents already in the database with the same JSON.
    pub unchanged: usize,
    /// Documents removed by `prune`.
    pub removed: usize,
    /// Pages and initiatives written.
    pub pages: usize,
    pub initiatives: usize,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// The corpus files of an output folder: `corpus.jsonl` and every shard file
/// `corpus.K-of-N.jsonl`, in name order; a `.jsonl` file is taken as it is.
pub fn corpus_files(path: &Path) -> Result<Vec<PathBuf>, CorpusError> {
    if path.is_file() {
        return Ok(vec![path.to_path_buf()]);
    }
    let rd = fs::read_dir(path).map_err(|e| CorpusError::io(path, e))?;
    let mut files: Vec<PathBuf> = rd
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| n == "corpus.jsonl" || is_shard_name(&n))
        })
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(CorpusError::Input(format!(
            "{}: no corpus.jsonl or corpus.K-of-N.jsonl (run keikaku ingest -o {} first)",
            path.display(),
            path.display()
        )));
    }
    Ok(files)
}

/// `corpus.K-of-N.jsonl`.
fn is_shard_name(name: &str) -> bool {
    let Some(mid) = name
        .strip_prefix("corpus.")
        .and_then(|n| n.strip_suffix(".jsonl"))
    else {
        return false;
    };
    let Some((k, n)) = mid.split_once("-of-") else {
        return false;
    };
    k.parse::<u32>().is_ok() && n.parse::<u32>().is_ok()
}

/// Opens (creating when needed) a database at `path` with the current layout.
pub fn open(path: &Path) -> Result<Connection, CorpusError> {
    let conn = Connection::open(path).map_err(|e| CorpusError::db(path, e))?;
    prepare(&conn).map_err(|e| CorpusError::db(path, e))?;
    Ok(conn)
}

/// Opens an existing database read-only (for searching), checking its layout.
pub fn open_read_only(path: &Path) -> Result<Connection, CorpusError> {
    let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| CorpusError::db(path, e))?;
    let version: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
            r.get(0)
        })
        .optional()
        .unwrap_or(None);
    if version.as_deref() != Some(DB_SCHEMA) {
        return Err(CorpusError::Input(format!(
            "{}: not a keikaku database of layout {DB_SCHEMA} (rebuild it with keikaku db)",
            path.display()
        )));
    }
    Ok(conn)
}

fn prepare(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    let has_meta: bool = conn
        .query_row(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
            [],
            |r| r.get::<_, i64>(0),
        )
        .map(|n| n > 0)?;
    let version: Option<String> = if has_meta {
        conn.query_row("SELECT value FROM meta WHERE key = 'schema'", [], |r| {
            r.get(0)
        })
        .optional()?
    } else {
        None
    };
    if version.as_deref() == Some(DB_SCHEMA) {
        return Ok(());
    }
    // new, or an older layout: start afresh
    conn.execute_batch("PRAGMA foreign_keys = OFF;")?;
    let names: Vec<(String, String)> = {
        let mut st = conn.prepare(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') \
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_fts_%'",
        )?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for (kind, name) in names {
        let kind = if kind == "view" { "VIEW" } else { "TABLE" };
        conn.execute_batch(&format!("DROP {kind} IF EXISTS \"{name}\";"))?;
    }
    conn.execute_batch(SCHEMA_SQL)?;
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('schema', ?1)",
        [DB_SCHEMA],
    )?;
    conn.execute_batch("PRAGMA foreign_keys = ON;")?;
    Ok(())
}

/// Builds or updates the database `db` from corpus files (JSON lines of documents).
/// The database is changed in a copy that replaces `db` only when complete.
pub fn build(
    inputs: &[PathBuf],
    db: &Path,
    opts: &BuildOptions,
) -> Result<BuildStats, CorpusError> {
    let start = Instant::now();
    let dir = db
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| CorpusError::io(dir, e))?;
    let name = db
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "corpus.sqlite".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        if db.exists() {
            fs::copy(db, &tmp).map_err(|e| CorpusError::io(db, e))?;
        } else if tmp.exists() {
            fs::remove_file(&tmp).map_err(|e| CorpusError::io(&tmp, e))?;
        }
        let stats = {
            let mut conn = open(&tmp)?;
            conn.execute_batch("PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF;")
                .map_err(|e| CorpusError::db(db, e))?;
            let stats = load(&mut conn, inputs, opts, db)?;
            conn.close().map_err(|(_, e)| CorpusError::db(db, e))?;
            stats
        };
        fs::File::open(&tmp)
            .and_then(|f| f.sync_all())
            .map_err(|e| CorpusError::io(&tmp, e))?;
        fs::rename(&tmp, db).map_err(|e| CorpusError::io(db, e))?;
        Ok(stats)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    let mut stats = result?;
    stats.seconds = start.elapsed().as_secs_f64();
    Ok(stats)
}

fn load(
    conn: &mut Connection,
    inputs: &[PathBuf],
    opts: &BuildOptions,
    db: &Path,
) -> Result<BuildStats, CorpusError> {
    let mut stats = BuildStats::default();
    let mut seen: HashSet<String> = HashSet::new();
    let tx = conn.transaction().map_err(|e| CorpusError::db(db, e))?;
    for file in inputs {
        let f = fs::File::open(file).map_err(|e| CorpusError::io(file, e))?;
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| CorpusError::io(file, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let doc: Document = serde_json::from_str(&line).map_err(|e| {
                CorpusError::Input(format!(
                    "{} line {}: not a keikaku document: {e}",
                    file.display(),
                    n + 1
                ))
            })?;
            let sha = doc.source.sha256.clone();
            if sha.is_empty() {
                return Err(CorpusError::Input(format!(
                    "{} line {}: the document has no source.sha256",
                    file.display(),
                    n + 1
                )));
            }
            if !seen.insert(sha.clone()) {
                continue;
            }
            stats.documents += 1;
            let content = content_key(&line);
            let old: Option<String> = tx
                .query_row(
                    "SELECT content_sha256 FROM documents WHERE sha256 = ?1",
                    [&sha],
                    |r| r.get(0),
                )
                .optional()
                .map_err(|e| CorpusError::db(db, e))?;
            if !opts.force && old.as_deref() == Some(content.as_str()) {
                stats.unchanged += 1;
                continue;
            }
            remove_document(&tx, &sha).map_err(|e| CorpusError::db(db, e))?;
            insert_document(&tx, &doc, &content).map_err(|e| {
                CorpusError::Input(format!(
                    "{} line {} ({}): cannot store in {}: {e}",
                    file.display(),
                    n + 1,
                    doc.source.file,
                    db.display()
                ))
            })?;
            stats.written += 1;
            stats.pages += doc.pages.len();
            stats.initiatives += doc.initiatives.len();
        }
    }
    if opts.prune {
        let all: Vec<String> = {
            let mut st = tx
                .prepare("SELECT sha256 FROM documents")
                .map_err(|e| CorpusError::db(db, e))?;
            let rows = st
                .query_map([], |r| r.get(0))
                .map_err(|e| CorpusError::db(db, e))?;
            rows.collect::<rusqlite::Result<_>>()
                .map_err(|e| CorpusError::db(db, e))?
        };
        for sha in all.iter().filter(|s| !seen.contains(*s)) {
            remove_document(&tx, sha).map_err(|e| CorpusError::db(db, e))?;
            stats.removed += 1;
        }
    }
    tx.execute(
        "DELETE FROM departments WHERE name NOT IN \
         (SELECT department FROM initiative_departments UNION SELECT department FROM document_departments)",
        [],
    )
    .map_err(|e| CorpusError::db(db, e))?;
    check_references(&tx, db)?;
    tx.commit().map_err(|e| CorpusError::db(db, e))?;
    Ok(stats)
}

/// Fails, naming the table and document, when a row refers to a missing one (an id the
/// JSON refers to but does not hold).
fn check_references(tx: &Transaction<'_>, db: &Path) -> Result<(), CorpusError> {
    let mut st = tx
        .prepare("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
        .map_err(|e| CorpusError::db(db, e))?;
    let bad: Option<(String, Option<i64>, String)> = st
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()
        .map_err(|e| CorpusError::db(db, e))?;
    let Some((table, rowid, parent)) = bad else {
        return Ok(());
    };
    let doc: Option<String> = match rowid {
        Some(id) => tx
            .query_row(
                &format!("SELECT document FROM \"{table}\" WHERE rowid = ?1"),
                [id],
                |r| r.get(0),
            )
            .optional()
            .unwrap_or(None),
        None => None,
    };
    Err(CorpusError::Input(format!(
        "{}: a row of {table} (document {}) refers to a missing row of {parent}",
        db.display(),
        doc.unwrap_or_else(|| "?".into())
    )))
}

/// Deletes a document and everything that belongs to it.
fn remove_document(tx: &Transaction<'_>, sha: &str) -> rusqlite::Result<()> {
    tx.execute(
        "DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search WHERE document = ?1)",
        [sha],
    )?;
    tx.execute("DELETE FROM documents WHERE sha256 = ?1", [sha])?;
    Ok(())
}

/// The key that makes a stored document current: its JSON line, this crate's version and
/// the search normalisation table (a change to either rebuilds the index rows).
fn content_key(line: &str) -> String {
    let mut h = Sha256::new();
    h.update(line.as_bytes());
    h.update(env!("CARGO_PKG_VERSION").as_bytes());
    h.update(crate::normalize::ITAIJI.as_bytes());
    hex(&h.finalize())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn insert_document(tx: &Transaction<'_>, doc: &Document, content: &str) -> rusqlite::Result<()> {
    let d = &doc.source.sha256;
    let p = doc.plan_period.as_ref();
    tx.execute(
        "INSERT INTO documents VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        params![
            d,
            doc.source.file,
            doc.source.bytes as i64,
            doc.source.pages,
            doc.source.producer,
            doc.schema,
            doc.title,
            doc.subtitle,
            doc.municipality,
            doc.doc_type,
            p.map(|p| p.text.clone()),
            p.and_then(|p| p.start.clone()),
            p.and_then(|p| p.end.clone()),
            p.and_then(|p| p.from_fiscal_year),
            p.and_then(|p| p.to_fiscal_year),
            content
        ],
    )?;
    {
        let mut st = tx.prepare_cached("INSERT INTO pages VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for pg in &doc.pages {
            st.execute(params![
                d,
                pg.number,
                pg.width as f64,
                pg.height as f64,
                pg.text,
                json(&pg.furniture)
            ])?;
        }
    }
    let mut section_of_initiative: BTreeMap<&str, &str> = BTreeMap::new();
    {
        let mut st =
            tx.prepare_cached("INSERT INTO sections VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
        for s in &doc.sections {
            let path = text::section_path(doc, &s.id).join(" > ");
            st.execute(params![d, s.id, s.level, s.heading, s.parent, s.page, path])?;
            for b in &s.blocks {
                if let SectionBlock::InitiativeRef { initiative_ref, .. } = b {
                    section_of_initiative.insert(initiative_ref, &s.id);
                }
            }
        }
    }
    {
        let mut st = tx.prepare_cached(
            "INSERT INTO tables VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?;
        let mut cell = tx.prepare_cached("INSERT INTO cells VALUES (?1, ?2, ?3, ?4, ?5)")?;
        let mut merge = tx.prepare_cached("INSERT INTO merges VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
        for t in &doc.tables {
            let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
            let last = t.pages.iter().copied().max().unwrap_or(t.page).max(t.page);
            st.execute(params![
                d,
                t.id,
                t.page,
                t.bbox.x0 as f64,
                t.bbox.y0 as f64,
                t.bbox.x1 as f64,
                t.bbox.y1 as f64,
                t.caption,
                t.rows.len(),
                cols,
                last
            ])?;
            for (r, row) in t.rows.iter().enumerate() {
                for (c, text) in row.iter().enumerate() {
                    cell.execute(params![d, t.id, r, c, text])?;
                }
            }
            for m in &t.merges {
                merge.execute(params![d, t.id, m.row, m.col, m.rowspan, m.colspan])?;
            }
        }
    }
    insert_initiatives(tx, doc, &section_of_initiative)?;
    insert_blocks(tx, doc)?;
    {
        let mut st = tx.prepare_cached("INSERT INTO glossary VALUES (?1, ?2, ?3, ?4)")?;
        for (i, g) in doc.glossary.iter().enumerate() {
            st.execute(params![d, i, g.term, g.definition])?;
        }
        let mut st =
            tx.prepare_cached("INSERT INTO dates VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
        for (i, x) in doc.dates.iter().enumerate() {
            st.execute(params![
                d,
                i,
                x.text,
                x.start,
                x.end,
                x.fiscal_year,
                x.page,
                json(&x.warnings)
            ])?;
        }
        let mut st = tx.prepare_cached("INSERT INTO warnings VALUES (?1, ?2, ?3, ?4, ?5)")?;
        for (i, w) in doc.warnings.iter().enumerate() {
            st.execute(params![d, i, w.page, w.code, w.message])?;
        }
        let mut dep = tx.prepare_cached("INSERT OR IGNORE INTO departments VALUES (?1)")?;
        let mut st = tx.prepare_cached("INSERT INTO document_departments VALUES (?1, ?2, ?3)")?;
        for x in &doc.departments {
            dep.execute([&x.name])?;
            st.execute(params![d, x.name, x.count])?;
        }
    }
    insert_sources(tx, doc)?;
    insert_search_rows(tx, doc)
}

/// Every unit's boxes: `kind` and `ref` name the unit as the other tables do (`initiative`
/// `i001`, `section` `s003`, `table` `t02`, `date` / `footnote` / `glossary` by index,
/// `document` for the title and plan period), `part` a part of it (`""` the whole unit,
/// `title`, `summary`, `field:NAME`, `action:N`, `kpi:N`, `schedule:N`, `cell:R:C` …).
fn insert_sources(tx: &Transaction<'_>, doc: &Document) -> rusqlite::Result<()> {
    let d = &doc.source.sha256;
    let mut st = tx.prepare_cached(
        "INSERT OR IGNORE INTO sources VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut put = |kind: &str, r: &str, part: &str, spans: &[Span]| -> rusqlite::Result<()> {
        for (seq, s) in spans.iter().enumerate() {
            let b = s.bbox;
            st.execute(params![
                d, kind, r, part, seq, s.page, b.x0, b.y0, b.x1, b.y1
            ])?;
        }
        Ok(())
    };
    put("document", "", "title", &doc.title_source)?;
    put("document", "", "subtitle", &doc.subtitle_source)?;
    if let Some(p) = &doc.plan_period {
        put("document", "", "plan_period", &p.source)?;
    }
    for s in &doc.sections {
        put("section", &s.id, "", &s.source)?;
    }
    for i in &doc.initiatives {
        put("initiative", &i.id, "", &i.source)?;
        put("initiative", &i.id, "title", &i.title_source)?;
        put("initiative", &i.id, "summary", &i.summary_source)?;
        put("initiative", &i.id, "number", &i.number_source)?;
        put(
            "initiative",
            &i.id,
            "revision_reason",
            &i.revision_reason_source,
        )?;
        let lists = [
            ("lead", &i.lead_department_sources),
            ("related", &i.related_department_sources),
            ("plan", &i.related_plan_sources),
        ];
        for (part, list) in lists {
            for (k, spans) in list.iter().enumerate() {
                put("initiative", &i.id, &format!("{part}:{k}"), spans)?;
            }
        }
        for (name, spans) in &i.field_sources {
            put("initiative", &i.id, &format!("field:{name}"), spans)?;
        }
        for (k, spans) in i.action_sources.iter().enumerate() {
            put("initiative", &i.id, &format!("action:{k}"), spans)?;
        }
        for (k, x) in i.kpi.iter().enumerate() {
            put("initiative", &i.id, &format!("kpi:{k}"), &x.source)?;
        }
        for (k, e) in i.schedule.iter().enumerate() {
            let (ScheduleEntry::Year { source, .. } | ScheduleEntry::Span { source, .. }) = e;
            put("initiative", &i.id, &format!("schedule:{k}"), source)?;
        }
        for (k, f) in i.footnotes.iter().enumerate() {
            put("initiative", &i.id, &format!("footnote:{k}"), &f.source)?;
        }
    }
    for t in &doc.tables {
        put("table", &t.id, "", &t.source)?;
        for (r, row) in t.cell_sources.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let cell: Vec<Span> = cell.iter().copied().collect();
                put("table", &t.id, &format!("cell:{r}:{c}"), &cell)?;
            }
        }
    }
    for (k, g) in doc.glossary.iter().enumerate() {
        put("glossary", &k.to_string(), "", &g.source)?;
    }
    for (k, f) in doc.footnotes.iter().enumerate() {
        put("footnote", &k.to_string(), "", &f.source)?;
    }
    for (k, x) in doc.dates.iter().enumerate() {
        put("date", &k.to_string(), "", &x.source)?;
    }
    Ok(())
}

fn insert_initiatives(
    tx: &Transaction<'_>,
    doc: &Document,
    section_of: &BTreeMap<&str, &str>,
) -> rusqlite::Result<()> {
    let d = &doc.source.sha256;
    let mut ini = tx.prepare_cached(
        "INSERT INTO initiatives VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
    )?;
    let mut page =
        tx.prepare_cached("INSERT OR IGNORE INTO initiative_pages VALUES (?1, ?2, ?3)")?;
    let mut field = tx.prepare_cached("INSERT INTO initiative_fields VALUES (?1, ?2, ?3, ?4)")?;
    let mut dep = tx.prepare_cached("INSERT OR IGNORE INTO departments VALUES (?1)")?;
    let mut link =
        tx.prepare_cached("INSERT INTO initiative_departments VALUES (?1, ?2, ?3, ?4, ?5)")?;
    let mut sched =
        tx.prepare_cached("INSERT INTO schedule VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    let mut kpi = tx.prepare_cached(
        "INSERT INTO kpi VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    let mut action = tx.prepare_cached("INSERT INTO actions VALUES (?1, ?2, ?3, ?4)")?;
    let mut plan = tx.prepare_cached("INSERT INTO related_plans VALUES (?1, ?2, ?3, ?4)")?;
    let mut note =
        tx.prepare_cached("INSERT INTO footnotes VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    let mut note_seq = 0usize;
    for i in &doc.initiatives {
        let form = serde_json::to_value(i.form)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        ini.execute(params![
            d,
            i.id,
            i.key,
            form,
            i.number,
            i.title,
            section_of.get(i.id.as_str()),
            i.section_path.join(" > "),
            i.status,
            i.summary,
            i.revision_reason,
            i.table_ref,
            i.row,
            i.pages.first()
        ])?;
        for p in &i.pages {
            page.execute(params![d, i.id, p])?;
        }
        for (k, v) in &i.fields {
            field.execute(params![d, i.id, k, v])?;
        }
        for (role, list) in [
            ("lead", &i.lead_departments),
            ("related", &i.related_departments),
        ] {
            for (n, name) in list.iter().enumerate() {
                dep.execute([name])?;
                link.execute(params![d, i.id, role, n, name])?;
            }
        }
        for (n, s) in i.schedule.iter().enumerate() {
            match s {
                ScheduleEntry::Year {
                    fiscal_year,
                    label,
                    text,
                    ..
                } => sched.execute(params![
                    d,
                    i.id,
                    n,
                    "year",
                    fiscal_year,
                    fiscal_year,
                    label,
                    text
                ])?,
                ScheduleEntry::Span {
                    from_fiscal_year,
                    to_fiscal_year,
                    label,
                    ..
                } => sched.execute(params![
                    d,
                    i.id,
                    n,
                    "span",
                    from_fiscal_year,
                    to_fiscal_year,
                    label,
                    Option::<String>::None
                ])?,
            };
        }
        for (n, k) in i.kpi.iter().enumerate() {
            let b = k.baseline.as_ref();
            let t = k.target.as_ref();
            kpi.execute(params![
                d,
                i.id,
                n,
                k.name,
                k.kind,
                k.unit,
                b.and_then(|v| v.year),
                b.and_then(|v| v.year_kind.clone()),
                b.map(|v| v.value.clone()),
                t.and_then(|v| v.year),
                t.and_then(|v| v.year_kind.clone()),
                t.map(|v| v.value.clone())
            ])?;
        }
        for (n, a) in i.actions.iter().enumerate() {
            action.execute(params![d, i.id, n, a])?;
        }
        for (n, a) in i.related_plans.iter().enumerate() {
            plan.execute(params![d, i.id, n, a])?;
        }
        for f in &i.footnotes {
            note.execute(params![d, note_seq, i.id, f.marker, f.term, f.text, f.page])?;
            note_seq += 1;
        }
    }
    for f in &doc.footnotes {
        note.execute(params![
            d,
            note_seq,
            Option::<String>::None,
            f.marker,
            f.term,
            f.text,
            f.page
        ])?;
        note_seq += 1;
    }
    Ok(())
}

fn insert_blocks(tx: &Transaction<'_>, doc: &Document) -> rusqlite::Result<()> {
    let d = &doc.source.sha256;
    let mut st = tx.prepare_cached("INSERT INTO blocks VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")?;
    let mut item =
        tx.prepare_cached("INSERT INTO block_items VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")?;
    let all = doc.preamble.iter().map(|b| (None, b)).chain(
        doc.sections
            .iter()
            .flat_map(|s| s.blocks.iter().map(move |b| (Some(s.id.as_str()), b))),
    );
    for (seq, (section, b)) in all.enumerate() {
        let (ty, txt, marker, tref, iref) = match b {
            SectionBlock::Paragraph { text, .. } => {
                ("paragraph", Some(text.clone()), None, None, None)
            }
            SectionBlock::List { .. } => ("list", Some(text::block_text(b)), None, None, None),
            SectionBlock::ScheduleList { .. } => {
                ("schedule_list", Some(text::block_text(b)), None, None, None)
            }
            SectionBlock::Note { marker, text, .. } => {
                ("note", Some(text.clone()), Some(marker.clone()), None, None)
            }
            SectionBlock::TableRef { table_ref, .. } => {
                ("table_ref", None, None, Some(table_ref.clone()), None)
            }
            SectionBlock::InitiativeRef { initiative_ref, .. } => (
                "initiative_ref",
                None,
                None,
                None,
                Some(initiative_ref.clone()),
            ),
            SectionBlock::GlossaryRef => ("glossary_ref", None, None, None, None),
            SectionBlock::Figure { .. } => ("figure", Some(text::block_text(b)), None, None, None),
        };
        st.execute(params![d, seq, section, ty, txt, marker, tref, iref])?;
        match b {
            SectionBlock::List { items, .. } => {
                for (n, t) in items.iter().enumerate() {
                    item.execute(params![
                        d,
                        seq,
                        n,
                        t,
                        Option::<String>::None,
                        Option::<String>::None,
                        Option::<String>::None
                    ])?;
                }
            }
            SectionBlock::ScheduleList { items, .. } => {
                for (n, t) in items.iter().enumerate() {
                    item.execute(params![d, seq, n, t.text, t.when, t.start, t.end])?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The search rows of a document: initiatives, sections, tables and pages.
fn insert_search_rows(tx: &Transaction<'_>, doc: &Document) -> rusqlite::Result<()> {
    let d = &doc.source.sha256;
    // (kind, id, page, title, body, extra text indexed with the title)
    type Row<'a> = (&'a str, String, Option<u32>, String, String, String);
    let mut rows: Vec<Row> = Vec::new();
    for i in &doc.initiatives {
        rows.push((
            "initiative",
            i.id.clone(),
            i.pages.first().copied(),
            text::initiative_title(i),
            text::initiative_body(i),
            // a department's own initiatives rank above those that only name it
            i.lead_departments.join(" "),
        ));
    }
    for s in &doc.sections {
        rows.push((
            "section",
            s.id.clone(),
            Some(s.page),
            s.heading.clone(),
            text::section_body(s),
            String::new(),
        ));
    }
    for t in &doc.tables {
        rows.push((
            "table",
            t.id.clone(),
            Some(t.page),
            t.caption.clone().unwrap_or_default(),
            text::table_body(t),
            String::new(),
        ));
    }
    for p in &doc.pages {
        rows.push((
            "page",
            p.number.to_string(),
            Some(p.number),
            String::new(),
            p.text.clone(),
            String::new(),
        ));
    }
    let mut st = tx.prepare_cached(
        "INSERT INTO search (document, kind, ref, page, title, body, norm) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut fts = tx.prepare_cached(
        "INSERT INTO search_fts (rowid, title_w, title_c, body_w, body_c) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (kind, r, page, title, body, extra) in rows {
        let tn = normalize(&title);
        let xn = normalize(&extra);
        let bn = normalize(&body);
        let norm = if tn.is_empty() {
            bn.clone()
        } else {
            format!("{tn} {bn}")
        };
        st.execute(params![d, kind, r, page, title, body, norm])?;
        let id = tx.last_insert_rowid();
        fts.execute(params![
            id,
            crate::search::words(&format!("{tn} {xn}")),
            crate::search::chars(&format!("{tn} {xn}")),
            // lindera words of bodies rank initiatives and sections; pages and tables,
            // which repeat that text, are found through their characters alone
            if matches!(kind, "initiative" | "section") {
                crate::search::words(&bn)
            } else {
                String::new()
            },
            crate::search::chars(&bn)
        ])?;
    }
    Ok(())
}

/// Every table's contents as sorted text lines (the `search` row ids and the FTS index,
/// which follow insertion order, left out), for comparing two databases by content.
pub fn dump(path: &Path) -> Result<String, CorpusError> {
    let conn = open_read_only(path)?;
    let err = |e| CorpusError::db(path, e);
    let tables: Vec<String> = {
        let mut st = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
                 AND name NOT LIKE 'search_fts%' ORDER BY name",
            )
            .map_err(err)?;
        let rows = st.query_map([], |r| r.get(0)).map_err(err)?;
        rows.collect::<rusqlite::Result<_>>().map_err(err)?
    };
    let mut out = String::new();
    for t in tables {
        let cols: Vec<String> = {
            let mut st = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{t}')"))
                .map_err(err)?;
            let rows = st.query_map([], |r| r.get(0)).map_err(err)?;
            rows.collect::<rusqlite::Result<Vec<String>>>()
                .map_err(err)?
                .into_iter()
                .filter(|c| !(t == "search" && c == "rowid"))
                .collect()
        };
        let list = cols
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect::<Vec<_>>()
            .join(", ");
        let mut st = conn
            .prepare(&format!("SELECT {list} FROM \"{t}\""))
            .map_err(err)?;
        let n = cols.len();
        let rows = st
            .query_map([], |r| {
                let mut vals = Vec::with_capacity(n);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    vals.push(format!("{v:?}"));
                }
                Ok(vals.join("\t"))
            })
            .map_err(err)?;
        let mut lines: Vec<String> = rows.collect::<rusqlite::Result<_>>().map_err(err)?;
        lines.sort();
        out.push_str(&format!("## {t} ({} rows)\n", lines.len()));
        for l in lines {
            out.push_str(&l);
            out.push('\n');
        }
    }
    let fts: i64 = conn
        .query_row("SELECT count(*) FROM search_fts", [], |r| r.get(0))
        .map_err(err)?;
    out.push_str(&format!("## search_fts ({fts} rows)\n"));
    Ok(out)
}
