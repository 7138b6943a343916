// Contract scenarios for templates/rust/library/graceful-shutdown.rs (templates/contracts/graceful-shutdown.json),
// one test per item, named after it, as test/rust/tests/graceful_shutdown.rs does for the hand-written template.
// serve() runs on tokio's paused clock; the straggler scenarios need a worker thread stuck in blocking code, so they
// run on the multi-threaded runtime with real (short) durations. The two process-level items are declared unmet in
// the variant's header (it is the in-process serve loop; its main is a self-check with no signal wiring).
#[allow(dead_code)]
#[path = "../../../templates/rust/library/graceful-shutdown.rs"]
mod template;

use std::time::{Duration, Instant};

use template::{serve, Request, ShutdownReport, Work};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;

const MS: fn(u64) -> Duration = Duration::from_millis;

/// Starts a server, hands it `jobs` (ids 1, 2, ...), and returns once every job has been taken off the queue.
async fn run(jobs: Vec<Work>, drain: Duration, abort: Duration) -> (mpsc::Sender<Request>, CancellationToken, JoinHandle<ShutdownReport>) {
    let (senders, incoming) = mpsc::channel::<Request>(16);
    let stop = CancellationToken::new();
    let server = tokio::spawn(serve(incoming, stop.clone(), drain, abort));
    for (index, work) in jobs.into_iter().enumerate() {
        senders.send(Request { id: index as u32 + 1, work }).await.unwrap();
    }
    while senders.capacity() < senders.max_capacity() {
        tokio::task::yield_now().await; // every job has been taken off the queue and started
    }
    (senders, stop, server)
}

#[tokio::test(start_paused = true)]
async fn stops_intake() {
    let (senders, stop, server) = run(vec![Work::Quick(MS(50)), Work::Quick(MS(60))], MS(1000), MS(100)).await;
    stop.cancel();
    tokio::task::yield_now().await; // the server has seen the stop and closed its intake; its jobs still run
    let started = tokio::time::Instant::now();
    let refused = senders.send(Request { id: 3, work: Work::Quick(MS(1)) }).await;
    let error = refused.expect_err("a submission after shutdown began is refused");
    assert_eq!(error.to_string(), "channel closed");
    let report = server.await.unwrap();
    assert_eq!(started.elapsed(), MS(60), "the refusal came while the accepted jobs were still draining");
    let mut completed = report.completed.clone();
    completed.sort_unstable();
    assert_eq!(completed, vec![1, 2], "the work accepted before is drained: {report:?}");
    assert_eq!(report.aborted, 0, "{report:?}");
}

#[tokio::test(start_paused = true)]
async fn drains_before_deadline() {
    let (_senders, stop, server) = run(vec![Work::Quick(MS(10)), Work::Quick(MS(50))], MS(100), MS(100)).await;
    let started = tokio::time::Instant::now();
    stop.cancel();
    let report = server.await.unwrap();
    assert_eq!(report.completed, vec![1, 2], "{report:?}");
    assert_eq!((report.aborted, report.unresponsive), (0, 0), "a clean drain: {report:?}");
    assert_eq!(started.elapsed(), MS(50), "returned when the last job finished, not at the deadline");
}

#[tokio::test(start_paused = true)]
async fn cancels_at_deadline() {
    // Stuck ignores the token; LongPoll returns when the token is cancelled, i.e. at once.
    let (_senders, stop, server) = run(vec![Work::Stuck, Work::LongPoll], MS(100), MS(100)).await;
    let started = tokio::time::Instant::now();
    stop.cancel();
    let report = server.await.unwrap();
    assert_eq!(started.elapsed(), MS(100), "aborted at the deadline, not later");
    assert_eq!(report.completed, vec![2], "the handler watching the token stopped when told: {report:?}");
    assert_eq!(report.aborted, 1, "{report:?}");
    assert_eq!(report.unresponsive, 0, "the abort took effect (the task was dropped, so its cleanup ran): {report:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bounded_second_wait() {
    let (_senders, stop, server) = run(vec![Work::Blocking(Duration::from_secs(1))], MS(100), MS(100)).await;
    let started = Instant::now();
    stop.cancel();
    let report = server.await.unwrap();
    let took = started.elapsed();
    assert!(took >= MS(200) && took < MS(900), "returned after deadline + grace, took {took:?}");
    assert_eq!((report.aborted, report.unresponsive), (1, 1), "{report:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stragglers_reported() {
    let jobs = vec![Work::Blocking(Duration::from_secs(1)), Work::Stuck, Work::Quick(MS(10))];
    let (_senders, stop, server) = run(jobs, MS(100), MS(200)).await;
    stop.cancel();
    let report = server.await.unwrap();
    // A count: tokio 1.24's JoinSet exposes no task ids (task::Id is unstable there), so the variant cannot name them.
    assert_eq!(report.unresponsive, 1, "the job stuck in blocking code is a straggler: {report:?}");
    assert_eq!(report.aborted, 2, "the stuck and the blocking job were aborted: {report:?}");
    assert_eq!(report.completed, vec![3], "{report:?}");
}
