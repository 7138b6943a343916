// target: tokio 1.24
use tokio::task::JoinSet;

pub async fn run_jobs(n: u32) -> u32 {
    let mut set = JoinSet::new();
    for i in 0..n {
        set.spawn(async move { i * 2 });
    }
    let mut total = 0;
    while let Some(Ok(v)) = set.join_next().await {
        total += v;
    }
    total
}
