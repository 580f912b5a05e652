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
            tracing::info!(purged, "purged expired tokens, throttling records and sessions");
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
                Ok(Some((tx, job))) => {
                    let outcome = match run_job(&pool, &sessions, &job).await {
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
