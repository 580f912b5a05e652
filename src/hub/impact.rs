//! Impact: the kilometres the hub's rounds drive and their emissions, against what the same
//! cycle would have cost if every producer delivered each customer, or every customer drove
//! to each farm.
//!
//! Distances without a road network: great-circle distance times a detour factor. Emission
//! factors are the French regulatory ones for transport (well-to-wheel), consumption figures
//! are stated assumptions; both are constants below so that the transparency page can quote
//! them.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::consolidation::OrderLine;
use crate::geo::{Point, haversine_km};

/// Roads are longer than the great circle. 1.3 is the usual rule of thumb for rural and
/// peri-urban France (road distance runs 1.2–1.4 times the straight line); the caller may
/// pass its own.
pub const DEFAULT_DETOUR_FACTOR: f64 = 1.3;

/// Road diesel (gazole routier), kgCO2e per litre, upstream 0.66 + combustion 2.51: annex of
/// the arrêté of 26 April 2017 applying décret n° 2017-639 on the greenhouse-gas information
/// owed for a transport service (Légifrance JORFARTI000034502756).
pub const DIESEL_KG_CO2E_PER_L: f64 = 3.17;

/// Electricity consumed in mainland France (Corsica excluded), kgCO2e per kWh, same annex.
pub const ELECTRICITY_FR_KG_CO2E_PER_KWH: f64 = 0.048;

/// Electrically assisted cargo bike with a 100–150 kg load: a 0.5–0.7 kWh battery lasts
/// 50–70 km, so about 0.01 kWh/km once charging losses are counted.
pub const CARGO_BIKE_KWH_PER_KM: f64 = 0.01;

/// Small electric van (Kangoo E-Tech, e-Berlingo class): about 0.18–0.20 kWh/km announced
/// (WLTP); 0.2 leaves room for charging losses and the cold.
pub const E_VAN_KWH_PER_KM: f64 = 0.2;

/// Diesel light commercial van (Trafic, Jumpy class) in mixed rural driving with stops:
/// 8–10 L/100 km, so 0.09 L/km.
pub const DIESEL_VAN_L_PER_KM: f64 = 0.09;

/// Private car on short trips to farms: 6.5 L/100 km, counted as diesel. Petrol (2.79 kgCO2e/L
/// in the same annex) would make the car about 12 % lighter; diesel is kept so that one fuel
/// factor covers both counterfactuals, and the difference is stated where the figures are
/// shown.
pub const CAR_L_PER_KM: f64 = 0.065;

/// A detour factor below 1 would make roads shorter than the straight line.
fn detour(factor: f64) -> f64 {
    factor.max(1.0)
}

/// Road km along `stops` in turn (put the start again at the end for a loop).
pub fn path_km(stops: &[Point], detour_factor: f64) -> f64 {
    stops.windows(2).map(|w| haversine_km(w[0], w[1])).sum::<f64>() * detour(detour_factor)
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub enum Energy {
    Electricity { kwh_per_km: f64 },
    Diesel { litres_per_km: f64 },
}

impl Energy {
    pub fn kg_co2e_per_km(self) -> f64 {
        match self {
            Energy::Electricity { kwh_per_km } => kwh_per_km * ELECTRICITY_FR_KG_CO2E_PER_KWH,
            Energy::Diesel { litres_per_km } => litres_per_km * DIESEL_KG_CO2E_PER_L,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Vehicle {
    CargoBike,
    ElectricVan,
    DieselVan,
    Car,
}

impl Vehicle {
    pub const ALL: [Vehicle; 4] = [
        Vehicle::CargoBike,
        Vehicle::ElectricVan,
        Vehicle::DieselVan,
        Vehicle::Car,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Vehicle::CargoBike => "cargo_bike",
            Vehicle::ElectricVan => "electric_van",
            Vehicle::DieselVan => "diesel_van",
            Vehicle::Car => "car",
        }
    }

    pub fn parse(code: &str) -> Option<Vehicle> {
        Vehicle::ALL.into_iter().find(|v| v.code() == code)
    }

    pub fn energy(self) -> Energy {
        match self {
            Vehicle::CargoBike => Energy::Electricity {
                kwh_per_km: CARGO_BIKE_KWH_PER_KM,
            },
            Vehicle::ElectricVan => Energy::Electricity {
                kwh_per_km: E_VAN_KWH_PER_KM,
            },
            Vehicle::DieselVan => Energy::Diesel {
                litres_per_km: DIESEL_VAN_L_PER_KM,
            },
            Vehicle::Car => Energy::Diesel {
                litres_per_km: CAR_L_PER_KM,
            },
        }
    }

    pub fn kg_co2e_per_km(self) -> f64 {
        self.energy().kg_co2e_per_km()
    }
}

/// A collection or delivery round the hub drove (or plans to).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Round {
    pub vehicle: Vehicle,
    pub km: f64,
}

impl Round {
    /// A round through `stops` in turn, its km estimated like the counterfactual's so that
    /// both sides of the comparison are measured the same way.
    pub fn through(vehicle: Vehicle, stops: &[Point], detour_factor: f64) -> Round {
        Round {
            vehicle,
            km: path_km(stops, detour_factor),
        }
    }

    pub fn kg_co2e(&self) -> f64 {
        self.km * self.vehicle.kg_co2e_per_km()
    }
}

/// What would have happened without the hub. Either way one round trip is counted per order
/// and producer it bought from: an order with three farms' produce is three trips.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Counterfactual {
    /// Each producer drives a diesel van from the farm to the customer and back.
    ProducersDeliver,
    /// Each customer drives a car from home to the farm and back.
    CustomersCollect,
}

impl Counterfactual {
    pub fn vehicle(self) -> Vehicle {
        match self {
            Counterfactual::ProducersDeliver => Vehicle::DieselVan,
            Counterfactual::CustomersCollect => Vehicle::Car,
        }
    }
}

pub struct ImpactInput<'a> {
    pub rounds: &'a [Round],
    /// The cycle's lines; only which order bought from which producer matters.
    pub lines: &'a [OrderLine],
    /// Farm locations, by producer id.
    pub farms: &'a HashMap<i64, Point>,
    /// Where each customer lives (or the shop's address), by order id.
    pub customers: &'a HashMap<i64, Point>,
    pub counterfactual: Counterfactual,
    pub detour_factor: f64,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Impact {
    pub hub_km: f64,
    pub hub_kg_co2e: f64,
    pub counterfactual: Counterfactual,
    pub counterfactual_km: f64,
    pub counterfactual_kg_co2e: f64,
    /// Round trips counted in the counterfactual.
    pub trips: i64,
    /// Order–producer pairs left out because the farm or the customer has no location. They
    /// make the counterfactual smaller, so the savings shown are never overstated.
    pub unlocated_trips: i64,
}

impl Impact {
    pub fn saved_km(&self) -> f64 {
        self.counterfactual_km - self.hub_km
    }

    pub fn saved_kg_co2e(&self) -> f64 {
        self.counterfactual_kg_co2e - self.hub_kg_co2e
    }
}

/// The hub's rounds against the chosen counterfactual for the same orders.
pub fn impact(input: &ImpactInput) -> Impact {
    let hub_km = input.rounds.iter().map(|r| r.km).sum();
    let hub_kg_co2e = input.rounds.iter().map(Round::kg_co2e).sum();

    // Sorted so that the float sum, hence the figure shown, is the same on every run.
    let mut pairs: Vec<(i64, i64)> = input
        .lines
        .iter()
        .filter(|l| l.quantity > 0)
        .map(|l| (l.order_id, l.producer_id))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();

    let (mut trips, mut unlocated_trips, mut one_way_km) = (0, 0, 0.0);
    for (order_id, producer_id) in pairs {
        match (input.customers.get(&order_id), input.farms.get(&producer_id)) {
            (Some(&home), Some(&farm)) => {
                trips += 1;
                one_way_km += haversine_km(home, farm);
            }
            _ => unlocated_trips += 1,
        }
    }
    let counterfactual_km = 2.0 * one_way_km * detour(input.detour_factor);
    Impact {
        hub_km,
        hub_kg_co2e,
        counterfactual: input.counterfactual,
        counterfactual_km,
        counterfactual_kg_co2e: counterfactual_km * input.counterfactual.vehicle().kg_co2e_per_km(),
        trips,
        unlocated_trips,
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, Utc};

    use super::*;
    use crate::geo::EARTH_RADIUS_KM;

    const LILLE: Point = Point {
        lat: 50.6292,
        lon: 3.0573,
    };
    const PARIS: Point = Point {
        lat: 48.8566,
        lon: 2.3522,
    };

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9
    }

    #[test]
    fn lille_is_about_204_km_from_paris() {
        let d = haversine_km(LILLE, PARIS);
        assert!((d - 204.0).abs() < 1.5, "{d}");
        assert!(close(d, haversine_km(PARIS, LILLE)));
        assert_eq!(haversine_km(LILLE, LILLE), 0.0);
        // A quarter of a meridian.
        let pole = Point { lat: 90.0, lon: 0.0 };
        let equator = Point { lat: 0.0, lon: 0.0 };
        assert!(close(
            haversine_km(equator, pole),
            EARTH_RADIUS_KM * std::f64::consts::FRAC_PI_2
        ));
        assert!(close(path_km(&[LILLE, PARIS, LILLE], 1.3), 2.0 * d * 1.3));
        assert!(
            close(path_km(&[LILLE, PARIS], 0.5), d),
            "roads are never shorter than the great circle"
        );
        assert_eq!(path_km(&[LILLE], 1.3), 0.0);
    }

    #[test]
    fn emissions_per_km_follow_the_stated_factors() {
        assert!(close(Vehicle::CargoBike.kg_co2e_per_km(), 0.000_48));
        assert!(close(Vehicle::ElectricVan.kg_co2e_per_km(), 0.009_6));
        assert!(close(Vehicle::DieselVan.kg_co2e_per_km(), 0.285_3));
        assert!(close(Vehicle::Car.kg_co2e_per_km(), 0.206_05));
        for v in Vehicle::ALL {
            assert_eq!(Vehicle::parse(v.code()), Some(v));
        }
    }

    fn line(order_id: i64, producer_id: i64, quantity: i64) -> OrderLine {
        OrderLine {
            order_id,
            variant_id: producer_id * 10,
            producer_id,
            quantity,
            pro: false,
            case_size: 1,
            unit_price_cents: 100,
            weight_grams: 1000,
            placed_at: DateTime::<Utc>::UNIX_EPOCH,
        }
    }

    #[test]
    fn the_hub_is_compared_with_one_round_trip_per_order_and_farm() {
        let farm_a = Point { lat: 50.70, lon: 3.20 };
        let farm_b = Point { lat: 50.55, lon: 2.95 };
        let home_1 = Point { lat: 50.63, lon: 3.06 };
        let home_2 = Point { lat: 50.64, lon: 3.08 };
        let farms: HashMap<i64, Point> = [(1, farm_a), (2, farm_b)].into();
        let customers: HashMap<i64, Point> = [(10, home_1), (11, home_2)].into();
        let lines = [
            line(10, 1, 2),
            line(10, 1, 1), // same farm again: still one trip
            line(10, 2, 1),
            line(11, 1, 4),
            line(11, 2, 0), // nothing bought there
            line(12, 1, 1), // no address
            line(11, 3, 1), // no farm location
        ];
        let rounds = [
            Round {
                vehicle: Vehicle::CargoBike,
                km: 20.0,
            },
            Round {
                vehicle: Vehicle::DieselVan,
                km: 60.0,
            },
        ];
        let mut input = ImpactInput {
            rounds: &rounds,
            lines: &lines,
            farms: &farms,
            customers: &customers,
            counterfactual: Counterfactual::ProducersDeliver,
            detour_factor: DEFAULT_DETOUR_FACTOR,
        };
        let one_way = haversine_km(home_1, farm_a) + haversine_km(home_1, farm_b) + haversine_km(home_2, farm_a);
        let km = 2.0 * 1.3 * one_way;

        let vans = impact(&input);
        assert_eq!((vans.trips, vans.unlocated_trips), (3, 2));
        assert!(close(vans.hub_km, 80.0));
        assert!(close(vans.hub_kg_co2e, 20.0 * 0.01 * 0.048 + 60.0 * 0.09 * 3.17));
        assert!(close(vans.counterfactual_km, km));
        assert!(close(vans.counterfactual_kg_co2e, km * 0.09 * 3.17));
        assert!(close(vans.saved_km(), km - 80.0));
        assert!(close(vans.saved_kg_co2e(), km * 0.2853 - 17.1276));

        input.counterfactual = Counterfactual::CustomersCollect;
        let cars = impact(&input);
        assert!(close(cars.counterfactual_km, km));
        assert!(close(cars.counterfactual_kg_co2e, km * 0.065 * 3.17));
    }
}
