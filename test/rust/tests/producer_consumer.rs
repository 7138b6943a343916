// Contract scenarios for templates/rust/producer-consumer.rs (templates/contracts/producer-consumer.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/producer-consumer.rs"]
mod template;

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::stream::{self, StreamExt};
use template::run_pipeline;
use tokio::time::sleep;

const MS: fn(u64) -> Duration = Duration::from_millis;

fn n(value: usize) -> NonZeroUsize {
    NonZeroUsize::new(value).unwrap()
}

/// Set when the producer's source is dropped: the producer was stopped (or finished).
struct Closed(Arc<AtomicBool>);

impl Drop for Closed {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[tokio::test(start_paused = true)]
async fn bounded_buffer() {
    let produced = Arc::new(AtomicUsize::new(0));
    let handled = Arc::new(AtomicUsize::new(0));
    let worst = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&produced);
    let source = stream::iter(0..200u32).map(move |item| {
        counter.fetch_add(1, Ordering::SeqCst);
        Ok::<u32, String>(item)
    });
    let (p, h, w) = (Arc::clone(&produced), Arc::clone(&handled), Arc::clone(&worst));
    let result = run_pipeline(source, n(5), n(3), move |_item| {
        let (p, h, w) = (Arc::clone(&p), Arc::clone(&h), Arc::clone(&w));
        async move {
            w.fetch_max(p.load(Ordering::SeqCst) - h.load(Ordering::SeqCst), Ordering::SeqCst);
            sleep(MS(2)).await;
            h.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    })
    .await;
    assert_eq!(result, Ok(200));
    let worst = worst.load(Ordering::SeqCst);
    assert!(worst <= 5 + 3 + 1, "produced minus handled reached {worst}");
}

#[tokio::test(start_paused = true)]
async fn every_item_once() {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let result = run_pipeline(stream::iter(0..200u32).map(Ok::<u32, String>), n(5), n(3), move |item| {
        let log = Arc::clone(&log);
        async move {
            sleep(MS(u64::from(item % 3))).await;
            log.lock().unwrap().push(item);
            Ok(())
        }
    })
    .await;
    assert_eq!(result, Ok(200));
    let mut all = seen.lock().unwrap().clone();
    all.sort_unstable();
    assert_eq!(all, (0..200).collect::<Vec<_>>(), "each handled once");
    let ordered = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&ordered);
    run_pipeline(stream::iter(0..200u32).map(Ok::<u32, String>), n(5), n(1), move |item| {
        let log = Arc::clone(&log);
        async move {
            log.lock().unwrap().push(item);
            Ok(())
        }
    })
    .await
    .unwrap();
    assert_eq!(*ordered.lock().unwrap(), (0..200).collect::<Vec<_>>(), "one consumer: in order");
}

#[tokio::test(start_paused = true)]
async fn close_drains() {
    let result = run_pipeline(stream::iter(0..10u32).map(Ok::<u32, String>), n(10), n(2), |_item| async {
        sleep(MS(5)).await;
        Ok(())
    })
    .await;
    assert_eq!(result, Ok(10), "all ten handled and the pipeline ended by itself");
}

#[tokio::test(start_paused = true)]
async fn consumer_failure_stops_producer() {
    let closed = Arc::new(AtomicBool::new(false));
    let guard = Closed(Arc::clone(&closed));
    let endless = stream::iter(0u32..).map(move |item| {
        let _keep = &guard;
        Ok::<u32, String>(item)
    });
    let result = run_pipeline(endless, n(2), n(3), |item| async move {
        sleep(MS(1)).await;
        if item == 7 {
            Err("item 7 failed".to_string())
        } else {
            Ok(())
        }
    })
    .await;
    assert_eq!(result, Err("item 7 failed".to_string()));
    assert!(closed.load(Ordering::SeqCst), "the producer, waiting on a full queue, was stopped");
}

#[tokio::test(start_paused = true)]
async fn producer_failure_stops_consumers() {
    let source = stream::iter(0..4u32).map(|item| if item < 3 { Ok(item) } else { Err("source broke after 3 items".to_string()) });
    let waiting = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&waiting);
    let result = run_pipeline(source, n(5), n(3), move |_item| {
        let counter = Arc::clone(&counter);
        async move {
            counter.fetch_add(1, Ordering::SeqCst);
            Ok(())
        }
    })
    .await;
    assert_eq!(result, Err("source broke after 3 items".to_string()));
    // Each consumer task holds the consume closure, which holds `counter`: only our own reference is left, so no
    // consumer is still waiting on the empty queue.
    assert_eq!(Arc::strong_count(&waiting), 1, "no consumer left waiting");
}

#[tokio::test(start_paused = true)]
async fn caller_cancel_stops_all() {
    let closed = Arc::new(AtomicBool::new(false));
    let guard = Closed(Arc::clone(&closed));
    let endless = stream::iter(0u32..).map(move |item| {
        let _keep = &guard;
        Ok::<u32, String>(item)
    });
    let mid_item = Arc::new(AtomicUsize::new(0));
    let stopped = Arc::new(AtomicUsize::new(0));
    let (m, s) = (Arc::clone(&mid_item), Arc::clone(&stopped));
    struct Stop(Arc<AtomicUsize>);
    impl Drop for Stop {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let pipeline = run_pipeline(endless, n(2), n(2), move |_item| {
        let (m, s) = (Arc::clone(&m), Arc::clone(&s));
        async move {
            m.fetch_add(1, Ordering::SeqCst);
            let _stop = Stop(s);
            sleep(Duration::from_secs(3600)).await;
            Ok::<(), String>(())
        }
    });
    // The caller's cancellation: its timeout drops the pipeline while the producer waits on the full queue and
    // both consumers are mid-item.
    let outcome = tokio::time::timeout(MS(10), pipeline).await;
    assert!(outcome.is_err());
    tokio::task::yield_now().await; // the aborts land at each task's next poll
    assert_eq!(mid_item.load(Ordering::SeqCst), 2);
    assert_eq!(stopped.load(Ordering::SeqCst), 2, "both consumers stopped mid-item");
    assert!(closed.load(Ordering::SeqCst), "the producer stopped");
}
