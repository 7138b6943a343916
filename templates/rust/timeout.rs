// @pattern
// id: timeout
// title: Timeout and deadline around an operation
// summary: Bound one await with tokio::time::timeout, and a sequence of awaits with one absolute deadline and timeout_at, turning Elapsed into a domain error.
// minimum: tokio 1.24
// apis: tokio::time::timeout, tokio::time::timeout_at, tokio::time::Instant, tokio::time::error::Elapsed, tokio::time::sleep, tokio::task::JoinHandle::abort
// pitfalls: a timeout around a JoinHandle only stops waiting: the spawned task keeps running until you abort it; recomputing a fresh timeout per step lets a multi-step operation overrun its budget; the inner future is polled before the timer, so an already-ready future wins even with a zero duration; cleanup that must await cannot live in Drop
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

/// Runs three steps under one budget. Every step is bounded by the same absolute deadline, so time spent in
/// early steps is no longer available to later ones (a fresh `timeout(budget)` per step would allow 3x budget).
pub async fn three_steps_within(
    budget: Duration,
    step_delays: [Duration; 3],
) -> Result<Vec<&'static str>, OpError> {
    let deadline: Instant = Instant::now() + budget;
    let mut done: Vec<&'static str> = Vec::new();
    for (step, delay) in ["connect", "query", "decode"].into_iter().zip(step_delays) {
        timeout_at(deadline, tokio::time::sleep(delay))
            .await
            .map_err(|_elapsed: Elapsed| OpError::TimedOut { step })?;
        done.push(step);
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
    let steps = [
        Duration::from_millis(1),
        Duration::from_millis(1),
        Duration::from_secs(30),
    ];
    let outcome = three_steps_within(Duration::from_millis(200), steps).await;
    assert_eq!(outcome, Err(OpError::TimedOut { step: "decode" }));
    let fast_steps = [Duration::from_millis(1); 3];
    assert_eq!(
        three_steps_within(Duration::from_secs(10), fast_steps).await,
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
