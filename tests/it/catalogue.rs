//! The catalogue against a real PostgreSQL: search, all-or-nothing bulk edits and imports,
//! ownership, and the database's own guard on stock.

use maillon::accounts::Role;
use maillon::catalogue::store::{self, PhotoOwner};
use maillon::catalogue::{self, BulkChange, CatalogueQuery, Category, Label, Stock, csv};
use maillon::coop::Coop;
use maillon::ctx::Ctx;
use maillon::error::ServiceError;
use maillon::i18n::Msg;
use maillon_test_support::TestDb;
use maillon_test_support::demo::{demo, user};
use sqlx::PgPool;

async fn farm(pool: &PgPool, coop: &Coop, email: &str) -> i64 {
    let u = user(pool, coop, email).await;
    store::producer_of(&ctx(pool, coop), u.id).await.unwrap().unwrap().id
}

/// The request's context in the cooperative `coop`.
fn ctx(pool: &PgPool, coop: &maillon::coop::Coop) -> Ctx {
    Ctx::new(pool.clone(), coop.clone(), "http://127.0.0.1:3000", chrono::Utc::now())
}

fn search(text: &str) -> CatalogueQuery {
    CatalogueQuery {
        search: text.into(),
        ..Default::default()
    }
}

#[tokio::test]
async fn search_ignores_accents_and_case() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let names = |page: maillon::coop::Page<catalogue::ProductSummary>| {
        page.items.into_iter().map(|p| p.name).collect::<Vec<_>>()
    };
    assert_eq!(
        names(store::catalogue(&ctx(&pool, &coop), &search("oeufs")).await.unwrap()),
        ["Œufs plein air"]
    );
    assert_eq!(
        names(store::catalogue(&ctx(&pool, &coop), &search("CREME")).await.unwrap()),
        ["Crème fraîche épaisse"]
    );
    let weppes = farm(&pool, &coop, "weppes@maillon.test").await;
    let fields = catalogue::parse_product("Pâté en croûte", "", "epicerie", "g", &[], true).unwrap();
    let variant = catalogue::VariantInput {
        quantity: "300".into(),
        retail_price: "7,50".into(),
        active: true,
        ..Default::default()
    };
    store::save_product(
        &ctx(&pool, &coop),
        weppes,
        None,
        &fields,
        &[(None, variant.parse().unwrap())],
    )
    .await
    .unwrap();
    assert_eq!(
        names(store::catalogue(&ctx(&pool, &coop), &search("pate")).await.unwrap()),
        ["Pâté en croûte"]
    );
    assert!(
        store::catalogue(&ctx(&pool, &coop), &search("caviar"))
            .await
            .unwrap()
            .items
            .is_empty()
    );
    // Wildcards typed by a visitor are not wildcards.
    assert!(
        store::catalogue(&ctx(&pool, &coop), &search("%"))
            .await
            .unwrap()
            .items
            .is_empty()
    );
}

#[tokio::test]
async fn the_catalogue_filters_by_category_producer_and_label() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let all = store::catalogue(&ctx(&pool, &coop), &CatalogueQuery::default())
        .await
        .unwrap();
    assert!(all.total >= 30);
    let dairy = store::catalogue(
        &ctx(&pool, &coop),
        &CatalogueQuery {
            category: Some(Category::Dairy),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(dairy.items.iter().all(|p| p.category == Category::Dairy) && dairy.total >= 8);
    let vergers = farm(&pool, &coop, "vergers@maillon.test").await;
    let one_farm = store::catalogue(
        &ctx(&pool, &coop),
        &CatalogueQuery {
            producer_id: Some(vergers),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(one_farm.total, 4);
    let rouge = store::catalogue(
        &ctx(&pool, &coop),
        &CatalogueQuery {
            label: Some(Label::LabelRouge),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(rouge.total, 2);
    let small = store::catalogue(
        &ctx(&pool, &coop),
        &CatalogueQuery {
            per_page: 5,
            page: 2,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(small.items.len(), 5);
    assert_eq!(small.total, all.total);
}

#[tokio::test]
async fn a_bulk_edit_with_one_foreign_row_saves_nothing() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let mine = farm(&pool, &coop, "producteur@maillon.test").await;
    let theirs = farm(&pool, &coop, "vergers@maillon.test").await;
    let my_variants: Vec<i64> = store::producer_products(&ctx(&pool, &coop), mine)
        .await
        .unwrap()
        .iter()
        .flat_map(|p| p.variants.iter().map(|v| v.id))
        .collect();
    let their_variant = store::producer_products(&ctx(&pool, &coop), theirs).await.unwrap()[0].variants[0].id;
    let mut changes: Vec<BulkChange> = my_variants
        .iter()
        .map(|id| BulkChange {
            variant_id: *id,
            retail_price_cents: 999,
            stock: Some(7),
            active: true,
        })
        .collect();
    changes.push(BulkChange {
        variant_id: their_variant,
        retail_price_cents: 1,
        stock: Some(0),
        active: false,
    });

    let errors = store::bulk_update(&ctx(&pool, &coop), mine, &changes)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].row, changes.len());
    assert_eq!(errors[0].msg, Msg::ErrNotYourVariant);
    let changed: i64 = sqlx::query_scalar("SELECT count(*) FROM variants WHERE retail_price_cents = 999")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(changed, 0, "nothing was saved");

    changes.pop();
    store::bulk_update(&ctx(&pool, &coop), mine, &changes)
        .await
        .unwrap()
        .unwrap();
    let changed: i64 = sqlx::query_scalar("SELECT count(*) FROM variants WHERE retail_price_cents = 999 AND stock = 7")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(changed as usize, my_variants.len());
}

#[tokio::test]
async fn the_database_refuses_a_negative_stock() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    demo(&pool).await;
    let result = sqlx::query("UPDATE variants SET stock = stock - 1000000")
        .execute(&pool)
        .await;
    let error = result.unwrap_err();
    assert_eq!(
        error.as_database_error().unwrap().constraint(),
        Some("variants_stock_check")
    );
}

#[tokio::test]
async fn an_import_with_a_bad_line_reports_it_and_saves_nothing() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let mine = farm(&pool, &coop, "producteur@maillon.test").await;
    let owner = user(&pool, &coop, "producteur@maillon.test").await;
    let before = csv::export(&store::producer_products(&ctx(&pool, &coop), mine).await.unwrap());
    let mut edited = before.replace(";3,20;", ";3,40;");
    edited.push_str("\n;Panais;legumes;kg;;1000;abc;;1;5,5;0;fini;10;;oui\n");
    let import_id = store::create_import(&ctx(&pool, &coop), mine, owner.id, &edited)
        .await
        .unwrap();
    let errors = store::apply_import(&ctx(&pool, &coop), mine, import_id)
        .await
        .unwrap()
        .unwrap_err();
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "retail_price");
    assert_eq!(errors[0].row, edited.lines().count());
    let leeks: i64 = sqlx::query_scalar(
        "SELECT retail_price_cents FROM variants v JOIN products p ON p.id = v.product_id WHERE p.name = 'Poireaux'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(leeks, 320, "nothing was saved");

    let good = before.replace(";3,20;", ";3,40;") + ";Panais;legumes;kg;;1000;3,10;;1;5,5;0;fini;10;;oui\n";
    let import_id = store::create_import(&ctx(&pool, &coop), mine, owner.id, &good)
        .await
        .unwrap();
    let applied = store::apply_import(&ctx(&pool, &coop), mine, import_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(applied, good.lines().count() - 1);
    let products = store::producer_products(&ctx(&pool, &coop), mine).await.unwrap();
    let leeks = products.iter().find(|p| p.name == "Poireaux").unwrap();
    assert_eq!(leeks.variants[0].fields.retail_price_cents, 340);
    let parsnip = products.iter().find(|p| p.name == "Panais").unwrap();
    assert_eq!(parsnip.variants[0].fields.stock, Stock::Finite(10));
    let again = store::apply_import(&ctx(&pool, &coop), mine, import_id).await;
    assert!(matches!(
        again,
        Err(ServiceError::Invalid {
            msg: Msg::ErrImportApplied,
            ..
        })
    ));
}

#[tokio::test]
async fn an_import_cannot_touch_another_farms_variant() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let mine = farm(&pool, &coop, "producteur@maillon.test").await;
    let theirs = farm(&pool, &coop, "vergers@maillon.test").await;
    let owner = user(&pool, &coop, "producteur@maillon.test").await;
    let their_csv = csv::export(&store::producer_products(&ctx(&pool, &coop), theirs).await.unwrap());
    let import_id = store::create_import(&ctx(&pool, &coop), mine, owner.id, &their_csv)
        .await
        .unwrap();
    let errors = store::apply_import(&ctx(&pool, &coop), mine, import_id)
        .await
        .unwrap()
        .unwrap_err();
    assert!(errors.iter().all(|e| e.msg == Msg::ErrNotYourVariant));
    assert_eq!(errors.len(), their_csv.lines().count() - 1);
}

#[tokio::test]
async fn only_the_owning_producer_and_the_board_edit_a_product() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let mine = farm(&pool, &coop, "producteur@maillon.test").await;
    let product = store::producer_products(&ctx(&pool, &coop), mine).await.unwrap()[0].id;
    for (email, allowed) in [
        ("producteur@maillon.test", true),
        ("conseil@maillon.test", true),
        ("vergers@maillon.test", false),
        ("habitant@maillon.test", false),
        ("hub@maillon.test", false),
    ] {
        let u = user(&pool, &coop, email).await;
        let result = store::authorize_product(&ctx(&pool, &coop), &u, product).await;
        assert_eq!(result.is_ok(), allowed, "{email}");
        if !allowed {
            assert!(matches!(result, Err(ServiceError::Forbidden)));
        }
    }
    let board = user(&pool, &coop, "conseil@maillon.test").await;
    assert!(matches!(
        store::authorize_product(&ctx(&pool, &coop), &board, 999_999).await,
        Err(ServiceError::NotFound)
    ));
    assert!(board.roles.contains(&Role::Board));
}

#[tokio::test]
async fn photos_are_stored_and_served_at_the_nearest_width() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let mine = farm(&pool, &coop, "producteur@maillon.test").await;
    let product = store::producer_products(&ctx(&pool, &coop), mine).await.unwrap()[0].id;
    let png = {
        let img = image::RgbImage::from_pixel(900, 600, image::Rgb([200, 120, 40]));
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .unwrap();
        out.into_inner()
    };
    let renditions = catalogue::photo::process(&png).unwrap();
    let photo = store::add_photo(&ctx(&pool, &coop), PhotoOwner::Product(product), &renditions)
        .await
        .unwrap();
    let store::StoredRendition {
        width,
        content_type,
        bytes,
    } = store::photo_rendition(&ctx(&pool, &coop), photo, 500, false)
        .await
        .unwrap();
    assert_eq!((width, content_type.as_str()), (640, "image/jpeg"));
    assert!(!bytes.is_empty());
    let store::StoredRendition {
        width,
        content_type,
        bytes: webp,
    } = store::photo_rendition(&ctx(&pool, &coop), photo, 500, true)
        .await
        .unwrap();
    assert_eq!((width, content_type.as_str()), (640, "image/webp"));
    assert_eq!(image::guess_format(&webp).unwrap(), image::ImageFormat::WebP);
    // A photo stored before WebP renditions existed is served as JPEG to everyone.
    sqlx::query("DELETE FROM photo_renditions WHERE photo_id = $1 AND content_type = 'image/webp'")
        .bind(photo)
        .execute(&pool)
        .await
        .unwrap();
    let store::StoredRendition { content_type, .. } = store::photo_rendition(&ctx(&pool, &coop), photo, 500, true)
        .await
        .unwrap();
    assert_eq!(content_type, "image/jpeg");
    let detail = store::product_detail(&ctx(&pool, &coop), product, true).await.unwrap();
    assert_eq!(detail.photo_ids, [photo]);
    assert_eq!(detail.product.photo_id, Some(photo));
    // The page's split is the cooperative's rule for the product: here its producer's.
    assert_eq!(
        detail.split.total_bp(),
        1500,
        "the general rule: the cooperative's 15 %"
    );
    sqlx::query(
        "INSERT INTO price_splits (coop_id, producer_id, hub_bp, coop_bp, solidarity_bp) VALUES ($1, $2, 700, 500, 100)",
    )
    .bind(coop.id)
    .bind(detail.product.producer_id)
    .execute(&pool)
    .await
    .unwrap();
    let detail = store::product_detail(&ctx(&pool, &coop), product, true).await.unwrap();
    let split = maillon::catalogue::Split {
        hub_bp: 700,
        coop_bp: 500,
        solidarity_bp: 100,
    };
    assert_eq!(detail.split, split);
}

#[tokio::test]
async fn a_product_is_listed_only_while_active_with_an_active_variant() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let coop = demo(&pool).await;
    let coop = &coop;
    let listed = |name: &'static str| {
        let pool = pool.clone();
        async move {
            let q = CatalogueQuery {
                search: name.into(),
                ..Default::default()
            };
            !store::catalogue(&ctx(&pool, coop), &q).await.unwrap().items.is_empty()
        }
    };
    assert!(listed("Poireaux").await);
    // Every variant switched off in one bulk statement: unlisted.
    sqlx::query(
        "UPDATE variants v SET active = false FROM products p WHERE p.id = v.product_id AND p.name = 'Poireaux'",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert!(!listed("Poireaux").await);
    sqlx::query(
        "UPDATE variants v SET active = true FROM products p WHERE p.id = v.product_id AND p.name = 'Poireaux'",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert!(listed("Poireaux").await);
    // Archiving the product unlists it, whatever its variants.
    sqlx::query("UPDATE products SET active = false WHERE name = 'Poireaux'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(!listed("Poireaux").await);
    sqlx::query("UPDATE products SET active = true WHERE name = 'Poireaux'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(listed("Poireaux").await);
    // A variant deleted: the product goes with its last one.
    sqlx::query("DELETE FROM variants v USING products p WHERE p.id = v.product_id AND p.name = 'Poireaux'")
        .execute(&pool)
        .await
        .unwrap();
    assert!(!listed("Poireaux").await);
}
