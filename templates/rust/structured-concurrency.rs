// @pattern
// id: structured-concurrency
// title: Structured concurrency with a JoinSet scope
// summary: Tie child tasks to the function that spawns them: collect every result, and on the first failure cancel the siblings and wait until they have really stopped before returning the error.
// minimum: tokio 1.24
// apis: tokio::task::JoinSet, tokio::task::JoinSet::spawn, tokio::task::JoinSet::join_next, tokio::task::JoinSet::shutdown, tokio::task::JoinHandle::abort, tokio::task::JoinError::is_panic, tokio::time::timeout
// pitfalls: tokio::spawn tasks are detached: they outlive the function that started them and keep running after it returns an error; dropping a JoinSet aborts its tasks but does not wait for them, so their cleanup may still be running after you return; abort_all alone does not wait either, follow it with join_next or use shutdown; a panic in a child must not be reported as an ordinary error
// rules:
// tags: structured-concurrency, joinset, cancellation, scope
// fallback: tokio 1.0: JoinSet is stable from tokio 1.21; before that, keep the JoinHandles in a Vec, abort each one on the first failure, then await them all so their cleanup has finished
// @end

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;

/// Why a scope failed: the first child error, with the number of siblings cancelled because of it.
#[derive(Debug, PartialEq, Eq)]
pub struct ScopeError<E> {
    pub error: E,
    pub cancelled_siblings: usize,
}

impl<E: fmt::Display> fmt::Display for ScopeError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({} sibling tasks cancelled)",
            self.error, self.cancelled_siblings
        )
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for ScopeError<E> {}

/// Runs all children concurrently. Succeeds with every value (in completion order) or fails with the first error;
/// in both cases no child is still running when this returns. A child's panic is re-raised after the others stop.
pub async fn scope<T, E, F>(children: Vec<F>) -> Result<Vec<T>, ScopeError<E>>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut set: JoinSet<Result<T, E>> = JoinSet::new();
    for child in children {
        set.spawn(child);
    }
    let mut values: Vec<T> = Vec::new();
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Ok(value)) => values.push(value),
            Ok(Err(error)) => {
                let cancelled_siblings = set.len();
                // shutdown = abort_all + wait until each task is gone, so their Drop-based cleanup has finished.
                set.shutdown().await;
                return Err(ScopeError {
                    error,
                    cancelled_siblings,
                });
            }
            Err(join_error) => {
                set.shutdown().await;
                if join_error.is_panic() {
                    std::panic::resume_unwind(join_error.into_panic());
                }
                // Only runtime shutdown cancels tasks of a set we own and never abort ourselves.
                panic!("a child task was cancelled from outside the scope: {join_error}");
            }
        }
    }
    Ok(values)
}

/// Counts itself out when dropped, however the task ends.
struct Alive(Arc<AtomicUsize>);

impl Alive {
    fn enter(counter: &Arc<AtomicUsize>) -> Alive {
        counter.fetch_add(1, Ordering::SeqCst);
        Alive(Arc::clone(counter))
    }
}

impl Drop for Alive {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

type Child = std::pin::Pin<Box<dyn Future<Output = Result<u32, String>> + Send>>;

fn child(alive: &Arc<AtomicUsize>, delay: Duration, outcome: Result<u32, String>) -> Child {
    let guard = Alive::enter(alive);
    Box::pin(async move {
        let _guard = guard;
        tokio::time::sleep(delay).await;
        outcome
    })
}

#[tokio::main]
async fn main() {
    // 1. Every child succeeds: all values come back, nothing is left running.
    let alive = Arc::new(AtomicUsize::new(0));
    let children: Vec<Child> = (1..=4)
        .map(|n| child(&alive, Duration::from_millis(n), Ok(n as u32)))
        .collect();
    let mut values = scope(children).await.expect("all children succeed");
    values.sort_unstable();
    assert_eq!(values, vec![1, 2, 3, 4]);
    assert_eq!(alive.load(Ordering::SeqCst), 0);

    // 2. One child fails fast: the two slow siblings are cancelled, and they are gone by the time scope returns.
    let alive = Arc::new(AtomicUsize::new(0));
    let children: Vec<Child> = vec![
        child(&alive, Duration::from_secs(30), Ok(1)),
        child(
            &alive,
            Duration::from_millis(10),
            Err("disk full".to_string()),
        ),
        child(&alive, Duration::from_secs(30), Ok(3)),
    ];
    let failed = tokio::time::timeout(Duration::from_secs(10), scope(children))
        .await
        .expect("the failure cancels the 30 s siblings instead of waiting for them");
    let error = failed.expect_err("one child failed");
    assert_eq!(
        error,
        ScopeError {
            error: "disk full".to_string(),
            cancelled_siblings: 2
        }
    );
    assert_eq!(
        alive.load(Ordering::SeqCst),
        0,
        "no child outlives the scope"
    );
    eprintln!("scope failed: {error}");

    // 3. Contrast: a detached tokio::spawn keeps running after the caller has moved on.
    let alive = Arc::new(AtomicUsize::new(0));
    let detached = tokio::spawn(child(&alive, Duration::from_secs(30), Ok(0)));
    assert_eq!(
        alive.load(Ordering::SeqCst),
        1,
        "still running: nobody owns it"
    );
    detached.abort(); // the remedy, if you must spawn detached: keep the handle and abort it
    assert!(detached.await.expect_err("aborted").is_cancelled());
    assert_eq!(alive.load(Ordering::SeqCst), 0);

    println!("structured-concurrency: ok");
}
