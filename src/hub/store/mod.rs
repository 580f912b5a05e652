//! The hub's work in Postgres: purchase orders read from a cycle's confirmed orders, and
//! reception, which allocates shortages, adjusts orders, queues refunds and tells buyers; packing
//! lists; and the rounds (`rounds`).

mod logistics;
mod packing;
mod reception;
pub mod rounds;

pub use logistics::{email_purchase_orders, logistics, purchase_orders_csv};
pub use packing::{packing, set_prepared};
pub use reception::{ReceptionOutcome, complete_on, complete_reception, reception, record_reception};

// The hub's stored codes decode straight from their rows; an unknown value is an error.
crate::stored_code!(
    crate::hub::RoundKind,
    crate::hub::rounds::StopStatus,
    crate::hub::rounds::Located,
    crate::hub::rounds::SupplyMode,
    crate::hub::ShortageRule,
    crate::hub::Vehicle,
);
