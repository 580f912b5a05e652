//! The public read API through the real server on the demo: its OpenAPI document is valid and
//! every path it describes answers as described (`scripts/validate-openapi.py`), and what the
//! answers say is what the database holds.

use maillon_test_support::TestDb;
use maillon_test_support::server::Browser;
use maillon_test_support::validators::openapi;

#[tokio::test]
async fn the_api_answers_as_its_document_says_with_the_databases_figures() {
    let db = TestDb::migrated().await;
    let server = crate::spawn(&db.url, &[]).await;
    let pool = db.pool();

    let checked = openapi(&server.base);
    for path in [
        "/v1/catalogue",
        "/v1/cycles",
        "/v1/points-de-retrait",
        "/donnees/transparence.json",
    ] {
        assert!(
            checked.iter().any(|p| p == path),
            "{path} documented and checked: {checked:?}"
        );
    }

    let anonymous = Browser::open(&server).await;
    let json = |text: String| serde_json::from_str::<serde_json::Value>(&text).unwrap();
    let page = json(anonymous.get(&server.base, "/v1/catalogue").await.text().await.unwrap());
    let listed: i64 = sqlx::query_scalar("SELECT count(*) FROM products WHERE listed")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(page["total"].as_i64(), Some(listed));
    let first = &page["produits"][0]["variantes"][0];
    let price: i64 = sqlx::query_scalar("SELECT retail_price_cents FROM variants WHERE id = $1")
        .bind(first["id"].as_i64().unwrap())
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(first["prix_ttc_centimes"].as_i64(), Some(price));

    let cycles = json(anonymous.get(&server.base, "/v1/cycles").await.text().await.unwrap());
    let open: Vec<i64> = sqlx::query_scalar("SELECT id FROM order_cycles WHERE status = 'open' ORDER BY id")
        .fetch_all(&pool)
        .await
        .unwrap();
    let mut listed: Vec<i64> = cycles["cycles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    listed.sort_unstable();
    assert_eq!(listed, open);

    for bad in [
        "/v1/catalogue?page=abc",
        "/v1/catalogue?page=0",
        "/v1/catalogue?categorie=zzz",
    ] {
        assert_eq!(anonymous.get(&server.base, bad).await.status(), 400, "{bad}");
    }
}
