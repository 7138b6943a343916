// @pattern
// id: graceful-shutdown
// title: Graceful shutdown: stop accepting, drain with a deadline, abort, bounded grace, then exit
// summary: On SIGTERM or SIGINT stop taking new requests, tell in-flight handlers to wrap up, wait for them until a drain deadline, abort the rest, wait a bounded grace period for the aborts to land, and report completed, failed, refused, cancelled and straggling requests; a second signal or remaining stragglers end the process with a non-zero status.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: tokio::signal::unix::signal, tokio::signal::unix::SignalKind, tokio::signal::ctrl_c, tokio::select!, tokio::sync::mpsc::Receiver::close, tokio::sync::mpsc::Receiver::try_recv, tokio::sync::watch::channel, tokio::task::JoinSet, tokio::task::JoinSet::abort_all, tokio::time::timeout, futures::future::FutureExt::catch_unwind, std::panic::AssertUnwindSafe, std::process::exit
// pitfalls: exiting on the signal drops in-flight work mid-way; waiting for in-flight work with no deadline lets one stuck request block the shutdown forever (orchestrators then SIGKILL); abort only lands at the task's next await, so a handler stuck in blocking code survives it: bound the wait after aborting too, and exit without waiting for such stragglers; re-raising a handler's panic out of the server loop takes every other in-flight request down with it, count it instead; installing the signal handler lazily inside a future loses a signal that arrives before its first poll; a second Ctrl-C must still force the exit; finished tasks left in the JoinSet keep their memory until joined, reap them while serving; Instant::now() + a huge Duration panics, use timeout(duration) or checked_add
// rules:
// tags: shutdown, signals, drain, deadline, lifecycle
// @end

use std::collections::HashSet;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::FutureExt;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::timeout;

/// The process's termination signals, installed at once so a signal that arrives before the first poll is kept.
/// `next` can be awaited again: the first signal starts the shutdown, a second one forces the exit.
pub struct ShutdownSignals {
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
}

impl ShutdownSignals {
    #[cfg(unix)]
    pub fn install() -> std::io::Result<ShutdownSignals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(ShutdownSignals {
            terminate: signal(SignalKind::terminate())?,
            interrupt: signal(SignalKind::interrupt())?,
        })
    }

    /// Resolves with the name of the next SIGTERM or SIGINT.
    #[cfg(unix)]
    pub async fn next(&mut self) -> &'static str {
        tokio::select! {
            _ = self.terminate.recv() => "SIGTERM",
            _ = self.interrupt.recv() => "SIGINT",
        }
    }

    /// Windows has no SIGTERM; Ctrl-C is the portable signal. (Not compiled on the Unix machine that checks this.)
    #[cfg(not(unix))]
    pub fn install() -> std::io::Result<ShutdownSignals> {
        Ok(ShutdownSignals {})
    }

    #[cfg(not(unix))]
    pub async fn next(&mut self) -> &'static str {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            // Could not listen: never resolve, rather than shut down for no reason.
            Err(_) => std::future::pending().await,
        }
    }
}

/// A request with the id the shutdown report names it by.
#[derive(Debug)]
pub struct Request<T> {
    pub id: u32,
    pub payload: T,
}

/// How long each phase of the shutdown may take.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    /// From the shutdown signal: in-flight handlers may finish on their own until then.
    pub drain: Duration,
    /// After aborting what is left: how long to wait for the aborts to land before giving up on them.
    pub grace: Duration,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Requests that ran to the end, in completion order.
    pub completed: Vec<u32>,
    /// Requests whose handler panicked; the server and the other requests went on.
    pub failed: Vec<u32>,
    /// Requests queued but not started when shutdown began: never started.
    pub refused: Vec<u32>,
    /// Requests aborted at the drain deadline that were gone within the grace period.
    pub cancelled: Vec<u32>,
    /// Requests aborted at the drain deadline that were still running when the grace period ended (stuck in
    /// blocking code, where abort cannot reach them). The process should exit without waiting for them.
    pub stragglers: Vec<u32>,
}

impl ShutdownReport {
    /// Everything accepted finished on its own.
    pub fn drained(&self) -> bool {
        self.cancelled.is_empty() && self.stragglers.is_empty()
    }
}

/// Removes a request from the running set when its task ends, however it ends (return, panic, abort).
struct Running {
    ids: Arc<Mutex<HashSet<u32>>>,
    id: u32,
}

impl Drop for Running {
    fn drop(&mut self) {
        lock(&self.ids).remove(&self.id);
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

type Finished = (u32, Result<(), ()>);

/// Serves requests with `handler` until `shutdown` resolves or every sender is gone, then drains: in-flight
/// handlers get a wrap-up notice (the watch turns true) and `deadlines.drain` to finish, the rest are aborted and
/// get `deadlines.grace` to go away. Returns once that is over, even if some handler never stops.
pub async fn serve<T, H, Fut>(
    mut incoming: mpsc::Receiver<Request<T>>,
    handler: H,
    shutdown: impl Future<Output = ()>,
    deadlines: Deadlines,
) -> ShutdownReport
where
    H: Fn(T, watch::Receiver<bool>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let mut report = ShutdownReport::default();
    let running: Arc<Mutex<HashSet<u32>>> = Arc::default();
    let mut in_flight: JoinSet<Finished> = JoinSet::new();
    let (notify_handlers, wrap_up) = watch::channel(false);
    tokio::pin!(shutdown);

    loop {
        tokio::select! {
            // biased: once shutdown is signalled, no further request is accepted even if many are queued.
            biased;
            _ = &mut shutdown => break,
            Some(finished) = in_flight.join_next(), if !in_flight.is_empty() => {
                reap(finished, &mut report);
            }
            request = incoming.recv() => match request {
                Some(Request { id, payload }) => {
                    lock(&running).insert(id);
                    let guard = Running { ids: Arc::clone(&running), id };
                    let work = handler(payload, wrap_up.clone());
                    in_flight.spawn(async move {
                        let _running = guard;
                        // A panic is this request's failure, not the server's: catch it inside the task.
                        (id, AssertUnwindSafe(work).catch_unwind().await.map_err(|_panic| ()))
                    });
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
    // 2. Ask in-flight handlers to wrap up, then wait for them, but only until the drain deadline.
    notify_handlers.send_replace(true);
    let drained = timeout(deadlines.drain, join_all(&mut in_flight, &mut report)).await;
    if drained.is_ok() {
        return report;
    }
    // 3. Past the deadline: abort what is left, and wait a bounded grace period for the aborts to land.
    let aborted: HashSet<u32> = lock(&running).clone();
    in_flight.abort_all();
    let _ = timeout(deadlines.grace, join_all(&mut in_flight, &mut report)).await;
    // 4. Whatever still runs is a straggler: report it and stop waiting (dropping the set detaches it).
    let still_running = lock(&running).clone();
    for id in aborted {
        if still_running.contains(&id) {
            report.stragglers.push(id);
        } else if !report.completed.contains(&id) && !report.failed.contains(&id) {
            report.cancelled.push(id);
        }
    }
    report.cancelled.sort_unstable();
    report.stragglers.sort_unstable();
    report
}

async fn join_all(in_flight: &mut JoinSet<Finished>, report: &mut ShutdownReport) {
    while let Some(finished) = in_flight.join_next().await {
        reap(finished, report);
    }
}

fn reap(finished: Result<Finished, tokio::task::JoinError>, report: &mut ShutdownReport) {
    match finished {
        Ok((id, Ok(()))) => report.completed.push(id),
        Ok((id, Err(()))) => report.failed.push(id),
        Err(_aborted) => {} // accounted for from the running set, which knows its id
    }
}

/// The process-level wiring: serve until the first signal, force the exit on a second one, and exit non-zero
/// without waiting when stragglers remain (returning from main would wait for their threads).
pub async fn run_until_signal<T, H, Fut>(
    mut signals: ShutdownSignals,
    incoming: mpsc::Receiver<Request<T>>,
    handler: H,
    deadlines: Deadlines,
) -> ShutdownReport
where
    H: Fn(T, watch::Receiver<bool>) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (first_signal, signalled) = oneshot::channel::<&'static str>();
    let watcher = tokio::spawn(async move {
        let _ = first_signal.send(signals.next().await);
        let second = signals.next().await;
        eprintln!("second {second} during shutdown: exiting now");
        std::process::exit(130);
    });
    let report = serve(
        incoming,
        handler,
        async move {
            if let Ok(name) = signalled.await {
                eprintln!("{name}: shutting down");
            }
        },
        deadlines,
    )
    .await;
    watcher.abort();
    if !report.stragglers.is_empty() {
        eprintln!("stragglers after the grace period: {:?}; exiting without them", report.stragglers);
        std::process::exit(1);
    }
    report
}

#[derive(Debug, Clone, Copy)]
enum Work {
    /// Finishes on its own after the duration.
    Quick(Duration),
    /// A long poll: returns early when the wrap-up notice comes.
    LongPoll,
    /// Ignores the notice; only the abort at the deadline stops it.
    Stuck,
    /// Blocks its thread, where abort cannot reach it (needs the multi-threaded runtime).
    Blocking(Duration),
}

async fn handle(work: Work, mut wrap_up: watch::Receiver<bool>) {
    match work {
        Work::Quick(duration) => tokio::time::sleep(duration).await,
        Work::LongPoll => {
            while !*wrap_up.borrow_and_update() {
                if wrap_up.changed().await.is_err() {
                    break;
                }
            }
        }
        Work::Stuck => tokio::time::sleep(Duration::from_secs(3600)).await,
        Work::Blocking(duration) => tokio::task::block_in_place(|| std::thread::sleep(duration)),
    }
}

#[tokio::main]
async fn main() {
    // `graceful-shutdown --until-signal [stuck|blocking]` serves one request until SIGTERM/SIGINT; the test suite
    // sends real signals to it and reads the exit status.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--until-signal") {
        let signals = ShutdownSignals::install().expect("signal handlers install");
        let (senders, incoming) = mpsc::channel::<Request<Work>>(8);
        let work = match args.get(1).map(String::as_str) {
            Some("stuck") => Some(Work::Stuck),
            Some("blocking") => Some(Work::Blocking(Duration::from_secs(60))),
            _ => None,
        };
        if let Some(work) = work {
            senders.send(Request { id: 1, payload: work }).await.expect("server is accepting");
        }
        let drain = if args.get(2).map(String::as_str) == Some("long-drain") { 60 } else { 1 };
        println!("ready"); // the handlers are installed before this line is printed
        let deadlines = Deadlines {
            drain: Duration::from_secs(drain),
            grace: Duration::from_millis(500),
        };
        let report = run_until_signal(signals, incoming, handle, deadlines).await;
        println!("graceful-shutdown: drained={} report={report:?}", report.drained());
        return;
    }

    // 1. Quick and long-poll requests complete, the stuck one is aborted at the deadline.
    let (senders, incoming) = mpsc::channel::<Request<Work>>(16);
    let (trigger, triggered) = oneshot::channel::<()>();
    let deadlines = Deadlines {
        drain: Duration::from_millis(300),
        grace: Duration::from_millis(300),
    };
    let server = tokio::spawn(serve(
        incoming,
        handle,
        async move {
            let _ = triggered.await;
        },
        deadlines,
    ));
    let requests = [
        (1, Work::Quick(Duration::from_millis(5))),
        (2, Work::Quick(Duration::from_millis(20))),
        (3, Work::LongPoll),
        (4, Work::Stuck),
    ];
    for (id, work) in requests {
        senders.send(Request { id, payload: work }).await.expect("server is accepting");
    }
    while senders.capacity() < senders.max_capacity() {
        tokio::task::yield_now().await; // wait until the server has taken every request off the queue
    }
    trigger.send(()).expect("server is waiting for the trigger");
    let report = server.await.expect("server does not panic");
    let mut completed = report.completed.clone();
    completed.sort_unstable();
    assert_eq!(completed, vec![1, 2, 3]);
    assert_eq!(report.cancelled, vec![4]);
    assert!(report.failed.is_empty() && report.refused.is_empty() && report.stragglers.is_empty());
    assert!(!report.drained());
    // Stop accepting: the receiver is gone, so a late request is turned away at once.
    assert!(senders.send(Request { id: 5, payload: Work::LongPoll }).await.is_err());

    // 2. Requests still queued when shutdown begins are refused, not started.
    let (senders, incoming) = mpsc::channel::<Request<Work>>(16);
    for id in 10..13 {
        senders.send(Request { id, payload: Work::Stuck }).await.expect("queue has room");
    }
    let report = serve(incoming, handle, std::future::ready(()), deadlines).await;
    assert_eq!(report.refused, vec![10, 11, 12]);
    assert!(report.drained());

    // 3. A handler stuck in blocking code survives the abort: reported as a straggler once the grace period ends.
    let (senders, incoming) = mpsc::channel::<Request<Work>>(1);
    senders.send(Request { id: 20, payload: Work::Blocking(Duration::from_secs(1)) }).await.expect("room");
    let short = Deadlines {
        drain: Duration::from_millis(100),
        grace: Duration::from_millis(100),
    };
    let started = tokio::time::Instant::now();
    let report = serve(incoming, handle, tokio::time::sleep(Duration::from_millis(50)), short).await;
    assert_eq!(report.stragglers, vec![20]);
    assert!(started.elapsed() < Duration::from_secs(1), "shutdown did not wait for the straggler");

    println!("graceful-shutdown: ok");
}
