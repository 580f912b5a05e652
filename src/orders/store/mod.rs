//! Carts, checkout, order changes and payments in Postgres.
//!
//! Stock is reserved inside the checkout transaction. Rows are always locked in the same order
//! (the order, the cycle, variants and their offers by variant id, then slots by id), so
//! concurrent checkouts queue instead of deadlocking; the CHECK constraints on stock, sold and
//! booked are the last line of defence.

mod cart;
mod change;
mod checkout;
mod desk;
mod hub;
mod invoicing;
mod jobs;
mod payment;
mod queries;
mod rows;
mod served;

pub use cart::{
    ANONYMOUS_CART_DAYS, CartOwner, add_to_cart, adopt_carts, cart_view, offers_on_sale, on_sale,
    purge_anonymous_carts, set_cart, shop_front,
};
pub use change::{OrderChange, cancel_order, change_order, order_again};
pub(crate) use change::{fit_fund_share, queue_refund};
pub use checkout::{CheckoutChoice, Placed, checkout, collect_round_ups, order_lines};
pub(crate) use desk::hand_over;
pub use desk::{amount_due, desk_order_cycle, desk_orders, record_collection};
pub(crate) use hub::{locate, not_handed_over, place_by_staff, record_missing, recount, set_prepared};
pub use invoicing::{Delivered, DeliveredLine, SoldVariant};
pub(crate) use invoicing::{delivered_orders, describe, sold_by_producer};
pub use jobs::{expire_pending_at_closing, expire_unpaid, send_reminders};
pub use payment::{
    Applied, PaymentEvent, PendingPayment, apply_payment_event, attach_payment_session, due_refunds, pending_payment,
    refund_done,
};
pub(crate) use queries::email_order;
pub use queries::{ORDERS_PER_PAGE, my_orders, order_view, where_money_goes};
pub use served::{FlowFacts, Served, confirmed_order_ids, cycle_flows, served};

// The order's stored codes decode straight from their rows; an unknown value is an error.
crate::stored_code!(super::OrderStatus, super::Pricing, super::PaymentMethod);
