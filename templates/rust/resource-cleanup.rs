// @pattern
// id: resource-cleanup
// title: Async resource cleanup with RAII guards
// summary: Hand out pooled connections through a guard whose Drop returns them on every exit path (return, ?, panic, timeout, abort), and do the cleanup that has to await in an explicit async close that runs whatever the body did and keeps both errors when both fail.
// minimum: tokio 1.24, futures 0.3.21, rust 1.63
// apis: tokio::sync::Semaphore, tokio::sync::Semaphore::acquire_owned, tokio::sync::Semaphore::acquire_many, tokio::sync::Semaphore::close, tokio::sync::OwnedSemaphorePermit, tokio::time::timeout, futures::future::BoxFuture, std::ops::Drop, std::sync::Mutex
// pitfalls: Drop cannot await, so a graceful close (flush, goodbye frame) needs an explicit async fn; spawning cleanup from Drop may never run if the runtime is shutting down; holding a std::sync::Mutex guard across an await blocks the worker thread and makes the future !Send; returning the item after releasing the permit lets a waiter wake to an empty pool; closing with `?` after a failed body, or returning the close error in place of the body's, loses one of the two errors
// rules:
// tags: cleanup, raii, drop, pool, guard
// @end

use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures::future::BoxFuture;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Why `using` failed. Whatever the body did, the resource was closed (or, if `open` failed, never opened).
#[derive(Debug, PartialEq, Eq)]
pub enum UseError<E, C> {
    Open(E),
    Body(E),
    Close(C),
    /// The body failed and so did the close: both errors, neither one hidden.
    Both { body: E, close: C },
}

/// Opens a resource, runs `body` with it, then awaits `close` on every path the body can take (value or error),
/// keeping the body's error when the close fails too. The body's result cannot borrow the resource (its type does
/// not mention the borrow), so it is complete before the close. If the caller drops this future instead, the async
/// close cannot run: the resource's Drop is the fallback, as for any Rust value. Nest `using` calls to hold
/// several resources: an inner `open` that fails closes the outer ones, and they close in reverse order.
pub async fn using<R, T, E, C, Open, Close>(
    open: Open,
    body: impl for<'r> FnOnce(&'r mut R) -> BoxFuture<'r, Result<T, E>>,
    close: impl FnOnce(R) -> Close,
) -> Result<T, UseError<E, C>>
where
    Open: std::future::Future<Output = Result<R, E>>,
    Close: std::future::Future<Output = Result<(), C>>,
{
    let mut resource = open.await.map_err(UseError::Open)?;
    let outcome = body(&mut resource).await;
    match (outcome, close(resource).await) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(close)) => Err(UseError::Close(close)),
        (Err(body), Ok(())) => Err(UseError::Body(body)),
        (Err(body), Err(close)) => Err(UseError::Both { body, close }),
    }
}

/// How a connection ended: `close().await` says goodbye properly; Drop alone can only cut it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    Graceful,
    Abrupt,
}

pub struct Connection {
    id: u32,
    queries: usize,
    endings: Arc<Mutex<Vec<(u32, Ending)>>>,
    closed: bool,
}

impl Connection {
    pub async fn query(&mut self, delay: Duration) -> usize {
        tokio::time::sleep(delay).await;
        self.queries += 1;
        self.queries
    }

    /// The graceful path: awaits whatever the protocol needs, then marks the connection so Drop does nothing.
    pub async fn close(mut self) {
        tokio::time::sleep(Duration::from_millis(1)).await; // stands in for flushing and a goodbye frame
        self.closed = true;
        self.endings
            .lock()
            .expect("endings lock")
            .push((self.id, Ending::Graceful));
    }
}

impl Drop for Connection {
    /// The fallback: Drop cannot await, so it can only release what is synchronous (here: record it).
    fn drop(&mut self) {
        if !self.closed {
            self.endings
                .lock()
                .expect("endings lock")
                .push((self.id, Ending::Abrupt));
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct PoolClosed;

pub struct Pool {
    // A std Mutex is right here: it is held for a push or a pop, never across an await.
    idle: Mutex<Vec<Connection>>,
    permits: Arc<Semaphore>,
    size: u32,
}

impl Pool {
    pub fn new(connections: Vec<Connection>) -> Arc<Pool> {
        let size = u32::try_from(connections.len()).expect("pool size fits in u32");
        let permits = Arc::new(Semaphore::new(connections.len()));
        Arc::new(Pool {
            idle: Mutex::new(connections),
            permits,
            size,
        })
    }

    /// Waits for a free connection. The guard gives it back on drop, whatever way the borrower ends.
    pub async fn get(self: &Arc<Self>) -> Result<Pooled, PoolClosed> {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|_closed| PoolClosed)?;
        let connection = self
            .idle
            .lock()
            .expect("idle lock")
            .pop()
            .expect("a permit guarantees an idle connection");
        Ok(Pooled {
            connection: Some(connection),
            pool: Arc::clone(self),
            _permit: permit,
        })
    }

    pub fn idle_count(&self) -> usize {
        self.idle.lock().expect("idle lock").len()
    }

    /// Waits until every borrowed connection is back, refuses new borrowers, then closes each one gracefully.
    pub async fn close(&self) {
        // The semaphore is fair, so this queues behind current waiters and then holds every permit.
        let all = self
            .permits
            .acquire_many(self.size)
            .await
            .expect("only this method closes the semaphore");
        self.permits.close(); // later get() calls fail fast with PoolClosed
        all.forget(); // the pool is finished: these permits are never handed out again
        let connections: Vec<Connection> =
            std::mem::take(&mut *self.idle.lock().expect("idle lock"));
        for connection in connections {
            connection.close().await;
        }
    }
}

/// A borrowed connection. Field order matters: Drop puts the connection back first, and only then does the
/// permit field drop and wake the next borrower, who is sure to find an idle connection.
pub struct Pooled {
    connection: Option<Connection>,
    pool: Arc<Pool>,
    _permit: OwnedSemaphorePermit,
}

impl Deref for Pooled {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.connection.as_ref().expect("present until drop")
    }
}

impl DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut Connection {
        self.connection.as_mut().expect("present until drop")
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(connection) = self.connection.take() {
            self.pool.idle.lock().expect("idle lock").push(connection);
        }
    }
}

#[tokio::main]
async fn main() {
    let endings = Arc::new(Mutex::new(Vec::new()));
    let connect = |id: u32| Connection {
        id,
        queries: 0,
        endings: Arc::clone(&endings),
        closed: false,
    };
    let pool = Pool::new(vec![connect(1), connect(2)]);

    // 1. Ten borrowers share two connections; never more than two out at once, all returned afterwards.
    let borrowed = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (pool, borrowed, peak) = (Arc::clone(&pool), Arc::clone(&borrowed), Arc::clone(&peak));
        tasks.spawn(async move {
            let mut connection = pool.get().await.expect("pool is open");
            peak.fetch_max(
                borrowed.fetch_add(1, Ordering::SeqCst) + 1,
                Ordering::SeqCst,
            );
            connection.query(Duration::from_millis(2)).await;
            borrowed.fetch_sub(1, Ordering::SeqCst);
        });
    }
    while let Some(joined) = tasks.join_next().await {
        joined.expect("borrower does not panic");
    }
    assert!(peak.load(Ordering::SeqCst) <= 2);
    assert_eq!(pool.idle_count(), 2);

    // 2. A borrower cancelled by a timeout mid-query still gives its connection back.
    let cancelled = tokio::time::timeout(Duration::from_millis(20), async {
        let mut connection = pool.get().await.expect("pool is open");
        connection.query(Duration::from_secs(30)).await
    })
    .await;
    assert!(cancelled.is_err());
    assert_eq!(
        pool.idle_count(),
        2,
        "the guard returned the connection when the future was dropped"
    );

    // 3. close() waits for the borrower still holding a connection, then closes both gracefully.
    let holder = {
        let pool = Arc::clone(&pool);
        let connection = pool.get().await.expect("pool is open");
        tokio::spawn(async move {
            let mut connection = connection;
            connection.query(Duration::from_millis(20)).await;
        })
    };
    pool.close().await;
    holder.await.expect("holder does not panic");
    assert_eq!(pool.get().await.err(), Some(PoolClosed));
    let mut ended: Vec<(u32, Ending)> = endings.lock().expect("endings lock").clone();
    ended.sort_unstable_by_key(|(id, _)| *id);
    assert_eq!(ended, vec![(1, Ending::Graceful), (2, Ending::Graceful)]);

    // 4. A connection dropped without close() falls back to the synchronous cleanup in Drop.
    drop(connect(3));
    assert!(endings
        .lock()
        .expect("endings lock")
        .contains(&(3, Ending::Abrupt)));

    // using: the close runs after a failing body, and when it fails too, both errors reach the caller.
    let result: Result<(), UseError<&str, &str>> = using(
        async { Ok::<u32, &str>(7) },
        |_resource: &mut u32| Box::pin(async { Err::<(), &str>("body failed") }),
        |_resource: u32| async { Err::<(), &str>("close failed") },
    )
    .await;
    assert_eq!(result, Err(UseError::Both { body: "body failed", close: "close failed" }));

    println!("resource-cleanup: ok");
}
