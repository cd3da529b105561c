//! The content-stream interpreter: graphics and text state, glyph placement,
//! path painting into rulings and rectangles, form XObjects.

use crate::font::{Decoded, Font};
use crate::lexer::{Lexer, Operand, Token};
use crate::obj::{self, get_dict, get_name};
use crate::Limits;
use keikaku_model::{BBox, FontInfo, Glyph, Page, Rect, Ruling, RulingSource, Warning};
use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::HashMap;
use std::rc::Rc;

/// Filled rectangles thinner than this (points) are rulings.
const THIN_FILL: f32 = 2.5;
/// Per-page caps on kept glyphs, rulings and rectangles (memory bound for hostile input).
const MAX_GLYPHS: usize = 500_000;
const MAX_RULINGS: usize = 200_000;
const MAX_RECTS: usize = 200_000;
/// Decoded form XObject content kept for reuse across pages.
const FORM_CACHE_BYTES: usize = 32 << 20;
/// Points kept in the path under construction; later segments are ignored.
const MAX_PATH_POINTS: usize = 250_000;

pub type Matrix = [f32; 6];
pub const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// `a` then `b`.
pub fn mul(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &Matrix, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

fn translate(tx: f32, ty: f32) -> Matrix {
    [1.0, 0.0, 0.0, 1.0, tx, ty]
}

/// Document-wide state shared by all pages: the font cache and stream budget.
pub struct DocCtx<'d> {
    pub doc: &'d Document,
    pub limits: &'d Limits,
    fonts: HashMap<FontKey, Rc<Font>>,
    /// Decoded form XObject content, by object id (forms repeat on pages).
    forms: HashMap<ObjectId, Rc<[u8]>>,
    /// Bytes held in `forms`.
    forms_bytes: usize,
    pub total_stream_bytes: usize,
    /// Operators run, glyphs shown and graphics kept so far in the document.
    ops: usize,
    glyphs: usize,
    graphics: usize,
    pub warnings: Vec<Warning>,
    /// Set when the total stream budget ran out.
    pub budget_exceeded: bool,
}

#[derive(Hash, PartialEq, Eq)]
enum FontKey {
    Ref(ObjectId),
    Ptr(usize),
}

impl<'d> DocCtx<'d> {
    /// True once the limits' deadline has passed.
    pub fn past_deadline(&self) -> bool {
        self.limits
            .deadline
            .is_some_and(|d| std::time::Instant::now() > d)
    }

    pub fn new(doc: &'d Document, limits: &'d Limits) -> Self {
        DocCtx {
            doc,
            limits,
            fonts: HashMap::new(),
            forms: HashMap::new(),
            forms_bytes: 0,
            total_stream_bytes: 0,
            ops: 0,
            glyphs: 0,
            graphics: 0,
            warnings: Vec::new(),
            budget_exceeded: false,
        }
    }

    /// Decoded bytes of a stream object, within the per-stream and total budgets.
    pub fn stream_bytes(&mut self, o: &Object, page: Option<u32>) -> Option<Vec<u8>> {
        let Object::Stream(s) = obj::deref(self.doc, o) else {
            return None;
        };
        let data = match s.decompressed_content_with_limit(self.limits.max_stream_bytes) {
            Ok(d) => d,
            Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded {
                ..
            })) => {
                self.warn(
                    page,
                    "limit-stream",
                    format!(
                        "a stream exceeds {} bytes decoded; skipped",
                        self.limits.max_stream_bytes
                    ),
                );
                return None;
            }
            Err(e) => {
                // Unsupported or broken filter: an unfiltered stream is still usable.
                if s.dict.get(b"Filter").is_err() {
                    s.content.clone()
                } else {
                    self.warn(
                        page,
                        "stream-undecodable",
                        format!("stream not decoded: {e}"),
                    );
                    return None;
                }
            }
        };
        self.total_stream_bytes = self.total_stream_bytes.saturating_add(data.len());
        if self.total_stream_bytes > self.limits.max_total_stream_bytes {
            self.budget_exceeded = true;
            return None;
        }
        Some(data)
    }

    pub fn warn(&mut self, page: Option<u32>, code: &str, msg: String) {
        if self.warnings.len() < 1000
            && !self
                .warnings
                .iter()
                .any(|w| w.page == page && w.code == code && w.message == msg)
        {
            self.warnings.push(Warning::new(page, code, msg));
        }
    }

    fn font(&mut self, o: &Object, page: u32) -> Option<Rc<Font>> {
        let doc = self.doc;
        let key = match o {
            Object::Reference(id) => FontKey::Ref(*id),
            other => FontKey::Ptr(other as *const Object as usize),
        };
        if let Some(f) = self.fonts.get(&key) {
            return Some(f.clone());
        }
        let fd = obj::as_dict(doc, o)?;
        let mut reader = |s: &Object| self.stream_bytes(s, Some(page));
        let font = Rc::new(Font::load(doc, fd, &mut reader));
        for (code, msg) in &font.warnings {
            self.warn(Some(page), code, msg.clone());
        }
        self.fonts.insert(key, font.clone());
        Some(font)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Space {
    Gray,
    Rgb,
    Cmyk,
    Other,
}

#[derive(Clone)]
struct GState {
    ctm: Matrix,
    fill: Option<[u8; 3]>,
    stroke: Option<[u8; 3]>,
    fill_space: Space,
    stroke_space: Space,
    line_width: f32,
    font: Option<(Rc<Font>, u16)>,
    size: f32,
    char_space: f32,
    word_space: f32,
    hscale: f32,
    leading: f32,
    rise: f32,
    /// Text rendering mode (`Tr`).
    render: u8,
    /// Bounding box of the clipping path (device space).
    clip: BBox,
}

impl GState {
    fn new(ctm: Matrix, clip: BBox) -> Self {
        GState {
            clip,
            ctm,
            fill: Some([0, 0, 0]),
            stroke: Some([0, 0, 0]),
            fill_space: Space::Gray,
            stroke_space: Space::Gray,
            line_width: 1.0,
            font: None,
            size: 0.0,
            char_space: 0.0,
            word_space: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
            render: 0,
        }
    }
}

/// A path point in device space; `curve` when reached by a Bézier segment.
#[derive(Clone, Copy)]
struct Pt {
    x: f32,
    y: f32,
    curve: bool,
}

#[derive(Default)]
struct Sub {
    pts: Vec<Pt>,
    closed: bool,
}

/// Interprets the content of one page (and the forms it draws).
pub struct PageInterp<'c, 'd> {
    ctx: &'c mut DocCtx<'d>,
    page: Page,
    font_index: HashMap<usize, u16>,
    gs: GState,
    stack: Vec<GState>,
    tm: Matrix,
    tlm: Matrix,
    path: Vec<Sub>,
    /// Points in `path`, bounded by [`MAX_PATH_POINTS`].
    path_pts: usize,
    ops: usize,
    forms: Vec<ObjectId>,
    stopped: bool,
    warned_nofont: bool,
    pending_clip: bool,
}

fn rgb(v: &[f32]) -> Option<[u8; 3]> {
    let c = |x: f32| (x.clamp(0.0, 1.0) * 255.0).round() as u8;
    match v {
        [g] => Some([c(*g); 3]),
        [r, g, b] => Some([c(*r), c(*g), c(*b)]),
        [cy, m, y, k] => Some([
            c((1.0 - cy) * (1.0 - k)),
            c((1.0 - m) * (1.0 - k)),
            c((1.0 - y) * (1.0 - k)),
        ]),
        _ => None,
    }
}

impl<'c, 'd> PageInterp<'c, 'd> {
    pub fn new(ctx: &'c mut DocCtx<'d>, page: Page, base: Matrix) -> Self {
        let clip = BBox::new(0.0, 0.0, page.width, page.height);
        PageInterp {
            ctx,
            page,
            font_index: HashMap::new(),
            gs: GState::new(base, clip),
            stack: Vec::new(),
            tm: IDENTITY,
            tlm: IDENTITY,
            path: Vec::new(),
            path_pts: 0,
            ops: 0,
            forms: Vec::new(),
            stopped: false,
            warned_nofont: false,
            pending_clip: false,
        }
    }

    fn warn(&mut self, code: &str, msg: String) {
        let p = Some(self.page.number);
        self.ctx.warn(p, code, msg);
    }

    /// The finished page; warns when a per-page cap cut glyphs or rulings.
    pub fn finish(mut self) -> Page {
        if self.page.glyphs.len() >= MAX_GLYPHS {
            self.warn(
                "limit-glyphs",
                format!("only the first {MAX_GLYPHS} glyphs kept"),
            );
        }
        if self.page.rulings.len() >= MAX_RULINGS {
            self.warn(
                "limit-rulings",
                format!("only the first {MAX_RULINGS} rulings kept"),
            );
        }
        if self.page.rects.len() >= MAX_RECTS {
            self.warn(
                "limit-rects",
                format!("only the first {MAX_RECTS} rectangles kept"),
            );
        }
        self.page
    }

    /// Runs one content stream with its resources.
    pub fn run(&mut self, content: &[u8], res: Option<&'d Dictionary>) {
        let mut lx = Lexer::new(content, self.ctx.limits.max_nesting);
        let mut args: Vec<Operand> = Vec::with_capacity(8);
        while let Some(tok) = lx.next_token() {
            if self.stopped {
                return;
            }
            match tok {
                Token::Operand(o) => {
                    if args.len() < 64 {
                        args.push(o);
                    }
                }
                Token::Operator(op) => {
                    self.ops += 1;
                    self.ctx.ops += 1;
                    if self.ctx.ops.is_multiple_of(4096) && self.ctx.past_deadline() {
                        self.stopped = true;
                        return;
                    }
                    if self.ctx.ops > self.ctx.limits.max_total_ops {
                        let lim = self.ctx.limits.max_total_ops;
                        self.ctx.warn(
                            None,
                            "limit-ops-total",
                            format!("document content truncated after {lim} operators"),
                        );
                        self.stopped = true;
                        return;
                    }
                    if self.ops > self.ctx.limits.max_ops_per_page {
                        let lim = self.ctx.limits.max_ops_per_page;
                        self.warn(
                            "limit-ops",
                            format!("page content truncated after {lim} operators"),
                        );
                        self.stopped = true;
                        return;
                    }
                    if op == b"BI" {
                        lx.skip_inline_image();
                        self.page.images += 1;
                    } else {
                        self.op(op, &args, res);
                    }
                    args.clear();
                }
            }
        }
        if lx.nesting_exceeded {
            self.warn(
                "limit-nesting",
                "an operand array nests deeper than the limit".into(),
            );
        }
    }

    fn nums<const N: usize>(args: &[Operand]) -> Option<[f32; N]> {
        if args.len() < N {
            return None;
        }
        let mut out = [0f32; N];
        for (o, a) in out.iter_mut().zip(&args[args.len() - N..]) {
            *o = a.num()?;
        }
        Some(out)
    }

    fn op(&mut self, op: &[u8], a: &[Operand], res: Option<&'d Dictionary>) {
        match op {
            b"q" if self.stack.len() < 4096 => self.stack.push(self.gs.clone()),
            b"Q" => {
                if let Some(g) = self.stack.pop() {
                    self.gs = g;
                }
            }
            b"cm" => {
                if let Some(m) = Self::nums::<6>(a) {
                    self.gs.ctm = mul(&m, &self.gs.ctm);
                }
            }
            b"w" => {
                if let Some([w]) = Self::nums::<1>(a) {
                    self.gs.line_width = w;
                }
            }
            b"g" | b"rg" | b"k" => {
                let v: Vec<f32> = a.iter().filter_map(Operand::num).collect();
                self.gs.fill = rgb(&v);
                self.gs.fill_space = match op {
                    b"g" => Space::Gray,
                    b"rg" => Space::Rgb,
                    _ => Space::Cmyk,
                };
            }
            b"G" | b"RG" | b"K" => {
                let v: Vec<f32> = a.iter().filter_map(Operand::num).collect();
                self.gs.stroke = rgb(&v);
            }
            b"cs" | b"CS" => {
                let space = match a.last() {
                    Some(Operand::Name(n)) => self.color_space(n, res),
                    _ => Space::Other,
                };
                let initial = match space {
                    Space::Other => None,
                    Space::Cmyk => rgb(&[0.0, 0.0, 0.0, 1.0]),
                    _ => Some([0, 0, 0]),
                };
                if op == b"cs" {
                    self.gs.fill_space = space;
                    self.gs.fill = initial;
                } else {
                    self.gs.stroke_space = space;
                    self.gs.stroke = initial;
                }
            }
            b"sc" | b"scn" => {
                self.gs.fill = self.set_color(a, self.gs.fill_space);
            }
            b"SC" | b"SCN" => {
                self.gs.stroke = self.set_color(a, self.gs.stroke_space);
            }
            // Text state.
            b"BT" => {
                self.tm = IDENTITY;
                self.tlm = IDENTITY;
            }
            b"Tf" => self.set_font(a, res),
            b"Tc" => self.set1(a, |g, v| g.char_space = v),
            b"Tw" => self.set1(a, |g, v| g.word_space = v),
            b"Tz" => self.set1(a, |g, v| g.hscale = v / 100.0),
            b"TL" => self.set1(a, |g, v| g.leading = v),
            b"Ts" => self.set1(a, |g, v| g.rise = v),
            b"Tr" => self.set1(a, |g, v| g.render = v.clamp(0.0, 7.0) as u8),
            b"Td" => {
                if let Some([x, y]) = Self::nums::<2>(a) {
                    self.next_line(x, y);
                }
            }
            b"TD" => {
                if let Some([x, y]) = Self::nums::<2>(a) {
                    self.gs.leading = -y;
                    self.next_line(x, y);
                }
            }
            b"Tm" => {
                if let Some(m) = Self::nums::<6>(a) {
                    self.tm = m;
                    self.tlm = m;
                }
            }
            b"T*" => self.next_line(0.0, -self.gs.leading),
            b"Tj" => {
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"'" => {
                self.next_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"\"" => {
                if a.len() >= 3 {
                    if let (Some(aw), Some(ac)) = (a[a.len() - 3].num(), a[a.len() - 2].num()) {
                        self.gs.word_space = aw;
                        self.gs.char_space = ac;
                    }
                }
                self.next_line(0.0, -self.gs.leading);
                if let Some(Operand::Str(s)) = a.last() {
                    self.show(s);
                }
            }
            b"TJ" => {
                if let Some(Operand::Array(items)) = a.last() {
                    for it in items {
                        match it {
                            Operand::Str(s) => self.show(s),
                            Operand::Num(n) => self.kern(*n),
                            _ => {}
                        }
                    }
                }
            }
            // Paths.
            b"m" => {
                if let Some([x, y]) = Self::nums::<2>(a) {
                    let p = self.dev(x, y, false);
                    self.add_sub(vec![p], false);
                }
            }
            b"l" => {
                if let Some([x, y]) = Self::nums::<2>(a) {
                    let p = self.dev(x, y, false);
                    self.line_to(p);
                }
            }
            b"c" | b"v" | b"y" => {
                let end = if op == b"c" {
                    Self::nums::<6>(a).map(|v| (v[4], v[5]))
                } else {
                    Self::nums::<4>(a).map(|v| (v[2], v[3]))
                };
                if let Some((x, y)) = end {
                    let p = self.dev(x, y, true);
                    self.line_to(p);
                }
            }
            b"h" => {
                if let Some(s) = self.path.last_mut() {
                    s.closed = true;
                }
            }
            b"re" => {
                if let Some([x, y, w, h]) = Self::nums::<4>(a) {
                    let pts = vec![
                        self.dev(x, y, false),
                        self.dev(x + w, y, false),
                        self.dev(x + w, y + h, false),
                        self.dev(x, y + h, false),
                    ];
                    self.add_sub(pts, true);
                }
            }
            b"S" => self.paint(true, false),
            b"s" => {
                self.op(b"h", a, res);
                self.paint(true, false);
            }
            b"f" | b"F" | b"f*" => self.paint(false, true),
            b"B" | b"B*" => self.paint(true, true),
            b"b" | b"b*" => {
                self.op(b"h", a, res);
                self.paint(true, true);
            }
            b"n" => {
                self.apply_clip();
                self.path.clear();
                self.path_pts = 0;
            }
            b"W" | b"W*" => self.pending_clip = true,
            b"Do" => {
                if let Some(Operand::Name(n)) = a.last() {
                    self.do_xobject(n, res);
                }
            }
            _ => {}
        }
    }

    fn set1(&mut self, a: &[Operand], f: impl FnOnce(&mut GState, f32)) {
        if let Some([v]) = Self::nums::<1>(a) {
            f(&mut self.gs, v);
        }
    }

    fn color_space(&self, name: &[u8], res: Option<&'d Dictionary>) -> Space {
        match name {
            b"DeviceGray" | b"CalGray" | b"G" => return Space::Gray,
            b"DeviceRGB" | b"CalRGB" | b"RGB" => return Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => return Space::Cmyk,
            _ => {}
        }
        let doc = self.ctx.doc;
        let Some(cs) = res
            .and_then(|r| get_dict(doc, r, b"ColorSpace"))
            .and_then(|d| obj::get(doc, d, name))
        else {
            return Space::Other;
        };
        match cs {
            Object::Name(n) if n.as_slice() != name => self.color_space(n, None),
            Object::Array(arr) => match arr.first().map(|o| obj::deref(doc, o)) {
                Some(Object::Name(k)) if k == b"ICCBased" => {
                    let n = arr
                        .get(1)
                        .and_then(|s| obj::as_dict(doc, s))
                        .and_then(|d| obj::get_num(doc, d, b"N"));
                    match n.map(|v| v as i32) {
                        Some(1) => Space::Gray,
                        Some(3) => Space::Rgb,
                        Some(4) => Space::Cmyk,
                        _ => Space::Other,
                    }
                }
                Some(Object::Name(k)) if k == b"CalRGB" => Space::Rgb,
                Some(Object::Name(k)) if k == b"CalGray" => Space::Gray,
                _ => Space::Other,
            },
            _ => Space::Other,
        }
    }

    fn set_color(&self, a: &[Operand], space: Space) -> Option<[u8; 3]> {
        let v: Vec<f32> = a.iter().filter_map(Operand::num).collect();
        let want = match space {
            Space::Gray => 1,
            Space::Rgb => 3,
            Space::Cmyk => 4,
            Space::Other => return None,
        };
        if v.len() != want || matches!(a.last(), Some(Operand::Name(_))) {
            return None;
        }
        rgb(&v)
    }

    fn set_font(&mut self, a: &[Operand], res: Option<&'d Dictionary>) {
        if a.len() < 2 {
            return;
        }
        if let Some(size) = a[a.len() - 1].num() {
            self.gs.size = size;
        }
        let Operand::Name(name) = &a[a.len() - 2] else {
            return;
        };
        let doc = self.ctx.doc;
        let fobj = res
            .and_then(|r| get_dict(doc, r, b"Font"))
            .and_then(|d| d.get(name).ok());
        let Some(fobj) = fobj else {
            self.gs.font = None;
            self.warn(
                "font-missing",
                format!("font /{} not in resources", String::from_utf8_lossy(name)),
            );
            return;
        };
        let page = self.page.number;
        match self.ctx.font(fobj, page) {
            Some(f) => {
                let idx = self.font_slot(&f);
                self.gs.font = Some((f, idx));
            }
            None => self.gs.font = None,
        }
    }

    fn font_slot(&mut self, f: &Rc<Font>) -> u16 {
        let key = Rc::as_ptr(f) as usize;
        if let Some(&i) = self.font_index.get(&key) {
            return i;
        }
        let i = u16::try_from(self.page.fonts.len()).unwrap_or(u16::MAX);
        if i < u16::MAX {
            self.page.fonts.push(FontInfo { ..f.info.clone() });
            self.font_index.insert(key, i);
        }
        i
    }

    fn next_line(&mut self, x: f32, y: f32) {
        self.tlm = mul(&translate(x, y), &self.tlm);
        self.tm = self.tlm;
    }

    fn kern(&mut self, n: f32) {
        let d = -n / 1000.0 * self.gs.size;
        let vertical = self.gs.font.as_ref().is_some_and(|(f, _)| f.vertical);
        let t = if vertical {
            translate(0.0, d)
        } else {
            translate(d * self.gs.hscale, 0.0)
        };
        self.tm = mul(&t, &self.tm);
    }

    fn show(&mut self, bytes: &[u8]) {
        let Some((font, idx)) = self.gs.font.clone() else {
            if !self.warned_nofont && !bytes.is_empty() {
                self.warned_nofont = true;
                self.warn(
                    "text-without-font",
                    "text shown before any font was set".into(),
                );
            }
            return;
        };
        // Codes are 1 to 4 bytes: decode no more than the document glyph budget allows.
        let left = self.ctx.limits.max_glyphs.saturating_sub(self.ctx.glyphs);
        if left == 0 {
            let lim = self.ctx.limits.max_glyphs;
            self.ctx.warn(
                None,
                "limit-glyphs-total",
                format!("text after the first {lim} glyphs of the document dropped"),
            );
            return;
        }
        let bytes = &bytes[..bytes.len().min(left.saturating_mul(4))];
        font.decode(bytes, |d| {
            if self.ctx.glyphs < self.ctx.limits.max_glyphs {
                self.ctx.glyphs += 1;
                self.place(&font, idx, d);
            }
        });
        if font.saw_replacement.get() {
            let name = font.info.name.clone();
            self.warn(
                "unicode-replacement",
                format!("font {name} maps glyphs to U+FFFD; their text is lost"),
            );
        }
    }

    /// Places one decoded glyph and advances the text matrix.
    fn place(&mut self, font: &Font, idx: u16, d: Decoded) {
        let g = &self.gs;
        let fs = g.size;
        let trm = mul(&self.tm, &g.ctm);
        let (asc, desc) = (font.ascent * font.em_y * fs, font.descent * font.em_y * fs);
        let (x0, x1, y0, y1) = if font.vertical {
            (
                -d.v.0 * fs,
                (d.w0 - d.v.0) * fs,
                desc - d.v.1 * fs,
                asc - d.v.1 * fs,
            )
        } else {
            (0.0, d.w0 * fs * g.hscale, desc + g.rise, asc + g.rise)
        };
        let scale_y = (trm[2] * trm[2] + trm[3] * trm[3]).sqrt();
        if !d.text.is_empty() && self.page.glyphs.len() < MAX_GLYPHS {
            let c = [
                apply(&trm, x0, y0),
                apply(&trm, x1, y0),
                apply(&trm, x1, y1),
                apply(&trm, x0, y1),
            ];
            let bx = c
                .iter()
                .fold((f32::MAX, f32::MAX, f32::MIN, f32::MIN), |b, p| {
                    (b.0.min(p.0), b.1.min(p.1), b.2.max(p.0), b.3.max(p.1))
                });
            // Glyphs wholly outside the clip box (bleed, slug, clipped away) are not shown.
            let c = &g.clip;
            let visible = bx.2 >= c.x0 && bx.0 <= c.x1 && bx.3 >= c.y0 && bx.1 <= c.y1;
            if visible
                && bx.0.is_finite()
                && bx.1.is_finite()
                && bx.2.is_finite()
                && bx.3.is_finite()
            {
                if g.render == 3 || g.render == 7 {
                    self.page.invisible_glyphs += 1;
                }
                self.page.glyphs.push(Glyph {
                    text: d.text.to_string(),
                    bbox: BBox::new(bx.0, bx.1, bx.2, bx.3),
                    size: (fs * font.em_y * scale_y).abs(),
                    font: idx,
                    vertical: font.vertical,
                    rise: g.rise * scale_y,
                    // Stroke-only text (Tr 1, 5) shows the stroke colour.
                    color: if g.render % 4 == 1 { g.stroke } else { g.fill },
                });
            }
        }
        let spacing = g.char_space + if d.word_space { g.word_space } else { 0.0 };
        let t = if font.vertical {
            translate(0.0, d.w1 * fs + spacing)
        } else {
            translate((d.w0 * fs + spacing) * g.hscale, 0.0)
        };
        self.tm = mul(&t, &self.tm);
    }

    fn dev(&self, x: f32, y: f32, curve: bool) -> Pt {
        let (x, y) = apply(&self.gs.ctm, x, y);
        Pt { x, y, curve }
    }

    fn line_to(&mut self, p: Pt) {
        if self.path_pts >= MAX_PATH_POINTS {
            return;
        }
        match self.path.last_mut() {
            Some(s) => {
                s.pts.push(p);
                self.path_pts += 1;
            }
            None => self.add_sub(vec![p], false),
        }
    }

    /// Starts a subpath, unless the path already holds [`MAX_PATH_POINTS`] points.
    fn add_sub(&mut self, pts: Vec<Pt>, closed: bool) {
        if self.path_pts < MAX_PATH_POINTS {
            self.path_pts += pts.len();
            self.path.push(Sub { pts, closed });
        }
    }

    /// Whether one more ruling or rectangle may be kept (document budget); warns once.
    fn graphics_room(&mut self) -> bool {
        if self.ctx.graphics < self.ctx.limits.max_graphics {
            self.ctx.graphics += 1;
            return true;
        }
        if self.ctx.graphics == self.ctx.limits.max_graphics {
            self.ctx.graphics += 1;
            let lim = self.ctx.limits.max_graphics;
            self.ctx.warn(
                None,
                "limit-graphics-total",
                format!("only the first {lim} rulings and rectangles of the document kept"),
            );
        }
        false
    }

    fn line_width_dev(&self) -> f32 {
        let m = &self.gs.ctm;
        (m[0] * m[3] - m[1] * m[2]).abs().sqrt() * self.gs.line_width
    }

    /// After `W`/`W*`: narrows the clip box to the current path's bounds.
    fn apply_clip(&mut self) {
        if !std::mem::take(&mut self.pending_clip) {
            return;
        }
        let b = self
            .path
            .iter()
            .filter_map(bounds)
            .reduce(|a, b| a.union(&b));
        if let Some(b) = b {
            let c = self.gs.clip;
            let (x0, y0, x1, y1) = (
                c.x0.max(b.x0),
                c.y0.max(b.y0),
                c.x1.min(b.x1),
                c.y1.min(b.y1),
            );
            // An empty intersection keeps a degenerate box: nothing is visible.
            self.gs.clip = BBox {
                x0,
                y0,
                x1: x1.max(x0),
                y1: y1.max(y0),
            };
        }
    }

    fn paint(&mut self, stroke: bool, fill: bool) {
        self.apply_clip();
        let path = std::mem::take(&mut self.path);
        self.path_pts = 0;
        let lw = self.line_width_dev();
        for sub in &path {
            if let Some(b) = axis_rect(sub, fill) {
                self.paint_rect(b, stroke, fill, lw);
            } else if stroke {
                self.stroke_segments(sub, lw);
            } else if fill && sub.pts.iter().all(|p| !p.curve) {
                // A thin filled polygon with straight edges can still be a rule.
                if let Some(b) = bounds(sub) {
                    if b.width().min(b.height()) <= THIN_FILL
                        && b.width().max(b.height()) > THIN_FILL
                    {
                        self.fill_ruling(b);
                    }
                }
            }
        }
    }

    fn paint_rect(&mut self, b: BBox, stroke: bool, fill: bool, lw: f32) {
        let (w, h) = (b.width(), b.height());
        let thin = w.min(h);
        if fill && thin <= THIN_FILL {
            if w.max(h) > THIN_FILL {
                self.fill_ruling(b);
            }
            return;
        }
        if (fill || (stroke && thin > THIN_FILL))
            && self.page.rects.len() < MAX_RECTS
            && self.graphics_room()
        {
            self.page.rects.push(Rect {
                bbox: b,
                filled: fill,
                stroked: stroke,
                fill: if fill { self.gs.fill } else { None },
            });
        }
        if stroke {
            let edges = if h < 0.01 {
                vec![(b.x0, b.y0, b.x1, b.y0)]
            } else if w < 0.01 {
                vec![(b.x0, b.y0, b.x0, b.y1)]
            } else {
                vec![
                    (b.x0, b.y0, b.x1, b.y0),
                    (b.x0, b.y1, b.x1, b.y1),
                    (b.x0, b.y0, b.x0, b.y1),
                    (b.x1, b.y0, b.x1, b.y1),
                ]
            };
            for (x0, y0, x1, y1) in edges {
                self.push_ruling(Ruling {
                    x0,
                    y0,
                    x1,
                    y1,
                    width: lw,
                    source: RulingSource::Stroke,
                });
            }
        }
    }

    fn fill_ruling(&mut self, b: BBox) {
        let r = if b.width() >= b.height() {
            let y = b.center_y();
            Ruling {
                x0: b.x0,
                y0: y,
                x1: b.x1,
                y1: y,
                width: b.height(),
                source: RulingSource::Fill,
            }
        } else {
            let x = b.center_x();
            Ruling {
                x0: x,
                y0: b.y0,
                x1: x,
                y1: b.y1,
                width: b.width(),
                source: RulingSource::Fill,
            }
        };
        self.push_ruling(r);
    }

    fn push_ruling(&mut self, r: Ruling) {
        if self.page.rulings.len() < MAX_RULINGS && self.graphics_room() {
            self.page.rulings.push(r);
        }
    }

    fn stroke_segments(&mut self, sub: &Sub, lw: f32) {
        let n = sub.pts.len();
        let mut segs: Vec<(Pt, Pt)> = sub.pts.windows(2).map(|w| (w[0], w[1])).collect();
        if sub.closed && n > 2 {
            segs.push((
                sub.pts[n - 1],
                Pt {
                    curve: false,
                    ..sub.pts[0]
                },
            ));
        }
        for (a, b) in segs {
            if b.curve {
                continue;
            }
            let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
            let len = dx.max(dy);
            if len < 0.5 {
                continue;
            }
            if dy <= 0.02 * dx + 0.1 {
                let y = (a.y + b.y) / 2.0;
                self.push_ruling(Ruling {
                    x0: a.x.min(b.x),
                    y0: y,
                    x1: a.x.max(b.x),
                    y1: y,
                    width: lw,
                    source: RulingSource::Stroke,
                });
            } else if dx <= 0.02 * dy + 0.1 {
                let x = (a.x + b.x) / 2.0;
                self.push_ruling(Ruling {
                    x0: x,
                    y0: a.y.min(b.y),
                    x1: x,
                    y1: a.y.max(b.y),
                    width: lw,
                    source: RulingSource::Stroke,
                });
            }
        }
    }

    fn do_xobject(&mut self, name: &[u8], res: Option<&'d Dictionary>) {
        let doc = self.ctx.doc;
        let Some(xo) = res
            .and_then(|r| get_dict(doc, r, b"XObject"))
            .and_then(|d| d.get(name).ok())
        else {
            return;
        };
        let Object::Stream(s) = obj::deref(doc, xo) else {
            return;
        };
        match get_name(doc, &s.dict, b"Subtype") {
            Some(b"Image") => self.page.images += 1,
            Some(b"Form") => self.run_form(xo, &s.dict, res),
            _ => {}
        }
    }

    fn run_form(&mut self, xo: &Object, dict: &'d Dictionary, parent_res: Option<&'d Dictionary>) {
        let id = obj::ref_id(xo);
        if id.is_some_and(|i| self.forms.contains(&i)) {
            self.warn(
                "xobject-cycle",
                "a form XObject draws itself; cycle cut".into(),
            );
            return;
        }
        if self.forms.len() >= self.ctx.limits.max_xobject_depth {
            let lim = self.ctx.limits.max_xobject_depth;
            self.warn(
                "limit-xobject-depth",
                format!("form XObjects nest deeper than {lim}; cut"),
            );
            return;
        }
        let page = Some(self.page.number);
        let cached = id.and_then(|i| self.ctx.forms.get(&i).cloned());
        let content: Rc<[u8]> = match cached {
            Some(c) => c,
            None => {
                let Some(bytes) = self.ctx.stream_bytes(xo, page) else {
                    return;
                };
                let c: Rc<[u8]> = Rc::from(bytes);
                // Beyond the cache budget a form is decoded (and budgeted) at each use.
                if let Some(i) = id.filter(|_| self.ctx.forms_bytes + c.len() <= FORM_CACHE_BYTES) {
                    self.ctx.forms_bytes += c.len();
                    self.ctx.forms.insert(i, c.clone());
                }
                c
            }
        };
        let doc = self.ctx.doc;
        let res = get_dict(doc, dict, b"Resources").or(parent_res);
        let m = dict
            .get(b"Matrix")
            .ok()
            .and_then(|o| obj::matrix(doc, o))
            .unwrap_or(IDENTITY);
        let saved = (self.gs.clone(), self.tm, self.tlm, self.stack.len());
        self.gs.ctm = mul(&m, &self.gs.ctm);
        self.forms.push(id.unwrap_or((0, 0)));
        self.path.clear();
        self.path_pts = 0;
        self.run(&content, res);
        self.forms.pop();
        self.stack.truncate(saved.3);
        self.gs = saved.0;
        self.tm = saved.1;
        self.tlm = saved.2;
    }
}

fn bounds(sub: &Sub) -> Option<BBox> {
    let first = sub.pts.first()?;
    let mut b = BBox::new(first.x, first.y, first.x, first.y);
    for p in &sub.pts {
        b = b.union(&BBox::new(p.x, p.y, p.x, p.y));
    }
    Some(b)
}

/// The box of a sub-path that is an axis-aligned rectangle drawn with straight edges:
/// 4 corners (closed, or any when filling), or 5 with the first repeated.
fn axis_rect(sub: &Sub, filling: bool) -> Option<BBox> {
    let mut pts: &[Pt] = &sub.pts;
    let repeats =
        pts.len() == 5 && (pts[4].x - pts[0].x).abs() < 0.01 && (pts[4].y - pts[0].y).abs() < 0.01;
    if repeats {
        pts = &pts[..4];
    }
    if pts.len() != 4 || !(sub.closed || repeats || filling) || pts.iter().any(|p| p.curve) {
        return None;
    }
    let tol = 0.01;
    let ok = (0..4).all(|i| {
        let (a, b) = (pts[i], pts[(i + 1) % 4]);
        (a.x - b.x).abs() < tol || (a.y - b.y).abs() < tol
    });
    if !ok {
        return None;
    }
    bounds(&Sub {
        pts: pts.to_vec(),
        closed: true,
    })
}
