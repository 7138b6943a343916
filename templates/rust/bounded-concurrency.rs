// @pattern
// id: bounded-concurrency
// title: Bounded concurrency over a large input
// summary: Process many items, from a collection or a lazy or async stream, with at most N in flight and results in input order: a buffer_unordered stream that stops at the first error when the work can stay in one task, an Arc<Semaphore> with owned permits acquired before spawning when it should run on the worker threads.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: tokio::sync::Semaphore, tokio::sync::Semaphore::acquire_owned, tokio::sync::OwnedSemaphorePermit, tokio::task::JoinSet, tokio::task::JoinSet::join_next, futures::stream::iter, futures::stream::Stream, futures::stream::StreamExt::buffer_unordered, futures::stream::StreamExt::enumerate
// pitfalls: spawning every item first and limiting inside the task still creates N-thousand tasks at once; acquiring the permit inside the spawned task lets the spawn loop run ahead without backpressure; a borrowed SemaphorePermit cannot move into a 'static task, use acquire_owned; a limit of 0 waits forever (NonZeroUsize rules it out); a per-call limit does not bound callers running side by side, share one Semaphore for that; join_all over a huge Vec has no limit at all; buffered keeps order but holds an early failure back until everything before it has finished, so tag items with their index and use buffer_unordered
// rules:
// tags: concurrency, semaphore, limiter, stream, backpressure
// fallback: tokio 1.0: JoinSet is stable from tokio 1.21; before that, the buffered-stream form (map_bounded) needs no JoinSet, or push the JoinHandles into a futures::stream::FuturesUnordered
// @end

use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

/// Runs `work` over the items of `input` with at most `limit` futures in flight, inside the calling task, and
/// returns the values in input order, or the first error.
///
/// - `input` is any Stream (`futures::stream::iter(vec)` for a collection): items are pulled only when a slot is
///   free, so an endless or huge input is never materialised, and an async source works as well as a Vec.
/// - The first `Err` ends the call at once: the futures still running and the input are dropped before it returns,
///   which is Rust's cancellation (their Drop-based cleanup has run), and no further item is pulled.
/// - `buffer_unordered` plus an index, not `buffered`: `buffered` would hold an early failure back until every
///   item before it had finished.
/// - `limit` is a NonZeroUsize because a limit of 0 could never run anything: the type rules it out at the call.
pub async fn map_bounded<S, T, E, Fut>(
    input: S,
    limit: NonZeroUsize,
    mut work: impl FnMut(S::Item) -> Fut,
) -> Result<Vec<T>, E>
where
    S: Stream,
    Fut: Future<Output = Result<T, E>>,
{
    let running = input
        .enumerate()
        .map(move |(index, item)| {
            let job = work(item);
            async move { (index, job.await) }
        })
        .buffer_unordered(limit.get());
    tokio::pin!(running);
    let mut done: Vec<(usize, T)> = Vec::new();
    while let Some((index, outcome)) = running.next().await {
        match outcome {
            Ok(value) => done.push((index, value)),
            Err(error) => return Err(error), // dropping `running` cancels the rest and closes the input
        }
    }
    done.sort_unstable_by_key(|(index, _)| *index);
    Ok(done.into_iter().map(|(_, value)| value).collect())
}

/// A concurrency limit shared by everything that holds a clone: for example, at most N requests to one host,
/// whichever part of the program sends them.
#[derive(Clone)]
pub struct Limiter {
    permits: Arc<Semaphore>,
    limit: usize,
}

impl Limiter {
    /// # Panics
    /// If `limit` is above `Semaphore::MAX_PERMITS` (usize::MAX >> 3), as `Semaphore::new` does.
    pub fn new(limit: NonZeroUsize) -> Self {
        let limit: usize = limit.get();
        Limiter {
            permits: Arc::new(Semaphore::new(limit)),
            limit,
        }
    }

    /// Spawns `work` for every item on the runtime's worker threads. The permit is taken *before* spawning, so a
    /// huge input never becomes thousands of waiting tasks: the loop itself waits. Returns (index, value) pairs
    /// in input order.
    ///
    /// # Panics
    /// If a task panics: the panic is re-raised here (and dropping the JoinSet aborts the others).
    pub async fn spawn_all<I, T, Fut>(
        &self,
        items: Vec<I>,
        work: impl Fn(I) -> Fut,
    ) -> Vec<(usize, T)>
    where
        I: Send + 'static,
        T: Send + 'static,
        Fut: Future<Output = T> + Send + 'static,
    {
        let mut tasks: JoinSet<(usize, T)> = JoinSet::new();
        let mut results: Vec<(usize, T)> = Vec::with_capacity(items.len());
        for (index, item) in items.into_iter().enumerate() {
            // Finished tasks keep their output until joined; reaping here keeps this batch's set small.
            while tasks.len() >= self.limit {
                results.push(join_one(&mut tasks).await);
            }
            // An owned permit can move into the 'static task. The semaphore is never closed, so this cannot fail.
            let permit: OwnedSemaphorePermit = Arc::clone(&self.permits)
                .acquire_owned()
                .await
                .expect("limiter semaphore is never closed");
            let job = work(item);
            tasks.spawn(async move {
                let value = job.await;
                drop(permit); // also released if the task is aborted, because the future is dropped
                (index, value)
            });
        }
        while !tasks.is_empty() {
            results.push(join_one(&mut tasks).await);
        }
        results.sort_unstable_by_key(|(index, _)| *index);
        results
    }
}

/// Joins one task of a non-empty set, re-raising its panic: a panic is a bug, not a result.
async fn join_one<T: 'static>(tasks: &mut JoinSet<T>) -> T {
    match tasks.join_next().await.expect("called on a non-empty set") {
        Ok(value) => value,
        Err(error) => std::panic::resume_unwind(error.into_panic()),
    }
}

/// Counts how many jobs run at the same moment and remembers the highest count seen.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl InFlight {
    async fn run(&self, item: u64) -> u64 {
        let running = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(running, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(1 + item % 3)).await;
        self.now.fetch_sub(1, Ordering::SeqCst);
        item * item
    }
}

#[tokio::main]
async fn main() {
    let items: Vec<u64> = (0..200).collect();
    let expected: Vec<u64> = items.iter().map(|x| x * x).collect();

    // 1. In one task: order kept, never more than 4 at once.
    let gauge = Arc::new(InFlight::default());
    let four = NonZeroUsize::new(4).expect("4 is not zero");
    let squares = map_bounded(stream::iter(items.clone()), four, |item| {
        let gauge = Arc::clone(&gauge);
        async move { Ok::<u64, String>(gauge.run(item).await) }
    })
    .await;
    assert_eq!(squares, Ok(expected.clone()));
    let peak = gauge.peak.load(Ordering::SeqCst);
    assert!(
        (1..=4).contains(&peak),
        "buffered ran {peak} at once, limit is 4"
    );

    // 2. Spawned on worker threads, two batches at once sharing one limiter: the limit holds across both.
    let gauge = Arc::new(InFlight::default());
    let limiter = Limiter::new(NonZeroUsize::new(3).expect("3 is not zero"));
    let other_caller: Limiter = limiter.clone();
    let work = |item: u64| {
        let gauge = Arc::clone(&gauge);
        async move { gauge.run(item).await }
    };
    let (first, second) = tokio::join!(
        limiter.spawn_all(items.clone(), work),
        other_caller.spawn_all(items.clone(), work)
    );
    for batch in [first, second] {
        assert_eq!(batch.len(), items.len());
        assert!(batch
            .iter()
            .all(|(index, value)| *value == expected[*index]));
    }
    let peak = gauge.peak.load(Ordering::SeqCst);
    assert!(
        (1..=3).contains(&peak),
        "spawned jobs ran {peak} at once, limit is 3"
    );
    assert_eq!(gauge.now.load(Ordering::SeqCst), 0, "every job finished");

    println!("bounded-concurrency: ok");
}
