//! Producers' payout statements: drawn up when a cycle is delivered from what was really
//! delivered, read by their producer and the board only, batched into a SEPA file valid
//! against the pain.001.001.03 XSD, and marked paid once.

use super::*;
use maillon::catalogue::{Split, SplitTarget};
use maillon::ledger::bank::parse_iban;
use maillon::ledger::store as ledger;
use maillon_test_support::validators::{iban_verdicts, validate};

/// Two variants of two different farms in the demo's open cycle.
async fn two_farms(pool: &PgPool, cycle: i64) -> Vec<(i64, i64)> {
    sqlx::query_as(
        "SELECT DISTINCT ON (p.producer_id) v.id, p.producer_id FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         JOIN products p ON p.id = v.product_id
         WHERE o.cycle_id = $1 AND v.case_size = 1 ORDER BY p.producer_id, v.id LIMIT 2",
    )
    .bind(cycle)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn statements_pay_what_was_delivered_and_a_batch_pays_them_by_sepa_transfer() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let farms = two_farms(&pool, cycle).await;
    assert_eq!(farms.len(), 2);
    sqlx::query("UPDATE variants SET stock_mode = 'on_demand' WHERE id = ANY($1)")
        .bind(farms.iter().map(|f| f.0).collect::<Vec<_>>())
        .execute(&pool)
        .await
        .unwrap();
    let buyers = residents(&pool, &coop, 2).await;
    let first = order(&pool, &coop, cycle, &buyers[0], farms[0].0, 3, "p1").await;
    order(&pool, &coop, cycle, &buyers[1], farms[0].0, 2, "p2").await;
    order(&pool, &coop, cycle, &buyers[1], farms[1].0, 1, "p3").await;
    let c = ctx(&pool, &coop);
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::CloseNow)
        .await
        .unwrap();
    sqlx::query("UPDATE order_lines SET missing = 1 WHERE order_id = $1")
        .bind(first)
        .execute(&pool)
        .await
        .unwrap();
    // The board's split: a general rule, and a rule of its own for the first farm.
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    let general = Split {
        hub_bp: 800,
        coop_bp: 600,
        solidarity_bp: 100,
    };
    let farm_rule = Split {
        hub_bp: 300,
        coop_bp: 1000,
        solidarity_bp: 200,
    };
    maillon::catalogue::store::set_general_split(&c, &board, general)
        .await
        .unwrap();
    maillon::catalogue::store::save_split_rule(&c, &board, SplitTarget::Producer(farms[0].1), farm_rule)
        .await
        .unwrap();
    maillon::hub::closing::act_on_cycle(&c, cycle, CycleAction::MarkDelivered)
        .await
        .unwrap();

    let price = |variant: i64| {
        let pool = pool.clone();
        async move {
            sqlx::query_as::<_, (i64, i32)>("SELECT retail_price_cents, vat_bp FROM variants WHERE id = $1")
                .bind(variant)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let (unit, vat) = price(farms[0].0).await;
    let share = maillon::catalogue::price_share(unit, vat, farm_rule);
    let statement: i64 = sqlx::query_scalar("SELECT id FROM payouts WHERE cycle_id = $1 AND producer_id = $2")
        .bind(cycle)
        .bind(farms[0].1)
        .fetch_one(&pool)
        .await
        .unwrap();
    let view = ledger::payout(&c, &board, statement).await.unwrap();
    // 5 ordered, 1 missing: 4 delivered at the producer's part of the price, by its rule.
    let st = &view.statement;
    assert_eq!(st.missing_units, 1);
    assert_eq!(st.payout_cents, 4 * share.producer_cents);
    assert_eq!(st.hub_cents, 4 * share.hub_cents);
    assert_eq!(st.solidarity_cents, 4 * share.solidarity_cents);
    assert_eq!(st.sales_cents, 4 * unit);
    assert_eq!(
        st.sales_cents,
        st.vat_cents + st.hub_cents + st.commission_cents + st.solidarity_cents + st.payout_cents
    );
    // The other farm follows the general rule (no rule for its category).
    let (unit, vat) = price(farms[1].0).await;
    let other: (i64, i64) =
        sqlx::query_as("SELECT payout_cents, hub_cents FROM payouts WHERE cycle_id = $1 AND producer_id = $2")
            .bind(cycle)
            .bind(farms[1].1)
            .fetch_one(&pool)
            .await
            .unwrap();
    let share = maillon::catalogue::price_share(unit, vat, general);
    assert_eq!(other, (share.producer_cents, share.hub_cents));

    // Its producer reads it; another producer is told it does not exist.
    let owner: String =
        sqlx::query_scalar("SELECT u.email FROM producers p JOIN users u ON u.id = p.user_id WHERE p.id = $1")
            .bind(farms[0].1)
            .fetch_one(&pool)
            .await
            .unwrap();
    let other: String =
        sqlx::query_scalar("SELECT u.email FROM producers p JOIN users u ON u.id = p.user_id WHERE p.id = $1")
            .bind(farms[1].1)
            .fetch_one(&pool)
            .await
            .unwrap();
    let owner = user(&pool, &coop, &owner).await;
    let other = user(&pool, &coop, &other).await;
    assert_eq!(ledger::payout(&c, &owner, statement).await.unwrap().id, statement);
    assert!(matches!(
        ledger::payout(&c, &other, statement).await,
        Err(ServiceError::NotFound)
    ));
    assert_eq!(ledger::my_payouts(&c, &owner, 1).await.unwrap().items[0].id, statement);

    // No batch before the cooperative's own account is known.
    let tomorrow = c.today() + chrono::Duration::days(1);
    assert!(matches!(
        ledger::create_batch(&c, &board, tomorrow).await,
        Err(ServiceError::Invalid { .. })
    ));
    sqlx::query(
        "INSERT INTO billing_identities (coop_id, legal_name, legal_form, street, postcode, city, siren, iban, bic)
         VALUES ($1, 'SCIC Maillon', 'SCIC SAS', '1 rue', '59000', 'Lille', '912345675', 'FR7630006000011234567890189', 'AGRIFRPP')",
    )
    .bind(coop.id)
    .execute(&pool)
    .await
    .unwrap();
    let account = maillon::ledger::bank::parse_bank_account(
        "Ferme de l'Écluse",
        "FR14 2004 1010 0505 0001 3M02 606",
        "PSSTFRPPLIL",
    )
    .unwrap();
    ledger::set_bank_account(&c, &owner, &account).await.unwrap();
    assert!(matches!(
        ledger::create_batch(&c, &board, c.today() - chrono::Duration::days(1)).await,
        Err(ServiceError::Invalid {
            field: Some("execution"),
            ..
        })
    ));
    let batch = ledger::create_batch(&c, &board, tomorrow).await.unwrap();
    let (name, xml) = ledger::batch_file(&c, batch).await.unwrap();
    assert!(name.ends_with(".xml"));
    assert!(
        xml.contains("<NbOfTxs>1</NbOfTxs>"),
        "only the producer with an IBAN: {xml}"
    );
    assert!(xml.contains("FR1420041010050500013M02606"));
    validate("pain001", &xml);
    assert!(
        matches!(
            ledger::create_batch(&c, &board, tomorrow).await,
            Err(ServiceError::Invalid { .. })
        ),
        "nothing left to batch"
    );

    ledger::mark_batch_paid(&c, &board, batch).await.unwrap();
    assert!(ledger::payout(&c, &owner, statement).await.unwrap().paid_at.is_some());
    assert!(matches!(
        ledger::mark_batch_paid(&c, &board, batch).await,
        Err(ServiceError::NotFound)
    ));
    // Amounts are final; only the payment is recorded.
    assert!(
        sqlx::query("UPDATE payouts SET payout_cents = 0 WHERE id = $1")
            .bind(statement)
            .execute(&pool)
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM payout_lines WHERE payout_id = $1")
            .bind(statement)
            .execute(&pool)
            .await
            .is_err()
    );
    let audited: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE action LIKE 'payout%' ORDER BY id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        audited,
        ["payouts_drawn_up", "payout_batch_created", "payout_batch_paid"]
    );
}

/// Our IBAN check agrees with schwifty's (the IBAN registry's rules) on valid IBANs of several
/// countries and on each of them with one character changed.
#[test]
fn the_iban_check_agrees_with_schwifty() {
    let valid = [
        "FR1420041010050500013M02606",
        "FR7630006000011234567890189",
        "DE89370400440532013000",
        "BE68539007547034",
        "NL91ABNA0417164300",
        "ES9121000418450200051332",
        "IT60X0542811101000000123456",
        "LU280019400644750000",
        "CH9300762011623852957",
        "GB29NWBK60161331926819",
    ];
    let mut candidates: Vec<String> = Vec::new();
    for iban in valid {
        candidates.push(iban.to_owned());
        for at in [5, 9, iban.len() - 1] {
            let mut bytes = iban.as_bytes().to_vec();
            bytes[at] = if bytes[at] == b'7' { b'3' } else { b'7' };
            candidates.push(String::from_utf8(bytes).unwrap());
        }
        candidates.push(format!("{iban}0"));
    }
    let ours: Vec<bool> = candidates.iter().map(|i| parse_iban(i).is_some()).collect();
    assert_eq!(ours, iban_verdicts(&candidates), "{candidates:?}");
    assert!(ours.iter().filter(|v| **v).count() >= valid.len());
}
