//! Packing lists: what goes into each basket, grouped the three ways the cold room works —
//! basket by basket, place by place (crates per pickup point or round), and product by product
//! (how many to pick and where each goes).
//!
//! Give the lines after shortage allocation: the quantities are what is actually packed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::consolidation::OrderLine;

/// What packing needs to know about an order beyond its lines.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderForPacking {
    pub order_id: i64,
    pub customer_name: String,
    /// The pickup point, or the delivery round for home deliveries.
    pub place_name: String,
    /// The delivery address of a home delivery ("" for a pickup), printed on its label.
    pub address: String,
    pub slot_start: DateTime<Utc>,
}

/// One variant in a basket, the order's lines of it added together.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackingLine {
    pub producer_id: i64,
    pub variant_id: i64,
    pub quantity: i64,
    pub weight_grams: i64,
}

/// One order's basket.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Basket {
    pub order_id: i64,
    pub customer_name: String,
    pub place_name: String,
    /// The delivery address of a home delivery ("" for a pickup).
    pub address: String,
    pub slot_start: DateTime<Utc>,
    /// By producer then variant, as the goods are shelved after reception.
    pub lines: Vec<PackingLine>,
    pub line_count: i64,
    pub units: i64,
    pub weight_grams: i64,
}

/// The baskets for one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceList {
    pub place_name: String,
    /// By slot, then customer.
    pub baskets: Vec<Basket>,
    pub order_count: i64,
    pub line_count: i64,
    pub units: i64,
    pub weight_grams: i64,
}

/// How many of a variant go to one place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceQuantity {
    pub place_name: String,
    pub units: i64,
    pub line_count: i64,
}

/// One variant to pick, and where it goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductList {
    pub producer_id: i64,
    pub variant_id: i64,
    pub line_count: i64,
    pub units: i64,
    pub weight_grams: i64,
    /// By place name, as in [`by_place`].
    pub places: Vec<PlaceQuantity>,
}

/// Lines and orders that do not match: packing from them would silently drop goods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PackingError {
    #[error("order {0} has lines but was not given")]
    UnknownOrder(i64),
    #[error("order {0} was given twice")]
    DuplicateOrder(i64),
}

fn index_orders(orders: &[OrderForPacking]) -> Result<HashMap<i64, usize>, PackingError> {
    let mut index = HashMap::with_capacity(orders.len());
    for (i, o) in orders.iter().enumerate() {
        if index.insert(o.order_id, i).is_some() {
            return Err(PackingError::DuplicateOrder(o.order_id));
        }
    }
    Ok(index)
}

fn line_weight(line: &OrderLine) -> i64 {
    line.quantity * i64::from(line.weight_grams.max(0))
}

/// Every order's basket, orders without lines included (everything they asked for was
/// short: staff should still see them), sorted by the baskets' own key.
fn baskets(lines: &[OrderLine], orders: &[OrderForPacking]) -> Result<Vec<Basket>, PackingError> {
    let index = index_orders(orders)?;
    let mut baskets: Vec<Basket> = orders
        .iter()
        .map(|o| Basket {
            order_id: o.order_id,
            customer_name: o.customer_name.clone(),
            place_name: o.place_name.clone(),
            address: o.address.clone(),
            slot_start: o.slot_start,
            lines: Vec::new(),
            line_count: 0,
            units: 0,
            weight_grams: 0,
        })
        .collect();
    for line in lines.iter().filter(|l| l.quantity > 0) {
        let &i = index
            .get(&line.order_id)
            .ok_or(PackingError::UnknownOrder(line.order_id))?;
        baskets[i].lines.push(PackingLine {
            producer_id: line.producer_id,
            variant_id: line.variant_id,
            quantity: line.quantity,
            weight_grams: line_weight(line),
        });
    }
    for basket in &mut baskets {
        basket.lines.sort_unstable_by_key(|l| (l.producer_id, l.variant_id));
        basket.lines.dedup_by(|later, kept| {
            let same = (later.producer_id, later.variant_id) == (kept.producer_id, kept.variant_id);
            if same {
                kept.quantity += later.quantity;
                kept.weight_grams += later.weight_grams;
            }
            same
        });
        basket.line_count = basket.lines.len() as i64;
        basket.units = basket.lines.iter().map(|l| l.quantity).sum();
        basket.weight_grams = basket.lines.iter().map(|l| l.weight_grams).sum();
    }
    Ok(baskets)
}

/// Names sort as a French reader expects, without regard to case or accents ("Épicerie"
/// before "Hub", "de Vries" beside "Dupont"); the exact name, then ids, settle ties. Full
/// collation would need ICU tables, too heavy for the wasm bundle.
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' | 'å' => key.push('a'),
            'é' | 'è' | 'ê' | 'ë' => key.push('e'),
            'î' | 'ï' | 'í' | 'ì' => key.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => key.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => key.push('u'),
            'ÿ' | 'ý' => key.push('y'),
            'ç' => key.push('c'),
            'ñ' => key.push('n'),
            'œ' => key.push_str("oe"),
            'æ' => key.push_str("ae"),
            c => key.push(c),
        }
    }
    key
}

/// One basket per order, by customer name, then slot, then order id.
pub fn by_customer(lines: &[OrderLine], orders: &[OrderForPacking]) -> Result<Vec<Basket>, PackingError> {
    let mut baskets = baskets(lines, orders)?;
    baskets.sort_by_cached_key(|b| {
        (
            name_key(&b.customer_name),
            b.customer_name.clone(),
            b.slot_start,
            b.order_id,
        )
    });
    Ok(baskets)
}

/// The baskets grouped by place (by name, as for customers), each place's baskets by slot, then customer.
pub fn by_place(lines: &[OrderLine], orders: &[OrderForPacking]) -> Result<Vec<PlaceList>, PackingError> {
    let mut baskets = baskets(lines, orders)?;
    baskets.sort_by_cached_key(|b| {
        (
            name_key(&b.place_name),
            b.place_name.clone(),
            b.slot_start,
            name_key(&b.customer_name),
            b.customer_name.clone(),
            b.order_id,
        )
    });
    let mut places: Vec<PlaceList> = Vec::new();
    for basket in baskets {
        if places.last().is_none_or(|p| p.place_name != basket.place_name) {
            places.push(PlaceList {
                place_name: basket.place_name.clone(),
                baskets: Vec::new(),
                order_count: 0,
                line_count: 0,
                units: 0,
                weight_grams: 0,
            });
        }
        let place = places.last_mut().expect("pushed just above when missing");
        place.order_count += 1;
        place.line_count += basket.line_count;
        place.units += basket.units;
        place.weight_grams += basket.weight_grams;
        place.baskets.push(basket);
    }
    Ok(places)
}

#[derive(Default)]
struct ProductSums {
    line_count: i64,
    units: i64,
    weight_grams: i64,
    /// By place index: (units, lines).
    places: HashMap<usize, (i64, i64)>,
}

/// One entry per variant, by producer then variant, with how many go to each place.
pub fn by_product(lines: &[OrderLine], orders: &[OrderForPacking]) -> Result<Vec<ProductList>, PackingError> {
    let index = index_orders(orders)?;
    // Places are compared by index while summing: hashing a name per line would dominate.
    let mut place_ids: HashMap<&str, usize> = HashMap::new();
    let mut place_names: Vec<&str> = Vec::new();
    let order_place: Vec<usize> = orders
        .iter()
        .map(|o| {
            *place_ids.entry(o.place_name.as_str()).or_insert_with(|| {
                place_names.push(o.place_name.as_str());
                place_names.len() - 1
            })
        })
        .collect();
    let mut sums: HashMap<(i64, i64), ProductSums> = HashMap::new();
    for line in lines.iter().filter(|l| l.quantity > 0) {
        let &i = index
            .get(&line.order_id)
            .ok_or(PackingError::UnknownOrder(line.order_id))?;
        let s = sums.entry((line.producer_id, line.variant_id)).or_default();
        s.line_count += 1;
        s.units += line.quantity;
        s.weight_grams += line_weight(line);
        let at = s.places.entry(order_place[i]).or_default();
        at.0 += line.quantity;
        at.1 += 1;
    }
    let mut products: Vec<ProductList> = sums
        .into_iter()
        .map(|((producer_id, variant_id), s)| {
            let mut places: Vec<PlaceQuantity> = s
                .places
                .into_iter()
                .map(|(place, (units, line_count))| PlaceQuantity {
                    place_name: place_names[place].to_owned(),
                    units,
                    line_count,
                })
                .collect();
            places.sort_by_cached_key(|p| (name_key(&p.place_name), p.place_name.clone()));
            ProductList {
                producer_id,
                variant_id,
                line_count: s.line_count,
                units: s.units,
                weight_grams: s.weight_grams,
                places,
            }
        })
        .collect();
    products.sort_unstable_by_key(|p| (p.producer_id, p.variant_id));
    Ok(products)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(hour: u32) -> DateTime<Utc> {
        format!("2026-11-27T{hour:02}:00:00Z").parse().unwrap()
    }

    fn line(order_id: i64, producer_id: i64, variant_id: i64, quantity: i64, weight_grams: i32) -> OrderLine {
        OrderLine {
            order_id,
            variant_id,
            producer_id,
            quantity,
            pro: false,
            case_size: 1,
            unit_price_cents: 100,
            weight_grams,
            placed_at: at(8),
        }
    }

    fn order(order_id: i64, customer: &str, place: &str, hour: u32) -> OrderForPacking {
        OrderForPacking {
            order_id,
            customer_name: customer.into(),
            place_name: place.into(),
            address: String::new(),
            slot_start: at(hour),
        }
    }

    fn fixture() -> (Vec<OrderLine>, Vec<OrderForPacking>) {
        let orders = vec![
            order(1, "Zoé Martin", "Épicerie Wazemmes", 17),
            order(2, "amine Benali", "Hub", 16),
            order(3, "Claire Dubois", "Hub", 17),
            order(4, "Claire Dubois", "Hub", 16),
            order(5, "Bruno Petit", "Épicerie Wazemmes", 17),
        ];
        let lines = vec![
            line(1, 7, 10, 2, 1000),
            line(1, 3, 40, 1, 250),
            line(1, 7, 10, 1, 1000),
            line(2, 7, 10, 1, 1000),
            line(3, 3, 40, 4, 250),
            line(4, 7, 11, 0, 500),
            line(5, 7, 11, 3, 500),
        ];
        (lines, orders)
    }

    #[test]
    fn baskets_sort_by_customer_and_merge_repeated_variants() {
        let (lines, orders) = fixture();
        let baskets = by_customer(&lines, &orders).unwrap();
        let ids: Vec<_> = baskets.iter().map(|b| b.order_id).collect();
        assert_eq!(ids, [2, 5, 4, 3, 1], "case-blind names, then slot");
        assert!(name_key("Émile Œuvray") < name_key("Fabrice") && name_key("Ça") < name_key("Cb"));
        let zoe = &baskets[4];
        let zoe_lines: Vec<_> = zoe
            .lines
            .iter()
            .map(|l| (l.producer_id, l.variant_id, l.quantity))
            .collect();
        assert_eq!(zoe_lines, [(3, 40, 1), (7, 10, 3)]);
        assert_eq!((zoe.line_count, zoe.units, zoe.weight_grams), (2, 4, 3_250));
        let empty = &baskets[2];
        assert_eq!(
            (empty.order_id, empty.line_count, empty.units),
            (4, 0, 0),
            "all short, still listed"
        );
    }

    #[test]
    fn places_hold_their_baskets_by_slot() {
        let (lines, orders) = fixture();
        let places = by_place(&lines, &orders).unwrap();
        let summary: Vec<_> = places
            .iter()
            .map(|p| {
                let ids: Vec<_> = p.baskets.iter().map(|b| b.order_id).collect();
                (
                    p.place_name.as_str(),
                    ids,
                    p.order_count,
                    p.line_count,
                    p.units,
                    p.weight_grams,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                ("Épicerie Wazemmes", vec![5, 1], 2, 3, 7, 4_750),
                ("Hub", vec![2, 4, 3], 3, 2, 5, 2_000),
            ]
        );
    }

    #[test]
    fn products_say_how_many_go_where() {
        let (lines, orders) = fixture();
        let products = by_product(&lines, &orders).unwrap();
        let summary: Vec<_> = products
            .iter()
            .map(|p| {
                let places: Vec<_> = p
                    .places
                    .iter()
                    .map(|q| (q.place_name.as_str(), q.units, q.line_count))
                    .collect();
                (
                    p.producer_id,
                    p.variant_id,
                    p.line_count,
                    p.units,
                    p.weight_grams,
                    places,
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                (3, 40, 2, 5, 1_250, vec![("Épicerie Wazemmes", 1, 1), ("Hub", 4, 1)]),
                (7, 10, 3, 4, 4_000, vec![("Épicerie Wazemmes", 3, 2), ("Hub", 1, 1)]),
                (7, 11, 1, 3, 1_500, vec![("Épicerie Wazemmes", 3, 1)]),
            ]
        );
    }

    #[test]
    fn mismatched_orders_are_refused() {
        let (mut lines, mut orders) = fixture();
        lines.push(line(99, 7, 10, 1, 0));
        assert_eq!(by_customer(&lines, &orders), Err(PackingError::UnknownOrder(99)));
        assert_eq!(by_product(&lines, &orders), Err(PackingError::UnknownOrder(99)));
        lines.pop();
        orders.push(order(3, "Claire Dubois", "Hub", 17));
        assert_eq!(by_place(&lines, &orders), Err(PackingError::DuplicateOrder(3)));
    }

    #[test]
    fn the_input_order_does_not_matter() {
        let (mut lines, mut orders) = fixture();
        let (customers, places, products) = (
            by_customer(&lines, &orders).unwrap(),
            by_place(&lines, &orders).unwrap(),
            by_product(&lines, &orders).unwrap(),
        );
        lines.reverse();
        orders.reverse();
        assert_eq!(by_customer(&lines, &orders).unwrap(), customers);
        assert_eq!(by_place(&lines, &orders).unwrap(), places);
        assert_eq!(by_product(&lines, &orders).unwrap(), products);
    }
}
