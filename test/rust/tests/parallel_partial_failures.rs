// Contract scenarios for templates/rust/parallel-partial-failures.rs
// (templates/contracts/parallel-partial-failures.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/parallel-partial-failures.rs"]
mod template;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use template::{settle_all, JobFailure};
use tokio::time::sleep;

type Job = Pin<Box<dyn Future<Output = Result<u32, String>> + Send>>;

fn job(after: Duration, outcome: Result<u32, String>, done: &Arc<AtomicUsize>) -> Job {
    let done = Arc::clone(done);
    Box::pin(async move {
        sleep(after).await;
        done.fetch_add(1, Ordering::SeqCst);
        outcome
    })
}

#[tokio::test(start_paused = true)]
async fn every_outcome_kept() {
    let done = Arc::new(AtomicUsize::new(0));
    let jobs: Vec<Job> = (0..7u32)
        .map(|n| {
            let outcome = if n == 2 || n == 5 { Err(format!("input {n} failed")) } else { Ok(n * 10) };
            job(Duration::from_millis(u64::from(7 - n)), outcome, &done)
        })
        .collect();
    let settled = settle_all(jobs).await;
    assert_eq!(settled.succeeded, vec![(0, 0), (1, 10), (3, 30), (4, 40), (6, 60)]);
    assert_eq!(
        settled.failed,
        vec![(2, JobFailure::Error("input 2 failed".to_string())), (5, JobFailure::Error("input 5 failed".to_string()))]
    );
}

#[tokio::test(start_paused = true)]
async fn failure_does_not_stop_others() {
    let done = Arc::new(AtomicUsize::new(0));
    // Rust's "throws before its first await": a job that is already failed when first polled.
    let jobs: Vec<Job> = vec![
        Box::pin(async { Err("failed at once".to_string()) }),
        job(Duration::from_millis(50), Err("failed later".to_string()), &done),
        job(Duration::from_millis(100), Ok(1), &done),
        job(Duration::from_millis(200), Ok(2), &done),
    ];
    let settled = settle_all(jobs).await;
    assert_eq!(settled.succeeded, vec![(2, 1), (3, 2)], "the others ran to completion");
    assert_eq!(settled.failed.len(), 2);
}

#[tokio::test(start_paused = true)]
async fn odd_failures_are_failures() {
    let done = Arc::new(AtomicUsize::new(0));
    // Rust's odd failure is a panic: reported as that job's failure, with its message, not re-raised.
    let jobs: Vec<Job> = vec![
        job(Duration::from_millis(10), Ok(1), &done),
        Box::pin(async {
            sleep(Duration::from_millis(5)).await;
            panic!("parser bug on input 1")
        }),
        Box::pin(async { panic!("{}", String::from("formatted panic")) }),
    ];
    let settled = settle_all(jobs).await;
    assert_eq!(settled.succeeded, vec![(0, 1)]);
    assert_eq!(
        settled.failed,
        vec![
            (1, JobFailure::Panicked("parser bug on input 1".to_string())),
            (2, JobFailure::Panicked("formatted panic".to_string()))
        ]
    );
}

struct SeesCancel(Arc<AtomicUsize>);

impl Drop for SeesCancel {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test(start_paused = true)]
async fn caller_cancel_cancels_all() {
    let saw_cancel = Arc::new(AtomicUsize::new(0));
    let jobs: Vec<Job> = (0..3)
        .map(|_| {
            let guard = SeesCancel(Arc::clone(&saw_cancel));
            Box::pin(async move {
                let _guard = guard;
                sleep(Duration::from_secs(10)).await;
                Ok::<u32, String>(0)
            }) as Job
        })
        .collect();
    // The caller gives up after 10 ms (its timeout is its cancellation): the call ends with the caller's reason.
    let outcome = tokio::time::timeout(Duration::from_millis(10), settle_all(jobs)).await;
    assert!(outcome.is_err(), "the caller's timeout, not a partial result");
    // Dropping the call dropped its JoinSet, which aborted the jobs; the aborts land at the tasks' next poll.
    tokio::task::yield_now().await;
    assert_eq!(saw_cancel.load(Ordering::SeqCst), 3, "all three saw the cancellation");
}
