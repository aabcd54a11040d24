//! `newsidx serve`: the archive over HTTP, a JSON API and a search page,
//! from one process on the reader's own machine.
//!
//! The server is a thin shell, as Meilisearch's HTTP crate is over its
//! engine: each route (one file per resource) reads its parameters, calls
//! the library on a blocking thread and shapes the answer with the same
//! JSON as the CLI's `--json`. It never writes to the index; a background
//! task refreshes a [`LiveIndex`] twice a second, so a concurrent build's
//! commit or a `--rebuild` shows up within a second, never half-built.
//!
//! Limits: request bodies of 1 MiB, 10 s to answer (503 after), queries
//! of 2,000 characters, pages of 100 hits, batches of 1,000 queries.
//! Every response carries a Content-Security-Policy that allows the page
//! its own scripts and styles only; CORS headers are sent only for an
//! origin given with `--cors`.

mod articles;
mod batch;
mod entities;
mod error;
mod export;
pub mod openapi;
mod page;
mod params;
mod schemas;
mod search;
mod stats;
mod suggest;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::routing::{get, post};
use tower_http::cors::CorsLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;

pub use error::{ApiError, ErrorBody};

use crate::index::{Completer, LiveIndex};
use crate::query::{Interval, Timeline};
use crate::{Error, Index, Result};

/// The page may run and style itself from this server only; nothing inline,
/// no plug-ins, no framing, and fetches go back to the same origin.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Largest request body (a batch of queries).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// Longest time to start answering a request.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How often the index folder is checked for a new commit or generation.
pub const RELOAD_INTERVAL: Duration = Duration::from_millis(500);

/// What `newsidx serve` is told.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The index folder.
    pub index: PathBuf,
    /// Where to listen.
    pub addr: SocketAddr,
    /// An origin allowed to call the API from its own pages.
    pub cors: Option<String>,
}

/// Shared by every request: the live index and the completion list of its
/// current state.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Shared>,
}

struct Shared {
    live: LiveIndex,
    completer: Mutex<Option<(u64, Arc<Completer>)>>,
    /// Articles per period of the whole index, by interval, for shares.
    totals: Mutex<Option<PeriodTotals>>,
}

/// Per-interval totals of one index state (its [`LiveIndex::version`]).
type PeriodTotals = (u64, Vec<(Interval, Arc<Timeline>)>);

impl AppState {
    /// State over the index at `root`.
    pub fn open(root: &Path) -> Result<AppState> {
        Ok(AppState {
            inner: Arc::new(Shared {
                live: LiveIndex::open(root)?,
                completer: Mutex::new(None),
                totals: Mutex::new(None),
            }),
        })
    }

    /// The index as of the last refresh.
    pub fn index(&self) -> Arc<Index> {
        self.inner.live.index()
    }

    /// Picks up a new commit or generation (see [`LiveIndex::refresh`]).
    pub fn refresh(&self) -> Result<bool> {
        self.inner.live.refresh()
    }

    /// The completion list of the current index, made on first use after
    /// each change.
    fn completer(&self) -> Result<(Arc<Index>, Arc<Completer>)> {
        let version = self.inner.live.version();
        let index = self.index();
        let mut cached = self
            .inner
            .completer
            .lock()
            .map_err(|_| Error::Invalid("completion cache poisoned".into()))?;
        if let Some((v, completer)) = cached.as_ref()
            && *v == version
        {
            return Ok((index, Arc::clone(completer)));
        }
        let completer = Arc::new(Completer::new(&index)?);
        *cached = Some((version, Arc::clone(&completer)));
        Ok((index, completer))
    }
}

impl AppState {
    /// Every article per period (the denominators of timeline shares),
    /// counted once per index state. The version is read before the index,
    /// so a cached count is never older than its version.
    fn period_totals(&self, interval: Interval) -> Result<Arc<Timeline>> {
        let version = self.inner.live.version();
        let index = self.index();
        if let Ok(cached) = self.inner.totals.lock()
            && let Some((v, list)) = cached.as_ref()
            && *v == version
            && let Some((_, t)) = list.iter().find(|(i, _)| *i == interval)
        {
            return Ok(Arc::clone(t));
        }
        let totals = Arc::new(index.period_totals(interval)?);
        if let Ok(mut cached) = self.inner.totals.lock() {
            match cached.as_mut() {
                Some((v, list)) if *v == version => list.push((interval, Arc::clone(&totals))),
                _ => *cached = Some((version, vec![(interval, Arc::clone(&totals))])),
            }
        }
        Ok(totals)
    }
}

/// Runs `f` on a blocking thread: tantivy searches are CPU-bound.
async fn blocking<T, F>(f: F) -> error::ApiResult<T>
where
    T: Send + 'static,
    F: FnOnce() -> error::ApiResult<T> + Send + 'static,
{
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::Internal(format!("request task failed: {e}")))?
}

/// Every route, with the limits and headers described in the module docs.
pub fn router(state: AppState, cors: Option<&str>) -> Result<Router> {
    let api = Router::new()
        .route("/api/search", get(search::search))
        .route("/api/articles/{id}", get(articles::article))
        .route("/api/articles/{id}/similar", get(articles::similar))
        .route("/api/entities/{name}", get(entities::entity))
        .route("/api/stats", get(stats::stats))
        .route("/api/suggest", get(suggest::suggest))
        .route("/api/export.csv", get(export::csv))
        .route("/api/export.jsonl", get(export::jsonl))
        .route("/api/batch", post(batch::batch))
        .route("/api/batch.csv", post(batch::batch_csv))
        .route("/api/openapi.json", get(openapi::openapi))
        .route("/api/{name}", get(page::schema_file))
        .route("/", get(page::index))
        .route("/assets/{name}", get(page::assets))
        .fallback(not_found)
        .with_state(state);
    let mut app = api
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-frame-options"),
            HeaderValue::from_static("DENY"),
        ));
    if let Some(origin) = cors {
        let origin = HeaderValue::from_str(origin)
            .map_err(|_| Error::Invalid(format!("bad --cors origin {origin:?}")))?;
        app = app.layer(
            CorsLayer::new()
                .allow_origin(origin)
                .allow_methods([Method::GET, Method::POST])
                .allow_headers([header::CONTENT_TYPE]),
        );
    }
    Ok(app)
}

/// A JSON 404 under `/api/`, a plain one elsewhere.
async fn not_found(uri: axum::http::Uri) -> axum::response::Response {
    use axum::response::IntoResponse;
    if uri.path().starts_with("/api/") {
        ApiError::NotFound("no such API route (see /api/openapi.json)".into()).into_response()
    } else {
        page::not_found_page().await
    }
}

/// A server bound to its address, not yet answering.
pub struct Server {
    listener: std::net::TcpListener,
    state: AppState,
    cors: Option<String>,
}

impl Server {
    /// Opens the index and binds the address (port 0 picks a free port).
    pub fn bind(options: &ServeOptions) -> Result<Server> {
        let state = AppState::open(&options.index)?;
        let listener = std::net::TcpListener::bind(options.addr)
            .map_err(|e| Error::Invalid(format!("cannot listen on {}: {e}", options.addr)))?;
        listener
            .set_nonblocking(true)
            .map_err(|e| Error::Invalid(format!("cannot listen on {}: {e}", options.addr)))?;
        // Check the origin now, not after the URL has been printed.
        let _ = router(state.clone(), options.cors.as_deref())?;
        Ok(Server {
            listener,
            state,
            cors: options.cors.clone(),
        })
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        self.listener
            .local_addr()
            .map_err(|e| Error::Invalid(format!("no local address: {e}")))
    }

    /// Answers requests until SIGINT or SIGTERM, then finishes the requests
    /// in flight and returns.
    pub fn run(self) -> Result<()> {
        // Searches run on blocking threads. More of them than twice the
        // cores adds no throughput, only memory (each keeps its analyzers
        // and allocator arena) and longer tails; requests beyond wait.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .max_blocking_threads((cores * 2).clamp(2, 16))
            .enable_all()
            .build()
            .map_err(|e| Error::Invalid(format!("cannot start the server: {e}")))?;
        runtime.block_on(async move {
            let app = router(self.state.clone(), self.cors.as_deref())?;
            let listener = tokio::net::TcpListener::from_std(self.listener)
                .map_err(|e| Error::Invalid(format!("cannot listen: {e}")))?;
            let reload = tokio::spawn(reload_loop(self.state.clone()));
            let served = axum::serve(listener, app)
                .with_graceful_shutdown(shutdown_signal())
                .await;
            reload.abort();
            served.map_err(|e| Error::Invalid(format!("server failed: {e}")))
        })?;
        // Streaming exports may still hold blocking threads; don't wait.
        runtime.shutdown_timeout(Duration::from_millis(500));
        Ok(())
    }
}

async fn reload_loop(state: AppState) {
    let mut last_error: Option<String> = None;
    loop {
        tokio::time::sleep(RELOAD_INTERVAL).await;
        let s = state.clone();
        let outcome = tokio::task::spawn_blocking(move || s.refresh()).await;
        match outcome {
            Ok(Ok(_)) => last_error = None,
            Ok(Err(e)) => {
                // Say it once, not twice a second.
                let message = e.to_string();
                if last_error.as_deref() != Some(message.as_str()) {
                    eprintln!("newsidx serve: warning: cannot reload the index: {message}");
                    last_error = Some(message);
                }
            }
            Err(_) => {}
        }
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
