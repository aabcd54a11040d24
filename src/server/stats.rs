//! `GET /api/stats`: as `newsidx stats --json`.

use axum::Json;
use axum::extract::State;

use super::error::ApiResult;
use super::schemas::IndexStats;
use super::{AppState, blocking};
use crate::Stats;

/// Figures about the archive: articles, dates, sources, size.
#[utoipa::path(
    get,
    path = "/api/stats",
    tag = "archive",
    responses((status = 200, description = "Figures about the index", body = IndexStats))
)]
pub async fn stats(State(state): State<AppState>) -> ApiResult<Json<Stats>> {
    let index = state.index();
    Ok(Json(blocking(move || Ok(index.stats()?)).await?))
}
