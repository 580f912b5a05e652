use proptest::prelude::*;

use super::cii::{escape, percent, split_address};
use super::identity::{IdentityForm, parse_identity};
use super::invoice::{LineInput, Number, before_tax, fee_rate, siren_is_valid, totals, vat_number_of};
use crate::i18n::Msg;

fn line(quantity: i64, unit: i64, vat_bp: i32) -> LineInput {
    LineInput {
        description: "Miel".into(),
        quantity,
        unit_price_cents: unit,
        vat_bp,
    }
}

#[test]
fn vat_per_rate_adds_up_to_what_was_paid() {
    let t = totals(&[
        line(2, 450, 550),
        line(1, 1200, 2000),
        line(3, 199, 550),
        line(0, 999, 1000),
    ]);
    assert_eq!(t.lines.len(), 3, "a line without quantity is left out");
    assert_eq!(t.total_cents, 900 + 1200 + 597);
    // 5.5 %: 900 → 853.08 → 853; 597 → 565.88 → 566. 20 %: 1200 → 1000.
    assert_eq!(t.vat.len(), 2);
    assert_eq!(
        (t.vat[0].vat_bp, t.vat[0].base_cents, t.vat[0].vat_cents),
        (550, 853 + 566, 1497 - 1419)
    );
    assert_eq!(
        (t.vat[1].vat_bp, t.vat[1].base_cents, t.vat[1].vat_cents),
        (2000, 1000, 200)
    );
    assert_eq!(t.total_ht_cents + t.total_vat_cents, t.total_cents);
}

#[test]
fn the_fee_follows_the_largest_part_of_the_goods() {
    assert_eq!(fee_rate(&[line(1, 500, 550), line(1, 800, 2000)]), 2000);
    assert_eq!(fee_rate(&[line(3, 500, 550), line(1, 800, 2000)]), 550);
    assert_eq!(
        fee_rate(&[line(1, 500, 550), line(1, 500, 2000)]),
        550,
        "a tie takes the lower rate"
    );
    assert_eq!(fee_rate(&[]), 2000);
}

#[test]
fn numbers_read_year_then_place() {
    assert_eq!(Number { year: 2026, number: 42 }.to_string(), "2026-000042");
}

#[test]
fn siren_and_vat_keys() {
    // The example of the French tax administration: SIREN 404 833 048, VAT FR 83 404833048.
    assert!(siren_is_valid("404833048"));
    assert_eq!(vat_number_of("404833048").as_deref(), Some("FR83404833048"));
    assert!(!siren_is_valid("404833049"));
    assert!(!siren_is_valid("40483304"));
    assert!(!siren_is_valid("40483304a"));
    assert_eq!(vat_number_of("404833049"), None);
}

#[test]
fn identity_form_checks_each_field() {
    let ok = IdentityForm {
        legal_name: " Maillon  Lille ",
        legal_form: "SCIC SAS à capital variable",
        street: "12 rue Pierre Legrand",
        postcode: "59 800",
        city: "Lille",
        siren: "404 833 048",
        vat_number: "fr83404833048",
        registry: "RCS Lille Métropole",
        iban: "",
        bic: "",
    };
    let identity = parse_identity(&ok).unwrap();
    assert_eq!(identity.legal_name, "Maillon Lille");
    assert_eq!(identity.postcode, "59800");
    assert_eq!(identity.siren, "404833048");
    assert_eq!(identity.vat_number, "FR83404833048");
    let bad = |form: IdentityForm<'static>| parse_identity(&form).unwrap_err();
    assert_eq!(
        bad(IdentityForm {
            siren: "404833049",
            ..ok
        }),
        ("siren", Msg::ErrSiren)
    );
    assert_eq!(
        bad(IdentityForm {
            vat_number: "FR84404833048",
            ..ok
        }),
        ("vat_number", Msg::ErrVatNumber)
    );
    assert_eq!(
        bad(IdentityForm { postcode: "5900", ..ok }),
        ("postcode", Msg::ErrInvoicePostcode)
    );
    assert_eq!(
        bad(IdentityForm { legal_name: "  ", ..ok }),
        ("legal_name", Msg::ErrLegalName)
    );
    assert!(
        parse_identity(&IdentityForm { vat_number: "", ..ok }).is_ok(),
        "no VAT number: not liable"
    );
}

#[test]
fn xml_text_is_escaped() {
    assert_eq!(
        escape("Pain & <miel> \"bio\" l'été\u{7}"),
        "Pain &amp; &lt;miel&gt; &quot;bio&quot; l&apos;été"
    );
    assert_eq!(percent(550), "5.5");
    assert_eq!(percent(2000), "20");
    assert_eq!(percent(210), "2.1");
    assert_eq!(percent(1234), "12.34");
}

#[test]
fn one_line_addresses_split_when_they_end_with_a_postcode() {
    assert_eq!(
        split_address("38 rue des Sarrazins, 59000 Lille"),
        ("38 rue des Sarrazins".into(), "59000".into(), "Lille".into())
    );
    assert_eq!(
        split_address("Chez Paul"),
        ("Chez Paul".into(), String::new(), String::new())
    );
}

proptest! {
    /// Whatever the prices, quantities and rates, the bases and VAT per rate add up to exactly
    /// what the lines cost, and no base exceeds what was paid.
    #[test]
    fn totals_always_add_up(lines in prop::collection::vec((0i64..200, 1i64..1_000_000, prop::sample::select(vec![0, 210, 550, 1000, 2000])), 0..40)) {
        let inputs: Vec<LineInput> = lines.iter().map(|&(q, p, r)| line(q, p, r)).collect();
        let t = totals(&inputs);
        let paid: i64 = inputs.iter().map(|l| l.quantity * l.unit_price_cents).sum();
        prop_assert_eq!(t.total_cents, paid);
        prop_assert_eq!(t.total_ht_cents + t.total_vat_cents, paid);
        for v in &t.vat {
            prop_assert!(v.base_cents >= 0 && v.vat_cents >= 0);
            // The VAT of a rate is within a cent per line of base × rate.
            let lines_of_rate = t.lines.iter().filter(|l| l.vat_bp == v.vat_bp).count() as i64;
            let exact = v.base_cents * i64::from(v.vat_bp);
            prop_assert!((v.vat_cents * 10_000 - exact).abs() <= 10_000 * lines_of_rate);
        }
    }

    #[test]
    fn before_tax_never_exceeds_the_amount(cents in 0i64..100_000_000, rate in 0i32..=10_000) {
        let ht = before_tax(cents, rate);
        prop_assert!(ht <= cents && ht >= 0);
    }
}

#[test]
fn ibans_are_checked_by_their_country_length_and_key() {
    use super::bank::{format_iban, parse_bank_account, parse_bic, parse_iban};
    // The example IBANs of the European Committee for Banking Standards.
    assert_eq!(
        parse_iban("fr14 2004 1010 0505 0001 3M02 606").as_deref(),
        Some("FR1420041010050500013M02606")
    );
    assert!(parse_iban("DE89 3704 0044 0532 0130 00").is_some());
    assert!(parse_iban("BE68 5390 0754 7034").is_some());
    assert_eq!(parse_iban("FR1520041010050500013M02606"), None, "a wrong key");
    assert_eq!(parse_iban("FR14200410100505000013M02606"), None, "too long for France");
    assert_eq!(parse_iban("US64SVBKUS6S3300958879"), None, "not a SEPA country");
    assert_eq!(parse_iban("FR14 2004 1010 0505 0001 3M02 60!"), None);
    assert_eq!(parse_bic("cepa fr pp").as_deref(), Some("CEPAFRPP"));
    assert_eq!(parse_bic("CEPAFRPP751").as_deref(), Some("CEPAFRPP751"));
    assert_eq!(parse_bic("CEPAFRP"), None);
    assert_eq!(parse_bic("1EPAFRPP"), None);
    assert_eq!(
        format_iban("FR1420041010050500013M02606"),
        "FR14 2004 1010 0505 0001 3M02 606"
    );
    assert_eq!(
        parse_bank_account(" ", "FR1420041010050500013M02606", "CEPAFRPP")
            .unwrap_err()
            .0,
        "holder"
    );
    assert_eq!(parse_bank_account("Ferme", "FR15", "CEPAFRPP").unwrap_err().0, "iban");
    assert_eq!(
        parse_bank_account("Ferme", "FR1420041010050500013M02606", "X")
            .unwrap_err()
            .0,
        "bic"
    );
}

#[test]
fn sepa_text_keeps_the_latin_subset() {
    use super::sepa::sepa_text;
    assert_eq!(
        sepa_text("Ferme de l’Écluse & Fils — Pévèle", 70),
        "Ferme de l'Ecluse Fils Pevele"
    );
    assert_eq!(sepa_text("abcdef", 3), "abc");
}

proptest! {
    /// A statement pays, for each line, the units delivered × the producer's part of the price,
    /// and its parts always add up to the sales.
    #[test]
    fn a_statement_is_delivered_times_price_less_shortages(
        items in prop::collection::vec(
            (1i64..100_000, prop::sample::select(vec![0, 210, 550, 1000, 2000]), 1i64..50, 0i64..50, 0i32..=2000, 0i32..=2000, 0i32..=1000),
            0..20,
        ),
    ) {
        use super::payout::{Sold, statement};
        let sold: Vec<Sold> = items.iter().map(|&(price, vat, ordered, missing, hub, coop, solidarity)| Sold {
            description: "x".into(),
            unit_price_cents: price,
            vat_bp: vat,
            ordered,
            delivered: ordered - missing.min(ordered),
            split: crate::catalogue::Split { hub_bp: hub, coop_bp: coop, solidarity_bp: solidarity },
        }).collect();
        let s = statement(&sold);
        let mut expected = 0;
        for (item, line) in sold.iter().zip(&s.lines) {
            let share = crate::catalogue::price_share(item.unit_price_cents, item.vat_bp, item.split);
            prop_assert_eq!(line.payout_cents, item.delivered * share.producer_cents);
            prop_assert_eq!(line.solidarity_cents, item.delivered * share.solidarity_cents);
            prop_assert_eq!(
                line.sales_cents,
                line.vat_cents + line.hub_cents + line.commission_cents + line.solidarity_cents + line.payout_cents
            );
            expected += line.payout_cents;
        }
        prop_assert_eq!(s.payout_cents, expected);
        prop_assert_eq!(s.sales_cents, s.vat_cents + s.hub_cents + s.commission_cents + s.solidarity_cents + s.payout_cents);
        prop_assert_eq!(s.missing_units, sold.iter().map(|i| i.ordered - i.delivered).sum::<i64>());
    }
}

#[test]
fn the_accounts_add_up_and_their_csv_is_formula_safe() {
    use super::VatBreakdown;
    use super::report::{CycleFigures, Figures, report, report_csv};
    let cycle = |id, name: &str, ttc, vat, producers, hub, solidarity| CycleFigures {
        cycle_id: id,
        name: name.into(),
        figures: Figures {
            invoices: 2,
            credit_notes: 1,
            turnover_cents: ttc,
            vat_cents: vat,
            turnover_ht_cents: ttc - vat,
            producers_cents: producers,
            hub_cents: hub,
            solidarity_cents: solidarity,
            cooperative_cents: 0,
        }
        .settle(),
    };
    let r = report(
        2026,
        vec![
            cycle(1, "Semaine 1", 10_550, 550, 8_000, 700, 100),
            cycle(2, "=HYPERLINK(\"x\")", -40, -2, 0, 0, 0),
        ],
        vec![VatBreakdown {
            vat_bp: 550,
            base_cents: 9_962,
            vat_cents: 548,
        }],
        vec![
            (crate::solidarity::FundKind::Donation, 15_000),
            (crate::solidarity::FundKind::Discount, -398),
            (crate::solidarity::FundKind::Return, 120),
        ],
    );
    assert_eq!(r.fund_in_out(), (15_120, 398));
    assert_eq!(r.cycles[0].figures.cooperative_cents, 1_200);
    assert_eq!(
        r.cycles[1].figures.cooperative_cents, -38,
        "a credit note alone makes a negative share"
    );
    assert_eq!(r.year_figures.turnover_cents, 10_510);
    assert_eq!(r.year_figures.invoices, 4);
    assert_eq!(
        r.year_figures.turnover_cents,
        r.year_figures.vat_cents
            + r.year_figures.producers_cents
            + r.year_figures.hub_cents
            + r.year_figures.solidarity_cents
            + r.year_figures.cooperative_cents
    );
    let csv = report_csv(&r);
    assert!(
        csv.contains("Semaine 1;2;1;105.50;5.50;100.00;80.00;7.00;1.00;12.00"),
        "{csv}"
    );
    assert!(csv.contains("'=HYPERLINK"), "a formula is written as text: {csv}");
    assert!(csv.contains(";-0.40;"), "{csv}");
    assert!(csv.contains("total 2026;4;2;105.10;"), "{csv}");
    assert!(
        csv.contains("tva 5.50 %;;;;5.48;99.62;;;;\n") || csv.contains("tva 5.50 %;;;;5.48;99.62;;;;\r\n"),
        "{csv}"
    );
    assert!(csv.contains("fonds de solidarite discount;;;-3.98;;;;;;"), "{csv}");
}
