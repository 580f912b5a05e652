//! Prices per unit, VAT and where the euros of a price go.

use serde::{Deserialize, Serialize};

use super::*;
use crate::i18n::{Locale, Msg};
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

/// How a price splits, in basis points of the price before VAT: the hub's logistics, the
/// cooperative's margin and the solidarity fund's contribution. The producer receives the rest,
/// at least half.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub hub_bp: i32,
    pub coop_bp: i32,
    pub solidarity_bp: i32,
}

impl Split {
    /// The three shares together take at most half of the price before VAT.
    pub const MAX_TOTAL_BP: i32 = 5000;

    pub fn total_bp(self) -> i32 {
        self.hub_bp + self.coop_bp + self.solidarity_bp
    }

    /// The shares as typed in percent ("12", "2,5"), each field's error named.
    pub fn parse(hub: &str, coop: &str, solidarity: &str) -> Result<Split, (&'static str, Msg)> {
        let percent = |field: &'static str, raw: &str| {
            let raw = raw.trim().trim_end_matches('%').trim();
            let raw = if raw.is_empty() { "0" } else { raw };
            money::parse_cents(raw)
                .and_then(|v| i32::try_from(v).ok())
                .filter(|bp| (0..=Split::MAX_TOTAL_BP).contains(bp))
                .ok_or((field, Msg::ErrSharePercent))
        };
        let split = Split {
            hub_bp: percent("hub", hub)?,
            coop_bp: percent("coop", coop)?,
            solidarity_bp: percent("solidarity", solidarity)?,
        };
        if split.total_bp() > Split::MAX_TOTAL_BP {
            return Err(("coop", Msg::ErrSplitTotal));
        }
        Ok(split)
    }
}

/// What a split rule applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SplitTarget {
    Category(Category),
    Producer(i64),
}

impl SplitTarget {
    /// "c:legumes" or "p:12", as the rule form's select sends it.
    pub fn parse(raw: &str) -> Option<SplitTarget> {
        let (kind, value) = raw.trim().split_once(':')?;
        match kind {
            "c" => Category::parse(value).map(SplitTarget::Category),
            "p" => value.parse().ok().filter(|id| *id > 0).map(SplitTarget::Producer),
            _ => None,
        }
    }

    pub fn code(self) -> String {
        match self {
            SplitTarget::Category(c) => format!("c:{}", c.code()),
            SplitTarget::Producer(id) => format!("p:{id}"),
        }
    }
}

/// One of the cooperative's rules for a category or a producer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitRule {
    pub id: i64,
    pub target: SplitTarget,
    /// The producer's farm name, for a producer's rule.
    pub producer_name: Option<String>,
    pub split: Split,
}

/// The cooperative's rules: a producer's rule wins over its category's, which wins over the
/// general rule.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SplitRules {
    pub general: Split,
    pub rules: Vec<SplitRule>,
}

impl SplitRules {
    pub fn for_product(&self, category: Category, producer_id: i64) -> Split {
        let find = |target: SplitTarget| self.rules.iter().find(|r| r.target == target).map(|r| r.split);
        find(SplitTarget::Producer(producer_id))
            .or_else(|| find(SplitTarget::Category(category)))
            .unwrap_or(self.general)
    }
}

/// Where the euros of a retail price go.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PriceShare {
    pub price_cents: i64,
    pub vat_cents: i64,
    pub hub_cents: i64,
    pub coop_cents: i64,
    pub solidarity_cents: i64,
    pub producer_cents: i64,
}

impl PriceShare {
    /// `units` times this share.
    pub fn times(self, units: i64) -> PriceShare {
        PriceShare {
            price_cents: self.price_cents * units,
            vat_cents: self.vat_cents * units,
            hub_cents: self.hub_cents * units,
            coop_cents: self.coop_cents * units,
            solidarity_cents: self.solidarity_cents * units,
            producer_cents: self.producer_cents * units,
        }
    }

    pub fn add(&mut self, other: PriceShare) {
        self.price_cents += other.price_cents;
        self.vat_cents += other.vat_cents;
        self.hub_cents += other.hub_cents;
        self.coop_cents += other.coop_cents;
        self.solidarity_cents += other.solidarity_cents;
        self.producer_cents += other.producer_cents;
    }
}

/// Splits a retail price (VAT included). The rounding rule: the price before VAT is the price
/// divided by (1 + rate), to the nearest cent (half up), and VAT is the difference; each share
/// of the split is its rate of the price before VAT, to the nearest cent (half up); the
/// producer receives what is left. So the parts always add up to the price, and the producer's
/// part is never negative (the shares take at most half).
pub fn price_share(price_cents: i64, vat_bp: i32, split: Split) -> PriceShare {
    let before_vat = mul_div_round(price_cents, 10_000, 10_000 + i64::from(vat_bp));
    let part = |bp: i32| mul_div_round(before_vat, i64::from(bp), 10_000);
    let (hub_cents, coop_cents, solidarity_cents) =
        (part(split.hub_bp), part(split.coop_bp), part(split.solidarity_bp));
    PriceShare {
        price_cents,
        vat_cents: price_cents - before_vat,
        hub_cents,
        coop_cents,
        solidarity_cents,
        producer_cents: before_vat - hub_cents - coop_cents - solidarity_cents,
    }
}
