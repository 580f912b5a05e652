//! Password hashing with argon2id at OWASP's minimum (m = 19 MiB, t = 2, p = 1), run on the
//! blocking pool so a burst of sign-ins does not stall the async runtime.
//!
//! Each hash takes 19 MiB and a core for tens of milliseconds, and anyone can ask for one (a
//! sign-in, a sign-up). So no more run at once than there are cores (`hashing_slots`): a flood
//! of requests queues for a slot instead of taking one blocking thread and 19 MiB each (the
//! blocking pool has 512 threads: 10 GB).

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::error::ServiceError;

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn hasher() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_blocking(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing cannot fail with valid params")
        .to_string()
}

pub fn verify_blocking(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| hasher().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// How many hashes may run at once: one per core.
pub fn hashing_slots() -> usize {
    std::thread::available_parallelism().map_or(2, usize::from)
}

fn slots() -> &'static Semaphore {
    static SLOTS: OnceLock<Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| Semaphore::new(hashing_slots()))
}

static RUNNING: AtomicUsize = AtomicUsize::new(0);
static MOST_RUNNING: AtomicUsize = AtomicUsize::new(0);
static DONE: AtomicUsize = AtomicUsize::new(0);

/// How many hashes and verifications this process has run (the throttling tests count them).
pub fn runs() -> usize {
    DONE.load(Ordering::SeqCst)
}

/// The most hashes (and verifications) seen running at once since the process started.
pub fn most_running_at_once() -> usize {
    MOST_RUNNING.load(Ordering::Relaxed)
}

/// Runs argon2 work on the blocking pool once a slot is free.
async fn in_slot<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, ServiceError> {
    let _slot = slots()
        .acquire()
        .await
        .map_err(|e| ServiceError::Internal(format!("hashing slots: {e}")))?;
    tokio::task::spawn_blocking(move || {
        let running = RUNNING.fetch_add(1, Ordering::SeqCst) + 1;
        MOST_RUNNING.fetch_max(running, Ordering::Relaxed);
        let out = work();
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        DONE.fetch_add(1, Ordering::SeqCst);
        out
    })
    .await
    .map_err(|e| ServiceError::Internal(format!("hashing task: {e}")))
}

pub async fn hash(password: String) -> Result<String, ServiceError> {
    in_slot(move || hash_blocking(&password)).await
}

/// Verifies against the stored hash, or against a dummy hash when there is no account, so that
/// unknown and known addresses take the same time.
pub async fn verify(password: String, stored: Option<String>) -> Result<bool, ServiceError> {
    in_slot(move || match stored {
        Some(stored) => verify_blocking(&password, &stored),
        None => {
            let _ = verify_blocking(&password, dummy_hash());
            false
        }
    })
    .await
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_blocking(&crate::secret::random_token()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_at_owasp_minimum_and_verify() {
        let stored = hash_blocking("une phrase de passe");
        assert!(stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{stored}");
        assert!(verify_blocking("une phrase de passe", &stored));
        assert!(!verify_blocking("une autre phrase", &stored));
        assert!(!verify_blocking("anything", "not a hash"));
        assert_ne!(stored, hash_blocking("une phrase de passe"), "salts differ");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn no_more_hashes_run_at_once_than_there_are_cores() {
        let stored = hash_blocking("une phrase de passe");
        let work: Vec<_> = (0..4 * hashing_slots() + 4)
            .map(|i| {
                let stored = stored.clone();
                tokio::spawn(async move {
                    if i % 2 == 0 {
                        hash(format!("phrase numéro {i}")).await.map(|_| true)
                    } else {
                        verify(format!("phrase numéro {i}"), Some(stored)).await
                    }
                })
            })
            .collect();
        for w in work {
            w.await.unwrap().unwrap();
        }
        assert!(most_running_at_once() >= 1);
        assert!(
            most_running_at_once() <= hashing_slots(),
            "{} at once for {} cores",
            most_running_at_once(),
            hashing_slots()
        );
    }
}
