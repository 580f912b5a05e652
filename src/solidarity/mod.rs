//! The solidarity price: members granted a solidarity status (by the board, or by a partner
//! association for the people it follows) pay less, and a fund pays the difference. The fund is
//! fed by round-ups at checkout, donations and a share of the cooperative's margin; its balance
//! is the sum of its entries and never negative, and it is public, without names. Placed below
//! `orders`, whose checkout takes from it and gives to it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::catalogue::Category;
use crate::i18n::Msg;

#[cfg(feature = "ssr")]
pub mod store;

/// The deepest solidarity discount a cooperative may set: half the price.
pub const MAX_DISCOUNT_BP: i32 = 5000;
/// The longest a status is granted for at once, by the board (a year) or a partner (six months).
pub const BOARD_GRANT_DAYS: i64 = 366;
pub const PARTNER_GRANT_DAYS: i64 = 183;
/// The most one donation records (10,000 €).
pub const MAX_DONATION_CENTS: i64 = 1_000_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FundKind {
    /// Rounded up to the next euro by a buyer at checkout.
    RoundUp,
    Donation,
    /// The share of the cooperative's commission it gives, when a cycle is delivered.
    Margin,
    /// Paid towards a solidarity member's order.
    Discount,
    /// A discount given back: the order was cancelled or its payment never came.
    Return,
}

impl FundKind {
    pub const ALL: [FundKind; 5] = [
        FundKind::RoundUp,
        FundKind::Donation,
        FundKind::Margin,
        FundKind::Discount,
        FundKind::Return,
    ];

    pub fn code(self) -> &'static str {
        match self {
            FundKind::RoundUp => "round_up",
            FundKind::Donation => "donation",
            FundKind::Margin => "margin",
            FundKind::Discount => "discount",
            FundKind::Return => "return",
        }
    }

    pub fn parse(code: &str) -> Option<FundKind> {
        FundKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            FundKind::RoundUp => Msg::FundRoundUp,
            FundKind::Donation => Msg::FundDonation,
            FundKind::Margin => Msg::FundMargin,
            FundKind::Discount => Msg::FundDiscount,
            FundKind::Return => Msg::FundReturn,
        }
    }
}

/// The solidarity discount on goods worth `subtotal_cents` at `rate_bp`, rounded down to the
/// cent: the buyer pays the rest, so discount and rest always add up to the price.
pub fn discount_cents(subtotal_cents: i64, rate_bp: i32) -> i64 {
    let rate = i128::from(rate_bp.clamp(0, MAX_DISCOUNT_BP));
    (i128::from(subtotal_cents.max(0)) * rate / 10_000) as i64
}

/// The discounts a cooperative sets: a general one, and their own for some categories.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rates {
    pub general_bp: i32,
    /// The categories with a rate of their own, in the taxonomy's order.
    pub by_category: Vec<(Category, i32)>,
}

impl Rates {
    /// The discount on a product of `category`.
    pub fn for_category(&self, category: Category) -> i32 {
        self.by_category
            .iter()
            .find(|(c, _)| *c == category)
            .map_or(self.general_bp, |(_, rate)| *rate)
    }

    /// Whether any product is discounted at all.
    pub fn any(&self) -> bool {
        self.general_bp > 0 || self.by_category.iter().any(|(_, rate)| *rate > 0)
    }
}

/// The solidarity discount on goods at their own rates, given as (rate, cents) pairs: the goods
/// of one rate are added up, then discounted and rounded down (`discount_cents`), so an order
/// whose goods share one rate gets the discount of its subtotal.
pub fn discount_on(goods: impl IntoIterator<Item = (i32, i64)>) -> i64 {
    let mut by_rate = std::collections::BTreeMap::<i32, i64>::new();
    for (rate, cents) in goods {
        *by_rate.entry(rate).or_default() += cents.max(0);
    }
    by_rate
        .into_iter()
        .map(|(rate, cents)| discount_cents(cents, rate))
        .sum()
}

/// What the fund still pays of an order once reception found units missing: it covered
/// `covered_cents` of goods worth `ordered_cents`, and only `delivered_cents` of them come; its
/// part shrinks in the same proportion (rounded down, never more than it paid).
pub fn fitted_cover(covered_cents: i64, ordered_cents: i64, delivered_cents: i64) -> i64 {
    if ordered_cents <= 0 || covered_cents <= 0 {
        return 0;
    }
    let delivered = i128::from(delivered_cents.clamp(0, ordered_cents));
    ((i128::from(covered_cents) * delivered / i128::from(ordered_cents)) as i64).min(covered_cents)
}

/// What the fund pays of a discount of `wanted_cents` when it holds `balance_cents`: all of it,
/// or what it has (a partial discount, stated to the buyer), never more.
pub fn covered(wanted_cents: i64, balance_cents: i64) -> i64 {
    wanted_cents.min(balance_cents).max(0)
}

/// What rounds `amount_cents` up to the next whole euro (0 when it is whole already).
pub fn round_up_cents(amount_cents: i64) -> i64 {
    (100 - amount_cents.rem_euclid(100)) % 100
}

/// A rate typed as a percentage ("20", "12,5"), 0 to 50 %, in basis points.
pub fn parse_rate(raw: &str) -> Result<i32, Msg> {
    let cleaned = raw.trim().trim_end_matches('%').trim().replace(',', ".");
    let value: f64 = cleaned.parse().map_err(|_| Msg::ErrSolidarityRate)?;
    if !value.is_finite() || !(0.0..=50.0).contains(&value) {
        return Err(Msg::ErrSolidarityRate);
    }
    let bp = (value * 100.0).round();
    if (bp - value * 100.0).abs() > 1e-6 {
        return Err(Msg::ErrSolidarityRate);
    }
    Ok(bp as i32)
}

/// The last day of a status granted today: from tomorrow to `max_days` ahead.
pub fn parse_until(raw: &str, today: NaiveDate, max_days: i64) -> Result<NaiveDate, Msg> {
    let day = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| Msg::ErrGrantUntil)?;
    let days = (day - today).num_days();
    if days < 1 || days > max_days {
        return Err(Msg::ErrGrantUntil);
    }
    Ok(day)
}

/// A donation typed by the board: 0.01 € to 10,000 €.
pub fn parse_donation(raw: &str) -> Result<i64, Msg> {
    match crate::money::parse_cents(raw) {
        Some(c) if (1..=MAX_DONATION_CENTS).contains(&c) => Ok(c),
        _ => Err(Msg::ErrDonation),
    }
}

/// A movement of the fund as anyone may read it: no name, no order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FundEntryView {
    pub kind: FundKind,
    pub amount_cents: i64,
    pub balance_cents: i64,
    pub at: DateTime<Utc>,
}

/// The public page of the fund.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fund {
    pub balance_cents: i64,
    pub rates: Rates,
    /// The general rule's contribution to the fund, of the price before VAT.
    pub contribution_bp: i32,
    /// Members with a solidarity status today (a count, never who).
    pub members: i64,
    pub entries: crate::coop::Page<FundEntryView>,
}

/// A solidarity status granted to a member.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantView {
    pub id: i64,
    pub member: String,
    pub email: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// The association that granted it, or None for the board.
    pub partner: Option<String>,
    pub revoked: bool,
}

/// A partner association: the account that acts for it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerView {
    pub user_id: i64,
    pub name: String,
    pub email: String,
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn rates_and_shares_are_read_as_percentages() {
        assert_eq!(parse_rate("20"), Ok(2000));
        assert_eq!(parse_rate("12,5 %"), Ok(1250));
        assert_eq!(parse_rate("0"), Ok(0));
        assert_eq!(parse_rate("50.01"), Err(Msg::ErrSolidarityRate));
        assert_eq!(parse_rate("1.234"), Err(Msg::ErrSolidarityRate));
        assert_eq!(parse_rate("NaN"), Err(Msg::ErrSolidarityRate));
    }

    #[test]
    fn a_shortage_shrinks_the_funds_part_in_proportion() {
        assert_eq!(fitted_cover(400, 2000, 2000), 400);
        assert_eq!(fitted_cover(400, 2000, 1500), 300);
        assert_eq!(fitted_cover(400, 2000, 0), 0);
        assert_eq!(fitted_cover(333, 1000, 999), 332, "rounded down");
        assert_eq!(fitted_cover(400, 2000, 2500), 400, "never more than it paid");
        assert_eq!(fitted_cover(0, 2000, 1000), 0);
        assert_eq!(fitted_cover(400, 0, 0), 0);
    }

    #[test]
    fn a_category_of_its_own_rate_keeps_it() {
        let rates = Rates {
            general_bp: 2000,
            by_category: vec![(Category::Fruits, 3000), (Category::Drinks, 0)],
        };
        assert_eq!(rates.for_category(Category::Fruits), 3000);
        assert_eq!(rates.for_category(Category::Drinks), 0);
        assert_eq!(rates.for_category(Category::Vegetables), 2000);
        // 1.99 € of fruit at 30 % and 3.33 € of vegetables at 20 %: 0.59 + 0.66.
        assert_eq!(discount_on([(3000, 199), (2000, 333)]), 59 + 66);
        assert!(rates.any());
        assert!(!Rates::default().any());
        let only_fruit = Rates {
            general_bp: 0,
            by_category: vec![(Category::Fruits, 1000)],
        };
        assert!(only_fruit.any());
    }

    #[test]
    fn grants_end_between_tomorrow_and_their_limit() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        assert!(parse_until("2026-12-07", today, 183).is_err());
        assert!(parse_until("2026-12-08", today, 183).is_ok());
        assert!(parse_until("2027-06-08", today, 183).is_ok());
        assert!(parse_until("2027-06-09", today, 183).is_err());
        assert!(parse_until("demain", today, 183).is_err());
    }

    #[test]
    fn round_ups_reach_the_next_euro() {
        assert_eq!(round_up_cents(1234), 66);
        assert_eq!(round_up_cents(1200), 0);
        assert_eq!(round_up_cents(1), 99);
        assert_eq!(parse_donation("0"), Err(Msg::ErrDonation));
        assert_eq!(parse_donation("25"), Ok(2500));
    }

    proptest! {
        /// The discount and what the buyer pays add up to the price; the fund never pays more
        /// than it holds or than the discount.
        #[test]
        fn discounts_add_up_and_never_exceed_the_fund(subtotal in 0i64..10_000_000, rate in 0i32..=MAX_DISCOUNT_BP, fund in 0i64..10_000_000) {
            let d = discount_cents(subtotal, rate);
            prop_assert!(d >= 0 && d <= subtotal / 2);
            prop_assert_eq!(d + (subtotal - d), subtotal);
            let c = covered(d, fund);
            prop_assert!(c <= d && c <= fund && c >= 0);
        }

        /// Goods at several rates: the discount never passes half of them, equals the
        /// subtotal's when every good has one rate, and is the sum of each rate's own.
        #[test]
        fn discounts_by_category_add_up(goods in proptest::collection::vec((0i32..=MAX_DISCOUNT_BP, 0i64..1_000_000), 0..20), uniform in 0i32..=MAX_DISCOUNT_BP) {
            let subtotal: i64 = goods.iter().map(|(_, c)| c).sum();
            let d = discount_on(goods.iter().copied());
            prop_assert!(d >= 0 && d <= subtotal / 2);
            let each: i64 = goods.iter().map(|(r, c)| discount_cents(*c, *r)).sum();
            prop_assert!(d >= each, "adding before rounding never gives less");
            prop_assert!(d - each < goods.len().max(1) as i64);
            prop_assert_eq!(discount_on(goods.iter().map(|(_, c)| (uniform, *c))), discount_cents(subtotal, uniform));
        }

        #[test]
        fn a_round_up_makes_whole_euros(amount in 0i64..10_000_000) {
            let r = round_up_cents(amount);
            prop_assert!((0..100).contains(&r));
            prop_assert_eq!((amount + r) % 100, 0);
        }
    }
}
