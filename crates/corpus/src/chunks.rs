//! `ingest --chunks`: retrieval chunks (`DIR/chunks.jsonl`) for language-model retrieval.
//!
//! A chunk never crosses a section or an initiative: a section's own blocks are packed
//! into chunks of at most N lindera tokens, each initiative and each table is chunked on
//! its own, and a document without any section or preamble text is chunked by page.
//! A block longer than N is cut at sentence ends (。 or a line break), then between tokens.

use crate::text;
use crate::CorpusError;
use keikaku_model::{add_spans, BBox, Document, SectionBlock, Span};
use serde::Serialize;
use std::collections::HashSet;
use std::path::Path;

/// One retrieval chunk.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Chunk {
    /// `<first 16 of sha256>-<n>`, stable for the same document.
    pub id: String,
    /// The document's SHA-256 and file.
    pub document: String,
    pub file: String,
    /// `section`, `initiative`, `table` or `page`.
    pub kind: &'static str,
    /// The section the chunk belongs to (none for the preamble and page chunks).
    pub section: Option<String>,
    pub section_path: Vec<String>,
    /// The initiative's id and key, for initiative chunks.
    pub initiative: Option<String>,
    pub initiative_key: Option<String>,
    /// The table's id and bbox (`[x0, y0, x1, y1]`, points, first page), for table chunks.
    pub table: Option<String>,
    pub bbox: Option<[f32; 4]>,
    pub pages: Vec<u32>,
    /// Where the chunk's text was printed: per page, the union of its units' boxes
    /// (`[x0, y0, x1, y1]`, points, origin top-left), for showing a hit on the page image.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source: Vec<Span>,
    pub text: String,
    /// lindera tokens in `text`.
    pub tokens: usize,
}

/// A piece of text and where it was printed.
type Unit = (String, Vec<Span>);

/// A packed chunk: its text, token count and boxes.
type Packed = (String, usize, Vec<Span>);

/// lindera tokens in `text` (whitespace excluded).
pub fn count_tokens(text: &str) -> usize {
    match keikaku_jtext::shared() {
        Ok(seg) => seg.tokens(text).len(),
        Err(_) => text.chars().filter(|c| !c.is_whitespace()).count(),
    }
}

/// Pieces of `unit` of at most `max` tokens: cut at sentence ends, then between tokens.
fn split_unit(unit: &str, max: usize) -> Vec<(String, usize)> {
    let n = count_tokens(unit);
    if n <= max {
        return vec![(unit.to_string(), n)];
    }
    let mut sentences: Vec<&str> = Vec::new();
    let mut start = 0;
    for (i, c) in unit.char_indices() {
        if c == '。' || c == '\n' {
            let end = i + c.len_utf8();
            sentences.push(&unit[start..end]);
            start = end;
        }
    }
    if start < unit.len() {
        sentences.push(&unit[start..]);
    }
    let mut out = Vec::new();
    for s in sentences {
        let s = s.trim_end_matches('\n');
        if s.trim().is_empty() {
            continue;
        }
        let n = count_tokens(s);
        if n <= max {
            out.push((s.to_string(), n));
            continue;
        }
        // a very long sentence: between tokens
        let tokens = match keikaku_jtext::shared() {
            Ok(seg) => seg.tokens(s),
            Err(_) => Vec::new(),
        };
        let mut from = 0;
        for group in tokens.chunks(max.max(1)) {
            let end = group.last().map_or(s.len(), |t| t.range.end);
            out.push((s[from..end].to_string(), group.len()));
            from = end;
        }
        if from < s.len() && !s[from..].trim().is_empty() {
            out.push((s[from..].to_string(), count_tokens(&s[from..])));
        }
    }
    out
}

/// Packs units (in order) into texts of at most `max` tokens each, with their counts and
/// boxes (a piece of a unit cut in pieces keeps the whole unit's boxes).
fn pack(units: &[Unit], max: usize) -> Vec<Packed> {
    let mut groups: Vec<Vec<Unit>> = Vec::new();
    let mut cur: Vec<Unit> = Vec::new();
    let mut cur_n = 0;
    for (u, src) in units.iter().filter(|u| !u.0.trim().is_empty()) {
        for (piece, n) in split_unit(u, max) {
            if cur_n + n > max && !cur.is_empty() {
                groups.push(std::mem::take(&mut cur));
                cur_n = 0;
            }
            cur.push((piece, src.clone()));
            cur_n += n;
        }
    }
    if !cur.is_empty() {
        groups.push(cur);
    }
    let mut out = Vec::new();
    for g in groups {
        fit(&g, max, &mut out);
    }
    out
}

/// The joined `units` when its recount is within `max` (joined text can segment a little
/// differently from its parts), else its halves.
fn fit(units: &[Unit], max: usize, out: &mut Vec<Packed>) {
    let text = units
        .iter()
        .map(|u| u.0.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let mut source = Vec::new();
    units.iter().for_each(|u| add_spans(&mut source, &u.1));
    let n = count_tokens(&text);
    if n <= max {
        out.push((text, n, source));
    } else if units.len() > 1 {
        let mid = units.len() / 2;
        fit(&units[..mid], max, out);
        fit(&units[mid..], max, out);
    } else {
        let chars: Vec<char> = text.chars().collect();
        if chars.len() < 2 {
            out.push((text, n, source));
            return;
        }
        let mid = chars.len() / 2;
        fit(&[(chars[..mid].iter().collect(), source.clone())], max, out);
        fit(&[(chars[mid..].iter().collect(), source)], max, out);
    }
}

/// The chunks of one document, in reading order.
pub fn document_chunks(doc: &Document, max_tokens: usize) -> Vec<Chunk> {
    let max = max_tokens.max(8);
    let sha = &doc.source.sha256;
    let mut chunks: Vec<Chunk> = Vec::new();
    let base = Chunk {
        id: String::new(),
        document: sha.clone(),
        file: doc.source.file.clone(),
        kind: "section",
        section: None,
        section_path: Vec::new(),
        initiative: None,
        initiative_key: None,
        table: None,
        bbox: None,
        pages: Vec::new(),
        source: Vec::new(),
        text: String::new(),
        tokens: 0,
    };
    fn push(chunks: &mut Vec<Chunk>, proto: &Chunk, texts: Vec<Packed>) {
        for (text, tokens, source) in texts {
            let mut c = proto.clone();
            c.tokens = tokens;
            c.text = text;
            c.source = source;
            chunks.push(c);
        }
    }
    let mut done_initiatives: HashSet<&str> = HashSet::new();
    let mut done_tables: HashSet<&str> = HashSet::new();
    let initiative_chunk = |id: &str, path: &[String]| -> Option<(Chunk, Vec<Packed>)> {
        let i = doc.initiatives.iter().find(|i| i.id == id)?;
        let whole = |t: String| (t, i.source.clone());
        let mut units = vec![whole(text::initiative_title(i))];
        units.extend(
            text::initiative_body(i)
                .lines()
                .map(|l| whole(l.to_string())),
        );
        let proto = Chunk {
            kind: "initiative",
            section_path: if path.is_empty() {
                i.section_path.clone()
            } else {
                path.to_vec()
            },
            initiative: Some(i.id.clone()),
            initiative_key: Some(i.key.clone()),
            pages: i.pages.clone(),
            ..base.clone()
        };
        Some((proto, pack(&units, max)))
    };
    let table_chunk = |id: &str, section: Option<&str>, path: &[String]| {
        let t = doc.tables.iter().find(|t| t.id == id)?;
        let mut units: Vec<Unit> = t
            .caption
            .iter()
            .map(|c| (c.clone(), t.source.clone()))
            .collect();
        units.extend(
            t.rows
                .iter()
                .enumerate()
                .map(|(k, r)| (r.join(" | "), row_source(t, k))),
        );
        let mut pages = vec![t.page];
        pages.extend(t.pages.iter().copied().filter(|p| *p != t.page));
        let proto = Chunk {
            kind: "table",
            section: section.map(str::to_string),
            section_path: path.to_vec(),
            table: Some(t.id.clone()),
            bbox: Some([t.bbox.x0, t.bbox.y0, t.bbox.x1, t.bbox.y1]),
            pages,
            ..base.clone()
        };
        Some((proto, pack(&units, max)))
    };
    let parts = std::iter::once((None, &doc.preamble))
        .chain(doc.sections.iter().map(|s| (Some(s), &s.blocks)));
    for (section, blocks) in parts {
        let path = section.map_or_else(Vec::new, |s| text::section_path(doc, &s.id));
        let proto = Chunk {
            section: section.map(|s| s.id.clone()),
            section_path: path.clone(),
            pages: section.map_or_else(Vec::new, |s| vec![s.page]),
            ..base.clone()
        };
        let mut units: Vec<Unit> = Vec::new();
        let mut later: Vec<(Chunk, Vec<Packed>)> = Vec::new();
        for b in blocks.iter() {
            match b {
                SectionBlock::InitiativeRef { initiative_ref, .. } => {
                    if done_initiatives.insert(initiative_ref) {
                        later.extend(initiative_chunk(initiative_ref, &path));
                    }
                }
                SectionBlock::TableRef { table_ref, .. } => {
                    if done_tables.insert(table_ref) {
                        later.extend(table_chunk(
                            table_ref,
                            section.map(|s| s.id.as_str()),
                            &path,
                        ));
                    }
                }
                _ => units.push((text::block_text(b), block_source(b).to_vec())),
            }
        }
        if !units.is_empty() {
            let mut own = proto.clone();
            if let Some(s) = section {
                // the heading leads the section's first chunk
                units.insert(0, (s.heading.clone(), s.source.clone()));
                own.kind = "section";
            }
            push(&mut chunks, &own, pack(&units, max));
        }
        for (p, texts) in later {
            push(&mut chunks, &p, texts);
        }
    }
    for i in &doc.initiatives {
        if !done_initiatives.contains(i.id.as_str()) {
            if let Some((p, texts)) = initiative_chunk(&i.id, &[]) {
                push(&mut chunks, &p, texts);
            }
        }
    }
    for t in &doc.tables {
        if !done_tables.contains(t.id.as_str()) {
            if let Some((p, texts)) = table_chunk(&t.id, None, &[]) {
                push(&mut chunks, &p, texts);
            }
        }
    }
    let has_text = chunks.iter().any(|c| c.kind == "section");
    if !has_text && doc.sections.is_empty() {
        for p in &doc.pages {
            let proto = Chunk {
                kind: "page",
                pages: vec![p.number],
                ..base.clone()
            };
            let page = vec![Span::new(p.number, BBox::new(0.0, 0.0, p.width, p.height))];
            let units: Vec<Unit> = p
                .text
                .lines()
                .map(|l| (l.to_string(), page.clone()))
                .collect();
            push(&mut chunks, &proto, pack(&units, max));
        }
    }
    let short = &sha[..sha.len().min(16)];
    for (n, c) in chunks.iter_mut().enumerate() {
        c.id = format!("{short}-{:04}", n + 1);
    }
    chunks
}

/// The boxes of a table row's cells.
fn row_source(t: &keikaku_model::Table, row: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let cells: Vec<Span> = t
        .cell_sources
        .get(row)
        .map(|r| r.iter().flatten().copied().collect())
        .unwrap_or_default();
    add_spans(&mut out, &cells);
    if out.is_empty() {
        out = t.source.clone();
    }
    out
}

/// A block's own boxes.
fn block_source(b: &SectionBlock) -> &[Span] {
    match b {
        SectionBlock::Paragraph { source, .. }
        | SectionBlock::List { source, .. }
        | SectionBlock::ScheduleList { source, .. }
        | SectionBlock::Note { source, .. }
        | SectionBlock::TableRef { source, .. }
        | SectionBlock::InitiativeRef { source, .. }
        | SectionBlock::Figure { source, .. } => source,
        SectionBlock::GlossaryRef => &[],
    }
}

/// Writes the chunks of `docs` as JSON lines to `path` (atomically); returns the count.
pub fn write_chunks(
    path: &Path,
    docs: &[Document],
    max_tokens: usize,
) -> Result<usize, CorpusError> {
    let mut buf = Vec::new();
    let mut n = 0;
    for d in docs {
        for c in document_chunks(d, max_tokens) {
            serde_json::to_writer(&mut buf, &c)
                .map_err(|e| CorpusError::Input(format!("{}: {e}", path.display())))?;
            buf.push(b'\n');
            n += 1;
        }
    }
    crate::write_file(path, &buf)?;
    Ok(n)
}
