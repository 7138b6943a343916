// @pattern
// id: cancellation-cleanup
// title: Cancellation with cleanup
// summary: Cancel a task either by dropping or aborting it (cleanup in Drop guards) or cooperatively through a cancellation token, so the task can finish async cleanup before it returns.
// minimum: tokio 1.24
// apis: tokio::sync::watch::channel, tokio::sync::watch::Sender::send_replace, tokio::sync::watch::Sender::subscribe, tokio::sync::watch::Receiver::changed, tokio::sync::watch::Receiver::borrow_and_update, tokio::select!, tokio::sync::mpsc::channel, tokio::sync::mpsc::Receiver::recv, tokio::task::JoinHandle::abort, tokio::task::JoinError::is_cancelled
// pitfalls: Drop cannot await, so async cleanup (flush, goodbye message) needs cooperative cancellation; a select! loop must only race cancel-safe futures (mpsc::Receiver::recv is, a half-finished read is not); abort takes effect only at the task's next await, so a blocking loop never notices it; abort() returns at once, so await the JoinHandle to know the task and its Drop guards have finished
// rules:
// tags: cancellation, cleanup, drop, select, token
// @end

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, watch};

/// A clonable cancellation signal built on a watch channel: `cancel` is sticky and wakes every waiter.
/// (tokio-util's CancellationToken does the same, plus child tokens; this template keeps to tokio and futures.)
#[derive(Clone)]
pub struct CancelToken {
    sender: Arc<watch::Sender<bool>>,
}

impl Default for CancelToken {
    fn default() -> Self {
        Self::new()
    }
}

impl CancelToken {
    pub fn new() -> Self {
        let (sender, _initial_receiver) = watch::channel(false);
        CancelToken {
            sender: Arc::new(sender),
        }
    }

    pub fn cancel(&self) {
        // send_replace stores the value even when nobody is subscribed yet (send would fail then).
        self.sender.send_replace(true);
    }

    pub fn is_cancelled(&self) -> bool {
        *self.sender.borrow()
    }

    /// Resolves once `cancel` has been called; cancel-safe, so it can sit in any select! branch.
    pub async fn cancelled(&self) {
        let mut receiver = self.sender.subscribe();
        while !*receiver.borrow_and_update() {
            if receiver.changed().await.is_err() {
                // Unreachable while `self` holds the sender; never resolve rather than report a false cancel.
                std::future::pending::<()>().await;
            }
        }
    }
}

/// What a worker did before it stopped.
#[derive(Debug, PartialEq, Eq)]
pub struct WorkerReport {
    pub processed: usize,
    pub flushed: bool,
}

/// Processes jobs until the queue closes or the token is cancelled, then flushes (an async step) and returns.
pub async fn worker(mut jobs: mpsc::Receiver<u32>, token: CancelToken) -> WorkerReport {
    let mut processed = 0;
    loop {
        tokio::select! {
            // biased: check cancellation first, so a busy queue cannot starve the shutdown branch.
            biased;
            _ = token.cancelled() => break,
            // recv is cancel-safe: if the other branch wins, no message is lost.
            job = jobs.recv() => match job {
                Some(_job) => processed += 1,
                None => break,
            },
        }
    }
    // Cooperative cancellation reaches here, so cleanup may await (Drop could not).
    let flushed = flush().await;
    WorkerReport { processed, flushed }
}

async fn flush() -> bool {
    tokio::time::sleep(Duration::from_millis(5)).await;
    true
}

/// Releases a resource when the owning future is dropped, however it ends: return, `?`, abort or timeout.
struct Lease {
    released: Arc<AtomicBool>,
}

impl Drop for Lease {
    fn drop(&mut self) {
        self.released.store(true, Ordering::SeqCst);
    }
}

#[tokio::main]
async fn main() {
    // 1. Abort: the task is dropped at its next await and its guards run; the JoinError says it was cancelled.
    let released = Arc::new(AtomicBool::new(false));
    let started = Arc::new(tokio::sync::Notify::new());
    let task = {
        let lease = Lease {
            released: Arc::clone(&released),
        };
        let started = Arc::clone(&started);
        tokio::spawn(async move {
            let _lease = lease;
            started.notify_one();
            tokio::time::sleep(Duration::from_secs(30)).await;
        })
    };
    started.notified().await;
    task.abort();
    let error = task.await.expect_err("aborted before it finished");
    assert!(error.is_cancelled());
    assert!(
        released.load(Ordering::SeqCst),
        "the Drop guard ran on abort"
    );

    // 2. Cooperative cancellation: the worker drains what it can, sees the token, flushes, and reports.
    let token = CancelToken::new();
    let (jobs_tx, jobs_rx) = mpsc::channel::<u32>(16);
    let worker_task = tokio::spawn(worker(jobs_rx, token.clone()));
    for job in 0..5 {
        jobs_tx.send(job).await.expect("worker is running");
    }
    // Wait until the queue is empty (all 5 taken) so the count below is exact.
    while jobs_tx.capacity() < jobs_tx.max_capacity() {
        tokio::task::yield_now().await;
    }
    token.cancel();
    assert!(token.is_cancelled());
    let report = worker_task.await.expect("worker does not panic");
    assert_eq!(
        report,
        WorkerReport {
            processed: 5,
            flushed: true
        }
    );
    // jobs_tx is still alive, so the token stopped the worker; returning dropped its receiver, so sends now fail fast.
    assert!(jobs_tx.is_closed());
    assert!(jobs_tx.send(99).await.is_err());

    // 3. A token cancelled before anyone waits still cancels (the state is sticky).
    let early = CancelToken::new();
    early.cancel();
    let waited = tokio::time::timeout(Duration::from_secs(5), early.cancelled()).await;
    assert!(waited.is_ok());

    // 4. Many waiters on one token all wake up.
    let shared = CancelToken::new();
    let woken = Arc::new(AtomicUsize::new(0));
    let mut waiters = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (token, woken) = (shared.clone(), Arc::clone(&woken));
        waiters.spawn(async move {
            token.cancelled().await;
            woken.fetch_add(1, Ordering::SeqCst);
        });
    }
    shared.cancel();
    while let Some(joined) = waiters.join_next().await {
        joined.expect("waiter does not panic");
    }
    assert_eq!(woken.load(Ordering::SeqCst), 4);

    println!("cancellation-cleanup: ok");
}
