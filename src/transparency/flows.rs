//! Value chains for public decision-makers: over a period, what went from the producers of a
//! commune, by product category, through the hub to each destination (a pickup point's
//! commune, a delivery zone): kilograms, euros, the distance the goods travelled to the hub,
//! and the share of supply produced near the hub.
//!
//! Pure: the flows of each delivered cycle are stored by `store` with its figures; this
//! module reads a period, adds them up and draws nothing (the page draws).

use chrono::{Duration, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

/// The longest period one view adds up: a year (a leap one included).
pub const MAX_DAYS: i64 = 366;
/// "Local" supply: produced within these distances of the hub, by road, in km.
pub const LOCAL_KM: [i64; 2] = [50, 100];
/// The diagram names this many origins and destinations; the others are added up as one.
pub const DRAWN: usize = 6;

/// One stored flow of one cycle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flow {
    pub cycle_id: i64,
    pub producer_id: i64,
    pub producer_town: String,
    /// The producer's road distance to the hub, in metres, when both are placed.
    pub producer_m: Option<i64>,
    pub category: String,
    pub destination: String,
    pub grams: i64,
    pub cents: i64,
    pub households: i64,
}

/// A commune, a category or a destination with what went through it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    pub name: String,
    pub grams: i64,
    pub cents: i64,
}

/// The period's value chains.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueChains {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub cycles: i64,
    pub grams: i64,
    pub cents: i64,
    /// Grams produced within each of [`LOCAL_KM`] of the hub.
    pub local_grams: [i64; 2],
    /// Grams whose producer or hub is not placed (distance unknown).
    pub unplaced_grams: i64,
    /// Metres driven to bring the goods to the hub: one return trip per producer and cycle.
    pub supply_m: i64,
    /// Heaviest first.
    pub origins: Vec<Part>,
    pub categories: Vec<Part>,
    pub destinations: Vec<Part>,
    /// (origin, destination, grams) between the drawn origins and destinations, "others"
    /// gathering the rest: what the diagram draws.
    pub links: Vec<(String, String, i64)>,
}

/// The period asked for: `from` and `to` as typed (ISO dates), the last twelve months when
/// both are empty; at most [`MAX_DAYS`] days, `from` not after `to`.
pub fn parse_period(from: &str, to: &str, today: NaiveDate) -> Result<(NaiveDate, NaiveDate), Msg> {
    let date = |raw: &str| NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d").map_err(|_| Msg::ErrPeriod);
    // Twelve months ending on `to`, both ends included.
    let year_to = |to: NaiveDate| {
        to.checked_sub_months(Months::new(12))
            .map(|d| (d + Duration::days(1), to))
            .ok_or(Msg::ErrPeriod)
    };
    let (from, to) = match (from.trim(), to.trim()) {
        ("", "") => year_to(today)?,
        ("", t) => year_to(date(t)?)?,
        (f, "") => {
            let from = date(f)?;
            let year_on = from.checked_add_months(Months::new(12)).ok_or(Msg::ErrPeriod)? - Duration::days(1);
            (from, year_on.min(today.max(from)))
        }
        (f, t) => (date(f)?, date(t)?),
    };
    if from > to || (to - from).num_days() >= MAX_DAYS {
        return Err(Msg::ErrPeriod);
    }
    Ok((from, to))
}

/// The commune of a pickup point's address ("12 rue Pierre Legrand, 59800 Lille" → "Lille"):
/// what follows its postcode, else the whole address's last part.
pub fn commune_of(address: &str) -> String {
    let words: Vec<&str> = address.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    match words
        .iter()
        .rposition(|w| w.len() == 5 && w.bytes().all(|b| b.is_ascii_digit()))
    {
        Some(i) if i + 1 < words.len() => words[i + 1..].join(" "),
        _ => address.rsplit(',').next().unwrap_or(address).trim().to_owned(),
    }
}

fn parts(flows: &[Flow], key: impl Fn(&Flow) -> &str) -> Vec<Part> {
    let mut by: std::collections::BTreeMap<&str, Part> = std::collections::BTreeMap::new();
    for f in flows {
        let k = key(f);
        let part = by.entry(k).or_insert_with(|| Part {
            name: k.to_owned(),
            ..Part::default()
        });
        part.grams += f.grams;
        part.cents += f.cents;
    }
    let mut parts: Vec<Part> = by.into_values().collect();
    parts.sort_by(|a, b| b.grams.cmp(&a.grams).then_with(|| a.name.cmp(&b.name)));
    parts
}

/// Adds up a period's flows. `others` names what the diagram gathers beyond [`DRAWN`].
pub fn add_up(flows: &[Flow], others: &str) -> ValueChains {
    let origins = parts(flows, |f| &f.producer_town);
    let destinations = parts(flows, |f| &f.destination);
    let drawn = |parts: &[Part], name: &str| -> String {
        if parts.iter().take(DRAWN).any(|p| p.name == name) {
            name.to_owned()
        } else {
            others.to_owned()
        }
    };
    let mut links: std::collections::BTreeMap<(String, String), i64> = std::collections::BTreeMap::new();
    for f in flows {
        let key = (drawn(&origins, &f.producer_town), drawn(&destinations, &f.destination));
        *links.entry(key).or_default() += f.grams;
    }
    let mut trips: std::collections::BTreeMap<(i64, i64), i64> = std::collections::BTreeMap::new();
    let mut cycles = std::collections::BTreeSet::new();
    let (mut local_grams, mut unplaced_grams) = ([0; 2], 0);
    for f in flows {
        cycles.insert(f.cycle_id);
        match f.producer_m {
            Some(m) => {
                trips.insert((f.cycle_id, f.producer_id), m);
                for (i, km) in LOCAL_KM.iter().enumerate() {
                    if m <= km * 1000 {
                        local_grams[i] += f.grams;
                    }
                }
            }
            None => unplaced_grams += f.grams,
        }
    }
    ValueChains {
        from: None,
        to: None,
        cycles: cycles.len() as i64,
        grams: flows.iter().map(|f| f.grams).sum(),
        cents: flows.iter().map(|f| f.cents).sum(),
        local_grams,
        unplaced_grams,
        supply_m: trips.values().map(|m| 2 * m).sum(),
        categories: parts(flows, |f| &f.category),
        origins,
        destinations,
        links: links.into_iter().map(|((o, d), g)| (o, d, g)).collect(),
    }
}

/// Per thousand, rounded: how the page and the open data write a share.
pub fn per_mille(part: i64, whole: i64) -> i64 {
    if whole <= 0 {
        0
    } else {
        ((part as i128 * 1000 + whole as i128 / 2) / whole as i128) as i64
    }
}

/// One row of the value chains' open data: a year's flow from the producers of one commune,
/// of one category, to one destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenFlow {
    pub year: i32,
    pub origin: String,
    pub category: String,
    pub destination: String,
    pub grams: i64,
    pub cents: i64,
    /// Deliveries to households the row adds up (a household served in two cycles counts twice).
    pub households: i64,
}

/// The rows that may be published. A row over fewer than [`super::MIN_HOUSEHOLDS`] household
/// deliveries is held back; and in each year, if what is held back adds up to fewer than that
/// (but not none), the smallest published rows are held back too until it does: otherwise
/// the difference between a total and the published rows would give the small one away.
pub fn publishable(mut rows: Vec<OpenFlow>) -> Vec<OpenFlow> {
    let min = super::MIN_HOUSEHOLDS;
    rows.sort_by(|a, b| {
        (b.year, a.households, &a.origin, &a.category, &a.destination).cmp(&(
            a.year,
            b.households,
            &b.origin,
            &b.category,
            &b.destination,
        ))
    });
    let mut kept = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let year = rows[i].year;
        let end = rows[i..]
            .iter()
            .position(|r| r.year != year)
            .map_or(rows.len(), |n| i + n);
        // Smallest first within the year.
        let year_rows = &rows[i..end];
        let mut held: i64 = 0;
        let mut first_kept = 0;
        for (n, r) in year_rows.iter().enumerate() {
            if r.households < min || (held > 0 && held < min) {
                held += r.households;
                first_kept = n + 1;
            } else {
                break;
            }
        }
        kept.extend(year_rows[first_kept..].iter().cloned());
        i = end;
    }
    kept.sort_by(|a, b| {
        (b.year, b.grams, &a.origin, &a.category, &a.destination).cmp(&(
            a.year,
            a.grams,
            &b.origin,
            &b.category,
            &b.destination,
        ))
    });
    kept
}

/// The columns of the value chains' CSV, in order.
pub const OPEN_COLUMNS: [&str; 7] = [
    "annee",
    "commune_producteurs",
    "categorie",
    "destination",
    "kg_livres",
    "ventes_ttc_eur",
    "livraisons_foyers",
];

/// The value chains' open data as CSV (formula-safe cells, dots for decimals).
#[cfg(feature = "ssr")]
pub fn open_csv(rows: &[OpenFlow]) -> String {
    let mut w = crate::spreadsheet::CsvWriter::new();
    w.row(OPEN_COLUMNS.iter().map(|c| (*c).to_owned()));
    for r in rows {
        w.row([
            r.year.to_string(),
            r.origin.clone(),
            r.category.clone(),
            r.destination.clone(),
            format!("{}.{:03}", r.grams / 1000, r.grams % 1000),
            format!("{}.{:02}", r.cents / 100, r.cents % 100),
            r.households.to_string(),
        ]);
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_is_a_year_at_most_and_defaults_to_the_last_twelve_months() {
        let today = d("2026-12-07");
        assert_eq!(parse_period("", "", today), Ok((d("2025-12-08"), today)));
        assert_eq!(
            parse_period("2024-03-01", "2025-02-28", today),
            Ok((d("2024-03-01"), d("2025-02-28"))),
            "a leap year's twelve months"
        );
        assert_eq!(
            parse_period("2026-01-01", "2026-03-31", today),
            Ok((d("2026-01-01"), d("2026-03-31")))
        );
        assert_eq!(parse_period("2026-06-01", "", today), Ok((d("2026-06-01"), today)));
        assert_eq!(
            parse_period("", "2026-06-30", today),
            Ok((d("2025-07-01"), d("2026-06-30")))
        );
        for (f, t) in [
            ("2026-03-01", "2026-02-01"),
            ("2024-01-01", "2026-01-01"),
            ("01/02/2026", ""),
            ("x", "y"),
        ] {
            assert_eq!(parse_period(f, t, today), Err(Msg::ErrPeriod), "{f} {t}");
        }
    }

    #[test]
    fn a_pickup_point_is_placed_in_its_commune() {
        assert_eq!(commune_of("12 rue Pierre Legrand, 59800 Lille"), "Lille");
        assert_eq!(
            commune_of("3 place du Marché 59650 Villeneuve d'Ascq"),
            "Villeneuve d'Ascq"
        );
        assert_eq!(commune_of("Ferme du Bois, Wambrechies"), "Wambrechies");
    }

    fn flow(cycle: i64, producer: i64, town: &str, m: Option<i64>, category: &str, to: &str, grams: i64) -> Flow {
        Flow {
            cycle_id: cycle,
            producer_id: producer,
            producer_town: town.into(),
            producer_m: m,
            category: category.into(),
            destination: to.into(),
            grams,
            cents: grams / 10,
            households: 1,
        }
    }

    #[test]
    fn flows_add_up_by_commune_category_and_destination() {
        let flows = vec![
            flow(1, 10, "Wambrechies", Some(8_000), "legumes", "Lille", 30_000),
            flow(1, 10, "Wambrechies", Some(8_000), "oeufs", "Lille", 5_000),
            flow(1, 11, "Arras", Some(60_000), "fruits", "Roubaix", 10_000),
            flow(2, 10, "Wambrechies", Some(8_000), "legumes", "Roubaix", 20_000),
            flow(2, 12, "Nulle part", None, "pain", "Lille", 1_000),
        ];
        let v = add_up(&flows, "autres");
        assert_eq!((v.cycles, v.grams, v.cents), (2, 66_000, 6_600));
        assert_eq!(v.local_grams, [55_000, 65_000]);
        assert_eq!(v.unplaced_grams, 1_000);
        // One return trip per producer and cycle: 2 × (8 + 60) km in cycle 1, 2 × 8 in cycle 2.
        assert_eq!(v.supply_m, 2 * (8_000 + 60_000) + 2 * 8_000);
        assert_eq!(
            v.origins[0],
            Part {
                name: "Wambrechies".into(),
                grams: 55_000,
                cents: 5_500
            }
        );
        assert_eq!(v.categories[0].name, "legumes");
        assert_eq!(v.destinations.iter().map(|p| p.grams).sum::<i64>(), v.grams);
        assert_eq!(v.links.iter().map(|l| l.2).sum::<i64>(), v.grams);
        assert!(v.links.contains(&("Arras".into(), "Roubaix".into(), 10_000)));
        assert_eq!(per_mille(v.local_grams[0], v.grams), 833);
        assert_eq!(per_mille(1, 0), 0);
    }

    #[test]
    fn beyond_the_drawn_ones_origins_are_gathered() {
        let flows: Vec<Flow> = (0..9)
            .map(|i| {
                flow(
                    1,
                    i,
                    &format!("Commune {i}"),
                    Some(1_000),
                    "legumes",
                    "Lille",
                    1_000 * (i + 1),
                )
            })
            .collect();
        let v = add_up(&flows, "autres");
        assert_eq!(v.origins.len(), 9);
        let others: i64 = v.links.iter().filter(|l| l.0 == "autres").map(|l| l.2).sum();
        assert_eq!(others, 1_000 + 2_000 + 3_000, "the three lightest");
        assert_eq!(v.links.len(), DRAWN + 1);
    }

    fn open(year: i32, origin: &str, households: i64) -> OpenFlow {
        OpenFlow {
            year,
            origin: origin.into(),
            category: "legumes".into(),
            destination: "Lille".into(),
            grams: households * 1_000,
            cents: households * 250,
            households,
        }
    }

    #[test]
    fn small_rows_are_held_back_and_so_is_what_would_give_them_away() {
        // 2026: a row of 3 is held back; 3 < 5, so the next smallest (6) goes too.
        // 2025: rows of 2 and 4 held back add up to 6: enough, nothing else goes.
        let rows = vec![
            open(2026, "A", 3),
            open(2026, "B", 6),
            open(2026, "C", 40),
            open(2025, "D", 2),
            open(2025, "E", 4),
            open(2025, "F", 9),
            open(2024, "G", 12),
        ];
        let kept: Vec<(i32, String)> = publishable(rows).into_iter().map(|r| (r.year, r.origin)).collect();
        assert_eq!(kept, [(2026, "C".into()), (2025, "F".into()), (2024, "G".into())]);
        // A year of small rows only publishes nothing.
        assert!(publishable(vec![open(2026, "A", 1), open(2026, "B", 4)]).is_empty());
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_csv_writes_kilograms_and_euros_with_dots_and_neutralises_formulas() {
        let mut row = open(2026, "=HYPERLINK(\"x\")", 7);
        row.grams = 12_345;
        row.cents = 1_005;
        let csv = open_csv(&[row]);
        let mut lines = csv.trim_start_matches('\u{feff}').lines();
        assert_eq!(lines.next().unwrap(), OPEN_COLUMNS.join(";"));
        let line = lines.next().unwrap();
        assert!(line.contains(";12.345;10.05;7"), "{line}");
        assert!(!line.contains(";=HYPERLINK"), "{line}");
    }
}
