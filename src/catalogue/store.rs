//! The catalogue in Postgres. Every list is read in a fixed number of queries, whatever its
//! length (no N+1); every multi-row write is one transaction that saves all rows or none.

use std::collections::HashMap;

use sqlx::{PgConnection, PgPool};

use super::csv::ImportRow;
use super::{
    BulkChange, CATALOGUE_MAX_PER_PAGE, CATALOGUE_PER_PAGE, CatalogueQuery, Category, Label, ProducerProfile,
    ProductDetail, ProductFields, ProductSummary, PublicProduct, RowError, Stock, Unit, VariantFields, VariantView,
};
use crate::accounts::{Role, store::CurrentUser};
use crate::coop::Page;
use crate::error::{ServiceError, ServiceResult};
use crate::i18n::Msg;

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    name: String,
    producer_id: i64,
    producer_name: String,
    category: String,
    unit: String,
    labels: Vec<String>,
    active: bool,
    photo_id: Option<i64>,
}

#[derive(sqlx::FromRow)]
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
    stock_mode: String,
    stock: i64,
    on_demand_cap: Option<i64>,
    active: bool,
}

impl VariantRow {
    fn into_view(self) -> VariantView {
        let stock = if self.stock_mode == "on_demand" {
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

const PRODUCT_COLUMNS: &str =
    "p.id, p.name, p.producer_id, pr.farm_name AS producer_name, p.category, p.unit, p.labels, p.active,
    (SELECT ph.id FROM photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id LIMIT 1) AS photo_id";

const VARIANT_COLUMNS: &str = "id, product_id, name, quantity, retail_price_cents, pro_price_cents, case_size, vat_bp,
    weight_grams, stock_mode, stock, on_demand_cap, active";

fn labels(codes: &[String]) -> Vec<Label> {
    codes.iter().filter_map(|c| Label::parse(c)).collect()
}

/// Attaches their variants to products, in one query.
async fn with_variants(pool: &PgPool, rows: Vec<ProductRow>, only_active: bool) -> ServiceResult<Vec<ProductSummary>> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let variants: Vec<VariantRow> = sqlx::query_as(&format!(
        "SELECT {VARIANT_COLUMNS} FROM variants WHERE product_id = ANY($1) AND (active OR NOT $2)
         ORDER BY product_id, position, id"
    ))
    .bind(&ids)
    .bind(only_active)
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
            category: Category::parse(&r.category).unwrap_or(Category::Grocery),
            unit: Unit::parse(&r.unit).unwrap_or(Unit::Piece),
            labels: labels(&r.labels),
            active: r.active,
            photo_id: r.photo_id,
        })
        .collect())
}

/// The public catalogue: active products with at least one active variant, filtered, a page at
/// a time. Three queries, whatever the page size.
pub async fn catalogue(pool: &PgPool, coop_id: i64, query: &CatalogueQuery) -> ServiceResult<Page<ProductSummary>> {
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
    let filter = "p.coop_id = $1 AND p.listed
        AND ($2::text IS NULL OR p.category = $2)
        AND ($3::bigint IS NULL OR p.producer_id = $3)
        AND ($4::text IS NULL OR maillon_fold(p.name) LIKE maillon_fold($4))
        AND ($5::text IS NULL OR $5 = ANY(p.labels) OR $5 = ANY(pr.labels))";
    let count_sql =
        format!("SELECT count(*) FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE {filter}");
    let count = sqlx::query_scalar::<_, i64>(&count_sql)
        .bind(coop_id)
        .bind(query.category.map(Category::code))
        .bind(query.producer_id)
        .bind(&search)
        .bind(query.label.map(Label::code))
        .fetch_one(pool);
    let rows_sql = format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN producers pr ON pr.id = p.producer_id
         WHERE {filter} ORDER BY p.category, p.name, p.id LIMIT $6 OFFSET $7"
    );
    let rows = sqlx::query_as::<_, ProductRow>(&rows_sql)
        .bind(coop_id)
        .bind(query.category.map(Category::code))
        .bind(query.producer_id)
        .bind(&search)
        .bind(query.label.map(Label::code))
        .bind(i64::from(per_page))
        .bind(crate::coop::page_offset(page, per_page))
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
pub async fn producer_products(pool: &PgPool, coop_id: i64, producer_id: i64) -> ServiceResult<Vec<ProductSummary>> {
    let rows: Vec<ProductRow> = sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN producers pr ON pr.id = p.producer_id
         WHERE p.coop_id = $1 AND p.producer_id = $2 ORDER BY p.active DESC, p.name, p.id"
    ))
    .bind(coop_id)
    .bind(producer_id)
    .fetch_all(pool)
    .await?;
    with_variants(pool, rows, false).await
}

pub async fn product_detail(
    pool: &PgPool,
    coop_id: i64,
    product_id: i64,
    public: bool,
) -> ServiceResult<ProductDetail> {
    let row: ProductRow = sqlx::query_as(&format!(
        "SELECT {PRODUCT_COLUMNS} FROM products p JOIN producers pr ON pr.id = p.producer_id
         WHERE p.coop_id = $1 AND p.id = $2 AND (p.active OR NOT $3)"
    ))
    .bind(coop_id)
    .bind(product_id)
    .bind(public)
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let (description, producer_town, commission_bp, photo_ids): (String, String, i32, Vec<i64>) = sqlx::query_as(
        "SELECT p.description, pr.town, c.commission_bp,
                coalesce(array(SELECT ph.id FROM photos ph WHERE ph.product_id = p.id ORDER BY ph.position, ph.id), '{}')
         FROM products p JOIN producers pr ON pr.id = p.producer_id JOIN coops c ON c.id = p.coop_id WHERE p.id = $1",
    )
    .bind(product_id)
    .fetch_one(pool)
    .await?;
    let product = with_variants(pool, vec![row], public).await?.remove(0);
    Ok(ProductDetail {
        product,
        description,
        producer_town,
        photo_ids,
        commission_bp,
    })
}

/// A listed product's page for buyers: trade terms only when `trade_terms` (shopkeepers).
pub async fn public_product(
    pool: &PgPool,
    coop_id: i64,
    product_id: i64,
    trade_terms: bool,
) -> ServiceResult<PublicProduct> {
    let detail = product_detail(pool, coop_id, product_id, true).await?;
    Ok(PublicProduct::new(detail, trade_terms))
}

#[derive(sqlx::FromRow)]
struct ProducerRow {
    id: i64,
    farm_name: String,
    town: String,
    address: String,
    story: String,
    produce: String,
    labels: Vec<String>,
    contact_email: String,
    phone: String,
    latitude: Option<f64>,
    longitude: Option<f64>,
    photo_ids: Vec<i64>,
}

const PRODUCER_COLUMNS: &str = "id, farm_name, town, address, story, produce, labels, contact_email, phone, latitude, longitude,
    coalesce(array(SELECT ph.id FROM photos ph WHERE ph.producer_id = producers.id ORDER BY ph.position, ph.id), '{}') AS photo_ids";

impl From<ProducerRow> for ProducerProfile {
    fn from(r: ProducerRow) -> Self {
        ProducerProfile {
            id: r.id,
            farm_name: r.farm_name,
            town: r.town,
            address: r.address,
            story: r.story,
            produce: r.produce,
            labels: labels(&r.labels),
            contact_email: r.contact_email,
            phone: r.phone,
            latitude: r.latitude,
            longitude: r.longitude,
            photo_ids: r.photo_ids,
        }
    }
}

pub async fn producer(pool: &PgPool, coop_id: i64, producer_id: i64) -> ServiceResult<ProducerProfile> {
    sqlx::query_as::<_, ProducerRow>(&format!(
        "SELECT {PRODUCER_COLUMNS} FROM producers WHERE coop_id = $1 AND id = $2"
    ))
    .bind(coop_id)
    .bind(producer_id)
    .fetch_optional(pool)
    .await?
    .map(Into::into)
    .ok_or(ServiceError::NotFound)
}

/// The farm of a producer account, if they have set it up.
pub async fn producer_of(pool: &PgPool, coop_id: i64, user_id: i64) -> ServiceResult<Option<ProducerProfile>> {
    Ok(sqlx::query_as::<_, ProducerRow>(&format!(
        "SELECT {PRODUCER_COLUMNS} FROM producers WHERE coop_id = $1 AND user_id = $2"
    ))
    .bind(coop_id)
    .bind(user_id)
    .fetch_optional(pool)
    .await?
    .map(Into::into))
}

/// Creates the farm of `user_id`, or updates it. Returns its id.
pub async fn save_producer(pool: &PgPool, coop_id: i64, user_id: i64, p: &ProducerProfile) -> ServiceResult<i64> {
    let codes: Vec<&str> = p.labels.iter().map(|l| l.code()).collect();
    Ok(sqlx::query_scalar(
        "INSERT INTO producers (coop_id, user_id, farm_name, town, address, story, produce, labels, contact_email, phone, latitude, longitude)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (coop_id, user_id) WHERE user_id IS NOT NULL DO UPDATE SET
           farm_name = EXCLUDED.farm_name, town = EXCLUDED.town, address = EXCLUDED.address, story = EXCLUDED.story,
           produce = EXCLUDED.produce, labels = EXCLUDED.labels, contact_email = EXCLUDED.contact_email,
           phone = EXCLUDED.phone, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude
         RETURNING id",
    )
    .bind(coop_id)
    .bind(user_id)
    .bind(&p.farm_name)
    .bind(&p.town)
    .bind(&p.address)
    .bind(&p.story)
    .bind(&p.produce)
    .bind(&codes)
    .bind(&p.contact_email)
    .bind(&p.phone)
    .bind(p.latitude)
    .bind(p.longitude)
    .fetch_one(pool)
    .await?)
}

/// The farm whose catalogue `user` may manage: their own, or — for the board — any.
pub async fn managed_producer(
    pool: &PgPool,
    coop_id: i64,
    user: &CurrentUser,
    requested: Option<i64>,
) -> ServiceResult<i64> {
    match requested {
        Some(id) if user.roles.contains(&Role::Board) => producer(pool, coop_id, id).await.map(|p| p.id),
        Some(id) => match producer_of(pool, coop_id, user.id).await? {
            Some(own) if own.id == id && user.roles.contains(&Role::Producer) => Ok(id),
            _ => Err(ServiceError::Forbidden),
        },
        None if user.roles.contains(&Role::Producer) => producer_of(pool, coop_id, user.id)
            .await?
            .map(|p| p.id)
            .ok_or(ServiceError::NotFound),
        None => Err(ServiceError::Forbidden),
    }
}

/// Who may edit a product: the producer who owns it, and the board. Returns its producer.
pub async fn authorize_product(pool: &PgPool, coop_id: i64, user: &CurrentUser, product_id: i64) -> ServiceResult<i64> {
    let owner: (i64, Option<i64>) = sqlx::query_as(
        "SELECT pr.id, pr.user_id FROM products p JOIN producers pr ON pr.id = p.producer_id WHERE p.coop_id = $1 AND p.id = $2",
    )
    .bind(coop_id)
    .bind(product_id)
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let is_owner = owner.1 == Some(user.id) && user.roles.contains(&Role::Producer);
    if is_owner || user.roles.contains(&Role::Board) {
        Ok(owner.0)
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Who may change a farm's photos: its producer, and the board. The farm must be of this
/// cooperative. Returns its id.
pub async fn authorize_producer(
    pool: &PgPool,
    coop_id: i64,
    user: &CurrentUser,
    producer_id: i64,
) -> ServiceResult<i64> {
    let owner: Option<i64> =
        sqlx::query_scalar::<_, Option<i64>>("SELECT user_id FROM producers WHERE coop_id = $1 AND id = $2")
            .bind(coop_id)
            .bind(producer_id)
            .fetch_optional(pool)
            .await?
            .ok_or(ServiceError::NotFound)?;
    let is_owner = owner == Some(user.id) && user.roles.contains(&Role::Producer);
    if is_owner || user.roles.contains(&Role::Board) {
        Ok(producer_id)
    } else {
        Err(ServiceError::Forbidden)
    }
}

async fn write_variant(
    conn: &mut PgConnection,
    coop_id: i64,
    product_id: i64,
    id: Option<i64>,
    position: i32,
    v: &VariantFields,
) -> ServiceResult<Option<i64>> {
    let (mode, stock, cap) = match v.stock {
        Stock::Finite(n) => ("finite", n, None),
        Stock::OnDemand { cap } => ("on_demand", 0, cap),
    };
    let sql = match id {
        Some(_) => {
            "UPDATE variants SET name = $3, quantity = $4, retail_price_cents = $5, pro_price_cents = $6, case_size = $7,
                vat_bp = $8, weight_grams = $9, stock_mode = $10, stock = $11, on_demand_cap = $12, active = $13, position = $14
             WHERE id = $15 AND product_id = $2 AND coop_id = $1 RETURNING id"
        }
        None => {
            "INSERT INTO variants (coop_id, product_id, name, quantity, retail_price_cents, pro_price_cents, case_size, vat_bp,
                weight_grams, stock_mode, stock, on_demand_cap, active, position)
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14 WHERE $15::bigint IS NULL RETURNING id"
        }
    };
    Ok(sqlx::query_scalar(sql)
        .bind(coop_id)
        .bind(product_id)
        .bind(&v.name)
        .bind(v.quantity)
        .bind(v.retail_price_cents)
        .bind(v.pro_price_cents)
        .bind(v.case_size)
        .bind(v.vat_bp)
        .bind(v.weight_grams)
        .bind(mode)
        .bind(stock)
        .bind(cap)
        .bind(v.active)
        .bind(position)
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// Creates (`product_id` = None) or updates a product with its variants, all or nothing.
/// Variants with an id must already belong to the product; those without are added.
pub async fn save_product(
    pool: &PgPool,
    coop_id: i64,
    producer_id: i64,
    product_id: Option<i64>,
    fields: &ProductFields,
    variants: &[(Option<i64>, VariantFields)],
) -> ServiceResult<i64> {
    if variants.is_empty() {
        return Err(ServiceError::field("variants", Msg::ErrNoVariant));
    }
    let codes: Vec<&str> = fields.labels.iter().map(|l| l.code()).collect();
    let mut tx = pool.begin().await?;
    let id: i64 = match product_id {
        Some(id) => sqlx::query_scalar(
            "UPDATE products SET name = $3, description = $4, category = $5, unit = $6, labels = $7, active = $8,
                updated_at = now() WHERE coop_id = $1 AND id = $2 AND producer_id = $9 RETURNING id",
        )
        .bind(coop_id)
        .bind(id)
        .bind(&fields.name)
        .bind(&fields.description)
        .bind(fields.category.code())
        .bind(fields.unit.code())
        .bind(&codes)
        .bind(fields.active)
        .bind(producer_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(ServiceError::NotFound)?,
        None => {
            sqlx::query_scalar(
                "INSERT INTO products (coop_id, producer_id, name, description, category, unit, labels, active)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
            )
            .bind(coop_id)
            .bind(producer_id)
            .bind(&fields.name)
            .bind(&fields.description)
            .bind(fields.category.code())
            .bind(fields.unit.code())
            .bind(&codes)
            .bind(fields.active)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    for (position, (variant_id, v)) in variants.iter().enumerate() {
        if write_variant(&mut tx, coop_id, id, *variant_id, position as i32, v)
            .await?
            .is_none()
        {
            return Err(ServiceError::field("variants", Msg::ErrNotYourVariant));
        }
    }
    tx.commit().await?;
    Ok(id)
}

/// Applies a bulk edit in one statement inside one transaction. If any variant is not the
/// producer's, nothing is saved and its row is reported.
pub async fn bulk_update(
    pool: &PgPool,
    coop_id: i64,
    producer_id: i64,
    changes: &[BulkChange],
) -> ServiceResult<Result<(), Vec<RowError>>> {
    let ids: Vec<i64> = changes.iter().map(|c| c.variant_id).collect();
    let mut tx = pool.begin().await?;
    // Products before their variants, each in id order, as every edit locks them: concurrent
    // edits cannot deadlock.
    sqlx::query(
        "SELECT p.id FROM products p WHERE p.coop_id = $2 AND p.producer_id = $3
           AND p.id IN (SELECT v.product_id FROM variants v WHERE v.id = ANY($1))
         ORDER BY p.id FOR UPDATE",
    )
    .bind(&ids)
    .bind(coop_id)
    .bind(producer_id)
    .execute(&mut *tx)
    .await?;
    let owned: Vec<i64> = sqlx::query_scalar(
        "SELECT v.id FROM variants v JOIN products p ON p.id = v.product_id
         WHERE v.id = ANY($1) AND p.producer_id = $2 AND v.coop_id = $3 ORDER BY v.id FOR UPDATE OF v",
    )
    .bind(&ids)
    .bind(producer_id)
    .bind(coop_id)
    .fetch_all(&mut *tx)
    .await?;
    let owned: std::collections::HashSet<i64> = owned.into_iter().collect();
    let errors: Vec<RowError> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| !owned.contains(&c.variant_id))
        .map(|(i, _)| RowError {
            row: i + 1,
            field: "variant_id".into(),
            msg: Msg::ErrNotYourVariant,
        })
        .collect();
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let prices: Vec<i64> = changes.iter().map(|c| c.retail_price_cents).collect();
    let stocks: Vec<Option<i64>> = changes.iter().map(|c| c.stock).collect();
    let active: Vec<bool> = changes.iter().map(|c| c.active).collect();
    sqlx::query(
        "UPDATE variants v SET retail_price_cents = c.price,
            stock = CASE WHEN v.stock_mode = 'finite' AND c.stock IS NOT NULL THEN c.stock ELSE v.stock END,
            active = c.active
         FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::boolean[]) AS c(id, price, stock, active)
         WHERE v.id = c.id",
    )
    .bind(&ids)
    .bind(&prices)
    .bind(&stocks)
    .bind(&active)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Keeps an uploaded file for its preview; a file longer than the table holds is refused.
pub async fn create_import(
    pool: &PgPool,
    coop_id: i64,
    producer_id: i64,
    user_id: i64,
    content: &str,
) -> ServiceResult<i64> {
    if content.chars().count() > super::csv::MAX_IMPORT_CHARS {
        return Err(ServiceError::field("file", Msg::ErrCsvTooLarge));
    }
    Ok(sqlx::query_scalar(
        "INSERT INTO csv_imports (coop_id, producer_id, created_by, content) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(coop_id)
    .bind(producer_id)
    .bind(user_id)
    .bind(content)
    .fetch_one(pool)
    .await?)
}

/// An uploaded import and whether it was applied, if it belongs to the producer.
pub async fn import(pool: &PgPool, coop_id: i64, producer_id: i64, import_id: i64) -> ServiceResult<(String, bool)> {
    sqlx::query_as(
        "SELECT content, applied_at IS NOT NULL FROM csv_imports WHERE coop_id = $1 AND producer_id = $2 AND id = $3",
    )
    .bind(coop_id)
    .bind(producer_id)
    .bind(import_id)
    .fetch_optional(pool)
    .await?
    .ok_or(ServiceError::NotFound)
}

/// Applies an import: every line is checked again, then all are saved in one transaction, or
/// none if any line is wrong. Returns how many lines were applied.
pub async fn apply_import(
    pool: &PgPool,
    coop_id: i64,
    producer_id: i64,
    import_id: i64,
) -> ServiceResult<Result<usize, Vec<RowError>>> {
    let mut tx = pool.begin().await?;
    let (content, applied): (String, bool) = sqlx::query_as(
        "SELECT content, applied_at IS NOT NULL FROM csv_imports WHERE coop_id = $1 AND producer_id = $2 AND id = $3 FOR UPDATE",
    )
    .bind(coop_id)
    .bind(producer_id)
    .bind(import_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if applied {
        return Err(ServiceError::invalid(Msg::ErrImportApplied));
    }
    let rows = match super::csv::parse(&content) {
        Ok(rows) => rows,
        Err(errors) => return Ok(Err(errors)),
    };
    let mut errors = Vec::new();
    // The farm's products are locked, in id order, before any of their variants is written, as
    // every edit does: an import and an edit at once cannot deadlock.
    let mut products: HashMap<String, i64> = sqlx::query_as::<_, (String, i64)>(
        "SELECT lower(name), id FROM products WHERE coop_id = $1 AND producer_id = $2 ORDER BY id FOR UPDATE",
    )
    .bind(coop_id)
    .bind(producer_id)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    for ImportRow {
        line,
        variant_id,
        product_name,
        category,
        unit,
        variant,
    } in &rows
    {
        let product_id = match variant_id {
            Some(id) => {
                sqlx::query_scalar(
                    "SELECT v.product_id FROM variants v JOIN products p ON p.id = v.product_id
                 WHERE v.id = $1 AND p.producer_id = $2 AND v.coop_id = $3",
                )
                .bind(id)
                .bind(producer_id)
                .bind(coop_id)
                .fetch_optional(&mut *tx)
                .await?
            }
            None => match products.get(&product_name.to_lowercase()) {
                Some(id) => Some(*id),
                None => {
                    let id: i64 = sqlx::query_scalar(
                        "INSERT INTO products (coop_id, producer_id, name, category, unit) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                    )
                    .bind(coop_id)
                    .bind(producer_id)
                    .bind(product_name)
                    .bind(category.code())
                    .bind(unit.code())
                    .fetch_one(&mut *tx)
                    .await?;
                    products.insert(product_name.to_lowercase(), id);
                    Some(id)
                }
            },
        };
        let Some(product_id) = product_id else {
            errors.push(RowError {
                row: *line,
                field: "variant_id".into(),
                msg: Msg::ErrNotYourVariant,
            });
            continue;
        };
        let position = if variant_id.is_some() {
            sqlx::query_scalar("SELECT position FROM variants WHERE id = $1")
                .bind(variant_id)
                .fetch_one(&mut *tx)
                .await?
        } else {
            sqlx::query_scalar("SELECT coalesce(max(position) + 1, 0) FROM variants WHERE product_id = $1")
                .bind(product_id)
                .fetch_one(&mut *tx)
                .await?
        };
        write_variant(&mut tx, coop_id, product_id, *variant_id, position, variant).await?;
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    sqlx::query("UPDATE csv_imports SET applied_at = now() WHERE id = $1")
        .bind(import_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(rows.len()))
}

/// Where a photo belongs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoOwner {
    Product(i64),
    Producer(i64),
}

pub async fn add_photo(
    pool: &PgPool,
    coop_id: i64,
    owner: PhotoOwner,
    renditions: &[super::photo::Rendition],
) -> ServiceResult<i64> {
    let (product_id, producer_id) = match owner {
        PhotoOwner::Product(id) => (Some(id), None),
        PhotoOwner::Producer(id) => (None, Some(id)),
    };
    let mut tx = pool.begin().await?;
    let photo_id: i64 = sqlx::query_scalar(
        "INSERT INTO photos (coop_id, product_id, producer_id, position)
         VALUES ($1, $2, $3, (SELECT count(*) FROM photos WHERE product_id IS NOT DISTINCT FROM $2 AND producer_id IS NOT DISTINCT FROM $3))
         RETURNING id",
    )
    .bind(coop_id)
    .bind(product_id)
    .bind(producer_id)
    .fetch_one(&mut *tx)
    .await?;
    for r in renditions {
        sqlx::query(
            "INSERT INTO photo_renditions (photo_id, coop_id, width, height, content_type, bytes) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(photo_id)
        .bind(coop_id)
        .bind(r.width as i32)
        .bind(r.height as i32)
        .bind(r.content_type)
        .bind(&r.bytes)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(photo_id)
}

/// The best rendition of a photo of the cooperative for a width: (width, content type, bytes),
/// as WebP when the browser takes it and the photo has one (photos stored before WebP
/// renditions have none).
pub async fn photo_rendition(
    pool: &PgPool,
    coop_id: i64,
    photo_id: i64,
    wanted: u32,
    webp: bool,
) -> ServiceResult<(i32, String, Vec<u8>)> {
    let widths: Vec<i32> =
        sqlx::query_scalar("SELECT DISTINCT width FROM photo_renditions WHERE photo_id = $1 AND coop_id = $2")
            .bind(photo_id)
            .bind(coop_id)
            .fetch_all(pool)
            .await?;
    let available: Vec<u32> = widths.iter().map(|w| *w as u32).collect();
    let width = super::photo::pick_width(&available, wanted).ok_or(ServiceError::NotFound)? as i32;
    let (content_type, bytes): (String, Vec<u8>) = sqlx::query_as(
        "SELECT content_type, bytes FROM photo_renditions
         WHERE photo_id = $1 AND width = $2 AND (content_type <> $3 OR $4)
         ORDER BY content_type = $3 DESC LIMIT 1",
    )
    .bind(photo_id)
    .bind(width)
    .bind(super::photo::WEBP)
    .bind(webp)
    .fetch_one(pool)
    .await?;
    Ok((width, content_type, bytes))
}

pub async fn commission_bp(pool: &PgPool, coop_id: i64) -> ServiceResult<i32> {
    Ok(sqlx::query_scalar("SELECT commission_bp FROM coops WHERE id = $1")
        .bind(coop_id)
        .fetch_one(pool)
        .await?)
}

pub async fn set_commission_bp(pool: &PgPool, coop_id: i64, bp: i32) -> ServiceResult<()> {
    if !(0..=5000).contains(&bp) {
        return Err(ServiceError::field("commission", Msg::ErrCommission));
    }
    sqlx::query("UPDATE coops SET commission_bp = $2 WHERE id = $1")
        .bind(coop_id)
        .bind(bp)
        .execute(pool)
        .await?;
    Ok(())
}
