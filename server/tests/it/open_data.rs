//! The transparency page and the open data through the real server on the demo: anyone reads
//! them without signing in, the files carry the dictionary's columns and the licence, and no
//! export holds a name, an email or an address from the database.

use maillon_test_support::TestDb;
use maillon_test_support::server::Browser;

#[tokio::test]
async fn anyone_reads_the_figures_and_no_export_holds_personal_data() {
    let db = TestDb::migrated().await;
    let server = crate::spawn(&db.url, &[]).await;
    let pool = db.pool();
    let anonymous = Browser::open(&server).await;

    let page = anonymous.get(&server.base, "/transparence").await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Année "), "the demo's delivered cycle makes a year");
    assert!(page.contains("<svg"), "charts drawn on the server");
    assert!(page.contains("<table"), "a table beside the charts");
    assert!(page.contains("arrêté du 26 avril 2017"), "the factors' source");

    let csv = anonymous.get(&server.base, "/donnees/transparence.csv").await;
    assert_eq!(csv.status(), 200);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let csv = csv.text().await.unwrap();
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap().to_owned();
    let keys: Vec<&str> = maillon::transparency::COLUMNS.iter().map(|c| c.key).collect();
    assert_eq!(header, keys.join(";"));
    assert!(csv.lines().count() >= 3, "the year and its cycle: {csv}");

    let json = anonymous.get(&server.base, "/donnees/transparence.json").await;
    assert_eq!(json.status(), 200);
    let json = json.text().await.unwrap();
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["licence"]["code"], "etalab-2.0");
    let rows = parsed["lignes"].as_array().unwrap();
    let year = &rows[0];
    assert_eq!(year["masque"], "non", "the demo's year is published: {year}");
    assert!(year["foyers"].as_i64().unwrap() >= 5);
    assert!(
        year["km_hub"].as_f64().unwrap() > 0.0,
        "the demo's past cycle had a round"
    );

    let dictionary = anonymous.get(&server.base, "/donnees").await.text().await.unwrap();
    for key in &keys {
        assert!(dictionary.contains(key), "the dictionary explains {key}");
    }

    // The value chains are open data only once the board says so.
    let flows = anonymous.get(&server.base, "/donnees/filieres.csv").await;
    assert_eq!(flows.status(), 404);
    sqlx::query("UPDATE coops SET value_chains_open = true")
        .execute(&pool)
        .await
        .unwrap();
    let flows = anonymous.get(&server.base, "/donnees/filieres.csv").await;
    assert_eq!(flows.status(), 200);
    let flows = flows.text().await.unwrap();
    let header = flows.trim_start_matches('\u{feff}').lines().next().unwrap().to_owned();
    assert_eq!(header, maillon::transparency::flows::OPEN_COLUMNS.join(";"));

    // Every name, email and address the database holds, none of them in an export.
    let personal: Vec<String> = sqlx::query_scalar(
        "SELECT v FROM (
             SELECT email AS v FROM users UNION SELECT display_name FROM users
             UNION SELECT delivery_address FROM orders UNION SELECT address FROM pickup_points
             UNION SELECT street FROM billing_identities UNION SELECT name FROM shops UNION SELECT address FROM shops
             UNION SELECT farm_name FROM producers UNION SELECT address FROM producers
         ) p WHERE length(v) >= 4",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert!(personal.len() > 20, "the demo has people: {personal:?}");
    for text in [&csv, &json, &flows] {
        for p in &personal {
            assert!(!text.contains(p.as_str()), "an export holds {p:?}");
        }
        assert!(!text.contains('@'), "no email at all");
    }
}
