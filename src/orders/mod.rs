//! Carts, checkout and orders: prices for residents and shopkeepers, what is left to sell,
//! shortages reported line by line, totals with delivery fees.
//!
//! Quantities on carts and orders count packagings (three 500 g bags = 3).

#[cfg(feature = "ssr")]
pub mod card_payment;
#[cfg(feature = "ssr")]
pub mod store;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::catalogue::{Category, Label, Stock, Unit, line_label};
use crate::cycles::{CycleStatus, DeliveryZone, SlotView};
use crate::i18n::Msg;

/// Below this many units left, buyers are told "only N left".
pub const LOW_STOCK: i64 = 5;
/// The most of one variant a single order may hold.
pub const MAX_LINE_QUANTITY: i64 = 10_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Pricing {
    /// Residents: retail prices, any quantity.
    Retail,
    /// Shopkeepers: pro prices, whole cases.
    Pro,
}

impl Pricing {
    pub fn for_roles(roles: &[Role]) -> Pricing {
        if roles.contains(&Role::Shopkeeper) {
            Pricing::Pro
        } else {
            Pricing::Retail
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Pricing::Retail => "retail",
            Pricing::Pro => "pro",
        }
    }

    pub fn parse(code: &str) -> Option<Pricing> {
        [Pricing::Retail, Pricing::Pro].into_iter().find(|p| p.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum OrderStatus {
    /// Waiting for the card payment; its stock is held until `payment_expires_at`.
    PendingPayment,
    Confirmed,
    Cancelled,
    /// The card payment never came: the stock went back.
    Expired,
}

impl OrderStatus {
    pub const ALL: [OrderStatus; 4] = [
        OrderStatus::PendingPayment,
        OrderStatus::Confirmed,
        OrderStatus::Cancelled,
        OrderStatus::Expired,
    ];

    pub fn code(self) -> &'static str {
        match self {
            OrderStatus::PendingPayment => "pending_payment",
            OrderStatus::Confirmed => "confirmed",
            OrderStatus::Cancelled => "cancelled",
            OrderStatus::Expired => "expired",
        }
    }

    pub fn parse(code: &str) -> Option<OrderStatus> {
        OrderStatus::ALL.into_iter().find(|s| s.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            OrderStatus::PendingPayment => Msg::OrderPendingPayment,
            OrderStatus::Confirmed => Msg::OrderConfirmed,
            OrderStatus::Cancelled => Msg::OrderCancelled,
            OrderStatus::Expired => Msg::OrderExpired,
        }
    }

    /// Whether the order holds stock and a slot place.
    pub fn holds_stock(self) -> bool {
        matches!(self, OrderStatus::PendingPayment | OrderStatus::Confirmed)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PaymentMethod {
    /// Paid to hub or shop staff when the basket is collected.
    Pickup,
    /// Paid online through Stripe Checkout.
    Card,
}

impl PaymentMethod {
    pub fn code(self) -> &'static str {
        match self {
            PaymentMethod::Pickup => "pickup",
            PaymentMethod::Card => "card",
        }
    }

    pub fn parse(code: &str) -> Option<PaymentMethod> {
        [PaymentMethod::Pickup, PaymentMethod::Card]
            .into_iter()
            .find(|p| p.code() == code)
    }

    pub fn label(self) -> Msg {
        match self {
            PaymentMethod::Pickup => Msg::PayAtPickup,
            PaymentMethod::Card => Msg::PayByCard,
        }
    }

    /// The method as the buyer of a pickup or a home delivery reads it: paying on hand-over is
    /// paying at the desk for one, paying the driver at the door for the other.
    pub fn label_for(self, delivery: bool) -> Msg {
        match (self, delivery) {
            (PaymentMethod::Pickup, true) => Msg::PayOnDelivery,
            (method, _) => method.label(),
        }
    }
}

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
    pub product_name: String,
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

/// A line that cannot be served in full: what was asked and what is left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shortage {
    pub variant_id: i64,
    pub label: String,
    pub wanted: i64,
    pub left: i64,
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

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub subtotal_cents: i64,
    pub fee_cents: i64,
    pub total_cents: i64,
}

/// Totals of lines given as (unit price, quantity), plus a delivery fee.
pub fn totals(lines: impl IntoIterator<Item = (i64, i64)>, fee_cents: i64) -> Totals {
    let subtotal_cents = lines.into_iter().map(|(price, qty)| price * qty).sum();
    Totals {
        subtotal_cents,
        fee_cents,
        total_cents: subtotal_cents + fee_cents,
    }
}

/// Why a delivery zone cannot take an order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeliveryRefused {
    OutsideZone,
    /// The buyer is told the minimum and how much is missing, not just "too little".
    BelowMinimum {
        minimum_cents: i64,
        missing_cents: i64,
    },
}

/// How much more a basket needs to reach a delivery minimum; None when it is reached.
pub fn missing_for_minimum(minimum_cents: i64, subtotal_cents: i64) -> Option<i64> {
    (subtotal_cents < minimum_cents).then(|| minimum_cents - subtotal_cents)
}

/// The fee for home delivery at `postcode`, or why the zone cannot take the order.
pub fn delivery_fee(zone: &DeliveryZone, postcode: &str, subtotal_cents: i64) -> Result<i64, DeliveryRefused> {
    if !zone.covers(postcode) {
        return Err(DeliveryRefused::OutsideZone);
    }
    if let Some(missing_cents) = missing_for_minimum(zone.minimum_cents, subtotal_cents) {
        return Err(DeliveryRefused::BelowMinimum {
            minimum_cents: zone.minimum_cents,
            missing_cents,
        });
    }
    Ok(zone.fee_cents)
}

/// What a slot makes the basket cost, shown before the buyer confirms: the zone's fee for home
/// delivery (nothing at a pickup point), the total, and for a delivery slot whose minimum the
/// basket does not reach, how much is missing (the slot cannot be chosen then).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlotQuote {
    pub fee_cents: i64,
    pub total_cents: i64,
    pub missing_cents: Option<i64>,
}

pub fn quote(slot: &SlotView, subtotal_cents: i64) -> SlotQuote {
    let (fee_cents, missing_cents) = if slot.is_delivery() {
        (slot.fee_cents, missing_for_minimum(slot.minimum_cents, subtotal_cents))
    } else {
        (0, None)
    };
    SlotQuote {
        fee_cents,
        total_cents: subtotal_cents + fee_cents,
        missing_cents,
    }
}

/// A card order's payment page closes this long before the order gives its stock back, so
/// that no payment can land after the release.
pub const PAYMENT_PAGE_MARGIN_MINUTES: i64 = 5;
/// Stripe opens a payment page only if it lives at least 30 minutes; one more for the journey.
pub const PAYMENT_PAGE_MIN_MINUTES: i64 = 31;

/// When the payment page of a card order held until `hold_until` closes.
pub fn payment_page_expiry(hold_until: DateTime<Utc>) -> DateTime<Utc> {
    hold_until - chrono::Duration::minutes(PAYMENT_PAGE_MARGIN_MINUTES)
}

/// How long a card order must be held when its payment page is opened `now`: its own hold as
/// long as a page closing before it still lives long enough for Stripe; otherwise a new hold of
/// `ttl` from now (never too short for Stripe). A hold that changes nothing keeps the page's
/// parameters, and so its idempotency key, the same on every retry.
pub fn payment_hold(hold_until: DateTime<Utc>, now: DateTime<Utc>, ttl: chrono::Duration) -> DateTime<Utc> {
    let shortest = now + chrono::Duration::minutes(PAYMENT_PAGE_MIN_MINUTES + PAYMENT_PAGE_MARGIN_MINUTES);
    if hold_until >= shortest {
        hold_until
    } else {
        (now + ttl).max(shortest)
    }
}

/// The idempotency key of a payment page. Stripe answers a repeated key with the page it made
/// the first time and refuses one sent with other parameters: the page's expiry derives from the
/// hold, so a key always comes with the same parameters, and a renewed hold gets a new key.
pub fn payment_key(order_id: i64, attempt_key: &str, hold_until: DateTime<Utc>) -> String {
    format!("maillon-order-{order_id}-{attempt_key}-{}", hold_until.timestamp())
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

/// One variant on the shop front.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShopVariant {
    pub variant_id: i64,
    pub label: String,
    pub price_cents: i64,
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
    pub timezone: String,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phone_numbers_as_people_type_them() {
        assert_eq!(parse_phone(" 06 12 34 56 78 ").as_deref(), Some("0612345678"));
        assert_eq!(parse_phone("+33 (0)6.12.34.56.78").as_deref(), Some("+330612345678"));
        assert_eq!(parse_phone("").as_deref(), Some(""));
        for bad in [
            "06 12",
            "+",
            "06 12 34 56 78 90 12 34 56",
            "06-12-34-56-7a",
            "=1+2",
            "06\u{0}12345678",
            "0+612345678",
        ] {
            assert_eq!(parse_phone(bad), None, "{bad:?}");
        }
    }

    fn offer(id: i64, stock: Stock, cap: Option<i64>, sold: i64) -> OfferedVariant {
        OfferedVariant {
            variant_id: id,
            product_id: 1,
            product_name: "Pommes".into(),
            variant_label: format!("Pommes {id}"),
            retail_price_cents: 350,
            pro_price_cents: 280,
            case_size: 6,
            vat_bp: 550,
            stock,
            stock_cap: cap,
            sold,
            active: true,
        }
    }

    #[test]
    fn what_is_left_is_the_tightest_limit() {
        assert_eq!(
            available(Stock::Finite(10), None, 3),
            Some(10),
            "stock is already net of sales"
        );
        assert_eq!(available(Stock::Finite(10), Some(5), 3), Some(2));
        assert_eq!(available(Stock::Finite(1), Some(5), 0), Some(1));
        assert_eq!(available(Stock::OnDemand { cap: None }, None, 1000), None);
        assert_eq!(available(Stock::OnDemand { cap: Some(20) }, None, 18), Some(2));
        assert_eq!(available(Stock::OnDemand { cap: Some(20) }, Some(10), 12), Some(0));
    }

    #[test]
    fn shopkeepers_order_whole_cases_at_pro_prices() {
        let o = offer(1, Stock::Finite(100), None, 0);
        assert_eq!(o.price(Pricing::Pro), 280);
        assert_eq!(o.price(Pricing::Retail), 350);
        assert_eq!(check_quantity(Pricing::Pro, 6, 12), Ok(()));
        assert_eq!(check_quantity(Pricing::Pro, 6, 7), Err(Msg::ErrCaseMultiple));
        assert_eq!(check_quantity(Pricing::Retail, 6, 7), Ok(()));
        assert_eq!(check_quantity(Pricing::Retail, 6, 0), Err(Msg::ErrOrderQuantity));
        assert_eq!(
            check_quantity(Pricing::Retail, 1, MAX_LINE_QUANTITY + 1),
            Err(Msg::ErrOrderQuantity)
        );
        assert_eq!(Pricing::for_roles(&[Role::Resident, Role::Shopkeeper]), Pricing::Pro);
        assert_eq!(Pricing::for_roles(&[Role::Resident]), Pricing::Retail);
    }

    #[test]
    fn every_short_line_is_reported_with_what_is_left() {
        let offers: HashMap<i64, OfferedVariant> = [
            offer(1, Stock::Finite(1), None, 0),
            offer(2, Stock::Finite(50), None, 0),
            offer(3, Stock::OnDemand { cap: Some(4) }, None, 3),
            OfferedVariant {
                active: false,
                ..offer(4, Stock::Finite(9), None, 0)
            },
        ]
        .into_iter()
        .map(|o| (o.variant_id, o))
        .collect();
        let short = shortages(&[(1, 2), (2, 50), (3, 2), (4, 1), (9, 1)], &offers);
        let summary: Vec<_> = short.iter().map(|s| (s.variant_id, s.wanted, s.left)).collect();
        assert_eq!(summary, [(1, 2, 1), (3, 2, 1), (4, 1, 0), (9, 1, 0)]);
        assert!(shortages(&[(1, 1), (2, 50)], &offers).is_empty());
    }

    #[test]
    fn totals_add_the_fee_and_zones_keep_their_minimum() {
        let t = totals([(350, 3), (1200, 1)], 400);
        assert_eq!(t.subtotal_cents, 2250);
        assert_eq!(t.total_cents, 2650);
        let zone = DeliveryZone {
            id: 1,
            name: "Lille".into(),
            postcodes: vec!["59000".into()],
            fee_cents: 400,
            minimum_cents: 2000,
            active: true,
            centre: None,
        };
        assert_eq!(delivery_fee(&zone, "59000", 2250), Ok(400));
        assert_eq!(
            delivery_fee(&zone, "59000", 1999),
            Err(DeliveryRefused::BelowMinimum {
                minimum_cents: 2000,
                missing_cents: 1
            })
        );
        assert_eq!(delivery_fee(&zone, "75001", 5000), Err(DeliveryRefused::OutsideZone));
    }

    #[test]
    fn delivery_below_its_minimum_says_what_is_missing() {
        let zone = DeliveryZone {
            id: 1,
            name: "Lille".into(),
            postcodes: vec!["59000".into()],
            fee_cents: 400,
            minimum_cents: 2500,
            active: true,
            centre: None,
        };
        assert_eq!(
            delivery_fee(&zone, "59000", 2150),
            Err(DeliveryRefused::BelowMinimum {
                minimum_cents: 2500,
                missing_cents: 350
            })
        );
        assert_eq!(missing_for_minimum(2500, 2500), None);
        let slot = |zone_id: Option<i64>| SlotView {
            id: 1,
            place: zone_id.map_or(crate::cycles::Place::Pickup(1), crate::cycles::Place::Delivery),
            place_name: "x".into(),
            address: String::new(),
            instructions: String::new(),
            starts_at: Utc::now(),
            ends_at: Utc::now(),
            capacity: 10,
            booked: 0,
            fee_cents: if zone_id.is_some() { 400 } else { 0 },
            minimum_cents: if zone_id.is_some() { 2500 } else { 0 },
        };
        assert_eq!(
            quote(&slot(Some(1)), 2150),
            SlotQuote {
                fee_cents: 400,
                total_cents: 2550,
                missing_cents: Some(350)
            }
        );
        assert_eq!(
            quote(&slot(Some(1)), 3000),
            SlotQuote {
                fee_cents: 400,
                total_cents: 3400,
                missing_cents: None
            }
        );
        assert_eq!(
            quote(&slot(None), 1000),
            SlotQuote {
                fee_cents: 0,
                total_cents: 1000,
                missing_cents: None
            }
        );
    }

    #[test]
    fn home_delivery_is_never_offered_payment_at_pickup() {
        assert_eq!(PaymentMethod::Pickup.label_for(true), Msg::PayOnDelivery);
        assert_eq!(PaymentMethod::Pickup.label_for(false), Msg::PayAtPickup);
        assert_eq!(PaymentMethod::Card.label_for(true), Msg::PayByCard);
    }

    #[test]
    fn a_payment_page_keeps_its_key_until_stripe_would_refuse_it() {
        let ttl = chrono::Duration::minutes(40);
        let placed = Utc::now();
        let hold = placed + ttl;
        // Retried a few minutes later: same hold, so same expiry and same key.
        for minutes in [0, 3, 4] {
            let now = placed + chrono::Duration::minutes(minutes);
            assert_eq!(payment_hold(hold, now, ttl), hold, "after {minutes} min");
        }
        // Later, a page closing 5 minutes before the hold would live under 31 minutes: the hold
        // is renewed, and with it the page's expiry and key.
        let later = placed + chrono::Duration::minutes(10);
        let renewed = payment_hold(hold, later, ttl);
        assert_eq!(renewed, later + ttl);
        assert!(payment_page_expiry(renewed) - later >= chrono::Duration::minutes(PAYMENT_PAGE_MIN_MINUTES));
        assert_ne!(payment_key(7, "attempt-1", hold), payment_key(7, "attempt-1", renewed));
        assert_eq!(payment_key(7, "attempt-1", hold), payment_key(7, "attempt-1", hold));
        // Even the shortest hold allowed gives Stripe a page that lives long enough.
        let short = chrono::Duration::minutes(35);
        let hold = payment_hold(placed + short, placed, short);
        assert!(payment_page_expiry(hold) - placed >= chrono::Duration::minutes(PAYMENT_PAGE_MIN_MINUTES));
    }

    #[test]
    fn order_changes_move_only_the_difference_in_a_fixed_order() {
        let old = [(5, 2), (3, 1), (8, 4)];
        let new = [(3, 1), (5, 5), (1, 2)];
        assert_eq!(stock_deltas(&old, &new), [(1, 2), (5, 3), (8, -4)]);
        assert!(stock_deltas(&old, &old).is_empty());
    }

    #[test]
    fn only_live_orders_hold_stock() {
        assert!(OrderStatus::PendingPayment.holds_stock());
        assert!(OrderStatus::Confirmed.holds_stock());
        assert!(!OrderStatus::Cancelled.holds_stock());
        assert!(!OrderStatus::Expired.holds_stock());
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.code()), Some(s));
        }
    }
}
