//! Invoices in Postgres: issued when a cycle is delivered, read by their buyer and the board,
//! cancelled by a credit note. `ledger::store` is the only writer of `invoices`,
//! `invoice_lines`, `invoice_counters` and `billing_identities`.

mod identity;
mod issue;
mod read;

pub use identity::{identity, set_identity};
pub use issue::{cancel, issue_for_cycle};
pub use read::{PER_PAGE, invoice, invoice_xml, invoices, order_invoices};

crate::stored_code!(super::Kind);
