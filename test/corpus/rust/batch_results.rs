use futures::future::join_all;

async fn charge(id: u64) -> Result<u64, String> {
    if id == 0 { Err("bad id".into()) } else { Ok(id) }
}

pub async fn charge_pair(a: u64, b: u64) -> Vec<u64> {
    let results = join_all(vec![charge(a), charge(b)]).await;
    results.into_iter().filter_map(|r| r.ok()).collect() // expect: swallowed-error
}

pub async fn charge_pair_ok(a: u64, b: u64) -> Vec<u64> {
    let results = join_all(vec![charge(a), charge(b)]).await;
    let mut out = Vec::new();
    for r in results {
        match r {
            Ok(v) => out.push(v),
            Err(e) => eprintln!("charge failed: {e}"),
        }
    }
    out
}
