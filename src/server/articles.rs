//! `GET /api/articles/{id}` (as `newsidx show --json`) and
//! `GET /api/articles/{id}/similar` (as `newsidx similar --json`).

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use serde::Serialize;

use super::error::{ApiResult, ErrorBody};
use super::params::{MAX_LIMIT, Params};
use super::schemas::{Article, SimilarArticles};
use super::{AppState, blocking};
use crate::{Hit, StoredArticle};

/// One article in full, with its entities.
#[utoipa::path(
    get,
    path = "/api/articles/{id}",
    tag = "articles",
    params(("id" = String, Path, description = "The article's id")),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 404, description = "No article has this id", body = ErrorBody),
    )
)]
pub async fn article(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<StoredArticle>> {
    let index = state.index();
    Ok(Json(blocking(move || Ok(index.get(&id)?)).await?))
}

#[derive(Serialize)]
pub struct Similar {
    id: String,
    hits: Vec<Hit>,
}

/// The articles most like one article.
#[utoipa::path(
    get,
    path = "/api/articles/{id}/similar",
    tag = "articles",
    params(
        ("id" = String, Path, description = "The article's id"),
        ("limit" = Option<usize>, Query, description = "How many (default 10, at most 100)"),
    ),
    responses(
        (status = 200, description = "The most similar articles, best first", body = SimilarArticles),
        (status = 404, description = "No article has this id", body = ErrorBody),
    )
)]
pub async fn similar(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Similar>> {
    let limit = Params::parse(raw.as_deref()).number("limit", 10, MAX_LIMIT)?;
    let index = state.index();
    let value = blocking(move || {
        let hits = index.similar(&id, limit)?;
        Ok(Similar { id, hits })
    })
    .await?;
    Ok(Json(value))
}
