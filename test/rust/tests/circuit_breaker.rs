// Contract scenarios for templates/rust/circuit-breaker.rs (templates/contracts/circuit-breaker.json), one test per
// item, named after the item id. Time is tokio's paused clock: sleeps complete by auto-advance, never by waiting.
#[allow(dead_code)]
#[path = "../../../templates/rust/circuit-breaker.rs"]
mod template;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use template::{BreakerError, CircuitBreaker, CircuitState};
use tokio::sync::oneshot;
use tokio::time::{advance, sleep, timeout};

const BREAK: Duration = Duration::from_secs(30);

async fn fail(breaker: &CircuitBreaker<&'static str>) -> Result<u32, BreakerError<&'static str>> {
    breaker.call(|| async { Err::<u32, &str>("503") }).await
}

async fn succeed(breaker: &CircuitBreaker<&'static str>) -> Result<u32, BreakerError<&'static str>> {
    breaker.call(|| async { Ok::<u32, &str>(200) }).await
}

/// Opens a threshold-1 breaker and waits out the break, so the next call is the probe.
async fn half_open(breaker: &CircuitBreaker<&'static str>) {
    assert_eq!(fail(breaker).await, Err(BreakerError::Failed("503")));
    assert_eq!(breaker.state(), CircuitState::Open);
    advance(BREAK).await;
    assert_eq!(breaker.state(), CircuitState::HalfOpen);
}

#[tokio::test(start_paused = true)]
async fn opens_after_threshold() {
    let breaker = CircuitBreaker::new(3, BREAK).unwrap();
    fail(&breaker).await.unwrap_err();
    fail(&breaker).await.unwrap_err();
    assert_eq!(succeed(&breaker).await, Ok(200), "a success resets the count");
    fail(&breaker).await.unwrap_err();
    fail(&breaker).await.unwrap_err();
    assert_eq!(breaker.state(), CircuitState::Closed);
    fail(&breaker).await.unwrap_err();
    assert_eq!(breaker.state(), CircuitState::Open);
    let called = AtomicUsize::new(0);
    let rejected = breaker
        .call(|| {
            called.fetch_add(1, Ordering::SeqCst);
            async { Ok::<u32, &str>(1) }
        })
        .await;
    assert_eq!(rejected, Err(BreakerError::Open { retry_after: BREAK }));
    assert_eq!(called.load(Ordering::SeqCst), 0, "rejected without running the operation");
}

#[tokio::test(start_paused = true)]
async fn classifier_decides() {
    let breaker = CircuitBreaker::new(1, BREAK)
        .unwrap()
        .with_classifier(|error: &&str| *error != "bad request");
    let passed = breaker.call(|| async { Err::<u32, &str>("bad request") }).await;
    assert_eq!(passed, Err(BreakerError::Failed("bad request")), "the error reaches the caller");
    assert_eq!(breaker.state(), CircuitState::Closed);
    fail(&breaker).await.unwrap_err();
    assert_eq!(breaker.state(), CircuitState::Open, "a counted error opens it");
}

#[tokio::test(start_paused = true)]
async fn timeouts_are_failures() {
    let breaker = CircuitBreaker::new(2, BREAK).unwrap();
    // The caller gives up (drops the call) any number of times: neutral.
    for _ in 0..5 {
        let gave_up = timeout(
            Duration::from_millis(10),
            breaker.call(|| async {
                sleep(Duration::from_secs(3600)).await;
                Ok::<u32, &str>(0)
            }),
        )
        .await;
        assert!(gave_up.is_err());
    }
    assert_eq!(breaker.state(), CircuitState::Closed, "the caller's cancellation is neutral");
    // The operation's own timeout is an error it returns: a failure.
    for _ in 0..2 {
        let own = breaker
            .call(|| async {
                timeout(Duration::from_millis(100), sleep(Duration::from_secs(3600)))
                    .await
                    .map_err(|_elapsed| "timed out")
            })
            .await;
        assert_eq!(own, Err(BreakerError::Failed("timed out")));
    }
    assert_eq!(breaker.state(), CircuitState::Open);
}

#[tokio::test(start_paused = true)]
async fn single_probe() {
    let breaker = Arc::new(CircuitBreaker::new(1, BREAK).unwrap());
    half_open(&breaker).await;
    let (release, released) = oneshot::channel::<()>();
    let probe = {
        let breaker = Arc::clone(&breaker);
        tokio::spawn(async move {
            breaker
                .call(|| async move {
                    released.await.unwrap();
                    Ok::<u32, &str>(1)
                })
                .await
        })
    };
    tokio::task::yield_now().await; // the probe is admitted and waiting
    let called = AtomicUsize::new(0);
    let second = breaker
        .call(|| {
            called.fetch_add(1, Ordering::SeqCst);
            async { Ok::<u32, &str>(2) }
        })
        .await;
    assert!(matches!(second, Err(BreakerError::Open { .. })), "{second:?}");
    assert_eq!(called.load(Ordering::SeqCst), 0);
    release.send(()).unwrap();
    assert_eq!(probe.await.unwrap(), Ok(1));
    assert_eq!(breaker.state(), CircuitState::Closed);
}

#[tokio::test(start_paused = true)]
async fn only_probe_closes() {
    let breaker = CircuitBreaker::new(1, BREAK).unwrap();
    half_open(&breaker).await;
    assert_eq!(fail(&breaker).await, Err(BreakerError::Failed("503")), "the probe fails");
    assert_eq!(breaker.state(), CircuitState::Open);
    advance(BREAK - Duration::from_millis(1)).await;
    assert_eq!(breaker.state(), CircuitState::Open, "open for a full break after a failed probe");
    assert!(matches!(succeed(&breaker).await, Err(BreakerError::Open { .. })));
    advance(Duration::from_millis(1)).await;
    assert_eq!(succeed(&breaker).await, Ok(200), "the next probe succeeds");
    assert_eq!(breaker.state(), CircuitState::Closed);
}

#[tokio::test(start_paused = true)]
async fn late_outcomes_ignored() {
    let breaker = Arc::new(CircuitBreaker::new(1, BREAK).unwrap());
    // A slow call admitted while closed succeeds after the circuit opened: it stays open.
    let (finish_slow, slow_may_finish) = oneshot::channel::<()>();
    let slow = {
        let breaker = Arc::clone(&breaker);
        tokio::spawn(async move {
            breaker
                .call(|| async move {
                    slow_may_finish.await.unwrap();
                    Ok::<u32, &str>(1)
                })
                .await
        })
    };
    tokio::task::yield_now().await;
    fail(&breaker).await.unwrap_err();
    assert_eq!(breaker.state(), CircuitState::Open);
    finish_slow.send(()).unwrap();
    assert_eq!(slow.await.unwrap(), Ok(1), "the caller still gets its value");
    assert_eq!(breaker.state(), CircuitState::Open, "a late success does not close an open circuit");

    // The same late success during a running probe: the probe still decides.
    let (finish_slow, slow_may_finish) = oneshot::channel::<()>();
    let fresh = Arc::new(CircuitBreaker::new(1, BREAK).unwrap());
    let slow = {
        let breaker = Arc::clone(&fresh);
        tokio::spawn(async move {
            breaker
                .call(|| async move {
                    slow_may_finish.await.unwrap();
                    Ok::<u32, &str>(1)
                })
                .await
        })
    };
    tokio::task::yield_now().await;
    half_open(&fresh).await;
    let (fail_probe, probe_may_fail) = oneshot::channel::<()>();
    let probe = {
        let breaker = Arc::clone(&fresh);
        tokio::spawn(async move {
            breaker
                .call(|| async move {
                    probe_may_fail.await.unwrap();
                    Err::<u32, &str>("still down")
                })
                .await
        })
    };
    tokio::task::yield_now().await;
    finish_slow.send(()).unwrap();
    assert_eq!(slow.await.unwrap(), Ok(1));
    assert_eq!(fresh.state(), CircuitState::HalfOpen, "the late success did not decide the probe");
    fail_probe.send(()).unwrap();
    assert_eq!(probe.await.unwrap(), Err(BreakerError::Failed("still down")));
    assert_eq!(fresh.state(), CircuitState::Open, "the probe decided");

    // A late failure after a successful probe: it stays closed.
    let closing = Arc::new(CircuitBreaker::new(1, BREAK).unwrap());
    let (fail_slow, slow_may_fail) = oneshot::channel::<()>();
    let slow = {
        let breaker = Arc::clone(&closing);
        tokio::spawn(async move {
            breaker
                .call(|| async move {
                    slow_may_fail.await.unwrap();
                    Err::<u32, &str>("late 503")
                })
                .await
        })
    };
    tokio::task::yield_now().await;
    half_open(&closing).await;
    assert_eq!(succeed(&closing).await, Ok(200));
    assert_eq!(closing.state(), CircuitState::Closed);
    fail_slow.send(()).unwrap();
    assert_eq!(slow.await.unwrap(), Err(BreakerError::Failed("late 503")));
    assert_eq!(closing.state(), CircuitState::Closed, "a late failure does not re-open it");
}

#[tokio::test(start_paused = true)]
async fn hung_probe_time_boxed() {
    let time_box = Duration::from_secs(5);
    let breaker = Arc::new(CircuitBreaker::new(1, BREAK).unwrap().with_probe_time_box(time_box).unwrap());
    half_open(&breaker).await;
    // The probe's future is polled but never settles.
    let hung = {
        let breaker = Arc::clone(&breaker);
        tokio::spawn(async move { breaker.call(|| std::future::pending::<Result<u32, &str>>()).await })
    };
    tokio::task::yield_now().await;
    assert!(matches!(succeed(&breaker).await, Err(BreakerError::Open { .. })));
    advance(time_box).await;
    assert_eq!(hung.await.unwrap(), Err(BreakerError::ProbeTimedOut));
    assert_eq!(breaker.state(), CircuitState::Open, "a timed-out probe counts as failed");
    advance(BREAK).await;
    assert_eq!(succeed(&breaker).await, Ok(200), "after one more break a new probe runs");
    assert_eq!(breaker.state(), CircuitState::Closed);

    // A probe whose future nobody polls any more (held, not dropped) cannot block the breaker either.
    let stalled = CircuitBreaker::new(1, BREAK).unwrap().with_probe_time_box(time_box).unwrap();
    half_open(&stalled).await;
    let mut held = Box::pin(stalled.call(|| std::future::pending::<Result<u32, &str>>()));
    assert!(futures::poll!(held.as_mut()).is_pending(), "admitted as the probe, then never polled again");
    advance(time_box).await;
    assert_eq!(stalled.state(), CircuitState::Open);
    advance(BREAK).await;
    assert_eq!(succeed(&stalled).await, Ok(200));
    drop(held);
    assert_eq!(stalled.state(), CircuitState::Closed, "the stale probe's drop changes nothing");
}

#[tokio::test(start_paused = true)]
async fn cancelled_probe_frees_slot() {
    let breaker = CircuitBreaker::new(1, BREAK).unwrap();
    half_open(&breaker).await;
    let gave_up = timeout(
        Duration::from_millis(10),
        breaker.call(|| async {
            sleep(Duration::from_secs(3600)).await;
            Ok::<u32, &str>(0)
        }),
    )
    .await;
    assert!(gave_up.is_err());
    assert_eq!(breaker.state(), CircuitState::HalfOpen, "the slot is free, nothing counted");
    assert_eq!(succeed(&breaker).await, Ok(200), "the next call is the probe");
    assert_eq!(breaker.state(), CircuitState::Closed);
}
