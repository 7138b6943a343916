// @pattern
// id: retry-backoff
// title: Retry with exponential backoff, jitter and cancellation
// summary: Retry an async operation with capped exponential backoff and full jitter, only for errors a predicate calls transient, and stop at once (mid-wait included) when a shutdown signal fires.
// minimum: tokio 1.24, rust 1.63
// apis: tokio::time::sleep, tokio::select!, tokio::sync::watch::channel, tokio::sync::watch::Receiver::changed, tokio::sync::watch::Receiver::borrow_and_update, std::collections::hash_map::RandomState
// pitfalls: retrying every error (a 404 or a validation error never heals); backoff without jitter makes all clients retry in lockstep; full jitter (uniform in [0, ceiling]) spreads clients best but can pick a near-zero wait, equal jitter ([ceiling/2, ceiling]) trades some spread for a floor; an uncapped exponent overflows or sleeps for hours, use saturating arithmetic and a cap; Instant::now() + a huge Duration panics, while tokio::time::sleep accepts any Duration; a plain sleep between attempts ignores shutdown; retrying a non-idempotent operation can apply it twice
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
    random: fn() -> f64,
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
            random: random_unit,
        })
    }

    /// Upper bound of the wait after failed attempt `attempt` (1-based): base * 2^(attempt-1), capped. Saturating
    /// arithmetic keeps it at the cap for any attempt number, where a plain `2u32.pow` would overflow at 32.
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor: u32 = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.base_delay.saturating_mul(factor).min(self.max_delay)
    }

    /// "Full jitter": a uniform wait in [0, ceiling], so that clients that failed together spread out over the
    /// whole window instead of retrying in waves.
    pub fn delay(&self, attempt: u32) -> Duration {
        self.delay_at(attempt, (self.random)())
    }

    /// Replaces the source of jitter draws in [0, 1) (tests pin it; the default needs no crate).
    pub fn with_random(mut self, random: fn() -> f64) -> Self {
        self.random = random;
        self
    }

    /// The wait for a given draw `unit` in [0, 1] (clamped): 0 gives no wait, 1 the ceiling. Tests pin the draw.
    pub fn delay_at(&self, attempt: u32, unit: f64) -> Duration {
        let unit = if unit.is_nan() { 0.0 } else { unit.clamp(0.0, 1.0) };
        let ceiling = self.ceiling(attempt);
        // Scaled in f64 seconds: Duration::mul_f64 panics when the product overflows a Duration, which a
        // Duration::MAX ceiling with a draw of 1 does after rounding. Below the ceiling's own f64 value the result
        // always fits.
        let seconds = ceiling.as_secs_f64() * unit;
        if seconds >= ceiling.as_secs_f64() {
            ceiling
        } else {
            Duration::from_secs_f64(seconds)
        }
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
        assert!(delay <= ceiling, "attempt {attempt}: {delay:?} above the ceiling");
    }
    assert_eq!(policy.delay_at(4, 0.0), Duration::ZERO);
    assert_eq!(policy.delay_at(4, 1.0), Duration::from_millis(8));

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
