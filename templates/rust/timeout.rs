// @pattern
// id: timeout
// title: Timeout and deadline around an operation
// summary: Bound one await with tokio::time::timeout, and a sequence of awaits with one absolute deadline and timeout_at, turning Elapsed into a domain error.
// minimum: tokio 1.24, rust 1.63
// apis: tokio::time::timeout, tokio::time::timeout_at, tokio::time::Instant, tokio::time::error::Elapsed, tokio::time::sleep, tokio::task::JoinHandle::abort
// pitfalls: a timeout around a JoinHandle only stops waiting: the spawned task keeps running until you abort it; recomputing a fresh timeout per step lets a multi-step operation overrun its budget; the inner future is polled before the timer, so an already-ready future wins even with a zero duration, and timeout_at starts a step even when the deadline has already passed: check first; Instant::now() + Duration::MAX panics, use checked_add (tokio's timeout and sleep already do); cleanup that must await cannot live in Drop
// rules:
// tags: timeout, deadline, cancellation
// @end

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::time::error::Elapsed;
use tokio::time::{timeout, timeout_at, Instant};

#[derive(Debug, PartialEq, Eq)]
pub enum OpError {
    /// The operation did not finish in time; `step` names what was running when time ran out.
    TimedOut { step: &'static str },
}

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpError::TimedOut { step } => write!(f, "timed out during {step}"),
        }
    }
}

impl std::error::Error for OpError {}

/// Bounds a single operation. When time runs out the inner future is dropped, which is tokio's cancellation:
/// its Drop guards run, and nothing after its current await point executes.
pub async fn with_timeout<T>(
    limit: Duration,
    step: &'static str,
    operation: impl Future<Output = T>,
) -> Result<T, OpError> {
    timeout(limit, operation)
        .await
        .map_err(|_elapsed: Elapsed| OpError::TimedOut { step })
}

/// Runs dependent steps under one budget. Every step is bounded by the same absolute deadline, so time spent in
/// early steps is no longer available to later ones (a fresh `timeout(budget)` per step would allow n x budget),
/// and a step is not even started once the deadline has passed. A budget too large to add to the clock
/// (Duration::MAX) means no deadline, rather than the panic of `Instant + Duration`.
pub async fn steps_within<T, F, Fut>(
    budget: Duration,
    steps: impl IntoIterator<Item = (&'static str, F)>,
) -> Result<Vec<T>, OpError>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = T>,
{
    let deadline: Option<Instant> = Instant::now().checked_add(budget);
    let mut done: Vec<T> = Vec::new();
    for (step, start) in steps {
        let value = match deadline {
            Some(deadline) if Instant::now() >= deadline => return Err(OpError::TimedOut { step }),
            Some(deadline) => timeout_at(deadline, start())
                .await
                .map_err(|_elapsed: Elapsed| OpError::TimedOut { step })?,
            None => start().await,
        };
        done.push(value);
    }
    Ok(done)
}

/// Sets its flag when dropped: shows that a timed-out future is really dropped, not left running.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::main]
async fn main() {
    // 1. A slow operation times out, and its state is dropped with it.
    let dropped = Arc::new(AtomicBool::new(false));
    let flag = DropFlag(Arc::clone(&dropped));
    let slow = async move {
        let _flag = flag; // moved into the future so it lives exactly as long as the operation
        tokio::time::sleep(Duration::from_secs(30)).await;
        "never"
    };
    let result = with_timeout(Duration::from_millis(50), "slow call", slow).await;
    assert_eq!(result, Err(OpError::TimedOut { step: "slow call" }));
    assert!(
        dropped.load(Ordering::SeqCst),
        "the timed-out future was dropped"
    );
    eprintln!("{}", result.unwrap_err());

    // 2. A quick operation returns its value; a ready future wins even against a zero timeout.
    let quick = with_timeout(Duration::from_secs(5), "quick call", async { 42 }).await;
    assert_eq!(quick, Ok(42));
    assert_eq!(
        with_timeout(Duration::ZERO, "ready", std::future::ready(7)).await,
        Ok(7)
    );

    // 3. One deadline over several steps: the third step is the one that runs out of time.
    let step = |name: &'static str, millis: u64| {
        (name, move || async move {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            name
        })
    };
    let outcome = steps_within(
        Duration::from_millis(200),
        [step("connect", 1), step("query", 1), step("decode", 30_000)],
    )
    .await;
    assert_eq!(outcome, Err(OpError::TimedOut { step: "decode" }));
    assert_eq!(
        steps_within(Duration::MAX, [step("connect", 1), step("query", 1), step("decode", 1)]).await,
        Ok(vec!["connect", "query", "decode"])
    );

    // 4. Timing out a JoinHandle does not stop the task: it must be aborted explicitly.
    let task_dropped = Arc::new(AtomicBool::new(false));
    let task_flag = DropFlag(Arc::clone(&task_dropped));
    let mut handle = tokio::spawn(async move {
        let _flag = task_flag;
        tokio::time::sleep(Duration::from_secs(30)).await;
    });
    assert!(timeout(Duration::from_millis(20), &mut handle)
        .await
        .is_err());
    assert!(
        !task_dropped.load(Ordering::SeqCst),
        "the task is still running after the timeout"
    );
    handle.abort();
    let joined = handle.await;
    assert!(joined
        .expect_err("an aborted task reports a JoinError")
        .is_cancelled());
    assert!(
        task_dropped.load(Ordering::SeqCst),
        "abort dropped the task's state"
    );

    println!("timeout: ok");
}
