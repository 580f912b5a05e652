//! Outgoing email: written to the outbox inside the transaction that causes it, delivered by
//! a worker that retries with backoff. Several servers can run the worker: each email is
//! claimed with `FOR UPDATE SKIP LOCKED` and sent by exactly one of them.

pub mod templates;

use std::path::PathBuf;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport as _, Message, Tokio1Executor};
use sqlx::{PgConnection, PgPool};

use crate::error::ServiceResult;
pub use templates::Message as Email;

/// Queues one email per recipient in a single statement, in each recipient's language (`fr`
/// or `en`): a convocation to every member of a large cooperative is one round trip.
pub async fn enqueue_each(
    conn: &mut PgConnection,
    coop_id: Option<i64>,
    to: &[(String, crate::i18n::Locale)],
    fr: &Email,
    en: &Email,
) -> ServiceResult<u64> {
    let addresses: Vec<&str> = to.iter().map(|(a, _)| a.as_str()).collect();
    let english: Vec<bool> = to.iter().map(|(_, l)| *l == crate::i18n::Locale::En).collect();
    Ok(sqlx::query!(
        "INSERT INTO outbox_emails (coop_id, to_address, subject, body_text)
         SELECT $1, t.address, CASE WHEN t.en THEN $4 ELSE $2 END, CASE WHEN t.en THEN $5 ELSE $3 END
         FROM unnest($6::text[], $7::bool[]) AS t(address, en)",
        coop_id,
        fr.subject,
        fr.body,
        en.subject,
        en.body,
        &addresses as &[&str],
        &english[..],
    )
    .execute(conn)
    .await?
    .rows_affected())
}

pub async fn enqueue(conn: &mut PgConnection, coop_id: Option<i64>, to: &str, email: &Email) -> ServiceResult<i64> {
    let id = sqlx::query_scalar!(
        "INSERT INTO outbox_emails (coop_id, to_address, subject, body_text) VALUES ($1, $2, $3, $4) RETURNING id",
        coop_id,
        to,
        email.subject,
        email.body,
    )
    .fetch_one(conn)
    .await?;
    Ok(id)
}

/// How mail leaves the machine: SMTP when configured, else `.eml` files for local use.
#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files {
        dir: PathBuf,
        transport: AsyncFileTransport<Tokio1Executor>,
    },
}

impl Transport {
    /// `smtp://user:pass@host:port` (plain, for local sinks), `smtp://…?tls=required`
    /// (STARTTLS) or `smtps://…` (TLS); see lettre's `from_url`.
    pub fn smtp(url: &str) -> Result<Transport, String> {
        let builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).map_err(|e| e.to_string())?;
        Ok(Transport::Smtp(builder.timeout(Some(Duration::from_secs(20))).build()))
    }

    pub fn smtp_plain(host: &str, port: u16, credentials: Option<(String, String)>) -> Transport {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, pass)) = credentials {
            builder = builder.credentials(Credentials::new(user, pass));
        }
        Transport::Smtp(builder.build())
    }

    pub fn files(dir: PathBuf) -> std::io::Result<Transport> {
        std::fs::create_dir_all(&dir)?;
        Ok(Transport::Files {
            transport: AsyncFileTransport::new(&dir),
            dir,
        })
    }

    /// The links of a sent email to write in the log, if any. Only for mail kept on this
    /// machine as files (`make run`, where the log is the quickest way to follow a link): an
    /// emailed link often carries a live token (verification, password reset), and logs are
    /// kept longer, and read by more people, than the mailbox it was meant for.
    pub fn links_to_log<'a>(&self, body: &'a str) -> Option<Vec<&'a str>> {
        match self {
            Transport::Files { .. } => Some(body.lines().filter(|l| l.starts_with("http")).collect()),
            Transport::Smtp(_) => None,
        }
    }

    async fn send(&self, message: Message) -> Result<String, String> {
        match self {
            Transport::Smtp(t) => t
                .send(message)
                .await
                .map(|_| "smtp".to_owned())
                .map_err(|e| e.to_string()),
            Transport::Files { dir, transport } => transport
                .send(message)
                .await
                .map(|id| dir.join(format!("{id}.eml")).display().to_string())
                .map_err(|e| e.to_string()),
        }
    }
}

/// Delay before the next attempt: 30 s, 1 min, 2 min … capped at one hour.
pub fn backoff(attempts: i32) -> Duration {
    let exponent = attempts.clamp(1, 8) as u32 - 1;
    Duration::from_secs((30u64 << exponent).min(3600))
}

/// An email waiting in the outbox.
struct Due {
    id: i64,
    to_address: String,
    subject: String,
    body_text: String,
    attempts: i32,
}

/// Sends every email that is due, one transaction each, and returns how many were sent.
pub async fn deliver_due(pool: &PgPool, transport: &Transport, from: &Mailbox) -> ServiceResult<usize> {
    let mut sent = 0;
    loop {
        let mut tx = pool.begin().await?;
        let row = sqlx::query_as!(
            Due,
            "SELECT id, to_address, subject, body_text, attempts FROM outbox_emails
             WHERE sent_at IS NULL AND next_attempt_at <= now()
             ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED",
        )
        .fetch_optional(&mut *tx)
        .await?;
        let Some(Due {
            id,
            to_address: to,
            subject,
            body_text: body,
            attempts,
        }) = row
        else {
            tx.commit().await?;
            return Ok(sent);
        };
        let outcome = match build(from, &to, &subject, &body) {
            Ok(message) => transport.send(message).await,
            Err(e) => Err(e),
        };
        match outcome {
            Ok(where_to) => {
                sqlx::query!(
                    "UPDATE outbox_emails SET sent_at = now(), attempts = attempts + 1, last_error = NULL WHERE id = $1",
                    id
                )
                .execute(&mut *tx)
                .await?;
                match transport.links_to_log(&body) {
                    Some(links) => {
                        tracing::info!(email_id = id, to = %to, subject = %subject, via = %where_to, links = ?links, "email sent")
                    }
                    None => tracing::info!(email_id = id, to = %to, subject = %subject, via = %where_to, "email sent"),
                }
                sent += 1;
            }
            Err(error) => {
                let retry_in = backoff(attempts + 1);
                sqlx::query!(
                    "UPDATE outbox_emails SET attempts = attempts + 1, last_error = $2,
                     next_attempt_at = now() + make_interval(secs => $3) WHERE id = $1",
                    id,
                    error,
                    retry_in.as_secs_f64(),
                )
                .execute(&mut *tx)
                .await?;
                tracing::warn!(email_id = id, to = %to, error = %error, retry_in_s = retry_in.as_secs(), "email not sent, will retry");
                tx.commit().await?;
                return Ok(sent);
            }
        }
        tx.commit().await?;
    }
}

fn build(from: &Mailbox, to: &str, subject: &str, body: &str) -> Result<Message, String> {
    let to: Mailbox = to.parse().map_err(|e: lettre::address::AddressError| e.to_string())?;
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(subject)
        .header(ContentType::TEXT_PLAIN)
        .body(body.to_owned())
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert_eq!(backoff(1), Duration::from_secs(30));
        assert_eq!(backoff(2), Duration::from_secs(60));
        assert_eq!(backoff(4), Duration::from_secs(240));
        assert_eq!(backoff(50), Duration::from_secs(3600));
        assert_eq!(backoff(0), Duration::from_secs(30));
    }
}
