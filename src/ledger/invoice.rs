//! An invoice's arithmetic and numbering, pure.
//!
//! Prices in Maillon include VAT (what the buyer pays). The rounding rule, stated on every
//! invoice: each line's amount before tax is its amount with tax × 10 000 / (10 000 + rate in
//! basis points), rounded half up to the cent; a rate's taxable base is the sum of its lines'
//! amounts before tax, and its VAT is its amount with tax minus that base. So the VAT per rate
//! and the bases always add up to exactly what the buyer paid.

use serde::{Deserialize, Serialize};

use crate::money::mul_div_round;

/// One line as it goes on an invoice: what was delivered, at the unit price paid.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineInput {
    pub description: String,
    pub quantity: i64,
    /// Unit price with VAT, in cents.
    pub unit_price_cents: i64,
    /// VAT rate in basis points (550 = 5.5 %).
    pub vat_bp: i32,
}

/// A line with its amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub description: String,
    pub quantity: i64,
    pub unit_price_cents: i64,
    pub vat_bp: i32,
    /// With VAT.
    pub total_cents: i64,
    /// Before VAT.
    pub total_ht_cents: i64,
}

impl Line {
    /// The unit price before VAT, to the hundredth of a cent (EN 16931 allows four decimals):
    /// what the XML states as the net price.
    pub fn unit_ht_centi_cents(&self) -> i64 {
        mul_div_round(self.unit_price_cents * 100, 10_000, 10_000 + i64::from(self.vat_bp))
    }
}

/// The VAT of one rate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VatBreakdown {
    pub vat_bp: i32,
    pub base_cents: i64,
    pub vat_cents: i64,
}

/// What an invoice adds up to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub lines: Vec<Line>,
    /// By rate, lowest first.
    pub vat: Vec<VatBreakdown>,
    pub total_ht_cents: i64,
    pub total_vat_cents: i64,
    pub total_cents: i64,
}

/// The amount before VAT of an amount with VAT, by the rule above.
pub fn before_tax(with_tax_cents: i64, vat_bp: i32) -> i64 {
    mul_div_round(with_tax_cents, 10_000, 10_000 + i64::from(vat_bp))
}

/// Lines with their amounts, the VAT per rate and the totals. Lines without quantity are left
/// out.
pub fn totals(inputs: &[LineInput]) -> Totals {
    let lines: Vec<Line> = inputs
        .iter()
        .filter(|l| l.quantity > 0)
        .map(|l| {
            let total = l.unit_price_cents * l.quantity;
            Line {
                description: l.description.clone(),
                quantity: l.quantity,
                unit_price_cents: l.unit_price_cents,
                vat_bp: l.vat_bp,
                total_cents: total,
                total_ht_cents: before_tax(total, l.vat_bp),
            }
        })
        .collect();
    totals_of_lines(lines)
}

/// The VAT per rate and the totals of lines already computed (an issued invoice's).
pub fn totals_of_lines(lines: Vec<Line>) -> Totals {
    let mut rates: Vec<i32> = lines.iter().map(|l| l.vat_bp).collect();
    rates.sort_unstable();
    rates.dedup();
    let vat: Vec<VatBreakdown> = rates
        .into_iter()
        .map(|rate| {
            let of_rate = lines.iter().filter(|l| l.vat_bp == rate);
            let base: i64 = of_rate.clone().map(|l| l.total_ht_cents).sum();
            let with_tax: i64 = of_rate.map(|l| l.total_cents).sum();
            VatBreakdown {
                vat_bp: rate,
                base_cents: base,
                vat_cents: with_tax - base,
            }
        })
        .collect();
    let total_ht_cents = vat.iter().map(|v| v.base_cents).sum();
    let total_vat_cents = vat.iter().map(|v| v.vat_cents).sum();
    Totals {
        total_cents: lines.iter().map(|l| l.total_cents).sum(),
        lines,
        vat,
        total_ht_cents,
        total_vat_cents,
    }
}

/// The rate a delivery fee takes: an accessory follows its principal, so the rate of the
/// largest part of the goods (by amount; the lower rate on a tie), or the standard rate when
/// there are no goods.
pub fn fee_rate(lines: &[LineInput]) -> i32 {
    let mut by_rate: Vec<(i32, i64)> = Vec::new();
    for l in lines.iter().filter(|l| l.quantity > 0) {
        match by_rate.iter_mut().find(|r| r.0 == l.vat_bp) {
            Some(r) => r.1 += l.unit_price_cents * l.quantity,
            None => by_rate.push((l.vat_bp, l.unit_price_cents * l.quantity)),
        }
    }
    by_rate
        .into_iter()
        .max_by_key(|&(rate, amount)| (amount, -rate))
        .map_or(STANDARD_RATE_BP, |r| r.0)
}

/// France's standard VAT rate.
pub const STANDARD_RATE_BP: i32 = 2000;

/// An invoice's number: its year and its place in the year, "2026-000042".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Number {
    pub year: i32,
    pub number: i32,
}

impl std::fmt::Display for Number {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}-{:06}", self.year, self.number)
    }
}

/// Whether nine digits are a valid SIREN (the Luhn key).
pub fn siren_is_valid(siren: &str) -> bool {
    siren.len() == 9 && siren.bytes().all(|b| b.is_ascii_digit()) && luhn(siren)
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The French intra-community VAT number of a SIREN: "FR", the key (12 + 3 × (SIREN mod 97))
/// mod 97 on two digits, then the SIREN.
pub fn vat_number_of(siren: &str) -> Option<String> {
    if !siren_is_valid(siren) {
        return None;
    }
    let n: u64 = siren.parse().ok()?;
    Some(format!("FR{:02}{siren}", (12 + 3 * (n % 97)) % 97))
}
