//! Consolidation: one purchase order per producer, saying what to bring for the cycle, in
//! whole cases where the tolerance allows and loose units otherwise.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;
use crate::orders::Pricing;

use super::shortage::Claim;

/// One line of a confirmed order, as the hub needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub order_id: i64,
    pub variant_id: i64,
    pub producer_id: i64,
    /// Packagings (three 500 g bags = 3). Lines at zero or below bring nothing and are skipped.
    pub quantity: i64,
    /// A shopkeeper's order: pro prices, whole cases.
    pub pro: bool,
    pub case_size: i32,
    pub unit_price_cents: i64,
    /// Weight of one packaging.
    pub weight_grams: i32,
    pub placed_at: DateTime<Utc>,
}

impl OrderLine {
    pub fn pricing(&self) -> Pricing {
        if self.pro { Pricing::Pro } else { Pricing::Retail }
    }

    /// This line's claim on its variant when the producer brings too little.
    pub fn claim(&self) -> Claim {
        Claim {
            order_id: self.order_id,
            quantity: self.quantity,
            step: crate::orders::step(self.pricing(), self.case_size),
            placed_at: self.placed_at,
        }
    }
}

/// When the units left over after whole cases are rounded up to one more case.
///
/// Producers prefer whole cases (they are packed that way and travel better) but a case
/// brought for two units leaves the hub with unsold produce. The cooperative picks the share
/// of a case from which a partly filled case becomes a whole one; below it the units come
/// loose. 0 always rounds up, 100 never does (loose units are always less than a case).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseTolerance {
    pub round_up_from_percent: u8,
}

impl Default for CaseTolerance {
    /// Three quarters: the surplus is then at most a quarter of a case, which the hub can sell
    /// at its counter, while a half-empty case is not worth carrying.
    fn default() -> Self {
        CaseTolerance {
            round_up_from_percent: 75,
        }
    }
}

impl CaseTolerance {
    pub const NEVER: CaseTolerance = CaseTolerance {
        round_up_from_percent: 100,
    };

    fn percent(self) -> i64 {
        i64::from(self.round_up_from_percent.min(100))
    }

    /// Whether `loose` units (less than a case) are brought as one more whole case.
    pub fn rounds_up(self, loose: i64, case_size: i64) -> bool {
        loose > 0 && loose < case_size && loose * 100 >= self.percent() * case_size
    }

    /// The rule in words, for the purchase order screen and the producer's email.
    pub fn describe(self, locale: Locale) -> String {
        match (self.percent(), locale) {
            (0, Locale::Fr) => {
                "Les unités qui ne remplissent pas un colis sont toujours arrondies à un colis entier ; \
                 le surplus figure sur le bon de commande. Les commandes des commerçants sont déjà en colis entiers."
                    .to_owned()
            }
            (0, Locale::En) => "Units that do not fill a case are always rounded up to a whole case; the surplus is \
                 shown on the purchase order. Shopkeepers' orders are already in whole cases."
                .to_owned(),
            (100, Locale::Fr) => "Les colis ne sont jamais arrondis : ce qui ne remplit pas un colis entier est \
                 apporté en vrac. Les commandes des commerçants sont déjà en colis entiers."
                .to_owned(),
            (100, Locale::En) => "Cases are never rounded up: whatever does not fill a whole case comes loose. \
                 Shopkeepers' orders are already in whole cases."
                .to_owned(),
            (p, Locale::Fr) => format!(
                "Quand les commandes d'une déclinaison laissent un colis rempli à au moins {p} %, le producteur \
                 apporte un colis entier et le surplus figure sur le bon de commande ; en dessous, les unités \
                 manquantes sont apportées en vrac. Les commandes des commerçants sont déjà en colis entiers."
            ),
            (p, Locale::En) => format!(
                "When a variant's orders leave a case at least {p}% full, the producer brings a whole case and the \
                 surplus is shown on the purchase order; below that, the remaining units come loose. \
                 Shopkeepers' orders are already in whole cases."
            ),
        }
    }
}

/// What a producer brings of one variant.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseLine {
    pub variant_id: i64,
    pub case_size: i32,
    /// Units the orders ask for.
    pub ordered_units: i64,
    /// Of which ordered by shopkeepers (whole cases).
    pub pro_units: i64,
    pub cases: i64,
    pub loose_units: i64,
    /// Units brought beyond what was ordered, because a partly filled case was rounded up.
    pub surplus_units: i64,
    /// Weight of what is brought, surplus included: it is what the round carries.
    pub weight_grams: i64,
    /// Value of the ordered units at the prices on the orders (the surplus has no buyer yet).
    pub amount_cents: i64,
    pub line_count: i64,
}

impl PurchaseLine {
    pub fn brought_units(&self) -> i64 {
        self.cases * i64::from(self.case_size) + self.loose_units
    }
}

/// What one producer must bring for the cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PurchaseOrder {
    pub producer_id: i64,
    /// By variant id.
    pub lines: Vec<PurchaseLine>,
    pub ordered_units: i64,
    pub brought_units: i64,
    pub surplus_units: i64,
    pub weight_grams: i64,
    pub amount_cents: i64,
}

impl PurchaseOrder {
    pub fn weight_kg(&self) -> f64 {
        self.weight_grams as f64 / 1000.0
    }
}

#[derive(Default)]
struct Sums {
    case_size: i64,
    weight_grams: i64,
    ordered: i64,
    pro: i64,
    amount_cents: i64,
    lines: i64,
}

/// One purchase order per producer, by producer id, each with one line per variant.
///
/// Ordered units of a variant are pooled (shopkeepers' whole cases and residents' units
/// alike), split into whole cases and loose units, and the loose units rounded up to a case
/// when `tolerance` says so. Lines of one variant should agree on case size and weight; if
/// they do not (the variant changed during the cycle), the largest is used so that the load
/// is never under-estimated.
pub fn consolidate(lines: &[OrderLine], tolerance: CaseTolerance) -> Vec<PurchaseOrder> {
    let mut sums: HashMap<(i64, i64), Sums> = HashMap::new();
    for line in lines.iter().filter(|l| l.quantity > 0) {
        let s = sums.entry((line.producer_id, line.variant_id)).or_default();
        s.case_size = s.case_size.max(i64::from(line.case_size.max(1)));
        s.weight_grams = s.weight_grams.max(i64::from(line.weight_grams.max(0)));
        s.ordered += line.quantity;
        if line.pro {
            s.pro += line.quantity;
        }
        s.amount_cents += line.quantity * line.unit_price_cents;
        s.lines += 1;
    }
    let mut keyed: Vec<((i64, i64), Sums)> = sums.into_iter().collect();
    keyed.sort_unstable_by_key(|(key, _)| *key);

    let mut orders: Vec<PurchaseOrder> = Vec::new();
    for ((producer_id, variant_id), s) in keyed {
        let mut cases = s.ordered / s.case_size;
        let mut loose = s.ordered % s.case_size;
        let mut surplus = 0;
        if tolerance.rounds_up(loose, s.case_size) {
            cases += 1;
            surplus = s.case_size - loose;
            loose = 0;
        }
        let brought = cases * s.case_size + loose;
        let line = PurchaseLine {
            variant_id,
            // Came from an i32 clamped to at least 1.
            case_size: s.case_size as i32,
            ordered_units: s.ordered,
            pro_units: s.pro,
            cases,
            loose_units: loose,
            surplus_units: surplus,
            weight_grams: brought * s.weight_grams,
            amount_cents: s.amount_cents,
            line_count: s.lines,
        };
        if orders.last().is_none_or(|po| po.producer_id != producer_id) {
            orders.push(PurchaseOrder {
                producer_id,
                lines: Vec::new(),
                ordered_units: 0,
                brought_units: 0,
                surplus_units: 0,
                weight_grams: 0,
                amount_cents: 0,
            });
        }
        let po = orders.last_mut().expect("pushed just above when missing");
        po.ordered_units += line.ordered_units;
        po.brought_units += brought;
        po.surplus_units += line.surplus_units;
        po.weight_grams += line.weight_grams;
        po.amount_cents += line.amount_cents;
        po.lines.push(line);
    }
    orders
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(minute: u32) -> DateTime<Utc> {
        format!("2026-11-24T10:{minute:02}:00Z").parse().unwrap()
    }

    #[allow(clippy::too_many_arguments)]
    fn line(order: i64, producer: i64, variant: i64, qty: i64, pro: bool, case: i32, price: i64, g: i32) -> OrderLine {
        OrderLine {
            order_id: order,
            variant_id: variant,
            producer_id: producer,
            quantity: qty,
            pro,
            case_size: case,
            unit_price_cents: price,
            weight_grams: g,
            placed_at: at(order as u32),
        }
    }

    fn summary(po: &PurchaseOrder) -> Vec<(i64, i64, i64, i64, i64)> {
        po.lines
            .iter()
            .map(|l| (l.variant_id, l.ordered_units, l.cases, l.loose_units, l.surplus_units))
            .collect()
    }

    #[test]
    fn units_are_pooled_into_cases_and_loose_units() {
        // Apples in cases of 6 at 1 kg: a shopkeeper's two cases plus 5 residents' units.
        let lines = [
            line(1, 7, 10, 12, true, 6, 280, 1000),
            line(2, 7, 10, 3, false, 6, 350, 1000),
            line(3, 7, 10, 2, false, 6, 350, 1000),
        ];
        let pos = consolidate(&lines, CaseTolerance::NEVER);
        assert_eq!(pos.len(), 1);
        assert_eq!(summary(&pos[0]), [(10, 17, 2, 5, 0)]);
        assert_eq!(pos[0].lines[0].pro_units, 12);
        assert_eq!(pos[0].lines[0].brought_units(), 17);
        assert_eq!(pos[0].amount_cents, 12 * 280 + 5 * 350);
        assert_eq!(pos[0].weight_grams, 17_000);
    }

    #[test]
    fn loose_units_become_a_case_from_the_tolerance_on() {
        let five_of_six = [line(1, 7, 10, 11, false, 6, 100, 500)];
        // 5 loose out of 6 is 83 %.
        let up = consolidate(
            &five_of_six,
            CaseTolerance {
                round_up_from_percent: 80,
            },
        );
        assert_eq!(summary(&up[0]), [(10, 11, 2, 0, 1)]);
        assert_eq!(up[0].brought_units, 12);
        assert_eq!(up[0].surplus_units, 1);
        assert_eq!(up[0].weight_grams, 6_000, "the surplus travels too");
        assert_eq!(up[0].amount_cents, 1_100, "the surplus has no buyer yet");
        let loose = consolidate(
            &five_of_six,
            CaseTolerance {
                round_up_from_percent: 84,
            },
        );
        assert_eq!(summary(&loose[0]), [(10, 11, 1, 5, 0)]);

        // Exactly at the threshold rounds up: 3 of 4 is 75 %.
        let three_of_four = [line(1, 7, 10, 3, false, 4, 100, 0)];
        assert_eq!(
            summary(&consolidate(&three_of_four, CaseTolerance::default())[0]),
            [(10, 3, 1, 0, 1)]
        );
        let always = CaseTolerance {
            round_up_from_percent: 0,
        };
        assert_eq!(
            summary(&consolidate(&[line(1, 7, 10, 1, false, 12, 100, 0)], always)[0]),
            [(10, 1, 1, 0, 11)]
        );
        // Whole cases and single units never round.
        assert_eq!(
            summary(&consolidate(&[line(1, 7, 10, 12, true, 6, 100, 0)], always)[0]),
            [(10, 12, 2, 0, 0)]
        );
        assert_eq!(
            summary(&consolidate(&[line(1, 7, 10, 5, false, 1, 100, 0)], always)[0]),
            [(10, 5, 5, 0, 0)]
        );
        assert!(
            !CaseTolerance {
                round_up_from_percent: 250
            }
            .rounds_up(5, 6)
        );
    }

    #[test]
    fn one_purchase_order_per_producer_in_a_fixed_order() {
        let lines = [
            line(1, 9, 30, 2, false, 1, 500, 250),
            line(1, 7, 11, 1, false, 10, 200, 100),
            line(2, 7, 10, 4, false, 4, 300, 1000),
            line(3, 9, 30, 1, false, 1, 500, 250),
            line(3, 7, 11, 0, false, 10, 200, 100),
            line(4, 7, 11, 3, false, 10, 200, 100),
        ];
        let pos = consolidate(&lines, CaseTolerance::NEVER);
        let producers: Vec<_> = pos.iter().map(|po| po.producer_id).collect();
        assert_eq!(producers, [7, 9]);
        assert_eq!(summary(&pos[0]), [(10, 4, 1, 0, 0), (11, 4, 0, 4, 0)]);
        assert_eq!(pos[0].lines[1].line_count, 2, "the empty line is skipped");
        assert_eq!(
            (
                pos[0].ordered_units,
                pos[0].brought_units,
                pos[0].weight_grams,
                pos[0].amount_cents
            ),
            (8, 8, 4_400, 1_200 + 800)
        );
        assert_eq!(pos[0].weight_kg(), 4.4);
        assert_eq!(summary(&pos[1]), [(30, 3, 3, 0, 0)]);
        assert_eq!((pos[1].weight_grams, pos[1].amount_cents), (750, 1_500));

        let mut reversed = lines.to_vec();
        reversed.reverse();
        assert_eq!(consolidate(&reversed, CaseTolerance::NEVER), pos);
        assert!(consolidate(&[], CaseTolerance::default()).is_empty());
    }

    #[test]
    fn shopkeepers_claim_whole_cases() {
        let pro = line(1, 7, 10, 12, true, 6, 280, 1000);
        assert_eq!(pro.claim().step, 6);
        assert_eq!(line(2, 7, 10, 3, false, 6, 350, 1000).claim().step, 1);
        assert_eq!(pro.claim().quantity, 12);
    }

    #[test]
    fn the_tolerance_is_explained_in_both_languages() {
        let t = CaseTolerance::default();
        assert!(t.describe(Locale::Fr).contains("75 %"));
        assert!(t.describe(Locale::En).contains("75%"));
        assert!(CaseTolerance::NEVER.describe(Locale::Fr).contains("jamais"));
        assert!(
            CaseTolerance {
                round_up_from_percent: 0
            }
            .describe(Locale::En)
            .contains("always")
        );
    }
}
