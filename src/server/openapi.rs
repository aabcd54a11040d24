//! The OpenAPI 3.1 document, derived from the route handlers and their
//! types so that it cannot drift from them. Served at `/api/openapi.json`
//! and kept in `schema/openapi.json` (a test checks that the committed file
//! is what this code produces).

use axum::Json;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "newsidx",
        description = "Full-text search for Indonesian news archives: the JSON API of `newsidx serve`. \
Shapes are those of the CLI's `--json` output (see the JSON Schemas beside this document).",
        license(name = "MIT")
    ),
    paths(
        super::search::search,
        super::articles::article,
        super::articles::similar,
        super::entities::entity,
        super::stats::stats,
        super::suggest::suggest,
        super::export::csv,
        super::export::jsonl,
        super::batch::batch,
        super::batch::batch_csv,
    ),
    tags(
        (name = "search", description = "Searching the archive"),
        (name = "articles", description = "Single articles"),
        (name = "entities", description = "People, places and organisations"),
        (name = "archive", description = "The archive as a whole"),
        (name = "export", description = "Downloads of every match"),
    )
)]
struct ApiDoc;

/// The document as a value.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    // The document describes the API, not the build that serves it.
    doc.info.version = "1".to_string();
    doc
}

/// The document as pretty JSON with a final newline, as committed.
pub fn document_json() -> String {
    let mut s = document()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": {:?}}}", e.to_string()));
    s.push('\n');
    s
}

/// `GET /api/openapi.json`.
pub async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(document())
}
