use std::sync::{Mutex, MutexGuard};

async fn flush() {
    tokio::task::yield_now().await;
}

pub struct Ledger {
    entries: Mutex<Vec<u64>>,
}

impl Ledger {
    fn entries(&self) -> MutexGuard<'_, Vec<u64>> {
        self.entries.lock().unwrap()
    }

    pub async fn append(&self, v: u64) {
        let mut e = self.entries(); // expect: lock-across-await
        e.push(v);
        flush().await;
    }

    pub async fn checkpoint(&self) {
        let _g = self.entries.lock().unwrap(); // expect: lock-across-await
        flush().await;
    }
}
