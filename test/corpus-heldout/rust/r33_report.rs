use serde::Deserialize;
use std::time::Duration;

#[derive(Deserialize, Default)]
pub struct Section {
    pub title: String,
    pub rows: Vec<Vec<String>>,
}

pub struct ReportBuilder {
    client: reqwest::Client,
    analytics_base: String,
}

impl ReportBuilder {
    pub fn new(analytics_base: String) -> reqwest::Result<Self> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build()?;
        Ok(Self { client, analytics_base })
    }

    /// Builds the weekly report; the sections are independent queries.
    pub async fn weekly(&self, team: &str) -> anyhow::Result<Vec<Section>> {
        let names = ["velocity", "incidents", "deploys", "on-call", "costs"];
        let mut sections = Vec::new();
        for name in names {
            let url = format!("{}/teams/{}/{}?range=7d", self.analytics_base, team, name);
            let section: Section = self.client.get(url).send().await?.json().await?; // expect: await-in-loop
            sections.push(section);
        }
        Ok(sections)
    }

    pub async fn logo(&self, team: &str) -> anyhow::Result<Vec<u8>> {
        let url = format!("{}/teams/{}/logo.png", self.analytics_base, team);
        let bytes = reqwest::blocking::get(url)?.bytes()?; // expect: blocking-call-in-async
        Ok(bytes.to_vec())
    }
}
