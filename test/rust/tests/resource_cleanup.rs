// Contract scenarios for templates/rust/resource-cleanup.rs (templates/contracts/resource-cleanup.json).
#[allow(dead_code)]
#[path = "../../../templates/rust/resource-cleanup.rs"]
mod template;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use template::{using, UseError};
use tokio::time::sleep;

type Log = Arc<Mutex<Vec<String>>>;

/// A resource that logs how it ended: "<name> closed" by the async close, "<name> dropped" by Drop alone.
struct Resource {
    name: &'static str,
    log: Log,
    closed: bool,
}

impl Drop for Resource {
    fn drop(&mut self) {
        if !self.closed {
            self.log.lock().unwrap().push(format!("{} dropped", self.name));
        }
    }
}

fn open(log: &Log, name: &'static str) -> impl std::future::Future<Output = Result<Resource, String>> {
    let log = Arc::clone(log);
    async move {
        log.lock().unwrap().push(format!("{name} opened"));
        Ok(Resource { name, log, closed: false })
    }
}

fn close(fails: bool) -> impl FnOnce(Resource) -> futures::future::BoxFuture<'static, Result<(), String>> {
    move |mut resource: Resource| {
        Box::pin(async move {
            resource.closed = true;
            resource.log.lock().unwrap().push(format!("{} closed", resource.name));
            if fails {
                Err(format!("closing {} failed", resource.name))
            } else {
                Ok(())
            }
        })
    }
}

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

#[tokio::test(start_paused = true)]
async fn released_on_every_path() {
    let log = Log::default();
    let returned = using(open(&log, "a"), |_r: &mut Resource| Box::pin(async { Ok::<u32, String>(1) }), close(false)).await;
    assert_eq!(returned, Ok(1));
    let thrown = using(open(&log, "b"), |_r: &mut Resource| Box::pin(async { Err::<u32, String>("body failed".into()) }), close(false)).await;
    assert_eq!(thrown, Err(UseError::Body("body failed".into())), "the body's error still reaches the caller");
    let cancelled = tokio::time::timeout(
        Duration::from_millis(10),
        using(open(&log, "c"), |_r: &mut Resource| Box::pin(async {
            sleep(Duration::from_secs(3600)).await;
            Ok::<u32, String>(3)
        }), close(false)),
    )
    .await;
    assert!(cancelled.is_err(), "the caller's cancellation");
    assert_eq!(entries(&log), ["a opened", "a closed", "b opened", "b closed", "c opened", "c dropped"], "released each time; on cancellation by the Drop fallback");
}

#[tokio::test(start_paused = true)]
async fn release_error_keeps_original() {
    let log = Log::default();
    let result = using(open(&log, "a"), |_r: &mut Resource| Box::pin(async { Err::<u32, String>("A".into()) }), close(true)).await;
    assert_eq!(result, Err(UseError::Both { body: "A".into(), close: "closing a failed".into() }));
}

#[tokio::test(start_paused = true)]
async fn partial_acquire_released() {
    let log = Log::default();
    let failing_open = {
        let log = Arc::clone(&log);
        async move {
            log.lock().unwrap().push("c open failed".to_string());
            Err::<Resource, String>("cannot open c".to_string())
        }
    };
    let inner_log = Arc::clone(&log);
    let result = using(
        open(&log, "a"),
        move |_a: &mut Resource| {
            Box::pin(async move {
                let log = inner_log;
                let log2 = Arc::clone(&log);
                using(
                    open(&log, "b"),
                    move |_b: &mut Resource| {
                        Box::pin(async move {
                            using(failing_open, |_c: &mut Resource| Box::pin(async { Ok::<u32, String>(0) }), close(false))
                                .await
                                .map_err(|error| format!("{error:?}"))
                        })
                    },
                    close(false),
                )
                .await
                .map_err(|error| format!("{error:?}"))
                .map(|v| {
                    let _ = &log2;
                    v
                })
            })
        },
        close(false),
    )
    .await;
    assert!(format!("{result:?}").contains("cannot open c"), "the acquisition error reaches the caller: {result:?}");
    assert_eq!(entries(&log), ["a opened", "b opened", "c open failed", "b closed", "a closed"], "the third is never released");
}

#[tokio::test(start_paused = true)]
async fn reverse_order() {
    let log = Log::default();
    let (l1, l2) = (Arc::clone(&log), Arc::clone(&log));
    let result = using(open(&log, "a"), move |_a: &mut Resource| {
        Box::pin(async move {
            using(open(&l1, "b"), move |_b: &mut Resource| {
                Box::pin(async move {
                    using(open(&l2, "c"), |_c: &mut Resource| Box::pin(async { Ok::<u32, String>(1) }), close(false)).await.map_err(|e| format!("{e:?}"))
                })
            }, close(false))
            .await
            .map_err(|e| format!("{e:?}"))
        })
    }, close(false))
    .await;
    assert_eq!(result, Ok(1));
    let closes: Vec<String> = entries(&log).into_iter().filter(|e| e.ends_with("closed")).collect();
    assert_eq!(closes, ["c closed", "b closed", "a closed"]);
}

#[tokio::test(start_paused = true)]
async fn result_complete_before_release() {
    let dir = std::env::temp_dir().join(format!("resource-cleanup-{}", std::process::id()));
    let opened = {
        let dir = dir.clone();
        async move {
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            std::fs::write(dir.join("note.txt"), "hello from inside").map_err(|e| e.to_string())?;
            Ok::<std::path::PathBuf, String>(dir)
        }
    };
    let text = using(
        opened,
        |dir: &mut std::path::PathBuf| {
            let file = dir.join("note.txt");
            Box::pin(async move { std::fs::read_to_string(file).map_err(|e| e.to_string()) })
        },
        |dir: std::path::PathBuf| async move { std::fs::remove_dir_all(&dir).map_err(|e| e.to_string()) },
    )
    .await;
    assert_eq!(text, Ok("hello from inside".to_string()), "the text came back complete");
    assert!(!dir.exists(), "and the directory is gone only afterwards");
}
