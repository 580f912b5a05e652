//! What the shop, the cart, the checkout form and the order pages show, and the phone number
//! as a buyer types it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::codes::{OrderStatus, PaymentMethod, Pricing};
use super::delivery::Totals;
use crate::catalogue::{Category, Label, Unit, line_label};
use crate::cycles::{CycleStatus, SlotView};

/// One variant on the shop front.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopVariant {
    pub variant_id: i64,
    pub label: String,
    pub price_cents: i64,
    /// What a buyer with a solidarity status pays, when their status discounts it.
    pub solidarity_price_cents: Option<i64>,
    pub quantity: i64,
    pub step: i64,
    /// Set when few are left ("only N left"); 0 means sold out.
    pub low: Option<i64>,
    pub in_cart: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopProduct {
    pub product_id: i64,
    pub name: String,
    pub producer_name: String,
    pub category: Category,
    pub unit: Unit,
    pub labels: Vec<Label>,
    pub photo_id: Option<i64>,
    pub variants: Vec<ShopVariant>,
}

/// An open cycle's shop front.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopFront {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub closes_at: DateTime<Utc>,
    pub pricing: Pricing,
    pub products: Vec<ShopProduct>,
    pub cart_count: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    pub variant_id: i64,
    pub product_name: String,
    pub variant_label: String,
    pub unit_price_cents: i64,
    pub quantity: i64,
    pub step: i64,
    pub left: Option<i64>,
    /// The buyer's solidarity discount on this line's category (basis points), 0 without a
    /// status.
    pub solidarity_bp: i32,
}

impl CartLine {
    pub fn label(&self) -> String {
        line_label(&self.product_name, &self.variant_label)
    }
}

/// A phone number as typed ("06 12 34 56 78", "+33 6.12.34.56.78"), kept in its compact form
/// ("0612345678", "+33612345678"): a `+` only in front, 6 to 15 digits, and spaces, dots,
/// dashes and brackets between them. An empty number is allowed (`Some("")`).
pub fn parse_phone(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let (plus, rest) = match raw.strip_prefix('+') {
        Some(rest) => ("+", rest),
        None => ("", raw),
    };
    if rest
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')')))
    {
        return None;
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    match digits.len() {
        0 if plus.is_empty() => Some(String::new()),
        6..=15 => Some(format!("{plus}{digits}")),
        _ => None,
    }
}

/// What the buyer last chose on the checkout form, kept with the cart so that a refused
/// checkout shows the form again as it was typed, with or without JavaScript.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckoutDraft {
    pub slot_id: Option<i64>,
    pub address: String,
    pub postcode: String,
    pub phone: String,
    pub payment: Option<PaymentMethod>,
}

/// Longest address, postcode and phone kept in a draft (longer ones are refused at checkout anyway).
pub const DRAFT_ADDRESS_CHARS: usize = 300;
pub const DRAFT_POSTCODE_CHARS: usize = 10;
pub const DRAFT_PHONE_CHARS: usize = 20;

impl CheckoutDraft {
    /// A draft as typed, cut to what the cart keeps.
    pub fn new(
        slot_id: Option<i64>,
        address: &str,
        postcode: &str,
        phone: &str,
        payment: Option<PaymentMethod>,
    ) -> Self {
        CheckoutDraft {
            slot_id,
            address: address.chars().take(DRAFT_ADDRESS_CHARS).collect(),
            postcode: postcode.trim().chars().take(DRAFT_POSTCODE_CHARS).collect(),
            phone: phone.trim().chars().take(DRAFT_PHONE_CHARS).collect(),
            payment,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    pub cycle_id: i64,
    pub cycle_name: String,
    pub closes_at: DateTime<Utc>,
    pub accepts_orders: bool,
    pub pricing: Pricing,
    pub lines: Vec<CartLine>,
    pub subtotal_cents: i64,
    pub slots: Vec<SlotView>,
    pub card_payments: bool,
    /// The signed-in buyer's credit with the cooperative (0 for a guest).
    pub credit_cents: i64,
    /// The solidarity discount the buyer's status asks of the fund for this cart, at each
    /// category's rate (`solidarity::discount_on`); 0 without a status.
    pub solidarity_cents: i64,
    pub signed_in: bool,
    pub draft: CheckoutDraft,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLineView {
    pub variant_id: i64,
    pub product_name: String,
    pub variant_label: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub step: i64,
    /// Units that did not arrive at the hub: not handed over, not charged.
    pub missing: i64,
    /// VAT rate in basis points, as the line was sold.
    pub vat_bp: i32,
}

impl OrderLineView {
    pub fn label(&self) -> String {
        line_label(&self.product_name, &self.variant_label)
    }

    /// What the line costs for what is handed over.
    pub fn amount_cents(&self) -> i64 {
        self.unit_price_cents * (self.quantity - self.missing)
    }
}

/// Where an order's money goes, by the rule of the product page and the producers'
/// statements (`catalogue::price_share`, each line at its product's split) on each unit handed
/// over; the delivery fee goes to the cooperative (as in its accounts). The parts add up to what the lines and the fee cost.
pub fn order_share(
    lines: &[OrderLineView],
    fee_cents: i64,
    split_of: impl Fn(i64) -> crate::catalogue::Split,
    returned: impl Fn(i64) -> i64,
) -> crate::catalogue::PriceShare {
    let mut total = crate::catalogue::PriceShare {
        price_cents: fee_cents,
        coop_cents: fee_cents,
        ..Default::default()
    };
    for l in lines {
        let unit = crate::catalogue::price_share(l.unit_price_cents, l.vat_bp, split_of(l.variant_id));
        total.add(unit.times((l.quantity - l.missing - returned(l.variant_id)).max(0)));
    }
    total
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderView {
    pub id: i64,
    pub cycle_id: i64,
    pub cycle_name: String,
    pub cycle_status: CycleStatus,
    pub status: OrderStatus,
    pub pricing: Pricing,
    pub slot: SlotView,
    pub delivery_address: String,
    pub delivery_postcode: String,
    pub payment_method: PaymentMethod,
    pub lines: Vec<OrderLineView>,
    pub totals: Totals,
    pub paid_cents: i64,
    pub paid_at: Option<DateTime<Utc>>,
    pub collected_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// The cycle still takes orders and this one holds stock: it can be changed or cancelled.
    pub editable: bool,
    /// The cycle no longer takes orders: its lines may fill the cart of a later cycle.
    pub reorderable: bool,
    pub buyer_name: String,
    pub timezone: crate::time::Zone,
    pub solidarity: Solidarity,
}

/// What the solidarity fund has to do with an order: what it paid of the solidarity price,
/// what that price asked of it, and the buyer's round-up given to it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Solidarity {
    pub covered_cents: i64,
    pub wanted_cents: i64,
    pub round_up_cents: i64,
}

impl OrderView {
    /// Whether its contents are fixed: paid in advance (card, credit) or at the solidarity price,
    /// it changes slot, not products (cancel and order again instead).
    pub fn fixed_contents(&self) -> bool {
        self.payment_method.prepaid() || self.solidarity.covered_cents > 0
    }

    /// What the buyer pays: the total less what the fund pays, plus their round-up.
    pub fn buyer_pays_cents(&self) -> i64 {
        self.totals.total_cents - self.solidarity.covered_cents + self.solidarity.round_up_cents
    }
}

/// An order in a history list or at the pickup desk.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderSummary {
    pub id: i64,
    pub cycle_name: String,
    pub status: OrderStatus,
    pub total_cents: i64,
    pub paid_cents: i64,
    pub payment_method: PaymentMethod,
    pub slot_starts_at: DateTime<Utc>,
    pub place_name: String,
    pub buyer_name: String,
    pub collected: bool,
    pub created_at: DateTime<Utc>,
}

/// An order at the pickup desk: what is in the basket (what arrived) and what is left to pay.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskOrder {
    pub order: OrderSummary,
    /// "Product — variant" and units to hand over.
    pub lines: Vec<(String, i64)>,
    pub due_cents: i64,
}
