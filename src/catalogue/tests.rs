//! Tests of the pure rules of the catalogue.

use super::*;
use crate::i18n::{Locale, Msg};

fn input(quantity: &str, price: &str) -> VariantInput {
    VariantInput {
        quantity: quantity.into(),
        retail_price: price.into(),
        active: true,
        ..Default::default()
    }
}

#[test]
fn a_card_keeps_what_the_grid_shows_and_how_few_are_left() {
    let variant = |stock| VariantView {
        id: 1,
        fields: VariantFields {
            name: String::new(),
            quantity: 500,
            retail_price_cents: 350,
            pro_price_cents: 300,
            case_size: 10,
            vat_bp: 550,
            weight_grams: 520,
            stock,
            active: true,
        },
    };
    let card = ProductCard::from(ProductSummary {
        id: 7,
        name: "Carottes".into(),
        producer_id: 2,
        producer_name: "Ferme".into(),
        category: Category::Vegetables,
        unit: Unit::G,
        labels: vec![],
        active: true,
        photo_id: None,
        variants: vec![
            variant(Stock::Finite(100)),
            variant(Stock::Finite(2)),
            variant(Stock::Finite(0)),
            variant(Stock::OnDemand { cap: None }),
            variant(Stock::OnDemand { cap: Some(1) }),
        ],
    });
    let few: Vec<_> = card.variants.iter().map(|v| v.few_left).collect();
    assert_eq!(few, [None, Some(2), Some(0), None, Some(1)]);
    assert_eq!(card.variants[0].display_name(Unit::G, Locale::Fr), "500 g");
    assert_eq!(card.variants[0].retail_price_cents, 350);
    assert_eq!(card.variants[0].trade, None);
}

#[test]
fn a_public_product_shows_trade_terms_to_shopkeepers_only_and_never_the_stock() {
    let detail = ProductDetail {
        product: ProductSummary {
            id: 7,
            name: "Carottes".into(),
            producer_id: 2,
            producer_name: "Ferme".into(),
            category: Category::Vegetables,
            unit: Unit::G,
            labels: vec![],
            active: true,
            photo_id: None,
            variants: vec![VariantView {
                id: 1,
                fields: VariantFields {
                    name: String::new(),
                    quantity: 500,
                    retail_price_cents: 350,
                    pro_price_cents: 287,
                    case_size: 12,
                    vat_bp: 550,
                    weight_grams: 520,
                    stock: Stock::Finite(4321),
                    active: true,
                },
            }],
        },
        description: String::new(),
        producer_town: "Lomme".into(),
        photo_ids: vec![],
        split: Split {
            hub_bp: 0,
            coop_bp: 1500,
            solidarity_bp: 0,
        },
    };
    let public = PublicProduct::new(detail.clone(), false);
    let json = serde_json::to_string(&public).unwrap();
    for secret in ["287", "12", "4321", "pro_price", "case_size", "stock"] {
        assert!(!json.contains(secret), "{secret} in {json}");
    }
    assert_eq!(public.share, Some(price_share(350, 550, detail.split)));
    let trade = PublicProduct::new(detail, true);
    assert_eq!(
        trade.card.variants[0].trade,
        Some(TradeTerms {
            pro_price_cents: 287,
            case_size: 12
        })
    );
    assert!(!serde_json::to_string(&trade).unwrap().contains("4321"));
}

#[test]
fn unit_price_is_per_kg_even_for_a_small_bag() {
    assert_eq!(unit_price_cents(350, 500, Unit::Kg), 700);
    assert_eq!(format_unit_price(350, 500, Unit::Kg, Locale::Fr), "7,00\u{a0}€/kg");
    assert_eq!(format_unit_price(299, 750, Unit::L, Locale::En), "€3.99/L");
    assert_eq!(format_unit_price(420, 6, Unit::Piece, Locale::Fr), "0,70\u{a0}€/pièce");
    // 2,49 € for 333 g is 7,4775… €/kg: rounded half up to the cent.
    assert_eq!(unit_price_cents(249, 333, Unit::G), 748);
}

#[test]
fn quantities_read_naturally() {
    assert_eq!(format_quantity(500, Unit::Kg, Locale::Fr), "500 g");
    assert_eq!(format_quantity(1500, Unit::Kg, Locale::Fr), "1,5 kg");
    assert_eq!(format_quantity(1250, Unit::G, Locale::En), "1.25 kg");
    assert_eq!(format_quantity(750, Unit::L, Locale::Fr), "75 cl");
    assert_eq!(format_quantity(1000, Unit::Ml, Locale::Fr), "1 L");
    assert_eq!(format_quantity(6, Unit::Piece, Locale::Fr), "6 pièces");
    assert_eq!(format_quantity(1, Unit::Bunch, Locale::En), "1 bunch");
}

#[test]
fn a_named_variant_still_shows_its_size() {
    assert_eq!(variant_name("Pot", 250, Unit::G, Locale::Fr), "Pot · 250 g");
    assert_eq!(variant_name("Bouteille", 1000, Unit::L, Locale::En), "Bouteille · 1 L");
    assert_eq!(variant_name("", 500, Unit::Kg, Locale::Fr), "500 g");
    assert_eq!(variant_name("  ", 6, Unit::Piece, Locale::Fr), "6 pièces");
    assert_eq!(
        line_label("Jus de pomme", &variant_name("Bouteille", 1000, Unit::L, Locale::Fr)),
        "Jus de pomme — Bouteille · 1 L"
    );
}

#[test]
fn price_shares_add_up_to_the_price() {
    let split = Split {
        hub_bp: 800,
        coop_bp: 600,
        solidarity_bp: 100,
    };
    let share = price_share(350, 550, split);
    assert_eq!(share.vat_cents, 18); // 350 / 1.055 = 331.75 -> 332 before VAT
    assert_eq!(share.hub_cents, 27); // 8 % of 332 = 26.56 -> 27
    assert_eq!(share.coop_cents, 20); // 6 % of 332 = 19.92 -> 20
    assert_eq!(share.solidarity_cents, 3); // 1 % of 332 = 3.32 -> 3
    assert_eq!(share.producer_cents, 282);
}

proptest::proptest! {
    #[test]
    fn any_split_adds_up_and_leaves_the_producer_at_least_half(
        price in 1i64..10_000_000,
        vat in proptest::sample::select(VAT_RATES_BP.to_vec()),
        hub in 0i32..=5000,
        coop in 0i32..=5000,
        solidarity in 0i32..=5000,
    ) {
        let split = Split { hub_bp: hub, coop_bp: coop.min(5000 - hub), solidarity_bp: solidarity.min(5000 - hub - coop.min(5000 - hub)) };
        proptest::prop_assert!(split.total_bp() <= Split::MAX_TOTAL_BP);
        let s = price_share(price, vat, split);
        proptest::prop_assert_eq!(s.vat_cents + s.hub_cents + s.coop_cents + s.solidarity_cents + s.producer_cents, price);
        proptest::prop_assert!(s.vat_cents >= 0 && s.hub_cents >= 0 && s.coop_cents >= 0 && s.solidarity_cents >= 0);
        let before_vat = price - s.vat_cents;
        // Half of the price before VAT, less at most a cent and a half of rounding.
        proptest::prop_assert!(2 * s.producer_cents + 3 >= before_vat, "{s:?}");
        proptest::prop_assert!(s.producer_cents >= 0);
    }
}

#[test]
fn a_producers_rule_wins_over_its_categorys_which_wins_over_the_general_one() {
    let general = Split {
        hub_bp: 500,
        coop_bp: 1000,
        solidarity_bp: 0,
    };
    let for_eggs = Split {
        hub_bp: 300,
        coop_bp: 700,
        solidarity_bp: 100,
    };
    let for_farm = Split {
        hub_bp: 0,
        coop_bp: 500,
        solidarity_bp: 0,
    };
    let rules = SplitRules {
        general,
        rules: vec![
            SplitRule {
                id: 1,
                target: SplitTarget::Category(Category::Eggs),
                producer_name: None,
                split: for_eggs,
            },
            SplitRule {
                id: 2,
                target: SplitTarget::Producer(7),
                producer_name: Some("Ferme".into()),
                split: for_farm,
            },
        ],
    };
    assert_eq!(rules.for_product(Category::Vegetables, 3), general);
    assert_eq!(rules.for_product(Category::Eggs, 3), for_eggs);
    assert_eq!(rules.for_product(Category::Eggs, 7), for_farm);
    assert_eq!(rules.for_product(Category::Vegetables, 7), for_farm);
}

#[test]
fn splits_are_typed_in_percent_and_bounded() {
    assert_eq!(
        Split::parse("8", "6,5", ""),
        Ok(Split {
            hub_bp: 800,
            coop_bp: 650,
            solidarity_bp: 0
        })
    );
    assert_eq!(
        Split::parse("8 %", "6.5%", "1"),
        Ok(Split {
            hub_bp: 800,
            coop_bp: 650,
            solidarity_bp: 100
        })
    );
    assert_eq!(Split::parse("51", "0", "0"), Err(("hub", Msg::ErrSharePercent)));
    assert_eq!(Split::parse("0", "-1", "0"), Err(("coop", Msg::ErrSharePercent)));
    assert_eq!(Split::parse("0", "0", "x"), Err(("solidarity", Msg::ErrSharePercent)));
    assert_eq!(
        Split::parse("0", "0", "1,234"),
        Err(("solidarity", Msg::ErrSharePercent))
    );
    assert_eq!(Split::parse("20", "20", "10,01"), Err(("coop", Msg::ErrSplitTotal)));
    assert_eq!(
        Split::parse("20", "20", "10"),
        Ok(Split {
            hub_bp: 2000,
            coop_bp: 2000,
            solidarity_bp: 1000
        })
    );
    assert_eq!(
        SplitTarget::parse("c:oeufs"),
        Some(SplitTarget::Category(Category::Eggs))
    );
    assert_eq!(SplitTarget::parse("p:12"), Some(SplitTarget::Producer(12)));
    for bad in ["", "c:", "c:pizza", "p:0", "p:-3", "p:x", "x:1", "oeufs"] {
        assert_eq!(SplitTarget::parse(bad), None, "{bad}");
    }
    assert_eq!(
        SplitTarget::parse(&SplitTarget::Producer(5).code()),
        Some(SplitTarget::Producer(5))
    );
}

#[test]
fn variants_are_checked_field_by_field() {
    let ok = input("500", "3,50").parse().unwrap();
    assert_eq!(ok.retail_price_cents, 350);
    assert_eq!(ok.pro_price_cents, 350, "pro price defaults to retail");
    assert_eq!(ok.vat_bp, 550);
    assert_eq!(ok.case_size, 1);
    assert_eq!(ok.stock, Stock::Finite(0));

    let bad = VariantInput {
        quantity: "0".into(),
        retail_price: "-2".into(),
        case_size: "0".into(),
        vat: "7".into(),
        stock: "-1".into(),
        ..Default::default()
    };
    let fields: Vec<String> = bad.parse().unwrap_err().into_iter().map(|e| e.field).collect();
    assert_eq!(fields, ["quantity", "retail_price", "case_size", "vat", "stock"]);

    let on_demand = VariantInput {
        stock_mode: "on_demand".into(),
        cap: "40".into(),
        ..input("1", "12")
    };
    assert_eq!(on_demand.parse().unwrap().stock, Stock::OnDemand { cap: Some(40) });
    assert!(VariantInput::default().is_blank());
    assert!(!input("1", "").is_blank());
}

#[test]
fn vat_rates_are_the_french_ones() {
    assert_eq!(parse_vat("5,5"), Some(550));
    assert_eq!(parse_vat("20 %"), Some(2000));
    assert_eq!(parse_vat("2.1"), Some(210));
    assert_eq!(parse_vat("7"), None);
    assert_eq!(format_vat(550, Locale::Fr), "5,5 %");
    assert_eq!(format_vat(2000, Locale::En), "20 %");
}

#[test]
fn products_are_checked() {
    let ok = parse_product(
        " Carottes  nouvelles ",
        "",
        "legumes",
        "kg",
        &["ab".into(), "AB".into()],
        true,
    )
    .unwrap();
    assert_eq!(ok.name, "Carottes nouvelles");
    assert_eq!(ok.labels, [Label::Organic]);
    let errors = parse_product("", "", "bijoux", "tonne", &["nope".into()], true).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["name", "category", "unit", "labels"]);
}

#[test]
fn bulk_edits_report_every_bad_row() {
    let row = |id, price: &str, stock: &str| BulkRowInput {
        variant_id: id,
        retail_price: price.into(),
        stock: stock.into(),
        active: Some("on".into()),
    };
    let ok = parse_bulk(&[row(1, "2,40", "10"), row(2, "3", "")]).unwrap();
    assert_eq!(
        ok[0],
        BulkChange {
            variant_id: 1,
            retail_price_cents: 240,
            stock: Some(10),
            active: true
        }
    );
    assert_eq!(ok[1].stock, None);
    let errors = parse_bulk(&[
        row(1, "2,40", "10"),
        row(2, "abc", "10"),
        row(3, "1", "-4"),
        row(1, "1", "1"),
    ])
    .unwrap_err();
    let rows: Vec<(usize, &str)> = errors.iter().map(|e| (e.row, e.field.as_str())).collect();
    assert_eq!(rows, [(2, "retail_price"), (3, "stock"), (4, "variant_id")]);
}

#[test]
fn codes_round_trip() {
    for c in Category::ALL {
        assert_eq!(Category::parse(c.code()), Some(*c));
    }
    for l in Label::ALL {
        assert_eq!(Label::parse(l.code()), Some(*l));
    }
    for u in Unit::ALL {
        assert_eq!(Unit::parse(u.code()), Some(*u));
    }
    assert!(Stock::Finite(5).is_low());
    assert!(!Stock::Finite(6).is_low());
    assert!(!Stock::OnDemand { cap: None }.is_low());
}
