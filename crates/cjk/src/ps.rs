//! A tokenizer for the PostScript subset CMap programs use.

/// One token of a CMap program.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// A string (`<hex>` or `(literal)`): a character code.
    Str(Vec<u8>),
    /// `/Name` (without the slash).
    Name(&'a [u8]),
    Int(i64),
    /// Any other bare word (`def`, `begincidrange`, `usecmap`, …).
    Keyword(&'a [u8]),
}

/// Iterator over the tokens of `data`; skips comments, delimiters and garbage, never panics.
pub(crate) struct Tokens<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Tokens<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Tokens { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_space_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else if is_space(b) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// A regular-character run starting at the current position.
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if is_space(b) || is_delim(b) {
                break;
            }
            self.pos += 1;
        }
        &self.data[start..self.pos]
    }

    fn hex_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut high: Option<u8> = None;
        while let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'>' {
                break;
            }
            let Some(v) = hex_val(b) else { continue };
            match high.take() {
                Some(h) => out.push(h << 4 | v),
                None => high = Some(v),
            }
        }
        if let Some(h) = high {
            out.push(h << 4);
        }
        out
    }

    fn literal_string(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        let mut depth = 1usize;
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                b'\\' => {
                    if let Some(c) = self.escape() {
                        out.push(c);
                    }
                    continue;
                }
                _ => {}
            }
            out.push(b);
        }
        out
    }

    /// The byte an escape after `\` stands for (None for a line continuation).
    fn escape(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        match b {
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'b' => Some(8),
            b'f' => Some(12),
            b'\n' | b'\r' => None,
            b'0'..=b'7' => Some(self.octal(b)),
            other => Some(other),
        }
    }

    /// Up to three octal digits, the first already consumed.
    fn octal(&mut self, first: u8) -> u8 {
        let mut v = u32::from(first - b'0');
        for _ in 0..2 {
            match self.peek() {
                Some(d @ b'0'..=b'7') => {
                    v = v * 8 + u32::from(d - b'0');
                    self.pos += 1;
                }
                _ => break,
            }
        }
        (v & 0xFF) as u8
    }
}

impl<'a> Iterator for Tokens<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            self.skip_space_and_comments();
            let b = self.peek()?;
            match b {
                b'<' if self.data.get(self.pos + 1) == Some(&b'<') => self.pos += 2,
                b'<' => {
                    self.pos += 1;
                    return Some(Token::Str(self.hex_string()));
                }
                b'(' => {
                    self.pos += 1;
                    return Some(Token::Str(self.literal_string()));
                }
                b'/' => {
                    self.pos += 1;
                    return Some(Token::Name(self.word()));
                }
                _ if is_delim(b) => self.pos += 1,
                _ => {
                    let w = self.word();
                    return Some(match parse_int(w) {
                        Some(n) => Token::Int(n),
                        None => Token::Keyword(w),
                    });
                }
            }
        }
    }
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0 | 12)
}

fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn hex_val(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn parse_int(w: &[u8]) -> Option<i64> {
    std::str::from_utf8(w).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenizes_strings_names_ints_and_comments() {
        let toks: Vec<_> =
            Tokens::new(b"%c\n/WMode 1 def <81 4>(\\101\\)) << >> [ 12 ] begincidrange").collect();
        assert_eq!(
            toks,
            vec![
                Token::Name(b"WMode"),
                Token::Int(1),
                Token::Keyword(b"def"),
                Token::Str(vec![0x81, 0x40]),
                Token::Str(b"A)".to_vec()),
                Token::Int(12),
                Token::Keyword(b"begincidrange"),
            ]
        );
    }

    #[test]
    fn unterminated_input_ends_cleanly() {
        let toks: Vec<_> = Tokens::new(b"(abc \\").collect();
        assert_eq!(toks, vec![Token::Str(b"abc ".to_vec())]);
        let toks: Vec<_> = Tokens::new(b"<8 9").collect();
        assert_eq!(toks, vec![Token::Str(vec![0x89])]);
        let toks: Vec<_> = Tokens::new(b"/ % x").collect();
        assert_eq!(toks, vec![Token::Name(b"")]);
    }
}
