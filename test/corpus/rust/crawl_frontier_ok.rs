use std::collections::HashSet;

async fn next_links(page: &str, seen: &HashSet<String>) -> Vec<String> {
    vec![format!("{page}/{}", seen.len())]
}

async fn ping(host: &str) -> bool {
    !host.is_empty()
}

pub async fn crawl(seeds: &[String]) -> usize {
    let mut seen = HashSet::new();
    for seed in seeds {
        let links = next_links(seed, &seen).await;
        seen.extend(links);
    }
    let mut up = 0;
    for host in ["primary.internal", "replica.internal"] {
        if ping(host).await {
            up += 1;
            break;
        }
    }
    seen.len() + up
}
