use std::time::Duration;

use tokio::task::JoinSet;
use tokio::time::{interval, MissedTickBehavior};
use tokio_util::sync::CancellationToken;

pub struct Job {
    pub name: &'static str,
    pub every: Duration,
    pub run: fn() -> futures::future::BoxFuture<'static, anyhow::Result<()>>,
}

/// Runs each job on its own interval until shutdown. Every job task is owned
/// by the JoinSet, failures are logged per run, and shutdown waits for them.
pub async fn run_jobs(jobs: Vec<Job>, shutdown: CancellationToken) {
    let mut tasks = JoinSet::new();
    for job in jobs {
        let token = shutdown.clone();
        tasks.spawn(async move {
            let mut tick = interval(job.every);
            tick.set_missed_tick_behavior(MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = token.cancelled() => break,
                    _ = tick.tick() => {
                        match tokio::time::timeout(job.every, (job.run)()).await {
                            Ok(Ok(())) => tracing::debug!(job = job.name, "ok"),
                            Ok(Err(e)) => tracing::error!(job = job.name, error = %e, "job failed"),
                            Err(_) => tracing::error!(job = job.name, "job overran its interval"),
                        }
                    }
                }
            }
        });
    }
    while let Some(res) = tasks.join_next().await {
        if let Err(e) = res {
            tracing::error!(error = %e, "job task panicked");
        }
    }
}
