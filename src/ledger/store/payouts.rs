//! Producers' payout statements: drawn up when a cycle is delivered, read by their producer
//! and the board, paid by SEPA transfer in batches the board prepares and marks paid.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgConnection;

use crate::accounts::store::CurrentUser;
use crate::accounts::{Permission, allows};
use crate::audit::{self, Entry};
use crate::coop::{Page, page_offset};
use crate::ctx::Ctx;
use crate::error::{ServiceError, ServiceResult, found};
use crate::i18n::Msg;
use crate::ledger::payout::{Sold, StatementLine, statement};
use crate::ledger::{BankAccount, BatchSummary, PayoutSummary, PayoutView};

pub const PER_PAGE: u32 = 50;

/// Draws up the statements of a delivered cycle's producers that have none yet, in the
/// delivery job's transaction, with one audit entry. Returns how many.
pub async fn draw_up_for_cycle(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<usize> {
    let (cycle_name, sold) = crate::orders::store::sold_by_producer(conn, cycle_id).await?;
    let rules = crate::catalogue::store::split_rules(conn, coop_id).await?;
    let done = sqlx::query_scalar!("SELECT producer_id FROM payouts WHERE cycle_id = $1", cycle_id)
        .fetch_all(&mut *conn)
        .await?;
    let mut drawn = 0;
    let mut total = 0;
    let mut rest = sold.as_slice();
    while let Some(first) = rest.first() {
        let producer = first.producer_id;
        let end = rest
            .iter()
            .position(|s| s.producer_id != producer)
            .unwrap_or(rest.len());
        let (of_producer, next) = rest.split_at(end);
        rest = next;
        if done.contains(&producer) {
            continue;
        }
        let items: Vec<Sold> = of_producer
            .iter()
            .map(|s| Sold {
                description: s.description.clone(),
                unit_price_cents: s.unit_price_cents,
                vat_bp: s.vat_bp,
                ordered: s.ordered,
                delivered: s.delivered,
                split: rules.for_product(s.category, producer),
            })
            .collect();
        let st = statement(&items);
        let id = sqlx::query_scalar!(
            "INSERT INTO payouts (coop_id, cycle_id, producer_id, cycle_name, farm_name, sales_cents, vat_cents, hub_cents,
                                  commission_cents, solidarity_cents, payout_cents, missing_units, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            coop_id,
            cycle_id,
            producer,
            cycle_name,
            first.farm_name,
            st.sales_cents,
            st.vat_cents,
            st.hub_cents,
            st.commission_cents,
            st.solidarity_cents,
            st.payout_cents,
            st.missing_units,
            now as _,
        )
        .fetch_one(&mut *conn)
        .await?;
        insert_lines(conn, id, &st.lines).await?;
        super::returns::deduct_waiting(conn, coop_id, producer, id, st.payout_cents).await?;
        drawn += 1;
        total += st.payout_cents;
    }
    if drawn > 0 {
        audit::record_for(
            conn,
            coop_id,
            now,
            Entry {
                actor: None,
                action: "payouts_drawn_up",
                subject: format!("cycle {cycle_id}"),
                before: None,
                after: Some(serde_json::json!({ "statements": drawn, "payout_cents": total })),
            },
        )
        .await?;
    }
    Ok(drawn)
}

async fn insert_lines(conn: &mut PgConnection, payout: i64, lines: &[StatementLine]) -> ServiceResult<()> {
    let col = |f: fn(&StatementLine) -> i64| lines.iter().map(f).collect::<Vec<i64>>();
    let numbers: Vec<i32> = (1..=lines.len() as i32).collect();
    let descriptions: Vec<&str> = lines.iter().map(|l| l.description.as_str()).collect();
    let rates: Vec<i32> = lines.iter().map(|l| l.vat_bp).collect();
    sqlx::query!(
        "INSERT INTO payout_lines (payout_id, line_no, description, unit_price_cents, vat_bp, ordered, delivered, unit_payout_cents,
                                   sales_cents, vat_cents, hub_cents, commission_cents, solidarity_cents, payout_cents)
         SELECT $1, * FROM unnest($2::int[], $3::text[], $4::bigint[], $5::int[], $6::bigint[], $7::bigint[], $8::bigint[],
                                  $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::bigint[])",
        payout,
        &numbers,
        &descriptions as &[&str],
        &col(|l| l.unit_price_cents),
        &rates,
        &col(|l| l.ordered),
        &col(|l| l.delivered),
        &col(|l| l.unit_payout_cents),
        &col(|l| l.sales_cents),
        &col(|l| l.vat_cents),
        &col(|l| l.hub_cents),
        &col(|l| l.commission_cents),
        &col(|l| l.solidarity_cents),
        &col(|l| l.payout_cents),
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The farm a producer account runs, if any.
async fn farm_of(ctx: &Ctx, user: &CurrentUser) -> ServiceResult<Option<i64>> {
    Ok(crate::catalogue::store::producer_of(ctx, user.id).await?.map(|f| f.id))
}

/// A statement whole: its producer and the board may read it; anyone else is told it does not
/// exist.
pub async fn payout(ctx: &Ctx, viewer: &CurrentUser, id: i64) -> ServiceResult<PayoutView> {
    let row = sqlx::query!(
        r#"SELECT p.id, p.producer_id, p.cycle_name, p.farm_name, p.sales_cents, p.vat_cents, p.hub_cents, p.commission_cents,
                  p.solidarity_cents,
                  p.payout_cents, p.missing_units, p.created_at AS "created_at: DateTime<Utc>", p.batch_id,
                  p.paid_at AS "paid_at: DateTime<Utc>"
           FROM payouts p WHERE p.coop_id = $1 AND p.id = $2"#,
        ctx.coop_id(),
        id,
    )
    .fetch_optional(&ctx.pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    if !allows(&viewer.roles, Permission::Govern) && farm_of(ctx, viewer).await? != Some(row.producer_id) {
        return Err(ServiceError::NotFound);
    }
    let lines = sqlx::query_as!(
        StatementLine,
        "SELECT description, unit_price_cents, vat_bp, ordered, delivered, unit_payout_cents, sales_cents, vat_cents,
                hub_cents, commission_cents, solidarity_cents, payout_cents
         FROM payout_lines WHERE payout_id = $1 ORDER BY line_no",
        id,
    )
    .fetch_all(&ctx.pool)
    .await?;
    let mut conn = ctx.pool.acquire().await?;
    let returns = super::returns::returns_of_statement(&mut conn, id).await?;
    Ok(PayoutView {
        returns_cents: returns.iter().map(|r| r.producer_cents).sum(),
        returns,
        id: row.id,
        producer_id: row.producer_id,
        cycle_name: row.cycle_name,
        farm_name: row.farm_name,
        statement: crate::ledger::payout::Statement {
            lines,
            sales_cents: row.sales_cents,
            vat_cents: row.vat_cents,
            hub_cents: row.hub_cents,
            commission_cents: row.commission_cents,
            solidarity_cents: row.solidarity_cents,
            payout_cents: row.payout_cents,
            missing_units: row.missing_units,
        },
        created_at: row.created_at,
        batch_id: row.batch_id,
        paid_at: row.paid_at,
    })
}

/// Statements, newest first: a producer's own (`producer` Some), or every producer's for the
/// board, unpaid first.
pub async fn payouts(ctx: &Ctx, producer: Option<i64>, page: u32) -> ServiceResult<Page<PayoutSummary>> {
    let items = sqlx::query_as!(
        PayoutSummary,
        r#"SELECT p.id, p.cycle_name, p.farm_name,
                  p.payout_cents - payout_returns(p.id)
                      AS "payout_cents!",
                  p.created_at AS "created_at: DateTime<Utc>",
                  p.paid_at AS "paid_at: DateTime<Utc>", p.batch_id,
                  EXISTS (SELECT 1 FROM bank_accounts b WHERE b.producer_id = p.producer_id) AS "has_bank_account!"
           FROM payouts p WHERE p.coop_id = $1 AND ($2::bigint IS NULL OR p.producer_id = $2)
           ORDER BY (p.paid_at IS NULL) DESC, p.id DESC LIMIT $3 OFFSET $4"#,
        ctx.coop_id(),
        producer,
        i64::from(PER_PAGE),
        page_offset(page, PER_PAGE),
    )
    .fetch_all(&ctx.pool)
    .await?;
    let total = sqlx::query_scalar!(
        r#"SELECT count(*) AS "n!" FROM payouts WHERE coop_id = $1 AND ($2::bigint IS NULL OR producer_id = $2)"#,
        ctx.coop_id(),
        producer,
    )
    .fetch_one(&ctx.pool)
    .await?;
    Ok(Page::new(items, page, PER_PAGE, total))
}

/// The statements of the producer this account runs (none for an account without a farm).
pub async fn my_payouts(ctx: &Ctx, user: &CurrentUser, page: u32) -> ServiceResult<Page<PayoutSummary>> {
    match farm_of(ctx, user).await? {
        Some(farm) => payouts(ctx, Some(farm), page).await,
        None => Err(ServiceError::NotFound),
    }
}

/// The producer's bank account, as they entered it.
pub async fn bank_account(ctx: &Ctx, user: &CurrentUser) -> ServiceResult<Option<BankAccount>> {
    let farm = farm_of(ctx, user).await?.ok_or(ServiceError::NotFound)?;
    Ok(sqlx::query_as!(
        BankAccount,
        "SELECT holder, iban, bic FROM bank_accounts WHERE coop_id = $1 AND producer_id = $2",
        ctx.coop_id(),
        farm,
    )
    .fetch_optional(&ctx.pool)
    .await?)
}

/// Sets where the producer this account runs is paid (checked by `ledger::bank`); audited.
pub async fn set_bank_account(ctx: &Ctx, user: &CurrentUser, account: &BankAccount) -> ServiceResult<()> {
    let farm = farm_of(ctx, user).await?.ok_or(ServiceError::Forbidden)?;
    let mut tx = ctx.pool.begin().await?;
    sqlx::query!(
        "INSERT INTO bank_accounts (producer_id, coop_id, holder, iban, bic, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (producer_id) DO UPDATE SET holder = $3, iban = $4, bic = $5, updated_at = $6",
        farm,
        ctx.coop_id(),
        account.holder,
        account.iban,
        account.bic,
        ctx.now as _,
    )
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(user.id),
            action: "bank_account_set",
            subject: format!("producer {farm}"),
            before: None,
            // The account's last four characters only: the log is read by the whole board.
            after: Some(serde_json::json!({ "iban_ends": &account.iban[account.iban.len().saturating_sub(4)..] })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Puts every unpaid statement with something to pay, of a producer with a bank account, in a
/// new batch of transfers to execute on `execution`. Returns the batch's id.
pub async fn create_batch(ctx: &Ctx, board: &CurrentUser, execution: NaiveDate) -> ServiceResult<i64> {
    if execution < ctx.today() || execution > ctx.today() + chrono::Duration::days(60) {
        return Err(ServiceError::field("execution", Msg::ErrExecutionDate));
    }
    let mut tx = ctx.pool.begin().await?;
    let debtor = sqlx::query!(
        "SELECT iban, bic FROM billing_identities WHERE coop_id = $1",
        ctx.coop_id()
    )
    .fetch_optional(&mut *tx)
    .await?;
    if debtor.is_none_or(|d| d.iban.is_empty() || d.bic.is_empty()) {
        return Err(ServiceError::invalid(Msg::ErrCoopBankAccount));
    }
    let due = sqlx::query!(
        r#"SELECT p.id, n.net AS "payout_cents!" FROM payouts p JOIN bank_accounts b ON b.producer_id = p.producer_id
           CROSS JOIN LATERAL (SELECT p.payout_cents - payout_returns(p.id) AS net) n
           WHERE p.coop_id = $1 AND p.paid_at IS NULL AND p.batch_id IS NULL AND n.net > 0
           ORDER BY p.id FOR UPDATE OF p"#,
        ctx.coop_id(),
    )
    .fetch_all(&mut *tx)
    .await?;
    if due.is_empty() {
        return Err(ServiceError::invalid(Msg::ErrNoStatementToPay));
    }
    let total: i64 = due.iter().map(|d| d.payout_cents).sum();
    let ids: Vec<i64> = due.iter().map(|d| d.id).collect();
    let batch = sqlx::query_scalar!(
        "INSERT INTO payout_batches (coop_id, created_at, created_by, execution_date, total_cents) VALUES ($1, $2, $3, $4, $5)
         RETURNING id",
        ctx.coop_id(),
        ctx.now as _,
        board.id,
        execution as _,
        total,
    )
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query!("UPDATE payouts SET batch_id = $1 WHERE id = ANY($2)", batch, &ids)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(board.id),
            action: "payout_batch_created",
            subject: format!("batch {batch}"),
            before: None,
            after: Some(serde_json::json!({ "statements": ids, "total_cents": total, "execution": execution })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(batch)
}

/// The batches, newest first.
pub async fn batches(ctx: &Ctx) -> ServiceResult<Vec<BatchSummary>> {
    Ok(sqlx::query_as!(
        BatchSummary,
        r#"SELECT b.id, b.created_at AS "created_at: DateTime<Utc>", b.execution_date AS "execution_date: NaiveDate",
                  b.total_cents, (SELECT count(*) FROM payouts p WHERE p.batch_id = b.id) AS "count!",
                  b.paid_at AS "paid_at: DateTime<Utc>"
           FROM payout_batches b WHERE b.coop_id = $1 ORDER BY b.id DESC LIMIT 100"#,
        ctx.coop_id(),
    )
    .fetch_all(&ctx.pool)
    .await?)
}

/// The batch's SEPA credit transfer file (pain.001.001.03), and its file name.
pub async fn batch_file(ctx: &Ctx, batch: i64) -> ServiceResult<(String, String)> {
    use crate::ledger::sepa::{Debtor, Transfer, pain001};
    let b = sqlx::query!(
        r#"SELECT b.created_at AS "created_at: DateTime<Utc>", b.execution_date AS "execution_date: NaiveDate",
                  i.legal_name, i.iban, i.bic
           FROM payout_batches b JOIN billing_identities i ON i.coop_id = b.coop_id
           WHERE b.coop_id = $1 AND b.id = $2"#,
        ctx.coop_id(),
        batch,
    )
    .fetch_optional(&ctx.pool)
    .await?
    .ok_or(ServiceError::NotFound)?;
    let transfers = sqlx::query!(
        r#"SELECT p.id, p.cycle_name, a.holder, a.iban, a.bic,
                  p.payout_cents - payout_returns(p.id)
                      AS "payout_cents!"
           FROM payouts p JOIN bank_accounts a ON a.producer_id = p.producer_id
           WHERE p.batch_id = $1 ORDER BY p.id"#,
        batch,
    )
    .fetch_all(&ctx.pool)
    .await?
    .into_iter()
    .map(|t| Transfer {
        end_to_end_id: format!("MAILLON-V{}", t.id),
        creditor_name: t.holder,
        iban: t.iban,
        bic: t.bic,
        amount_cents: t.payout_cents,
        remittance: format!("Maillon releve {} {}", t.id, t.cycle_name),
    })
    .collect::<Vec<_>>();
    let debtor = Debtor {
        name: b.legal_name,
        iban: b.iban,
        bic: b.bic,
    };
    let created = b.created_at.with_timezone(&ctx.coop().timezone.tz()).naive_local();
    let xml = pain001(
        &format!("MAILLON-{}-L{batch}", ctx.coop_id()),
        created,
        b.execution_date,
        &debtor,
        &transfers,
    );
    Ok((format!("virements-maillon-lot-{batch}.xml"), xml))
}

/// The bank executed the batch: each of its statements is paid. Once.
pub async fn mark_batch_paid(ctx: &Ctx, board: &CurrentUser, batch: i64) -> ServiceResult<()> {
    let mut tx = ctx.pool.begin().await?;
    found(
        sqlx::query!(
            "UPDATE payout_batches SET paid_at = $3, paid_by = $4 WHERE coop_id = $1 AND id = $2 AND paid_at IS NULL",
            ctx.coop_id(),
            batch,
            ctx.now as _,
            board.id,
        )
        .execute(&mut *tx)
        .await?
        .rows_affected(),
    )?;
    let paid = sqlx::query!(
        "UPDATE payouts SET paid_at = $2, paid_by = $3 WHERE batch_id = $1 AND paid_at IS NULL",
        batch,
        ctx.now as _,
        board.id,
    )
    .execute(&mut *tx)
    .await?
    .rows_affected();
    audit::record(
        &mut tx,
        ctx,
        Entry {
            actor: Some(board.id),
            action: "payout_batch_paid",
            subject: format!("batch {batch}"),
            before: None,
            after: Some(serde_json::json!({ "statements": paid })),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives the solidarity fund the contribution of a delivered cycle's sales, from the cycle's
/// statements (once per cycle). Returns what was given.
pub async fn give_margin_share(
    conn: &mut PgConnection,
    coop_id: i64,
    cycle_id: i64,
    now: DateTime<Utc>,
) -> ServiceResult<i64> {
    let contribution = sqlx::query_scalar!(
        r#"SELECT coalesce(sum(solidarity_cents), 0)::bigint AS "solidarity!" FROM payouts WHERE coop_id = $1 AND cycle_id = $2"#,
        coop_id,
        cycle_id
    )
    .fetch_one(&mut *conn)
    .await?;
    crate::solidarity::store::give_margin_share(conn, coop_id, cycle_id, contribution, now).await
}
