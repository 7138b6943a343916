// Contract scenarios for templates/rust/shared-state.rs (templates/contracts/shared-state.json), one test per item.
#[allow(dead_code)]
#[path = "../../../templates/rust/shared-state.rs"]
mod template;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use template::{transfer, Account, FlightError, SingleFlight};
use tokio::sync::{oneshot, Notify};
use tokio::task::JoinSet;

type Users = SingleFlight<u32, String, String>;

#[tokio::test(start_paused = true)]
async fn single_flight_shares() {
    let users: Arc<Users> = Arc::new(SingleFlight::new());
    let loads = Arc::new(Mutex::new(Vec::new()));
    let release = Arc::new(Notify::new());
    let mut callers = JoinSet::new();
    for key in std::iter::repeat(42).take(10).chain([7]) {
        let (users, loads, release) = (Arc::clone(&users), Arc::clone(&loads), Arc::clone(&release));
        callers.spawn(async move {
            users
                .get(key, move || async move {
                    loads.lock().unwrap().push(key);
                    release.notified().await;
                    Ok(format!("user {key}"))
                })
                .await
        });
    }
    while users.in_flight() < 2 || loads.lock().unwrap().len() < 2 {
        tokio::task::yield_now().await;
    }
    release.notify_waiters();
    let mut results = Vec::new();
    while let Some(joined) = callers.join_next().await {
        results.push(joined.unwrap().unwrap());
    }
    results.sort();
    assert_eq!(results.iter().filter(|r| *r == "user 42").count(), 10);
    assert_eq!(results.iter().filter(|r| *r == "user 7").count(), 1);
    let mut seen = loads.lock().unwrap().clone();
    seen.sort_unstable();
    assert_eq!(seen, vec![7, 42], "one load per key, not one per caller");
    // After they finished, one more call for 42 loads again.
    let again = users.get(42, || async { Ok("fresh".to_string()) }).await;
    assert_eq!(again, Ok("fresh".to_string()));
    assert_eq!(users.in_flight(), 0);
}

#[tokio::test(start_paused = true)]
async fn failure_not_cached() {
    let users: Arc<Users> = Arc::new(SingleFlight::new());
    // A load that panics before its first await: every waiter hears of it, the key is not left stuck.
    let waiters: Vec<_> = (0..3)
        .map(|_| {
            let users = Arc::clone(&users);
            tokio::spawn(async move {
                users
                    .get(1, || {
                        if true {
                            panic!("load blew up before returning a future");
                        }
                        async { Ok(String::new()) }
                    })
                    .await
            })
        })
        .collect();
    for waiter in waiters {
        assert_eq!(waiter.await.unwrap(), Err(FlightError::Lost));
    }
    assert_eq!(users.in_flight(), 0);
    // A load that fails later: its waiters see the error, the next call loads anew and succeeds.
    let release = Arc::new(Notify::new());
    let waiters: Vec<_> = (0..3)
        .map(|_| {
            let (users, release) = (Arc::clone(&users), Arc::clone(&release));
            tokio::spawn(async move {
                users
                    .get(1, move || async move {
                        release.notified().await;
                        Err("backend 503".to_string())
                    })
                    .await
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1)).await;
    release.notify_waiters();
    for waiter in waiters {
        assert_eq!(waiter.await.unwrap(), Err(FlightError::Failed("backend 503".to_string())));
    }
    assert_eq!(users.get(1, || async { Ok("Ada".to_string()) }).await, Ok("Ada".to_string()));
}

#[tokio::test(start_paused = true)]
async fn waiter_cancel_keeps_load() {
    let users: Arc<Users> = Arc::new(SingleFlight::new());
    let loads = Arc::new(AtomicUsize::new(0));
    let mut waiters = Vec::new();
    for _ in 0..10 {
        let (users, loads) = (Arc::clone(&users), Arc::clone(&loads));
        waiters.push(tokio::spawn(async move {
            users
                .get(42, move || async move {
                    loads.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    Ok("user 42".to_string())
                })
                .await
        }));
    }
    tokio::time::sleep(Duration::from_millis(10)).await;
    waiters[0].abort(); // the first caller, the one whose call started the load, gives up
    let first = waiters.remove(0).await;
    assert!(first.unwrap_err().is_cancelled());
    for waiter in waiters {
        assert_eq!(waiter.await.unwrap(), Ok("user 42".to_string()));
    }
    assert_eq!(loads.load(Ordering::SeqCst), 1);
}

#[tokio::test(start_paused = true)]
async fn mutex_exclusive() {
    let a = Arc::new(Account::new(1, 1_000));
    let b = Arc::new(Account::new(2, 0));
    let inside = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let mut transfers = JoinSet::new();
    for _ in 0..50 {
        let (a, b, inside, peak) = (Arc::clone(&a), Arc::clone(&b), Arc::clone(&inside), Arc::clone(&peak));
        transfers.spawn(async move {
            transfer(&a, &b, 1, move || async move {
                let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(1)).await; // read, await, then write
                inside.fetch_sub(1, Ordering::SeqCst);
            })
            .await
        });
    }
    while let Some(joined) = transfers.join_next().await {
        joined.unwrap().unwrap();
    }
    assert_eq!((a.balance().await, b.balance().await), (950, 50), "no update lost");
    assert_eq!(peak.load(Ordering::SeqCst), 1, "one critical section at a time");
    // A section that panics in the middle releases the lock: the next one still runs.
    let panicked = {
        let (a, b) = (Arc::clone(&a), Arc::clone(&b));
        tokio::spawn(async move { transfer(&a, &b, 1, || async { panic!("audit failed") }).await })
    };
    assert!(panicked.await.unwrap_err().is_panic());
    let next = tokio::time::timeout(Duration::from_secs(5), transfer(&a, &b, 1, || async {})).await;
    assert_eq!(next, Ok(Ok(())));
    assert_eq!((a.balance().await, b.balance().await), (949, 51));
}

#[tokio::test(start_paused = true)]
async fn waiters_fair_and_cancellable() {
    let a = Arc::new(Account::new(1, 100));
    let b = Arc::new(Account::new(2, 0));
    let order = Arc::new(Mutex::new(Vec::new()));
    let (release, released) = oneshot::channel::<()>();
    let holder = {
        let (a, b) = (Arc::clone(&a), Arc::clone(&b));
        tokio::spawn(async move {
            transfer(&a, &b, 1, || async move {
                released.await.unwrap();
            })
            .await
        })
    };
    tokio::task::yield_now().await; // the holder has the first lock
    let mut waiters = Vec::new();
    for n in 1..=3 {
        let (a, b, order) = (Arc::clone(&a), Arc::clone(&b), Arc::clone(&order));
        waiters.push(tokio::spawn(async move {
            transfer(&a, &b, 1, move || async move {
                order.lock().unwrap().push(n);
            })
            .await
        }));
        tokio::task::yield_now().await; // each one queues before the next arrives
    }
    waiters[1].abort();
    tokio::task::yield_now().await;
    release.send(()).unwrap();
    holder.await.unwrap().unwrap();
    let third = waiters.pop().unwrap();
    let second = waiters.pop().unwrap();
    let first = waiters.pop().unwrap();
    first.await.unwrap().unwrap();
    assert!(second.await.unwrap_err().is_cancelled());
    third.await.unwrap().unwrap();
    assert_eq!(*order.lock().unwrap(), vec![1, 3], "arrival order, the cancelled waiter left the queue");
    assert_eq!((a.balance().await, b.balance().await), (97, 3), "the lock is free at the end");
}
