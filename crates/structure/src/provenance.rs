//! Provenance: where every unit of a document was printed.
//!
//! The last stage before JSON. Every page's characters, as layout analysis placed them (body
//! in reading order, then furniture), form one stream with a box per character. Each unit's
//! text is found again in that stream near where the document says it is (its pages, the
//! unit before it, its table) and gets the boxes of the characters it was read from, one
//! [`Span`] per page. Text the readers rebuilt (lines joined, cells merged, bullets dropped)
//! is matched piece by piece: the longest piece that occurs next, then the rest.

use keikaku_model::{
    add_spans, BBox, DateMention, Document, Footnote, Indicator, Initiative, Item, Layout, Line,
    PageLayout, PageText, ScheduleEntry, SectionBlock, Span, Table,
};
use std::collections::HashMap;
use std::ops::Range;

/// How far (in characters) from its title an initiative's number may stand.
const NUMBER_REACH: usize = 120;

/// Texts of at most this many characters must be found whole.
const SHORT: usize = 4;

/// How many places of a piece's first character are compared, nearest first (a bound on the
/// work for a text that is not printed as such).
const MAX_CANDIDATES: usize = 4096;

/// How many places of a text's first piece are tried.
const MAX_STARTS: usize = 8;

/// Fills `source` (and the `*_source` siblings of text values) on every unit of `doc`, from
/// the characters of `layout`. Units whose text cannot be found keep an empty source.
pub fn attach(doc: &mut Document, layout: &Layout) {
    let stream = Stream::new(layout);
    let mut cursor = 0;
    if let Some(t) = &doc.title {
        if let Some(hit) = stream.find(t, &Scope::all(&stream, 0)) {
            cursor = hit.end;
            doc.title_source = stream.spans(&hit.at);
        }
    }
    if let Some(t) = &doc.subtitle {
        doc.subtitle_source = stream.source(t, &Scope::all(&stream, cursor));
    }
    if let Some(p) = &mut doc.plan_period {
        p.source = stream.source(&p.text, &Scope::all(&stream, 0));
    }
    for t in &mut doc.tables {
        table(&stream, t);
    }
    for i in &mut doc.initiatives {
        initiative(&stream, i, &doc.tables);
    }
    blocks(&stream, doc);
    glossary(&stream, doc);
    for f in &mut doc.footnotes {
        let scope = match f.page {
            Some(p) => Scope::pages(&stream, p, p),
            None => Scope::all(&stream, 0),
        };
        footnote(&stream, f, &scope);
    }
    dates(&stream, &mut doc.dates, &doc.pages);
    mark_ocr(doc);
}

/// Marks every span on a page read by OCR with the page's confidence.
fn mark_ocr(doc: &mut Document) {
    let conf: HashMap<u32, f32> = doc
        .pages
        .iter()
        .filter_map(|p| p.ocr_confidence.map(|c| (p.number, c)))
        .collect();
    if conf.is_empty() {
        return;
    }
    for_each_span(doc, &mut |s: &mut Span| s.ocr = conf.get(&s.page).copied());
}

/// Calls `f` on every span of the document.
pub fn for_each_span(doc: &mut Document, f: &mut dyn FnMut(&mut Span)) {
    let mut each = |v: &mut [Span]| v.iter_mut().for_each(&mut *f);
    each(&mut doc.title_source);
    each(&mut doc.subtitle_source);
    if let Some(p) = &mut doc.plan_period {
        each(&mut p.source);
    }
    for s in &mut doc.sections {
        each(&mut s.source);
    }
    let blocks = doc
        .preamble
        .iter_mut()
        .chain(doc.sections.iter_mut().flat_map(|s| s.blocks.iter_mut()));
    for b in blocks {
        block_spans(b, &mut each);
    }
    for i in &mut doc.initiatives {
        initiative_spans(i, &mut each);
    }
    for t in &mut doc.tables {
        each(&mut t.source);
        for c in t.cell_sources.iter_mut().flatten() {
            each(c.as_mut_slice());
        }
    }
    for g in &mut doc.glossary {
        each(&mut g.source);
    }
    for n in &mut doc.footnotes {
        each(&mut n.source);
    }
    for d in &mut doc.dates {
        each(&mut d.source);
    }
    for p in &mut doc.pages {
        each(&mut p.furniture_sources);
    }
}

fn block_spans(b: &mut SectionBlock, each: &mut dyn FnMut(&mut [Span])) {
    match b {
        SectionBlock::List {
            source,
            item_sources,
            ..
        } => {
            each(source);
            item_sources.iter_mut().for_each(|s| each(s));
        }
        SectionBlock::ScheduleList { items, source } => {
            each(source);
            items.iter_mut().for_each(|i| each(&mut i.source));
        }
        SectionBlock::Paragraph { source, .. }
        | SectionBlock::Note { source, .. }
        | SectionBlock::TableRef { source, .. }
        | SectionBlock::InitiativeRef { source, .. }
        | SectionBlock::Figure { source, .. } => each(source),
        SectionBlock::GlossaryRef => {}
    }
}

fn initiative_spans(i: &mut Initiative, each: &mut dyn FnMut(&mut [Span])) {
    each(&mut i.source);
    each(&mut i.title_source);
    each(&mut i.number_source);
    each(&mut i.summary_source);
    each(&mut i.revision_reason_source);
    for list in [
        &mut i.lead_department_sources,
        &mut i.related_department_sources,
        &mut i.related_plan_sources,
    ] {
        list.iter_mut().for_each(|s| each(s));
    }
    i.field_sources.values_mut().for_each(|s| each(s));
    i.action_sources.iter_mut().for_each(|s| each(s));
    i.kpi.iter_mut().for_each(|k| each(&mut k.source));
    for e in &mut i.schedule {
        let (ScheduleEntry::Year { source, .. } | ScheduleEntry::Span { source, .. }) = e;
        each(source);
    }
    i.footnotes.iter_mut().for_each(|f| each(&mut f.source));
}

/// One character of a page as layout placed it.
#[derive(Debug, Clone, Copy)]
struct Glyph {
    /// Folded for matching (see [`fold`]).
    c: char,
    page: u32,
    bbox: BBox,
    /// The first character of its line.
    line_start: bool,
}

/// Every page's characters, whitespace left out: body in reading order, then furniture.
struct Stream {
    glyphs: Vec<Glyph>,
    /// Per page index: the stream range of its body and of the whole page.
    body: Vec<Range<usize>>,
    whole: Vec<Range<usize>>,
    /// Page number → page index.
    index: HashMap<u32, usize>,
    /// Positions of each folded character, ascending.
    positions: HashMap<char, Vec<usize>>,
}

/// Where a unit may be, and where the search starts.
#[derive(Clone)]
struct Scope {
    range: Range<usize>,
    cursor: usize,
    /// Only characters inside these boxes (a table's parts).
    within: Vec<Span>,
}

impl Scope {
    fn all(s: &Stream, cursor: usize) -> Scope {
        Scope {
            range: 0..s.glyphs.len(),
            cursor,
            within: Vec::new(),
        }
    }
    /// Pages `first..=last` (numbers), searching from the first.
    fn pages(s: &Stream, first: u32, last: u32) -> Scope {
        let range = s.page_range(first, last);
        Scope {
            cursor: range.start,
            range,
            within: Vec::new(),
        }
    }
}

/// Where a text was found: the stream positions of its characters, and the end of the last
/// piece.
struct Hit {
    at: Vec<usize>,
    end: usize,
}

impl Stream {
    fn new(layout: &Layout) -> Stream {
        let mut s = Stream {
            glyphs: Vec::new(),
            body: Vec::new(),
            whole: Vec::new(),
            index: HashMap::new(),
            positions: HashMap::new(),
        };
        for (i, p) in layout.pages.iter().enumerate() {
            let start = s.glyphs.len();
            for l in body_lines(p) {
                s.push_line(p.number, l);
            }
            s.body.push(start..s.glyphs.len());
            for l in &p.furniture {
                s.push_line(p.number, l);
            }
            s.whole.push(start..s.glyphs.len());
            s.index.entry(p.number).or_insert(i);
        }
        for (k, g) in s.glyphs.iter().enumerate() {
            s.positions.entry(g.c).or_default().push(k);
        }
        s
    }

    fn push_line(&mut self, page: u32, l: &Line) {
        let n = l.text.chars().count();
        let mut line_start = true;
        for (k, c) in l.text.chars().enumerate() {
            if !c.is_whitespace() {
                let bbox = char_box(l, k, n);
                self.glyphs.push(Glyph {
                    c: fold(c),
                    page,
                    bbox,
                    line_start,
                });
                line_start = false;
            }
        }
    }

    /// A label printed before `title` (an initiative's number): the nearest whole
    /// occurrence in `range` that stands by itself (starts a line and ends one or meets the
    /// title: `2` in its own cell, `(3)` opening the title's line), else the nearest not part
    /// of a longer number (`No.１-ア`, `施策１`).
    fn label_before(&self, label: &str, range: Range<usize>, title: usize) -> Vec<Span> {
        let q: Vec<char> = label
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(fold)
            .collect();
        let c = |k: usize| self.glyphs.get(k);
        let digit = |k: Option<usize>| k.and_then(c).is_some_and(|g| g.c.is_ascii_digit());
        let starts = |k: usize| c(k).is_some_and(|g| g.line_start);
        let alone = |k: usize| starts(k) && (k + q.len() == title || starts(k + q.len()));
        let apart = |k: usize| (starts(k) || !digit(k.checked_sub(1))) && !digit(Some(k + q.len()));
        let places: Vec<usize> = (range.start..range.end.min(title))
            .rev()
            .filter(|&k| {
                !q.is_empty()
                    && q.iter()
                        .enumerate()
                        .all(|(j, ch)| c(k + j).is_some_and(|g| g.c == *ch))
            })
            .collect();
        let at = places
            .iter()
            .find(|&&k| alone(k))
            .or_else(|| places.iter().find(|&&k| apart(k)));
        at.map(|&k| self.spans(&(k..k + q.len()).collect::<Vec<_>>()))
            .unwrap_or_default()
    }

    /// The stream range of pages `first..=last` (numbers; missing pages are skipped).
    fn page_range(&self, first: u32, last: u32) -> Range<usize> {
        let ranges: Vec<&Range<usize>> = (first..=last.max(first))
            .filter_map(|p| self.index.get(&p).and_then(|&i| self.whole.get(i)))
            .collect();
        match (ranges.first(), ranges.last()) {
            (Some(a), Some(b)) => a.start..b.end,
            _ => 0..0,
        }
    }

    /// The spans of `text` in `scope`, or none.
    fn source(&self, text: &str, scope: &Scope) -> Vec<Span> {
        self.find(text, scope)
            .map(|h| self.spans(&h.at))
            .unwrap_or_default()
    }

    /// One span per page over the characters at `at`.
    fn spans(&self, at: &[usize]) -> Vec<Span> {
        let mut by_page: Vec<(u32, BBox)> = Vec::new();
        for g in at.iter().filter_map(|&k| self.glyphs.get(k)) {
            match by_page.iter_mut().find(|(p, _)| *p == g.page) {
                Some((_, b)) => *b = b.union(&g.bbox),
                None => by_page.push((g.page, g.bbox)),
            }
        }
        by_page.sort_by_key(|(p, _)| *p);
        by_page
            .into_iter()
            .map(|(page, bbox)| Span::new(page, bbox))
            .collect()
    }

    /// Finds `text` (whitespace ignored) piece by piece: at each point the longest piece that
    /// occurs in the scope, nearest after the previous piece (or the cursor). None when less
    /// than half of its characters are found.
    fn find(&self, text: &str, scope: &Scope) -> Option<Hit> {
        let q: Vec<char> = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(fold)
            .collect();
        if q.is_empty() || scope.range.is_empty() {
            return None;
        }
        // the first piece: where it occurs most often decides the rest, so each of the
        // nearest few places it occurs is followed and the one that finds most wins
        let mut i = 0;
        let (len, starts) = loop {
            let (len, starts) = self.longest(q.get(i..)?, scope, scope.cursor, None);
            if len > 0 {
                break (len, starts);
            }
            i += 1;
        };
        let mut best: Option<Hit> = None;
        for pos in starts {
            let hit = self.follow(&q[i + len..], scope, pos..pos + len);
            let full = hit.at.len() == q.len() - i;
            if best.as_ref().is_none_or(|b| hit.at.len() > b.at.len()) {
                best = Some(hit);
            }
            if full {
                break;
            }
        }
        // a short text counts only where it is printed whole, not as scattered characters
        let whole = |h: &Hit| h.at.len() == q.len() && h.at.windows(2).all(|w| w[1] == w[0] + 1);
        best.filter(|h| h.at.len() * 2 >= q.len() && (q.len() > SHORT || whole(h)))
    }

    /// The rest `q` of a text whose first piece is at `first`: each next piece close after
    /// the one before.
    fn follow(&self, q: &[char], scope: &Scope, first: Range<usize>) -> Hit {
        let (mut at, mut i, mut cursor): (Vec<usize>, usize, usize) =
            (first.clone().collect(), 0, first.end);
        while i < q.len() {
            let near = cursor..cursor + 2 * (q.len() - i) + 40;
            match self.longest(&q[i..], scope, cursor, Some(near)) {
                (len, starts) if len > 0 => {
                    let pos = starts.first().copied().unwrap_or(cursor);
                    at.extend(pos..pos + len);
                    cursor = pos + len;
                    i += len;
                }
                _ => i += 1,
            }
        }
        Hit { end: cursor, at }
    }

    /// The longest prefix of `q` found in the scope (within `near` when given): its length
    /// and up to [`MAX_STARTS`] places it starts, nearest at or after `cursor` first, then
    /// nearest before it.
    fn longest(
        &self,
        q: &[char],
        scope: &Scope,
        cursor: usize,
        near: Option<Range<usize>>,
    ) -> (usize, Vec<usize>) {
        let none = (0, Vec::new());
        let Some(all) = q.first().and_then(|c| self.positions.get(c)) else {
            return none;
        };
        let (start, end) = match near {
            Some(r) => (r.start.max(scope.range.start), r.end.min(scope.range.end)),
            None => (scope.range.start, scope.range.end),
        };
        let lo = all.partition_point(|&k| k < start);
        let hi = all.partition_point(|&k| k < end);
        let Some(cands) = all.get(lo..hi.max(lo)) else {
            return none;
        };
        let split = cands.partition_point(|&k| k < cursor);
        let after = cands.get(split..).unwrap_or_default().iter();
        let before = cands.get(..split).unwrap_or_default().iter().rev();
        let (mut len, mut starts) = none;
        for &k in after.chain(before).take(MAX_CANDIDATES) {
            if !self.inside(k, scope) {
                continue;
            }
            let n = self.common(k, q, scope);
            if n == q.len() {
                return (n, vec![k]); // the nearest whole occurrence
            }
            if n > len {
                (len, starts) = (n, vec![k]);
            } else if n == len && n > 0 && starts.len() < MAX_STARTS {
                starts.push(k);
            }
        }
        (len, starts)
    }

    /// How many characters of `q` match the stream from `k` on, inside the scope.
    fn common(&self, k: usize, q: &[char], scope: &Scope) -> usize {
        q.iter()
            .enumerate()
            .take_while(|&(j, c)| {
                let p = k + j;
                p < scope.range.end
                    && self.glyphs.get(p).is_some_and(|g| g.c == *c)
                    && self.inside(p, scope)
            })
            .count()
    }

    fn inside(&self, k: usize, scope: &Scope) -> bool {
        if scope.within.is_empty() {
            return true;
        }
        let Some(g) = self.glyphs.get(k) else {
            return false;
        };
        let (x, y) = (g.bbox.center_x(), g.bbox.center_y());
        scope
            .within
            .iter()
            .any(|s| s.page == g.page && s.bbox.contains_point(x, y))
    }
}

/// The body lines of a page in reading order, table cells row-major, as the page text is
/// made.
fn body_lines(p: &PageLayout) -> Vec<&Line> {
    let mut out = Vec::new();
    for it in &p.items {
        match it {
            Item::Block(b) => out.extend(&b.lines),
            Item::Table(t) => {
                for c in p
                    .tables
                    .get(*t)
                    .map(|t| t.cells.as_slice())
                    .unwrap_or_default()
                {
                    out.extend(&c.lines);
                }
            }
        }
    }
    out
}

/// The box of character `k` of a line of `n` characters: from its x to the next one's
/// (horizontal lines), or an equal share of the column (vertical lines).
fn char_box(l: &Line, k: usize, n: usize) -> BBox {
    let b = l.bbox;
    if l.vertical || l.char_x.len() != n {
        let share = |j: usize| j as f32 / n.max(1) as f32;
        return if l.vertical {
            BBox::new(
                b.x0,
                b.y0 + b.height() * share(k),
                b.x1,
                b.y0 + b.height() * share(k + 1),
            )
        } else {
            BBox::new(
                b.x0 + b.width() * share(k),
                b.y0,
                b.x0 + b.width() * share(k + 1),
                b.y1,
            )
        };
    }
    let x0 = l.char_x.get(k).copied().unwrap_or(b.x0);
    let next = l
        .char_x
        .get(k + 1)
        .copied()
        .filter(|&x| x > x0)
        .unwrap_or(b.x1);
    let x1 = next.min(x0 + 1.2 * l.size.max(1.0)).min(b.x1).max(x0);
    BBox::new(x0, b.y0, x1, b.y1)
}

/// The character compared: compatibility forms folded (full-width Latin, circled digits),
/// Latin letters lower-cased.
fn fold(c: char) -> char {
    let c = match c as u32 {
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        0x2460..=0x2468 => char::from_u32(c as u32 - 0x2460 + '1' as u32).unwrap_or(c),
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// A table's cells, row-major, inside the table's own boxes.
fn table(stream: &Stream, t: &mut Table) {
    if t.source.is_empty() {
        let page = t.page;
        t.source = vec![Span::new(page, t.bbox)];
    }
    let within = t.source.clone();
    let (first, last) = page_bounds(&within);
    let mut scope = Scope::pages(stream, first, last);
    scope.within = within;
    // a merged cell is printed once: the cells it covers repeat its text and take its box
    let mut anchor: HashMap<(usize, usize), (usize, usize)> = HashMap::new();
    for m in &t.merges {
        for r in m.row..m.row + m.rowspan {
            for c in m.col..m.col + m.colspan {
                if (r, c) != (m.row, m.col) {
                    anchor.insert((r, c), (m.row, m.col));
                }
            }
        }
    }
    let mut cells: Vec<Vec<Option<Span>>> = Vec::with_capacity(t.rows.len());
    for (r, row) in t.rows.iter().enumerate() {
        let mut out: Vec<Option<Span>> = Vec::with_capacity(row.len());
        for (c, cell) in row.iter().enumerate() {
            if let Some(&(ar, ac)) = anchor.get(&(r, c)) {
                let above = if ar == r {
                    out.get(ac)
                } else {
                    cells.get(ar).and_then(|x| x.get(ac))
                };
                out.push(above.copied().flatten());
                continue;
            }
            let hit = stream.find(cell, &scope);
            if let Some(h) = &hit {
                scope.cursor = h.end;
            }
            out.push(hit.and_then(|h| stream.spans(&h.at).into_iter().next()));
        }
        cells.push(out);
    }
    t.cell_sources = cells;
}

fn page_bounds(spans: &[Span]) -> (u32, u32) {
    let first = spans.iter().map(|s| s.page).min().unwrap_or(0);
    let last = spans.iter().map(|s| s.page).max().unwrap_or(0);
    (first, last)
}

/// An initiative's parts, searched on its pages from its title on; its own source is their
/// union.
fn initiative(stream: &Stream, ini: &mut Initiative, tables: &[Table]) {
    let first = ini.pages.iter().copied().min().unwrap_or(1);
    let last = ini.pages.iter().copied().max().unwrap_or(first);
    let mut scope = Scope::pages(stream, first, last);
    if let Some(t) = ini
        .table_ref
        .as_ref()
        .and_then(|id| tables.iter().find(|t| &t.id == id))
    {
        scope.within = t.source.clone();
    }
    let mut all = std::mem::take(&mut ini.source);
    let mut title_at = None;
    if let Some(h) = stream.find(&ini.title, &scope) {
        scope.cursor = h.at.first().copied().unwrap_or(h.end);
        title_at = Some(scope.cursor..h.end);
        ini.title_source = stream.spans(&h.at);
    }
    add_spans(&mut all, &ini.title_source);

    if let Some(s) = &ini.summary {
        ini.summary_source = stream.source(s, &scope);
        add_spans(&mut all, &ini.summary_source);
    }
    ini.field_sources.clear();
    for (name, value) in &ini.fields {
        let spans = stream.source(value, &scope);
        add_spans(&mut all, &spans);
        if !spans.is_empty() {
            ini.field_sources.insert(name.clone(), spans);
        }
    }
    ini.action_sources = in_order(stream, &ini.actions, &scope);
    ini.action_sources
        .iter()
        .for_each(|s| add_spans(&mut all, s));
    for k in &mut ini.kpi {
        indicator(stream, k, &scope);
        add_spans(&mut all, &k.source);
    }
    for e in &mut ini.schedule {
        schedule_entry(stream, e, &scope);
        add_spans(&mut all, entry_source(e));
    }
    // notes, plans and a revision reason may run on over the page break (and a row's are
    // printed around its table, not in it)
    let notes = Scope {
        range: scope.range.start..scope.range.end.max(stream.page_range(first, last + 1).end),
        within: Vec::new(),
        ..scope.clone()
    };
    for f in &mut ini.footnotes {
        footnote(stream, f, &notes);
        add_spans(&mut all, &f.source);
    }
    ini.lead_department_sources = in_order(stream, &ini.lead_departments, &scope);
    ini.related_department_sources = in_order(stream, &ini.related_departments, &scope);
    ini.related_plan_sources = in_order(stream, &ini.related_plans, &notes);
    for s in [
        &ini.lead_department_sources,
        &ini.related_department_sources,
        &ini.related_plan_sources,
    ] {
        s.iter().for_each(|x| add_spans(&mut all, x));
    }
    if let (Some(n), Some(t)) = (&ini.number, &title_at) {
        let from = t.start.saturating_sub(NUMBER_REACH).max(scope.range.start);
        ini.number_source = stream.label_before(n, from..t.start, t.start);
    }
    if let Some(r) = &ini.revision_reason {
        // the reason is printed under the card, maybe over the page break
        ini.revision_reason_source = stream.source(r, &notes);
    }
    add_spans(&mut all, &ini.number_source);
    add_spans(&mut all, &ini.revision_reason_source);
    ini.source = all;
}

/// Each text found after the one before it.
fn in_order(stream: &Stream, texts: &[String], scope: &Scope) -> Vec<Vec<Span>> {
    let mut cursor = scope.cursor;
    texts
        .iter()
        .map(|t| {
            let s = Scope {
                range: scope.range.clone(),
                cursor,
                within: scope.within.clone(),
            };
            match stream.find(t, &s) {
                Some(h) => {
                    cursor = h.end;
                    stream.spans(&h.at)
                }
                None => Vec::new(),
            }
        })
        .collect()
}

/// A KPI: its name and the values printed after it.
fn indicator(stream: &Stream, k: &mut Indicator, scope: &Scope) {
    let Some(h) = stream.find(&k.name, scope) else {
        return;
    };
    let mut at = h.at;
    let mut cursor = h.end;
    for v in [&k.baseline, &k.target].into_iter().flatten() {
        let s = Scope {
            range: scope.range.clone(),
            cursor,
            within: scope.within.clone(),
        };
        if let Some(more) = stream.find(&v.value, &s) {
            cursor = more.end;
            at.extend(more.at);
        }
    }
    k.source = stream.spans(&at);
}

fn schedule_entry(stream: &Stream, e: &mut ScheduleEntry, scope: &Scope) {
    match e {
        ScheduleEntry::Year {
            text,
            label,
            source,
            ..
        } => {
            let t = if text.trim().is_empty() {
                &*label
            } else {
                &*text
            };
            *source = stream.source(t, scope);
        }
        ScheduleEntry::Span { label, source, .. } => *source = stream.source(label, scope),
    }
}

fn entry_source(e: &ScheduleEntry) -> &[Span] {
    match e {
        ScheduleEntry::Year { source, .. } | ScheduleEntry::Span { source, .. } => source,
    }
}

fn footnote(stream: &Stream, f: &mut Footnote, scope: &Scope) {
    let text = format!("{}{}", f.term.as_deref().unwrap_or_default(), f.text);
    f.source = stream.source(&text, scope);
}

/// Section headings and every block, in document order.
fn blocks(stream: &Stream, doc: &mut Document) {
    let mut cursor = 0;
    let (initiatives, tables) = (&doc.initiatives, &doc.tables);
    for b in &mut doc.preamble {
        block(stream, b, &mut cursor, initiatives, tables);
    }
    for s in &mut doc.sections {
        let mut scope = Scope::all(stream, cursor);
        if let Some(r) = stream.index.get(&s.page).and_then(|&i| stream.whole.get(i)) {
            scope.cursor = cursor.max(r.start).min(r.end);
        }
        if let Some(h) = stream.find(&s.heading, &scope) {
            s.source = stream.spans(&h.at);
            cursor = h.end;
        }
        for b in &mut s.blocks {
            block(stream, b, &mut cursor, initiatives, tables);
        }
    }
}

fn block(
    stream: &Stream,
    b: &mut SectionBlock,
    cursor: &mut usize,
    initiatives: &[Initiative],
    tables: &[Table],
) {
    let mut find = |text: &str| -> Vec<Span> {
        match stream.find(text, &Scope::all(stream, *cursor)) {
            Some(h) => {
                *cursor = h.end;
                stream.spans(&h.at)
            }
            None => Vec::new(),
        }
    };
    match b {
        SectionBlock::Paragraph { text, source } => *source = find(text),
        SectionBlock::Note {
            marker,
            text,
            source,
        } => *source = find(&format!("{marker}{text}")),
        SectionBlock::Figure {
            caption,
            text,
            source,
        } => {
            let mut all = caption.as_deref().map(&mut find).unwrap_or_default();
            add_spans(&mut all, &find(text));
            *source = all;
        }
        SectionBlock::List {
            items,
            source,
            item_sources,
        } => {
            *item_sources = items.iter().map(|t| find(t)).collect();
            source.clear();
            item_sources.iter().for_each(|s| add_spans(source, s));
        }
        SectionBlock::ScheduleList { items, source } => {
            let mut all = Vec::new();
            for it in items {
                it.source = find(&format!("{}{}", it.when, it.text));
                add_spans(&mut all, &it.source);
            }
            *source = all;
        }
        SectionBlock::InitiativeRef {
            initiative_ref,
            source,
        } => {
            if let Some(i) = initiatives.iter().find(|i| &i.id == initiative_ref) {
                *source = i.source.clone();
                *cursor = end_of(stream, &i.source).max(*cursor);
            }
        }
        SectionBlock::TableRef { table_ref, source } => {
            if let Some(t) = tables.iter().find(|t| &t.id == table_ref) {
                *source = t.source.clone();
                *cursor = end_of(stream, &t.source).max(*cursor);
            }
        }
        SectionBlock::GlossaryRef => {}
    }
}

/// The stream position just past the last character inside `spans`.
fn end_of(stream: &Stream, spans: &[Span]) -> usize {
    let Some(last) = spans.last() else {
        return 0;
    };
    let Some(r) = stream
        .index
        .get(&last.page)
        .and_then(|&i| stream.body.get(i))
    else {
        return 0;
    };
    r.clone()
        .filter(|&k| {
            stream.glyphs.get(k).is_some_and(|g| {
                last.bbox
                    .contains_point(g.bbox.center_x(), g.bbox.center_y())
            })
        })
        .max()
        .map_or(0, |k| k + 1)
}

/// Glossary entries in order: the term, then its definition.
fn glossary(stream: &Stream, doc: &mut Document) {
    let mut cursor = 0;
    for g in &mut doc.glossary {
        let Some(term) = stream.find(&g.term, &Scope::all(stream, cursor)) else {
            continue;
        };
        let mut at = term.at;
        cursor = term.end;
        if let Some(d) = stream.find(&g.definition, &Scope::all(stream, cursor)) {
            cursor = d.end;
            at.extend(d.at);
        }
        g.source = stream.spans(&at);
    }
}

/// Dates: the boxes of the characters at their offsets in their page's text (the offsets
/// date reading gave; searched for only when a date has none). The page text is the page
/// body's characters in stream order (whitespace aside), so the n-th non-space character of
/// the text is the n-th character of the page's body.
fn dates(stream: &Stream, dates: &mut [DateMention], pages: &[PageText]) {
    let mut taken: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut maps: HashMap<u32, Option<Vec<(usize, char)>>> = HashMap::new();
    for d in dates.iter_mut() {
        let Some(text) = pages.iter().find(|p| p.number == d.page).map(|p| &p.text) else {
            continue;
        };
        let [start, end] = match d.offsets {
            Some(o) => o,
            None => {
                let taken = taken.entry(d.page).or_default();
                let Some(start) = next_occurrence(text, &d.text, taken) else {
                    continue;
                };
                taken.push(start);
                [start, start + d.text.chars().count()]
            }
        };
        d.offsets = Some([start, end]);
        let map = maps
            .entry(d.page)
            .or_insert_with(|| body_map(stream, d.page, text));
        d.source = map
            .as_deref()
            .and_then(|m| body_spans(stream, d.page, m, start..end))
            .unwrap_or_else(|| stream.source(&d.text, &Scope::pages(stream, d.page, d.page)));
    }
}

/// The first char offset of `needle` in `text` not yet taken.
fn next_occurrence(text: &str, needle: &str, taken: &[usize]) -> Option<usize> {
    if needle.is_empty() {
        return None;
    }
    text.match_indices(needle)
        .map(|(b, _)| text[..b].chars().count())
        .find(|c| !taken.contains(c))
}

/// The non-space characters of a page text with their char offsets, when there are as many
/// as the page body has in the stream (so the n-th is the body's n-th).
fn body_map(stream: &Stream, page: u32, text: &str) -> Option<Vec<(usize, char)>> {
    let body = stream.index.get(&page).and_then(|&i| stream.body.get(i))?;
    let nonspace: Vec<(usize, char)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    (nonspace.len() == body.len()).then_some(nonspace)
}

/// The spans of characters `chars` of a page text (see [`body_map`]), when the stream
/// holds those very characters there.
fn body_spans(
    stream: &Stream,
    page: u32,
    map: &[(usize, char)],
    chars: Range<usize>,
) -> Option<Vec<Span>> {
    let body = stream.index.get(&page).and_then(|&i| stream.body.get(i))?;
    let lo = map.partition_point(|(i, _)| *i < chars.start);
    let hi = map.partition_point(|(i, _)| *i < chars.end);
    let mut at = Vec::with_capacity(hi.saturating_sub(lo));
    for (n, (_, c)) in map.iter().enumerate().take(hi).skip(lo) {
        let k = body.start + n;
        if stream.glyphs.get(k)?.c != fold(*c) {
            return None;
        }
        at.push(k);
    }
    (!at.is_empty()).then(|| stream.spans(&at))
}
