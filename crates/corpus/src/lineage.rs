//! Lineages of `keikaku track` as tables of the corpus database: `lineages` (one initiative
//! followed through a municipality's documents) and `lineage_members` (each document's
//! initiative in it), replaced whole on every write.

use crate::db;
use crate::CorpusError;
use rusqlite::params;
use std::path::Path;

/// One lineage.
#[derive(Debug, Clone, PartialEq)]
pub struct LineageRow {
    pub municipality: Option<String>,
    pub key: String,
    pub title: String,
    pub split_from: Option<String>,
}

/// One member of a lineage: a document (by SHA-256) and its initiative.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    pub municipality: Option<String>,
    pub lineage: String,
    pub document: String,
    pub initiative: String,
    pub initiative_key: String,
    pub reason: Option<String>,
    pub score: Option<f64>,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS lineages (
  municipality TEXT NOT NULL,
  key TEXT NOT NULL,
  title TEXT NOT NULL,
  split_from TEXT,
  PRIMARY KEY (municipality, key)
);
CREATE TABLE IF NOT EXISTS lineage_members (
  municipality TEXT NOT NULL,
  lineage TEXT NOT NULL,
  document TEXT NOT NULL REFERENCES documents(sha256) ON DELETE CASCADE,
  initiative TEXT NOT NULL,
  initiative_key TEXT NOT NULL,
  reason TEXT,
  score REAL,
  FOREIGN KEY (municipality, lineage) REFERENCES lineages(municipality, key) ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS lineage_members_document ON lineage_members(document, initiative);
";

/// Replaces the lineage tables of the database at `path` (built by `keikaku db`) in one
/// transaction; members whose document is not in the database are left out and counted.
pub fn write(
    path: &Path,
    lineages: &[LineageRow],
    members: &[MemberRow],
) -> Result<usize, CorpusError> {
    let mut conn = db::open(path)?;
    let err = |e| CorpusError::db(path, e);
    conn.execute_batch(SCHEMA).map_err(err)?;
    let tx = conn.transaction().map_err(err)?;
    tx.execute("DELETE FROM lineage_members", []).map_err(err)?;
    tx.execute("DELETE FROM lineages", []).map_err(err)?;
    let mut missing = 0;
    {
        let mut add = tx
            .prepare("INSERT OR REPLACE INTO lineages VALUES (?1, ?2, ?3, ?4)")
            .map_err(err)?;
        for l in lineages {
            let m = l.municipality.as_deref().unwrap_or("");
            add.execute(params![m, l.key, l.title, l.split_from])
                .map_err(err)?;
        }
        let mut known = tx
            .prepare("SELECT 1 FROM documents WHERE sha256 = ?1")
            .map_err(err)?;
        let mut add = tx
            .prepare("INSERT INTO lineage_members VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
            .map_err(err)?;
        for m in members {
            if !known.exists(params![m.document]).map_err(err)? {
                missing += 1;
                continue;
            }
            let muni = m.municipality.as_deref().unwrap_or("");
            add.execute(params![
                muni,
                m.lineage,
                m.document,
                m.initiative,
                m.initiative_key,
                m.reason,
                m.score
            ])
            .map_err(err)?;
        }
    }
    tx.commit().map_err(err)?;
    Ok(missing)
}
