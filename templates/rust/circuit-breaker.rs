// @pattern
// id: circuit-breaker
// title: Circuit breaker
// summary: Stop calling a dependency after consecutive failures a classifier attributes to it, reject calls fast while open, then let exactly one time-boxed probe through after the break and close again only if that probe succeeds; outcomes of calls admitted before a state change are ignored.
// minimum: tokio 1.24, rust 1.63
// apis: tokio::time::Instant, tokio::time::timeout, tokio::time::sleep, tokio::sync::oneshot::channel, std::sync::Mutex, std::ops::Drop
// pitfalls: letting every caller through when the break ends stampedes a recovering service, allow one probe; a probe that hangs keeps the breaker half-open and rejecting forever unless the probe is time-boxed; a success from a slow call admitted before the circuit opened is stale news and must not close it; counting a 400 or a validation error as a failure opens the circuit on a healthy dependency, classify errors; a caller that drops the probe's future (its own timeout, select!) says nothing about the dependency, so free the slot without counting; holding the state lock across the protected call serialises all callers; Instant::now() + a huge Duration panics, use checked_add
// rules:
// tags: circuit-breaker, resilience, fault-tolerance
// @end

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::oneshot;
use tokio::time::{timeout, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CircuitState {
    Closed,
    Open,
    HalfOpen,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed { consecutive_failures: u32 },
    Open { until: Instant },
    /// The break is over. `probe` is the deadline of the probe in flight, or None when the next caller may probe.
    HalfOpen { probe: Option<Instant> },
}

#[derive(Debug, PartialEq, Eq)]
pub enum BreakerError<E> {
    /// Rejected without calling the dependency; a call after `retry_after` may be admitted.
    Open { retry_after: Duration },
    /// The call was made and failed (whether or not the classifier counted it).
    Failed(E),
    /// The probe did not finish within its time box; it was dropped and counted as a failure.
    ProbeTimedOut,
}

impl<E: fmt::Display> fmt::Display for BreakerError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BreakerError::Open { retry_after } => {
                write!(f, "circuit open: call rejected, retry after {retry_after:?}")
            }
            BreakerError::Failed(error) => write!(f, "call failed: {error}"),
            BreakerError::ProbeTimedOut => f.write_str("circuit half-open: the probe timed out"),
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for BreakerError<E> {}

struct Inner {
    state: State,
    /// Bumped on every state change. A call records its outcome only if the generation it was admitted in is
    /// still current, so a late outcome (a slow call admitted while closed, an abandoned probe) changes nothing.
    generation: u64,
}

type Classifier<E> = Box<dyn Fn(&E) -> bool + Send + Sync>;

/// One breaker per dependency, shared by every caller (Arc). `E` is the dependency's error type.
pub struct CircuitBreaker<E> {
    // A std Mutex: every critical section is a few comparisons, never an await.
    inner: Mutex<Inner>,
    failure_threshold: u32,
    break_duration: Duration,
    probe_time_box: Duration,
    is_failure: Classifier<E>,
}

impl<E> CircuitBreaker<E> {
    /// Every `Err` counts as a failure and the probe gets `break_duration` to finish; see `with_classifier` and
    /// `with_probe_time_box`.
    pub fn new(failure_threshold: u32, break_duration: Duration) -> Result<Self, String> {
        if failure_threshold == 0 {
            return Err(format!(
                "failure_threshold must be at least 1, got {failure_threshold}"
            ));
        }
        if break_duration.is_zero() {
            return Err(format!(
                "break_duration must be positive, got {break_duration:?}"
            ));
        }
        Ok(CircuitBreaker {
            inner: Mutex::new(Inner {
                state: State::Closed {
                    consecutive_failures: 0,
                },
                generation: 0,
            }),
            failure_threshold,
            break_duration,
            probe_time_box: break_duration,
            is_failure: Box::new(|_| true),
        })
    }

    /// Decides which errors count against the dependency. An error it rejects (a 404, a validation error) still
    /// reaches the caller but leaves the count and the state unchanged.
    pub fn with_classifier(mut self, is_failure: impl Fn(&E) -> bool + Send + Sync + 'static) -> Self {
        self.is_failure = Box::new(is_failure);
        self
    }

    /// How long the half-open probe may take before it is dropped and counted as a failure.
    pub fn with_probe_time_box(mut self, time_box: Duration) -> Result<Self, String> {
        if time_box.is_zero() {
            return Err(format!("probe time box must be positive, got {time_box:?}"));
        }
        self.probe_time_box = time_box;
        Ok(self)
    }

    /// The state a caller arriving now would meet (an expired break reads as half-open).
    pub fn state(&self) -> CircuitState {
        let mut inner = self.lock();
        self.expire(&mut inner, Instant::now());
        match inner.state {
            State::Closed { .. } => CircuitState::Closed,
            State::Open { .. } => CircuitState::Open,
            State::HalfOpen { .. } => CircuitState::HalfOpen,
        }
    }

    /// Runs `call` if the breaker admits it and records the outcome. `call` is only invoked when admitted.
    /// Dropping the returned future (the caller's timeout, a select!) is neutral: nothing is counted, and a
    /// dropped probe frees the half-open slot for the next caller.
    pub async fn call<T, Fut>(&self, call: impl FnOnce() -> Fut) -> Result<T, BreakerError<E>>
    where
        Fut: Future<Output = Result<T, E>>,
    {
        let ticket = self.admit()?;
        if ticket.probe {
            match timeout(self.probe_time_box, call()).await {
                Ok(outcome) => self.settle(ticket, outcome),
                Err(_elapsed) => {
                    ticket.record(Outcome::Failure);
                    Err(BreakerError::ProbeTimedOut)
                }
            }
        } else {
            let outcome = call().await;
            self.settle(ticket, outcome)
        }
    }

    fn settle<T>(&self, ticket: Ticket<'_, E>, outcome: Result<T, E>) -> Result<T, BreakerError<E>> {
        match outcome {
            Ok(value) => {
                ticket.record(Outcome::Success);
                Ok(value)
            }
            Err(error) => {
                let counted = (self.is_failure)(&error);
                ticket.record(if counted {
                    Outcome::Failure
                } else {
                    Outcome::Neutral
                });
                Err(BreakerError::Failed(error))
            }
        }
    }

    fn admit(&self) -> Result<Ticket<'_, E>, BreakerError<E>> {
        let now = Instant::now();
        let mut inner = self.lock();
        self.expire(&mut inner, now);
        let probe = match inner.state {
            State::Closed { .. } => false,
            State::Open { until } => {
                return Err(BreakerError::Open {
                    retry_after: until.saturating_duration_since(now),
                })
            }
            State::HalfOpen { probe: Some(deadline) } => {
                return Err(BreakerError::Open {
                    retry_after: deadline.saturating_duration_since(now),
                })
            }
            State::HalfOpen { probe: None } => {
                inner.state = State::HalfOpen {
                    probe: Some(after(now, self.probe_time_box)),
                };
                true
            }
        };
        Ok(Ticket {
            breaker: self,
            generation: inner.generation,
            probe,
            recorded: false,
        })
    }

    /// Time-driven transitions: an ended break becomes half-open; a probe past its deadline (its caller stopped
    /// polling it) counts as failed, so the breaker opens again instead of rejecting forever.
    fn expire(&self, inner: &mut Inner, now: Instant) {
        if let State::HalfOpen {
            probe: Some(deadline),
        } = inner.state
        {
            if now >= deadline {
                self.transition(inner, State::Open {
                    until: after(deadline, self.break_duration),
                });
            }
        }
        if let State::Open { until } = inner.state {
            if now >= until {
                self.transition(inner, State::HalfOpen { probe: None });
            }
        }
    }

    fn transition(&self, inner: &mut Inner, state: State) {
        inner.state = state;
        inner.generation += 1;
    }

    fn record(&self, generation: u64, probe: bool, outcome: Outcome) {
        let mut inner = self.lock();
        if inner.generation != generation {
            return; // admitted before the last state change: stale news
        }
        match (inner.state, outcome) {
            (State::Closed { .. }, Outcome::Success) => {
                inner.state = State::Closed {
                    consecutive_failures: 0,
                }
            }
            (
                State::Closed {
                    consecutive_failures,
                },
                Outcome::Failure,
            ) => {
                let failures = consecutive_failures.saturating_add(1);
                if failures >= self.failure_threshold {
                    self.open(&mut inner);
                } else {
                    inner.state = State::Closed {
                        consecutive_failures: failures,
                    };
                }
            }
            (State::HalfOpen { .. }, Outcome::Success) if probe => self.transition(
                &mut inner,
                State::Closed {
                    consecutive_failures: 0,
                },
            ),
            (State::HalfOpen { .. }, Outcome::Failure) if probe => self.open(&mut inner),
            // A probe that says nothing (a 404, its caller dropped it): the next caller probes instead.
            (State::HalfOpen { .. }, Outcome::Neutral | Outcome::Abandoned) if probe => {
                inner.state = State::HalfOpen { probe: None }
            }
            _ => {}
        }
    }

    fn open(&self, inner: &mut Inner) {
        let until = after(Instant::now(), self.break_duration);
        self.transition(inner, State::Open { until });
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        // A poisoned lock only means a panic elsewhere while holding it; the state itself is always valid.
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `start + duration` without the panic of `Instant + Duration` on overflow: a break of Duration::MAX is "forever".
fn after(start: Instant, duration: Duration) -> Instant {
    start
        .checked_add(duration)
        .unwrap_or_else(|| start + Duration::from_secs(86_400 * 365 * 30))
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Success,
    Failure,
    /// An error the classifier does not count.
    Neutral,
    /// The caller dropped the call before it finished.
    Abandoned,
}

/// One admitted call. Dropped without a recorded outcome (the caller dropped the future), it records Abandoned.
struct Ticket<'a, E> {
    breaker: &'a CircuitBreaker<E>,
    generation: u64,
    probe: bool,
    recorded: bool,
}

impl<E> Ticket<'_, E> {
    fn record(mut self, outcome: Outcome) {
        self.recorded = true;
        self.breaker.record(self.generation, self.probe, outcome);
    }
}

impl<E> Drop for Ticket<'_, E> {
    fn drop(&mut self) {
        if !self.recorded {
            self.breaker
                .record(self.generation, self.probe, Outcome::Abandoned);
        }
    }
}

#[tokio::main]
async fn main() {
    assert!(CircuitBreaker::<&str>::new(0, Duration::from_secs(1)).is_err());
    assert!(CircuitBreaker::<&str>::new(3, Duration::ZERO).is_err());

    let cool_down = Duration::from_millis(200);
    let breaker = Arc::new(
        CircuitBreaker::new(3, cool_down)
            .expect("valid settings")
            .with_classifier(|error: &&str| *error != "400"),
    );
    let calls = AtomicUsize::new(0);
    let failing = || {
        calls.fetch_add(1, Ordering::SeqCst);
        async { Err::<u32, &str>("503") }
    };

    // 1. Closed: an error the classifier does not count passes through; three counted failures open the breaker.
    assert_eq!(
        breaker.call(|| async { Err::<u32, &str>("400") }).await,
        Err(BreakerError::Failed("400"))
    );
    for _ in 0..3 {
        assert_eq!(
            breaker.call(failing).await,
            Err(BreakerError::Failed("503"))
        );
    }
    assert_eq!(breaker.state(), CircuitState::Open);

    // 2. Open: rejected without calling the dependency, with the time left.
    let rejected = breaker.call(failing).await;
    assert!(matches!(rejected, Err(BreakerError::Open { retry_after }) if retry_after <= cool_down));
    assert_eq!(calls.load(Ordering::SeqCst), 3, "the open breaker did not call through");
    eprintln!("{}", rejected.unwrap_err());

    // 3. After the break one probe goes through; while it is in flight, others are rejected. It fails: open again.
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
    while !matches!(breaker.lock().state, State::HalfOpen { probe: Some(_) }) {
        tokio::task::yield_now().await; // wait until the spawned probe has been admitted
    }
    assert!(matches!(
        breaker.call(|| async { Ok::<u32, &str>(1) }).await,
        Err(BreakerError::Open { .. })
    ));
    release_probe.send(()).expect("probe is waiting");
    assert_eq!(
        probe.await.expect("probe task"),
        Err(BreakerError::Failed("still down"))
    );
    assert_eq!(breaker.state(), CircuitState::Open);

    // 4. A probe its caller drops (the caller's own timeout) is neutral: the next caller probes at once.
    tokio::time::sleep(cool_down + Duration::from_millis(20)).await;
    let dropped = tokio::time::timeout(
        Duration::from_millis(10),
        breaker.call(|| async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok::<u32, &str>(0)
        }),
    )
    .await;
    assert!(dropped.is_err());
    assert_eq!(breaker.state(), CircuitState::HalfOpen);

    // 5. The next probe succeeds and closes the breaker; calls flow again.
    assert_eq!(breaker.call(|| async { Ok::<u32, &str>(7) }).await, Ok(7));
    assert_eq!(breaker.state(), CircuitState::Closed);
    assert_eq!(breaker.call(|| async { Ok::<u32, &str>(8) }).await, Ok(8));

    println!("circuit-breaker: ok");
}
