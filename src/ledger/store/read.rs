//! Reading invoices: one whole (its buyer or the board), an order's, the board's list.

use chrono::{DateTime, NaiveDate, Utc};

use crate::accounts::store::CurrentUser;
use crate::accounts::{Permission, allows};
use crate::coop::{Page, page_offset};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::ledger::invoice::{Line, totals_of_lines};
use crate::ledger::{DocumentRef, Identity, InvoiceSummary, InvoiceView, Kind, Number};

pub const PER_PAGE: u32 = 50;

/// An invoice or credit note whole. Its buyer and the board may read it; anyone else is told
/// it does not exist.
pub async fn invoice(ctx: &Ctx, viewer: &CurrentUser, id: i64) -> ServiceResult<InvoiceView> {
    let mut conn = ctx.pool.acquire().await?;
    let row = sqlx::query!(
        r#"SELECT i.id, i.year, i.number, i.kind AS "kind: Kind", i.order_id, i.buyer_user_id,
                  i.issued_at AS "issued_at: DateTime<Utc>", i.sale_date AS "sale_date: NaiveDate", i.reason, i.seller, i.buyer_name,
                  i.buyer_address, i.buyer_siren, i.business, i.paid_by_card, i.partial,
                  c.id AS "cancels_id?", c.year AS "cancels_year?", c.number AS "cancels_number?",
                  c.issued_at AS "cancels_at?: DateTime<Utc>",
                  n.id AS "note_id?", n.year AS "note_year?", n.number AS "note_number?",
                  n.issued_at AS "note_at?: DateTime<Utc>"
           FROM invoices i
           LEFT JOIN invoices c ON c.id = i.cancels
           LEFT JOIN invoices n ON n.cancels = i.id AND NOT n.partial
           WHERE i.coop_id = $1 AND i.id = $2"#,
        ctx.coop_id(),
        id,
    )
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if row.buyer_user_id != viewer.id && !allows(&viewer.roles, Permission::Govern) {
        return Err(ServiceError::NotFound);
    }
    let lines = sqlx::query_as!(
        Line,
        "SELECT description, quantity, unit_price_cents, vat_bp, total_cents, total_ht_cents
         FROM invoice_lines WHERE invoice_id = $1 ORDER BY line_no",
        id,
    )
    .fetch_all(&mut *conn)
    .await?;
    let tz = ctx.coop().timezone.tz();
    let day = |at: DateTime<Utc>| -> NaiveDate { at.with_timezone(&tz).date_naive() };
    let reference = |id: Option<i64>, year: Option<i32>, number: Option<i32>, at: Option<DateTime<Utc>>| {
        Some(DocumentRef {
            id: id?,
            number: Number {
                year: year?,
                number: number?,
            },
            issued_on: day(at?),
        })
    };
    let seller: Identity =
        serde_json::from_value(row.seller).map_err(|e| ServiceError::Internal(format!("invoice {id} seller: {e}")))?;
    Ok(InvoiceView {
        id: row.id,
        number: Number {
            year: row.year,
            number: row.number,
        },
        kind: row.kind,
        order_id: row.order_id,
        issued_at: row.issued_at,
        issued_on: day(row.issued_at),
        sale_date: row.sale_date,
        cancels: reference(row.cancels_id, row.cancels_year, row.cancels_number, row.cancels_at),
        partial: row.partial,
        cancelled_by: reference(row.note_id, row.note_year, row.note_number, row.note_at),
        reason: row.reason,
        seller,
        buyer_name: row.buyer_name,
        buyer_address: row.buyer_address,
        buyer_siren: row.buyer_siren,
        business: row.business,
        paid_by_card: row.paid_by_card,
        totals: totals_of_lines(lines),
    })
}

/// The CII XML of a business buyer's invoice or credit note (others have none: NotFound).
pub async fn invoice_xml(ctx: &Ctx, viewer: &CurrentUser, id: i64) -> ServiceResult<(InvoiceView, String)> {
    let invoice = invoice(ctx, viewer, id).await?;
    if !invoice.business {
        return Err(ServiceError::NotFound);
    }
    let xml = crate::ledger::cii::invoice_xml(&invoice, crate::ledger::payment_terms_fr(&invoice));
    Ok((invoice, xml))
}

/// The invoice and credit notes of one of the buyer's orders.
pub async fn order_invoices(ctx: &Ctx, user_id: i64, order_id: i64) -> ServiceResult<Vec<InvoiceSummary>> {
    Ok(sqlx::query_as!(
        InvoiceSummary,
        r#"SELECT i.id, i.year, i.number, i.kind AS "kind: Kind", i.order_id, i.issued_at AS "issued_at: DateTime<Utc>",
                  i.buyer_name, i.total_cents, i.business,
                  EXISTS (SELECT 1 FROM invoices n WHERE n.cancels = i.id AND NOT n.partial) AS "cancelled!"
           FROM invoices i WHERE i.coop_id = $1 AND i.buyer_user_id = $2 AND i.order_id = $3
           ORDER BY i.id"#,
        ctx.coop_id(),
        user_id,
        order_id,
    )
    .fetch_all(&ctx.pool)
    .await?)
}

/// The board's list of one year's invoices and credit notes, newest first.
pub async fn invoices(ctx: &Ctx, year: i32, page: u32) -> ServiceResult<Page<InvoiceSummary>> {
    let items = sqlx::query_as!(
        InvoiceSummary,
        r#"SELECT i.id, i.year, i.number, i.kind AS "kind: Kind", i.order_id, i.issued_at AS "issued_at: DateTime<Utc>",
                  i.buyer_name, i.total_cents, i.business,
                  EXISTS (SELECT 1 FROM invoices n WHERE n.cancels = i.id AND NOT n.partial) AS "cancelled!"
           FROM invoices i WHERE i.coop_id = $1 AND i.year = $2
           ORDER BY i.number DESC LIMIT $3 OFFSET $4"#,
        ctx.coop_id(),
        year,
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&ctx.pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "count!" FROM invoices WHERE coop_id = $1 AND year = $2"#,
        ctx.coop_id(),
        year,
    )
    .fetch_one(&ctx.pool)
    .await?;
    Ok(Page::new(items, page, PER_PAGE, total))
}
