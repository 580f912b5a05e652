//! The DFC documents through the real server on the demo: the official connector
//! (`@datafoodconsortium/connector`) reads every one of them offline and round trip
//! (`end2end/dfc/conformance.mjs`), and what it read is what the database holds: the exact
//! number of objects of each type, prices, VAT rates, units, quantities and stock limits.

use std::collections::HashMap;

use chrono::{DateTime, SecondsFormat, Utc};
use maillon::catalogue::Stock;
use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::server::Browser;
use maillon_test_support::validators::dfc;
use serde_json::Value;

fn count(objects: &Value, kind: &str) -> usize {
    objects.as_array().unwrap().iter().filter(|o| o["type"] == kind).count()
}

/// The object whose IRI ends with `tail`.
fn object<'a>(objects: &'a Value, tail: &str) -> &'a Value {
    objects
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"].as_str().unwrap().ends_with(tail))
        .unwrap_or_else(|| panic!("no object {tail} in {objects}"))
}

/// A decimal the connector read, in hundredths (cents, basis points).
fn hundredths(v: &Value) -> i64 {
    (v.as_f64().unwrap() * 100.0).round() as i64
}

/// A taxonomy's term as the connector names it: `dfc-m:Kilogram`, or the IRI it stands for.
fn term<'a>(iri: &'a Value, prefix: &str, file: &str) -> &'a str {
    let iri = iri.as_str().unwrap();
    iri.strip_prefix(&format!("{prefix}:"))
        .or_else(|| iri.split_once(&format!("{file}#")).map(|(_, t)| t))
        .unwrap_or_else(|| panic!("{iri} is not a term of {file}"))
}

/// The DFC measure's name and the steps per unit of each of Maillon's units.
fn measure(unit: &str) -> (&'static str, f64) {
    match unit {
        "kg" => ("Kilogram", 1000.0),
        "g" => ("Gram", 1.0),
        "l" => ("Litre", 1000.0),
        "ml" => ("Millilitre", 1.0),
        "piece" => ("Piece", 1.0),
        "botte" => ("Bunch", 1.0),
        other => panic!("unit {other}"),
    }
}

fn stock(mode: &str, stock: i64, cap: Option<i64>) -> Stock {
    if mode == "on_demand" {
        Stock::OnDemand { cap }
    } else {
        Stock::Finite(stock)
    }
}

/// An offer of the cycle: variant, price, stock mode, stock, on-demand cap, cycle cap, sold, VAT.
type OfferRow = (i64, i64, String, i64, Option<i64>, Option<i64>, i64, i32);

#[tokio::test]
async fn the_official_connector_reads_every_document_as_the_database_holds_it() {
    let db = TestDb::migrated().await;
    let server = crate::spawn(&db.url, &[]).await;
    let pool = db.pool();

    let (producer, listed): (i64, i64) = sqlx::query_as(
        "SELECT p.producer_id, count(*) FROM products p JOIN variants v ON v.product_id = p.id
         WHERE p.listed AND v.active GROUP BY p.producer_id ORDER BY count(*) DESC, p.producer_id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let producers: i64 = sqlx::query_scalar("SELECT count(DISTINCT producer_id) FROM products WHERE listed")
        .fetch_one(&pool)
        .await
        .unwrap();
    let (cycle, opens, closes): (i64, DateTime<Utc>, DateTime<Utc>) = sqlx::query_as(
        "SELECT id, opens_at, closes_at FROM order_cycles WHERE status = 'open' AND closes_at > now()
         ORDER BY closes_at, id LIMIT 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let variant: i64 = sqlx::query_scalar(
        "SELECT min(v.id) FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.producer_id = $1 AND p.listed AND v.active",
    )
    .bind(producer)
    .fetch_one(&pool)
    .await
    .unwrap();
    let offered: i64 = sqlx::query_scalar(
        "SELECT min(o.variant_id) FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         JOIN products p ON p.id = v.product_id WHERE o.cycle_id = $1 AND p.active AND v.active",
    )
    .bind(cycle)
    .fetch_one(&pool)
    .await
    .unwrap();

    let enterprise = format!("/dfc/enterprises/{producer}");
    let session = format!("/dfc/sale-sessions/{cycle}");
    let paths: Vec<String> = vec![
        "/dfc/enterprises".into(),
        "/dfc/enterprises/cooperative".into(),
        enterprise.clone(),
        format!("{enterprise}/catalog"),
        format!("{enterprise}/catalog-items/{variant}"),
        format!("{enterprise}/supplied-products/{variant}"),
        format!("{enterprise}/offers/{variant}"),
        "/dfc/sale-sessions".into(),
        session.clone(),
        format!("{session}/offers/{offered}"),
    ];
    let report = dfc(&server.base, &paths);

    // The cooperative and every producer with a listed product.
    let all = &report["/dfc/enterprises"];
    assert_eq!(all.as_array().unwrap().len() as i64, producers + 1);
    assert_eq!(count(all, "dfc-b:Enterprise") as i64, producers + 1);
    let coop: String = sqlx::query_scalar("SELECT name FROM coops ORDER BY id LIMIT 1")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(object(all, "/enterprises/cooperative")["name"], coop.as_str());
    assert_eq!(report["/dfc/enterprises/cooperative"].as_array().unwrap().len(), 1);

    // A producer's catalogue: one enterprise, one catalog, and per active variant of a listed
    // product a catalog item, a supplied product and an offer, nothing else.
    let listed = listed as usize;
    let catalogue = &report[&enterprise];
    assert_eq!(catalogue.as_array().unwrap().len(), 2 + 3 * listed);
    for (kind, n) in [
        ("dfc-b:Enterprise", 1),
        ("dfc-b:Catalog", 1),
        ("dfc-b:CatalogItem", listed),
        ("dfc-b:SuppliedProduct", listed),
        ("dfc-b:Offer", listed),
    ] {
        assert_eq!(count(catalogue, kind), n, "{kind}");
    }
    assert_eq!(report[&format!("{enterprise}/catalog")], *catalogue);
    let farm = object(catalogue, &enterprise);
    assert_eq!(farm["manages"].as_array().unwrap().len(), listed);
    assert_eq!(farm["supplies"].as_array().unwrap().len(), listed);

    let rows: Vec<(i64, String, i64, i64, i32, String, i64)> = sqlx::query_as(
        "SELECT v.id, p.unit, v.quantity, v.retail_price_cents, v.vat_bp, v.stock_mode, v.stock
         FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.producer_id = $1 AND p.listed AND v.active",
    )
    .bind(producer)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), listed);
    for (id, unit, quantity, price, vat, mode, units) in rows {
        let product = object(catalogue, &format!("/supplied-products/{id}"));
        let (name, per) = measure(&unit);
        let q = &product["quantity"];
        assert_eq!(term(&q["unit"], "dfc-m", "measures.rdf"), name, "{q}");
        assert_eq!((q["value"].as_f64().unwrap() * per).round() as i64, quantity, "{q}");
        let category: String = sqlx::query_scalar(
            "SELECT p.category FROM products p JOIN variants v ON v.product_id = p.id WHERE v.id = $1",
        )
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
        let expected = maillon::dfc::product_type(maillon::catalogue::Category::parse(&category).unwrap());
        assert_eq!(
            format!("dfc-pt:{}", term(&product["productType"], "dfc-pt", "productTypes.rdf")),
            expected
        );

        let item = object(catalogue, &format!("/catalog-items/{id}"));
        assert_eq!(item["sku"], format!("maillon-{id}"));
        assert_eq!(item["references"], product["id"]);
        let offer = object(catalogue, &format!("/offers/{id}"));
        assert_eq!(offer["offeredItem"], item["id"]);
        assert_eq!(hundredths(&offer["price"]["value"]), price);
        assert_eq!(hundredths(&offer["price"]["vatRate"]), i64::from(vat));
        assert_eq!(term(&offer["price"]["unit"], "dfc-m", "measures.rdf"), "Euro");
        let limit = (mode == "finite").then_some(units.max(0));
        assert_eq!(offer["stockLimitation"].as_i64(), limit);
        assert_eq!(item["stockLimitation"].as_i64(), limit);
    }
    // Each object alone at its IRI is the same object.
    for part in ["catalog-items", "supplied-products", "offers"] {
        let alone = &report[&format!("{enterprise}/{part}/{variant}")];
        assert_eq!(alone.as_array().unwrap().len(), 1);
        assert_eq!(alone[0], *object(catalogue, &format!("/{part}/{variant}")));
    }

    // The open cycle as a sale session: its dates, and an offer per active offer at the
    // cycle's price, limited to what is left.
    let sold: Vec<OfferRow> = sqlx::query_as(
        "SELECT o.variant_id, coalesce(o.retail_price_cents, v.retail_price_cents), v.stock_mode, v.stock,
                v.on_demand_cap, o.stock_cap, o.sold, v.vat_bp
         FROM cycle_offers o JOIN variants v ON v.id = o.variant_id JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND p.active AND v.active",
    )
    .bind(cycle)
    .fetch_all(&pool)
    .await
    .unwrap();
    let sale = &report[&session];
    assert_eq!(sale.as_array().unwrap().len(), 1 + sold.len());
    assert_eq!(count(sale, "dfc-b:SaleSession"), 1);
    assert_eq!(count(sale, "dfc-b:Offer"), sold.len());
    let head = object(sale, &session);
    let date = |d: DateTime<Utc>| d.to_rfc3339_opts(SecondsFormat::Secs, true);
    assert_eq!(head["beginDate"], date(opens));
    assert_eq!(head["endDate"], date(closes));
    assert_eq!(head["lists"].as_array().unwrap().len(), sold.len());
    let offers: HashMap<i64, &Value> = sold
        .iter()
        .map(|r| (r.0, object(sale, &format!("{session}/offers/{}", r.0))))
        .collect();
    for (id, price, mode, units, cap, cycle_cap, sold_units, vat) in &sold {
        let offer = offers[id];
        assert_eq!(hundredths(&offer["price"]["value"]), *price);
        assert_eq!(hundredths(&offer["price"]["vatRate"]), i64::from(*vat));
        let left = maillon::orders::available(stock(mode, *units, *cap), *cycle_cap, *sold_units);
        assert_eq!(offer["stockLimitation"].as_i64(), left, "{offer}");
        assert!(
            offer["offeredItem"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/catalog-items/{id}"))
        );
    }
    let listing = &report["/dfc/sale-sessions"];
    assert_eq!(count(listing, "dfc-b:SaleSession"), listing.as_array().unwrap().len());
    assert_eq!(object(listing, &session)["lists"], head["lists"]);
    assert_eq!(report[&format!("{session}/offers/{offered}")][0], *offers[&offered]);

    // Nothing else is found: not a listed variant, not an open cycle, not an object kind.
    let anonymous = Browser::open(&server).await;
    let closed: i64 = sqlx::query_scalar("SELECT min(id) FROM order_cycles WHERE status <> 'open'")
        .fetch_one(&pool)
        .await
        .unwrap();
    let unlisted: i64 = sqlx::query_scalar(
        "SELECT coalesce(min(v.id), 0) FROM variants v JOIN products p ON p.id = v.product_id
         WHERE p.producer_id = $1 AND NOT (p.listed AND v.active)",
    )
    .bind(producer)
    .fetch_one(&pool)
    .await
    .unwrap();
    for missing in [
        format!("/dfc/sale-sessions/{closed}"),
        format!("{enterprise}/offers/{unlisted}"),
        format!("{enterprise}/offers/99999999"),
        format!("{enterprise}/stock/{variant}"),
        "/dfc/enterprises/abc".to_owned(),
        "/dfc/enterprises/0".to_owned(),
        "/dfc/enterprises/99999999999999999999".to_owned(),
    ] {
        let response = anonymous.get(&server.base, &missing).await;
        assert_eq!(response.status(), 404, "{missing}");
    }
}

type Line = (String, String, String, i64, i64, i32, String, i64);

/// A farm's listed lines, as an import compares them.
async fn lines(pool: &sqlx::PgPool, farm: i64) -> Vec<Line> {
    let mut lines: Vec<Line> = sqlx::query_as(
        "SELECT p.name || CASE WHEN v.name = '' THEN '' ELSE ' — ' || v.name END, p.category, p.unit,
                v.quantity, v.retail_price_cents, v.vat_bp, v.stock_mode,
                CASE WHEN v.stock_mode = 'finite' THEN greatest(v.stock, 0) ELSE 0 END
         FROM products p JOIN variants v ON v.product_id = p.id
         WHERE p.producer_id = $1 AND p.listed AND v.active",
    )
    .bind(farm)
    .fetch_all(pool)
    .await
    .unwrap();
    lines.sort();
    lines
}

/// The demo producer's farm, and the farm with the most listed variants among the others.
async fn importer_and_source(pool: &sqlx::PgPool) -> (i64, i64) {
    let importer: i64 = sqlx::query_scalar(
        "SELECT pr.id FROM producers pr JOIN users u ON u.id = pr.user_id WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    let source: i64 = sqlx::query_scalar(
        "SELECT p.producer_id FROM products p JOIN variants v ON v.product_id = p.id
         WHERE p.listed AND v.active AND p.producer_id <> $1
         GROUP BY p.producer_id ORDER BY count(*) DESC, p.producer_id LIMIT 1",
    )
    .bind(importer)
    .fetch_one(pool)
    .await
    .unwrap();
    (importer, source)
}

/// Posts the import form as a browser would; where it sends the browser (the preview, or
/// back to the form with the error).
async fn upload(base: &str, producer: &Browser, form: reqwest::multipart::Form) -> String {
    let form = form.text("csrf", producer.csrf.clone());
    let response = producer
        .http
        .post(format!("{base}{}", maillon::paths::IMPORT_UPLOAD))
        .header("accept", "text/html")
        .multipart(form)
        .send()
        .await
        .unwrap();
    response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_else(|| panic!("no redirection: {}", response.status()))
}

/// Applies the import a preview address names.
async fn apply(base: &str, producer: &Browser, preview: &str) {
    let id = preview
        .strip_prefix("/producteur/import/")
        .filter(|id| id.parse::<i64>().is_ok())
        .unwrap_or_else(|| panic!("no preview: {preview}"));
    let applied = producer.post(base, "apply_import", &[("id", id)]).await;
    assert_eq!(applied.status(), 200, "{}", applied.text().await.unwrap());
}

/// A catalogue the connector exported, imported into Maillon by another producer through the
/// import's preview: the same products, sizes, prices, VAT rates and stock.
#[tokio::test]
async fn a_catalogue_the_connector_exported_imports_into_maillon() {
    let db = TestDb::migrated().await;
    let server = crate::spawn(&db.url, &[]).await;
    let pool = db.pool();
    let (importer, source) = importer_and_source(&pool).await;
    let path = format!("/dfc/enterprises/{source}");
    let report = dfc(&server.base, std::slice::from_ref(&path));
    let exported = report[&format!("export:{path}")].as_str().unwrap().to_owned();

    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(exported.into_bytes()).file_name("catalogue.jsonld"),
    );
    let preview = upload(&server.base, &producer, form).await;
    apply(&server.base, &producer, &preview).await;

    let before = lines(&pool, source).await;
    let mut imported = lines(&pool, importer).await;
    imported.retain(|l| before.contains(l));
    assert_eq!(imported, before);
}

/// A catalogue imported from its address: here another farm's DFC catalogue on this very
/// server, which the operator trusts (a private address otherwise refused); a private address
/// it does not trust, and an address that is not a catalogue, are told apart.
#[tokio::test]
async fn a_catalogue_imports_from_its_address_and_private_addresses_are_refused() {
    let db = TestDb::migrated().await;
    let server = crate::spawn(&db.url, &[("MAILLON_FETCH_TRUSTED", "127.0.0.1".into())]).await;
    let pool = db.pool();
    let (importer, source) = importer_and_source(&pool).await;
    let producer = Browser::open(&server).await;
    producer
        .sign_in(&server.base, "producteur@maillon.test", DEMO_PASSWORD)
        .await;
    let from = |url: String| reqwest::multipart::Form::new().text("url", url);

    for (url, error) in [
        ("http://10.0.0.1/catalogue".to_owned(), "ErrDfcAddressPrivate"),
        ("http://127.0.0.1:1/catalogue".to_owned(), "ErrDfcFetch"),
        ("file:///etc/passwd".to_owned(), "ErrDfcAddress"),
        (format!("{}/healthz", server.base), "ErrDfcUnreadable"),
    ] {
        let back = upload(&server.base, &producer, from(url.clone())).await;
        assert!(back.ends_with(&format!("erreur={error}")), "{url}: {back}");
        // The form comes back with the address as typed.
        let typed: String = reqwest::Url::parse(&format!("{}{back}", server.base))
            .unwrap()
            .query_pairs()
            .find(|(k, _)| k == "adresse")
            .map(|(_, v)| v.into_owned())
            .unwrap_or_default();
        assert_eq!(typed, url);
    }

    let preview = upload(
        &server.base,
        &producer,
        from(format!("{}/dfc/enterprises/{source}", server.base)),
    )
    .await;
    apply(&server.base, &producer, &preview).await;
    let before = lines(&pool, source).await;
    let mut imported = lines(&pool, importer).await;
    imported.retain(|l| before.contains(l));
    assert_eq!(imported, before);
}
