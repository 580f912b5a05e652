//! Times the hub's consolidation and packing lists on a synthetic cycle of 20,000 orders.
//!
//! cargo run --release -p maillon --example bench_hub [orders]
//!
//! The data are generated with a fixed seed (8 producers, 40 variants, 3 pickup points with
//! 4 slots each, 1–5 lines per order, one order in ten from a shopkeeper in whole cases), so
//! every run times the same work. Each step runs 5 times; best and median are printed.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use maillon::hub::{
    CaseTolerance, Claim, OrderForPacking, OrderLine, ShortageRule, allocate, by_customer, by_place, by_product,
    consolidate,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

const PRODUCERS: i64 = 8;
const VARIANTS: i64 = 40;
const PLACES: [&str; 3] = ["Hub Fives", "Épicerie Wazemmes", "Boulangerie Moulins"];
const SLOTS_PER_PLACE: i64 = 4;
const RUNS: usize = 5;

struct Variant {
    producer_id: i64,
    case_size: i32,
    retail_cents: i64,
    pro_cents: i64,
    weight_grams: i32,
}

fn generate(orders: usize, rng: &mut StdRng) -> (Vec<OrderLine>, Vec<OrderForPacking>) {
    let variants: Vec<Variant> = (0..VARIANTS)
        .map(|v| {
            let retail_cents = rng.gen_range(150..1500);
            Variant {
                producer_id: v % PRODUCERS + 1,
                case_size: [1, 6, 10, 12][rng.gen_range(0..4)],
                retail_cents,
                pro_cents: retail_cents * 8 / 10,
                weight_grams: rng.gen_range(100..2000),
            }
        })
        .collect();
    let surnames = [
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
        "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
    ];
    let closes: DateTime<Utc> = "2026-11-26T19:00:00Z".parse().expect("a valid date");
    let first_slot: DateTime<Utc> = "2026-11-28T08:00:00Z".parse().expect("a valid date");
    let mut lines = Vec::with_capacity(orders * 3);
    let mut packing = Vec::with_capacity(orders);
    for n in 0..orders {
        let order_id = n as i64 + 1;
        let pro = rng.gen_bool(0.1);
        let placed_at = closes - TimeDelta::seconds(rng.gen_range(0..3 * 24 * 3600));
        let place = rng.gen_range(0..PLACES.len());
        let slot = rng.gen_range(0..SLOTS_PER_PLACE);
        packing.push(OrderForPacking {
            order_id,
            customer_name: format!("{} {}", surnames[rng.gen_range(0..surnames.len())], order_id),
            place_name: PLACES[place].to_owned(),
            address: String::new(),
            slot_start: first_slot + TimeDelta::hours(2 * slot),
        });
        for _ in 0..rng.gen_range(1..=5) {
            let variant_id = rng.gen_range(0..VARIANTS);
            let v = &variants[variant_id as usize];
            let quantity = if pro {
                i64::from(v.case_size) * rng.gen_range(1..=3)
            } else {
                rng.gen_range(1..=4)
            };
            lines.push(OrderLine {
                order_id,
                variant_id: variant_id + 1,
                producer_id: v.producer_id,
                quantity,
                pro,
                case_size: v.case_size,
                unit_price_cents: if pro { v.pro_cents } else { v.retail_cents },
                weight_grams: v.weight_grams,
                placed_at,
            });
        }
    }
    (lines, packing)
}

fn time<T>(mut f: impl FnMut() -> T) -> (Duration, Duration) {
    let mut runs: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            black_box(f());
            start.elapsed()
        })
        .collect();
    runs.sort();
    (runs[0], runs[RUNS / 2])
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

fn main() {
    let orders: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let mut rng = StdRng::seed_from_u64(48);
    let (lines, packing) = generate(orders, &mut rng);
    println!(
        "{orders} orders, {} lines, {PRODUCERS} producers, {VARIANTS} variants, {} places; {RUNS} runs each\n",
        lines.len(),
        PLACES.len()
    );

    // One shortage per variant (a tenth missing), to time allocation at the same scale.
    let mut claims: HashMap<i64, Vec<Claim>> = HashMap::new();
    for line in &lines {
        claims.entry(line.variant_id).or_default().push(line.claim());
    }
    let short: Vec<(i64, Vec<Claim>)> = claims
        .into_values()
        .map(|c| (c.iter().map(|c| c.quantity).sum::<i64>() * 9 / 10, c))
        .collect();

    let tolerance = CaseTolerance::default();
    let rows = [
        ("consolidate", time(|| consolidate(&lines, tolerance).len())),
        ("by_customer", time(|| by_customer(&lines, &packing).map(|b| b.len()))),
        ("by_place", time(|| by_place(&lines, &packing).map(|p| p.len()))),
        ("by_product", time(|| by_product(&lines, &packing).map(|p| p.len()))),
        (
            "allocate, pro rata (40 variants)",
            time(|| {
                short
                    .iter()
                    .map(|(received, c)| allocate(*received, c, ShortageRule::ProRata).len())
                    .sum::<usize>()
            }),
        ),
    ];
    let all_four = time(|| {
        (
            consolidate(&lines, tolerance).len(),
            by_customer(&lines, &packing).map(|b| b.len()),
            by_place(&lines, &packing).map(|p| p.len()),
            by_product(&lines, &packing).map(|p| p.len()),
        )
    });

    println!("| step | best (ms) | median (ms) |");
    println!("|---|---|---|");
    for (name, (best, median)) in rows {
        println!("| {name} | {} | {} |", ms(best), ms(median));
    }
    println!(
        "| consolidate + the three packing lists | {} | {} |",
        ms(all_four.0),
        ms(all_four.1)
    );
}
