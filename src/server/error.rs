//! One error type for every route, answered as `{"error": message}` (plus
//! `position` for a query that does not parse). Input problems are 4xx;
//! only a failure of the index itself is a 500, and its details go to the
//! server's log, not to the client.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// The body of every error response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({"error": "expected a closing \"", "position": 0}))]
pub struct ErrorBody {
    /// What is wrong, in the words of the CLI's error.
    pub error: String,
    /// For a query that does not parse: character offset of the problem.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
}

/// Why a request failed.
#[derive(Debug)]
pub enum ApiError {
    /// The query does not parse (400).
    BadQuery { message: String, position: usize },
    /// A parameter is malformed (400).
    BadRequest(String),
    /// No such article or route (404).
    NotFound(String),
    /// A query, page or batch over the limits (413).
    TooLarge(String),
    /// The index failed (500).
    Internal(String),
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> Self {
        match e {
            crate::Error::Query(q) => ApiError::BadQuery {
                position: q.char_position(),
                message: q.message,
            },
            crate::Error::Invalid(m) => ApiError::BadRequest(m),
            crate::Error::NotFound(id) => ApiError::NotFound(format!("no article with id {id:?}")),
            other => ApiError::Internal(other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, error, position) = match self {
            ApiError::BadQuery { message, position } => {
                (StatusCode::BAD_REQUEST, message, Some(position))
            }
            ApiError::BadRequest(m) => (StatusCode::BAD_REQUEST, m, None),
            ApiError::NotFound(m) => (StatusCode::NOT_FOUND, m, None),
            ApiError::TooLarge(m) => (StatusCode::PAYLOAD_TOO_LARGE, m, None),
            ApiError::Internal(m) => {
                eprintln!("newsidx serve: error: {m}");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "the index could not answer; see the server's log".to_string(),
                    None,
                )
            }
        };
        (status, Json(ErrorBody { error, position })).into_response()
    }
}

/// Result of a route.
pub type ApiResult<T> = Result<T, ApiError>;
