pub struct Mailer;

impl Mailer {
    async fn send(&self, to: &str) -> Result<(), String> {
        println!("mail to {to}");
        Ok(())
    }

    pub async fn on_signup(&self, email: &str) {
        let _ = self.send(email).await;
        println!("signed up {email}");
    }
}
