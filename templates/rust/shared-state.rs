// @pattern
// id: shared-state
// title: Shared state under concurrency: locks, lock order and single-flight
// summary: Pick the lock by whether it is held across an await, take several locks in one global order, publish read-mostly data as Arc snapshots, and let concurrent requests for one key share a single load through a per-key OnceCell.
// minimum: tokio 1.24
// apis: tokio::sync::OnceCell, tokio::sync::OnceCell::get_or_try_init, tokio::sync::Mutex, tokio::sync::Mutex::lock, std::sync::Mutex, std::sync::RwLock, std::sync::Arc, tokio::task::JoinSet, tokio::time::timeout
// pitfalls: a std::sync::Mutex guard held across an await blocks the worker and makes the future !Send, use tokio::sync::Mutex only when the guard must live across an await; two tasks locking the same pair in opposite order deadlock, and a timeout on the lock only hides it: sort the locks; a cache checked then filled without single-flight runs the same expensive load once per concurrent caller (thundering herd); with OnceCell a failed or cancelled load is retried by the next waiter, so failures are not cached
// rules:
// tags: shared-state, mutex, rwlock, single-flight, deadlock
// @end

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tokio::sync::OnceCell;
use tokio::task::JoinSet;

/// Concurrent callers asking for the same key share one load; later callers get the cached value.
pub struct SingleFlight<K, V> {
    // std Mutex: held only to find or insert the cell, never across the load's await.
    cells: Mutex<HashMap<K, Arc<OnceCell<V>>>>,
}

impl<K: Eq + Hash, V: Clone> Default for SingleFlight<K, V> {
    fn default() -> Self {
        Self::new()
    }
}

impl<K: Eq + Hash, V: Clone> SingleFlight<K, V> {
    pub fn new() -> Self {
        SingleFlight {
            cells: Mutex::new(HashMap::new()),
        }
    }

    /// Returns the value for `key`, running `load` only if no value exists and no other caller is loading it.
    /// If the running load fails or its caller is cancelled, one waiting caller starts its own load.
    pub async fn get_or_load<E, Fut>(&self, key: K, load: impl FnOnce() -> Fut) -> Result<V, E>
    where
        Fut: std::future::Future<Output = Result<V, E>>,
    {
        let cell: Arc<OnceCell<V>> = {
            let mut cells = self.cells.lock().expect("cells lock");
            Arc::clone(cells.entry(key).or_default())
        }; // the map lock is released here, before awaiting
        cell.get_or_try_init(load).await.cloned()
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum TransferError {
    SameAccount(u32),
    NotPositive(i64),
    Insufficient {
        account: u32,
        balance: i64,
        wanted: i64,
    },
}

pub struct Account {
    id: u32,
    // tokio Mutex: the guard is held across an await (the audit write) while the transfer is in progress.
    balance: tokio::sync::Mutex<i64>,
}

/// Moves `amount` between two accounts atomically. Both locks are taken in ascending id order whichever way the
/// money flows, so opposite transfers queue behind each other instead of deadlocking.
pub async fn transfer(from: &Account, to: &Account, amount: i64) -> Result<(), TransferError> {
    if from.id == to.id {
        return Err(TransferError::SameAccount(from.id));
    }
    if amount <= 0 {
        return Err(TransferError::NotPositive(amount));
    }
    let from_is_first = from.id < to.id;
    let (first, second) = if from_is_first {
        (from, to)
    } else {
        (to, from)
    };
    let mut first_guard = first.balance.lock().await;
    audit_write().await; // an await between the two locks: where a wrong order would deadlock
    let mut second_guard = second.balance.lock().await;
    let (from_balance, to_balance): (&mut i64, &mut i64) = if from_is_first {
        (&mut *first_guard, &mut *second_guard)
    } else {
        (&mut *second_guard, &mut *first_guard)
    };
    if *from_balance < amount {
        return Err(TransferError::Insufficient {
            account: from.id,
            balance: *from_balance,
            wanted: amount,
        });
    }
    *from_balance -= amount;
    *to_balance += amount;
    Ok(())
}

async fn audit_write() {
    tokio::task::yield_now().await; // stands in for an I/O write that must happen under the locks
}

/// Read-mostly data: readers clone an Arc under a brief read lock and use the snapshot without holding any lock;
/// a writer swaps in a whole new value.
pub struct Routes {
    current: RwLock<Arc<Vec<String>>>,
}

impl Routes {
    pub fn snapshot(&self) -> Arc<Vec<String>> {
        Arc::clone(&self.current.read().expect("routes lock"))
    }

    pub fn replace(&self, routes: Vec<String>) {
        *self.current.write().expect("routes lock") = Arc::new(routes);
    }
}

#[tokio::main]
async fn main() {
    // 1. Fifty concurrent requests for one key: one load, one shared value.
    let cache: Arc<SingleFlight<String, String>> = Arc::new(SingleFlight::new());
    let loads = Arc::new(AtomicUsize::new(0));
    let mut callers: JoinSet<Result<String, String>> = JoinSet::new();
    for _ in 0..50 {
        let (cache, loads) = (Arc::clone(&cache), Arc::clone(&loads));
        callers.spawn(async move {
            cache
                .get_or_load("user:1".to_string(), || async move {
                    loads.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Ok("Ada".to_string())
                })
                .await
        });
    }
    while let Some(joined) = callers.join_next().await {
        assert_eq!(
            joined.expect("caller does not panic"),
            Ok("Ada".to_string())
        );
    }
    assert_eq!(
        loads.load(Ordering::SeqCst),
        1,
        "single flight: one load for fifty callers"
    );

    // 2. A failed load is not cached: the next call loads again.
    let failed: Result<String, String> = cache
        .get_or_load("user:2".to_string(), || async { Err("timeout".into()) })
        .await;
    assert_eq!(failed, Err("timeout".to_string()));
    let retried: Result<String, String> = cache
        .get_or_load("user:2".to_string(), || async { Ok("Grace".into()) })
        .await;
    assert_eq!(retried, Ok("Grace".to_string()));

    // 3. A caller cancelled mid-load does not leave the key stuck: the next caller loads it.
    let abandoned = tokio::time::timeout(
        Duration::from_millis(10),
        cache.get_or_load("user:3".to_string(), || async {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Ok::<String, String>("never".into())
        }),
    )
    .await;
    assert!(abandoned.is_err());
    let loaded: Result<String, String> = cache
        .get_or_load("user:3".to_string(), || async { Ok("Linus".into()) })
        .await;
    assert_eq!(loaded, Ok("Linus".to_string()));

    // 4. Opposite transfers between the same two accounts, concurrently: no deadlock, money conserved.
    let a = Arc::new(Account {
        id: 1,
        balance: tokio::sync::Mutex::new(1_000),
    });
    let b = Arc::new(Account {
        id: 2,
        balance: tokio::sync::Mutex::new(1_000),
    });
    let mut transfers: JoinSet<Result<(), TransferError>> = JoinSet::new();
    for i in 0..200 {
        let (a, b) = (Arc::clone(&a), Arc::clone(&b));
        transfers.spawn(async move {
            if i % 2 == 0 {
                transfer(&a, &b, 3).await
            } else {
                transfer(&b, &a, 3).await
            }
        });
    }
    let all_done = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(joined) = transfers.join_next().await {
            joined
                .expect("transfer does not panic")
                .expect("balances suffice");
        }
    })
    .await;
    assert!(all_done.is_ok(), "ordered locking cannot deadlock");
    assert_eq!(
        (*a.balance.lock().await, *b.balance.lock().await),
        (1_000, 1_000)
    );

    // 5. Argument and balance checks leave the accounts untouched.
    assert_eq!(
        transfer(&a, &a, 1).await,
        Err(TransferError::SameAccount(1))
    );
    assert_eq!(
        transfer(&a, &b, 0).await,
        Err(TransferError::NotPositive(0))
    );
    assert_eq!(
        transfer(&a, &b, 5_000).await,
        Err(TransferError::Insufficient {
            account: 1,
            balance: 1_000,
            wanted: 5_000
        })
    );
    assert_eq!(*a.balance.lock().await + *b.balance.lock().await, 2_000);

    // 6. Snapshots: a reader keeps a consistent view while a writer replaces the routes.
    let routes = Routes {
        current: RwLock::new(Arc::new(vec!["/a".to_string()])),
    };
    let before = routes.snapshot();
    routes.replace(vec!["/a".to_string(), "/b".to_string()]);
    assert_eq!(before.len(), 1, "the old snapshot is unchanged");
    assert_eq!(routes.snapshot().len(), 2);

    println!("shared-state: ok");
}
