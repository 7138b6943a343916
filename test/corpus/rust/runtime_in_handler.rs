use tokio::runtime::Handle;

async fn lookup(id: u32) -> String {
    format!("user-{id}")
}

pub async fn handler(id: u32) -> String {
    let name = Handle::current().block_on(lookup(id)); // expect: block-on-in-async
    name.to_uppercase()
}

pub async fn handler_ok(id: u32) -> String {
    let handle = Handle::current();
    tokio::task::spawn_blocking(move || handle.block_on(lookup(id)))
        .await
        .unwrap_or_default()
}
