// target: tokio 1.20
use tokio::task::JoinSet; // expect: too-new-api

pub async fn run_jobs(n: u32) -> u32 {
    let mut set = JoinSet::new(); // expect: too-new-api
    for i in 0..n {
        set.spawn(async move { i * 2 }); // expect: too-new-api
    }
    let mut total = 0;
    while let Some(Ok(v)) = set.join_next().await { // expect: too-new-api
        total += v;
    }
    total
}
