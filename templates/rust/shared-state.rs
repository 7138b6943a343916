// @pattern
// id: shared-state
// title: Shared state under concurrency: locks, lock order and single-flight
// summary: Pick the lock by whether it is held across an await, take several locks in one global order, publish read-mostly data as Arc snapshots, and let concurrent requests for one key share a single in-flight load that runs in its own task, is forgotten when it ends, and outlives any caller that stops waiting.
// minimum: tokio 1.24, rust 1.63
// apis: tokio::spawn, tokio::sync::watch::channel, tokio::sync::watch::Receiver::changed, tokio::sync::watch::Receiver::borrow_and_update, tokio::task::JoinHandle::abort, tokio::sync::Mutex, tokio::sync::Mutex::lock, std::sync::Mutex, std::sync::RwLock, std::sync::Arc, tokio::task::JoinSet, tokio::time::timeout
// pitfalls: a std::sync::Mutex guard held across an await blocks the worker and makes the future !Send, use tokio::sync::Mutex only when the guard must live across an await; two tasks locking the same pair in opposite order deadlock, and a timeout on the lock only hides it: sort the locks; a cache checked then filled without single-flight runs the same expensive load once per concurrent caller (thundering herd); a map of OnceCells per key is a permanent memo, not a single-flight: it never forgets a value and keeps an empty cell for every key that failed; running the shared load inside the first caller's future lets that caller's cancellation stop it for everyone, so spawn it; keep a failed load out of the map or the failure is cached
// rules:
// tags: shared-state, mutex, rwlock, single-flight, deadlock
// @end

use std::collections::HashMap;
use std::future::Future;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::{JoinHandle, JoinSet};

/// Why a shared load produced no value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlightError<E> {
    /// The load returned this error; every caller waiting on that load gets a clone.
    Failed(E),
    /// The load panicked, or was aborted because the SingleFlight was dropped.
    Lost,
}

type Outcome<V, E> = Option<Result<V, E>>;

struct Flight<V, E> {
    id: u64,
    outcome: watch::Receiver<Outcome<V, E>>,
    task: JoinHandle<()>,
}

struct Flights<K, V, E> {
    next_id: u64,
    by_key: HashMap<K, Flight<V, E>>,
}

/// Concurrent callers asking for the same key share one load; once it ends (value, error or panic) the key is
/// forgotten, so the next call loads afresh. Nothing is cached: put a cache in front if values may be reused.
pub struct SingleFlight<K, V, E> {
    // std Mutex: held only to find, insert or remove an entry, never across an await.
    flights: Arc<Mutex<Flights<K, V, E>>>,
}

impl<K, V, E> Default for SingleFlight<K, V, E>
where
    K: Eq + Hash + Clone + Send + 'static,
    V: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<K, V, E> SingleFlight<K, V, E>
where
    K: Eq + Hash + Clone + Send + 'static,
    V: Clone + Send + Sync + 'static,
    E: Clone + Send + Sync + 'static,
{
    pub fn new() -> Self {
        SingleFlight {
            flights: Arc::new(Mutex::new(Flights {
                next_id: 0,
                by_key: HashMap::new(),
            })),
        }
    }

    /// Returns the outcome of the load for `key` that is in flight, or starts `load` in a task of its own. A
    /// caller that stops waiting (its future is dropped) leaves the load running for the others.
    pub async fn get<Fut>(&self, key: K, load: impl FnOnce() -> Fut + Send + 'static) -> Result<V, FlightError<E>>
    where
        Fut: Future<Output = Result<V, E>> + Send + 'static,
    {
        let mut outcome: watch::Receiver<Outcome<V, E>> = {
            let mut flights = lock(&self.flights);
            match flights.by_key.get(&key) {
                Some(flight) => flight.outcome.clone(),
                None => {
                    let id = flights.next_id;
                    flights.next_id += 1;
                    let (publish, outcome) = watch::channel(None);
                    let forget = Forget {
                        flights: Arc::clone(&self.flights),
                        key: key.clone(),
                        id,
                    };
                    // Spawned while the map is locked, so the entry exists before the task can remove it.
                    let task = tokio::spawn(async move {
                        // load runs inside the task: a panic, even before its first await, ends here.
                        let result = load().await;
                        drop(forget); // forgotten before publishing: whoever sees the result and asks again loads anew
                        publish.send_replace(Some(result));
                    });
                    let receiver = outcome.clone();
                    flights.by_key.insert(key, Flight { id, outcome, task });
                    receiver
                }
            }
        }; // the map lock is released here, before awaiting
        loop {
            if let Some(result) = &*outcome.borrow_and_update() {
                return result.clone().map_err(FlightError::Failed);
            }
            if outcome.changed().await.is_err() {
                // The task ended without publishing: it panicked or was aborted.
                return match &*outcome.borrow() {
                    Some(result) => result.clone().map_err(FlightError::Failed),
                    None => Err(FlightError::Lost),
                };
            }
        }
    }

    /// Loads in flight right now.
    pub fn in_flight(&self) -> usize {
        lock(&self.flights).by_key.len()
    }
}

impl<K, V, E> Drop for SingleFlight<K, V, E> {
    /// Nobody can ask for the results any more: stop the loads rather than let them run detached.
    fn drop(&mut self) {
        for flight in lock(&self.flights).by_key.values() {
            flight.task.abort();
        }
    }
}

/// Removes its flight from the map when dropped: after the load, or during the unwinding of a panicking load.
struct Forget<K: Eq + Hash, V, E> {
    flights: Arc<Mutex<Flights<K, V, E>>>,
    key: K,
    id: u64,
}

impl<K: Eq + Hash, V, E> Drop for Forget<K, V, E> {
    fn drop(&mut self) {
        let mut flights = lock(&self.flights);
        // Only our own entry: a newer flight for the same key must stay.
        if flights.by_key.get(&self.key).map(|flight| flight.id) == Some(self.id) {
            flights.by_key.remove(&self.key);
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding this lock cannot leave the map half-updated (each change is one call), so go on.
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
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
    // tokio Mutex: the guard is held across an await (the audit write) while the transfer is in progress. It is
    // fair (waiters get it in arrival order) and a waiter whose future is dropped leaves the queue.
    balance: tokio::sync::Mutex<i64>,
}

impl Account {
    pub fn new(id: u32, balance: i64) -> Account {
        Account {
            id,
            balance: tokio::sync::Mutex::new(balance),
        }
    }

    pub async fn balance(&self) -> i64 {
        *self.balance.lock().await
    }
}

/// Moves `amount` between two accounts atomically, calling `audit` (an async write that must happen under the
/// locks) between taking the first and the second lock. Both locks are taken in ascending id order whichever way
/// the money flows, so opposite transfers queue behind each other instead of deadlocking. An error or a panic in
/// the middle releases both locks (the guards drop); the balances change only at the very end.
pub async fn transfer<Fut>(
    from: &Account,
    to: &Account,
    amount: i64,
    audit: impl FnOnce() -> Fut,
) -> Result<(), TransferError>
where
    Fut: Future<Output = ()>,
{
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
    audit().await; // an await between the two locks: where a wrong order would deadlock
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
    // 1. Fifty concurrent requests for one key: one load, one shared value; afterwards the key is forgotten.
    let users: Arc<SingleFlight<String, String, String>> = Arc::new(SingleFlight::new());
    let loads = Arc::new(AtomicUsize::new(0));
    let mut callers: JoinSet<Result<String, FlightError<String>>> = JoinSet::new();
    for _ in 0..50 {
        let (users, loads) = (Arc::clone(&users), Arc::clone(&loads));
        callers.spawn(async move {
            users
                .get("user:1".to_string(), move || async move {
                    loads.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Ok("Ada".to_string())
                })
                .await
        });
    }
    while let Some(joined) = callers.join_next().await {
        assert_eq!(joined.expect("caller does not panic"), Ok("Ada".to_string()));
    }
    assert_eq!(loads.load(Ordering::SeqCst), 1, "single flight: one load for fifty callers");
    assert_eq!(users.in_flight(), 0, "a finished load is forgotten");

    // 2. A failed load is not kept: the next call loads again.
    let failed = users
        .get("user:2".to_string(), || async { Err("timeout".to_string()) })
        .await;
    assert_eq!(failed, Err(FlightError::Failed("timeout".to_string())));
    let retried = users
        .get("user:2".to_string(), || async { Ok("Grace".to_string()) })
        .await;
    assert_eq!(retried, Ok("Grace".to_string()));

    // 3. A caller that stops waiting does not stop the load: a later caller joins the same flight.
    let abandoned = tokio::time::timeout(
        Duration::from_millis(10),
        users.get("user:3".to_string(), || async {
            tokio::time::sleep(Duration::from_millis(50)).await;
            Ok("Linus".to_string())
        }),
    )
    .await;
    assert!(abandoned.is_err());
    assert_eq!(users.in_flight(), 1, "the load goes on without its first caller");
    let joined = users
        .get("user:3".to_string(), || async { Ok("a second load".to_string()) })
        .await;
    assert_eq!(joined, Ok("Linus".to_string()));

    // 4. Opposite transfers between the same two accounts, concurrently: no deadlock, money conserved.
    let a = Arc::new(Account::new(1, 1_000));
    let b = Arc::new(Account::new(2, 1_000));
    let mut transfers: JoinSet<Result<(), TransferError>> = JoinSet::new();
    for i in 0..200 {
        let (a, b) = (Arc::clone(&a), Arc::clone(&b));
        transfers.spawn(async move {
            if i % 2 == 0 {
                transfer(&a, &b, 3, audit_write).await
            } else {
                transfer(&b, &a, 3, audit_write).await
            }
        });
    }
    let all_done = tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(joined) = transfers.join_next().await {
            joined.expect("transfer does not panic").expect("balances suffice");
        }
    })
    .await;
    assert!(all_done.is_ok(), "ordered locking cannot deadlock");
    assert_eq!((a.balance().await, b.balance().await), (1_000, 1_000));

    // 5. Argument and balance checks leave the accounts untouched.
    assert_eq!(transfer(&a, &a, 1, audit_write).await, Err(TransferError::SameAccount(1)));
    assert_eq!(transfer(&a, &b, 0, audit_write).await, Err(TransferError::NotPositive(0)));
    assert_eq!(
        transfer(&a, &b, 5_000, audit_write).await,
        Err(TransferError::Insufficient {
            account: 1,
            balance: 1_000,
            wanted: 5_000
        })
    );
    assert_eq!(a.balance().await + b.balance().await, 2_000);

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
