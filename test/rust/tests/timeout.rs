// Contract scenarios for templates/rust/timeout.rs (templates/contracts/timeout.json), one test per item.
#[allow(dead_code)]
#[path = "../../../templates/rust/timeout.rs"]
mod template;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use template::{steps_within, with_timeout, OpError};
use tokio::sync::oneshot;
use tokio::time::{sleep, Instant};

const MS: fn(u64) -> Duration = Duration::from_millis;

/// Set when the operation's future is dropped: in Rust, that is the operation being cancelled.
struct Dropped(Arc<AtomicBool>);

impl Drop for Dropped {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(start_paused = true)]
async fn expiry_cancels_work() {
    let dropped = Arc::new(AtomicBool::new(false));
    let guard = Dropped(Arc::clone(&dropped));
    let started = Instant::now();
    let never = async move {
        let _guard = guard;
        std::future::pending::<u32>().await
    };
    let result = with_timeout(MS(100), "never", never).await;
    assert_eq!(result, Err(OpError::TimedOut { step: "never" }));
    assert_eq!(started.elapsed(), MS(100), "the timeout error arrives at the deadline");
    assert!(dropped.load(Ordering::SeqCst), "the operation was cancelled (dropped)");
}

#[tokio::test(start_paused = true)]
async fn early_finish_leaves_nothing() {
    let started = Instant::now();
    assert_eq!(with_timeout(Duration::from_secs(3600), "fast", async { 7 }).await, Ok(7));
    let failed = with_timeout(Duration::from_secs(3600), "failing", async {
        sleep(MS(5)).await;
        Err::<u32, String>("boom #41".to_string())
    })
    .await;
    assert_eq!(failed, Ok(Err("boom #41".to_string())), "the same error, unchanged");
    assert_eq!(started.elapsed(), MS(5));
    // The Timeout future (and its Sleep) was consumed by the await: nothing of it is left to fire. A later
    // hour-long sleep is the only timer, so the paused clock jumps straight to it.
    sleep(Duration::from_secs(3600)).await;
    assert_eq!(started.elapsed(), MS(5) + Duration::from_secs(3600));
}

#[derive(Debug, PartialEq, Eq)]
struct ClientTimeout(&'static str);

#[tokio::test(start_paused = true)]
async fn own_timeout_not_ours() {
    let result = with_timeout(MS(100), "call", async { Err::<u32, _>(ClientTimeout("socket read")) }).await;
    assert_eq!(result, Ok(Err(ClientTimeout("socket read"))), "the operation's own timeout, not OpError::TimedOut");
}

#[derive(Debug, PartialEq, Eq)]
enum Ended<T> {
    CallerCancelled,
    Finished(T),
}

#[tokio::test(start_paused = true)]
async fn caller_cancel_wins() {
    let dropped = Arc::new(AtomicBool::new(false));
    let guard = Dropped(Arc::clone(&dropped));
    let (cancel, cancelled) = oneshot::channel::<()>();
    tokio::spawn(async move {
        sleep(MS(10)).await;
        let _ = cancel.send(());
    });
    let started = Instant::now();
    // The caller's cancellation in Rust: it stops polling (select!, drop). Our budget must not turn that into a
    // timeout error.
    let ended = tokio::select! {
        _ = cancelled => Ended::CallerCancelled,
        result = with_timeout(MS(100), "slow", async move {
            let _guard = guard;
            std::future::pending::<u32>().await
        }) => Ended::Finished(result),
    };
    assert_eq!(ended, Ended::CallerCancelled);
    assert_eq!(started.elapsed(), MS(10));
    assert!(dropped.load(Ordering::SeqCst), "the operation was cancelled");
}

#[tokio::test(start_paused = true)]
async fn deadline_shared() {
    let started_steps = Arc::new(AtomicUsize::new(0));
    let step = |name: &'static str, millis: u64| {
        let started_steps = Arc::clone(&started_steps);
        (name, move || {
            started_steps.fetch_add(1, Ordering::SeqCst);
            async move {
                sleep(MS(millis)).await;
                name
            }
        })
    };
    let started = Instant::now();
    let result = steps_within(MS(100), [step("a", 40), step("b", 40), step("c", 40)]).await;
    assert_eq!(result, Err(OpError::TimedOut { step: "c" }));
    assert_eq!(started.elapsed(), MS(100), "the third is cut off at 100 ms in total");
    // A step that uses up the whole deadline (it finishes exactly at it): the next one never starts.
    started_steps.store(0, Ordering::SeqCst);
    let result = steps_within(MS(100), [step("a", 100), step("b", 1)]).await;
    assert_eq!(result, Err(OpError::TimedOut { step: "b" }));
    assert_eq!(started_steps.load(Ordering::SeqCst), 1, "'b' was not started");
}

#[tokio::test(start_paused = true)]
async fn any_accepted_delay_honoured() {
    // Duration cannot be NaN or negative: those budgets cannot be written. Every Duration is accepted.
    let thirty_days = Duration::from_secs(30 * 86_400);
    for budget in [thirty_days, Duration::MAX] {
        let started = Instant::now();
        let value = with_timeout(budget, "fifty ms", async {
            sleep(MS(50)).await;
            "value"
        })
        .await;
        assert_eq!(value, Ok("value"), "budget {budget:?}");
        assert_eq!(started.elapsed(), MS(50));
        let steps = steps_within(budget, [("one", || async {
            sleep(MS(50)).await;
            1
        })])
        .await;
        assert_eq!(steps, Ok(vec![1]), "no panic adding {budget:?} to the clock");
    }
}
