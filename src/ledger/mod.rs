//! Money the members can check: invoices numbered without gaps with their e-invoice XML, and
//! producers' payout statements paid by SEPA transfer (ARCHITECTURE.md, "Ledger").
//!
//! The pure rules live here and in the files beside: an invoice's arithmetic and number
//! (`invoice`), the cooperative's legal identity and its form (`identity`), the EN 16931
//! Cross-Industry-Invoice XML (`cii`), a producer's payout statement (`payout`), bank details
//! (`bank`), the SEPA transfer file (`sepa`), the year's accounts (`report`) and returns
//! after delivery (`returns`). `store` (ssr
//! only) issues, reads and cancels invoices, draws up statements and batches their transfers.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

pub mod bank;
pub mod cii;
pub mod identity;
pub mod invoice;
pub mod payout;
pub mod report;
pub mod returns;
pub mod sepa;

#[cfg(feature = "ssr")]
pub mod store;

pub use identity::{Identity, parse_identity};
pub use invoice::{Line, LineInput, Number, Totals, VatBreakdown, totals};

/// An invoice, or the credit note (avoir) that cancels one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    Invoice,
    CreditNote,
}

impl Kind {
    pub fn code(&self) -> &'static str {
        match self {
            Kind::Invoice => "invoice",
            Kind::CreditNote => "credit_note",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        match code {
            "invoice" => Some(Kind::Invoice),
            "credit_note" => Some(Kind::CreditNote),
            _ => None,
        }
    }

    /// The UN/CEFACT document type code: 380 commercial invoice, 381 credit note.
    pub fn type_code(&self) -> &'static str {
        match self {
            Kind::Invoice => "380",
            Kind::CreditNote => "381",
        }
    }
}

/// Another document of the same sequence this one refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    pub id: i64,
    pub number: Number,
    pub issued_on: NaiveDate,
}

/// An issued invoice or credit note, as printed and as its XML states it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceView {
    pub id: i64,
    pub number: Number,
    pub kind: Kind,
    pub order_id: i64,
    pub issued_at: DateTime<Utc>,
    /// The day of issue in the cooperative's time zone.
    pub issued_on: NaiveDate,
    /// The day the goods were delivered (the cycle's delivery).
    pub sale_date: NaiveDate,
    /// The invoice a credit note cancels, or corrects when `partial` (a return).
    pub cancels: Option<DocumentRef>,
    pub partial: bool,
    /// The credit note that cancelled this invoice.
    pub cancelled_by: Option<DocumentRef>,
    pub reason: String,
    pub seller: Identity,
    pub buyer_name: String,
    pub buyer_address: String,
    pub buyer_siren: String,
    /// A business buyer (a shop buying at trade prices): B2B mentions and the XML.
    pub business: bool,
    /// Paid by card with the order; else paid when the basket is handed over.
    pub paid_by_card: bool,
    pub totals: Totals,
}

/// The payment terms as a French invoice states them (the XML's), with the B2B mentions of the
/// Code de commerce (L441-10) for a business buyer.
pub fn payment_terms_fr(invoice: &InvoiceView) -> &'static str {
    match (invoice.paid_by_card, invoice.business) {
        (true, false) => "Payée par carte bancaire à la commande.",
        (false, false) => "Payable au retrait du panier.",
        (true, true) => {
            "Payée par carte bancaire à la commande. Pas d'escompte pour paiement anticipé. Pénalités de retard : \
             trois fois le taux d'intérêt légal ; indemnité forfaitaire pour frais de recouvrement : 40 €."
        }
        (false, true) => {
            "Payable au retrait du panier. Pas d'escompte pour paiement anticipé. Pénalités de retard : trois fois \
             le taux d'intérêt légal ; indemnité forfaitaire pour frais de recouvrement : 40 €."
        }
    }
}

/// An invoice in a list: the order's, the board's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvoiceSummary {
    pub id: i64,
    pub year: i32,
    pub number: i32,
    pub kind: Kind,
    pub order_id: i64,
    pub issued_at: DateTime<Utc>,
    pub buyer_name: String,
    pub total_cents: i64,
    pub business: bool,
    pub cancelled: bool,
}

impl InvoiceSummary {
    pub fn number(&self) -> Number {
        Number {
            year: self.year,
            number: self.number,
        }
    }
}

/// Where a producer is paid.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankAccount {
    pub holder: String,
    pub iban: String,
    pub bic: String,
}

/// A payout statement in a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutSummary {
    pub id: i64,
    pub cycle_name: String,
    pub farm_name: String,
    pub payout_cents: i64,
    pub created_at: DateTime<Utc>,
    pub paid_at: Option<DateTime<Utc>>,
    pub batch_id: Option<i64>,
    pub has_bank_account: bool,
}

/// A payout statement whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutView {
    pub id: i64,
    pub producer_id: i64,
    pub cycle_name: String,
    pub farm_name: String,
    pub statement: payout::Statement,
    /// Returns after delivery deducted from this statement, and their total.
    pub returns: Vec<returns::ReturnView>,
    pub returns_cents: i64,
    pub created_at: DateTime<Utc>,
    pub batch_id: Option<i64>,
    pub paid_at: Option<DateTime<Utc>>,
}

/// A batch of SEPA transfers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    pub id: i64,
    pub created_at: DateTime<Utc>,
    pub execution_date: NaiveDate,
    pub total_cents: i64,
    pub count: i64,
    pub paid_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests;
