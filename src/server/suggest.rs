//! `GET /api/suggest?prefix=`: completion while typing.

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;
use utoipa::ToSchema;

use super::error::ApiResult;
use super::params::Params;
use super::{AppState, blocking};

/// Most completions asked for at once.
const MAX_SUGGESTIONS: usize = 50;

/// One completion.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct SuggestionDoc {
    /// The name or word.
    text: String,
    /// `person`, `place`, `org` or `word`.
    kind: String,
    /// Articles that have it.
    count: u64,
}

/// Completions, most frequent first.
#[derive(Serialize, ToSchema)]
#[schema(example = json!({"suggestions": [{"text": "Vladimir Putin", "kind": "person", "count": 2}]}))]
pub struct Suggestions {
    #[schema(value_type = Vec<SuggestionDoc>)]
    suggestions: Vec<crate::index::Completion>,
}

/// Names and words that start with what has been typed.
#[utoipa::path(
    get,
    path = "/api/suggest",
    tag = "search",
    params(
        ("prefix" = String, Query, description = "What has been typed of the last word or name"),
        ("limit" = Option<usize>, Query, description = "How many (default 8, at most 50)"),
    ),
    responses((status = 200, description = "Completions, most frequent first", body = Suggestions))
)]
pub async fn suggest(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Suggestions>> {
    let params = Params::parse(raw.as_deref());
    let limit = params.number("limit", 8, MAX_SUGGESTIONS)?;
    let prefix = params.get("prefix").unwrap_or("").to_string();
    let suggestions = blocking(move || {
        let (index, completer) = state.completer()?;
        Ok(completer.complete(&index, &prefix, limit))
    })
    .await?;
    Ok(Json(Suggestions { suggestions }))
}
