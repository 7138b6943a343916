// @pattern
// id: graceful-shutdown
// title: Graceful shutdown: stop accepting, drain in-flight work with a deadline
// summary: On SIGTERM or SIGINT stop taking new requests, tell in-flight handlers to wrap up, wait for them until a deadline, then abort the rest and report what happened.
// minimum: tokio 1.24
// apis: tokio::signal::unix::signal, tokio::signal::unix::SignalKind, tokio::signal::ctrl_c, tokio::select!, tokio::sync::mpsc::Receiver::close, tokio::sync::mpsc::Receiver::try_recv, tokio::sync::watch::channel, tokio::task::JoinSet, tokio::task::JoinSet::shutdown, tokio::time::timeout_at, tokio::time::Instant
// pitfalls: exiting on the signal drops in-flight work mid-way; waiting for in-flight work with no deadline lets one stuck request block the shutdown forever (orchestrators then SIGKILL); installing the signal handler lazily inside a future loses a signal that arrives before its first poll; finished tasks left in the JoinSet keep their memory until joined, reap them while serving
// rules:
// tags: shutdown, signals, drain, deadline, lifecycle
// @end

use std::future::Future;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::task::JoinSet;
use tokio::time::{timeout_at, Instant};

/// Installs the handlers now (so a signal arriving before the first poll is not lost) and returns a future that
/// resolves with the signal's name.
#[cfg(unix)]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => "SIGTERM",
            _ = interrupt.recv() => "SIGINT",
        }
    })
}

/// Windows has no SIGTERM; Ctrl-C is the portable signal. (Not compiled on the Unix machine that checks this file.)
#[cfg(not(unix))]
pub fn shutdown_signal() -> std::io::Result<impl Future<Output = &'static str>> {
    Ok(async {
        match tokio::signal::ctrl_c().await {
            Ok(()) => "Ctrl-C",
            // Could not listen: never resolve, rather than shut down for no reason.
            Err(_) => std::future::pending().await,
        }
    })
}

#[derive(Debug, Clone, Copy)]
pub enum Work {
    /// Finishes on its own after the duration.
    Quick(Duration),
    /// A long poll: returns early when shutdown starts.
    LongPoll,
    /// Ignores the shutdown notice; only the deadline stops it.
    Stuck,
}

#[derive(Debug)]
pub struct Request {
    pub id: u32,
    pub work: Work,
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Requests that ran to the end, in completion order.
    pub completed: Vec<u32>,
    /// Requests already queued but not yet started when shutdown began: refused, never started.
    pub refused: Vec<u32>,
    /// In-flight requests still running at the deadline, aborted.
    pub aborted: usize,
}

async fn handle(request: Request, mut shutting_down: watch::Receiver<bool>) -> u32 {
    match request.work {
        Work::Quick(duration) => tokio::time::sleep(duration).await,
        Work::LongPoll => {
            // Wrap up as soon as shutdown starts (a real handler would answer "retry elsewhere").
            while !*shutting_down.borrow_and_update() {
                if shutting_down.changed().await.is_err() {
                    break;
                }
            }
        }
        Work::Stuck => tokio::time::sleep(Duration::from_secs(3600)).await,
    }
    request.id
}

/// Serves requests until `shutdown` resolves or every sender is gone, then drains for at most `drain_for`.
pub async fn serve(
    mut incoming: mpsc::Receiver<Request>,
    shutdown: impl Future<Output = ()>,
    drain_for: Duration,
) -> ShutdownReport {
    let mut report = ShutdownReport::default();
    let mut in_flight: JoinSet<u32> = JoinSet::new();
    let (notify_handlers, shutting_down) = watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);

    loop {
        tokio::select! {
            // biased: once shutdown is signalled, no further request is accepted even if many are queued.
            biased;
            _ = &mut shutdown => break,
            Some(finished) = in_flight.join_next(), if !in_flight.is_empty() => {
                report.completed.push(finished.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())));
            }
            request = incoming.recv() => match request {
                Some(request) => {
                    in_flight.spawn(handle(request, shutting_down.clone()));
                }
                None => break, // every sender dropped: nothing more can arrive
            },
        }
    }

    // 1. Stop accepting: senders now fail fast, and what was queued but never started is refused.
    incoming.close();
    while let Ok(request) = incoming.try_recv() {
        report.refused.push(request.id);
    }
    // 2. Ask in-flight handlers to wrap up, then wait for them, but only until the deadline.
    notify_handlers.send_replace(true);
    let deadline: Instant = Instant::now() + drain_for;
    let drained = timeout_at(deadline, async {
        while let Some(finished) = in_flight.join_next().await {
            report
                .completed
                .push(finished.unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic())));
        }
    })
    .await;
    // 3. Past the deadline: abort what is left and wait until it is really gone.
    if drained.is_err() {
        report.aborted = in_flight.len();
        in_flight.shutdown().await;
    }
    report
}

#[tokio::main]
async fn main() {
    // `graceful-shutdown --until-signal` serves until SIGTERM/SIGINT; the test suite sends a real signal to it.
    if std::env::args().nth(1).as_deref() == Some("--until-signal") {
        let signal = shutdown_signal().expect("signal handlers install");
        let (_senders, incoming) = mpsc::channel::<Request>(8);
        let (name_tx, name_rx) = oneshot::channel::<&'static str>();
        println!("ready"); // the handlers are installed before this line is printed
        let report = serve(
            incoming,
            async move {
                let _ = name_tx.send(signal.await);
            },
            Duration::from_secs(5),
        )
        .await;
        assert_eq!(report, ShutdownReport::default());
        println!(
            "graceful-shutdown: drained after {}",
            name_rx.await.expect("signal name was sent")
        );
        return;
    }

    // 1. In-flight work drains: quick and long-poll requests complete, the stuck one is aborted at the deadline.
    let (senders, incoming) = mpsc::channel::<Request>(16);
    let (trigger, triggered) = oneshot::channel::<()>();
    let server = tokio::spawn(serve(
        incoming,
        async move {
            let _ = triggered.await;
        },
        Duration::from_millis(500),
    ));
    let requests = [
        (1, Work::Quick(Duration::from_millis(5))),
        (2, Work::Quick(Duration::from_millis(20))),
        (3, Work::LongPoll),
        (4, Work::Stuck),
    ];
    for (id, work) in requests {
        senders
            .send(Request { id, work })
            .await
            .expect("server is accepting");
    }
    while senders.capacity() < senders.max_capacity() {
        tokio::task::yield_now().await; // wait until the server has taken every request off the queue
    }
    trigger.send(()).expect("server is waiting for the trigger");
    let report = server.await.expect("server does not panic");
    let mut completed = report.completed.clone();
    completed.sort_unstable();
    assert_eq!(completed, vec![1, 2, 3]);
    assert_eq!(report.aborted, 1);
    assert!(report.refused.is_empty());
    // Stop accepting: the receiver is gone, so a late request is turned away at once.
    assert!(senders
        .send(Request {
            id: 5,
            work: Work::LongPoll
        })
        .await
        .is_err());

    // 2. Requests still queued when shutdown begins are refused, not started.
    let (senders, incoming) = mpsc::channel::<Request>(16);
    for id in 10..13 {
        senders
            .send(Request {
                id,
                work: Work::Stuck,
            })
            .await
            .expect("queue has room");
    }
    let report = serve(incoming, std::future::ready(()), Duration::from_millis(300)).await;
    assert_eq!(
        report,
        ShutdownReport {
            completed: vec![],
            refused: vec![10, 11, 12],
            aborted: 0
        }
    );

    // 3. The real signal handlers install (the test suite also delivers SIGTERM, see --until-signal).
    let _signal = shutdown_signal().expect("signal handlers install");

    println!("graceful-shutdown: ok");
}
