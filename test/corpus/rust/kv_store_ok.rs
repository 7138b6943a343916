use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

type Db = Arc<Mutex<HashMap<String, String>>>;

static WARMED: AtomicBool = AtomicBool::new(false);

async fn replicate(key: &str, value: &str) {
    println!("{key}={value}");
}

async fn warm_up(db: &Db) {
    println!("warming {} keys", db.lock().unwrap().len());
}

pub async fn set(db: Db, key: String, value: String) {
    {
        let mut map = db.lock().unwrap();
        map.insert(key.clone(), value.clone());
    }
    replicate(&key, &value).await;
}

pub async fn ensure_warm(db: Db) {
    if WARMED
        .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
        .is_ok()
    {
        warm_up(&db).await;
    }
}
