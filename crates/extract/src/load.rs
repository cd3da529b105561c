//! Loading with lopdf under a parse budget.
//!
//! lopdf parses every cross-reference entry on its own and only then merges them by object
//! id, so a table that lists one large object a million times copies it a million times
//! before anything else runs. Objects are counted and weighed as lopdf hands them over (a
//! load filter) and the load is abandoned once the count or the weight is out of bounds.

use crate::{ExtractError, Limits};
use lopdf::{Document, LoadOptions, Object, ObjectId};
use std::cell::RefCell;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};

/// Parsed objects may weigh this many times the file, plus [`BASE_WEIGHT`]: object
/// streams expand, but each object is normally parsed once.
const WEIGHT_PER_BYTE: usize = 16;
const BASE_WEIGHT: usize = 64 << 20;
/// Nominal weight of one object node (number, name, reference, container slot).
const NODE_WEIGHT: usize = 16;

struct Budget {
    objects: usize,
    weight: usize,
    max_objects: usize,
    max_weight: usize,
}

/// Why a load was abandoned (the unwind payload).
struct OverBudget {
    what: &'static str,
    limit: usize,
}

thread_local! {
    // lopdf parses on the calling thread (its `rayon` feature is off in the workspace).
    static BUDGET: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// Clears the budget however the load ends.
struct Armed;

impl Armed {
    fn new(budget: Budget) -> Armed {
        BUDGET.with(|b| *b.borrow_mut() = Some(budget));
        Armed
    }
}

impl Drop for Armed {
    fn drop(&mut self) {
        BUDGET.with(|b| *b.borrow_mut() = None);
    }
}

/// Approximate memory weight of an object, without recursion.
fn weight(o: &Object) -> usize {
    let mut stack = vec![o];
    let mut n = 0usize;
    while let Some(o) = stack.pop() {
        n = n.saturating_add(NODE_WEIGHT);
        match o {
            Object::String(s, _) | Object::Name(s) => n = n.saturating_add(s.len()),
            Object::Array(a) => stack.extend(a.iter()),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v)),
            Object::Stream(s) => {
                n = n.saturating_add(s.content.len());
                stack.extend(s.dict.iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }
    n
}

/// The load filter: counts and weighs each object, abandons the load when over budget.
fn count(id: ObjectId, o: &mut Object) -> Option<(ObjectId, Object)> {
    let w = weight(o);
    let over = BUDGET.with(|b| {
        let mut b = b.borrow_mut();
        let b = b.as_mut()?;
        b.objects += 1;
        b.weight = b.weight.saturating_add(w);
        if b.objects > b.max_objects {
            Some(OverBudget {
                what: "objects",
                limit: b.max_objects,
            })
        } else if b.weight > b.max_weight {
            Some(OverBudget {
                what: "parsed object bytes",
                limit: b.max_weight,
            })
        } else {
            None
        }
    });
    if let Some(o) = over {
        // Not a panic: no hook runs; `load_budgeted` catches it.
        resume_unwind(Box::new(o));
    }
    // lopdf keeps a top-level object as the filter left it and ignores the returned copy,
    // but keeps the returned copy of an object-stream member (never a stream).
    let keep = match o {
        Object::Stream(_) => Object::Null,
        other => other.clone(),
    };
    Some((id, keep))
}

/// `Document::load_mem_with_options` with the object budget; `reconstruct` asks lopdf to
/// rebuild the cross-reference table by scanning.
fn load_once(pdf: &[u8], limits: &Limits, reconstruct: bool) -> Result<Document, ExtractError> {
    let opts = LoadOptions {
        max_decompressed_size: Some(limits.max_stream_bytes),
        filter: Some(count),
        force_reconstruct: reconstruct,
        ..Default::default()
    };
    let _armed = Armed::new(Budget {
        objects: 0,
        weight: 0,
        max_objects: limits.max_objects,
        max_weight: max_weight(pdf),
    });
    match catch_unwind(AssertUnwindSafe(|| {
        Document::load_mem_with_options(pdf, opts)
    })) {
        Ok(r) => r.map_err(|e| lopdf_error(e, limits)),
        Err(payload) => match payload.downcast::<OverBudget>() {
            Ok(o) => Err(ExtractError::LimitExceeded {
                what: o.what,
                limit: o.limit,
            }),
            Err(other) => resume_unwind(other),
        },
    }
}

fn lopdf_error(e: lopdf::Error, limits: &Limits) -> ExtractError {
    match e {
        lopdf::Error::InvalidPassword => ExtractError::Encrypted {
            algorithm: "unknown".into(),
        },
        lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. }) => {
            ExtractError::LimitExceeded {
                what: "decoded stream bytes",
                limit: limits.max_stream_bytes,
            }
        }
        e => ExtractError::Malformed {
            reason: e.to_string(),
        },
    }
}

/// Whether the catalog leads to a page tree root with `/Kids`.
fn page_tree_loaded(doc: &Document) -> bool {
    doc.catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .and_then(|root| doc.get_dictionary(root))
        .and_then(|root| root.get_deref(b"Kids", doc))
        .and_then(Object::as_array)
        .is_ok()
}

/// Whether `e` is a classic cross-reference entry in use: `0000012345 00000 n`.
fn is_entry(e: &[u8]) -> bool {
    e.len() == 18
        && e[..10].iter().all(u8::is_ascii_digit)
        && e[10] == b' '
        && e[11..16].iter().all(u8::is_ascii_digit)
        && e[16] == b' '
        && e[17] == b'n'
}

/// Classic cross-reference entries in use (their offsets) and the bytes lopdf would copy
/// for them, each entry's object reaching the next listed offset.
fn classic_xref_cost(pdf: &[u8]) -> (usize, usize) {
    let mut offsets = Vec::new();
    let mut i = 17;
    while i < pdf.len() {
        if pdf[i] == b'n' && is_entry(&pdf[i - 17..=i]) {
            let digits = &pdf[i - 17..i - 7];
            let o = digits
                .iter()
                .fold(0usize, |a, d| a.saturating_mul(10) + usize::from(d - b'0'));
            offsets.push(o);
        }
        i += 1;
    }
    let mut uniq = offsets.clone();
    uniq.sort_unstable();
    uniq.dedup();
    let bytes = offsets.iter().fold(0usize, |sum, &o| {
        let next = uniq.partition_point(|&u| u <= o);
        let end = uniq.get(next).copied().unwrap_or(pdf.len()).min(pdf.len());
        sum.saturating_add(end.saturating_sub(o))
    });
    (offsets.len(), bytes)
}

/// lopdf's loader for encrypted files ignores load filters, so the budget is checked
/// beforehand on the classic cross-reference tables (not on cross-reference streams).
fn precheck_encrypted(pdf: &[u8], limits: &Limits) -> Result<(), ExtractError> {
    if !pdf.windows(8).any(|w| w == b"/Encrypt") {
        return Ok(());
    }
    let (entries, bytes) = classic_xref_cost(pdf);
    let max_weight = max_weight(pdf);
    if entries > limits.max_objects {
        return Err(ExtractError::LimitExceeded {
            what: "objects",
            limit: limits.max_objects,
        });
    }
    if bytes > max_weight {
        return Err(ExtractError::LimitExceeded {
            what: "parsed object bytes",
            limit: max_weight,
        });
    }
    Ok(())
}

fn max_weight(pdf: &[u8]) -> usize {
    pdf.len()
        .saturating_mul(WEIGHT_PER_BYTE)
        .saturating_add(BASE_WEIGHT)
}

/// Loads the document within the object budget. lopdf skips its own page-tree repair when
/// a filter is set, so it is redone here: a lenient load whose page tree did not load is
/// retried with the cross-reference table rebuilt by scanning.
pub fn load_budgeted(pdf: &[u8], limits: &Limits) -> Result<Document, ExtractError> {
    precheck_encrypted(pdf, limits)?;
    let doc = load_once(pdf, limits, false)?;
    let rebuilt = doc.xref_recovery == Some(lopdf::xref::XrefRecovery::Reconstructed);
    let locked = doc.trailer.has(b"Encrypt") && doc.encryption_state.is_none();
    if rebuilt || locked || page_tree_loaded(&doc) {
        return Ok(doc);
    }
    match load_once(pdf, limits, true) {
        Ok(r) if page_tree_loaded(&r) => Ok(r),
        Err(e @ ExtractError::LimitExceeded { .. }) => Err(e),
        _ => Ok(doc),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_xref_cost_counts_each_entry_to_the_next_offset() {
        let mut pdf = vec![b' '; 1000];
        let table = b"xref\n0 4\n0000000000 65535 f \n0000000100 00000 n \n0000000300 00000 n \n0000000100 00000 n \n";
        pdf.extend_from_slice(table);
        // 100 → 300 twice, 300 → end of file once.
        let end = pdf.len();
        assert_eq!(classic_xref_cost(&pdf), (3, 200 + 200 + (end - 300)));
    }

    #[test]
    fn weight_counts_nested_content() {
        let deep = (0..1000).fold(Object::Array(vec![]), |a, _| Object::Array(vec![a]));
        assert_eq!(weight(&deep), 1001 * NODE_WEIGHT);
        let s = Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), vec![0; 100]));
        // The stream, its bytes and its `/Length` entry.
        assert_eq!(weight(&s), 2 * NODE_WEIGHT + 100);
    }
}
