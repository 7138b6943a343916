// @pattern
// id: parallel-partial-failures
// title: Parallel execution with partial failures
// summary: Run independent jobs at the same time on a JoinSet and return successes and failures apart, each with its input index, instead of stopping at the first error; a job's panic is that job's failure, not the batch's.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: tokio::task::JoinSet, tokio::task::JoinSet::spawn, tokio::task::JoinSet::join_next, futures::future::FutureExt::catch_unwind, std::panic::AssertUnwindSafe, tokio::sync::Barrier, tokio::time::timeout
// pitfalls: futures::future::try_join_all stops at the first Err and drops the other futures; tokio::spawn without keeping the JoinHandle detaches the task and loses its error; a JoinSet yields results in completion order, so carry the input index; re-raising one job's panic throws away every other job's result, while a JoinError from a panicked task no longer says which input it was: catch the panic inside the task and report it as that job's failure, with its message
// rules:
// tags: parallel, join, partial-failure, joinset
// fallback: tokio 1.0: JoinSet is stable from tokio 1.21; before that, keep a Vec<JoinHandle<_>> and await it with futures::future::join_all (a dropped JoinHandle detaches its task, so abort the handles yourself on early return)
// @end

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use futures::future::FutureExt;
use tokio::sync::Barrier;
use tokio::task::JoinSet;

/// Successes and failures of one batch, each tagged with the position of its input, in input order.
#[derive(Debug)]
pub struct Settled<T, E> {
    pub succeeded: Vec<(usize, T)>,
    pub failed: Vec<(usize, JobFailure<E>)>,
}

/// Why one job produced no value.
#[derive(Debug, PartialEq, Eq)]
pub enum JobFailure<E> {
    /// The job returned this error.
    Error(E),
    /// The job panicked; the message, when the payload was a string. A bug, but one job's bug must not cost the
    /// batch the results of the others, so it is reported here rather than re-raised.
    Panicked(String),
    /// The job's task was cancelled from outside (the runtime shutting down).
    Cancelled,
}

/// Runs every job concurrently on the runtime's worker threads and waits for all of them. Nothing a job does
/// stops the others: its error, and even its panic, becomes its entry in `failed`. Dropping the returned future
/// (the caller's cancellation) drops the JoinSet, which aborts every job still running.
pub async fn settle_all<T, E, F>(jobs: Vec<F>) -> Settled<T, E>
where
    F: Future<Output = Result<T, E>> + Send + 'static,
    T: Send + 'static,
    E: Send + 'static,
{
    let count = jobs.len();
    let mut set: JoinSet<(usize, std::thread::Result<Result<T, E>>)> = JoinSet::new();
    for (index, job) in jobs.into_iter().enumerate() {
        // The index travels with the result: join_next yields in completion order, not input order. The panic is
        // caught inside the task, where the index is still known (a JoinError does not say which job it was).
        set.spawn(async move { (index, AssertUnwindSafe(job).catch_unwind().await) });
    }

    let mut settled = Settled {
        succeeded: Vec::new(),
        failed: Vec::new(),
    };
    let mut reported = vec![false; count];
    while let Some(joined) = set.join_next().await {
        let (index, failure) = match joined {
            Ok((index, Ok(Ok(value)))) => {
                settled.succeeded.push((index, value));
                reported[index] = true;
                continue;
            }
            Ok((index, Ok(Err(error)))) => (index, JobFailure::Error(error)),
            Ok((index, Err(panic))) => (index, JobFailure::Panicked(panic_message(panic.as_ref()))),
            Err(_cancelled) => continue, // no index: listed as Cancelled below
        };
        settled.failed.push((index, failure));
        reported[index] = true;
    }
    for (index, _) in reported.iter().enumerate().filter(|(_, seen)| !**seen) {
        settled.failed.push((index, JobFailure::Cancelled));
    }
    settled.succeeded.sort_unstable_by_key(|(index, _)| *index);
    settled.failed.sort_unstable_by_key(|(index, _)| *index);
    settled
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    match (payload.downcast_ref::<&str>(), payload.downcast_ref::<String>()) {
        (Some(text), _) => (*text).to_string(),
        (_, Some(text)) => text.clone(),
        _ => "a panic with a non-string payload".to_string(),
    }
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
            (3, JobFailure::Error(FetchError::NotFound(3))),
            (5, JobFailure::Error(FetchError::Unavailable(5)))
        ]
    );
    for (index, failure) in &settled.failed {
        if let JobFailure::Error(error) = failure {
            eprintln!("job {index} failed: {error}");
        }
    }

    // An empty batch settles immediately with nothing on either side.
    let empty: Settled<(), FetchError> =
        settle_all(Vec::<std::future::Ready<Result<(), FetchError>>>::new()).await;
    assert!(empty.succeeded.is_empty() && empty.failed.is_empty());

    println!("parallel-partial-failures: ok");
}
