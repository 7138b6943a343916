// @pattern
// id: cancellation-cleanup
// title: Cancellation with cleanup
// summary: Cancel a task either by aborting it and waiting for it (cleanup in Drop guards) or cooperatively through a cancellation token, so an operation stops between steps, rolls back its partial work under a time budget of its own, keeps both errors when the rollback fails, and never reports a cancelled run as a success.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: tokio::sync::watch::channel, tokio::sync::watch::Sender::send_replace, tokio::sync::watch::Sender::subscribe, tokio::sync::watch::Receiver::changed, tokio::sync::watch::Receiver::borrow_and_update, tokio::select!, tokio::sync::watch::Sender::receiver_count, tokio::time::timeout, futures::future::BoxFuture, tokio::task::JoinHandle::abort
// pitfalls: Drop cannot await, so async cleanup (flush, goodbye message) needs cooperative cancellation; a select! loop must only race cancel-safe futures (mpsc::Receiver::recv is, a half-finished read is not); abort takes effect only at the task's next await, so a blocking loop never notices it; abort() returns at once, so await the JoinHandle to know the task and its Drop guards have finished; a rollback run under the token that was just cancelled stops at once, and one with no budget can hang the caller, so give cleanup its own timeout; returning the rollback's error instead of the original hides why the operation failed
// rules:
// tags: cancellation, cleanup, drop, select, token
// @end

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::watch;
use tokio::task::JoinHandle;

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

    /// How many `cancelled()` futures are waiting right now: each one holds a receiver until it is dropped.
    pub fn waiting(&self) -> usize {
        self.sender.receiver_count()
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

/// A destination that must receive a whole batch or none of it. Dropping it closes it (its connection, its file):
/// that runs on every path out of `import`, the caller dropping the import future included.
pub trait BatchSink: Send {
    type Error: Send;
    fn begin(&mut self) -> BoxFuture<'_, Result<(), Self::Error>>;
    fn write(&mut self, record: String) -> BoxFuture<'_, Result<(), Self::Error>>;
    fn commit(&mut self) -> BoxFuture<'_, Result<(), Self::Error>>;
    fn rollback(&mut self) -> BoxFuture<'_, Result<(), Self::Error>>;
}

#[derive(Debug, PartialEq, Eq)]
pub enum ImportError<E> {
    /// The token was cancelled; the partial batch was rolled back.
    Cancelled,
    /// A step failed; the partial batch was rolled back.
    Failed(E),
    /// The import failed or was cancelled (`original`), and its rollback failed too: both are kept.
    RollbackFailed { original: Box<ImportError<E>>, rollback: E },
    /// The import failed or was cancelled (`original`), and its rollback did not finish within its budget.
    RollbackTimedOut { original: Box<ImportError<E>> },
}

/// Writes every record and commits. When the token is cancelled or a step fails, no further step starts, the
/// batch is rolled back under its own time budget (the cancellation that brought us here must not cut the
/// cleanup short, and a stuck rollback must not hang the caller), and the error says what happened to both.
pub async fn import<S: BatchSink>(
    mut sink: S,
    records: impl IntoIterator<Item = String>,
    cancel: &CancelToken,
    rollback_budget: Duration,
) -> Result<usize, ImportError<S::Error>> {
    if cancel.is_cancelled() {
        return Err(ImportError::Cancelled); // nothing to undo yet
    }
    let outcome = async {
        step(cancel, sink.begin()).await?;
        let mut written = 0;
        for record in records {
            step(cancel, sink.write(record)).await?;
            written += 1;
        }
        step(cancel, sink.commit()).await?;
        Ok(written)
    }
    .await;
    let original = match outcome {
        Ok(written) => return Ok(written),
        Err(original) => original,
    };
    match tokio::time::timeout(rollback_budget, sink.rollback()).await {
        Ok(Ok(())) => Err(original),
        Ok(Err(rollback)) => Err(ImportError::RollbackFailed {
            original: Box::new(original),
            rollback,
        }),
        Err(_elapsed) => Err(ImportError::RollbackTimedOut {
            original: Box::new(original),
        }),
    }
}

/// One step, unless the token is cancelled before or while it runs. `biased` with the token first: a step that
/// would finish at the same moment as the cancellation does not count.
async fn step<E>(
    cancel: &CancelToken,
    work: BoxFuture<'_, Result<(), E>>,
) -> Result<(), ImportError<E>> {
    if cancel.is_cancelled() {
        return Err(ImportError::Cancelled);
    }
    tokio::select! {
        biased;
        _ = cancel.cancelled() => Err(ImportError::Cancelled),
        done = work => done.map_err(ImportError::Failed),
    }
}

/// Aborts a task and waits until it has really ended (abort() alone returns at once): its Drop guards have run
/// when this returns. None when it was cancelled, its output when it finished first.
pub async fn abort_and_wait<T>(task: JoinHandle<T>) -> Option<T> {
    task.abort();
    match task.await {
        Ok(output) => Some(output),
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(_cancelled) => None,
    }
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

/// A sink that records what happened to it, and fails where it is told to.
struct Recorder {
    log: Arc<Mutex<Vec<String>>>,
    fail_write: Option<usize>,
    writes: usize,
}

impl Recorder {
    fn note(&self, what: &str) {
        self.log.lock().expect("log lock").push(what.to_string());
    }
}

impl BatchSink for Recorder {
    type Error = String;
    fn begin(&mut self) -> BoxFuture<'_, Result<(), String>> {
        self.note("begin");
        Box::pin(async { Ok(()) })
    }
    fn write(&mut self, record: String) -> BoxFuture<'_, Result<(), String>> {
        self.writes += 1;
        let fail = self.fail_write == Some(self.writes);
        self.note(&format!("write {record}"));
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(1)).await;
            if fail {
                Err(format!("disk full at {record}"))
            } else {
                Ok(())
            }
        })
    }
    fn commit(&mut self) -> BoxFuture<'_, Result<(), String>> {
        self.note("commit");
        Box::pin(async { Ok(()) })
    }
    fn rollback(&mut self) -> BoxFuture<'_, Result<(), String>> {
        self.note("rollback");
        Box::pin(async { Ok(()) })
    }
}

impl Drop for Recorder {
    fn drop(&mut self) {
        self.note("closed");
    }
}

#[tokio::main]
async fn main() {
    // 1. Abort: the task is dropped at its next await and its guards run; abort_and_wait returns after that.
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
    assert_eq!(abort_and_wait(task).await, None, "cancelled, not finished");
    assert!(released.load(Ordering::SeqCst), "the Drop guard ran before abort_and_wait returned");

    // 2. Cooperative cancellation with async cleanup: the import stops between writes, rolls back, closes.
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Recorder { log: Arc::clone(&log), fail_write: None, writes: 0 };
    let token = CancelToken::new();
    let canceller = {
        let token = token.clone();
        tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(20)).await;
            token.cancel();
        })
    };
    let records = (0..1_000).map(|n| n.to_string());
    let result = import(sink, records, &token, Duration::from_secs(5)).await;
    canceller.await.expect("canceller does not panic");
    assert_eq!(result, Err(ImportError::Cancelled));
    let log = log.lock().expect("log lock").clone();
    assert_eq!(log.iter().rev().take(2).collect::<Vec<_>>(), ["closed", "rollback"]);
    assert!(log.len() < 1_000, "stopped long before the end");
    assert_eq!(token.waiting(), 0, "no listener of the import is left on the token");

    // 3. A failing write: rolled back and closed, the write's own error returned.
    let log = Arc::new(Mutex::new(Vec::new()));
    let sink = Recorder { log: Arc::clone(&log), fail_write: Some(2), writes: 0 };
    let result = import(sink, ["a".to_string(), "b".to_string(), "c".to_string()], &CancelToken::new(), Duration::from_secs(5)).await;
    assert_eq!(result, Err(ImportError::Failed("disk full at b".to_string())));
    assert_eq!(*log.lock().expect("log lock"), ["begin", "write a", "write b", "rollback", "closed"]);

    // 4. A token cancelled before anyone waits still cancels (the state is sticky), and wakes every waiter.
    let shared = CancelToken::new();
    shared.cancel();
    let waited = tokio::time::timeout(Duration::from_secs(5), shared.cancelled()).await;
    assert!(waited.is_ok());
    let woken = Arc::new(AtomicUsize::new(0));
    let mut waiters = tokio::task::JoinSet::new();
    for _ in 0..4 {
        let (token, woken) = (shared.clone(), Arc::clone(&woken));
        waiters.spawn(async move {
            token.cancelled().await;
            woken.fetch_add(1, Ordering::SeqCst);
        });
    }
    while let Some(joined) = waiters.join_next().await {
        joined.expect("waiter does not panic");
    }
    assert_eq!(woken.load(Ordering::SeqCst), 4);

    println!("cancellation-cleanup: ok");
}
