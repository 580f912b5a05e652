//! Carts, checkout and orders: prices for residents and shopkeepers, what is left to sell,
//! shortages reported line by line, totals with delivery fees.
//!
//! Quantities on carts and orders count packagings (three 500 g bags = 3).

#[cfg(feature = "ssr")]
pub mod card_payment;
#[cfg(feature = "ssr")]
pub mod mail;
#[cfg(feature = "ssr")]
pub mod store;

mod codes;
mod delivery;
mod offer;
mod payment;
mod views;

pub use codes::{OrderStatus, PaymentMethod, Pricing};
pub use delivery::{DeliveryRefused, SlotQuote, Totals, delivery_fee, missing_for_minimum, quote, totals};
pub use offer::{OfferedVariant, Shortage, available, check_quantity, shortages, step, stock_deltas};
pub use payment::{
    PAYMENT_PAGE_MARGIN_MINUTES, PAYMENT_PAGE_MIN_MINUTES, payment_hold, payment_key, payment_page_expiry,
};
pub use views::{
    CartLine, CartView, CheckoutDraft, DRAFT_ADDRESS_CHARS, DRAFT_PHONE_CHARS, DRAFT_POSTCODE_CHARS, DeskOrder,
    OrderLineView, OrderSummary, OrderView, ShopFront, ShopProduct, ShopVariant, Solidarity, order_share, parse_phone,
};

/// Below this many units left, buyers are told "only N left".
pub const LOW_STOCK: i64 = 5;
/// The most of one variant a single order may hold.
pub const MAX_LINE_QUANTITY: i64 = 10_000;

#[cfg(test)]
mod tests;
