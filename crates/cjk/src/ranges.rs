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

/// Look `code` up in sorted, non-overlapping ranges whose codes all map to `cid`
/// (notdef ranges).
pub(crate) fn lookup_const(ranges: &[CodeRange], code: u32) -> Option<u32> {
    let i = ranges.partition_point(|r| r.hi < code);
    let r = ranges.get(i)?;
    (r.lo <= code).then_some(r.cid)
}

/// Collects ranges where a later insertion overrides the codes it covers.
#[derive(Default)]
pub(crate) struct RangeBuilder {
    /// lo → (hi, cid), non-overlapping.
    map: BTreeMap<u32, (u32, u32)>,
    /// Every code of a range maps to the range's `cid` (notdef ranges).
    constant: bool,
}

impl RangeBuilder {
    /// A builder for notdef ranges: every code of a range maps to one CID.
    pub(crate) fn constant() -> Self {
        RangeBuilder {
            map: BTreeMap::new(),
            constant: true,
        }
    }

    pub(crate) fn from_ranges(ranges: &[CodeRange]) -> Self {
        Self::default().with(ranges)
    }

    /// Insert `ranges` in order.
    pub(crate) fn with(mut self, ranges: &[CodeRange]) -> Self {
        for r in ranges {
            self.insert(r.lo, r.hi, r.cid);
        }
        self
    }

    /// Map `lo..=hi` to `cid..`, replacing whatever those codes mapped to before.
    pub(crate) fn insert(&mut self, lo: u32, hi: u32, cid: u32) {
        // Keep the last CID representable.
        let hi = if self.constant {
            hi
        } else {
            hi.min(lo.saturating_add(u32::MAX - cid))
        };
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
                let shift = if self.constant { 0 } else { hi + 1 - a };
                self.map.insert(hi + 1, (b, c + shift));
            }
        }
        self.map.insert(lo, (hi, cid));
    }

    /// Sorted ranges, adjacent continuous ranges merged.
    pub(crate) fn build(self) -> Vec<CodeRange> {
        let mut out: Vec<CodeRange> = Vec::with_capacity(self.map.len());
        for (lo, (hi, cid)) in self.map {
            if let Some(last) = out.last_mut() {
                let shift = if self.constant { 0 } else { lo - last.lo };
                if last.hi.checked_add(1) == Some(lo) && last.cid.checked_add(shift) == Some(cid) {
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
                CodeRange {
                    lo: 10,
                    hi: 14,
                    cid: 100
                },
                CodeRange {
                    lo: 15,
                    hi: 16,
                    cid: 7
                },
                CodeRange {
                    lo: 17,
                    hi: 20,
                    cid: 107
                },
                CodeRange {
                    lo: 30,
                    hi: 30,
                    cid: 1
                },
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
        assert_eq!(
            b.build(),
            vec![CodeRange {
                lo: 0,
                hi: 12,
                cid: 0
            }]
        );
    }

    #[test]
    fn constant_ranges_keep_one_cid_when_split() {
        let mut b = RangeBuilder::constant();
        b.insert(0, 31, 231);
        b.insert(10, 10, 1);
        b.insert(32, 40, 231);
        let r = b.build();
        assert_eq!(r.len(), 3);
        assert_eq!(lookup_const(&r, 5), Some(231));
        assert_eq!(lookup_const(&r, 10), Some(1));
        assert_eq!(lookup_const(&r, 40), Some(231));
        assert_eq!(lookup_const(&r, 41), None);
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
