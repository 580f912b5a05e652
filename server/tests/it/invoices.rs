//! Invoices through the real server on the demo's delivered cycle: the buyer opens the
//! printable invoice from their order, a shop downloads its EN 16931 XML, valid against the
//! Factur-X XSD, the board cancels an invoice by a credit note whose XML is valid too, and
//! nobody else reads them.

use maillon_test_support::TestDb;
use maillon_test_support::demo::DEMO_PASSWORD;
use maillon_test_support::server::Browser;
use maillon_test_support::validators::validate;

#[tokio::test]
async fn a_shop_downloads_its_e_invoice_and_the_board_cancels_one_with_a_credit_note() {
    let db = TestDb::migrated().await;
    let server = crate::spawn(&db.url, &[]).await;
    let pool = db.pool();
    let (shop_invoice, shop_order): (i64, i64) = sqlx::query_as(
        "SELECT i.id, i.order_id FROM invoices i JOIN users u ON u.id = i.buyer_user_id
         WHERE u.email = 'commerce@maillon.test' AND i.kind = 'invoice'",
    )
    .fetch_one(&pool)
    .await
    .expect("the demo's delivered cycle invoiced the shop's order");
    let resident_invoice: i64 = sqlx::query_scalar(
        "SELECT i.id FROM invoices i JOIN users u ON u.id = i.buyer_user_id WHERE u.email = 'habitant@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();

    let shop = Browser::open(&server).await;
    shop.sign_in(&server.base, "commerce@maillon.test", DEMO_PASSWORD).await;
    let order = shop
        .get(&server.base, &format!("/commandes/{shop_order}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        order.contains(&format!("/factures/{shop_invoice}/facture.xml")),
        "the order links its XML"
    );
    let page = shop.get(&server.base, &format!("/factures/{shop_invoice}")).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    for mention in [
        "SCIC Maillon Lille Métropole",
        "SIREN 912345675",
        "FR65912345675",
        "Épicerie Le Panier de Wazemmes",
        "SIREN 850123456",
    ] {
        assert!(page.contains(mention), "the invoice states {mention}");
    }
    let xml = shop
        .get(&server.base, &format!("/factures/{shop_invoice}/facture.xml"))
        .await;
    assert_eq!(xml.status(), 200);
    assert!(
        xml.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/xml")
    );
    let xml = xml.text().await.unwrap();
    assert!(xml.contains("<ram:TypeCode>380</ram:TypeCode>"));
    assert!(
        xml.contains("<ram:ID schemeID=\"0002\">850123456</ram:ID>"),
        "the buyer's SIREN"
    );
    validate("cii", &xml);

    // Someone else's invoice does not exist for the shop; a resident's invoice has no XML.
    assert_eq!(
        shop.get(&server.base, &format!("/factures/{resident_invoice}"))
            .await
            .status(),
        404
    );
    let resident = Browser::open(&server).await;
    resident
        .sign_in(&server.base, "habitant@maillon.test", DEMO_PASSWORD)
        .await;
    assert_eq!(
        resident
            .get(&server.base, &format!("/factures/{resident_invoice}"))
            .await
            .status(),
        200
    );
    assert_eq!(
        resident
            .get(&server.base, &format!("/factures/{resident_invoice}/facture.xml"))
            .await
            .status(),
        404
    );
    assert_eq!(
        resident
            .get(&server.base, &format!("/factures/{shop_invoice}/facture.xml"))
            .await
            .status(),
        404
    );
    let anonymous = Browser::open(&server).await;
    assert_eq!(
        anonymous
            .get(&server.base, &format!("/factures/{shop_invoice}/facture.xml"))
            .await
            .status(),
        401
    );

    // Only the board cancels, and only with a reason; the credit note's XML is valid too.
    let refused = shop
        .post(
            &server.base,
            "cancel_invoice",
            &[("id", &shop_invoice.to_string()), ("reason", "Non")],
        )
        .await;
    assert_eq!(refused.status(), 403);
    let board = Browser::open(&server).await;
    board.sign_in(&server.base, "conseil@maillon.test", DEMO_PASSWORD).await;
    let empty = board
        .post(
            &server.base,
            "cancel_invoice",
            &[("id", &shop_invoice.to_string()), ("reason", " ")],
        )
        .await;
    assert_eq!(empty.status(), 422);
    let cancelled = board
        .post(
            &server.base,
            "cancel_invoice",
            &[("id", &shop_invoice.to_string()), ("reason", "Livraison refusée")],
        )
        .await;
    assert!(
        cancelled.status().is_success() || cancelled.status().is_redirection(),
        "{}",
        cancelled.status()
    );
    let note: i64 = sqlx::query_scalar("SELECT id FROM invoices WHERE cancels = $1")
        .bind(shop_invoice)
        .fetch_one(&pool)
        .await
        .unwrap();
    let xml = shop
        .get(&server.base, &format!("/factures/{note}/facture.xml"))
        .await
        .text()
        .await
        .unwrap();
    assert!(xml.contains("<ram:TypeCode>381</ram:TypeCode>"));
    assert!(xml.contains("<ram:InvoiceReferencedDocument>"));
    validate("cii", &xml);
    let again = board
        .post(
            &server.base,
            "cancel_invoice",
            &[("id", &shop_invoice.to_string()), ("reason", "Deux fois")],
        )
        .await;
    assert_eq!(again.status(), 422);
    let list = board.get(&server.base, "/conseil/factures").await.text().await.unwrap();
    assert!(list.contains(&format!("/factures/{note}")));

    // The year's accounts for the accountant: the board's only, every cell formula-safe.
    sqlx::query("UPDATE order_cycles SET name = '=HYPERLINK(\"http://x\")' WHERE id = (SELECT cycle_id FROM invoices WHERE id = $1)")
        .bind(shop_invoice)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(shop.get(&server.base, "/conseil/comptes.csv").await.status(), 403);
    assert_eq!(
        board.get(&server.base, "/conseil/comptes.csv?annee=abc").await.status(),
        400
    );
    let csv = board.get(&server.base, "/conseil/comptes.csv").await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.starts_with("\u{feff}cycle;factures;avoirs;ca_ttc"), "{csv}");
    let page = board.get(&server.base, "/conseil/comptes").await.text().await.unwrap();
    assert!(page.contains("Part des producteurs"));
}
