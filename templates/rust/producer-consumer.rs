// @pattern
// id: producer-consumer
// title: Producer-consumer with backpressure over a bounded channel
// summary: Connect a producer and a pool of consumers with a bounded mpsc channel, so a fast producer waits instead of filling memory; the pipeline ends by itself when the producer is done, and the first failure on either side stops the whole pipeline, tasks included, before it is returned.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: tokio::sync::mpsc::channel, tokio::sync::mpsc::Sender::send, tokio::sync::mpsc::Sender::try_send, tokio::sync::mpsc::error::TrySendError, tokio::sync::mpsc::Receiver::recv, tokio::sync::Mutex, tokio::task::JoinSet, tokio::task::JoinSet::shutdown, futures::stream::Stream, futures::stream::StreamExt::next
// pitfalls: an unbounded channel has no backpressure, so a slow consumer turns into unbounded memory; keeping one Sender alive in the spawning function means consumers never see the end of the stream; holding the shared receiver's lock while processing serialises the consumers; a consumer that fails while the producer waits on a full channel leaves the producer stuck unless the failure stops it; try_send drops work unless you handle Full; mpsc::channel(0) panics, so take the capacity as a NonZeroUsize
// rules:
// tags: producer-consumer, channel, backpressure, queue
// fallback: tokio 1.0: JoinSet is stable from tokio 1.21; before that, keep the producer and consumer JoinHandles in a Vec, abort them all on the first failure, then await them
// @end

use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt};
use tokio::sync::mpsc::{self, error::TrySendError};
use tokio::sync::Mutex;
use tokio::task::JoinSet;

/// Feeds the items of `source` through a channel of `capacity` into `consumers` tasks running `consume`, and
/// returns how many items were consumed once the source is exhausted and every item has been handled.
///
/// The first failure wins: an `Err` item from the source (the producer's failure) or an `Err` from `consume`
/// aborts every other task, waits until they are gone, and is returned. The producer may be waiting on a full
/// channel and the consumers on an empty one: abort reaches both. Dropping the returned future (the caller's
/// cancellation) drops the JoinSet, which aborts every task too.
pub async fn run_pipeline<I, E, S, C, Fut>(
    source: S,
    capacity: NonZeroUsize,
    consumers: NonZeroUsize,
    consume: C,
) -> Result<usize, E>
where
    I: Send + 'static,
    E: Send + 'static,
    S: Stream<Item = Result<I, E>> + Send + 'static,
    C: Fn(I) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = Result<(), E>> + Send,
{
    let (sender, receiver) = mpsc::channel::<I>(capacity.get());
    let mut tasks: JoinSet<Result<usize, E>> = JoinSet::new();
    tasks.spawn(async move {
        tokio::pin!(source);
        while let Some(item) = source.next().await {
            // send waits while the channel is full: this is the backpressure.
            if sender.send(item?).await.is_err() {
                break; // every consumer is gone; nothing more to do
            }
        }
        Ok(0) // dropping the only sender here ends the stream for the consumers once they have drained it
    });

    // mpsc has one receiver; consumers share it behind an async Mutex held only for the recv itself.
    let receiver = Arc::new(Mutex::new(receiver));
    let consume = Arc::new(consume);
    for _ in 0..consumers.get() {
        let (receiver, consume) = (Arc::clone(&receiver), Arc::clone(&consume));
        tasks.spawn(async move {
            let mut handled = 0;
            loop {
                let item = receiver.lock().await.recv().await; // the guard is dropped at the end of this statement
                match item {
                    Some(item) => consume(item).await?,
                    None => return Ok(handled),
                }
                handled += 1;
            }
        });
    }

    let mut handled = 0;
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(Ok(count)) => handled += count,
            Ok(Err(error)) => {
                tasks.shutdown().await; // abort the others and wait until they are gone
                return Err(error);
            }
            Err(join_error) => {
                tasks.shutdown().await;
                // A panic is a bug: re-raise it. Tasks of a set we own are only cancelled by runtime shutdown.
                std::panic::resume_unwind(join_error.into_panic());
            }
        }
    }
    Ok(handled)
}

#[tokio::main]
async fn main() {
    // 1. Everything produced is consumed exactly once by two slow consumers, and a producer that gets ahead
    //    waits: produced minus handled never exceeds the channel, the item waiting in send, and one per consumer.
    let (produced, handled, max_backlog) = (
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
        Arc::new(AtomicUsize::new(0)),
    );
    let (capacity, consumers) = (NonZeroUsize::new(4).expect("4"), NonZeroUsize::new(2).expect("2"));
    let counter = Arc::clone(&produced);
    let source = stream::iter(0..300u64).map(move |n| {
        counter.fetch_add(1, Ordering::SeqCst);
        Ok::<u64, String>(n)
    });
    let (sum, seen, backlog) = (Arc::new(AtomicUsize::new(0)), Arc::clone(&handled), Arc::clone(&max_backlog));
    let total = Arc::clone(&sum);
    let produced_so_far = Arc::clone(&produced);
    let count = run_pipeline(source, capacity, consumers, move |n: u64| {
        let (total, seen, backlog, produced) = (Arc::clone(&total), Arc::clone(&seen), Arc::clone(&backlog), Arc::clone(&produced_so_far));
        async move {
            let ahead = produced.load(Ordering::SeqCst) - seen.load(Ordering::SeqCst);
            backlog.fetch_max(ahead, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_micros(200)).await; // slow consumer: the producer must wait
            total.fetch_add(n as usize, Ordering::SeqCst);
            seen.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    })
    .await;
    assert_eq!(count, Ok(300));
    assert_eq!(sum.load(Ordering::SeqCst), 300 * 299 / 2, "every item handled once");
    let max_backlog = max_backlog.load(Ordering::SeqCst);
    assert!(max_backlog <= capacity.get() + consumers.get() + 1, "backlog {max_backlog} exceeds the channel bound");

    // 2. A consumer failure stops the producer, which is waiting on the full channel of an endless source.
    let endless = stream::iter(0u64..).map(Ok::<u64, String>);
    let failed = run_pipeline(endless, capacity, consumers, |n: u64| async move {
        if n == 7 {
            Err(format!("item {n} is malformed"))
        } else {
            Ok(())
        }
    })
    .await;
    assert_eq!(failed, Err("item 7 is malformed".to_string()));

    // 3. try_send reports a full channel instead of waiting; the caller decides (shed, retry, or send().await).
    let (sender, mut receiver) = mpsc::channel::<u32>(2);
    sender.try_send(1).expect("room for 1");
    sender.try_send(2).expect("room for 2");
    match sender.try_send(3) {
        Err(TrySendError::Full(rejected)) => {
            assert_eq!(rejected, 3, "the item comes back to the caller")
        }
        other => panic!("expected Full, got {other:?}"),
    }
    assert_eq!(receiver.recv().await, Some(1));
    sender.try_send(3).expect("a slot was freed by recv");

    // 4. Dropping the last sender ends the stream once buffered items are drained.
    drop(sender);
    let mut rest: Vec<u32> = Vec::new();
    while let Some(item) = receiver.recv().await {
        rest.push(item);
    }
    assert_eq!(rest, vec![2, 3]);

    // 5. A closed receiver makes send fail at once, handing the item back.
    let (sender, receiver) = mpsc::channel::<u32>(1);
    drop(receiver);
    assert_eq!(sender.send(7).await.map_err(|error| error.0), Err(7));

    println!("producer-consumer: ok");
}
