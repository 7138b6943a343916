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
        {
            let mut e = self.entries();
            e.push(v);
        }
        flush().await;
    }

    pub async fn checkpoint(&self) -> usize {
        let n = self.entries.lock().unwrap().len();
        flush().await;
        n
    }
}
