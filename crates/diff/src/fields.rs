//! Field-level changes between two versions of an initiative.

use crate::norm::{normalize, same_text, similarity};
use crate::report::{Change, ChangeKind};
use crate::textdiff::diff_text;
use keikaku_model::{Indicator, IndicatorValue, Initiative, ScheduleEntry};
use std::collections::{BTreeMap, BTreeSet};

/// Every changed field of `old` → `new`, in a fixed order: title, number, section,
/// departments, summary, fields, actions, schedule per fiscal year, KPIs, related plans.
pub fn changes(old: &Initiative, new: &Initiative) -> Vec<Change> {
    let mut out = Vec::new();
    text("title", Some(&old.title), Some(&new.title), &mut out);
    value(
        "number",
        old.number.as_deref(),
        new.number.as_deref(),
        &mut out,
    );
    let (os, ns) = (old.section_path.join(" > "), new.section_path.join(" > "));
    value("section", nonempty(&os), nonempty(&ns), &mut out);
    set(
        "lead_departments",
        &old.lead_departments,
        &new.lead_departments,
        &mut out,
    );
    set(
        "related_departments",
        &old.related_departments,
        &new.related_departments,
        &mut out,
    );
    text(
        "summary",
        old.summary.as_deref(),
        new.summary.as_deref(),
        &mut out,
    );
    fields(old, new, &mut out);
    let (oa, na) = (old.actions.join("\n"), new.actions.join("\n"));
    text("actions", nonempty(&oa), nonempty(&na), &mut out);
    schedule(&old.schedule, &new.schedule, &mut out);
    kpis(&old.kpi, &new.kpi, &mut out);
    set(
        "related_plans",
        &old.related_plans,
        &new.related_plans,
        &mut out,
    );
    out
}

fn nonempty(s: &str) -> Option<&str> {
    Some(s).filter(|s| !s.trim().is_empty())
}

/// A text change with its token diff, unless the texts agree apart from spacing.
fn text(field: &str, old: Option<&str>, new: Option<&str>, out: &mut Vec<Change>) {
    let (o, n) = (old.unwrap_or(""), new.unwrap_or(""));
    if same_text(o, n) {
        return;
    }
    out.push(Change {
        kind: ChangeKind::Text,
        diff: diff_text(o, n),
        ..Change::value(
            field,
            nonempty(o).map(str::to_string),
            nonempty(n).map(str::to_string),
        )
    });
}

fn value(field: &str, old: Option<&str>, new: Option<&str>, out: &mut Vec<Change>) {
    let same = match (old, new) {
        (Some(a), Some(b)) => same_text(a, b),
        (a, b) => a == b,
    };
    if !same {
        out.push(Change::value(
            field,
            old.map(str::to_string),
            new.map(str::to_string),
        ));
    }
}

/// Names that left and joined a list (order ignored).
fn set(field: &str, old: &[String], new: &[String], out: &mut Vec<Change>) {
    let on: BTreeSet<String> = old.iter().map(|s| normalize(s)).collect();
    let nn: BTreeSet<String> = new.iter().map(|s| normalize(s)).collect();
    let removed: Vec<String> = old
        .iter()
        .filter(|s| !nn.contains(&normalize(s)))
        .cloned()
        .collect();
    let added: Vec<String> = new
        .iter()
        .filter(|s| !on.contains(&normalize(s)))
        .cloned()
        .collect();
    if removed.is_empty() && added.is_empty() {
        return;
    }
    out.push(Change {
        kind: ChangeKind::Set,
        removed,
        added,
        ..Change::value(
            field,
            nonempty(&old.join("、")).map(str::to_string),
            nonempty(&new.join("、")).map(str::to_string),
        )
    });
}

/// The labelled fields (取組内容, 現状, 予算額 …): amounts compared as numbers, the rest
/// as text.
fn fields(old: &Initiative, new: &Initiative, out: &mut Vec<Change>) {
    let names: BTreeSet<&String> = old.fields.keys().chain(new.fields.keys()).collect();
    for name in names {
        let (o, n) = (old.fields.get(name), new.fields.get(name));
        let field = format!("fields.{name}");
        let yen = |v: &String| amount_yen(v).or_else(|| column_amount(name, v));
        match (o.and_then(yen), n.and_then(yen)) {
            (Some(a), Some(b)) if a != b => out.push(Change {
                kind: ChangeKind::Amount,
                delta_yen: Some(b - a),
                ..Change::value(field, o.cloned(), n.cloned())
            }),
            (Some(_), Some(_)) => {}
            _ => text(&field, o.map(String::as_str), n.map(String::as_str), out),
        }
    }
}

/// A money amount as yen: `1,234千円`, `12億3,456万円`, `5百万円`, `800円`.
pub fn amount_yen(text: &str) -> Option<i64> {
    let t = normalize(text).replace([',', '，'], "");
    let body = t.strip_suffix('円')?;
    let mut total: i64 = 0;
    let mut num = String::new();
    let mut any = false;
    for c in body.chars() {
        let unit: i64 = match c {
            '0'..='9' | '.' => {
                num.push(c);
                continue;
            }
            '億' => 100_000_000,
            '万' => 10_000,
            '千' => 1_000,
            '百' => 100,
            _ => return None,
        };
        let v: f64 = if num.is_empty() {
            1.0
        } else {
            num.parse().ok()?
        };
        // 百万円, 千万円: a unit right after a unit multiplies the part so far.
        if num.is_empty() && total > 0 && unit >= 10_000 {
            total = total.checked_mul(unit)?;
        } else {
            total = total.checked_add((v * unit as f64).round() as i64)?;
        }
        num.clear();
        any = true;
    }
    if !num.is_empty() {
        let v: f64 = num.parse().ok()?;
        total = total.checked_add(v.round() as i64)?;
        any = true;
    }
    any.then_some(total)
}

/// A bare number under a money column (`予算額（千円）`: `1,234` → 1,234,000 yen).
pub fn column_amount(column: &str, value: &str) -> Option<i64> {
    let col = normalize(column);
    let unit: f64 = [
        ("億円", 1e8),
        ("百万円", 1e6),
        ("万円", 1e4),
        ("千円", 1e3),
        ("円", 1.0),
    ]
    .iter()
    .find(|(u, _)| col.contains(u))
    .map(|(_, m)| *m)?;
    let v: f64 = normalize(value).replace(',', "").parse().ok()?;
    Some((v * unit).round() as i64)
}

/// Schedule text per fiscal year: a year cell's text, or the labels of the bars over it.
pub fn schedule_by_year(schedule: &[ScheduleEntry]) -> BTreeMap<i32, String> {
    let mut by: BTreeMap<i32, Vec<String>> = BTreeMap::new();
    for e in schedule {
        match e {
            ScheduleEntry::Year {
                fiscal_year, text, ..
            } => by.entry(*fiscal_year).or_default().push(text.clone()),
            ScheduleEntry::Span {
                from_fiscal_year,
                to_fiscal_year,
                label,
                ..
            } => {
                let to = to_fiscal_year
                    .unwrap_or(*from_fiscal_year)
                    .max(*from_fiscal_year);
                for y in *from_fiscal_year..=to.min(from_fiscal_year + 50) {
                    by.entry(y).or_default().push(label.clone());
                }
            }
        }
    }
    by.into_iter()
        .map(|(y, v)| {
            (
                y,
                v.into_iter()
                    .filter(|s| !s.trim().is_empty())
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })
        .collect()
}

fn schedule(old: &[ScheduleEntry], new: &[ScheduleEntry], out: &mut Vec<Change>) {
    let (o, n) = (schedule_by_year(old), schedule_by_year(new));
    let years: BTreeSet<i32> = o.keys().chain(n.keys()).copied().collect();
    for y in years {
        let field = format!("schedule.{y}");
        text(
            &field,
            o.get(&y).map(String::as_str),
            n.get(&y).map(String::as_str),
            out,
        );
    }
}

/// KPIs paired by name (exact, then the most similar above one half), then compared on
/// kind, unit, baseline and target; unpaired ones are reported whole.
fn kpis(old: &[Indicator], new: &[Indicator], out: &mut Vec<Change>) {
    let pairs = pair_kpis(old, new);
    let mut new_seen = vec![false; new.len()];
    for (i, o) in old.iter().enumerate() {
        match pairs.iter().find(|p| p.0 == i) {
            Some(&(_, j)) => {
                new_seen[j] = true;
                kpi_pair(o, &new[j], out);
            }
            None => out.push(Change::value(
                format!("kpi[{}]", o.name),
                Some(kpi_text(o)),
                None,
            )),
        }
    }
    for (_, n) in new.iter().enumerate().filter(|(j, _)| !new_seen[*j]) {
        out.push(Change::value(
            format!("kpi[{}]", n.name),
            None,
            Some(kpi_text(n)),
        ));
    }
}

fn pair_kpis(old: &[Indicator], new: &[Indicator]) -> Vec<(usize, usize)> {
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (i, o) in old.iter().enumerate() {
        for (j, n) in new.iter().enumerate() {
            let s = if same_text(&o.name, &n.name) {
                2.0
            } else {
                similarity(&o.name, &n.name)
            };
            if s >= 0.5 {
                cands.push((s, i, j));
            }
        }
    }
    cands.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut used_o, mut used_n, mut out) = (BTreeSet::new(), BTreeSet::new(), Vec::new());
    for (_, i, j) in cands {
        if !used_o.contains(&i) && !used_n.contains(&j) {
            used_o.insert(i);
            used_n.insert(j);
            out.push((i, j));
        }
    }
    out
}

fn kpi_pair(o: &Indicator, n: &Indicator, out: &mut Vec<Change>) {
    let base = format!("kpi[{}]", n.name);
    text(&format!("{base}.name"), Some(&o.name), Some(&n.name), out);
    value(
        &format!("{base}.kind"),
        o.kind.as_deref(),
        n.kind.as_deref(),
        out,
    );
    value(
        &format!("{base}.unit"),
        o.unit.as_deref(),
        n.unit.as_deref(),
        out,
    );
    let (ob, nb) = (
        o.baseline.as_ref().map(value_text),
        n.baseline.as_ref().map(value_text),
    );
    value(
        &format!("{base}.baseline"),
        ob.as_deref(),
        nb.as_deref(),
        out,
    );
    let (ot, nt) = (
        o.target.as_ref().map(value_text),
        n.target.as_ref().map(value_text),
    );
    value(&format!("{base}.target"), ot.as_deref(), nt.as_deref(), out);
}

/// `75% (2028)`: the value as printed and its year.
pub fn value_text(v: &IndicatorValue) -> String {
    match v.year {
        Some(y) => format!("{} ({y})", v.value),
        None => v.value.clone(),
    }
}

fn kpi_text(k: &Indicator) -> String {
    let mut s = k.name.clone();
    if let Some(b) = &k.baseline {
        s.push_str(&format!(" baseline {}", value_text(b)));
    }
    if let Some(t) = &k.target {
        s.push_str(&format!(" target {}", value_text(t)));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts() {
        assert_eq!(amount_yen("1,234千円"), Some(1_234_000));
        assert_eq!(amount_yen("12億3,456万円"), Some(1_234_560_000));
        assert_eq!(amount_yen("5百万円"), Some(5_000_000));
        assert_eq!(amount_yen("８００円"), Some(800));
        assert_eq!(amount_yen("検討"), None);
        assert_eq!(amount_yen("約5千円程度"), None);
        assert_eq!(
            column_amount("予算額（千円）", "１,２３４"),
            Some(1_234_000)
        );
        assert_eq!(column_amount("事業名", "1234"), None);
    }

    #[test]
    fn spans_fill_years() {
        let s = [ScheduleEntry::Span {
            from_fiscal_year: 2024,
            to_fiscal_year: Some(2026),
            label: "運用".into(),
            source: Vec::new(),
        }];
        let by = schedule_by_year(&s);
        assert_eq!(by.keys().copied().collect::<Vec<_>>(), [2024, 2025, 2026]);
    }
}
