//! Shortages: when a producer brings less of a variant than was ordered, who gets what, and
//! what each order is refunded.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap, HashMap};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::i18n::Locale;

/// One order's claim on a variant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Claim {
    pub order_id: i64,
    pub quantity: i64,
    /// 1, or the case size for a shopkeeper's order that must stay in whole cases.
    pub step: i64,
    pub placed_at: DateTime<Utc>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ShortageRule {
    /// Orders are served in the order they were placed.
    EarliestFirst,
    /// Everyone gets the same share of what they ordered.
    ProRata,
}

impl ShortageRule {
    pub const ALL: [ShortageRule; 2] = [ShortageRule::EarliestFirst, ShortageRule::ProRata];

    pub fn code(self) -> &'static str {
        match self {
            ShortageRule::EarliestFirst => "earliest_first",
            ShortageRule::ProRata => "pro_rata",
        }
    }

    pub fn parse(code: &str) -> Option<ShortageRule> {
        ShortageRule::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The rule's short name, distinct from the other's at a glance.
    pub fn label(self) -> crate::i18n::Msg {
        match self {
            ShortageRule::EarliestFirst => crate::i18n::Msg::ShortageRuleEarliestLabel,
            ShortageRule::ProRata => crate::i18n::Msg::ShortageRuleProRataLabel,
        }
    }

    /// The rule in words, for the hub screen and the shortage email.
    pub fn explain(self, locale: Locale) -> &'static str {
        match (self, locale) {
            (ShortageRule::EarliestFirst, Locale::Fr) => {
                "Quand un produit manque, les commandes sont servies dans l'ordre où elles ont été passées : les \
                 premières reçoivent tout, la suivante ce qui reste, les dernières rien. Un commerçant reçoit des \
                 colis entiers tant que possible. Ce qui manque est remboursé au prix payé."
            }
            (ShortageRule::EarliestFirst, Locale::En) => {
                "When a product is short, orders are served in the order they were placed: the first ones get \
                 everything, the next one what is left, the last ones nothing. Shopkeepers get whole cases \
                 whenever possible. Whatever is missing is refunded at the price paid."
            }
            (ShortageRule::ProRata, Locale::Fr) => {
                "Quand un produit manque, chaque commande reçoit la même part de ce qu'elle a demandé, arrondie à \
                 l'unité ; les unités restantes vont aux parts les plus proches de l'unité suivante, puis aux \
                 commandes les plus anciennes. Un commerçant reçoit des colis entiers tant que possible. Ce qui \
                 manque est remboursé au prix payé."
            }
            (ShortageRule::ProRata, Locale::En) => {
                "When a product is short, every order gets the same share of what it asked for, rounded to whole \
                 units; the units left over go to the shares closest to the next unit, then to the earliest \
                 orders. Shopkeepers get whole cases whenever possible. Whatever is missing is refunded at the \
                 price paid."
            }
        }
    }
}

/// [`ShortageRule::explain`], for callers that hold the rule as a value.
pub fn explain(rule: ShortageRule, locale: Locale) -> &'static str {
    rule.explain(locale)
}

/// What one claim receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Allocation {
    pub order_id: i64,
    pub claimed: i64,
    pub allocated: i64,
}

impl Allocation {
    pub fn missing(&self) -> i64 {
        self.claimed - self.allocated
    }
}

/// Shares `received` units of one variant among `claims`: one allocation per claim, in the
/// claims' order.
///
/// Whatever the rule, no more than received is handed out, every unit received goes to
/// somebody while somebody still lacks one, and nobody gets more than they claimed. Whole
/// cases (a claim's step) are kept whenever the units can go elsewhere; when they cannot, a
/// shopkeeper gets an incomplete case rather than units staying unallocated in the cold room.
/// Negative quantities count as zero.
pub fn allocate(received: i64, claims: &[Claim], rule: ShortageRule) -> Vec<Allocation> {
    let wanted: Vec<i64> = claims.iter().map(|c| c.quantity.max(0)).collect();
    let steps: Vec<i64> = claims.iter().map(|c| c.step.max(1)).collect();
    let total: i128 = wanted.iter().map(|&w| i128::from(w)).sum();
    let received = received.max(0);
    let given = if i128::from(received) >= total {
        wanted.clone()
    } else {
        match rule {
            ShortageRule::EarliestFirst => earliest_first(received, claims, &wanted, &steps),
            ShortageRule::ProRata => pro_rata(received, total, claims, &wanted, &steps),
        }
    };
    claims
        .iter()
        .zip(wanted)
        .zip(given)
        .map(|((c, claimed), allocated)| Allocation {
            order_id: c.order_id,
            claimed,
            allocated,
        })
        .collect()
}

/// Claim indices from the earliest placed, ties broken by order id then position so that the
/// result does not depend on how the database happened to return the rows.
fn by_seniority(claims: &[Claim]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_unstable_by_key(|&i| (claims[i].placed_at, claims[i].order_id, i));
    order
}

fn earliest_first(received: i64, claims: &[Claim], wanted: &[i64], steps: &[i64]) -> Vec<i64> {
    let order = by_seniority(claims);
    let mut given = vec![0; claims.len()];
    let mut left = received;
    for &i in &order {
        let give = if wanted[i] <= left {
            wanted[i]
        } else {
            left / steps[i] * steps[i]
        };
        given[i] = give;
        left -= give;
    }
    // Units left here mean every single-unit claim is full. Completing a case with units taken
    // back could only take from later claims (earlier ones keep their seniority), and those
    // hold less than the part of the case that is missing: nothing to repair.
    settle(left, &order, wanted, steps, &mut given, None);
    given
}

fn pro_rata(received: i64, total: i128, claims: &[Claim], wanted: &[i64], steps: &[i64]) -> Vec<i64> {
    // Exact shares are received × wanted / total; keeping them as numerators over `total`
    // compares remainders without rounding.
    let received_wide = i128::from(received);
    let numerators: Vec<i128> = wanted.iter().map(|&w| received_wide * i128::from(w)).collect();
    let mut given = vec![0; claims.len()];
    let mut remainders: Vec<i128> = vec![0; claims.len()];
    let mut left = received;
    for i in 0..claims.len() {
        let step = i128::from(steps[i]);
        let whole_steps = numerators[i] / (total * step);
        // At most the claim itself, which fits in an i64.
        given[i] = (whole_steps * step) as i64;
        remainders[i] = numerators[i] - whole_steps * step * total;
        left -= given[i];
    }
    let mut order: Vec<usize> = (0..claims.len()).collect();
    order.sort_unstable_by_key(|&i| (Reverse(remainders[i]), claims[i].placed_at, claims[i].order_id, i));
    // Each remainder is less than one step, so one more step per claim is all that can be due.
    for &i in &order {
        let more = steps[i].min(wanted[i] - given[i]);
        if more > 0 && more <= left {
            given[i] += more;
            left -= more;
        }
    }
    settle(left, &order, wanted, steps, &mut given, Some((&numerators, total)));
    given
}

/// Places the units whole steps could not, in `order` of priority. First to claims that take
/// single units; then, when exact shares are given (`shares`: numerators over a total), by
/// completing one more case with units taken back from single-unit claims, those furthest
/// above their share first; and only when neither works by breaking a case, so that no unit
/// stays in the cold room while somebody lacks it. Enough room always remains: the claims
/// together want more than was received.
fn settle(
    mut left: i64,
    order: &[usize],
    wanted: &[i64],
    steps: &[i64],
    given: &mut [i64],
    shares: Option<(&[i128], i128)>,
) {
    for &i in order.iter().filter(|&&i| steps[i] == 1) {
        let more = left.min(wanted[i] - given[i]);
        given[i] += more;
        left -= more;
    }
    if left == 0 {
        return;
    }
    if let Some((numerators, total)) = shares {
        let donatable: i64 = order.iter().filter(|&&i| steps[i] == 1).map(|&i| given[i]).sum();
        for &i in order.iter().filter(|&&i| steps[i] > 1) {
            let more = steps[i].min(wanted[i] - given[i]);
            if more == 0 {
                continue;
            }
            let need = more - left;
            if need <= 0 {
                given[i] += more;
                left -= more;
                if left == 0 {
                    return;
                }
                continue;
            }
            if need > donatable {
                continue;
            }
            take_back(need, order, steps, given, numerators, total);
            given[i] += more;
            return;
        }
    }
    top_up(left, order, wanted, given);
}

/// Takes `need` units back from single-unit claims, one at a time from whichever is furthest
/// above its exact share, the lowest priority first among equals.
fn take_back(mut need: i64, order: &[usize], steps: &[i64], given: &mut [i64], numerators: &[i128], total: i128) {
    let above_share = |i: usize, given: i64| i128::from(given) * total - numerators[i];
    let mut donors: BinaryHeap<(i128, usize, usize)> = order
        .iter()
        .enumerate()
        .filter(|&(_, &i)| steps[i] == 1 && given[i] > 0)
        .map(|(pos, &i)| (above_share(i, given[i]), pos, i))
        .collect();
    while need > 0 {
        let Some((_, pos, i)) = donors.pop() else {
            return;
        };
        given[i] -= 1;
        need -= 1;
        if given[i] > 0 {
            donors.push((above_share(i, given[i]), pos, i));
        }
    }
}

/// Hands out the last units one by one in `order`, breaking cases if it must.
fn top_up(mut left: i64, order: &[usize], wanted: &[i64], given: &mut [i64]) {
    for &i in order {
        if left == 0 {
            break;
        }
        let more = left.min(wanted[i] - given[i]);
        given[i] += more;
        left -= more;
    }
}

/// What one order is refunded for the units it did not receive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Refund {
    pub order_id: i64,
    pub missing_units: i64,
    pub refund_cents: i64,
}

/// An order short of units whose price the caller did not give.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("no unit price for order {0}")]
pub struct UnpricedOrder(pub i64);

/// One refund per order missing something, by order id: missing units times the unit price
/// the order paid (`unit_prices_cents`, by order id, for the variant allocated). Allocations
/// of the same order are added together.
pub fn shortage_refunds(
    allocations: &[Allocation],
    unit_prices_cents: &HashMap<i64, i64>,
) -> Result<Vec<Refund>, UnpricedOrder> {
    let mut refunds: BTreeMap<i64, Refund> = BTreeMap::new();
    for a in allocations.iter().filter(|a| a.missing() > 0) {
        let price = *unit_prices_cents.get(&a.order_id).ok_or(UnpricedOrder(a.order_id))?;
        let r = refunds.entry(a.order_id).or_insert(Refund {
            order_id: a.order_id,
            missing_units: 0,
            refund_cents: 0,
        });
        r.missing_units += a.missing();
        r.refund_cents += a.missing() * price;
    }
    Ok(refunds.into_values().collect())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn at(minute: u32) -> DateTime<Utc> {
        format!("2026-11-24T10:{minute:02}:00Z").parse().unwrap()
    }

    fn claim(order_id: i64, quantity: i64, step: i64, minute: u32) -> Claim {
        Claim {
            order_id,
            quantity,
            step,
            placed_at: at(minute),
        }
    }

    fn given(allocations: &[Allocation]) -> Vec<i64> {
        allocations.iter().map(|a| a.allocated).collect()
    }

    #[test]
    fn earliest_orders_are_served_first() {
        // Placed in the order 3, 1, 2.
        let claims = [claim(1, 4, 1, 5), claim(2, 3, 1, 9), claim(3, 5, 1, 1)];
        assert_eq!(given(&allocate(7, &claims, ShortageRule::EarliestFirst)), [2, 0, 5]);
        assert_eq!(given(&allocate(10, &claims, ShortageRule::EarliestFirst)), [4, 1, 5]);
        assert_eq!(given(&allocate(0, &claims, ShortageRule::EarliestFirst)), [0, 0, 0]);
        assert_eq!(given(&allocate(-3, &claims, ShortageRule::EarliestFirst)), [0, 0, 0]);
        assert_eq!(given(&allocate(50, &claims, ShortageRule::EarliestFirst)), [4, 3, 5]);
        // Same minute: the smaller order id was placed first.
        let tied = [claim(8, 2, 1, 0), claim(7, 2, 1, 0)];
        assert_eq!(given(&allocate(3, &tied, ShortageRule::EarliestFirst)), [1, 2]);
    }

    #[test]
    fn earliest_first_keeps_whole_cases_while_units_can_go_elsewhere() {
        // The shopkeeper (cases of 6) was first: 10 received give one case, the other 4 go on.
        let claims = [claim(1, 12, 6, 0), claim(2, 3, 1, 1), claim(3, 3, 1, 2)];
        assert_eq!(given(&allocate(10, &claims, ShortageRule::EarliestFirst)), [6, 3, 1]);
        // Nobody else can take the 4: the case is broken rather than units left over.
        let alone = [claim(1, 12, 6, 0)];
        assert_eq!(given(&allocate(10, &alone, ShortageRule::EarliestFirst)), [10]);
    }

    #[test]
    fn pro_rata_shares_by_largest_remainder() {
        // 10 for 4 + 6 + 10 = 20: exact shares 2, 3, 5.
        let claims = [claim(1, 4, 1, 0), claim(2, 6, 1, 1), claim(3, 10, 1, 2)];
        assert_eq!(given(&allocate(10, &claims, ShortageRule::ProRata)), [2, 3, 5]);
        // 7 for 5 + 3 + 2 = 10: shares 3.5, 2.1, 1.4 → floors 3, 2, 1 and one unit left,
        // which goes to the largest remainder (0.5).
        let claims = [claim(1, 5, 1, 0), claim(2, 3, 1, 1), claim(3, 2, 1, 2)];
        assert_eq!(given(&allocate(7, &claims, ShortageRule::ProRata)), [4, 2, 1]);
        // 2 for three claims of 1: equal remainders, the two earliest win.
        let claims = [claim(1, 1, 1, 9), claim(2, 1, 1, 3), claim(3, 1, 1, 5)];
        assert_eq!(given(&allocate(2, &claims, ShortageRule::ProRata)), [0, 1, 1]);
    }

    #[test]
    fn pro_rata_keeps_whole_cases_where_possible() {
        // 18 for a shopkeeper's 12 (cases of 6) and two residents' 6: shares 9, 4.5, 4.5.
        // Floors 6, 4, 4 leave 4, too few for a second case: the residents take them.
        let claims = [claim(1, 12, 6, 2), claim(2, 6, 1, 0), claim(3, 6, 1, 1)];
        assert_eq!(given(&allocate(18, &claims, ShortageRule::ProRata)), [6, 6, 6]);
        // 20: shares 10, 5, 5. Floors 6, 5, 5, then the residents' last unit each; the 2 left
        // cannot go anywhere whole, so the second case is completed with 4 units taken back,
        // evenly, from the residents now above their share.
        assert_eq!(given(&allocate(20, &claims, ShortageRule::ProRata)), [12, 4, 4]);
        // 5 for a case of 6 and a resident's 1: the resident is served, the case is broken.
        let claims = [claim(1, 6, 6, 0), claim(2, 1, 1, 1)];
        assert_eq!(given(&allocate(5, &claims, ShortageRule::ProRata)), [4, 1]);
    }

    #[test]
    fn refunds_are_missing_units_at_the_price_paid() {
        let claims = [claim(1, 5, 1, 0), claim(2, 3, 1, 1), claim(3, 2, 1, 2)];
        let allocations = allocate(7, &claims, ShortageRule::ProRata);
        let prices: HashMap<i64, i64> = [(1, 350), (2, 350), (3, 280)].into();
        let refunds = shortage_refunds(&allocations, &prices).unwrap();
        let summary: Vec<_> = refunds
            .iter()
            .map(|r| (r.order_id, r.missing_units, r.refund_cents))
            .collect();
        assert_eq!(summary, [(1, 1, 350), (2, 1, 350), (3, 1, 280)]);
        assert_eq!(
            shortage_refunds(&allocations, &[(1, 350)].into()),
            Err(UnpricedOrder(2))
        );
        // Nothing missing, nothing to price.
        assert_eq!(
            shortage_refunds(&allocate(10, &claims, ShortageRule::ProRata), &HashMap::new()),
            Ok(vec![])
        );
    }

    #[test]
    fn rules_have_codes_and_explanations() {
        for rule in ShortageRule::ALL {
            assert_eq!(ShortageRule::parse(rule.code()), Some(rule));
            for locale in Locale::ALL {
                assert!(!explain(rule, locale).is_empty());
            }
        }
        assert!(explain(ShortageRule::ProRata, Locale::Fr).contains("part"));
        assert!(explain(ShortageRule::EarliestFirst, Locale::En).contains("placed"));
    }

    fn claims_strategy() -> impl Strategy<Value = Vec<Claim>> {
        let one = (
            1i64..40,
            0i64..60,
            prop_oneof![Just(1i64), Just(1), Just(6), Just(12)],
            0u32..6,
            any::<bool>(),
        )
            .prop_map(|(order_id, n, step, minute, whole)| {
                // Shopkeepers' claims are usually whole cases, but stray quantities are kept
                // in to check the invariants hold regardless.
                let quantity = if whole { n / step * step } else { n };
                claim(order_id, quantity, step, minute)
            });
        prop::collection::vec(one, 0..25)
    }

    fn rule_strategy() -> impl Strategy<Value = ShortageRule> {
        prop_oneof![Just(ShortageRule::EarliestFirst), Just(ShortageRule::ProRata)]
    }

    proptest! {
        #[test]
        fn allocations_keep_the_invariants(
            claims in claims_strategy(),
            received in -5i64..800,
            rule in rule_strategy(),
        ) {
            let allocations = allocate(received, &claims, rule);
            let total: i64 = claims.iter().map(|c| c.quantity).sum();
            let handed: i64 = allocations.iter().map(|a| a.allocated).sum();
            prop_assert!(handed <= received.max(0));
            prop_assert_eq!(handed, received.max(0).min(total));
            prop_assert_eq!(allocations.len(), claims.len());
            for (a, c) in allocations.iter().zip(&claims) {
                prop_assert_eq!(a.order_id, c.order_id);
                prop_assert_eq!(a.claimed, c.quantity);
                prop_assert!(0 <= a.allocated && a.allocated <= c.quantity);
                if received >= total {
                    prop_assert_eq!(a.allocated, c.quantity);
                }
            }
        }

        #[test]
        fn unit_claims_get_their_share_rounded_down_or_up(
            quantities in prop::collection::vec(0i64..60, 1..25),
            received in 0i64..800,
        ) {
            let claims: Vec<Claim> =
                quantities.iter().enumerate().map(|(i, &q)| claim(i as i64, q, 1, (i % 3) as u32)).collect();
            let total: i64 = quantities.iter().sum();
            prop_assume!(total > 0);
            for a in allocate(received, &claims, ShortageRule::ProRata) {
                let shared = received.min(total) * a.claimed;
                let floor = shared / total;
                let ceil = floor + i64::from(shared % total != 0);
                prop_assert!(floor <= a.allocated && a.allocated <= ceil);
            }
        }

        #[test]
        fn earliest_first_serves_nobody_later_while_an_earlier_unit_claim_lacks(
            quantities in prop::collection::vec(0i64..60, 1..25),
            received in 0i64..800,
        ) {
            let claims: Vec<Claim> =
                quantities.iter().enumerate().map(|(i, &q)| claim(i as i64, q, 1, (i % 7) as u32)).collect();
            let allocations = allocate(received, &claims, ShortageRule::EarliestFirst);
            let mut seniority: Vec<usize> = (0..claims.len()).collect();
            seniority.sort_by_key(|&i| (claims[i].placed_at, claims[i].order_id));
            let mut someone_lacks = false;
            for i in seniority {
                if someone_lacks {
                    prop_assert_eq!(allocations[i].allocated, 0);
                }
                someone_lacks |= allocations[i].missing() > 0;
            }
        }

        #[test]
        fn whole_cases_stay_whole_when_residents_can_absorb_the_rest(
            cases in prop::collection::vec(0i64..5, 1..6),
            residents in prop::collection::vec(1i64..20, 1..10),
            received in 0i64..300,
            rule in rule_strategy(),
        ) {
            let mut claims: Vec<Claim> = cases.iter().enumerate().map(|(i, &n)| claim(i as i64, n * 6, 6, 0)).collect();
            claims.extend(residents.iter().enumerate().map(|(i, &n)| claim(100 + i as i64, n, 1, 3)));
            // Enough resident demand that the leftover of any broken case can go to them.
            claims.push(claim(99, 6 * cases.len() as i64, 1, 4));
            for (a, c) in allocate(received, &claims, rule).iter().zip(&claims) {
                prop_assert_eq!(a.allocated % c.step, 0);
            }
        }
    }
}
