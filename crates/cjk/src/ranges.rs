//! Code → CID range tables: an override-aware builder and O(log n) lookup.

use std::collections::BTreeMap;

/// Codes `lo..=hi` map to CIDs `cid..=cid + (hi - lo)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct CodeRange {
    pub lo: u32,
    pub hi: u32,
    pub cid: u32,
}

/// Look `code` up in sorted, non-overlapping ranges.
pub(crate) fn lookup(ranges: &[CodeRange], code: u32) -> Option<u32> {
    let i = ranges.partition_point(|r| r.hi < code);
    let r = ranges.get(i)?;
    // `cid + (hi - lo)` fits in u32 (guaranteed by `RangeBuilder::insert`).
    (r.lo <= code).then(|| r.cid + (code - r.lo))
}

/// Collects ranges where a later insertion overrides the codes it covers.
#[derive(Default)]
pub(crate) struct RangeBuilder {
    /// lo → (hi, cid), non-overlapping.
    map: BTreeMap<u32, (u32, u32)>,
}

impl RangeBuilder {
    pub(crate) fn from_ranges(ranges: &[CodeRange]) -> Self {
        let mut b = RangeBuilder::default();
        for r in ranges {
            b.insert(r.lo, r.hi, r.cid);
        }
        b
    }

    /// Map `lo..=hi` to `cid..`, replacing whatever those codes mapped to before.
    pub(crate) fn insert(&mut self, lo: u32, hi: u32, cid: u32) {
        // Keep the last CID representable.
        let hi = hi.min(lo.saturating_add(u32::MAX - cid));
        if lo > hi {
            return;
        }
        let mut overlapped: Vec<(u32, u32, u32)> = Vec::new();
        if let Some((&a, &(b, c))) = self.map.range(..lo).next_back() {
            if b >= lo {
                overlapped.push((a, b, c));
            }
        }
        overlapped.extend(self.map.range(lo..=hi).map(|(&a, &(b, c))| (a, b, c)));
        for (a, b, c) in overlapped {
            self.map.remove(&a);
            if a < lo {
                self.map.insert(a, (lo - 1, c));
            }
            if b > hi {
                self.map.insert(hi + 1, (b, c + (hi + 1 - a)));
            }
        }
        self.map.insert(lo, (hi, cid));
    }

    /// Sorted ranges, adjacent continuous ranges merged.
    pub(crate) fn build(self) -> Vec<CodeRange> {
        let mut out: Vec<CodeRange> = Vec::with_capacity(self.map.len());
        for (lo, (hi, cid)) in self.map {
            if let Some(last) = out.last_mut() {
                if last.hi.checked_add(1) == Some(lo)
                    && last.cid.checked_add(lo - last.lo) == Some(cid)
                {
                    last.hi = hi;
                    continue;
                }
            }
            out.push(CodeRange { lo, hi, cid });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_ranges_override_and_split_earlier_ones() {
        let mut b = RangeBuilder::default();
        b.insert(10, 20, 100);
        b.insert(15, 16, 7);
        b.insert(30, 30, 1);
        let r = b.build();
        assert_eq!(
            r,
            vec![
                CodeRange { lo: 10, hi: 14, cid: 100 },
                CodeRange { lo: 15, hi: 16, cid: 7 },
                CodeRange { lo: 17, hi: 20, cid: 107 },
                CodeRange { lo: 30, hi: 30, cid: 1 },
            ]
        );
        assert_eq!(lookup(&r, 12), Some(102));
        assert_eq!(lookup(&r, 16), Some(8));
        assert_eq!(lookup(&r, 20), Some(110));
        assert_eq!(lookup(&r, 21), None);
        assert_eq!(lookup(&r, 9), None);
    }

    #[test]
    fn covering_insert_replaces_and_adjacent_runs_merge() {
        let mut b = RangeBuilder::default();
        b.insert(5, 6, 50);
        b.insert(8, 9, 80);
        b.insert(0, 10, 0);
        b.insert(11, 12, 11);
        assert_eq!(b.build(), vec![CodeRange { lo: 0, hi: 12, cid: 0 }]);
    }

    #[test]
    fn cid_overflow_is_clamped() {
        let mut b = RangeBuilder::default();
        b.insert(0, u32::MAX, u32::MAX - 1);
        let r = b.build();
        assert_eq!(lookup(&r, 1), Some(u32::MAX));
        assert_eq!(lookup(&r, 2), None);
    }
}
