//! A forgiving content-stream tokenizer: operands and operators, inline images skipped.
//!
//! Faster than `lopdf::content::Content::decode` (no per-operator allocation) and it
//! keeps going after a syntax error, which damaged files need.

/// One operand of a content-stream operator.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand<'a> {
    Num(f32),
    Name(&'a [u8]),
    Str(Vec<u8>),
    Array(Vec<Operand<'a>>),
    /// A dictionary (marked-content properties); its contents are not kept.
    Dict,
    Bool(bool),
    Null,
}

impl Operand<'_> {
    /// The numeric value, if this is a number.
    pub fn num(&self) -> Option<f32> {
        match self {
            Operand::Num(n) => Some(*n),
            _ => None,
        }
    }
}

/// A token stream over one content stream.
pub struct Lexer<'a> {
    buf: &'a [u8],
    pos: usize,
    max_nesting: usize,
    /// Set when an array or dictionary went deeper than the nesting limit.
    pub nesting_exceeded: bool,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delim(b)
}

fn hex_val(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Parses a PDF number token (`12`, `-.5`, `+3.`); `None` if it is not one.
pub fn parse_number(tok: &[u8]) -> Option<f32> {
    if tok.is_empty()
        || !tok
            .iter()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return None;
    }
    // Tolerate doubled signs such as `--5` and a trailing sign-only token.
    let mut s = tok;
    let mut neg = false;
    while let Some((&c, rest)) = s.split_first() {
        if c == b'-' {
            neg = !neg;
        } else if c != b'+' {
            break;
        }
        s = rest;
    }
    let (mut int, mut frac, mut scale, mut seen_dot, mut any) = (0f64, 0f64, 1f64, false, false);
    for &c in s {
        match c {
            b'0'..=b'9' if !seen_dot => {
                int = int * 10.0 + f64::from(c - b'0');
                any = true;
            }
            b'0'..=b'9' => {
                scale /= 10.0;
                frac += f64::from(c - b'0') * scale;
                any = true;
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
    }
    let v = (int + frac) as f32;
    if !any {
        return Some(0.0);
    }
    Some(if neg { -v } else { v })
}

/// What the lexer produced next.
pub enum Token<'a> {
    Operand(Operand<'a>),
    Operator(&'a [u8]),
}

impl<'a> Lexer<'a> {
    pub fn new(buf: &'a [u8], max_nesting: usize) -> Self {
        Lexer {
            buf,
            pos: 0,
            max_nesting,
            nesting_exceeded: false,
        }
    }

    fn skip_ws(&mut self) {
        while self.pos < self.buf.len() {
            let b = self.buf[self.pos];
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while self.pos < self.buf.len() && !matches!(self.buf[self.pos], b'\n' | b'\r') {
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    fn regular_run(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.pos < self.buf.len() && is_regular(self.buf[self.pos]) {
            self.pos += 1;
        }
        &self.buf[start..self.pos]
    }

    /// The next token, or `None` at the end of the stream.
    pub fn next_token(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_ws();
            if self.pos >= self.buf.len() {
                return None;
            }
            let b = self.buf[self.pos];
            match b {
                b'[' | b'(' | b'/' | b'<' => return self.operand(0).map(Token::Operand),
                b']' | b')' | b'>' | b'{' | b'}' => {
                    // Stray delimiter: skip it.
                    self.pos += 1;
                }
                _ => {
                    let tok = self.regular_run();
                    if tok.is_empty() {
                        self.pos += 1;
                        continue;
                    }
                    if let Some(n) = parse_number(tok) {
                        return Some(Token::Operand(Operand::Num(n)));
                    }
                    return Some(match tok {
                        b"true" => Token::Operand(Operand::Bool(true)),
                        b"false" => Token::Operand(Operand::Bool(false)),
                        b"null" => Token::Operand(Operand::Null),
                        _ => Token::Operator(tok),
                    });
                }
            }
        }
    }

    /// Parses one operand starting at the current position (which is not white space).
    fn operand(&mut self, depth: usize) -> Option<Operand<'a>> {
        self.skip_ws();
        let b = *self.buf.get(self.pos)?;
        match b {
            b'/' => {
                self.pos += 1;
                Some(Operand::Name(self.regular_run()))
            }
            b'(' => {
                self.pos += 1;
                Some(Operand::Str(self.literal_string()))
            }
            b'<' if self.buf.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                self.skip_dict(depth);
                Some(Operand::Dict)
            }
            b'<' => {
                self.pos += 1;
                Some(Operand::Str(self.hex_string()))
            }
            b'[' => {
                self.pos += 1;
                Some(self.array(depth + 1))
            }
            _ => {
                let tok = self.regular_run();
                if tok.is_empty() {
                    self.pos += 1;
                    return Some(Operand::Null);
                }
                Some(match parse_number(tok) {
                    Some(n) => Operand::Num(n),
                    None => match tok {
                        b"true" => Operand::Bool(true),
                        b"false" => Operand::Bool(false),
                        _ => Operand::Null,
                    },
                })
            }
        }
    }

    fn array(&mut self, depth: usize) -> Operand<'a> {
        let mut items = Vec::new();
        if depth > self.max_nesting {
            self.nesting_exceeded = true;
            self.skip_brackets();
            return Operand::Array(items);
        }
        loop {
            self.skip_ws();
            match self.buf.get(self.pos) {
                None => break,
                Some(b']') => {
                    self.pos += 1;
                    break;
                }
                Some(b'>' | b')' | b'{' | b'}') => self.pos += 1,
                Some(_) => {
                    let before = self.pos;
                    if let Some(op) = self.operand(depth) {
                        items.push(op);
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
        Operand::Array(items)
    }

    /// Skips the rest of a too-deep array without recursion.
    fn skip_brackets(&mut self) {
        let mut level = 1usize;
        while self.pos < self.buf.len() {
            let b = self.buf[self.pos];
            self.pos += 1;
            match b {
                b'[' => level += 1,
                b']' => {
                    level -= 1;
                    if level == 0 {
                        return;
                    }
                }
                b'(' => {
                    let _ = self.literal_string();
                }
                _ => {}
            }
        }
    }

    /// Skips a `<< … >>` dictionary (marked-content properties), nested ones included.
    fn skip_dict(&mut self, depth: usize) {
        if depth > self.max_nesting {
            self.nesting_exceeded = true;
        }
        loop {
            self.skip_ws();
            match self.buf.get(self.pos) {
                None => return,
                Some(b'>') => {
                    self.pos += 1;
                    if self.buf.get(self.pos) == Some(&b'>') {
                        self.pos += 1;
                    }
                    return;
                }
                Some(_) => {
                    let before = self.pos;
                    if depth <= self.max_nesting {
                        let _ = self.operand(depth + 1);
                    } else {
                        self.pos += 1;
                    }
                    if self.pos == before {
                        self.pos += 1;
                    }
                }
            }
        }
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while self.pos < self.buf.len() {
            let b = self.buf[self.pos];
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                    out.push(b);
                }
                b'\\' => self.escape(&mut out),
                b'\r' => {
                    if self.buf.get(self.pos) == Some(&b'\n') {
                        self.pos += 1;
                    }
                    out.push(b'\n');
                }
                _ => out.push(b),
            }
        }
        out
    }

    fn escape(&mut self, out: &mut Vec<u8>) {
        let Some(&e) = self.buf.get(self.pos) else {
            return;
        };
        self.pos += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'\r' => {
                if self.buf.get(self.pos) == Some(&b'\n') {
                    self.pos += 1;
                }
            }
            b'\n' => {}
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match self.buf.get(self.pos) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            self.pos += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            _ => out.push(e),
        }
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut hi: Option<u8> = None;
        while self.pos < self.buf.len() {
            let b = self.buf[self.pos];
            self.pos += 1;
            if b == b'>' {
                break;
            }
            if let Some(v) = hex_val(b) {
                match hi.take() {
                    Some(h) => out.push(h << 4 | v),
                    None => hi = Some(v),
                }
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        out
    }

    /// After a `BI` operator: skips the inline image dictionary and data up to `EI`.
    pub fn skip_inline_image(&mut self) {
        // Find the `ID` keyword.
        loop {
            self.skip_ws();
            if self.pos >= self.buf.len() {
                return;
            }
            match self.buf[self.pos] {
                b'/' | b'(' | b'<' | b'[' => {
                    let _ = self.operand(1);
                }
                _ => {
                    let tok = self.regular_run();
                    if tok == b"ID" {
                        break;
                    }
                    if tok.is_empty() {
                        self.pos += 1;
                    }
                }
            }
        }
        // One white-space byte follows `ID`; then binary data up to a white-space-delimited `EI`.
        self.pos += 1;
        let data = &self.buf[self.pos.min(self.buf.len())..];
        let mut i = 0;
        while i + 2 <= data.len() {
            if &data[i..i + 2] == b"EI"
                && (i == 0 || is_white(data[i - 1]))
                && !matches!(data.get(i + 2), Some(&b) if !is_white(b) && !is_delim(b))
            {
                self.pos += i + 2;
                return;
            }
            i += 1;
        }
        self.pos = self.buf.len();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(s: &[u8]) -> Vec<String> {
        let mut lx = Lexer::new(s, 8);
        let mut out = Vec::new();
        while let Some(t) = lx.next_token() {
            out.push(match t {
                Token::Operator(op) => format!("op:{}", String::from_utf8_lossy(op)),
                Token::Operand(o) => format!("{o:?}"),
            });
        }
        out
    }

    #[test]
    fn numbers_strings_and_operators() {
        let t = tokens(b"1 -2.5 .5 (a\\(b\\)\\101) <4142 3> /F1 Tf [(x) -20 (y)] TJ");
        assert_eq!(t[0], "Num(1.0)");
        assert_eq!(t[1], "Num(-2.5)");
        assert_eq!(t[2], "Num(0.5)");
        assert_eq!(t[3], "Str([97, 40, 98, 41, 65])");
        assert_eq!(t[4], "Str([65, 66, 48])");
        assert_eq!(t[6], "op:Tf");
        assert!(t[7].starts_with("Array([Str([120]), Num(-20.0)"));
        assert_eq!(t[8], "op:TJ");
    }

    #[test]
    fn inline_image_is_skipped() {
        let mut lx = Lexer::new(b"BI /W 2 /H 1 ID \x01EI\xff EI Q 1 0 0 RG", 8);
        assert!(matches!(lx.next_token(), Some(Token::Operator(b"BI"))));
        lx.skip_inline_image();
        let rest: Vec<_> = std::iter::from_fn(|| lx.next_token())
            .filter_map(|t| match t {
                Token::Operator(o) => Some(o.to_vec()),
                _ => None,
            })
            .collect();
        assert_eq!(rest, vec![b"Q".to_vec(), b"RG".to_vec()]);
    }

    #[test]
    fn hundred_thousand_deep_arrays_and_dicts_on_a_small_stack() {
        let n = 100_000;
        let mut src = b"[".repeat(n);
        src.extend(b"]".repeat(n));
        src.extend(b"<<".repeat(n));
        src.extend(b">>".repeat(n));
        src.extend(b" (after) Tj");
        let ops = std::thread::Builder::new()
            .stack_size(64 * 1024)
            .spawn(move || {
                let mut lx = Lexer::new(&src, 32);
                let mut ops = Vec::new();
                while let Some(t) = lx.next_token() {
                    if let Token::Operator(op) = t {
                        ops.push(op.to_vec());
                    }
                }
                (ops, lx.nesting_exceeded)
            })
            .expect("spawn")
            .join()
            .expect("no stack overflow");
        assert_eq!(ops, (vec![b"Tj".to_vec()], true));
    }

    #[test]
    fn deep_nesting_is_flagged() {
        let mut lx = Lexer::new(b"[[[[[[[[[[[[1]]]]]]]]]]]] TJ", 4);
        while lx.next_token().is_some() {}
        assert!(lx.nesting_exceeded);
    }
}
