// @pattern
// id: retry-backoff
// title: Retry with exponential backoff, jitter and cancellation
// summary: Retry an async operation with capped exponential backoff and full jitter, only for errors a predicate calls transient, and stop at once (mid-wait included) when a shutdown signal fires.
// minimum: tokio 1.24
// apis: tokio::time::sleep, tokio::select!, tokio::sync::watch::channel, tokio::sync::watch::Receiver::changed, tokio::sync::watch::Receiver::borrow_and_update, std::collections::hash_map::RandomState
// pitfalls: retrying every error (a 404 or a validation error never heals); backoff without jitter makes all clients retry in lockstep; full jitter can pick a near-zero wait, equal jitter keeps half the ceiling as a floor; an uncapped exponent overflows or sleeps for hours; a plain sleep between attempts ignores shutdown; retrying a non-idempotent operation can apply it twice
// rules:
// tags: retry, backoff, jitter, cancellation, resilience
// @end

use std::collections::hash_map::RandomState;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

/// How often and how patiently to retry. Built through `new`, which rejects settings that cannot work.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    max_attempts: u32,
    base_delay: Duration,
    max_delay: Duration,
}

impl RetryPolicy {
    pub fn new(
        max_attempts: u32,
        base_delay: Duration,
        max_delay: Duration,
    ) -> Result<Self, String> {
        if max_attempts == 0 {
            return Err(format!(
                "max_attempts must be at least 1, got {max_attempts}"
            ));
        }
        if base_delay.is_zero() {
            return Err(format!("base_delay must be positive, got {base_delay:?}"));
        }
        if max_delay < base_delay {
            return Err(format!(
                "max_delay ({max_delay:?}) must be >= base_delay ({base_delay:?})"
            ));
        }
        Ok(RetryPolicy {
            max_attempts,
            base_delay,
            max_delay,
        })
    }

    /// Upper bound of the wait after failed attempt `attempt` (1-based): base * 2^(attempt-1), capped.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor: u32 = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// "Equal jitter": a uniform wait in [ceiling/2, ceiling]. The random half spreads out clients that failed
    /// together; the fixed half keeps a retry from firing right after the failure (full jitter can pick ~0).
    pub fn delay(&self, attempt: u32) -> Duration {
        let half: Duration = self.ceiling(attempt) / 2;
        half + half.mul_f64(random_unit())
    }
}

/// A number in [0, 1) from the standard library alone: every RandomState is seeded with fresh keys.
fn random_unit() -> f64 {
    let bits: u64 = RandomState::new().build_hasher().finish();
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[derive(Debug, PartialEq, Eq)]
pub enum RetryError<E> {
    /// Every allowed attempt failed with a transient error; the last one is kept.
    Exhausted { attempts: u32, last: E },
    /// The predicate said this error will not go away by retrying.
    Permanent { attempts: u32, error: E },
    /// Shutdown was requested; no further attempt was started.
    Cancelled { attempts: u32 },
}

impl<E: fmt::Display> fmt::Display for RetryError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RetryError::Exhausted { attempts, last } => {
                write!(f, "gave up after {attempts} attempts: {last}")
            }
            RetryError::Permanent { attempts, error } => {
                write!(f, "attempt {attempts} failed permanently: {error}")
            }
            RetryError::Cancelled { attempts } => write!(f, "cancelled after {attempts} attempts"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for RetryError<E> {}

/// Waits until the watch value becomes true. Cancel-safe; a dropped sender means nobody can cancel any more.
async fn shutdown_requested(shutdown: &mut watch::Receiver<bool>) {
    while !*shutdown.borrow_and_update() {
        if shutdown.changed().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// Calls `operation(attempt)` until it succeeds, fails permanently, runs out of attempts, or shutdown is signalled.
/// Shutdown interrupts both an attempt in flight (its future is dropped) and the wait between attempts.
pub async fn retry<T, E, Fut>(
    policy: RetryPolicy,
    mut shutdown: watch::Receiver<bool>,
    is_transient: impl Fn(&E) -> bool,
    mut operation: impl FnMut(u32) -> Fut,
) -> Result<T, RetryError<E>>
where
    Fut: Future<Output = Result<T, E>>,
{
    let mut attempt: u32 = 0;
    loop {
        attempt += 1;
        let outcome = tokio::select! {
            biased;
            _ = shutdown_requested(&mut shutdown) => return Err(RetryError::Cancelled { attempts: attempt - 1 }),
            outcome = operation(attempt) => outcome,
        };
        match outcome {
            Ok(value) => return Ok(value),
            Err(error) if !is_transient(&error) => {
                return Err(RetryError::Permanent {
                    attempts: attempt,
                    error,
                })
            }
            Err(error) if attempt >= policy.max_attempts => {
                return Err(RetryError::Exhausted {
                    attempts: attempt,
                    last: error,
                })
            }
            Err(_transient) => {} // retried below; log it here if useful
        }
        tokio::select! {
            biased;
            _ = shutdown_requested(&mut shutdown) => return Err(RetryError::Cancelled { attempts: attempt }),
            _ = tokio::time::sleep(policy.delay(attempt)) => {}
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum CallError {
    Unavailable,
    BadRequest,
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            CallError::Unavailable => "503 service unavailable",
            CallError::BadRequest => "400 bad request",
        })
    }
}

fn is_transient(error: &CallError) -> bool {
    matches!(error, CallError::Unavailable)
}

#[tokio::main]
async fn main() {
    // Argument checks come first and name the parameter.
    assert!(RetryPolicy::new(0, Duration::from_millis(1), Duration::from_millis(1)).is_err());
    assert!(RetryPolicy::new(3, Duration::ZERO, Duration::from_millis(1)).is_err());
    let backwards = RetryPolicy::new(3, Duration::from_secs(2), Duration::from_secs(1));
    assert!(backwards.unwrap_err().contains("max_delay"));

    // The ceiling doubles, then stays capped even for absurd attempt numbers; jittered delays stay under it.
    let policy = RetryPolicy::new(5, Duration::from_millis(1), Duration::from_millis(8))
        .expect("valid policy");
    let ceilings: Vec<u64> = (1..=5)
        .map(|a| policy.ceiling(a).as_millis() as u64)
        .collect();
    assert_eq!(ceilings, vec![1, 2, 4, 8, 8]);
    assert_eq!(policy.ceiling(u32::MAX), Duration::from_millis(8));
    for attempt in 1..=1000 {
        let (delay, ceiling) = (policy.delay(attempt), policy.ceiling(attempt));
        assert!(
            delay >= ceiling / 2 && delay <= ceiling,
            "attempt {attempt}: {delay:?} outside the jitter range"
        );
    }

    // A shutdown channel nobody triggers in checks 1 to 3.
    let (_keep_running, running) = watch::channel(false);

    // 1. Two transient failures, then success on the third attempt.
    let calls = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&calls);
    let result = retry(policy, running.clone(), is_transient, move |attempt| {
        counter.fetch_add(1, Ordering::SeqCst);
        async move {
            if attempt < 3 {
                Err(CallError::Unavailable)
            } else {
                Ok(attempt * 10)
            }
        }
    })
    .await;
    assert_eq!(result, Ok(30));
    assert_eq!(calls.load(Ordering::SeqCst), 3);

    // 2. A permanent error is returned after one attempt.
    let result: Result<(), _> = retry(policy, running.clone(), is_transient, |_| async {
        Err(CallError::BadRequest)
    })
    .await;
    assert_eq!(
        result,
        Err(RetryError::Permanent {
            attempts: 1,
            error: CallError::BadRequest
        })
    );

    // 3. Always transient: stops at max_attempts with the last error.
    let result: Result<(), _> = retry(policy, running.clone(), is_transient, |_| async {
        Err(CallError::Unavailable)
    })
    .await;
    let error = result.unwrap_err();
    assert_eq!(
        error,
        RetryError::Exhausted {
            attempts: 5,
            last: CallError::Unavailable
        }
    );
    eprintln!("{error}");

    // 4. Shutdown during a long backoff wait ends the retry at once instead of after the wait.
    let patient = RetryPolicy::new(10, Duration::from_secs(60), Duration::from_secs(60))
        .expect("valid policy");
    let (stop, stop_rx) = watch::channel(false);
    let attempts_made = Arc::new(AtomicU32::new(0));
    let counter = Arc::clone(&attempts_made);
    let first_failure = Arc::new(tokio::sync::Notify::new());
    let notify = Arc::clone(&first_failure);
    let retrying = tokio::spawn(retry(patient, stop_rx, is_transient, move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
        let notify = Arc::clone(&notify);
        async move {
            // Signals from inside the attempt, so shutdown is requested only once the attempt is under way
            // and the retry can only observe it in the backoff wait that follows.
            notify.notify_one();
            Err::<(), _>(CallError::Unavailable)
        }
    }));
    first_failure.notified().await;
    stop.send_replace(true);
    let outcome = tokio::time::timeout(Duration::from_secs(10), retrying)
        .await
        .expect("cancellation does not wait out a 60 s backoff")
        .expect("retry task does not panic");
    assert_eq!(outcome, Err(RetryError::Cancelled { attempts: 1 }));
    assert_eq!(attempts_made.load(Ordering::SeqCst), 1);

    println!("retry-backoff: ok");
}
