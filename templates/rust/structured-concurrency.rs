// @pattern
// id: structured-concurrency
// title: Structured concurrency with a JoinSet scope
// summary: Tie child tasks (and the tasks they start) to the function that spawns them: collect every result, and on the first failure or on the caller's cancellation abort the siblings and wait until they have really stopped, then report every real failure.
// minimum: tokio 1.24, rust 1.63
// apis: tokio::task::JoinSet, tokio::task::JoinSet::spawn, tokio::task::JoinSet::join_next, tokio::task::JoinSet::abort_all, tokio::task::JoinSet::shutdown, tokio::sync::mpsc::unbounded_channel, tokio::sync::mpsc::UnboundedReceiver::try_recv, tokio::select!, tokio::task::JoinError::is_panic, tokio::time::timeout
// pitfalls: tokio::spawn tasks are detached: they outlive the function that started them and keep running after it returns an error; dropping a JoinSet aborts its tasks but does not wait for them, so their cleanup may still be running after you return: cancel a scope through its cancel future (which waits) rather than by dropping it; abort_all alone does not wait either, follow it with join_next or use shutdown; keeping only the first error loses the others that failed at the same moment; a child that starts its own JoinSet is not waited for when it is aborted, so start grandchildren through the scope's Spawner; a panic in a child must not be reported as an ordinary error
// rules:
// tags: structured-concurrency, joinset, cancellation, scope
// fallback: tokio 1.0: JoinSet is stable from tokio 1.21; before that, keep the JoinHandles in a Vec, abort each one on the first failure, then await them all so their cleanup has finished
// @end

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc;
use tokio::task::JoinSet;

/// Why a scope failed. No child is running any more when the caller sees it.
#[derive(Debug, PartialEq, Eq)]
pub enum ScopeError<E> {
    /// Every child error, in the order they were seen: the first one caused the siblings to be aborted, the
    /// others failed before the abort reached them. Aborted siblings are counted, not listed as errors.
    Failed { errors: Vec<E>, cancelled_siblings: usize },
    /// The caller's cancel future resolved first; every child was aborted and has finished.
    Cancelled { cancelled_children: usize },
}

impl<E: fmt::Display> fmt::Display for ScopeError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeError::Failed { errors, cancelled_siblings } => {
                let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
                write!(f, "{} ({cancelled_siblings} sibling tasks cancelled)", shown.join("; "))
            }
            ScopeError::Cancelled { cancelled_children } => {
                write!(f, "cancelled by the caller ({cancelled_children} children stopped)")
            }
        }
    }
}

impl<E: fmt::Debug + fmt::Display> std::error::Error for ScopeError<E> {}

type Child<T, E> = Pin<Box<dyn Future<Output = Result<T, E>> + Send>>;

/// Starts children in the scope it belongs to. Clone it into a child to let that child start siblings (its own
/// sub-tasks): the scope waits for those too, and aborts them with the rest.
pub struct Spawner<T, E> {
    children: mpsc::UnboundedSender<Child<T, E>>,
}

impl<T, E> Clone for Spawner<T, E> {
    fn clone(&self) -> Self {
        Spawner {
            children: self.children.clone(),
        }
    }
}

impl<T, E> Spawner<T, E> {
    /// False when the scope has already ended: the child was not started.
    pub fn spawn(&self, child: impl Future<Output = Result<T, E>> + Send + 'static) -> bool {
        self.children.send(Box::pin(child)).is_ok()
    }
}

/// Runs the children `start` spawns (and any they spawn), until all have finished, one fails, or `cancel`
/// resolves. Succeeds with every value (in completion order); otherwise aborts the rest and waits until they are
/// gone before returning. A child's panic is re-raised after the others have stopped.
pub async fn scope<T, E>(
    cancel: impl Future<Output = ()>,
    start: impl FnOnce(&Spawner<T, E>),
) -> Result<Vec<T>, ScopeError<E>>
where
    T: Send + 'static,
    E: Send + 'static,
{
    let (sender, mut requests) = mpsc::unbounded_channel::<Child<T, E>>();
    let spawner = Spawner { children: sender };
    start(&spawner);
    drop(spawner); // from here on only the children's clones can add work
    tokio::pin!(cancel);

    let mut set: JoinSet<Result<T, E>> = JoinSet::new();
    let mut values: Vec<T> = Vec::new();
    loop {
        // A child sends its sub-tasks before it finishes, so once the set is empty and nothing is queued,
        // nothing else can arrive.
        while let Ok(child) = requests.try_recv() {
            set.spawn(child);
        }
        if set.is_empty() {
            return Ok(values);
        }
        let joined = tokio::select! {
            // biased: a child that finished is accounted for before a cancellation that arrived with it.
            biased;
            joined = set.join_next() => joined.expect("the set is not empty"),
            Some(child) = requests.recv() => {
                set.spawn(child);
                continue;
            }
            _ = &mut cancel => {
                let cancelled_children = set.len();
                requests.close(); // late spawns are refused
                set.shutdown().await; // abort_all, then wait until each task is gone
                return Err(ScopeError::Cancelled { cancelled_children });
            }
        };
        match joined {
            Ok(Ok(value)) => values.push(value),
            Ok(Err(error)) => return Err(fail(set, requests, error).await),
            Err(join_error) => {
                requests.close();
                set.shutdown().await;
                if join_error.is_panic() {
                    std::panic::resume_unwind(join_error.into_panic());
                }
                // Only runtime shutdown cancels tasks of a set we own and never abort ourselves.
                panic!("a child task was cancelled from outside the scope: {join_error}");
            }
        }
    }
}

/// The first failure: refuse new children, abort the running ones, and wait for each to end, keeping the errors
/// of those that failed on their own before the abort reached them.
async fn fail<T: 'static, E: 'static>(
    mut set: JoinSet<Result<T, E>>,
    mut requests: mpsc::UnboundedReceiver<Child<T, E>>,
    first: E,
) -> ScopeError<E> {
    requests.close();
    set.abort_all();
    let mut errors = vec![first];
    let mut cancelled_siblings = 0;
    let mut panic = None;
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok(Err(error)) => errors.push(error),
            Ok(Ok(_)) => {} // finished before the abort reached it; its value no longer matters
            Err(join_error) if join_error.is_panic() => panic = Some(join_error.into_panic()),
            Err(_aborted) => cancelled_siblings += 1,
        }
    }
    if let Some(payload) = panic {
        std::panic::resume_unwind(payload);
    }
    ScopeError::Failed {
        errors,
        cancelled_siblings,
    }
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

fn child(
    alive: &Arc<AtomicUsize>,
    delay: Duration,
    outcome: Result<u32, String>,
) -> impl Future<Output = Result<u32, String>> + Send + 'static {
    let guard = Alive::enter(alive);
    async move {
        let _guard = guard;
        tokio::time::sleep(delay).await;
        outcome
    }
}

#[tokio::main]
async fn main() {
    let never = std::future::pending::<()>;

    // 1. Every child succeeds, one of them after starting a sub-task: all values come back, nothing is left.
    let alive = Arc::new(AtomicUsize::new(0));
    let result = scope(never(), |spawner: &Spawner<u32, String>| {
        for n in 1..=3 {
            spawner.spawn(child(&alive, Duration::from_millis(n), Ok(n as u32)));
        }
        let (inner, alive) = (spawner.clone(), Arc::clone(&alive));
        spawner.spawn(async move {
            inner.spawn(child(&alive, Duration::from_millis(20), Ok(40)));
            Ok(4)
        });
    })
    .await;
    let mut values = result.expect("all children succeed");
    values.sort_unstable();
    assert_eq!(values, vec![1, 2, 3, 4, 40]);
    assert_eq!(alive.load(Ordering::SeqCst), 0);

    // 2. One child fails fast: the two slow siblings are cancelled, and they are gone by the time scope returns.
    let alive = Arc::new(AtomicUsize::new(0));
    let failed = tokio::time::timeout(
        Duration::from_secs(10),
        scope(never(), |spawner: &Spawner<u32, String>| {
            spawner.spawn(child(&alive, Duration::from_secs(30), Ok(1)));
            spawner.spawn(child(&alive, Duration::from_millis(10), Err("disk full".to_string())));
            spawner.spawn(child(&alive, Duration::from_secs(30), Ok(3)));
        }),
    )
    .await
    .expect("the failure cancels the 30 s siblings instead of waiting for them");
    let error = failed.expect_err("one child failed");
    assert_eq!(
        error,
        ScopeError::Failed {
            errors: vec!["disk full".to_string()],
            cancelled_siblings: 2
        }
    );
    assert_eq!(alive.load(Ordering::SeqCst), 0, "no child outlives the scope");
    eprintln!("scope failed: {error}");

    // 3. The caller cancels: every child is aborted and gone before scope returns.
    let alive = Arc::new(AtomicUsize::new(0));
    let cancelled = scope(tokio::time::sleep(Duration::from_millis(10)), |spawner: &Spawner<u32, String>| {
        spawner.spawn(child(&alive, Duration::from_secs(30), Ok(1)));
        spawner.spawn(child(&alive, Duration::from_secs(30), Ok(2)));
    })
    .await;
    assert_eq!(cancelled, Err(ScopeError::Cancelled { cancelled_children: 2 }));
    assert_eq!(alive.load(Ordering::SeqCst), 0);

    // 4. Contrast: a detached tokio::spawn keeps running after the caller has moved on.
    let alive = Arc::new(AtomicUsize::new(0));
    let detached = tokio::spawn(child(&alive, Duration::from_secs(30), Ok(0)));
    assert_eq!(alive.load(Ordering::SeqCst), 1, "still running: nobody owns it");
    detached.abort(); // the remedy, if you must spawn detached: keep the handle and abort it
    assert!(detached.await.expect_err("aborted").is_cancelled());
    assert_eq!(alive.load(Ordering::SeqCst), 0);

    println!("structured-concurrency: ok");
}
