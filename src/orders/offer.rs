//! What can be sold: a variant as a cycle offers it, what is left of it, the quantities a buyer
//! may ask for, the lines that cannot be served, and the stock an order change moves.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::MAX_LINE_QUANTITY;
use super::codes::Pricing;
use crate::catalogue::{Category, Stock, line_label};
use crate::i18n::Msg;
pub use crate::shortage::Shortage;

/// How many units can still be sold, if limited: the smaller of what the variant's stock
/// allows (counted stock, or an on-demand cap per cycle) and the cycle's own cap.
pub fn available(stock: Stock, cycle_cap: Option<i64>, sold_in_cycle: i64) -> Option<i64> {
    let from_stock = match stock {
        Stock::Finite(n) => Some(n),
        Stock::OnDemand { cap } => cap.map(|c| c - sold_in_cycle),
    };
    let from_cycle = cycle_cap.map(|c| c - sold_in_cycle);
    match (from_stock, from_cycle) {
        (Some(a), Some(b)) => Some(a.min(b).max(0)),
        (Some(a), None) | (None, Some(a)) => Some(a.max(0)),
        (None, None) => None,
    }
}

/// A variant as offered in a cycle, with the cycle's prices and what is left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedVariant {
    pub variant_id: i64,
    pub product_id: i64,
    pub producer_id: i64,
    pub product_name: String,
    pub category: Category,
    /// The variant's own label, name and size (`catalogue::variant_name`).
    pub variant_label: String,
    pub retail_price_cents: i64,
    pub pro_price_cents: i64,
    pub case_size: i32,
    pub vat_bp: i32,
    pub stock: Stock,
    pub stock_cap: Option<i64>,
    pub sold: i64,
    /// The product and the variant are both active.
    pub active: bool,
}

impl OfferedVariant {
    /// "Product — Variant · size": how a short line or an order line names it.
    pub fn label(&self) -> String {
        line_label(&self.product_name, &self.variant_label)
    }

    pub fn price(&self, pricing: Pricing) -> i64 {
        match pricing {
            Pricing::Retail => self.retail_price_cents,
            Pricing::Pro => self.pro_price_cents,
        }
    }

    pub fn left(&self) -> Option<i64> {
        available(self.stock, self.stock_cap, self.sold)
    }

    /// Shopkeepers order whole cases.
    pub fn step(&self, pricing: Pricing) -> i64 {
        step(pricing, self.case_size)
    }
}

pub fn step(pricing: Pricing, case_size: i32) -> i64 {
    match pricing {
        Pricing::Retail => 1,
        Pricing::Pro => i64::from(case_size.max(1)),
    }
}

/// A cart or order quantity must be positive, bounded and, for shopkeepers, whole cases.
pub fn check_quantity(pricing: Pricing, case_size: i32, quantity: i64) -> Result<(), Msg> {
    if !(1..=MAX_LINE_QUANTITY).contains(&quantity) {
        return Err(Msg::ErrOrderQuantity);
    }
    if quantity % step(pricing, case_size) != 0 {
        return Err(Msg::ErrCaseMultiple);
    }
    Ok(())
}

/// Every line asking for more than is left (or for something no longer offered), in the
/// order of the lines. `wanted` is what each line needs beyond what the buyer already holds.
pub fn shortages(wanted: &[(i64, i64)], offers: &HashMap<i64, OfferedVariant>) -> Vec<Shortage> {
    wanted
        .iter()
        .filter_map(|&(variant_id, quantity)| match offers.get(&variant_id) {
            Some(o) if !o.active => Some(Shortage {
                variant_id,
                label: o.label(),
                wanted: quantity,
                left: 0,
            }),
            Some(o) => match o.left() {
                Some(left) if left < quantity => Some(Shortage {
                    variant_id,
                    label: o.label(),
                    wanted: quantity,
                    left,
                }),
                _ => None,
            },
            None => Some(Shortage {
                variant_id,
                label: String::new(),
                wanted: quantity,
                left: 0,
            }),
        })
        .collect()
}

/// How much more of each variant an order change takes from stock (negative: gives back),
/// sorted by variant id so that rows are always locked in the same order.
pub fn stock_deltas(old: &[(i64, i64)], new: &[(i64, i64)]) -> Vec<(i64, i64)> {
    let mut deltas: HashMap<i64, i64> = HashMap::new();
    for &(v, q) in old {
        *deltas.entry(v).or_default() -= q;
    }
    for &(v, q) in new {
        *deltas.entry(v).or_default() += q;
    }
    let mut out: Vec<(i64, i64)> = deltas.into_iter().filter(|(_, d)| *d != 0).collect();
    out.sort_unstable();
    out
}
