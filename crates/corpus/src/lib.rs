//! `keikaku-corpus`: the JSON corpus made usable by other tools.
//!
//! - [`db`]: `corpus.jsonl` (or shard files) → a SQLite database in plain normalised tables;
//! - [`search`]: Japanese full-text search over it that finds one- and two-character words;
//! - [`chunks`]: retrieval chunks that never cross a section or an initiative;
//! - [`report`]: a self-contained HTML page of a batch.

pub mod chunks;
pub mod db;
pub mod lineage;
pub mod normalize;
pub mod report;
pub mod search;
pub mod text;

use std::path::Path;

/// Errors of this crate; each names the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    /// SQLite failed on a database file.
    #[error("{path}: {source}")]
    Db {
        path: String,
        source: rusqlite::Error,
    },
    /// A query failed.
    #[error("sqlite: {0}")]
    Sql(rusqlite::Error),
    /// An input is not what it should be.
    #[error("{0}")]
    Input(String),
}

impl CorpusError {
    pub(crate) fn io(path: &Path, source: std::io::Error) -> Self {
        CorpusError::Io {
            path: path.display().to_string(),
            source,
        }
    }

    pub(crate) fn db(path: &Path, source: rusqlite::Error) -> Self {
        CorpusError::Db {
            path: path.display().to_string(),
            source,
        }
    }
}

/// [`write_atomic`], failing with a [`CorpusError`] that names the file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), CorpusError> {
    write_atomic(path, bytes).map_err(|e| CorpusError::io(path, e))
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: readers
/// see the old file or the whole new one, never a half-written one. (The CLI writes every
/// output with it too.)
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Reads the documents of corpus files (JSON lines), each SHA-256 once, in file order.
pub fn read_documents(
    files: &[std::path::PathBuf],
) -> Result<Vec<keikaku_model::Document>, CorpusError> {
    use std::io::BufRead;
    let mut seen = std::collections::HashSet::new();
    let mut docs = Vec::new();
    for file in files {
        let f = std::fs::File::open(file).map_err(|e| CorpusError::io(file, e))?;
        for (n, line) in std::io::BufReader::new(f).lines().enumerate() {
            let line = line.map_err(|e| CorpusError::io(file, e))?;
            if line.trim().is_empty() {
                continue;
            }
            let doc: keikaku_model::Document = serde_json::from_str(&line).map_err(|e| {
                CorpusError::Input(format!(
                    "{} line {}: not a keikaku document: {e}",
                    file.display(),
                    n + 1
                ))
            })?;
            if seen.insert(doc.source.sha256.clone()) {
                docs.push(doc);
            }
        }
    }
    Ok(docs)
}
