//! Property tests: every day from 1873 to 2100 round-trips through its era form in several
//! writing styles and through its fiscal year; `scan` never panics and returns sane spans.

use keikaku_wareki::{eras, parse, scan, to_era, Date};
use proptest::prelude::*;

fn day_range() -> std::ops::Range<i64> {
    let first = Date::new(1873, 1, 1).unwrap().to_days();
    let last = Date::new(2100, 12, 31).unwrap().to_days();
    first..last + 1
}

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap(),
            c => c,
        })
        .collect()
}

fn kanji(n: i32) -> String {
    const D: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (tens, ones) = (n / 10, n % 10);
    let mut s = String::new();
    if tens > 1 {
        s.push_str(D[tens as usize]);
    }
    if tens >= 1 {
        s.push('十');
    }
    if ones > 0 || tens == 0 {
        s.push_str(D[ones as usize]);
    }
    s
}

fn spaced(s: &str, gap: char) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 {
            out.push(gap);
        }
        out.push(c);
    }
    out
}

/// The day written in several styles.
fn styles(d: Date) -> Vec<String> {
    let (era, y) = to_era(d).expect("in an era");
    let e = eras().iter().find(|e| e.name == era).expect("era in table");
    let (m, dd) = (d.month, d.day);
    let plain = format!("{era}{y}年{m}月{dd}日");
    let gan = if y == 1 {
        "元".to_string()
    } else {
        y.to_string()
    };
    vec![
        plain.clone(),
        format!("{era}{gan}年{m}月{dd}日"),
        full_width(&plain),
        format!(
            "{era}{}年{}月{}日",
            if y == 1 { "元".into() } else { kanji(y) },
            kanji(m.into()),
            kanji(dd.into())
        ),
        spaced(&plain, ' '),
        spaced(&full_width(&plain), '\u{3000}'),
        format!("{}{y}.{m}.{dd}", e.abbr),
        format!("{}{y}年{m}月{dd}日", e.square),
        format!("{era}{y}({})年{m}月{dd}日", d.year),
        format!("{era}{y}（{}）年{:02}月{:02}日", d.year, m, dd),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn era_forms_round_trip(n in day_range()) {
        let d = Date::from_days(n);
        for s in styles(d) {
            let e = parse(&s);
            prop_assert!(e.is_some(), "{s} not read");
            let e = e.unwrap();
            prop_assert_eq!((e.start, e.end), (Some(d), Some(d)), "{}", s);
            prop_assert!(e.warnings.is_empty(), "{s}: {:?}", e.warnings);
            prop_assert_eq!(e.fiscal_year, None);
        }
    }

    #[test]
    fn fiscal_year_round_trips(n in day_range()) {
        let d = Date::from_days(n);
        let fy = d.fiscal_year();
        let (era, y) = to_era(Date::new(fy, 4, 1).unwrap()).expect("in an era");
        for s in [format!("{era}{y}年度"), full_width(&format!("{era}{y}年度")), format!("{era}{}年度", kanji(y)), format!("{fy}年度")] {
            let e = parse(&s).expect("read");
            prop_assert_eq!(e.fiscal_year, Some(fy), "{}", s);
            let (start, end) = (e.start.unwrap(), e.end.unwrap());
            prop_assert!(start <= d && d <= end, "{s}: {start}..{end} misses {d}");
            prop_assert_eq!(start, Date::new(fy, 4, 1).unwrap());
            prop_assert_eq!(end, Date::new(fy + 1, 3, 31).unwrap());
            // FY 1872 began under the lunisolar calendar: the warning is expected then.
            prop_assert_eq!(e.warnings.is_empty(), fy >= 1873, "{}: {:?}", s, e.warnings);
        }
    }

    #[test]
    fn days_convert_both_ways(n in -300_000i64..2_900_000) {
        let d = Date::from_days(n);
        prop_assert!(d.is_valid());
        prop_assert_eq!(d.to_days(), n);
        prop_assert_eq!(d.to_string().parse::<Date>(), Ok(d));
    }

    #[test]
    fn dated_sentence_scans_to_one_expression(n in day_range(), style in 0usize..10) {
        let d = Date::from_days(n);
        let s = &styles(d)[style];
        let text = format!("本計画は、{s}に決定した。");
        let found = scan(&text);
        prop_assert_eq!(found.len(), 1, "{}", text);
        prop_assert_eq!(&found[0].text, s);
        prop_assert_eq!(found[0].start, Some(d));
    }

    #[test]
    fn scan_never_panics_and_spans_are_ordered(
        text in prop_oneof!["[0-9０-９元年度月日令和平成昭R H.~～()（）から以降まで末中第 \n]{0,40}", "\\PC{0,60}"]
    ) {
        let found = scan(&text);
        let mut last = 0;
        for e in &found {
            prop_assert!(e.span.start >= last && e.span.end > e.span.start);
            prop_assert_eq!(text.get(e.span.clone()), Some(e.text.as_str()));
            last = e.span.end;
        }
    }
}
