//! The SCIC rule on colleges (loi n° 47-1775 du 10 septembre 1947, art. 19 octies): when the
//! members' votes are weighted by college, there are at least three colleges, none carries
//! less than 10 % or more than 50 % of the votes, and the weights add up to 100 %.

use crate::i18n::Msg;

/// Weights are in basis points: 10 000 is 100 %.
pub const FULL: u32 = 10_000;
pub const MIN_WEIGHT: u32 = 1_000;
pub const MAX_WEIGHT: u32 = 5_000;
pub const MIN_COLLEGES: usize = 3;

/// The weights of a cooperative's colleges, checked against the SCIC rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollegeWeights(Vec<u32>);

impl CollegeWeights {
    pub fn bp(&self) -> &[u32] {
        &self.0
    }
}

/// Accepts the weights (basis points, one per college) only if they follow the SCIC rule;
/// otherwise says which part of the rule they break.
pub fn check_weights(weights: &[u32]) -> Result<CollegeWeights, Msg> {
    if weights.len() < MIN_COLLEGES {
        return Err(Msg::ErrCollegesTooFew);
    }
    if weights.iter().any(|w| !(MIN_WEIGHT..=MAX_WEIGHT).contains(w)) {
        return Err(Msg::ErrCollegeWeightRange);
    }
    if weights.iter().map(|&w| u64::from(w)).sum::<u64>() != u64::from(FULL) {
        return Err(Msg::ErrCollegeWeightSum);
    }
    Ok(CollegeWeights(weights.to_vec()))
}

/// A weight typed as a percentage ("25", "33,5", "12.25 %") in basis points, or None.
pub fn parse_percent(text: &str) -> Option<u32> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    if t.is_empty() || t.len() > 8 {
        return None;
    }
    let (whole, frac) = t.split_once('.').unwrap_or((&t, ""));
    if frac.len() > 2 || !whole.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: u32 = whole.parse().ok()?;
    let frac: u32 = format!("{frac:0<2}").parse().ok()?;
    let bp = whole.checked_mul(100)?.checked_add(frac)?;
    (bp <= FULL).then_some(bp)
}

/// Basis points as a percentage for people: "33,5 %" / "33.5%".
pub fn format_percent(bp: u32, locale: crate::i18n::Locale) -> String {
    let text = if bp.is_multiple_of(100) {
        format!("{}", bp / 100)
    } else if bp.is_multiple_of(10) {
        format!("{}.{}", bp / 100, (bp % 100) / 10)
    } else {
        format!("{}.{:02}", bp / 100, bp % 100)
    };
    match locale {
        crate::i18n::Locale::Fr => format!("{}\u{a0}%", text.replace('.', ",")),
        crate::i18n::Locale::En => format!("{text}%"),
    }
}
