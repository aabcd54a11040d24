//! The search page and its assets, embedded in the binary at build time
//! from `web/`: nothing is read from disk or fetched at run time, and only
//! these fixed names are served, so no request can reach another file.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::schemas;

const INDEX_HTML: &str = include_str!("../../web/index.html");
const APP_JS: &str = include_str!("../../web/app.js");
const APP_CSS: &str = include_str!("../../web/app.css");
const ICON_SVG: &str = include_str!("../../web/icon.svg");

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

/// `GET /`: the page; its state lives in the query string.
pub async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

/// `GET /assets/{name}`.
pub async fn assets(Path(name): Path<String>) -> Response {
    match name.as_str() {
        "app.js" => asset("text/javascript; charset=utf-8", APP_JS),
        "app.css" => asset("text/css; charset=utf-8", APP_CSS),
        "icon.svg" => asset("image/svg+xml", ICON_SVG),
        _ => not_found_page().await,
    }
}

/// `GET /api/{name}.schema.json`: the JSON Schemas the OpenAPI document
/// refers to.
pub async fn schema_file(Path(name): Path<String>) -> Response {
    match schemas::FILES.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => asset("application/schema+json", text),
        None => super::error::ApiError::NotFound(format!("no route {name:?}")).into_response(),
    }
}

/// Any other page path.
pub async fn not_found_page() -> Response {
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        "not found\n",
    )
        .into_response()
}
