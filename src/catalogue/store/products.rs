//! Reading products with their variants: the public catalogue, a producer's range, a product page.

use std::collections::HashMap;

use sqlx::PgPool;

use crate::catalogue::{
    CATALOGUE_MAX_PER_PAGE, CATALOGUE_PER_PAGE, CatalogueQuery, Category, Label, ProductDetail, ProductSummary,
    PublicProduct, Stock, StockMode, Unit, VariantFields, VariantView,
};
use crate::coop::Page;
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};

struct ProductRow {
    id: i64,
    name: String,
    producer_id: i64,
    producer_name: String,
    category: Category,
    unit: Unit,
    labels: Vec<Label>,
    active: bool,
    photo_id: Option<i64>,
}

struct VariantRow {
    id: i64,
    product_id: i64,
    name: String,
    quantity: i64,
    retail_price_cents: i64,
    pro_price_cents: i64,
    case_size: i32,
    vat_bp: i32,
    weight_grams: i32,
    stock_mode: StockMode,
    stock: i64,
    on_demand_cap: Option<i64>,
    active: bool,
}

impl VariantRow {
    fn into_view(self) -> VariantView {
        let stock = if self.stock_mode == StockMode::OnDemand {
            Stock::OnDemand {
                cap: self.on_demand_cap,
            }
        } else {
            Stock::Finite(self.stock)
        };
        VariantView {
            id: self.id,
            fields: VariantFields {
                name: self.name,
                quantity: self.quantity,
                retail_price_cents: self.retail_price_cents,
                pro_price_cents: self.pro_price_cents,
                case_size: self.case_size,
                vat_bp: self.vat_bp,
                weight_grams: self.weight_grams,
                stock,
                active: self.active,
            },
        }
    }
}

/// `sqlx::query_as!` reading [`ProductRow`]s: a product with its farm (`products p JOIN
/// producers pr`), then `$rest` (the conditions and order), checked at build time like any
/// literal query.
macro_rules! select_products {
    ($rest:literal $(, $arg:expr)* $(,)?) => {
        sqlx::query_as!(
            ProductRow,
            r#"SELECT p.id, p.name, p.producer_id, pr.farm_name AS producer_name, p.category AS "category: Category",
    p.unit AS "unit: Unit", p.labels AS "labels: Vec<Label>", p.active,
    (SELECT ph.id FROM photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1) AS photo_id
    FROM products p JOIN producers pr ON pr.id = p.producer_id "# + $rest,
            $($arg),*
        )
    };
}

/// Attaches their variants to products, in one query.
async fn with_variants(pool: &PgPool, rows: Vec<ProductRow>, only_active: bool) -> ServiceResult<Vec<ProductSummary>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let variants = sqlx::query_as!(
        VariantRow,
        r#"SELECT id, product_id, name, quantity, retail_price_cents, pro_price_cents, case_size, vat_bp,
                weight_grams, stock_mode AS "stock_mode: StockMode", stock, on_demand_cap, active
         FROM variants WHERE product_id = ANY($1) AND (active OR NOT $2)
         ORDER BY product_id, position, id"#,
        &ids,
        only_active,
    )
    .fetch_all(pool)
    .await?;
    let mut by_product: HashMap<i64, Vec<VariantView>> = HashMap::new();
    for v in variants {
        by_product.entry(v.product_id).or_default().push(v.into_view());
    }
    Ok(rows
        .into_iter()
        .map(|r| ProductSummary {
            variants: by_product.remove(&r.id).unwrap_or_default(),
            id: r.id,
            name: r.name,
            producer_id: r.producer_id,
            producer_name: r.producer_name,
            category: r.category,
            unit: r.unit,
            labels: r.labels,
            active: r.active,
            photo_id: r.photo_id,
        })
        .collect())
}

/// The public catalogue: active products with at least one active variant, filtered, a page at
/// a time. Three queries, whatever the page size.
pub async fn catalogue(ctx: &Ctx, query: &CatalogueQuery) -> ServiceResult<Page<ProductSummary>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let per_page = if query.per_page == 0 {
        CATALOGUE_PER_PAGE
    } else {
        query.per_page.min(CATALOGUE_MAX_PER_PAGE)
    };
    let page = crate::coop::clamp_page(query.page);
    let search = query.search.trim();
    // LIKE's wildcards typed by a visitor are searched for literally.
    let search = (!search.is_empty()).then(|| {
        format!(
            "%{}%",
            search.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
        )
    });
    let (category, label) = (query.category.map(Category::code), query.label.map(Label::code));
    // The count and the page filter alike: keep their WHERE clauses the same.
    let count = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM products p JOIN producers pr ON pr.id = p.producer_id
         WHERE p.coop_id = $1 AND p.listed
            AND ($2::text IS NULL OR p.category = $2)
            AND ($3::bigint IS NULL OR p.producer_id = $3)
            AND ($4::text IS NULL OR maillon_fold(p.name) LIKE maillon_fold($4))
            AND ($5::text IS NULL OR $5 = ANY(p.labels) OR $5 = ANY(pr.labels))"#,
        coop_id,
        category,
        query.producer_id,
        search,
        label,
    )
    .fetch_one(pool);
    let rows = select_products!(
        "WHERE p.coop_id = $1 AND p.listed
            AND ($2::text IS NULL OR p.category = $2)
            AND ($3::bigint IS NULL OR p.producer_id = $3)
            AND ($4::text IS NULL OR maillon_fold(p.name) LIKE maillon_fold($4))
            AND ($5::text IS NULL OR $5 = ANY(p.labels) OR $5 = ANY(pr.labels))
         ORDER BY p.category, p.name, p.id LIMIT $6 OFFSET $7",
        coop_id,
        category,
        query.producer_id,
        search,
        label,
        i64::from(per_page),
        crate::coop::page_offset(page, per_page),
    )
    .fetch_all(pool);
    // The count does not decide the page: both run at once, on two connections.
    let (total, rows) = tokio::try_join!(count, rows)?;
    let items = with_variants(pool, rows, true).await?;
    Ok(Page {
        items,
        page,
        per_page,
        total: total as u64,
    })
}

/// Every product of a producer, archived ones and inactive variants included (dashboard, bulk
/// edit, export). Two queries.
pub async fn producer_products(ctx: &Ctx, producer_id: i64) -> ServiceResult<Vec<ProductSummary>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let rows = select_products!(
        "WHERE p.coop_id = $1 AND p.producer_id = $2 ORDER BY p.active DESC, p.name, p.id",
        coop_id,
        producer_id,
    )
    .fetch_all(pool)
    .await?;
    with_variants(pool, rows, false).await
}

pub async fn product_detail(ctx: &Ctx, product_id: i64, public: bool) -> ServiceResult<ProductDetail> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let row = select_products!(
        "WHERE p.coop_id = $1 AND p.id = $2 AND (p.active OR NOT $3)",
        coop_id,
        product_id,
        public,
    )
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    struct ProductPage {
        description: String,
        producer_town: String,
        photo_ids: Vec<i64>,
    }
    let ProductPage {
        description,
        producer_town,
        photo_ids,
    } = sqlx::query_as!(
        ProductPage,
        r#"SELECT p.description, pr.town AS producer_town,
                coalesce(array(SELECT ph.id FROM photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id), '{}')
                    AS "photo_ids!"
         FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.id = $1"#,
        product_id
    )
    .fetch_one(pool)
    .await?;
    let product = with_variants(pool, vec![row], public).await?.remove(0);
    let split = super::rules(ctx)
        .await?
        .for_product(product.category, product.producer_id);
    Ok(ProductDetail {
        product,
        description,
        producer_town,
        photo_ids,
        split,
    })
}

/// A listed product's page for buyers: trade terms only when `trade_terms` (shopkeepers).
pub async fn public_product(ctx: &Ctx, product_id: i64, trade_terms: bool) -> ServiceResult<PublicProduct> {
    let detail = product_detail(ctx, product_id, true).await?;
    Ok(PublicProduct::new(detail, trade_terms))
}

/// A producer's public range: its listed products with their active variants (the DFC
/// catalogue), or only the one with this variant. Two queries.
pub async fn producer_range(ctx: &Ctx, producer_id: i64, variant: Option<i64>) -> ServiceResult<Vec<ProductSummary>> {
    let (pool, coop_id) = (&ctx.pool, ctx.coop_id());
    let rows = select_products!(
        "WHERE p.coop_id = $1 AND p.producer_id = $2 AND p.listed
           AND ($3::bigint IS NULL OR EXISTS (SELECT 1 FROM variants v WHERE v.product_id = p.id AND v.id = $3))
         ORDER BY p.name, p.id",
        coop_id,
        producer_id,
        variant,
    )
    .fetch_all(pool)
    .await?;
    let mut products = with_variants(pool, rows, true).await?;
    if let Some(id) = variant {
        for p in &mut products {
            p.variants.retain(|v| v.id == id);
        }
    }
    Ok(products)
}

/// The producers with a listed product, by name: (id, farm name, what they produce).
pub async fn listed_producers(ctx: &Ctx) -> ServiceResult<Vec<(i64, String, String)>> {
    Ok(sqlx::query!(
        "SELECT pr.id, pr.farm_name, pr.produce FROM producers pr
         WHERE pr.coop_id = $1 AND EXISTS (SELECT 1 FROM products p WHERE p.producer_id = pr.id AND p.listed)
         ORDER BY pr.farm_name, pr.id",
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?
    .into_iter()
    .map(|r| (r.id, r.farm_name, r.produce))
    .collect())
}
