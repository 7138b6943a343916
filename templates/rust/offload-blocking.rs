// @pattern
// id: offload-blocking
// title: Running blocking or CPU-bound work off the async runtime
// summary: Move blocking calls and CPU-heavy work to tokio's blocking pool with spawn_blocking, bound how many run at once, and stop a long job cooperatively because a blocking closure cannot be aborted.
// minimum: tokio 1.24, futures 0.3.21
// apis: tokio::task::spawn_blocking, tokio::task::JoinHandle, tokio::sync::Semaphore, tokio::sync::Semaphore::acquire_owned, tokio::time::timeout, futures::future::join_all, std::thread::available_parallelism, std::sync::atomic::AtomicBool
// pitfalls: a blocking call (std::fs, std::thread::sleep, a sync client, a long loop) on an async worker stalls every task on that thread; abort and timeout do not stop a running spawn_blocking closure, only a flag it checks does; the blocking pool allows up to 512 threads, so many CPU-heavy jobs oversubscribe the cores unless bounded; block_in_place panics on a current_thread runtime
// rules:
// tags: blocking, cpu-bound, spawn-blocking, threads
// @end

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
        let cores = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
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
pub struct Stopped {
    pub checked: u64,
}

/// Counts primes below `limit` on the blocking pool, giving up after `budget`. On timeout it raises a flag the
/// loop checks, then *waits* for the thread to notice: the closure cannot be aborted, and returning earlier would
/// leave it burning a core in the background.
pub async fn count_primes_within(limit: u64, budget: Duration) -> Result<u64, Stopped> {
    let stop = Arc::new(AtomicBool::new(false));
    let stop_seen_by_job = Arc::clone(&stop);
    let mut handle: JoinHandle<Result<u64, Stopped>> = spawn_blocking(move || {
        let mut count: u64 = 0;
        for n in 2..limit {
            if n % 1024 == 0 && stop_seen_by_job.load(Ordering::Relaxed) {
                return Err(Stopped { checked: n });
            }
            if (2..).take_while(|d| d * d <= n).all(|d| n % d != 0) {
                count += 1;
            }
        }
        Ok(count)
    });
    let joined = match tokio::time::timeout(budget, &mut handle).await {
        Ok(joined) => joined,
        Err(_elapsed) => {
            stop.store(true, Ordering::Relaxed);
            handle.await
        }
    };
    joined.unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()))
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

    // 3. A job that fits its budget returns its result (25 primes below 100).
    assert_eq!(
        count_primes_within(100, Duration::from_secs(10)).await,
        Ok(25)
    );

    // 4. A job that does not fit is told to stop and has stopped when the call returns.
    let outcome = count_primes_within(u64::MAX, Duration::from_millis(20)).await;
    let stopped = outcome.expect_err("u64::MAX candidates cannot finish in 20 ms");
    assert!(stopped.checked > 0 && stopped.checked < u64::MAX);

    println!("offload-blocking: ok");
}
