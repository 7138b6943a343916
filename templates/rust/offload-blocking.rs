// @pattern
// id: offload-blocking
// title: Running blocking or CPU-bound work off the async runtime
// summary: Move blocking calls and CPU-heavy work to tokio's blocking pool with spawn_blocking, bound how many run at once, and stop a long job cooperatively because a blocking closure cannot be aborted.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: tokio::task::spawn_blocking, tokio::task::JoinHandle, tokio::sync::Semaphore, tokio::sync::Semaphore::acquire_owned, futures::future::join_all, tokio::select!, std::thread::available_parallelism, std::sync::atomic::AtomicBool
// pitfalls: a blocking call (std::fs, std::thread::sleep, a sync client, a long loop) on an async worker stalls every task on that thread; abort, timeout and dropping the caller's future do not stop a running spawn_blocking closure, only a flag it checks does, and the caller should wait for the thread to notice before it returns; the blocking pool allows up to 512 threads, so many CPU-heavy jobs oversubscribe the cores unless bounded; block_in_place panics on a current_thread runtime
// rules:
// tags: blocking, cpu-bound, spawn-blocking, threads
// @end

use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::task::{spawn_blocking, JoinHandle};

/// CPU-heavy and synchronous: must not run on an async worker thread.
fn fnv1a(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Bounds CPU-bound jobs to the number of cores, so a burst of requests cannot spawn hundreds of busy threads.
/// (For many small CPU-bound jobs, a dedicated pool such as rayon's, answering through a oneshot channel, costs less
/// per job than spawn_blocking; it is left out to keep this template to tokio and futures.)
#[derive(Clone)]
pub struct CpuPool {
    permits: Arc<Semaphore>,
}

impl CpuPool {
    pub fn new(max_parallel: NonZeroUsize) -> Self {
        CpuPool {
            permits: Arc::new(Semaphore::new(max_parallel.get())),
        }
    }

    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().unwrap_or(NonZeroUsize::new(1).expect("1 is not zero"));
        CpuPool::new(cores)
    }

    /// Runs `job` on the blocking pool once a permit is free. A panic in `job` is re-raised in the caller.
    pub async fn run<T: Send + 'static>(&self, job: impl FnOnce() -> T + Send + 'static) -> T {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .expect("CpuPool never closes its semaphore");
        let handle: JoinHandle<T> = spawn_blocking(move || {
            let _permit = permit; // held on the blocking thread for exactly as long as the job runs
            job()
        });
        handle
            .await
            .unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()))
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct Cancelled;

/// Runs `job` on the blocking pool until it returns or `cancel` resolves. A blocking closure cannot be aborted, so
/// cancelling raises the flag the job must check, then *waits* for the thread to notice: when this returns, the
/// job is no longer running, rather than burning a core in the background. A panic in `job` is re-raised here.
pub async fn run_cancellable<T: Send + 'static>(
    job: impl FnOnce(&AtomicBool) -> T + Send + 'static,
    cancel: impl Future<Output = ()>,
) -> Result<T, Cancelled> {
    let stop = Arc::new(AtomicBool::new(false));
    let stop_seen_by_job = Arc::clone(&stop);
    let mut handle: JoinHandle<T> = spawn_blocking(move || job(&stop_seen_by_job));
    tokio::select! {
        joined = &mut handle => {
            Ok(joined.unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic())))
        }
        _ = cancel => {
            stop.store(true, Ordering::Relaxed);
            // The job's output, if it finished anyway, no longer matters: the caller cancelled.
            if let Err(error) = handle.await {
                std::panic::resume_unwind(error.into_panic());
            }
            Err(Cancelled)
        }
    }
}

/// Counts primes below `limit`, checking `stop` every 1024 candidates: the cooperative cancellation point.
pub fn count_primes(limit: u64, stop: &AtomicBool) -> Option<u64> {
    let mut count: u64 = 0;
    for n in 2..limit {
        if n % 1024 == 0 && stop.load(Ordering::Relaxed) {
            return None;
        }
        if (2..).take_while(|d| d * d <= n).all(|d| n % d != 0) {
            count += 1;
        }
    }
    Some(count)
}

// A single-threaded runtime makes the responsiveness check below meaningful: there is no second worker to hide a
// blocked one.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    // 1. The runtime stays free while a blocking call waits. The blocking job can only finish when an async task
    //    sends it a message after a timer fires, which needs the runtime thread to keep running.
    let (to_job, job_inbox) = std::sync::mpsc::channel::<&'static str>();
    let waiting_job = spawn_blocking(move || job_inbox.recv_timeout(Duration::from_secs(10)));
    tokio::time::sleep(Duration::from_millis(10)).await;
    to_job.send("go").expect("the blocking job is waiting");
    let received = waiting_job.await.expect("blocking job does not panic");
    assert_eq!(
        received,
        Ok("go"),
        "the async side kept running while the job blocked"
    );

    // 2. CPU-bound work on a bounded pool gives the same answer as running it inline, never more than 2 at a time.
    let pool = CpuPool::new(NonZeroUsize::new(2).expect("2 is not zero"));
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let jobs = (0..6u8).map(|seed| {
        let (pool, running, peak) = (pool.clone(), Arc::clone(&running), Arc::clone(&peak));
        async move {
            pool.run(move || {
                peak.fetch_max(running.fetch_add(1, Ordering::SeqCst) + 1, Ordering::SeqCst);
                let data: Vec<u8> = (0..200_000u32)
                    .map(|i| (i as u8).wrapping_add(seed))
                    .collect();
                let hash = fnv1a(&data);
                running.fetch_sub(1, Ordering::SeqCst);
                (seed, hash)
            })
            .await
        }
    });
    let hashes: Vec<(u8, u64)> = futures::future::join_all(jobs).await;
    for (seed, hash) in hashes {
        let data: Vec<u8> = (0..200_000u32)
            .map(|i| (i as u8).wrapping_add(seed))
            .collect();
        assert_eq!(hash, fnv1a(&data));
    }
    let peak = peak.load(Ordering::SeqCst);
    assert!(
        (1..=2).contains(&peak),
        "{peak} CPU jobs ran at once, limit is 2"
    );
    let sized_to_cores: CpuPool = CpuPool::for_this_machine();
    assert!(sized_to_cores.permits.available_permits() >= 1);

    // 3. A job that finishes before the cancellation returns its result (25 primes below 100).
    let fits = run_cancellable(|stop| count_primes(100, stop), tokio::time::sleep(Duration::from_secs(10))).await;
    assert_eq!(fits, Ok(Some(25)));

    // 4. A job cancelled mid-way is told to stop, and has stopped when the call returns.
    let finished = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&finished);
    let outcome = run_cancellable(
        move |stop| {
            let counted = count_primes(u64::MAX, stop);
            flag.store(true, Ordering::SeqCst);
            counted
        },
        tokio::time::sleep(Duration::from_millis(20)),
    )
    .await;
    assert_eq!(outcome, Err(Cancelled));
    assert!(finished.load(Ordering::SeqCst), "the thread had left the job before the call returned");

    println!("offload-blocking: ok");
}
