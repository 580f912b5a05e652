//! Quantities in a unit's smallest step and how people read them ("500 g", "Pot · 250 g").

use super::*;
use crate::i18n::{Locale, Msg};

/// The smallest step a unit is counted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Grams,
    Millilitres,
    Count,
}

impl Unit {
    pub fn measure(self) -> Measure {
        match self {
            Unit::Kg | Unit::G => Measure::Grams,
            Unit::L | Unit::Ml => Measure::Millilitres,
            Unit::Piece | Unit::Bunch => Measure::Count,
        }
    }

    /// The step quantities are typed in, e.g. "g" for a product sold by the kilo.
    pub fn step_label(self) -> Msg {
        match self.measure() {
            Measure::Grams => Msg::StepGrams,
            Measure::Millilitres => Msg::StepMillilitres,
            Measure::Count => match self {
                Unit::Bunch => Msg::StepBunches,
                _ => Msg::StepPieces,
            },
        }
    }

    /// Smallest steps in the unit the unit price is given per (1 kg, 1 L, 1 piece).
    pub(super) fn reference(self) -> i64 {
        match self.measure() {
            Measure::Grams | Measure::Millilitres => 1000,
            Measure::Count => 1,
        }
    }

    pub(super) fn per_label(self) -> Msg {
        match self.measure() {
            Measure::Grams => Msg::PerKg,
            Measure::Millilitres => Msg::PerLitre,
            Measure::Count => match self {
                Unit::Bunch => Msg::PerBunch,
                _ => Msg::PerPiece,
            },
        }
    }
}

/// A variant as everyone reads it, in the shop, carts, orders, packing lists and purchase
/// orders alike: its name with its quantity ("Pot · 250 g"), or the quantity alone when it has
/// no name ("500 g"). A name alone would hide the size the buyer pays for.
pub fn variant_name(name: &str, quantity: i64, unit: Unit, locale: Locale) -> String {
    let quantity = format_quantity(quantity, unit, locale);
    let name = name.trim();
    if name.is_empty() {
        quantity
    } else {
        format!("{name} · {quantity}")
    }
}

/// A product and one of its variants on one line: "Jus de pomme — Bouteille · 1 L".
pub fn line_label(product: &str, variant: &str) -> String {
    format!("{product} — {variant}")
}

/// A quantity in smallest steps, as people read it: "500 g", "1,5 kg", "75 cl", "6 pièces".
pub fn format_quantity(quantity: i64, unit: Unit, locale: Locale) -> String {
    let decimal = |value: i64, divisor: i64| {
        let whole = value / divisor;
        let rest = value % divisor;
        if rest == 0 {
            whole.to_string()
        } else {
            let digits = format!("{:0width$}", rest, width = (divisor as f64).log10() as usize);
            let sep = if locale == Locale::Fr { "," } else { "." };
            format!("{whole}{sep}{}", digits.trim_end_matches('0'))
        }
    };
    match unit.measure() {
        Measure::Grams if quantity >= 1000 => format!("{} kg", decimal(quantity, 1000)),
        Measure::Grams => format!("{quantity} g"),
        Measure::Millilitres if quantity >= 1000 => format!("{} L", decimal(quantity, 1000)),
        Measure::Millilitres if quantity % 10 == 0 => format!("{} cl", quantity / 10),
        Measure::Millilitres => format!("{quantity} ml"),
        Measure::Count => {
            let msg = match (unit, quantity) {
                (Unit::Bunch, 1) => Msg::QtyBunch,
                (Unit::Bunch, _) => Msg::QtyBunches,
                (_, 1) => Msg::QtyPiece,
                _ => Msg::QtyPieces,
            };
            msg.fill(locale, &[("n", &quantity.to_string())])
        }
    }
}
