// @pattern
// id: first-success-race
// title: First-success racing and hedged requests
// summary: Take the first successful result among several attempts and cancel the losers by dropping them; hedge a slow request by starting a backup only when the first has not answered within a delay.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: futures::stream::FuturesUnordered, futures::stream::StreamExt::next, futures::future::select_ok, tokio::select!, tokio::time::sleep, tokio::time::Sleep::reset, tokio::time::Instant
// pitfalls: tokio::select! over the attempts returns the first to finish, even a failure; select_ok keeps only the last error and panics on an empty list; a loser spawned with tokio::spawn keeps running unless aborted, while a dropped future is cancelled at once; Instant::now() + a huge hedge delay panics, use checked_add; hedging every request at once doubles the load, wait a delay (around the p95 latency) and cap the copies; only hedge idempotent requests
// rules:
// tags: race, hedging, first-success, cancellation, latency
// @end

use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{FuturesUnordered, StreamExt};
use tokio::time::{sleep, Instant};

/// Runs all attempts concurrently and returns the first success. Returning drops the set, which cancels every
/// attempt still running. If all fail, returns every error in the order they happened (an empty input gives an
/// empty list).
pub async fn first_success<T, E, F>(attempts: Vec<F>) -> Result<T, Vec<E>>
where
    F: Future<Output = Result<T, E>>,
{
    let mut running: FuturesUnordered<F> = attempts.into_iter().collect();
    let mut errors: Vec<E> = Vec::new();
    while let Some(outcome) = running.next().await {
        match outcome {
            Ok(value) => return Ok(value),
            Err(error) => errors.push(error),
        }
    }
    Err(errors)
}

/// Calls replica 0 first. Each time `hedge_after` passes with no success, or as soon as every running copy has
/// failed, starts the next replica, up to `max_copies`. The first success wins and the other copies are dropped.
pub async fn hedged<T, E, Fut>(
    max_copies: NonZeroUsize,
    hedge_after: Duration,
    mut call: impl FnMut(usize) -> Fut,
) -> Result<T, Vec<E>>
where
    Fut: Future<Output = Result<T, E>>,
{
    let mut running: FuturesUnordered<Fut> = FuturesUnordered::new();
    running.push(call(0));
    let mut started: usize = 1;
    let mut errors: Vec<E> = Vec::new();
    // sleep accepts any Duration (a huge one means never); the resets below must not add it to the clock blindly.
    let hedge_timer = sleep(hedge_after);
    tokio::pin!(hedge_timer);
    loop {
        tokio::select! {
            // `running` is never empty here: an empty set would make next() yield None and disable this branch.
            Some(outcome) = running.next() => match outcome {
                Ok(value) => return Ok(value),
                Err(error) => {
                    errors.push(error);
                    if running.is_empty() {
                        if started == max_copies.get() {
                            return Err(errors);
                        }
                        // Nothing left in flight: waiting out the hedge delay would only add latency.
                        running.push(call(started));
                        started += 1;
                        hedge_timer.as_mut().reset(from_now(hedge_after));
                    }
                }
            },
            _ = &mut hedge_timer, if started < max_copies.get() => {
                running.push(call(started));
                started += 1;
                hedge_timer.as_mut().reset(from_now(hedge_after));
            }
        }
    }
}

/// `Instant::now() + delay`, except that a delay too large for the clock (Duration::MAX) means "never" instead
/// of the panic of `Instant + Duration`.
fn from_now(delay: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(delay)
        .unwrap_or_else(|| now + Duration::from_secs(86_400 * 365 * 30))
}

/// Counts live attempts: created with the attempt, dropped when it finishes or is cancelled.
struct Live(Arc<AtomicUsize>);

impl Live {
    fn new(counter: &Arc<AtomicUsize>) -> Live {
        counter.fetch_add(1, Ordering::SeqCst);
        Live(Arc::clone(counter))
    }
}

impl Drop for Live {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A replica call that answers `outcome` after `delay`.
fn replica(
    live: &Arc<AtomicUsize>,
    delay: Duration,
    outcome: Result<&'static str, &'static str>,
) -> impl Future<Output = Result<&'static str, &'static str>> {
    let guard = Live::new(live);
    async move {
        let _guard = guard;
        sleep(delay).await;
        outcome
    }
}

#[tokio::main]
async fn main() {
    let ms = Duration::from_millis;

    // 1. The fast failure is skipped, the first success wins, and the slow attempt is cancelled.
    let live = Arc::new(AtomicUsize::new(0));
    let attempts = vec![
        replica(&live, ms(5), Err("replica a: 503")),
        replica(&live, ms(20), Ok("from b")),
        replica(&live, Duration::from_secs(30), Ok("from c")),
    ];
    assert_eq!(first_success(attempts).await, Ok("from b"));
    assert_eq!(
        live.load(Ordering::SeqCst),
        0,
        "the losing attempt was dropped"
    );

    // 2. All attempts fail: every error is reported, in the order they happened.
    let attempts = vec![
        replica(&live, ms(50), Err("b down")),
        replica(&live, ms(1), Err("a down")),
    ];
    assert_eq!(first_success(attempts).await, Err(vec!["a down", "b down"]));

    // 3. select_ok is the compact form when only the last error matters (it needs Unpin futures and a
    //    non-empty list).
    let boxed = vec![
        Box::pin(replica(&live, ms(1), Err("x"))),
        Box::pin(replica(&live, ms(5), Ok("y"))),
    ];
    let (winner, remaining) = futures::future::select_ok(boxed)
        .await
        .expect("one succeeds");
    assert_eq!(winner, "y");
    drop(remaining); // select_ok hands back the attempts still running: dropping them cancels them

    // 4. Hedging: the primary stalls, a backup starts after the hedge delay and wins; the primary is cancelled.
    let two = NonZeroUsize::new(2).expect("2 is not zero");
    let calls = AtomicUsize::new(0);
    let result = hedged(two, ms(20), |index| {
        calls.fetch_add(1, Ordering::SeqCst);
        let delay = if index == 0 {
            Duration::from_secs(30)
        } else {
            ms(5)
        };
        replica(
            &live,
            delay,
            Ok(if index == 0 { "primary" } else { "backup" }),
        )
    })
    .await;
    assert_eq!(result, Ok("backup"));
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    assert_eq!(
        live.load(Ordering::SeqCst),
        0,
        "the stalled primary was cancelled"
    );

    // 5. A primary that answers before the hedge delay is the only call made.
    let calls = AtomicUsize::new(0);
    let result = hedged(two, Duration::from_secs(1), |_| {
        calls.fetch_add(1, Ordering::SeqCst);
        replica(&live, ms(1), Ok("primary"))
    })
    .await;
    assert_eq!(result, Ok("primary"));
    assert_eq!(calls.load(Ordering::SeqCst), 1);

    // 6. A primary that fails fast triggers the backup at once, without waiting for a 30 s hedge delay.
    let result = tokio::time::timeout(
        Duration::from_secs(10),
        hedged(two, Duration::from_secs(30), |index| {
            replica(
                &live,
                ms(1),
                if index == 0 {
                    Err("primary: 500")
                } else {
                    Ok("backup")
                },
            )
        }),
    )
    .await
    .expect("the failure started the backup immediately");
    assert_eq!(result, Ok("backup"));

    // 7. Every copy fails: all errors come back.
    let three = NonZeroUsize::new(3).expect("3 is not zero");
    let result: Result<&str, Vec<&str>> =
        hedged(three, ms(1), |_| replica(&live, ms(1), Err("down"))).await;
    assert_eq!(result, Err(vec!["down", "down", "down"]));
    assert_eq!(live.load(Ordering::SeqCst), 0);

    println!("first-success-race: ok");
}
