//! Email outbox and background jobs against a real PostgreSQL and a real SMTP conversation.

use chrono::Utc;
use lettre::message::Mailbox;
use maillon::mail::{self, Email, Transport};
use maillon_test_support::TestDb;
use maillon_test_support::smtp;
use sqlx::PgPool;
use tokio::net::TcpListener;

fn from() -> Mailbox {
    "Maillon <ne-pas-repondre@maillon.test>".parse().unwrap()
}

async fn queue(pool: &PgPool, n: usize) {
    let mut conn = pool.acquire().await.unwrap();
    for i in 0..n {
        let email = Email {
            subject: format!("Message {i}"),
            body: format!("Corps numéro {i}\nhttp://x/{i}\n"),
        };
        mail::enqueue(&mut conn, None, &format!("dest{i}@example.org"), &email)
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn an_smtp_server_that_is_down_delays_mail_and_loses_none() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    queue(&pool, 3).await;
    let closed = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);

    let down = Transport::smtp_plain("127.0.0.1", port, None);
    assert_eq!(mail::deliver_due(&pool, &down, &from()).await.unwrap(), 0);
    let (attempts, retry_later, error): (i32, bool, Option<String>) =
        sqlx::query_as("SELECT attempts, next_attempt_at > now(), last_error FROM outbox_emails ORDER BY id LIMIT 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(retry_later, "the failed email waits before its next attempt");
    assert!(error.is_some());
    // Not yet due: nothing is attempted again.
    assert_eq!(mail::deliver_due(&pool, &down, &from()).await.unwrap(), 0);

    // The server comes back on the same port; once due again, everything goes out.
    let sink = smtp::serve(TcpListener::bind(("127.0.0.1", port)).await.unwrap());
    sqlx::query("UPDATE outbox_emails SET next_attempt_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    let up = Transport::smtp_plain("127.0.0.1", port, None);
    assert_eq!(mail::deliver_due(&pool, &up, &from()).await.unwrap(), 3);
    let received = sink.received();
    assert_eq!(received.len(), 3);
    assert!(received.iter().any(|m| m.contains("Subject: Message 0")));
    let unsent: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox_emails WHERE sent_at IS NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(unsent, 0);
}

#[tokio::test]
async fn concurrent_workers_send_each_email_exactly_once() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    queue(&pool, 40).await;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let sink = smtp::serve(listener);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let pool = pool.clone();
            tokio::spawn(async move {
                let transport = Transport::smtp_plain("127.0.0.1", port, None);
                mail::deliver_due(&pool, &transport, &from()).await.unwrap()
            })
        })
        .collect();
    let mut total = 0;
    for w in workers {
        total += w.await.unwrap();
    }
    assert_eq!(total, 40);
    let mut subjects: Vec<String> = sink
        .received()
        .iter()
        .filter_map(|m| m.lines().find(|l| l.starts_with("Subject: ")).map(str::to_owned))
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 40, "every email once, none twice");
    assert_eq!(sink.received().len(), 40);
}

#[tokio::test]
async fn emails_are_written_as_files_when_no_smtp_is_configured() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    queue(&pool, 1).await;
    let dir = std::env::temp_dir().join(format!("maillon-mail-{}", std::process::id()));
    let files = Transport::files(dir.clone()).unwrap();
    assert_eq!(mail::deliver_due(&pool, &files, &from()).await.unwrap(), 1);
    let written: Vec<_> = std::fs::read_dir(&dir).unwrap().filter_map(|e| e.ok()).collect();
    assert_eq!(written.len(), 1);
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test]
async fn periodic_jobs_exist_once_per_period_and_run_once() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let key = maillon::jobs::period_key("purge", Utc::now(), 3600);
    let mut conn = pool.acquire().await.unwrap();
    let first = maillon::jobs::enqueue(&mut conn, "purge", serde_json::json!({}), Utc::now(), Some(&key))
        .await
        .unwrap();
    let second = maillon::jobs::enqueue(&mut conn, "purge", serde_json::json!({}), Utc::now(), Some(&key))
        .await
        .unwrap();
    assert!(first.is_some());
    assert_eq!(second, None, "a second server scheduling the same period adds nothing");
    maillon::jobs::enqueue(&mut conn, "other", serde_json::json!({"n": 1}), Utc::now(), None)
        .await
        .unwrap();
    drop(conn);

    // Two workers claim at once: each gets a different job, never the same one.
    let (a, b) = tokio::join!(maillon::jobs::claim(&pool), maillon::jobs::claim(&pool));
    let (tx_a, job_a) = a.unwrap().expect("a job for the first worker");
    let (tx_b, job_b) = b.unwrap().expect("a job for the second worker");
    assert_ne!(job_a.id, job_b.id);
    assert!(
        maillon::jobs::claim(&pool).await.unwrap().is_none(),
        "both jobs are taken"
    );
    maillon::jobs::finish(tx_a, &job_a).await.unwrap();
    maillon::jobs::fail(tx_b, &job_b, "boom").await.unwrap();
    let pending: i64 = sqlx::query_scalar("SELECT count(*) FROM jobs WHERE done_at IS NULL")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(pending, 1, "the failed job waits for a retry");
    assert!(
        maillon::jobs::claim(&pool).await.unwrap().is_none(),
        "not due again yet"
    );
}

/// What the server logs, kept in memory.
#[derive(Clone, Default)]
struct Log(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for Log {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Log {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

#[tokio::test]
async fn emailed_links_reach_the_log_only_when_mail_stays_on_this_machine() {
    let db = TestDb::migrated().await;
    let pool = db.pool();
    let log = Log::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_max_level(tracing::Level::INFO)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);
    let reset = |token: &str| Email {
        subject: "Nouveau mot de passe".into(),
        body: format!("Choisissez-le ici :\nhttp://127.0.0.1:3000/mot-de-passe/nouveau?token={token}\n"),
    };

    let mut conn = pool.acquire().await.unwrap();
    mail::enqueue(&mut conn, None, "lea@example.org", &reset("SMTP-LIVE-TOKEN"))
        .await
        .unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let sink = smtp::serve(listener);
    let smtp = Transport::smtp_plain("127.0.0.1", port, None);
    assert_eq!(mail::deliver_due(&pool, &smtp, &from()).await.unwrap(), 1);
    assert!(
        sink.received()[0].contains("SMTP-LIVE-TOKEN"),
        "the email itself has the link"
    );
    assert!(log.text().contains("email sent"), "{}", log.text());
    assert!(!log.text().contains("SMTP-LIVE-TOKEN"), "{}", log.text());

    // Written as a file for local use, the link is logged to be followed from the terminal.
    mail::enqueue(&mut conn, None, "lea@example.org", &reset("LOCAL-FILE-TOKEN"))
        .await
        .unwrap();
    let dir = std::env::temp_dir().join(format!("maillon-mail-log-{}", std::process::id()));
    let files = Transport::files(dir.clone()).unwrap();
    assert_eq!(mail::deliver_due(&pool, &files, &from()).await.unwrap(), 1);
    assert!(log.text().contains("LOCAL-FILE-TOKEN"), "{}", log.text());
    let _ = std::fs::remove_dir_all(dir);
}
