//! Invoices and payout statements in Postgres: drawn up when a cycle is delivered, read by
//! their buyer or producer and the board; an invoice cancelled by a credit note, statements
//! paid in SEPA batches. `ledger::store` is the only writer of its tables (`invoices`,
//! `invoice_lines`, `invoice_counters`, `billing_identities`, `payouts`, `payout_lines`,
//! `payout_batches`, `bank_accounts`, `order_returns`).

mod identity;
mod issue;
mod payouts;
mod read;
mod report;
mod returns;

pub use identity::{identity, set_identity};
pub use issue::{cancel, issue_for_cycle};
pub use payouts::{
    bank_account, batch_file, batches, create_batch, draw_up_for_cycle, give_margin_share, mark_batch_paid, my_payouts,
    payout, payouts, set_bank_account,
};
pub use read::{PER_PAGE, invoice, invoice_xml, invoices, order_invoices};
pub use report::{corrections, cycle_money, report};
pub use returns::{RETURNS_PER_PAGE, ReturnRequest, order_returns, recent_returns, record_return, returns_of_order};

crate::stored_code!(super::Kind);
