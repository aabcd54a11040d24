//! `POST /api/batch` and `POST /api/batch.csv`: a list of queries (names
//! to check, say) at once, as in Datashare's batch search.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::export::{stream, write_csv_rows};
use super::params::MAX_QUERY_CHARS;
use super::{AppState, blocking};
use crate::Query;
use crate::index::BatchResult;

/// Most queries in one batch.
pub const MAX_BATCH: usize = 1_000;

/// The body of a batch request.
#[derive(Deserialize, ToSchema)]
#[schema(example = json!({"queries": ["person:\"Vladimir Putin\"", "banjir date:2024-10"]}))]
pub struct BatchRequest {
    /// Queries in the query language, at most 1,000.
    queries: Vec<String>,
}

/// One query's outcome: its total, or why it could not run.
#[derive(Serialize, ToSchema)]
#[allow(dead_code)]
pub struct BatchResultDoc {
    query: String,
    /// Matches (when the query ran).
    total: Option<usize>,
    /// Why the query could not run.
    error: Option<String>,
    /// Character offset of the problem in the query.
    position: Option<usize>,
}

/// Every query's outcome, in order.
#[derive(Serialize, ToSchema)]
pub struct BatchResponse {
    #[schema(value_type = Vec<BatchResultDoc>)]
    results: Vec<BatchResult>,
}

fn read(body: &[u8]) -> ApiResult<Vec<String>> {
    let request: BatchRequest = serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest(format!("expected {{\"queries\": [\"…\", …]}}: {e}")))?;
    if request.queries.len() > MAX_BATCH {
        return Err(ApiError::TooLarge(format!(
            "at most {MAX_BATCH} queries in one batch"
        )));
    }
    if let Some(i) = request
        .queries
        .iter()
        .position(|q| q.chars().count() > MAX_QUERY_CHARS)
    {
        return Err(ApiError::TooLarge(format!(
            "query {} is longer than {MAX_QUERY_CHARS} characters",
            i + 1
        )));
    }
    Ok(request.queries)
}

/// Count the matches of each query.
#[utoipa::path(
    post,
    path = "/api/batch",
    tag = "search",
    request_body = BatchRequest,
    responses(
        (status = 200, description = "One result per query, in order", body = BatchResponse),
        (status = 400, description = "The body is not a list of queries", body = ErrorBody),
        (status = 413, description = "Too many or too long queries", body = ErrorBody),
    )
)]
pub async fn batch(State(state): State<AppState>, body: Bytes) -> ApiResult<Json<BatchResponse>> {
    let queries = read(&body)?;
    let index = state.index();
    let results = blocking(move || Ok(index.batch(&queries)?)).await?;
    Ok(Json(BatchResponse { results }))
}

/// Every match of each query as CSV rows: query, id, date, source, title,
/// url. Every query must parse.
#[utoipa::path(
    post,
    path = "/api/batch.csv",
    tag = "export",
    request_body = BatchRequest,
    responses(
        (status = 200, description = "Rows of every query, streamed", content_type = "text/csv", body = String),
        (status = 400, description = "A query does not parse", body = ErrorBody),
        (status = 413, description = "Too many or too long queries", body = ErrorBody),
    )
)]
pub async fn batch_csv(State(state): State<AppState>, body: Bytes) -> ApiResult<Response> {
    let texts = read(&body)?;
    let mut queries = Vec::with_capacity(texts.len());
    for (i, text) in texts.iter().enumerate() {
        let q = Query::parse(text).map_err(|e| ApiError::BadQuery {
            message: format!("query {}: {}", i + 1, e.message),
            position: e.char_position(),
        })?;
        queries.push((text.clone(), q));
    }
    let index = state.index();
    Ok(stream(
        "text/csv; charset=utf-8",
        "attachment; filename=\"newsidx-batch.csv\"",
        move |sink| {
            let mut out = csv::Writer::from_writer(sink);
            out.write_record(["query", "id", "date", "source", "title", "url"])
                .map_err(|e| e.to_string())?;
            for (text, query) in &queries {
                let rows = index.export(query).map_err(|e| e.to_string())?;
                write_csv_rows(&mut out, Some(text), rows)?;
            }
            out.flush().map_err(|e| e.to_string())
        },
    ))
}
