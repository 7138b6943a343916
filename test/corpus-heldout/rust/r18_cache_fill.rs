use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::RwLock;

#[derive(Clone)]
pub struct Profile {
    pub id: u64,
    pub display_name: String,
    pub version: u64,
}

pub struct ProfileCache {
    map: Arc<RwLock<HashMap<u64, Profile>>>,
    db: sqlx::PgPool,
}

impl ProfileCache {
    pub async fn get(&self, id: u64) -> sqlx::Result<Profile> {
        if let Some(p) = self.map.read().await.get(&id) {
            return Ok(p.clone());
        }
        let p = self.load(id).await?;
        self.map.write().await.insert(id, p.clone());
        Ok(p)
    }

    /// Renames a user; called from the profile settings page.
    pub async fn rename(&self, id: u64, new_name: &str) -> sqlx::Result<()> {
        let mut p = self.get(id).await?;
        p.display_name = new_name.to_string();
        p.version += 1;
        tokio::time::timeout(
            Duration::from_secs(5),
            sqlx::query("UPDATE profiles SET display_name = $1, version = $2 WHERE id = $3")
                .bind(&p.display_name)
                .bind(p.version as i64)
                .bind(id as i64)
                .execute(&self.db),
        )
        .await
        .map_err(|_| sqlx::Error::PoolTimedOut)??;
        self.map.write().await.insert(id, p); // expect: race-condition
        Ok(())
    }

    async fn load(&self, id: u64) -> sqlx::Result<Profile> {
        let row: (i64, String, i64) = sqlx::query_as("SELECT id, display_name, version FROM profiles WHERE id = $1")
            .bind(id as i64)
            .fetch_one(&self.db)
            .await?;
        Ok(Profile { id: row.0 as u64, display_name: row.1, version: row.2 as u64 })
    }
}
