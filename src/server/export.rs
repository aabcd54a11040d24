//! `GET /api/export.csv` and `GET /api/export.jsonl`: every match of a
//! search, streamed. Rows are written on a blocking thread into a small
//! bounded channel that the response body drains, so memory stays the
//! same for ten matches or a million, and a client that goes away stops
//! the export.

use std::io::{self, Write};

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use tokio::sync::mpsc;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::params::Params;
use super::search::{SearchParams, query};
use super::{AppState, blocking};
use crate::index::{Export, ExportRow};

/// Bytes gathered before a chunk is handed to the response.
const CHUNK_BYTES: usize = 64 * 1024;
/// Chunks waiting for a slow client before the writer waits too.
const CHUNKS_IN_FLIGHT: usize = 4;

/// An `io::Write` that hands its bytes to the response body in chunks.
pub(super) struct ChunkSink {
    buf: Vec<u8>,
    tx: mpsc::Sender<io::Result<Bytes>>,
}

impl ChunkSink {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::take(&mut self.buf));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "client went away"))
    }

    /// Ends the body with an error, so the client sees a cut download
    /// rather than a complete-looking one.
    fn fail(self, message: String) {
        let _ = self.tx.blocking_send(Err(io::Error::other(message)));
    }
}

impl Write for ChunkSink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK_BYTES {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// A streamed download saved as `disposition` (a `Content-Disposition`
/// value): `write` runs on a blocking thread and writes the whole body into
/// the sink it is given.
pub(super) fn stream<F>(content_type: &'static str, disposition: &'static str, write: F) -> Response
where
    F: FnOnce(&mut ChunkSink) -> Result<(), String> + Send + 'static,
{
    let (tx, rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
    tokio::task::spawn_blocking(move || {
        let mut sink = ChunkSink {
            buf: Vec::with_capacity(CHUNK_BYTES),
            tx,
        };
        match write(&mut sink).and_then(|()| sink.flush().map_err(|e| e.to_string())) {
            Ok(()) => {}
            Err(message) => {
                eprintln!("newsidx serve: export stopped: {message}");
                sink.fail(message);
            }
        }
    });
    let body = Body::from_stream(futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    }));
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body,
    )
        .into_response()
}

pub(super) fn write_csv_rows(
    out: &mut csv::Writer<&mut ChunkSink>,
    prefix: Option<&str>,
    rows: Export,
) -> Result<(), String> {
    for row in rows {
        let row = row.map_err(|e| e.to_string())?;
        let cells = row.csv_cells();
        let result = match prefix {
            Some(q) => out.write_record(std::iter::once(q).chain(cells.iter().map(String::as_str))),
            None => out.write_record(&cells),
        };
        result.map_err(|e| e.to_string())?;
    }
    Ok(())
}

async fn matches(state: &AppState, raw: Option<String>) -> ApiResult<Export> {
    let params = Params::parse(raw.as_deref());
    let query = query(&params)?;
    let index = state.index();
    blocking(move || Ok(index.export(&query)?)).await
}

/// Every match as CSV: id, date, source, title, url, with a header row.
#[utoipa::path(
    get,
    path = "/api/export.csv",
    tag = "export",
    params(SearchParams),
    responses(
        (status = 200, description = "Every match, streamed", content_type = "text/csv", body = String),
        (status = 400, description = "The query or a parameter is malformed", body = ErrorBody),
    )
)]
pub async fn csv(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let rows = matches(&state, raw).await?;
    Ok(stream(
        "text/csv; charset=utf-8",
        "attachment; filename=\"newsidx-export.csv\"",
        move |sink| {
            let mut out = csv::Writer::from_writer(sink);
            out.write_record(ExportRow::CSV_HEADER)
                .map_err(|e| e.to_string())?;
            write_csv_rows(&mut out, None, rows)?;
            out.flush().map_err(|e| e.to_string())
        },
    ))
}

/// Every match as JSON Lines: one object per article (id, date, source,
/// title, url, author, category).
#[utoipa::path(
    get,
    path = "/api/export.jsonl",
    tag = "export",
    params(SearchParams),
    responses(
        (status = 200, description = "Every match, streamed", content_type = "application/x-ndjson", body = String),
        (status = 400, description = "The query or a parameter is malformed", body = ErrorBody),
    )
)]
pub async fn jsonl(State(state): State<AppState>, RawQuery(raw): RawQuery) -> ApiResult<Response> {
    let rows = matches(&state, raw).await?;
    Ok(stream(
        "application/x-ndjson; charset=utf-8",
        "attachment; filename=\"newsidx-export.jsonl\"",
        move |sink| {
            for row in rows {
                let row = row.map_err(|e| e.to_string())?;
                serde_json::to_writer(&mut *sink, &row).map_err(|e| e.to_string())?;
                sink.write_all(b"\n").map_err(|e| e.to_string())?;
            }
            Ok(())
        },
    ))
}

impl From<csv::Error> for ApiError {
    fn from(e: csv::Error) -> Self {
        ApiError::Internal(e.to_string())
    }
}
