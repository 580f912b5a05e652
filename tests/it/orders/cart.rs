//! The cart: pro prices by the case, a cart that follows its owner on sign-in, lines named
//! with their size, and only what the cycle offers on sale.

use super::*;

#[tokio::test]
async fn shopkeepers_buy_whole_cases_at_pro_prices() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let shop = user(&pool, &coop, "commerce@maillon.test").await;
    let (v, case_size, pro): (i64, i32, i64) = sqlx::query_as(
        "SELECT v.id, v.case_size, v.pro_price_cents FROM cycle_offers o JOIN variants v ON v.id = o.variant_id
         WHERE o.cycle_id = $1 AND v.case_size > 1 AND v.stock_mode = 'on_demand' ORDER BY v.id LIMIT 1",
    )
    .bind(cycle)
    .fetch_one(&pool)
    .await
    .unwrap();
    match add(&pool, &coop, cycle, &shop, v, 1).await {
        Err(ServiceError::Invalid { msg, .. }) => assert_eq!(msg, Msg::ErrCaseMultiple),
        other => panic!("{other:?}"),
    }
    add(&pool, &coop, cycle, &shop, v, i64::from(case_size)).await.unwrap();
    let placed = checkout(&pool, &coop, cycle, &shop, &choice(slot, "attempt-pro"))
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let view = store::order_view(&mut conn, &ctx(&pool, &coop), placed.order_id, None)
        .await
        .unwrap();
    assert_eq!(view.pricing, Pricing::Pro);
    assert_eq!(view.lines[0].unit_price_cents, pro);
    assert_eq!(view.totals.total_cents, pro * i64::from(case_size));
}

#[tokio::test]
async fn a_cart_started_before_sign_in_follows_the_account() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let v = scarce(&pool, cycle, 10).await;
    let anon = CartOwner::Anon("browser-token-1234".into());
    store::add_to_cart(
        &ctx(&pool, &coop),
        maillon::ids::CycleId(cycle),
        &anon,
        Pricing::Retail,
        maillon::ids::VariantId(v),
        3,
    )
    .await
    .unwrap();
    store::adopt_carts(&pool, "browser-token-1234", buyer.id).await.unwrap();
    let cart = store::cart_view(
        &ctx(&pool, &coop),
        cycle,
        Some(&CartOwner::User(buyer.id)),
        Pricing::Retail,
        false,
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(cart.lines.len(), 1);
    assert_eq!((cart.lines[0].variant_id, cart.lines[0].quantity), (v, 3));
    let left: i64 = sqlx::query_scalar("SELECT count(*) FROM carts WHERE anon_token IS NOT NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(left, 0);
}

/// A named variant keeps its size on order lines, on the order and in packing lists, where the
/// product is named once.
#[tokio::test]
async fn order_lines_show_the_variant_name_and_size_once() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let slot = pickup_slot(&pool, cycle).await;
    let buyer = user(&pool, &coop, "habitant@maillon.test").await;
    let (v, product) = named_variant(&pool, cycle, "Bouteille").await;
    assert_eq!(product, "Jus de pomme");
    add(&pool, &coop, cycle, &buyer, v, 1).await.unwrap();
    let cart = cart_of(&pool, &coop, cycle, &buyer).await;
    assert_eq!(cart.lines[0].label(), "Jus de pomme — Bouteille · 1 L");
    let front = store::shop_front(&ctx(&pool, &coop), cycle, Pricing::Retail, None, None, buyer.locale)
        .await
        .unwrap();
    let shown = front
        .products
        .iter()
        .flat_map(|p| &p.variants)
        .find(|sv| sv.variant_id == v)
        .unwrap();
    assert_eq!(shown.label, "Bouteille · 1 L");
    let placed = checkout(&pool, &coop, cycle, &buyer, &choice(slot, "attempt-sizes"))
        .await
        .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    let order = store::order_view(&mut conn, &ctx(&pool, &coop), placed.order_id, Some(buyer.id))
        .await
        .unwrap();
    assert_eq!(order.lines[0].variant_label, "Bouteille · 1 L");
    assert_eq!(order.lines[0].label(), "Jus de pomme — Bouteille · 1 L");
    let packing = maillon::hub::store::packing(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
    )
    .await
    .unwrap();
    let label = packing.labels.iter().find(|(id, _)| *id == v).map(|(_, l)| l.as_str());
    assert_eq!(label, Some("Jus de pomme — Bouteille · 1 L"));
}

/// A product a producer adds while a cycle is open is not on sale in it, and the producer and
/// hub staff can see it; once staff offer it, the shop sells it.
#[tokio::test]
async fn a_product_added_during_a_cycle_waits_for_staff_to_offer_it() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    use maillon::catalogue::{self, VariantFields};
    let coop = demo(&pool).await;
    let cycle = open_cycle(&pool, &coop).await;
    let farm: i64 = sqlx::query_scalar(
        "SELECT p.id FROM producers p JOIN users u ON u.id = p.user_id WHERE u.email = 'producteur@maillon.test'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        cycles::not_offered(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            cycle,
            Some(farm),
            Default::default()
        )
        .await
        .unwrap()
        .is_empty()
    );
    let fields = catalogue::parse_product("Miel de trèfle", "", "epicerie", "g", &[], true).unwrap();
    let variant = VariantFields {
        name: "Pot".into(),
        quantity: 250,
        retail_price_cents: 650,
        pro_price_cents: 550,
        case_size: 6,
        vat_bp: 550,
        weight_grams: 400,
        stock: catalogue::Stock::Finite(12),
        active: true,
    };
    let product = catalogue::store::save_product(&ctx(&pool, &coop), farm, None, &fields, &[(None, variant)])
        .await
        .unwrap();
    let missing = cycles::not_offered(
        &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
        cycle,
        Some(farm),
        Default::default(),
    )
    .await
    .unwrap();
    assert_eq!(missing.len(), 1);
    assert_eq!(
        (missing[0].product_id, missing[0].variant_label.as_str()),
        (product, "Pot · 250 g")
    );
    let on_sale = |ctx: Ctx| async move {
        store::on_sale(&ctx, &[product], Pricing::Retail, None, Default::default())
            .await
            .unwrap()
            .unwrap()
            .products
    };
    assert!(
        on_sale(ctx(&pool, &coop)).await.is_empty(),
        "not in this week's shop yet"
    );
    let added = cycles::offer_variants(&ctx(&pool, &coop), cycle, &[missing[0].variant_id])
        .await
        .unwrap();
    assert_eq!(added, 1);
    let sold = on_sale(ctx(&pool, &coop)).await;
    assert_eq!(sold.len(), 1);
    assert_eq!(sold[0].variants[0].label, "Pot · 250 g");
    assert!(
        cycles::not_offered(
            &maillon::ctx::Ctx::new(pool.clone(), coop.clone(), "http://test", Utc::now()),
            cycle,
            None,
            Default::default()
        )
        .await
        .unwrap()
        .is_empty()
    );
}
