//! A producer's payout statement for a delivered cycle, pure: what was delivered of each of
//! their variants, at the price each buyer paid, split by the same rule the product page shows
//! (`catalogue::price::price_share`: VAT, the hub's logistics, the cooperative's margin, the
//! solidarity contribution, the producer's part), units missing at reception deducted.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Split, price_share};

/// What was sold of one variant at one price (retail or trade).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sold {
    pub description: String,
    /// Price with VAT the buyers paid per unit, in cents.
    pub unit_price_cents: i64,
    pub vat_bp: i32,
    pub ordered: i64,
    /// Ordered minus missing at reception.
    pub delivered: i64,
    /// The cooperative's rule for the product.
    pub split: Split,
}

/// One line of a statement.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementLine {
    pub description: String,
    pub unit_price_cents: i64,
    pub vat_bp: i32,
    pub ordered: i64,
    pub delivered: i64,
    /// What the producer receives per unit delivered.
    pub unit_payout_cents: i64,
    /// Delivered × unit price: what buyers paid.
    pub sales_cents: i64,
    pub vat_cents: i64,
    pub hub_cents: i64,
    pub commission_cents: i64,
    pub solidarity_cents: i64,
    /// Delivered × the producer's part of a unit.
    pub payout_cents: i64,
}

/// Lines and totals: sales = VAT + hub + commission + solidarity + payout, on each line and in
/// total.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub lines: Vec<StatementLine>,
    pub sales_cents: i64,
    pub vat_cents: i64,
    pub hub_cents: i64,
    pub commission_cents: i64,
    pub solidarity_cents: i64,
    pub payout_cents: i64,
    /// Units ordered but missing at reception, not paid.
    pub missing_units: i64,
}

/// The statement of what was sold, each item at its split.
pub fn statement(sold: &[Sold]) -> Statement {
    let mut s = Statement::default();
    for item in sold {
        let share = price_share(item.unit_price_cents, item.vat_bp, item.split);
        let line = StatementLine {
            description: item.description.clone(),
            unit_price_cents: item.unit_price_cents,
            vat_bp: item.vat_bp,
            ordered: item.ordered,
            delivered: item.delivered,
            unit_payout_cents: share.producer_cents,
            sales_cents: item.delivered * item.unit_price_cents,
            vat_cents: item.delivered * share.vat_cents,
            hub_cents: item.delivered * share.hub_cents,
            commission_cents: item.delivered * share.coop_cents,
            solidarity_cents: item.delivered * share.solidarity_cents,
            payout_cents: item.delivered * share.producer_cents,
        };
        s.sales_cents += line.sales_cents;
        s.vat_cents += line.vat_cents;
        s.hub_cents += line.hub_cents;
        s.commission_cents += line.commission_cents;
        s.solidarity_cents += line.solidarity_cents;
        s.payout_cents += line.payout_cents;
        s.missing_units += item.ordered - item.delivered;
        s.lines.push(line);
    }
    s
}
