//! Prices per unit, VAT and where the euros of a price go.

use serde::{Deserialize, Serialize};

use super::*;
use crate::i18n::Locale;
use crate::money::{self, mul_div_round};

/// Price per kg, per litre or per piece, in cents, rounded half up.
pub fn unit_price_cents(price_cents: i64, quantity: i64, unit: Unit) -> i64 {
    mul_div_round(price_cents, unit.reference(), quantity.max(1))
}

/// "7,00 €/kg" — shown beside every price, even for a 500 g bag.
pub fn format_unit_price(price_cents: i64, quantity: i64, unit: Unit, locale: Locale) -> String {
    format!(
        "{}{}",
        money::format_cents(unit_price_cents(price_cents, quantity, unit), locale),
        unit.per_label().text(locale)
    )
}

/// VAT rates in force in France, in basis points.
pub const VAT_RATES_BP: [i32; 5] = [0, 210, 550, 1000, 2000];

pub fn format_vat(bp: i32, locale: Locale) -> String {
    let whole = bp / 100;
    let rest = bp % 100;
    let sep = if locale == Locale::Fr { "," } else { "." };
    if rest == 0 {
        format!("{whole} %")
    } else {
        format!("{whole}{sep}{} %", format!("{rest:02}").trim_end_matches('0'))
    }
}

/// Parses "5,5", "5.5 %", "20" into basis points, only for rates in force.
pub fn parse_vat(raw: &str) -> Option<i32> {
    let cleaned = raw.trim().trim_end_matches('%').trim().replace(',', ".");
    let bp = money::parse_cents(&cleaned)? as i32;
    VAT_RATES_BP.contains(&bp).then_some(bp)
}

/// Where the euros of a retail price go.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceShare {
    pub price_cents: i64,
    pub vat_cents: i64,
    pub coop_cents: i64,
    pub producer_cents: i64,
}

/// Splits a retail price (VAT included) into VAT, the cooperative's commission (a share of
/// the price before VAT, set by the cooperative) and what the producer receives. The three
/// parts always add up to the price.
pub fn price_share(price_cents: i64, vat_bp: i32, commission_bp: i32) -> PriceShare {
    let before_vat = mul_div_round(price_cents, 10_000, 10_000 + i64::from(vat_bp));
    let coop_cents = mul_div_round(before_vat, i64::from(commission_bp), 10_000);
    PriceShare {
        price_cents,
        vat_cents: price_cents - before_vat,
        coop_cents,
        producer_cents: before_vat - coop_cents,
    }
}
