// Contract scenarios for templates/rust/offload-blocking.rs (templates/contracts/offload-blocking.json). Real threads
// are involved, so these run on real time; each wait is bounded by a generous timeout that only catches a hang.
#[allow(dead_code)]
#[path = "../../../templates/rust/offload-blocking.rs"]
mod template;

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use template::{count_primes, run_cancellable, Cancelled, CpuPool};

const GUARD: Duration = Duration::from_secs(30);

#[tokio::test(flavor = "current_thread")]
async fn loop_stays_responsive() {
    // The offloaded work can only finish when a task on the (single-threaded) runtime releases it.
    let (release, released) = std::sync::mpsc::channel::<()>();
    let pool = CpuPool::new(NonZeroUsize::new(1).unwrap());
    let releaser = tokio::spawn(async move {
        tokio::time::sleep(Duration::from_millis(20)).await;
        release.send(()).unwrap();
    });
    let finished = tokio::time::timeout(GUARD, pool.run(move || released.recv_timeout(GUARD).is_ok())).await;
    assert_eq!(finished, Ok(true), "it finished, so the runtime ran the releaser meanwhile");
    releaser.await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn runs_off_loop_thread() {
    let loop_thread = std::thread::current().id();
    let pool = CpuPool::new(NonZeroUsize::new(1).unwrap());
    let job_thread = pool.run(|| std::thread::current().id()).await;
    assert_ne!(job_thread, loop_thread);
    let cancellable_thread = run_cancellable(|_stop| std::thread::current().id(), std::future::pending()).await;
    assert_ne!(cancellable_thread, Ok(loop_thread));
}

#[tokio::test(flavor = "current_thread")]
async fn errors_reach_caller() {
    let pool = CpuPool::new(NonZeroUsize::new(1).unwrap());
    let failed: Result<u32, String> = pool.run(|| Err("checksum mismatch in block 7".to_string())).await;
    assert_eq!(failed, Err("checksum mismatch in block 7".to_string()));
    // A panic in the job is re-raised in the awaiting caller, with its message.
    let panicked = tokio::spawn(async move { pool.run(|| -> u32 { panic!("decoder bug") }).await }).await;
    let payload = panicked.unwrap_err().into_panic();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"decoder bug"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancel_stops_work() {
    let exited = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&exited);
    let outcome = tokio::time::timeout(
        GUARD,
        run_cancellable(
            move |stop| {
                let counted = count_primes(u64::MAX, stop); // endless for practical purposes
                flag.store(true, Ordering::SeqCst);
                counted
            },
            tokio::time::sleep(Duration::from_millis(20)),
        ),
    )
    .await;
    assert_eq!(outcome, Ok(Err(Cancelled)), "the caller's wait ends with the cancellation");
    assert!(exited.load(Ordering::SeqCst), "the thread running the loop had left it when the call returned");
}
