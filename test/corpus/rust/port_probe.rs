use tokio::net::TcpStream;

pub async fn probe(addr: &str) -> bool {
    match TcpStream::connect(addr).await { // expect: missing-timeout
        Ok(_) => true,
        Err(e) => {
            eprintln!("probe {addr}: {e}");
            false
        }
    }
}
