// @pattern
// id: async-streaming
// title: Async iteration and streaming with futures::Stream
// summary: Expose any paginated source as a lazy Stream of items (pages fetched only as they are consumed, errors in-band, the source dropped on every way out), consume it with try_next, take and try_buffered, batch it with arguments checked at the call, and turn a channel into a Stream.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: futures::stream::Stream, futures::stream::try_unfold, futures::stream::iter, futures::stream::poll_fn, futures::stream::StreamExt::take, futures::stream::StreamExt::collect, futures::stream::TryStreamExt::try_flatten, futures::stream::TryStreamExt::try_next, futures::stream::TryStreamExt::try_collect, futures::stream::TryStreamExt::map_ok, futures::stream::TryStreamExt::try_buffered, tokio::sync::mpsc::Receiver::poll_recv, futures::stream::StreamExt::chunks, tokio::pin!
// pitfalls: collecting a whole paginated source into a Vec before processing loses the laziness and the memory bound; a Stream built from async blocks is !Unpin, so pin it (tokio::pin!, std::pin::pin! from Rust 1.68, Box::pin) before calling next or try_next; a batch size of 0 must be refused at the call, not discovered at the first poll; try_collect discards the items before an error, iterate with try_next to keep them; buffered(n) keeps order, buffer_unordered(n) does not
// rules:
// tags: stream, async-iteration, pagination, lazy
// @end

use std::fmt;
use std::future::Future;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;

use futures::stream::{self, Stream, StreamExt, TryStreamExt};
use tokio::sync::mpsc;

#[derive(Debug, PartialEq, Eq)]
pub enum ApiError {
    PageUnavailable(u32),
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::PageUnavailable(page) => write!(f, "page {page} unavailable"),
        }
    }
}

impl std::error::Error for ApiError {}

/// One page of a paginated source: its items and the cursor of the next page (None on the last).
pub struct Page<T, C> {
    pub items: Vec<T>,
    pub next: Option<C>,
}

/// Every item of every page, as one lazy stream: `fetch(cursor)` is called only when the consumer has used up the
/// previous page, and an error is yielded in place and ends the stream (try_unfold stops after an Err). Dropping
/// the stream (take, break, an error in a later adapter, the caller's cancellation) drops `fetch` and any fetch in
/// flight at once: that is when the source's cleanup runs.
pub fn paginate<T, E, C, F, Fut>(first: C, mut fetch: F) -> impl Stream<Item = Result<T, E>>
where
    F: FnMut(C) -> Fut,
    Fut: Future<Output = Result<Page<T, C>, E>>,
{
    stream::try_unfold(Some(first), move |cursor: Option<C>| {
        // Called here, not inside the async block, so the block does not borrow `fetch`.
        let next_page = cursor.map(&mut fetch);
        async move {
            match next_page {
                None => Ok(None),
                Some(next_page) => {
                    let page = next_page.await?;
                    let items = stream::iter(page.items.into_iter().map(Ok::<T, E>));
                    Ok(Some((items, page.next)))
                }
            }
        }
    })
    .try_flatten()
}

/// Groups a stream into Vecs of up to `size` items (the last may be shorter). A size of 0 is refused here, at the
/// call, with an error naming the parameter: futures' chunks(0) would panic (an assert in Chunks::new).
pub fn batches<S: Stream>(source: S, size: usize) -> Result<impl Stream<Item = Vec<S::Item>>, String> {
    if size == 0 {
        return Err("size must be at least 1, got 0".to_string());
    }
    Ok(source.chunks(size))
}

/// A paginated API stand-in: `pages` pages of `PAGE_SIZE` items; counts the fetches it serves.
pub struct Api {
    pages: u32,
    failing_page: Option<u32>,
    fetches: AtomicU32,
}

const PAGE_SIZE: u32 = 4;

impl Api {
    async fn fetch_page(&self, page: u32) -> Result<Page<u32, u32>, ApiError> {
        self.fetches.fetch_add(1, Ordering::SeqCst);
        tokio::time::sleep(Duration::from_millis(1)).await;
        if self.failing_page == Some(page) {
            return Err(ApiError::PageUnavailable(page));
        }
        let first = page * PAGE_SIZE;
        let next = if page + 1 < self.pages {
            Some(page + 1)
        } else {
            None
        };
        Ok(Page {
            items: (first..first + PAGE_SIZE).collect(),
            next,
        })
    }

    pub fn items(&self) -> impl Stream<Item = Result<u32, ApiError>> + '_ {
        paginate(0, move |page| self.fetch_page(page))
    }
}

/// Stands in for per-item async work (an enrichment call, a write).
async fn enrich(item: u32) -> Result<String, ApiError> {
    tokio::time::sleep(Duration::from_millis(u64::from(3 - item % 3))).await;
    Ok(format!("item-{item}"))
}

#[tokio::main]
async fn main() {
    // 1. Laziness: taking 6 items reads only the 2 pages that hold them.
    let api = Api {
        pages: 5,
        failing_page: None,
        fetches: AtomicU32::new(0),
    };
    let first_six: Vec<u32> = api
        .items()
        .take(6)
        .try_collect()
        .await
        .expect("no failing page");
    assert_eq!(first_six, vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(api.fetches.load(Ordering::SeqCst), 2);

    // 2. Item by item with try_next (the stream is !Unpin, so pin it first); stops at the end of the last page.
    let api = Api {
        pages: 3,
        failing_page: None,
        fetches: AtomicU32::new(0),
    };
    let items = api.items();
    tokio::pin!(items);
    let mut seen: Vec<u32> = Vec::new();
    while let Some(item) = items.try_next().await.expect("no failing page") {
        seen.push(item);
    }
    assert_eq!(seen, (0..12).collect::<Vec<u32>>());
    assert_eq!(api.fetches.load(Ordering::SeqCst), 3);

    // 3. An error arrives in-band after the good items, and nothing is fetched past it.
    let api = Api {
        pages: 5,
        failing_page: Some(2),
        fetches: AtomicU32::new(0),
    };
    let items = api.items();
    tokio::pin!(items);
    let mut before_error: Vec<u32> = Vec::new();
    let error = loop {
        match items.try_next().await {
            Ok(Some(item)) => before_error.push(item),
            Ok(None) => panic!("expected the failing page to end the stream with an error"),
            Err(error) => break error,
        }
    };
    assert_eq!(error, ApiError::PageUnavailable(2));
    assert_eq!(before_error, (0..8).collect::<Vec<u32>>());
    assert!(
        items.try_next().await.expect("ended cleanly").is_none(),
        "the stream is over after the error"
    );
    assert_eq!(api.fetches.load(Ordering::SeqCst), 3);
    eprintln!("stream stopped: {error}");

    // 4. Up to 3 items processed concurrently, results still in input order (try_buffered keeps order).
    let api = Api {
        pages: 2,
        failing_page: None,
        fetches: AtomicU32::new(0),
    };
    let enriched: Vec<String> = api
        .items()
        .map_ok(enrich)
        .try_buffered(3)
        .try_collect()
        .await
        .expect("no errors");
    assert_eq!(
        enriched,
        (0..8).map(|n| format!("item-{n}")).collect::<Vec<String>>()
    );

    // 5. A bounded channel as a Stream: the producer waits when the consumer lags, and the stream ends when the
    //    producer drops its sender. (tokio-stream's ReceiverStream does the same; poll_fn keeps us to futures.)
    let (sender, mut receiver) = mpsc::channel::<u32>(2);
    let producer = tokio::spawn(async move {
        for n in 0..10 {
            if sender.send(n).await.is_err() {
                break;
            }
        }
    });
    let received = stream::poll_fn(move |cx| receiver.poll_recv(cx));
    let squares: Vec<u32> = received.map(|n| n * n).collect().await;
    producer.await.expect("producer does not panic");
    assert_eq!(squares, (0..10).map(|n| n * n).collect::<Vec<u32>>());

    // 6. Batches: the size is checked at the call.
    assert!(batches(stream::iter(0..3), 0).is_err());
    let grouped: Vec<Vec<u32>> = batches(stream::iter(0..5u32), 2).expect("size 2").collect().await;
    assert_eq!(grouped, vec![vec![0, 1], vec![2, 3], vec![4]]);

    println!("async-streaming: ok");
}
