//! Money is integer cents everywhere; this module parses what people type and shows amounts
//! the way each language writes them.

use crate::i18n::Locale;

/// "3,50 €" in French, "€3.50" in English.
pub fn format_cents(cents: i64, locale: Locale) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    let (euros, rest) = (abs / 100, abs % 100);
    match locale {
        Locale::Fr => format!("{sign}{},{rest:02}\u{a0}€", group(euros, '\u{202f}')),
        Locale::En => format!("{sign}€{}.{rest:02}", group(euros, ',')),
    }
}

/// A measure kept in thousandths (grams as kilograms, metres as kilometres) with one decimal,
/// rounded half up, its thousands grouped as the language groups them: "665 593,5" in French,
/// "665,593.5" in English.
pub fn format_thousandths(n: i64, locale: Locale) -> String {
    let tenths = mul_div_round(n, 1, 100);
    let sign = if tenths < 0 { "-" } else { "" };
    let abs = tenths.unsigned_abs();
    match locale {
        Locale::Fr => format!("{sign}{},{}", group(abs / 10, '\u{202f}'), abs % 10),
        Locale::En => format!("{sign}{}.{}", group(abs / 10, ','), abs % 10),
    }
}

fn group(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Parses "3,50", "3.5", "3 €", "1 234,00" into cents. At most two decimals; never negative.
pub fn parse_cents(raw: &str) -> Option<i64> {
    let cleaned: String = raw
        .trim()
        .trim_end_matches('€')
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}')
        .collect();
    let cleaned = cleaned.replace(',', ".");
    if cleaned.is_empty() || cleaned.starts_with('-') {
        return None;
    }
    let (whole, frac) = cleaned.split_once('.').unwrap_or((&cleaned, ""));
    if whole.is_empty() && frac.is_empty() {
        return None;
    }
    if !whole.chars().all(|c| c.is_ascii_digit()) || !frac.chars().all(|c| c.is_ascii_digit()) || frac.len() > 2 {
        return None;
    }
    let whole: i64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let frac: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(frac)
}

/// Cents as people type them in a form of their language: "3,50" in French, "3.50" in English
/// (`parse_cents` reads both).
pub fn cents_to_input(cents: i64, locale: Locale) -> String {
    let plain = cents_to_decimal(cents);
    match locale {
        Locale::Fr => plain.replace('.', ","),
        Locale::En => plain,
    }
}

/// Cents as a plain decimal for CSV: "3.50", "-0.40".
pub fn cents_to_decimal(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

/// `a * b / c` rounded half up, without overflow for realistic amounts.
pub fn mul_div_round(a: i64, b: i64, c: i64) -> i64 {
    let n = i128::from(a) * i128::from(b);
    let c = i128::from(c);
    ((2 * n + c) / (2 * c)) as i64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_in_thousandths_show_one_grouped_decimal() {
        assert_eq!(format_thousandths(665_593_450, Locale::Fr), "665\u{202f}593,5");
        assert_eq!(format_thousandths(665_593_449, Locale::En), "665,593.4");
        assert_eq!(format_thousandths(42, Locale::Fr), "0,0");
        // Half up, as everywhere: towards the larger value.
        assert_eq!(format_thousandths(-1_250, Locale::En), "-1.2");
    }

    #[test]
    fn formats_by_language() {
        assert_eq!(format_cents(350, Locale::Fr), "3,50\u{a0}€");
        assert_eq!(format_cents(123_456, Locale::Fr), "1\u{202f}234,56\u{a0}€");
        assert_eq!(format_cents(5, Locale::En), "€0.05");
        assert_eq!(format_cents(-1250, Locale::En), "-€12.50");
    }

    #[test]
    fn parses_what_people_type() {
        assert_eq!(parse_cents("3,50"), Some(350));
        assert_eq!(parse_cents("3.5"), Some(350));
        assert_eq!(parse_cents(" 12 € "), Some(1200));
        assert_eq!(parse_cents("1 234,00"), Some(123_400));
        assert_eq!(parse_cents(",5"), Some(50));
        assert_eq!(parse_cents("0"), Some(0));
        for bad in ["", "-1", "abc", "1,234", "1.2.3", "€", "."] {
            assert_eq!(parse_cents(bad), None, "{bad:?}");
        }
        assert_eq!(cents_to_decimal(350), "3.50");
        assert_eq!(cents_to_decimal(7), "0.07");
        assert_eq!(cents_to_decimal(-40), "-0.40", "a credit below one euro keeps its sign");
        assert_eq!(cents_to_decimal(-1250), "-12.50");
        assert_eq!(cents_to_input(150, Locale::Fr), "1,50");
        assert_eq!(cents_to_input(150, Locale::En), "1.50");
        assert_eq!(parse_cents(&cents_to_input(123_456, Locale::Fr)), Some(123_456));
    }

    #[test]
    fn rounds_half_up() {
        assert_eq!(mul_div_round(1, 1, 3), 0);
        assert_eq!(mul_div_round(1, 1, 2), 1);
        assert_eq!(mul_div_round(350, 1000, 500), 700);
        assert_eq!(mul_div_round(299, 1000, 750), 399); // 398.67 -> 399
    }
}
