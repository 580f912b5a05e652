//! The share register (registre des associés) as the board reads it: a page at a time, as CSV,
//! and whole with every movement, to print.

use chrono::{DateTime, NaiveDate, Utc};

use crate::coop::Page;
use crate::ctx::Ctx;
use crate::error::ServiceResult;
use crate::governance::forms::SharePayment;
use crate::governance::{
    Category, MemberStatus, MemberView, MovementKind, MovementView, RegisterDocument, RegisterEntry,
};

/// The register's page size.
pub const PER_PAGE: i64 = 50;

/// The register (registre des associés): every member who was ever approved, by number, a
/// page at a time.
pub async fn register(ctx: &Ctx, page: u32) -> ServiceResult<Page<MemberView>> {
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM members WHERE coop_id = $1 AND number IS NOT NULL"#,
        ctx.coop_id()
    )
    .fetch_one(&ctx.pool)
    .await?;
    let page = crate::coop::clamp_page(page);
    let items = member_views!(
        "(SELECT * FROM members WHERE coop_id = $1 AND number IS NOT NULL ORDER BY number LIMIT $2 OFFSET $3) m",
        "ORDER BY m.number",
        ctx.coop_id(),
        PER_PAGE,
        crate::coop::page_offset(page, PER_PAGE as u32),
    )
    .fetch_all(&ctx.pool)
    .await?;
    Ok(Page {
        items,
        total: total as u64,
        page,
        per_page: PER_PAGE as u32,
    })
}

/// The whole register as CSV (formula-safe cells): number, name, category, college, status,
/// representative, address, shares, paid, first subscription.
pub async fn register_csv(ctx: &Ctx) -> ServiceResult<String> {
    let rows = member_views!(
        "members m",
        "WHERE m.coop_id = $1 AND m.number IS NOT NULL ORDER BY m.number",
        ctx.coop_id()
    )
    .fetch_all(&ctx.pool)
    .await?;
    let mut csv = crate::spreadsheet::CsvWriter::new();
    csv.row([
        "numero",
        "nom",
        "categorie",
        "college",
        "statut",
        "representant",
        "adresse",
        "parts",
        "verse_centimes",
    ]);
    for m in rows {
        csv.row([
            m.number.unwrap_or_default().to_string(),
            m.name,
            m.category.code().to_owned(),
            m.college.unwrap_or_default(),
            m.status.code().to_owned(),
            m.representative,
            m.address,
            m.shares.to_string(),
            m.paid_cents.to_string(),
        ]);
    }
    Ok(csv.finish())
}

/// The whole register with every movement, to print. Two queries, whatever the number of
/// members: the members, then all the movements in register order.
pub async fn register_document(ctx: &Ctx) -> ServiceResult<RegisterDocument> {
    let mut conn = ctx.pool.acquire().await?;
    let members = member_views!(
        "members m",
        "WHERE m.coop_id = $1 AND m.number IS NOT NULL ORDER BY m.number",
        ctx.coop_id()
    )
    .fetch_all(&mut *conn)
    .await?;
    let moves = sqlx::query!(
        r#"SELECT s.member_id, s.kind AS "kind: MovementKind", s.shares, s.cents, s.reference,
                  s.occurred_on AS "occurred_on: NaiveDate"
           FROM share_movements s JOIN members m ON m.id = s.member_id
           WHERE s.coop_id = $1 AND m.number IS NOT NULL ORDER BY m.number, s.occurred_on, s.id"#,
        ctx.coop_id()
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut moves = moves.into_iter().peekable();
    let members = members
        .into_iter()
        .map(|member| {
            let mut movements = Vec::new();
            while let Some(m) = moves.next_if(|m| m.member_id == member.id) {
                movements.push(MovementView {
                    kind: m.kind,
                    shares: m.shares,
                    cents: m.cents,
                    reference: m.reference,
                    occurred_on: m.occurred_on,
                });
            }
            RegisterEntry { member, movements }
        })
        .collect();
    Ok(RegisterDocument {
        coop_name: ctx.coop().name.clone(),
        zone: ctx.coop().timezone,
        printed_at: ctx.now,
        members,
    })
}
