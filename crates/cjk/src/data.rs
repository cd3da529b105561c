//! A reader for the compact binary tables under `data/` (see `data/README.md`).

/// Reads LEB128 varints and bytes; every read is bounds-checked.
pub(crate) struct Reader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Reader { data, pos: 0 }
    }

    pub(crate) fn byte(&mut self) -> Option<u8> {
        let b = *self.data.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    pub(crate) fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let s = self.data.get(self.pos..self.pos.checked_add(n)?)?;
        self.pos += n;
        Some(s)
    }

    /// Expect a magic prefix.
    pub(crate) fn magic(&mut self, m: &[u8]) -> Option<()> {
        (self.bytes(m.len())? == m).then_some(())
    }

    pub(crate) fn varint(&mut self) -> Option<u32> {
        let mut v: u64 = 0;
        for shift in (0..35).step_by(7) {
            let b = self.byte()?;
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return u32::try_from(v).ok();
            }
        }
        None
    }

    pub(crate) fn usize(&mut self) -> Option<usize> {
        self.varint().map(|v| v as usize)
    }

    /// A zigzag-encoded signed delta.
    pub(crate) fn zigzag(&mut self) -> Option<i64> {
        let v = i64::from(self.varint()?);
        Some(if v & 1 == 0 { v >> 1 } else { -((v + 1) >> 1) })
    }

    pub(crate) fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or_default()
    }
}

/// Parse `XXXX\tYYYY` hex pairs (lines starting with `#` are comments), sorted by key.
pub(crate) fn hex_pairs(tsv: &str) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = tsv
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let (a, b) = l.split_once('\t')?;
            Some((
                u32::from_str_radix(a.trim(), 16).ok()?,
                u32::from_str_radix(b.trim(), 16).ok()?,
            ))
        })
        .collect();
    out.sort_unstable();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_varints_and_zigzag() {
        let mut r = Reader::new(&[0x05, 0xAC, 0x02, 0x03, 0x04, 0x80]);
        assert_eq!(r.varint(), Some(5));
        assert_eq!(r.varint(), Some(300));
        assert_eq!(r.zigzag(), Some(-2));
        assert_eq!(r.zigzag(), Some(2));
        assert_eq!(r.varint(), None, "truncated varint");
    }

    #[test]
    fn parses_hex_pairs() {
        assert_eq!(
            hex_pairs("# x\n2F64\t7528\nbad\n2EA0\t6C11\n"),
            vec![(0x2EA0, 0x6C11), (0x2F64, 0x7528)]
        );
    }
}
