// Contract scenarios for templates/rust/graceful-shutdown.rs (templates/contracts/graceful-shutdown.json), one test
// per item. serve() runs on tokio's paused clock; the straggler scenarios need a thread stuck in blocking code, so
// they run on the multi-threaded runtime with real (short) durations; the process-level items run the template's
// binary and send it real signals.
#[allow(dead_code)]
#[path = "../../../templates/rust/graceful-shutdown.rs"]
mod template;

use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use template::{serve, Deadlines, Request, ShutdownReport};
use tokio::sync::{mpsc, oneshot, watch};

/// A job for the scenario handler: how it behaves when the wrap-up notice comes and when it is aborted.
#[derive(Debug, Clone, Copy)]
enum Job {
    Sleeps(Duration),
    /// Ignores the notice and sleeps; abort stops it, and its Drop counts the cleanup.
    IgnoresNotice,
    /// Blocks its thread: abort cannot reach it.
    Blocks(Duration),
    Panics,
}

struct Cleanup(Arc<AtomicUsize>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn handler(cleanups: Arc<AtomicUsize>) -> impl Fn(Job, watch::Receiver<bool>) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>> {
    move |job, _wrap_up| {
        let cleanup = Cleanup(Arc::clone(&cleanups));
        Box::pin(async move {
            let _cleanup = cleanup;
            match job {
                Job::Sleeps(duration) => tokio::time::sleep(duration).await,
                Job::IgnoresNotice => tokio::time::sleep(Duration::from_secs(10)).await,
                Job::Blocks(duration) => tokio::task::block_in_place(|| std::thread::sleep(duration)),
                Job::Panics => panic!("handler bug"),
            }
        })
    }
}

/// Starts a server with `jobs` accepted, shuts it down when `trigger` fires, returns its report.
async fn run(jobs: Vec<Job>, deadlines: Deadlines, cleanups: Arc<AtomicUsize>) -> (mpsc::Sender<Request<Job>>, oneshot::Sender<()>, tokio::task::JoinHandle<ShutdownReport>) {
    let (senders, incoming) = mpsc::channel::<Request<Job>>(16);
    let (trigger, triggered) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        incoming,
        handler(cleanups),
        async move {
            let _ = triggered.await;
        },
        deadlines,
    ));
    for (index, job) in jobs.into_iter().enumerate() {
        senders.send(Request { id: index as u32 + 1, payload: job }).await.unwrap();
    }
    while senders.capacity() < senders.max_capacity() {
        tokio::task::yield_now().await; // every job has been taken off the queue and started
    }
    (senders, trigger, server)
}

const MS: fn(u64) -> Duration = Duration::from_millis;

#[tokio::test(start_paused = true)]
async fn stops_intake() {
    let cleanups = Arc::new(AtomicUsize::new(0));
    let deadlines = Deadlines { drain: MS(1000), grace: MS(100) };
    let (senders, trigger, server) = run(vec![Job::Sleeps(MS(50)), Job::Sleeps(MS(60))], deadlines, cleanups).await;
    trigger.send(()).unwrap();
    tokio::task::yield_now().await; // the server has seen the signal and closed its intake
    let refused = senders.send(Request { id: 3, payload: Job::Sleeps(MS(1)) }).await;
    let error = refused.expect_err("a submission after shutdown began is refused");
    assert_eq!(error.to_string(), "channel closed");
    let report = server.await.unwrap();
    let mut completed = report.completed.clone();
    completed.sort_unstable();
    assert_eq!(completed, vec![1, 2], "the work accepted before is drained");
}

#[tokio::test(start_paused = true)]
async fn drains_before_deadline() {
    let cleanups = Arc::new(AtomicUsize::new(0));
    let deadlines = Deadlines { drain: MS(100), grace: MS(100) };
    let (_senders, trigger, server) = run(vec![Job::Sleeps(MS(10)), Job::Sleeps(MS(50))], deadlines, cleanups).await;
    trigger.send(()).unwrap();
    let report = server.await.unwrap();
    assert_eq!(report.completed, vec![1, 2]);
    assert!(report.drained() && report.cancelled.is_empty());
}

#[tokio::test(start_paused = true)]
async fn cancels_at_deadline() {
    let cleanups = Arc::new(AtomicUsize::new(0));
    let deadlines = Deadlines { drain: MS(100), grace: MS(100) };
    let (_senders, trigger, server) = run(vec![Job::IgnoresNotice], deadlines, Arc::clone(&cleanups)).await;
    let started = tokio::time::Instant::now();
    trigger.send(()).unwrap();
    let report = server.await.unwrap();
    assert_eq!(started.elapsed(), MS(100), "cancelled at the deadline, not later");
    assert_eq!(report.cancelled, vec![1]);
    assert_eq!(cleanups.load(Ordering::SeqCst), 1, "its cleanup ran");
    assert!(!report.drained());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bounded_second_wait() {
    let cleanups = Arc::new(AtomicUsize::new(0));
    let deadlines = Deadlines { drain: MS(100), grace: MS(100) };
    let (_senders, trigger, server) = run(vec![Job::Blocks(Duration::from_secs(1))], deadlines, cleanups).await;
    let started = Instant::now();
    trigger.send(()).unwrap();
    let report = server.await.unwrap();
    let took = started.elapsed();
    assert!(took >= MS(200) && took < MS(900), "returned after deadline + grace, took {took:?}");
    assert_eq!(report.stragglers, vec![1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stragglers_reported() {
    let cleanups = Arc::new(AtomicUsize::new(0));
    let deadlines = Deadlines { drain: MS(100), grace: MS(200) };
    let jobs = vec![Job::Blocks(Duration::from_secs(1)), Job::IgnoresNotice, Job::Sleeps(MS(10))];
    let (_senders, trigger, server) = run(jobs, deadlines, cleanups).await;
    trigger.send(()).unwrap();
    let report = server.await.unwrap();
    assert_eq!(report.stragglers, vec![1], "the job stuck in blocking code is a straggler");
    assert_eq!(report.cancelled, vec![2], "the job that stopped when aborted is not");
    assert_eq!(report.completed, vec![3]);
}

/// Not a contract item: the defect that one handler's panic was re-raised out of serve() and took every other
/// in-flight request with it.
#[tokio::test(start_paused = true)]
async fn handler_panic_is_contained() {
    let cleanups = Arc::new(AtomicUsize::new(0));
    let deadlines = Deadlines { drain: MS(1000), grace: MS(100) };
    let (_senders, trigger, server) = run(vec![Job::Sleeps(MS(50)), Job::Panics, Job::Sleeps(MS(60))], deadlines, cleanups).await;
    tokio::time::sleep(MS(1)).await;
    trigger.send(()).unwrap();
    let report = server.await.expect("serve() itself does not panic");
    assert_eq!(report.failed, vec![2]);
    assert_eq!(report.completed, vec![1, 3]);
    assert!(report.drained());
}

/// Runs the template's binary in `--until-signal` mode, sends SIGTERM `signals` times, returns (status, seconds).
fn signalled_child(args: &[&str], signals: usize) -> (Option<i32>, f64, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_graceful-shutdown"))
        .arg("--until-signal")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the template binary starts");
    let mut stdout = child.stdout.take().unwrap();
    let mut seen = Vec::new();
    let mut buffer = [0u8; 256];
    while !String::from_utf8_lossy(&seen).contains("ready\n") {
        let read = std::io::Read::read(&mut stdout, &mut buffer).unwrap();
        assert!(read > 0, "exited before ready");
        seen.extend_from_slice(&buffer[..read]);
    }
    let started = Instant::now();
    for _ in 0..signals {
        let status = Command::new("kill").arg("-TERM").arg(child.id().to_string()).status().unwrap();
        assert!(status.success());
        std::thread::sleep(MS(200));
    }
    let output = child.wait_with_output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    (output.status.code(), started.elapsed().as_secs_f64(), text)
}

#[test]
fn hard_exit_fallback() {
    // drain 1 s + grace 0.5 s; the job blocks its thread for 60 s.
    let (status, seconds, text) = signalled_child(&["blocking"], 1);
    assert_eq!(status, Some(1), "{text}");
    assert!(seconds < 10.0, "exited without waiting for the straggler, took {seconds} s");
    assert!(text.contains("stragglers after the grace period: [1]"), "{text}");
    let (status, _, text) = signalled_child(&[], 1);
    assert_eq!(status, Some(0), "a clean drain exits 0: {text}");
}

#[test]
fn second_signal_forces_exit() {
    // A job that ignores the wrap-up notice under a 60 s drain deadline; the second SIGTERM comes 200 ms later.
    let (status, seconds, text) = signalled_child(&["stuck", "long-drain"], 2);
    assert_eq!(status, Some(130), "{text}");
    assert!(seconds < 10.0, "long before the 60 s deadline, took {seconds} s");
}
