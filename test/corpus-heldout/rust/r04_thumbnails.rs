use std::path::{Path, PathBuf};

use anyhow::Context;
use image::imageops::FilterType;

/// Generates a thumbnail next to the original. Decoding and resizing are CPU
/// bound and the image crate only has a synchronous API, so the whole job runs
/// on the blocking pool.
pub async fn make_thumbnail(src: PathBuf, max_side: u32) -> anyhow::Result<PathBuf> {
    let dst = thumbnail_path(&src);
    let dst_for_task = dst.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let bytes = std::fs::read(&src).with_context(|| format!("reading {}", src.display()))?;
        let img = image::load_from_memory(&bytes)?;
        let thumb = img.resize(max_side, max_side, FilterType::Triangle);
        let mut out = std::fs::File::create(&dst_for_task)?;
        thumb.write_to(&mut out, image::ImageOutputFormat::Jpeg(82))?;
        out.sync_all()?;
        Ok(())
    })
    .await
    .context("thumbnail worker panicked")??;
    Ok(dst)
}

fn thumbnail_path(src: &Path) -> PathBuf {
    let stem = src.file_stem().and_then(|s| s.to_str()).unwrap_or("image");
    src.with_file_name(format!("{stem}.thumb.jpg"))
}

pub async fn make_all(paths: Vec<PathBuf>) -> Vec<anyhow::Result<PathBuf>> {
    use futures::stream::{self, StreamExt};
    stream::iter(paths)
        .map(|p| make_thumbnail(p, 256))
        .buffer_unordered(4)
        .collect()
        .await
}
