use std::process::Command;

pub async fn git_head() -> String {
    let out = Command::new("git").args(["rev-parse", "HEAD"]).output(); // expect: blocking-call-in-async
    match out {
        Ok(o) => String::from_utf8_lossy(&o.stdout).trim().to_string(),
        Err(e) => format!("unknown ({e})"),
    }
}
