use serde_json::json;

use super::*;

fn iris() -> Iris {
    Iris::new("https://lille.example")
}

fn carrots() -> Item {
    Item {
        variant_id: 7,
        name: "Carottes".into(),
        category: Category::Vegetables,
        unit: Unit::Kg,
        quantity: 1500,
        price_cents: 320,
        vat_bp: 550,
        stock: Some(12),
    }
}

#[test]
fn sizes_and_prices_are_exact_decimals_of_the_stored_integers() {
    assert_eq!(quantity_value(1500, Unit::Kg), json!(1.5));
    assert_eq!(quantity_value(1000, Unit::Kg), json!(1));
    assert_eq!(quantity_value(125, Unit::Kg), json!(0.125));
    assert_eq!(quantity_value(750, Unit::L), json!(0.75));
    assert_eq!(quantity_value(250, Unit::G), json!(250));
    assert_eq!(quantity_value(6, Unit::Piece), json!(6));
    assert_eq!(euros(320), json!(3.2));
    assert_eq!(euros(1), json!(0.01));
    assert_eq!(euros(1200), json!(12));
    assert_eq!(vat_rate(550), json!(5.5));
    assert_eq!(vat_rate(2000), json!(20));
    // Every price up to 100 euros reads back to its cents.
    for cents in 0..10_000 {
        let back = (euros(cents).as_f64().unwrap() * 100.0).round() as i64;
        assert_eq!(back, cents);
    }
}

#[test]
fn every_unit_and_category_has_a_term_of_the_dfc_taxonomies() {
    for u in Unit::ALL {
        assert!(unit(*u).starts_with("dfc-m:"));
    }
    for c in Category::ALL {
        assert!(product_type(*c).starts_with("dfc-pt:"));
    }
    assert_eq!(unit(Unit::Kg), "dfc-m:Kilogram");
    assert_eq!(product_type(Category::Dairy), "dfc-pt:dairy-product");
}

#[test]
fn a_catalogue_links_enterprise_catalog_items_products_and_offers_both_ways() {
    let i = iris();
    let farm = Enterprise {
        id: 3,
        name: "Ferme des Saules".into(),
        description: "Légumes".into(),
    };
    let doc = catalogue(&i, &farm, &[carrots()]);
    assert_eq!(doc["@context"], CONTEXT);
    let graph = doc["@graph"].as_array().unwrap();
    let types: Vec<&str> = graph.iter().map(|n| n["@type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "dfc-b:Enterprise",
            "dfc-b:Catalog",
            "dfc-b:CatalogItem",
            "dfc-b:SuppliedProduct",
            "dfc-b:Offer"
        ]
    );
    let item = "https://lille.example/dfc/enterprises/3/catalog-items/7";
    let product = "https://lille.example/dfc/enterprises/3/supplied-products/7";
    let offer = "https://lille.example/dfc/enterprises/3/offers/7";
    assert_eq!(graph[0]["dfc-b:manages"], json!([{ "@id": item }]));
    assert_eq!(graph[0]["dfc-b:supplies"], json!([{ "@id": product }]));
    assert_eq!(graph[1]["dfc-b:lists"], json!([{ "@id": item }]));
    assert_eq!(graph[2]["dfc-b:references"]["@id"], product);
    assert_eq!(graph[2]["dfc-b:offeredThrough"]["@id"], offer);
    assert_eq!(graph[2]["dfc-b:stockLimitation"], 12);
    assert_eq!(graph[3]["dfc-b:referencedBy"]["@id"], item);
    assert_eq!(graph[3]["dfc-b:hasQuantity"]["dfc-b:value"], json!(1.5));
    assert_eq!(graph[3]["dfc-b:hasQuantity"]["dfc-b:hasUnit"]["@id"], "dfc-m:Kilogram");
    assert_eq!(graph[4]["dfc-b:offeredItem"]["@id"], item);
    assert_eq!(graph[4]["dfc-b:hasPrice"]["dfc-b:value"], json!(3.2));
    assert_eq!(graph[4]["dfc-b:hasPrice"]["dfc-b:VATrate"], json!(5.5));
    // Each object is served alone at its IRI.
    let alone = item_part(&i, 3, &carrots(), Part::Offer);
    assert_eq!(alone["@graph"], json!([graph[4]]));
}

#[test]
fn made_to_order_has_no_stock_limit_and_none_goes_below_zero() {
    let i = iris();
    let on_demand = Item {
        stock: None,
        ..carrots()
    };
    let [item, _, offer] = item_nodes(&i, 3, &on_demand);
    assert!(item.get("dfc-b:stockLimitation").is_none());
    assert!(offer.get("dfc-b:stockLimitation").is_none());
    let oversold = Item {
        stock: Some(-2),
        ..carrots()
    };
    let [item, _, _] = item_nodes(&i, 3, &oversold);
    assert_eq!(item["dfc-b:stockLimitation"], 0);
}

#[test]
fn a_sale_session_lists_offers_of_the_producers_catalog_items() {
    let i = iris();
    let at = |h: i64| chrono::DateTime::from_timestamp(1_790_000_000 + h * 3600, 0).unwrap();
    let session = Session {
        cycle_id: 9,
        name: "Semaine 50".into(),
        opens_at: at(0),
        closes_at: at(48),
    };
    let offers = [SessionOffer {
        producer_id: 3,
        variant_id: 7,
        price_cents: 299,
        vat_bp: 550,
        left: Some(4),
    }];
    let doc = sale_session(&i, &session, &offers);
    let graph = doc["@graph"].as_array().unwrap();
    assert_eq!(graph[0]["@type"], "dfc-b:SaleSession");
    assert_eq!(graph[0]["dfc-b:beginDate"], "2026-09-21T14:13:20Z");
    assert_eq!(
        graph[0]["dfc-b:lists"],
        json!([{ "@id": "https://lille.example/dfc/sale-sessions/9/offers/7" }])
    );
    assert_eq!(
        graph[1]["dfc-b:offeredItem"]["@id"],
        "https://lille.example/dfc/enterprises/3/catalog-items/7"
    );
    assert_eq!(graph[1]["dfc-b:hasPrice"]["dfc-b:value"], json!(2.99));
    assert_eq!(graph[1]["dfc-b:stockLimitation"], 4);
    // The list of sessions names the offers without their details.
    let list = sale_sessions(&i, &[(session, offers.to_vec())]);
    assert_eq!(list["@graph"].as_array().unwrap().len(), 1);
}

#[test]
fn parts_are_read_from_their_segment_only() {
    assert_eq!(Part::parse("offers"), Some(Part::Offer));
    assert_eq!(Part::parse("catalog-items"), Some(Part::CatalogItem));
    assert_eq!(Part::parse("supplied-products"), Some(Part::SuppliedProduct));
    assert_eq!(Part::parse("catalog"), None);
    assert_eq!(Part::parse("../offers"), None);
}

#[test]
fn a_catalogue_read_back_from_its_dfc_document_gives_the_same_lines() {
    let farm = Enterprise {
        id: 3,
        name: "Ferme".into(),
        description: String::new(),
    };
    let items = [
        carrots(),
        Item {
            variant_id: 8,
            name: "Jus de pomme — Bouteille".into(),
            category: Category::Drinks,
            unit: Unit::L,
            quantity: 750,
            price_cents: 405,
            vat_bp: 2000,
            stock: None,
        },
        Item {
            variant_id: 9,
            name: "Œufs".into(),
            category: Category::Eggs,
            unit: Unit::Piece,
            quantity: 6,
            price_cents: 1,
            vat_bp: 0,
            stock: Some(0),
        },
    ];
    let doc = catalogue(&iris(), &farm, &items).to_string();
    assert!(import::is_dfc(&doc));
    let csv = import::to_csv(&doc).unwrap();
    let rows = crate::catalogue::csv::parse(&csv).unwrap();
    assert_eq!(rows.len(), 3);
    for (row, item) in rows.iter().zip(&items) {
        assert_eq!(row.variant_id, None);
        assert_eq!(row.category, item.category);
        assert_eq!(row.unit, item.unit);
        assert_eq!(row.variant.quantity, item.quantity);
        assert_eq!(row.variant.retail_price_cents, item.price_cents);
        assert_eq!(row.variant.vat_bp, item.vat_bp);
        let stock = match item.stock {
            Some(n) => crate::catalogue::Stock::Finite(n),
            None => crate::catalogue::Stock::OnDemand { cap: None },
        };
        assert_eq!(row.variant.stock, stock);
    }
    assert_eq!(rows[1].product_name, "Jus de pomme");
    assert_eq!(rows[1].variant.name, "Bouteille");
    assert_eq!(rows[0].product_name, "Carottes");
}

#[test]
fn a_dfc_document_may_refer_to_its_blank_nodes_and_use_full_names() {
    let b = "https://github.com/datafoodconsortium/ontology/releases/latest/download/DFC_BusinessOntology.owl#";
    let doc = json!({ "@graph": [
        { "@id": "_:q", "@type": "dfc-b:QuantitativeValue", "dfc-b:hasUnit": "dfc-m:Gram", "dfc-b:value": "250" },
        { "@id": "http://x/p", "@type": format!("{b}SuppliedProduct"), format!("{b}name"): "Miel",
          "dfc-b:hasType": "dfc-pt:local-grocery-store", "dfc-b:hasQuantity": "_:q" },
        { "@id": "http://x/i", "@type": ["dfc-b:CatalogItem"], "dfc-b:references": "http://x/p", "dfc-b:stockLimitation": "7" },
        { "@id": "http://x/o", "@type": "dfc-b:Offer", "dfc-b:offeredItem": { "@id": "http://x/i" },
          "dfc-b:hasPrice": { "dfc-b:value": { "@value": "6.5" }, "dfc-b:VATrate": 5.5 } },
    ]});
    let rows = crate::catalogue::csv::parse(&import::to_csv(&doc.to_string()).unwrap()).unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].product_name, "Miel");
    assert_eq!(rows[0].category, Category::Grocery);
    assert_eq!((rows[0].unit, rows[0].variant.quantity), (Unit::G, 250));
    assert_eq!(rows[0].variant.retail_price_cents, 650);
    assert_eq!(rows[0].variant.stock, crate::catalogue::Stock::Finite(7));
}

#[test]
fn what_maillon_cannot_place_is_a_line_error_or_a_clear_refusal() {
    assert_eq!(import::to_csv("{ not json"), Err(crate::i18n::Msg::ErrDfcUnreadable));
    assert_eq!(
        import::to_csv(r#"{"@graph": [{"@type": "dfc-b:Enterprise"}]}"#),
        Err(crate::i18n::Msg::ErrDfcNoProducts)
    );
    assert!(!import::is_dfc("produit;categorie\n"));
    // A tomato type and an ounce: the preview says which line and which field.
    let doc = json!({ "@graph": [{ "@id": "http://x/p", "@type": "dfc-b:SuppliedProduct", "dfc-b:name": "Tomate",
        "dfc-b:hasType": "dfc-pt:round-tomato",
        "dfc-b:hasQuantity": { "dfc-b:hasUnit": "dfc-m:Ounce", "dfc-b:value": 3 } }]});
    let errors = crate::catalogue::csv::parse(&import::to_csv(&doc.to_string()).unwrap()).unwrap_err();
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert!(
        fields.contains(&"categorie") || fields.contains(&"category"),
        "{fields:?}"
    );
    // Each error names its product: the lines are not a file the producer has seen.
    assert!(errors.iter().all(|e| e.label == "Tomate"), "{errors:?}");
}
