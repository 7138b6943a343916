use std::time::Duration;

use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

pub struct SignupService {
    db: sqlx::PgPool,
    mailer: AsyncSmtpTransport<Tokio1Executor>,
}

impl SignupService {
    pub async fn register(&self, email: &str, name: &str) -> anyhow::Result<i64> {
        let (id,): (i64,) = sqlx::query_as("INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id")
            .bind(email)
            .bind(name)
            .fetch_one(&self.db)
            .await?;

        let _ = sqlx::query("INSERT INTO user_quotas (user_id, bytes) VALUES ($1, $2)") // expect: swallowed-error
            .bind(id)
            .bind(5_i64 * 1024 * 1024 * 1024)
            .execute(&self.db)
            .await;

        let msg = Message::builder()
            .from("welcome@example.com".parse()?)
            .to(email.parse()?)
            .subject("Welcome!")
            .body(format!("Hi {name}, your account is ready."))?;
        let mailer = self.mailer.clone();
        tokio::spawn(async move { mailer.send(msg).await }); // expect: dangling-task
        Ok(id)
    }
}

/// One-shot CLI command: `signup-tool add <email> <name>`.
pub async fn cli_add(svc: SignupService, email: String, name: String) -> anyhow::Result<()> {
    let id = tokio::time::timeout(Duration::from_secs(10), svc.register(&email, &name)).await??;
    println!("created user {id}");
    Ok(())
}
