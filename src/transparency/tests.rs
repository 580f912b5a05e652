use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a day of November")
}

fn record(cycle_id: i64, households: i64, turnover_cents: i64) -> CycleRecord {
    CycleRecord {
        cycle_id,
        closed_on: day(cycle_id as u32),
        figures: Figures {
            cycles: 1,
            orders: households,
            households,
            producers: 3,
            turnover_cents,
            producers_cents: turnover_cents * 3 / 4,
            delivered_grams: 10_000 * households,
            hub_m: 42_000,
            hub_g_co2e: 3_000,
            alone_m: 300_000,
            alone_g_co2e: 85_000,
            cars_m: 250_000,
            cars_g_co2e: 50_000,
            load_grams: 60_000,
            capacity_grams: 100_000,
            fund_in_cents: 500,
            fund_out_cents: 300,
            rescued_grams: 2_500,
            rescued_cents: 700,
        },
    }
}

const PEOPLE: YearPeople = YearPeople {
    households: 12,
    producers: 5,
};

#[test]
fn a_cycle_of_fewer_than_five_households_is_hidden_and_left_out_of_the_year() {
    let y = publish(
        2026,
        vec![record(1, 7, 10_000), record(2, 4, 2_000), record(3, 5, 20_000)],
        PEOPLE,
        (900, 400),
    );
    assert_eq!(y.suppressed, 1);
    assert!(y.cycles[1].figures.is_none(), "four households: not published");
    assert!(y.cycles[0].figures.is_some() && y.cycles[2].figures.is_some());
    let total = y.total.expect("twelve households in the year");
    // Only what is published adds up: no difference gives away the hidden cycle.
    assert_eq!(total.turnover_cents, 30_000);
    assert_eq!(total.cycles, 2);
    assert_eq!(total.orders, 12);
    assert_eq!(total.households, 12, "the year's distinct households, not a sum");
    assert_eq!(total.producers, 5);
    assert_eq!(
        (total.fund_in_cents, total.fund_out_cents),
        (900, 400),
        "the year's fund"
    );
}

#[test]
fn a_year_of_fewer_than_five_households_publishes_no_total() {
    let y = publish(
        2026,
        vec![record(1, 5, 1_000)],
        YearPeople {
            households: 4,
            producers: 1,
        },
        (0, 0),
    );
    assert!(y.total.is_none());
    let none = publish(2026, vec![record(1, 3, 1_000)], PEOPLE, (0, 0));
    assert!(none.total.is_none(), "every cycle hidden: nothing to total");
    assert_eq!(none.suppressed, 1);
}

#[test]
fn ratios_are_rounded_basis_points_and_absent_without_a_base() {
    let f = record(1, 5, 10_000).figures;
    assert_eq!(f.producer_share_bp(), Some(7_500));
    assert_eq!(f.fill_bp(), Some(6_000));
    // 3 kg of CO2e for 50 kg delivered: 60 g per kg.
    assert_eq!(f.g_co2e_per_kg(), Some(60));
    let empty = Figures::default();
    assert_eq!(empty.producer_share_bp(), None);
    assert_eq!(empty.fill_bp(), None);
    assert_eq!(empty.g_co2e_per_kg(), None);
}

#[test]
fn values_are_written_with_a_point_and_their_decimals() {
    assert_eq!(Value::cents(123_456).text(), "1234.56");
    assert_eq!(Value::cents(-5).text(), "-0.05");
    assert_eq!(Value::thousandths(42_049).text(), "42.0");
    assert_eq!(Value::thousandths(42_050).text(), "42.1");
    assert_eq!(Value::bp(Some(7_512)).text(), "75.12");
    assert_eq!(Value::whole(7).text(), "7");
    assert_eq!(Value::Empty.text(), "");
}

fn sample() -> Transparency {
    Transparency {
        value_chains_open: false,
        coop_name: "Maillon".into(),
        licence: Licence::Etalab2,
        years: vec![publish(
            2026,
            vec![record(1, 7, 10_000), record(2, 4, 2_000)],
            PEOPLE,
            (900, 400),
        )],
    }
}

#[test]
fn every_row_has_a_value_per_column_and_hidden_rows_are_empty() {
    let rows = rows(&sample());
    assert_eq!(rows.len(), 3, "the year, then its two cycles");
    assert!(rows.iter().all(|r| r.len() == COLUMNS.len()));
    let hidden = &rows[2];
    assert_eq!(hidden[3], Value::Text("oui".into()));
    assert!(hidden[4..].iter().all(|v| *v == Value::Empty));
    assert_eq!(rows[0][1], Value::Empty, "the year's row names no cycle");
}

#[test]
fn the_csv_and_the_json_carry_the_dictionarys_columns() {
    let csv = csv(&sample());
    let header = csv.trim_start_matches('\u{feff}').lines().next().expect("a header");
    assert_eq!(header, COLUMNS.iter().map(|c| c.key).collect::<Vec<_>>().join(";"));
    assert_eq!(csv.lines().count(), 4);
    let json = json(&sample(), "https://example.org/donnees");
    let lines = json["lignes"].as_array().expect("rows");
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["chiffre_affaires_ttc_eur"], serde_json::json!(100.0));
    assert_eq!(lines[0]["foyers"], serde_json::json!(12));
    assert_eq!(lines[2]["foyers"], serde_json::Value::Null);
    assert_eq!(json["licence"]["code"], "etalab-2.0");
}

#[test]
fn licences_read_back_from_their_codes() {
    for l in Licence::ALL {
        assert_eq!(Licence::parse(l.code()), Some(l));
    }
    assert_eq!(Licence::parse("proprietary"), None);
}

proptest! {
    /// Whatever the cycles, the year's total is the sum of the published ones, and no
    /// published row concerns fewer than five households.
    #[test]
    fn totals_add_up_the_published_cycles_only(
        cycles in proptest::collection::vec((0_i64..20, 0_i64..1_000_000), 0..20),
        year_households in 0_i64..200,
    ) {
        let records: Vec<CycleRecord> = cycles
            .iter()
            .enumerate()
            .map(|(i, (h, t))| record(i as i64 + 1, *h, *t))
            .collect();
        let y = publish(2026, records, YearPeople { households: year_households, producers: 1 }, (0, 0));
        let shown: Vec<&Figures> = y.cycles.iter().filter_map(|c| c.figures.as_ref()).collect();
        prop_assert!(shown.iter().all(|f| f.households >= MIN_HOUSEHOLDS));
        prop_assert_eq!(y.suppressed as usize + shown.len(), cycles.len());
        match &y.total {
            Some(t) => {
                prop_assert!(year_households >= MIN_HOUSEHOLDS);
                prop_assert_eq!(t.turnover_cents, shown.iter().map(|f| f.turnover_cents).sum::<i64>());
                prop_assert_eq!(t.cycles, shown.len() as i64);
            }
            None => prop_assert!(shown.is_empty() || year_households < MIN_HOUSEHOLDS),
        }
    }
}
