// Contract scenarios for templates/rust/async-streaming.rs (templates/contracts/async-streaming.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/async-streaming.rs"]
mod template;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use futures::stream::{StreamExt, TryStreamExt};
use template::{batches, paginate, Page};
use tokio::time::sleep;

/// A source of three pages of three items that counts its fetches and records when it is closed (dropped).
struct Source {
    fetches: Arc<AtomicUsize>,
    closed: Arc<AtomicBool>,
    fetch_cancelled: Arc<AtomicBool>,
}

struct Closes(Arc<AtomicBool>);

impl Drop for Closes {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

fn source() -> Source {
    Source { fetches: Arc::default(), closed: Arc::default(), fetch_cancelled: Arc::default() }
}

/// The stream of `source`: page n (0..3) holds 3n..3n+3; page 1 takes `second_page` to arrive.
fn items(source: &Source, second_page: Duration) -> impl futures::Stream<Item = Result<u32, String>> {
    let (fetches, fetch_cancelled) = (Arc::clone(&source.fetches), Arc::clone(&source.fetch_cancelled));
    let closes = Closes(Arc::clone(&source.closed));
    paginate(0u32, move |page| {
        let _keep = &closes;
        fetches.fetch_add(1, Ordering::SeqCst);
        let seen_cancel = Closes(Arc::clone(&fetch_cancelled));
        async move {
            sleep(if page == 1 { second_page } else { Duration::from_millis(1) }).await;
            std::mem::forget(seen_cancel); // finished: this fetch was not cancelled
            Ok::<Page<u32, u32>, String>(Page { items: (page * 3..page * 3 + 3).collect(), next: if page < 2 { Some(page + 1) } else { None } })
        }
    })
}

#[tokio::test(start_paused = true)]
async fn lazy_pull() {
    let source = source();
    let two: Vec<u32> = items(&source, Duration::from_millis(1)).take(2).try_collect().await.unwrap();
    assert_eq!(two, vec![0, 1]);
    assert_eq!(source.fetches.load(Ordering::SeqCst), 1, "one fetch, not three");
}

#[tokio::test(start_paused = true)]
async fn closed_on_early_exit() {
    let source = source();
    let mut taken = Vec::new();
    {
        let stream = items(&source, Duration::from_millis(1));
        tokio::pin!(stream);
        while let Some(item) = stream.next().await {
            taken.push(item.unwrap());
            if taken.len() == 2 {
                break;
            }
        }
    } // the consumer's scope ends: the stream is dropped here
    assert_eq!(taken, vec![0, 1]);
    assert!(source.closed.load(Ordering::SeqCst), "closed by the next line");
}

#[tokio::test(start_paused = true)]
async fn closed_on_error() {
    let source = source();
    let result: Result<Vec<u32>, String> = items(&source, Duration::from_millis(1))
        .and_then(|n| async move { if n == 3 { Err(format!("transform failed on item {n}")) } else { Ok(n) } })
        .try_collect()
        .await;
    assert_eq!(result, Err("transform failed on item 3".to_string()), "the error, unchanged");
    assert!(source.closed.load(Ordering::SeqCst));
}

#[tokio::test(start_paused = true)]
async fn cancel_stops_fetching() {
    let source = source();
    let consumed = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&consumed);
    let consume = items(&source, Duration::from_secs(3600)).for_each(move |_item| {
        counter.fetch_add(1, Ordering::SeqCst);
        async {}
    });
    // The caller cancels (its timeout) while the second page is being fetched.
    let outcome = tokio::time::timeout(Duration::from_millis(10), consume).await;
    assert!(outcome.is_err(), "the cancellation reaches the caller");
    assert_eq!(consumed.load(Ordering::SeqCst), 3);
    assert!(source.fetch_cancelled.load(Ordering::SeqCst), "the pending fetch saw the cancellation");
    assert_eq!(source.fetches.load(Ordering::SeqCst), 2, "no third fetch");
    assert!(source.closed.load(Ordering::SeqCst), "the source is closed");
}

#[tokio::test(start_paused = true)]
async fn arguments_checked_at_call() {
    let source = source();
    let refused = batches(items(&source, Duration::from_millis(1)), 0).map(|_| ());
    assert_eq!(refused, Err("size must be at least 1, got 0".to_string()), "refused at the call, naming the parameter");
    assert_eq!(source.fetches.load(Ordering::SeqCst), 0, "before anything is iterated");
}
