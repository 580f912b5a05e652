//! The cooperative's public figures: per delivered cycle and per year, turnover and the
//! producers' share, the weight delivered, the kilometres and emissions of the hub's rounds
//! against each producer delivering alone and each customer driving, how full the rounds ran,
//! the solidarity fund's in and out, the food rescued, and how many producers and households
//! were served.
//!
//! Pure: the figures are computed once per cycle by `store` (the clock refreshes them) and
//! published from here, with the small-count rule: a cycle served to fewer than
//! [`MIN_HOUSEHOLDS`] households is not published, and a year's totals add up only the
//! cycles that are, so that no figure about fewer than five households can be recomputed by
//! difference. The same rows feed the page, the CSV and the JSON.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::i18n::Msg;

pub mod flows;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(test)]
mod tests;

/// Aggregates over fewer households than this are not published.
pub const MIN_HOUSEHOLDS: i64 = 5;

/// Figures that add up from cycle to year. Distances in metres, weights in grams, emissions
/// in grams of CO2e, money in cents: integers, rounded once where they are computed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figures {
    pub cycles: i64,
    pub orders: i64,
    pub households: i64,
    pub producers: i64,
    /// What buyers paid, VAT included, credit notes deducted.
    pub turnover_cents: i64,
    /// What the producers' statements pay them, returns deducted.
    pub producers_cents: i64,
    pub delivered_grams: i64,
    /// The hub's rounds and the producers' own drop-offs at the hub.
    pub hub_m: i64,
    pub hub_g_co2e: i64,
    /// Each producer driving a diesel van to each of their customers and back.
    pub alone_m: i64,
    pub alone_g_co2e: i64,
    /// Each customer driving a car to each farm they bought from and back.
    pub cars_m: i64,
    pub cars_g_co2e: i64,
    /// The rounds' load against their vehicles' capacity.
    pub load_grams: i64,
    pub capacity_grams: i64,
    pub fund_in_cents: i64,
    pub fund_out_cents: i64,
    /// Surplus and unsold goods given to food-aid associations, receipt confirmed.
    pub rescued_grams: i64,
    pub rescued_cents: i64,
}

impl Figures {
    /// Adds a cycle's figures; counts of distinct people are set apart (`with_people`).
    pub fn add(&mut self, o: &Figures) {
        self.cycles += o.cycles;
        self.orders += o.orders;
        self.households += o.households;
        self.producers += o.producers;
        self.turnover_cents += o.turnover_cents;
        self.producers_cents += o.producers_cents;
        self.delivered_grams += o.delivered_grams;
        self.hub_m += o.hub_m;
        self.hub_g_co2e += o.hub_g_co2e;
        self.alone_m += o.alone_m;
        self.alone_g_co2e += o.alone_g_co2e;
        self.cars_m += o.cars_m;
        self.cars_g_co2e += o.cars_g_co2e;
        self.load_grams += o.load_grams;
        self.capacity_grams += o.capacity_grams;
        self.fund_in_cents += o.fund_in_cents;
        self.fund_out_cents += o.fund_out_cents;
        self.rescued_grams += o.rescued_grams;
        self.rescued_cents += o.rescued_cents;
    }

    /// The producers' share of the turnover, in basis points.
    pub fn producer_share_bp(&self) -> Option<i64> {
        ratio_bp(self.producers_cents, self.turnover_cents)
    }

    /// How full the rounds ran, in basis points of their capacity.
    pub fn fill_bp(&self) -> Option<i64> {
        ratio_bp(self.load_grams, self.capacity_grams)
    }

    /// Grams of CO2e the hub emitted per kilogram delivered.
    pub fn g_co2e_per_kg(&self) -> Option<i64> {
        (self.delivered_grams > 0 && self.hub_m > 0)
            .then(|| crate::money::mul_div_round(self.hub_g_co2e, 1000, self.delivered_grams))
    }
}

fn ratio_bp(part: i64, whole: i64) -> Option<i64> {
    (whole > 0).then(|| crate::money::mul_div_round(part, 10_000, whole))
}

/// A delivered cycle's figures as computed, before the small-count rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleRecord {
    pub cycle_id: i64,
    /// The day the cycle closed, in the cooperative's time zone.
    pub closed_on: NaiveDate,
    pub figures: Figures,
}

/// A cycle as published: its figures, or none when fewer than five households were served.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CycleRow {
    pub cycle_id: i64,
    pub closed_on: NaiveDate,
    pub figures: Option<Figures>,
}

/// A year as published: the sum of its published cycles, its distinct producers and
/// households, the fund's movements of the year (donations included), and its cycles.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearView {
    pub year: i32,
    pub total: Option<Figures>,
    /// Cycles left out of the total by the small-count rule.
    pub suppressed: i64,
    pub cycles: Vec<CycleRow>,
}

/// Distinct producers and households over a whole year.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearPeople {
    pub households: i64,
    pub producers: i64,
}

/// Publishes a year: cycles under the threshold lose their figures and stay out of the total;
/// the total's counts of people are the year's distinct ones, its fund figures the year's.
pub fn publish(year: i32, records: Vec<CycleRecord>, people: YearPeople, fund: (i64, i64)) -> YearView {
    let mut total = Figures::default();
    let mut suppressed = 0;
    let cycles: Vec<CycleRow> = records
        .into_iter()
        .map(|r| {
            let shown = r.figures.households >= MIN_HOUSEHOLDS;
            if shown {
                total.add(&r.figures);
            } else {
                suppressed += 1;
            }
            CycleRow {
                cycle_id: r.cycle_id,
                closed_on: r.closed_on,
                figures: shown.then_some(r.figures),
            }
        })
        .collect();
    let total = (total.cycles > 0 && people.households >= MIN_HOUSEHOLDS).then_some(Figures {
        households: people.households,
        producers: people.producers,
        fund_in_cents: fund.0,
        fund_out_cents: fund.1,
        ..total
    });
    YearView {
        year,
        total,
        suppressed,
        cycles,
    }
}

/// The open data licences a cooperative may choose; Etalab 2.0 by default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Licence {
    #[default]
    Etalab2,
    Odbl1,
    CcBy4,
}

impl Licence {
    pub const ALL: [Licence; 3] = [Licence::Etalab2, Licence::Odbl1, Licence::CcBy4];

    pub fn code(self) -> &'static str {
        match self {
            Licence::Etalab2 => "etalab-2.0",
            Licence::Odbl1 => "odbl-1.0",
            Licence::CcBy4 => "cc-by-4.0",
        }
    }

    pub fn parse(code: &str) -> Option<Licence> {
        Licence::ALL.into_iter().find(|l| l.code() == code.trim())
    }

    pub fn name(self) -> &'static str {
        match self {
            Licence::Etalab2 => "Licence Ouverte / Open Licence 2.0 (Etalab)",
            Licence::Odbl1 => "Open Database License (ODbL) 1.0",
            Licence::CcBy4 => "Creative Commons Attribution 4.0 (CC BY 4.0)",
        }
    }

    pub fn url(self) -> &'static str {
        match self {
            Licence::Etalab2 => "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            Licence::Odbl1 => "https://opendatacommons.org/licenses/odbl/1-0/",
            Licence::CcBy4 => "https://creativecommons.org/licenses/by/4.0/",
        }
    }
}

/// What the open data publishes: the years, newest first, under the cooperative's licence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transparency {
    pub coop_name: String,
    pub licence: Licence,
    /// Whether the board publishes the value chains as open data too.
    pub value_chains_open: bool,
    pub years: Vec<YearView>,
}

/// One column of the open data: its key (CSV header and JSON field), its unit and what it
/// means. The data dictionary is this list.
pub struct Column {
    pub key: &'static str,
    pub unit: &'static str,
    pub meaning: Msg,
}

pub const COLUMNS: &[Column] = &[
    Column {
        key: "periode",
        unit: "",
        meaning: Msg::OdPeriod,
    },
    Column {
        key: "cycle",
        unit: "",
        meaning: Msg::OdCycle,
    },
    Column {
        key: "date_cloture",
        unit: "AAAA-MM-JJ",
        meaning: Msg::OdClosedOn,
    },
    Column {
        key: "masque",
        unit: "oui/non",
        meaning: Msg::OdSuppressed,
    },
    Column {
        key: "cycles",
        unit: "",
        meaning: Msg::OdCycles,
    },
    Column {
        key: "commandes",
        unit: "",
        meaning: Msg::OdOrders,
    },
    Column {
        key: "foyers",
        unit: "",
        meaning: Msg::OdHouseholds,
    },
    Column {
        key: "producteurs",
        unit: "",
        meaning: Msg::OdProducers,
    },
    Column {
        key: "chiffre_affaires_ttc_eur",
        unit: "EUR",
        meaning: Msg::OdTurnover,
    },
    Column {
        key: "part_producteurs_eur",
        unit: "EUR",
        meaning: Msg::OdProducersShare,
    },
    Column {
        key: "part_producteurs_pct",
        unit: "%",
        meaning: Msg::OdProducersPct,
    },
    Column {
        key: "kg_livres",
        unit: "kg",
        meaning: Msg::OdDeliveredKg,
    },
    Column {
        key: "km_hub",
        unit: "km",
        meaning: Msg::OdHubKm,
    },
    Column {
        key: "kgco2e_hub",
        unit: "kgCO2e",
        meaning: Msg::OdHubCo2,
    },
    Column {
        key: "km_producteurs_seuls",
        unit: "km",
        meaning: Msg::OdAloneKm,
    },
    Column {
        key: "kgco2e_producteurs_seuls",
        unit: "kgCO2e",
        meaning: Msg::OdAloneCo2,
    },
    Column {
        key: "km_clients_en_voiture",
        unit: "km",
        meaning: Msg::OdCarsKm,
    },
    Column {
        key: "kgco2e_clients_en_voiture",
        unit: "kgCO2e",
        meaning: Msg::OdCarsCo2,
    },
    Column {
        key: "gco2e_par_kg_livre",
        unit: "gCO2e/kg",
        meaning: Msg::OdPerKg,
    },
    Column {
        key: "taux_remplissage_pct",
        unit: "%",
        meaning: Msg::OdFill,
    },
    Column {
        key: "fonds_solidaire_entrees_eur",
        unit: "EUR",
        meaning: Msg::OdFundIn,
    },
    Column {
        key: "fonds_solidaire_sorties_eur",
        unit: "EUR",
        meaning: Msg::OdFundOut,
    },
    Column {
        key: "kg_sauves",
        unit: "kg",
        meaning: Msg::OdRescuedKg,
    },
    Column {
        key: "valeur_sauvee_eur",
        unit: "EUR",
        meaning: Msg::OdRescuedValue,
    },
];

/// A value of the open data: a number with a fixed number of decimals, or text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Text(String),
    /// `units` hundredths (2 decimals) or tenths (1 decimal), as `decimals` says.
    Number {
        units: i64,
        decimals: u8,
    },
    Empty,
}

impl Value {
    fn whole(n: i64) -> Value {
        Value::Number { units: n, decimals: 0 }
    }

    /// Thousandths (grams, metres) as a quantity with one decimal.
    fn thousandths(n: i64) -> Value {
        Value::Number {
            units: crate::money::mul_div_round(n, 1, 100),
            decimals: 1,
        }
    }

    fn cents(n: i64) -> Value {
        Value::Number { units: n, decimals: 2 }
    }

    fn bp(n: Option<i64>) -> Value {
        n.map_or(Value::Empty, |n| Value::Number { units: n, decimals: 2 })
    }

    /// As CSV and JSON write it: a point before the decimals.
    pub fn text(&self) -> String {
        match self {
            Value::Text(t) => t.clone(),
            Value::Empty => String::new(),
            Value::Number { units, decimals: 0 } => units.to_string(),
            Value::Number { units, decimals } => {
                let scale = 10_i64.pow(u32::from(*decimals));
                let sign = if *units < 0 { "-" } else { "" };
                let a = units.unsigned_abs();
                format!(
                    "{sign}{}.{:0width$}",
                    a / scale as u64,
                    a % scale as u64,
                    width = usize::from(*decimals)
                )
            }
        }
    }
}

/// Every published row: each year's total, then its cycles, newest year first. Values in the
/// order of [`COLUMNS`].
pub fn rows(t: &Transparency) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for y in &t.years {
        out.push(row(&y.year.to_string(), None, None, y.total.as_ref()));
        for c in &y.cycles {
            out.push(row(
                &y.year.to_string(),
                Some(c.cycle_id),
                Some(c.closed_on),
                c.figures.as_ref(),
            ));
        }
    }
    out
}

fn row(year: &str, cycle: Option<i64>, closed_on: Option<NaiveDate>, f: Option<&Figures>) -> Vec<Value> {
    let mut v = vec![
        Value::Text(year.to_owned()),
        cycle.map_or(Value::Empty, Value::whole),
        closed_on.map_or(Value::Empty, |d| Value::Text(d.format("%Y-%m-%d").to_string())),
        Value::Text(if f.is_some() { "non" } else { "oui" }.into()),
    ];
    match f {
        None => v.extend(std::iter::repeat_n(Value::Empty, COLUMNS.len() - 4)),
        Some(f) => v.extend([
            Value::whole(f.cycles),
            Value::whole(f.orders),
            Value::whole(f.households),
            Value::whole(f.producers),
            Value::cents(f.turnover_cents),
            Value::cents(f.producers_cents),
            Value::bp(f.producer_share_bp()),
            Value::thousandths(f.delivered_grams),
            Value::thousandths(f.hub_m),
            Value::thousandths(f.hub_g_co2e),
            Value::thousandths(f.alone_m),
            Value::thousandths(f.alone_g_co2e),
            Value::thousandths(f.cars_m),
            Value::thousandths(f.cars_g_co2e),
            f.g_co2e_per_kg().map_or(Value::Empty, Value::whole),
            Value::bp(f.fill_bp()),
            Value::cents(f.fund_in_cents),
            Value::cents(f.fund_out_cents),
            Value::thousandths(f.rescued_grams),
            Value::cents(f.rescued_cents),
        ]),
    }
    v
}

#[cfg(feature = "ssr")]
/// The open data as CSV: the dictionary's keys as headers, every cell formula-safe.
pub fn csv(t: &Transparency) -> String {
    let mut w = crate::spreadsheet::CsvWriter::new();
    w.row(COLUMNS.iter().map(|c| c.key.to_owned()));
    for r in rows(t) {
        w.row(r.iter().map(Value::text));
    }
    w.finish()
}

#[cfg(feature = "ssr")]
/// The open data as JSON: the licence and source, then one object per row with the
/// dictionary's keys (numbers as numbers, empty cells as null).
pub fn json(t: &Transparency, dictionary_url: &str) -> serde_json::Value {
    use serde_json::{Map, Value as J};
    let rows: Vec<J> = rows(t)
        .into_iter()
        .map(|r| {
            let mut o = Map::new();
            for (c, v) in COLUMNS.iter().zip(r) {
                let j = match v {
                    Value::Empty => J::Null,
                    Value::Text(s) => J::String(s),
                    n @ Value::Number { .. } => n.text().parse::<serde_json::Number>().map_or(J::Null, J::Number),
                };
                o.insert(c.key.to_owned(), j);
            }
            J::Object(o)
        })
        .collect();
    serde_json::json!({
        "producteur": t.coop_name,
        "licence": { "code": t.licence.code(), "nom": t.licence.name(), "url": t.licence.url() },
        "dictionnaire": dictionary_url,
        "seuil_foyers": MIN_HOUSEHOLDS,
        "lignes": rows,
    })
}
