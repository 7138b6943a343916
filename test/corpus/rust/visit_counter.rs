use std::sync::atomic::{AtomicU64, Ordering};

pub async fn record_visit(visits: &AtomicU64) {
    let now = visits.load(Ordering::SeqCst);
    tokio::task::yield_now().await;
    visits.store(now + 1, Ordering::SeqCst); // expect: race-condition
}

pub async fn record_visit_ok(visits: &AtomicU64) {
    visits.fetch_add(1, Ordering::SeqCst);
}
