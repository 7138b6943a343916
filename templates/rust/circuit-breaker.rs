// @pattern
// id: circuit-breaker
// title: Circuit breaker
// summary: Stop calling a dependency after consecutive failures, reject calls fast while open, then let exactly one probe through after a cool-down and close again only if it succeeds.
// minimum: tokio 1.24
// apis: tokio::time::Instant, tokio::time::sleep, tokio::sync::oneshot::channel, std::sync::Mutex, std::ops::Drop
// pitfalls: letting every caller through when the cool-down ends stampedes a recovering service, allow one probe; a probe that is cancelled (timeout, dropped future) must release the half-open slot or the breaker stays stuck, use a Drop guard; holding the state lock across the protected call serialises all callers; counting rejected calls as failures keeps the breaker open forever
// rules:
// tags: circuit-breaker, resilience, fault-tolerance
// @end

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed {
        consecutive_failures: u32,
    },
    Open {
        until: Instant,
    },
    /// One probe is in flight; everyone else is rejected until it reports.
    HalfOpen,
}

#[derive(Debug, PartialEq, Eq)]
pub enum BreakerError<E> {
    /// Rejected without calling the dependency.
    Open,
    /// The call was made and failed.
    Failed(E),
}

impl<E: fmt::Display> fmt::Display for BreakerError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakerError::Open => f.write_str("circuit open: call rejected"),
            BreakerError::Failed(error) => write!(f, "call failed: {error}"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for BreakerError<E> {}

pub struct CircuitBreaker {
    // A std Mutex: every critical section is a few comparisons, never an await.
    state: Mutex<State>,
    failure_threshold: u32,
    cool_down: Duration,
}

impl CircuitBreaker {
    pub fn new(failure_threshold: u32, cool_down: Duration) -> Result<Self, String> {
        if failure_threshold == 0 {
            return Err(format!(
                "failure_threshold must be at least 1, got {failure_threshold}"
            ));
        }
        if cool_down.is_zero() {
            return Err(format!("cool_down must be positive, got {cool_down:?}"));
        }
        Ok(CircuitBreaker {
            state: Mutex::new(State::Closed {
                consecutive_failures: 0,
            }),
            failure_threshold,
            cool_down,
        })
    }

    pub fn is_open(&self) -> bool {
        matches!(*self.lock(), State::Open { .. })
    }

    /// Runs `call` if the breaker allows it and records the outcome. `call` is only invoked when allowed.
    pub async fn call<T, E, Fut>(&self, call: impl FnOnce() -> Fut) -> Result<T, BreakerError<E>>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        let probe: Option<ProbeSlot<'_>> = self.admit()?;
        let outcome = call().await;
        if let Some(slot) = probe {
            slot.settle(); // the probe reported; its guard must not reopen on drop
        }
        self.record(outcome.is_ok());
        outcome.map_err(BreakerError::Failed)
    }

    /// Decides whether a call may go ahead. Returns a guard when the call is the half-open probe.
    fn admit<E>(&self) -> Result<Option<ProbeSlot<'_>>, BreakerError<E>> {
        let mut state = self.lock();
        match *state {
            State::Closed { .. } => Ok(None),
            State::Open { until } if Instant::now() < until => Err(BreakerError::Open),
            State::Open { .. } => {
                *state = State::HalfOpen;
                Ok(Some(ProbeSlot {
                    breaker: self,
                    settled: false,
                }))
            }
            State::HalfOpen => Err(BreakerError::Open),
        }
    }

    fn record(&self, succeeded: bool) {
        let mut state = self.lock();
        *state = match (*state, succeeded) {
            (_, true) => State::Closed {
                consecutive_failures: 0,
            },
            (State::HalfOpen, false) => self.open_state(),
            (
                State::Closed {
                    consecutive_failures,
                },
                false,
            ) => {
                let failures = consecutive_failures + 1;
                if failures >= self.failure_threshold {
                    self.open_state()
                } else {
                    State::Closed {
                        consecutive_failures: failures,
                    }
                }
            }
            // A call admitted while closed that fails after another caller opened the breaker: stay open.
            (open @ State::Open { .. }, false) => open,
        };
    }

    fn open_state(&self) -> State {
        State::Open {
            until: Instant::now() + self.cool_down,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock only means a panic elsewhere while holding it; the state itself is always valid.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Held by the half-open probe. If the probe's future is dropped before it reports (timeout, cancellation),
/// the breaker goes back to open instead of staying half-open forever.
struct ProbeSlot<'a> {
    breaker: &'a CircuitBreaker,
    settled: bool,
}

impl ProbeSlot<'_> {
    fn settle(mut self) {
        self.settled = true;
    }
}

impl Drop for ProbeSlot<'_> {
    fn drop(&mut self) {
        if !self.settled {
            let mut state = self.breaker.lock();
            if *state == State::HalfOpen {
                *state = self.breaker.open_state();
            }
        }
    }
}

#[tokio::main]
async fn main() {
    assert!(CircuitBreaker::new(0, Duration::from_secs(1)).is_err());
    assert!(CircuitBreaker::new(3, Duration::ZERO).is_err());

    let cool_down = Duration::from_millis(200);
    let breaker = Arc::new(CircuitBreaker::new(3, cool_down).expect("valid settings"));
    let calls = AtomicUsize::new(0);
    let failing = || {
        calls.fetch_add(1, Ordering::SeqCst);
        async { Err::<u32, &str>("503") }
    };

    // 1. Closed: failures below the threshold pass through; the third consecutive one opens the breaker.
    for _ in 0..3 {
        assert_eq!(
            breaker.call(failing).await,
            Err(BreakerError::Failed("503"))
        );
    }
    assert!(breaker.is_open());

    // 2. Open: rejected without calling the dependency.
    let rejected = breaker.call(failing).await;
    assert_eq!(rejected, Err(BreakerError::Open));
    assert_eq!(
        calls.load(Ordering::SeqCst),
        3,
        "the open breaker did not call through"
    );
    eprintln!("{}", rejected.unwrap_err());

    // 3. After the cool-down one probe goes through; while it is in flight, others are rejected. It fails: open again.
    tokio::time::sleep(cool_down + Duration::from_millis(20)).await;
    let (release_probe, probe_released) = oneshot::channel::<()>();
    let probe = {
        let breaker = Arc::clone(&breaker);
        tokio::spawn(async move {
            breaker
                .call(|| async move {
                    probe_released.await.expect("main releases the probe");
                    Err::<u32, &str>("still down")
                })
                .await
        })
    };
    while !matches!(*breaker.lock(), State::HalfOpen) {
        tokio::task::yield_now().await; // wait until the spawned probe has been admitted
    }
    assert_eq!(
        breaker.call(|| async { Ok::<u32, &str>(1) }).await,
        Err(BreakerError::Open)
    );
    release_probe.send(()).expect("probe is waiting");
    assert_eq!(
        probe.await.expect("probe task"),
        Err(BreakerError::Failed("still down"))
    );
    assert!(breaker.is_open());

    // 4. A probe cancelled by a timeout releases the half-open slot: the breaker reopens rather than sticking.
    tokio::time::sleep(cool_down + Duration::from_millis(20)).await;
    let cancelled = tokio::time::timeout(
        Duration::from_millis(10),
        breaker.call(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok::<u32, &str>(0)
        }),
    )
    .await;
    assert!(cancelled.is_err());
    assert!(
        breaker.is_open(),
        "the dropped probe put the breaker back to open"
    );

    // 5. The next probe succeeds and closes the breaker; calls flow again.
    tokio::time::sleep(cool_down + Duration::from_millis(20)).await;
    assert_eq!(breaker.call(|| async { Ok::<u32, &str>(7) }).await, Ok(7));
    assert!(!breaker.is_open());
    assert_eq!(breaker.call(|| async { Ok::<u32, &str>(8) }).await, Ok(8));

    println!("circuit-breaker: ok");
}
