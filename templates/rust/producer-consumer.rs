// @pattern
// id: producer-consumer
// title: Producer-consumer with backpressure over a bounded channel
// summary: Connect producers and a pool of consumers with a bounded mpsc channel, so fast producers wait instead of filling memory, and let the pipeline end by itself when the last sender is dropped.
// minimum: tokio 1.24
// apis: tokio::sync::mpsc::channel, tokio::sync::mpsc::Sender::send, tokio::sync::mpsc::Sender::try_send, tokio::sync::mpsc::error::TrySendError, tokio::sync::mpsc::Receiver::recv, tokio::sync::Mutex, tokio::task::JoinSet
// pitfalls: an unbounded channel has no backpressure, so a slow consumer turns into unbounded memory; keeping one Sender alive in the spawning function means consumers never see the end of the stream; holding the shared receiver's lock while processing serialises the consumers; try_send drops work unless you handle Full
// rules:
// tags: producer-consumer, channel, backpressure, queue
// fallback: tokio 1.0: JoinSet is stable from tokio 1.21; before that, keep the producer and consumer JoinHandles in Vecs and await them with futures::future::join_all
// @end

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::mpsc::{self, error::TrySendError};
use tokio::sync::Mutex;
use tokio::task::JoinSet;

/// Counts what entered and left the channel, to check the backpressure bound from outside.
#[derive(Default)]
struct Meter {
    sent: AtomicUsize,
    received: AtomicUsize,
    max_backlog: AtomicUsize,
}

impl Meter {
    fn after_send(&self) {
        let sent = self.sent.fetch_add(1, Ordering::SeqCst) + 1;
        let backlog = sent.saturating_sub(self.received.load(Ordering::SeqCst));
        self.max_backlog.fetch_max(backlog, Ordering::SeqCst);
    }
}

/// Starts `producers` tasks that each send `per_producer` numbers, and `consumers` tasks that sum them.
/// Returns the total once every item is consumed.
///
/// # Panics
/// If `capacity`, `producers` or `consumers` is 0 (mpsc::channel(0) panics too, with a less helpful message).
async fn pipeline(
    capacity: usize,
    producers: u64,
    per_producer: u64,
    consumers: usize,
    meter: Arc<Meter>,
) -> u64 {
    assert!(capacity > 0, "capacity must be at least 1, got {capacity}");
    assert!(
        producers > 0 && consumers > 0,
        "need producers and consumers, got {producers} and {consumers}"
    );
    let (sender, receiver) = mpsc::channel::<u64>(capacity);

    let mut producer_tasks: JoinSet<()> = JoinSet::new();
    for producer in 0..producers {
        let sender = sender.clone();
        let meter = Arc::clone(&meter);
        producer_tasks.spawn(async move {
            for n in 0..per_producer {
                // send waits while the channel is full: this is the backpressure.
                if sender.send(producer * per_producer + n).await.is_err() {
                    break; // every consumer is gone; nothing more to do
                }
                meter.after_send();
            }
        });
    }
    // Only the producers' clones may keep the channel open; otherwise the consumers would wait forever.
    drop(sender);

    // mpsc has one receiver; consumers share it behind an async Mutex held only for the recv itself.
    let receiver = Arc::new(Mutex::new(receiver));
    let mut consumer_tasks: JoinSet<u64> = JoinSet::new();
    for _ in 0..consumers {
        let receiver = Arc::clone(&receiver);
        let meter = Arc::clone(&meter);
        consumer_tasks.spawn(async move {
            let mut sum: u64 = 0;
            loop {
                let item = receiver.lock().await.recv().await; // the guard is dropped at the end of this statement
                let Some(item) = item else { break };
                meter.received.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_micros(200)).await; // slow consumer: producers must wait
                sum += item;
            }
            sum
        });
    }

    // A panic in either group is a bug: re-raise it (dropping the sets on unwind aborts the rest).
    while let Some(joined) = producer_tasks.join_next().await {
        joined.unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()));
    }
    let mut total: u64 = 0;
    while let Some(joined) = consumer_tasks.join_next().await {
        total += joined.unwrap_or_else(|error| std::panic::resume_unwind(error.into_panic()));
    }
    total
}

#[tokio::main]
async fn main() {
    // 1. Everything produced is consumed exactly once, and the backlog never exceeds what the channel can hold
    //    plus one item per consumer that is between recv and the meter.
    let meter = Arc::new(Meter::default());
    let (capacity, producers, per_producer, consumers) = (4, 3, 100, 2);
    let total = pipeline(
        capacity,
        producers,
        per_producer,
        consumers,
        Arc::clone(&meter),
    )
    .await;
    let count = producers * per_producer;
    assert_eq!(total, count * (count - 1) / 2, "every item summed once");
    assert_eq!(meter.received.load(Ordering::SeqCst), count as usize);
    let max_backlog = meter.max_backlog.load(Ordering::SeqCst);
    assert!(
        max_backlog <= capacity + consumers,
        "backlog {max_backlog} exceeds the channel bound"
    );

    // 2. try_send reports a full channel instead of waiting; the caller decides (shed, retry, or send().await).
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

    // 3. Dropping the last sender ends the stream once buffered items are drained.
    drop(sender);
    let mut rest: Vec<u32> = Vec::new();
    while let Some(item) = receiver.recv().await {
        rest.push(item);
    }
    assert_eq!(rest, vec![2, 3]);

    // 4. A closed receiver makes send fail at once, handing the item back.
    let (sender, receiver) = mpsc::channel::<u32>(1);
    drop(receiver);
    assert_eq!(sender.send(7).await.map_err(|error| error.0), Err(7));

    println!("producer-consumer: ok");
}
