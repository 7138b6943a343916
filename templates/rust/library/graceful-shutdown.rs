// @pattern
// id: graceful-shutdown
// title: Graceful shutdown with tokio-util's CancellationToken
// summary: On a stop signal, stop taking requests, cancel a CancellationToken every handler watches, drain in-flight work until a deadline, abort the rest, wait a second bounded time for the aborts, and report what did not stop.
// minimum: tokio 1.24
// library: tokio-util 0.7.3
// prefer-library: several layers or tasks must observe one stop (child_token gives each subtree its own token, cancelled with the parent), the code already depends on tokio-util, or a task has to be stopped from outside and await its own cancellation (cancelled()); a token is cheaper to pass around than a watch receiver and cannot be left unread
// prefer-handwritten: a single layer with one stop flag: the watch channel of the hand-written template needs no extra crate, and it can carry a reason or a phase (draining, then stopping) where a token only says cancelled
// newer: Debian 12 ships tokio-util 0.7.3. TaskTracker (tokio_util::task) arrived in 0.7.10 (October 2023, tokio PR #6033), not 0.7.9, per tokio-util's CHANGELOG.md; 0.7.9 added JoinMap's spawn_blocking methods and reader/writer pass-throughs, nothing for shutdown. Over the JoinSet used here TaskTracker adds: a finished task frees its memory at once (a JoinSet keeps each output until join_next), spawn through a shared &self or a clone (no &mut set in one owner), track_future for futures that are not spawned, and close() then wait(), which returns only once it is closed and empty; it cannot abort its tasks, so the abort at the deadline still needs the JoinHandles or a JoinSet. Later releases add CancellationToken::cancelled_owned (0.7.5), run_until_cancelled (0.7.12), run_until_cancelled_owned (0.7.14) and DropGuardRef (0.7.16)
// apis: tokio_util::sync::CancellationToken, tokio_util::sync::CancellationToken::child_token, tokio_util::sync::CancellationToken::cancel, tokio_util::sync::CancellationToken::cancelled, tokio::select!, tokio::task::JoinSet, tokio::task::JoinSet::abort_all, tokio::time::timeout, tokio::time::timeout_at, tokio::sync::mpsc::Receiver::close
// pitfalls: a handler that never awaits the token (or a blocking call inside it) ignores the cancellation, so the drain needs a deadline; JoinSet::shutdown aborts and then waits without limit, and an abort only takes effect at the task's next .await, so a task stuck in blocking code holds shutdown unless that wait is bounded too; cancel() on a child token does not cancel its parent, only the other way round; dropping a CancellationToken does not cancel it (drop_guard() does), so a token kept in a struct that is dropped on an error path leaves its tasks running
// rules:
// unmet: hard-exit-fallback: this variant is the in-process serve loop; its main() is a self-check with no signal handling, so nothing here ends the process with a non-zero status when stragglers remain; the hand-written template (variant "main") has that wiring (exit 1 after the grace period, the report on stderr)
// unmet: second-signal-forces-exit: as for hard-exit-fallback, no process-level signal handling: a second SIGTERM is the main template's wiring, not this serve loop's
// tags: shutdown, signals, drain, deadline, lifecycle, cancellation, library, tokio-util
// @end

use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;
use tokio::time::{timeout, timeout_at, Instant};
use tokio_util::sync::CancellationToken;

#[derive(Debug, Clone, Copy)]
pub enum Work {
    /// Finishes on its own after the duration.
    Quick(Duration),
    /// A long poll: returns as soon as the token is cancelled.
    LongPoll,
    /// Ignores the token; only the abort after the deadline stops it.
    Stuck,
    /// Blocks its worker thread, so even the abort cannot stop it until the block ends.
    Blocking(Duration),
}

#[derive(Debug)]
pub struct Request {
    pub id: u32,
    pub work: Work,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Requests that ran to the end, in completion order.
    pub completed: Vec<u32>,
    /// Requests queued but not started when shutdown began: refused, never started.
    pub refused: Vec<u32>,
    /// In-flight requests still running at the drain deadline, aborted.
    pub aborted: usize,
    /// Of those, how many had not stopped when the second, bounded wait ended (left behind, not waited for).
    pub unresponsive: usize,
}

async fn handle(request: Request, stop: CancellationToken) -> u32 {
    match request.work {
        Work::Quick(duration) => tokio::time::sleep(duration).await,
        Work::LongPoll => stop.cancelled().await, // a real handler would answer "retry elsewhere"
        Work::Stuck => tokio::time::sleep(Duration::from_secs(3600)).await,
        Work::Blocking(duration) => std::thread::sleep(duration), // the anti-pattern, on purpose
    }
    request.id
}

/// Serves until `stop` is cancelled or every sender is gone; then drains for at most `drain_for`, aborts what is
/// left and waits at most `abort_for` for the aborts to take effect.
pub async fn serve(
    mut incoming: mpsc::Receiver<Request>,
    stop: CancellationToken,
    drain_for: Duration,
    abort_for: Duration,
) -> ShutdownReport {
    let mut report = ShutdownReport::default();
    let mut in_flight: JoinSet<u32> = JoinSet::new();
    // Handlers get a child token: cancelled with `stop`, and a handler cancelling its own cannot stop the server.
    let handlers = stop.child_token();

    loop {
        tokio::select! {
            // biased: once stop is cancelled, no further request is accepted even if many are queued.
            biased;
            _ = stop.cancelled() => break,
            Some(finished) = in_flight.join_next(), if !in_flight.is_empty() => {
                if let Ok(id) = finished {
                    report.completed.push(id); // a handler that panicked is not reported as completed
                }
            }
            request = incoming.recv() => match request {
                Some(request) => {
                    in_flight.spawn(handle(request, handlers.clone()));
                }
                None => break, // every sender dropped: nothing more can arrive
            },
        }
    }

    // 1. Stop accepting: senders now fail fast, and what was queued but never started is refused.
    incoming.close();
    while let Ok(request) = incoming.try_recv() {
        report.refused.push(request.id);
    }
    // 2. Tell every handler (a no-op when the senders went away first), then drain until the deadline.
    handlers.cancel();
    let deadline = Instant::now() + drain_for;
    let drained = timeout_at(deadline, async {
        while let Some(finished) = in_flight.join_next().await {
            if let Ok(id) = finished {
                report.completed.push(id);
            }
        }
    })
    .await;
    // 3. Past the deadline: abort the rest, and wait for that too, but not for ever.
    if drained.is_err() {
        report.aborted = in_flight.len();
        in_flight.abort_all();
        let _ = timeout(abort_for, async {
            while in_flight.join_next().await.is_some() {}
        })
        .await;
        report.unresponsive = in_flight.len(); // dropping the set detaches them: the process can still exit
    }
    report
}

#[tokio::main(flavor = "multi_thread", worker_threads = 4)]
async fn main() {
    // 1. In-flight work drains: quick and long-poll requests complete, the stuck one is aborted at the deadline,
    //    and the one blocked in a synchronous call is reported as unresponsive instead of holding shutdown.
    let (senders, incoming) = mpsc::channel::<Request>(16);
    let stop = CancellationToken::new();
    let started = std::time::Instant::now();
    let server = tokio::spawn(serve(
        incoming,
        stop.clone(),
        Duration::from_millis(300),
        Duration::from_millis(200),
    ));
    let requests = [
        (1, Work::Quick(Duration::from_millis(5))),
        (2, Work::Quick(Duration::from_millis(20))),
        (3, Work::LongPoll),
        (4, Work::Stuck),
        (5, Work::Blocking(Duration::from_millis(1_500))),
    ];
    for (id, work) in requests {
        senders.send(Request { id, work }).await.expect("server is accepting");
    }
    while senders.capacity() < senders.max_capacity() {
        tokio::task::yield_now().await; // wait until the server has taken every request off the queue
    }
    tokio::time::sleep(Duration::from_millis(50)).await; // let the quick ones finish while serving
    stop.cancel();
    let report = server.await.expect("server does not panic");
    let elapsed = started.elapsed();
    let mut completed = report.completed.clone();
    completed.sort_unstable();
    assert_eq!(completed, vec![1, 2, 3], "{report:?}");
    assert_eq!(report.aborted, 2, "{report:?}");
    assert_eq!(report.unresponsive, 1, "{report:?}");
    assert!(report.refused.is_empty(), "{report:?}");
    // drain (300 ms) + abort wait (200 ms) + slack: the 1.5 s blocking call did not hold shutdown.
    assert!(elapsed < Duration::from_millis(1_200), "shutdown took {elapsed:?}");
    // Stop accepting: the receiver is gone, so a late request is turned away at once.
    assert!(senders
        .send(Request { id: 6, work: Work::LongPoll })
        .await
        .is_err());

    // 2. Queued but unstarted requests are refused once stop is cancelled (biased select).
    let (senders, incoming) = mpsc::channel::<Request>(16);
    let stop = CancellationToken::new();
    stop.cancel();
    for id in 10..13 {
        senders.send(Request { id, work: Work::LongPoll }).await.expect("queue has room");
    }
    let report = serve(incoming, stop, Duration::from_millis(100), Duration::from_millis(100)).await;
    assert_eq!(report.refused, vec![10, 11, 12]);
    assert!(report.completed.is_empty() && report.aborted == 0);

    // 3. Cancellation flows down the token tree, never up.
    let parent = CancellationToken::new();
    let child = parent.child_token();
    child.cancel();
    assert!(child.is_cancelled() && !parent.is_cancelled());
    let other = parent.child_token();
    parent.cancel();
    assert!(other.is_cancelled());
    tokio::time::timeout(Duration::from_secs(1), other.cancelled())
        .await
        .expect("cancelled() completes once the parent is cancelled");

    println!("graceful-shutdown (tokio-util CancellationToken): self-check passed");
}
