//! `keikaku search`: Japanese full-text search over the database.
//!
//! Each searchable row (an initiative, a section, a table, a page) is indexed in FTS5 twice,
//! both over the search-normalised text ([`crate::normalize`]) with a whitespace-only
//! tokenizer: as lindera words (`title_w`, `body_w`), and as single characters
//! (`title_c`, `body_c`). A query term matches a row when its characters appear in a row
//! consecutively (an FTS5 phrase over the character columns), so one- and two-character
//! words are found and every row that a `LIKE '%term%'` scan over the normalised text finds
//! is found too (also across a line break). Ranking is bm25 over both: a term that is
//! a whole lindera word, and a match in the title, rank higher.

use crate::normalize::{normalize, normalize_mapped};
use crate::CorpusError;
use rusqlite::{params, Connection};
use serde::Serialize;

/// bm25 weights of `title_w, title_c, body_w, body_c`.
const WEIGHTS: &str = "8.0, 4.0, 2.0, 1.0";

/// Characters the FTS tokenizer drops (controls and invisible format characters).
fn dropped(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// Normalised text as space-separated lindera words (surfaces).
pub fn words(norm: &str) -> String {
    match keikaku_jtext::shared() {
        Ok(seg) => seg
            .tokens(norm)
            .iter()
            .map(|t| t.surface)
            .collect::<Vec<_>>()
            .join(" "),
        Err(_) => String::new(),
    }
}

/// Normalised text as space-separated characters.
pub fn chars(norm: &str) -> String {
    let mut out = String::with_capacity(norm.len() * 2);
    for c in norm.chars().filter(|c| !dropped(*c)) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// What to search for and where.
#[derive(Debug, Clone, Default)]
pub struct Query {
    /// Words separated by spaces; every word must occur.
    pub text: String,
    /// Only documents whose municipality contains this.
    pub municipality: Option<String>,
    /// Only initiatives scheduled in this fiscal year, or other rows on a page dated in it,
    /// or rows of documents whose plan period covers it.
    pub fiscal_year: Option<i32>,
    /// `initiative`, `section`, `table` or `page`.
    pub kind: Option<String>,
    /// At most this many hits (0: all).
    pub limit: usize,
}

/// One hit.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    /// Row id in `search`.
    pub rowid: i64,
    pub kind: String,
    /// The document's SHA-256 and its file, title and municipality.
    pub document: String,
    pub file: String,
    pub document_title: Option<String>,
    pub municipality: Option<String>,
    /// The id of the initiative, section or table (the page number for pages).
    pub id: String,
    /// The initiative's key, for initiatives.
    pub key: Option<String>,
    /// Initiative title, section heading or table caption.
    pub title: String,
    pub page: Option<u32>,
    /// Where the initiative, section heading or table was printed (page and box, origin
    /// top-left), from the `sources` table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<keikaku_model::Span>,
    /// Printed text around the first match, matches marked «like this».
    pub snippet: String,
    /// bm25 score (lower is better).
    pub score: f64,
}

/// The query's terms, normalised.
pub fn terms(text: &str) -> Vec<String> {
    normalize(text)
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

fn phrase(tokens: &str) -> String {
    format!("\"{}\"", tokens.replace('"', "\"\""))
}

/// The FTS5 expression for `terms`, or None when a term has no indexed character.
fn fts_expression(terms: &[String]) -> Option<String> {
    let mut must = Vec::new();
    let mut rank = Vec::new();
    for t in terms {
        let c = chars(t);
        if c.is_empty() {
            return None;
        }
        let cp = format!("{{title_c body_c}} : {}", phrase(&c));
        rank.push(cp.clone());
        must.push(cp);
        let w = words(t);
        if !w.is_empty() {
            rank.push(format!("{{title_w body_w}} : {}", phrase(&w)));
        }
    }
    if must.is_empty() {
        return None;
    }
    Some(format!(
        "({}) AND ({})",
        must.join(" AND "),
        rank.join(" OR ")
    ))
}

const FILTERS: &str = "(?2 IS NULL OR s.kind = ?2)
  AND (?3 IS NULL OR instr(coalesce(d.municipality, ''), ?3) > 0)
  AND (?4 IS NULL
    OR (d.period_from_fy <= ?4 AND coalesce(d.period_to_fy, d.period_from_fy) >= ?4)
    OR (s.kind = 'initiative' AND EXISTS (SELECT 1 FROM schedule sc WHERE sc.document = s.document
        AND sc.initiative = s.ref AND sc.fiscal_year <= ?4 AND coalesce(sc.to_fiscal_year, 9999) >= ?4))
    OR (s.kind <> 'initiative' AND EXISTS (SELECT 1 FROM dates dt WHERE dt.document = s.document
        AND dt.page = s.page AND dt.fiscal_year = ?4)))";

/// Runs a query: hits best first.
pub fn search(conn: &Connection, q: &Query) -> Result<Vec<Hit>, CorpusError> {
    let terms = terms(&q.text);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let limit = if q.limit == 0 { -1 } else { q.limit as i64 };
    let (sql, expr) = match fts_expression(&terms) {
        Some(expr) => (
            format!(
                "SELECT s.rowid, s.kind, s.document, d.file, d.title, d.municipality, s.ref, s.title, s.page, s.body,
                        bm25(search_fts, {WEIGHTS}) AS score, i.key
                 FROM search_fts JOIN search s ON s.rowid = search_fts.rowid
                 JOIN documents d ON d.sha256 = s.document
                 LEFT JOIN initiatives i ON s.kind = 'initiative' AND i.document = s.document AND i.id = s.ref
                 WHERE search_fts MATCH ?1 AND {FILTERS}
                 ORDER BY score, s.rowid LIMIT ?5"
            ),
            expr,
        ),
        None => (
            // a term with no indexed character: a plain scan
            format!(
                "SELECT s.rowid, s.kind, s.document, d.file, d.title, d.municipality, s.ref, s.title, s.page, s.body,
                        0.0 AS score, i.key
                 FROM search s JOIN documents d ON d.sha256 = s.document
                 LEFT JOIN initiatives i ON s.kind = 'initiative' AND i.document = s.document AND i.id = s.ref
                 WHERE {} AND {FILTERS}
                 ORDER BY s.rowid LIMIT ?5",
                like_clause(&terms)
            ),
            String::new(),
        ),
    };
    let mut st = conn.prepare(&sql).map_err(CorpusError::Sql)?;
    let rows = st
        .query_map(
            params![expr, q.kind, q.municipality, q.fiscal_year, limit],
            |r| {
                let title: String = r.get(7)?;
                let body: String = r.get(9)?;
                Ok(Hit {
                    rowid: r.get(0)?,
                    kind: r.get(1)?,
                    document: r.get(2)?,
                    file: r.get(3)?,
                    document_title: r.get(4)?,
                    municipality: r.get(5)?,
                    id: r.get(6)?,
                    page: r.get(8)?,
                    snippet: snippet(&title, &body, &terms),
                    title,
                    score: r.get(10)?,
                    key: r.get(11)?,
                    source: Vec::new(),
                })
            },
        )
        .map_err(CorpusError::Sql)?;
    let mut hits = rows
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(CorpusError::Sql)?;
    for h in &mut hits {
        h.source = unit_source(conn, &h.document, &h.kind, &h.id).map_err(CorpusError::Sql)?;
    }
    Ok(hits)
}

/// The boxes of a whole unit (`part = ''`) from the `sources` table.
fn unit_source(
    conn: &Connection,
    document: &str,
    kind: &str,
    id: &str,
) -> rusqlite::Result<Vec<keikaku_model::Span>> {
    let mut st = conn.prepare_cached(
        "SELECT page, x0, y0, x1, y1 FROM sources
         WHERE document = ?1 AND kind = ?2 AND ref = ?3 AND part = '' ORDER BY seq",
    )?;
    let rows = st.query_map(params![document, kind, id], |r| {
        Ok(keikaku_model::Span::new(
            r.get(0)?,
            keikaku_model::BBox::new(r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?),
        ))
    })?;
    rows.collect()
}

/// `norm LIKE '%t%' AND …` for the terms, with `%`, `_` and `\` escaped.
fn like_clause(terms: &[String]) -> String {
    terms
        .iter()
        .map(|t| {
            let esc = t
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
                .replace('\'', "''");
            format!("s.norm LIKE '%{esc}%' ESCAPE '\\'")
        })
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The rows a plain `LIKE` scan over the normalised text finds for `text` (the reference
/// that search recall is measured against).
pub fn like_rows(
    conn: &Connection,
    text: &str,
    kind: Option<&str>,
) -> Result<Vec<i64>, CorpusError> {
    let terms = terms(text);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT s.rowid FROM search s WHERE {} AND (?1 IS NULL OR s.kind = ?1) ORDER BY s.rowid",
        like_clause(&terms)
    );
    let mut st = conn.prepare(&sql).map_err(CorpusError::Sql)?;
    let rows = st
        .query_map([kind], |r| r.get(0))
        .map_err(CorpusError::Sql)?;
    rows.collect::<rusqlite::Result<Vec<i64>>>()
        .map_err(CorpusError::Sql)
}

/// Printed text around the first match of any term, matches marked «…».
pub fn snippet(title: &str, body: &str, terms: &[String]) -> String {
    let full = if title.is_empty() {
        body.to_string()
    } else {
        format!("{title}\n{body}")
    };
    let printed: Vec<char> = full.chars().collect();
    let norm: Vec<(char, usize)> = normalize_mapped(&full)
        .into_iter()
        .filter(|(c, _)| !dropped(*c))
        .collect();
    // printed char ranges of every match
    let mut marks: Vec<(usize, usize)> = Vec::new();
    for t in terms {
        let tc: Vec<char> = t.chars().filter(|c| !dropped(*c)).collect();
        if tc.is_empty() || tc.len() > norm.len() {
            continue;
        }
        let mut i = 0;
        while i + tc.len() <= norm.len() {
            if norm[i..i + tc.len()]
                .iter()
                .map(|(c, _)| *c)
                .eq(tc.iter().copied())
            {
                let start = norm[i].1;
                let end = norm[i + tc.len() - 1].1 + 1;
                marks.push((start, end));
                i += tc.len();
            } else {
                i += 1;
            }
        }
    }
    marks.sort_unstable();
    let first = marks.first().map_or(0, |m| m.0);
    let from = first.saturating_sub(30);
    let to = (first + 70).min(printed.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut k = from;
    while k < to {
        if let Some(&(s, e)) = marks.iter().find(|m| m.0 == k) {
            out.push('«');
            for c in &printed[s..e.min(printed.len())] {
                out.push(if c.is_whitespace() { ' ' } else { *c });
            }
            out.push('»');
            k = e;
            continue;
        }
        let c = printed[k];
        out.push(if c.is_whitespace() { ' ' } else { c });
        k += 1;
    }
    if to < printed.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippet_marks_matches_as_printed() {
        let s = snippet("ＤＸの推進", "区民の取組を進める", &terms("dx 取組"));
        assert_eq!(s, "«ＤＸ»の推進 区民の«取組»を進める");
        let s = snippet("", "デジタル\n化の推進", &terms("ル化"));
        assert_eq!(s, "デジタ«ル 化»の推進");
    }

    #[test]
    fn expression_quotes_and_ranks() {
        let e = fts_expression(&terms("取組 \"x")).unwrap_or_default();
        assert!(e.contains("{title_c body_c} : \"取 組\""), "{e}");
        assert!(e.contains("\"\"\" x\""), "{e}");
        assert!(fts_expression(&terms("\u{200B}")).is_none());
    }
}
