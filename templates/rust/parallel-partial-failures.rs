// @pattern
// id: parallel-partial-failures
// title: Parallel execution with partial failures
// summary: Run independent jobs at the same time on a JoinSet and return successes and failures apart, each with its input index, instead of stopping at the first error.
// minimum: tokio 1.24
// apis: tokio::task::JoinSet, tokio::task::JoinSet::spawn, tokio::task::JoinSet::join_next, tokio::task::JoinError::is_panic, tokio::task::JoinError::into_panic, tokio::sync::Barrier, tokio::time::timeout
// pitfalls: futures::future::try_join_all stops at the first Err and drops the other futures; tokio::spawn without keeping the JoinHandle detaches the task and loses its error; a JoinSet yields results in completion order, so carry the input index; turning a panic into an ordinary failure hides a bug
// rules:
// tags: parallel, join, partial-failure, joinset
// fallback: tokio 1.0: JoinSet is stable from tokio 1.21; before that, keep a Vec<JoinHandle<_>> and await it with futures::future::join_all (a dropped JoinHandle detaches its task, so abort the handles yourself on early return)
// @end

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Barrier;
use tokio::task::JoinSet;

/// Successes and failures of one batch, each tagged with the position of its input.
#[derive(Debug)]
pub struct Settled<T, E> {
    pub succeeded: Vec<(usize, T)>,
    pub failed: Vec<(usize, E)>,
}

/// Runs every job concurrently on the runtime's worker threads and waits for all of them.
///
/// An `Err` from a job is data: it goes to `failed`. A panic is a bug, not a partial failure, so it is re-raised in
/// the caller once every other job is accounted for (dropping the set on unwind aborts any that are left).
pub async fn settle_all<T, E, F>(jobs: Vec<F>) -> Settled<T, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let mut set: JoinSet<(usize, Result<T, E>)> = JoinSet::new();
    for (index, job) in jobs.into_iter().enumerate() {
        // The index travels with the result: join_next yields in completion order, not input order.
        set.spawn(async move { (index, job.await) });
    }

    let mut settled = Settled {
        succeeded: Vec::new(),
        failed: Vec::new(),
    };
    let mut first_panic = None;
    while let Some(joined) = set.join_next().await {
        match joined {
            Ok((index, Ok(value))) => settled.succeeded.push((index, value)),
            Ok((index, Err(error))) => settled.failed.push((index, error)),
            // Keep draining so no sibling is left running, then re-raise below.
            Err(join_error) if join_error.is_panic() => {
                first_panic.get_or_insert(join_error.into_panic());
            }
            // Tasks of a set we own are cancelled only when the runtime shuts down; nothing is left to report to.
            Err(join_error) => panic!("a job was cancelled by runtime shutdown: {join_error}"),
        }
    }
    if let Some(payload) = first_panic {
        std::panic::resume_unwind(payload);
    }
    settled.succeeded.sort_unstable_by_key(|(index, _)| *index);
    settled.failed.sort_unstable_by_key(|(index, _)| *index);
    settled
}

#[derive(Debug, PartialEq, Eq)]
enum FetchError {
    NotFound(u32),
    Unavailable(u32),
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FetchError::NotFound(id) => write!(f, "record {id} not found"),
            FetchError::Unavailable(id) => write!(f, "record {id}: service unavailable"),
        }
    }
}

impl std::error::Error for FetchError {}

/// Stands in for a network call. Every job waits at the barrier first, so the batch can only finish if all of
/// them really run at the same time.
async fn fetch_record(id: u32, barrier: Arc<Barrier>) -> Result<String, FetchError> {
    barrier.wait().await;
    match id {
        3 => Err(FetchError::NotFound(id)),
        5 => Err(FetchError::Unavailable(id)),
        _ => {
            tokio::time::sleep(Duration::from_millis(u64::from(id))).await;
            Ok(format!("record-{id}"))
        }
    }
}

#[tokio::main]
async fn main() {
    let ids: Vec<u32> = (0..8).collect();
    let barrier = Arc::new(Barrier::new(ids.len()));
    let jobs: Vec<_> = ids
        .iter()
        .map(|&id| fetch_record(id, Arc::clone(&barrier)))
        .collect();

    // The outer timeout turns a lost job (a barrier that never opens) into a failure instead of a hang.
    let settled: Settled<String, FetchError> =
        tokio::time::timeout(Duration::from_secs(10), settle_all(jobs))
            .await
            .expect("all jobs run concurrently, so the barrier opens");

    let ok_indices: Vec<usize> = settled.succeeded.iter().map(|(index, _)| *index).collect();
    assert_eq!(ok_indices, vec![0, 1, 2, 4, 6, 7]);
    assert!(settled
        .succeeded
        .iter()
        .all(|(index, value)| *value == format!("record-{index}")));
    assert_eq!(
        settled.failed,
        vec![
            (3, FetchError::NotFound(3)),
            (5, FetchError::Unavailable(5))
        ]
    );
    for (index, error) in &settled.failed {
        eprintln!("job {index} failed: {error}");
    }

    // An empty batch settles immediately with nothing on either side.
    let empty: Settled<(), FetchError> =
        settle_all(Vec::<std::future::Ready<Result<(), FetchError>>>::new()).await;
    assert!(empty.succeeded.is_empty() && empty.failed.is_empty());

    println!("parallel-partial-failures: ok");
}
