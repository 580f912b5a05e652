//! Background work shared by every running server through Postgres: email delivery and
//! periodic jobs. Each loop stops when the server shuts down.

use std::time::Duration;

use chrono::Utc;
use lettre::message::Mailbox;
use maillon::mail::{self, Transport};
use sqlx::PgPool;
use tokio::sync::watch;
use tower_sessions::ExpiredDeletion as _;
use tower_sessions_sqlx_store::PostgresStore;

const PURGE_PERIOD_SECS: i64 = 3600;

async fn sleep_or_stop(stop: &mut watch::Receiver<bool>, period: Duration) -> bool {
    tokio::select! {
        _ = tokio::time::sleep(period) => false,
        _ = stop.changed() => true,
    }
}

pub async fn deliver_mail(pool: PgPool, transport: Transport, from: Mailbox, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(e) = mail::deliver_due(&pool, &transport, &from).await {
            tracing::error!(error = %e, "email delivery");
        }
        if *stop.borrow() || sleep_or_stop(&mut stop, Duration::from_secs(1)).await {
            return;
        }
    }
}

async fn run_job(pool: &PgPool, sessions: &PostgresStore, job: &maillon::jobs::Job) -> Result<(), String> {
    match job.kind.as_str() {
        "purge" => {
            let purged = maillon::accounts::store::purge_expired(pool)
                .await
                .map_err(|e| e.to_string())?;
            sessions.delete_expired().await.map_err(|e| e.to_string())?;
            let carts = maillon::orders::store::purge_anonymous_carts(pool, Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(
                purged,
                carts,
                "purged expired tokens, throttling records, sessions and abandoned carts"
            );
            Ok(())
        }
        other => Err(format!("unknown job kind {other}")),
    }
}

pub async fn run_jobs(pool: PgPool, sessions: PostgresStore, mut stop: watch::Receiver<bool>) {
    loop {
        let key = maillon::jobs::period_key("purge", Utc::now(), PURGE_PERIOD_SECS);
        let scheduled = async {
            let mut conn = pool.acquire().await?;
            maillon::jobs::enqueue(&mut conn, "purge", serde_json::json!({}), Utc::now(), Some(&key)).await
        };
        if let Err(e) = scheduled.await {
            tracing::error!(error = %e, "scheduling periodic jobs");
        }
        loop {
            match maillon::jobs::claim(&pool).await {
                Ok(Some((mut tx, job))) => {
                    let ran = if maillon::hub::closing::handles(&job.kind) {
                        // A cycle's job does its work in the claim's transaction: done once.
                        maillon::hub::closing::run_claimed(&mut tx, &job)
                            .await
                            .map(|change| tracing::info!(job = job.id, kind = %job.kind, ?change, "cycle job handled"))
                            .map_err(|e| e.to_string())
                    } else {
                        run_job(&pool, &sessions, &job).await
                    };
                    let outcome = match ran {
                        Ok(()) => maillon::jobs::finish(tx, &job).await,
                        Err(error) => {
                            tracing::warn!(job = job.id, kind = %job.kind, %error, "job failed, will retry");
                            maillon::jobs::fail(tx, &job, &error).await
                        }
                    };
                    if let Err(e) = outcome {
                        tracing::error!(error = %e, "recording job outcome");
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    tracing::error!(error = %e, "claiming a job");
                    break;
                }
            }
        }
        if sleep_or_stop(&mut stop, Duration::from_secs(5)).await {
            return;
        }
    }
}

/// The marketplace's clock, every few seconds: cycles open and close on time, unpaid card
/// orders give their stock back, reminders go out the day before pickup, refunds reach Stripe,
/// general assemblies open and close their voting windows, last-minute lots whose sale ended
/// are given or counted lost.
/// Each step is a conditional update under row locks, so several servers can run it.
pub async fn run_clock(state: app::ssr::AppState, mut stop: watch::Receiver<bool>) {
    let base_url = state.site.base_url.clone();
    loop {
        let now = Utc::now();
        match maillon::hub::closing::advance_cycles(&state.pool, now, &base_url).await {
            Ok(moved) => {
                for (cycle, status) in moved {
                    tracing::info!(cycle, status = status.code(), "order cycle moved on by the clock");
                }
            }
            Err(e) => tracing::error!(error = %e, "opening and closing cycles"),
        }
        let ctx = state.ctx().at(now);
        match maillon::orders::store::expire_unpaid(&ctx).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(orders = n, "unpaid card orders expired, stock released"),
            Err(e) => tracing::error!(error = %e, "expiring unpaid orders"),
        }
        if let Err(e) = maillon::orders::store::send_reminders(&ctx).await {
            tracing::error!(error = %e, "pickup reminders");
        }
        match maillon::governance::store::advance_assemblies(&ctx).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(assemblies = n, "general assemblies opened or closed by the clock"),
            Err(e) => tracing::error!(error = %e, "opening and closing general assemblies"),
        }
        if let Some(stripe) = &state.payments {
            send_refunds(&state.pool, stripe).await;
        }
        match maillon::rescue::store::settle_lots(&ctx).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(lots = n, "last-minute lots settled: the rest given or lost"),
            Err(e) => tracing::error!(error = %e, "settling last-minute lots"),
        }
        match maillon::transparency::store::refresh(&ctx).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(cycles = n, "transparency figures computed"),
            Err(e) => tracing::error!(error = %e, "computing the transparency figures"),
        }
        // What a pass after a checkout missed.
        if let Err(e) = maillon::orders::store::collect_round_ups(&state.pool, state.coop.id, now).await {
            tracing::error!(error = %e, "giving round-ups to the solidarity fund");
        }
        if sleep_or_stop(&mut stop, Duration::from_secs(5)).await {
            return;
        }
    }
}

async fn send_refunds(pool: &PgPool, stripe: &maillon::payments::Stripe) {
    let due = match maillon::orders::store::due_refunds(pool).await {
        Ok(due) => due,
        Err(e) => {
            tracing::error!(error = %e, "listing refunds");
            return;
        }
    };
    for (id, payment_intent, amount) in due {
        // The refund's own id keys the call: retried after a failure, it refunds once.
        match stripe
            .refund(&payment_intent, amount, &format!("maillon-refund-{id}"))
            .await
        {
            Ok(refund) => {
                if let Err(e) = maillon::orders::store::refund_done(pool, id, &refund).await {
                    tracing::error!(error = %e, refund = id, "recording a refund");
                }
            }
            Err(e) => tracing::warn!(error = %e, refund = id, "Stripe refund failed, will retry"),
        }
    }
}
