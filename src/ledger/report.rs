//! The accounts of a year for the board and the accountant, pure: per delivered cycle and for
//! the year, turnover with and without VAT, VAT per rate, the producers' share (their
//! statements), the hub's and the solidarity fund's (their parts of the price split, from the
//! same statements) and the cooperative's (its margin and delivery fees), credit notes
//! deducted; and their CSV.

use serde::{Deserialize, Serialize};

use super::invoice::VatBreakdown;
#[cfg(feature = "ssr")]
use crate::money::cents_to_decimal;

/// One cycle's (or the year's) figures, credit notes deducted.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub invoices: i64,
    pub credit_notes: i64,
    /// With VAT: what buyers paid.
    pub turnover_cents: i64,
    pub vat_cents: i64,
    /// Without VAT.
    pub turnover_ht_cents: i64,
    /// What the producers' statements pay them.
    pub producers_cents: i64,
    /// The hub's logistics share on the statements.
    pub hub_cents: i64,
    /// The solidarity contribution on the statements (given to the fund at delivery).
    pub solidarity_cents: i64,
    /// What stays with the cooperative: turnover without VAT less the producers', the hub's
    /// and the fund's shares (its margin, the delivery fees, less credit notes).
    pub cooperative_cents: i64,
}

/// A delivered cycle's line of the report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleFigures {
    pub cycle_id: i64,
    pub name: String,
    pub figures: Figures,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub year: i32,
    pub cycles: Vec<CycleFigures>,
    pub year_figures: Figures,
    /// The year's VAT per rate, credit notes deducted.
    pub vat: Vec<VatBreakdown>,
    /// The solidarity fund's movements of the year, summed by kind: what came in (round-ups,
    /// donations, the margin share, discounts given back) and what went out (discounts paid).
    pub fund: Vec<(crate::solidarity::FundKind, i64)>,
}

impl Report {
    /// What came into the solidarity fund in the year, and what went out (a positive amount).
    pub fn fund_in_out(&self) -> (i64, i64) {
        let into = self.fund.iter().map(|(_, c)| (*c).max(0)).sum();
        let out = self.fund.iter().map(|(_, c)| (-*c).max(0)).sum();
        (into, out)
    }
}

impl Figures {
    /// The cooperative's share once the rest is known.
    pub fn settle(mut self) -> Figures {
        self.cooperative_cents = self.turnover_ht_cents - self.producers_cents - self.hub_cents - self.solidarity_cents;
        self
    }

    fn add(&mut self, other: &Figures) {
        self.invoices += other.invoices;
        self.credit_notes += other.credit_notes;
        self.turnover_cents += other.turnover_cents;
        self.vat_cents += other.vat_cents;
        self.turnover_ht_cents += other.turnover_ht_cents;
        self.producers_cents += other.producers_cents;
        self.hub_cents += other.hub_cents;
        self.solidarity_cents += other.solidarity_cents;
        self.cooperative_cents += other.cooperative_cents;
    }
}

/// The report of `year` from its cycles' figures (each settled) and its VAT per rate.
pub fn report(
    year: i32,
    cycles: Vec<CycleFigures>,
    vat: Vec<VatBreakdown>,
    fund: Vec<(crate::solidarity::FundKind, i64)>,
) -> Report {
    let mut total = Figures::default();
    for c in &cycles {
        total.add(&c.figures);
    }
    Report {
        year,
        cycles,
        year_figures: total,
        vat,
        fund,
    }
}

#[cfg(feature = "ssr")]
/// The report as a spreadsheet for the accountant: one row per cycle, the year's total, then
/// one row per VAT rate. Amounts in euros with a point, every cell formula-safe.
pub fn report_csv(report: &Report) -> String {
    let mut csv = crate::spreadsheet::CsvWriter::new();
    csv.row([
        "cycle",
        "factures",
        "avoirs",
        "ca_ttc",
        "tva",
        "ca_ht",
        "part_producteurs",
        "part_hub",
        "part_solidarite",
        "part_cooperative",
    ]);
    let row = |csv: &mut crate::spreadsheet::CsvWriter, name: &str, f: &Figures| {
        csv.row([
            name.to_owned(),
            f.invoices.to_string(),
            f.credit_notes.to_string(),
            cents_to_decimal(f.turnover_cents),
            cents_to_decimal(f.vat_cents),
            cents_to_decimal(f.turnover_ht_cents),
            cents_to_decimal(f.producers_cents),
            cents_to_decimal(f.hub_cents),
            cents_to_decimal(f.solidarity_cents),
            cents_to_decimal(f.cooperative_cents),
        ]);
    };
    for c in &report.cycles {
        row(&mut csv, &c.name, &c.figures);
    }
    row(&mut csv, &format!("total {}", report.year), &report.year_figures);
    // The year's VAT per rate, in the same columns: the rate's VAT under "tva", its base
    // under "ca_ht".
    for v in &report.vat {
        csv.row([
            format!("tva {}.{:02} %", v.vat_bp / 100, v.vat_bp % 100),
            String::new(),
            String::new(),
            String::new(),
            cents_to_decimal(v.vat_cents),
            cents_to_decimal(v.base_cents),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    // The solidarity fund: one row per kind of movement, its amount under "ca_ttc" (money in
    // is positive, money out negative). It is not turnover: the rows say "fonds".
    for (kind, cents) in &report.fund {
        csv.row([
            format!("fonds de solidarite {}", kind.code()),
            String::new(),
            String::new(),
            cents_to_decimal(*cents),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    csv.finish()
}
