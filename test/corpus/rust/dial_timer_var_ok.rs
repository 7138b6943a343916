use std::time::Duration;
use tokio::net::TcpStream;

pub async fn first_reachable(addrs: &[String]) -> Option<TcpStream> {
    let give_up = tokio::time::sleep(Duration::from_secs(10));
    tokio::pin!(give_up);
    for addr in addrs {
        tokio::select! {
            s = TcpStream::connect(addr.as_str()) => {
                if let Ok(s) = s {
                    return Some(s);
                }
                eprintln!("{addr} refused");
            }
            _ = &mut give_up => return None,
        }
    }
    None
}
