//! `GET /api/search`: the JSON of `newsidx search --json`, with each
//! timeline period's share of all articles of the period.

use axum::Json;
use axum::extract::{RawQuery, State};
use serde::Serialize;
use utoipa::IntoParams;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::params::{MAX_LIMIT, MAX_OFFSET, Params};
use super::schemas::SearchResult;
use super::{AppState, blocking};
use crate::index::{SharedBucket, with_share};
use crate::{Query, SearchOptions, SearchResults, Sort};

/// Parameters of a search (also those of the exports, which ignore paging,
/// sorting, facets and timeline).
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct SearchParams {
    /// The query, in the query language of `newsidx search`; empty for every article.
    q: Option<String>,
    /// Hits per page (default 10, at most 100).
    limit: Option<usize>,
    /// Hits to skip (at most 10,000).
    offset: Option<usize>,
    /// `relevance` (default: best first, equally good matches newest first),
    /// `date` (oldest first) or `-date` (newest first).
    sort: Option<String>,
    /// Start of the date range: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (WIB).
    from: Option<String>,
    /// End of the date range, inclusive.
    to: Option<String>,
    /// Only these outlets (repeat for any of several).
    source: Option<Vec<String>>,
    /// Only these sections (repeat for any of several).
    category: Option<Vec<String>>,
    /// Only articles naming every one of these people.
    person: Option<Vec<String>>,
    /// Only articles naming every one of these places.
    place: Option<Vec<String>>,
    /// Only articles naming every one of these organisations.
    org: Option<Vec<String>>,
    /// `true` for people, places, organisations, sources and categories over all matches.
    facets: Option<bool>,
    /// Entries per facet list (default 10, at most 1,000); implies `facets`.
    facet_size: Option<usize>,
    /// Matches per `day`, `week`, `month` or `year`.
    timeline: Option<String>,
}

/// Most entries per facet list a request may ask for.
const MAX_FACET_SIZE: usize = 1_000;

/// A search result with shares in its timeline.
#[derive(Serialize)]
pub struct Response {
    #[serde(flatten)]
    results: SearchResults,
    #[serde(skip_serializing_if = "Option::is_none")]
    timeline: Option<Vec<SharedBucket>>,
}

/// The typed query with the filter parameters added.
pub(super) fn query(params: &Params) -> ApiResult<Query> {
    let text = params.query_text()?;
    let query = Query::parse(&text).map_err(crate::Error::from)?;
    Ok(params.filters()?.apply(query)?)
}

/// Search the archive.
#[utoipa::path(
    get,
    path = "/api/search",
    tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Hits, total, and facets and timeline when asked for", body = SearchResult),
        (status = 400, description = "The query or a parameter is malformed", body = ErrorBody),
        (status = 413, description = "The query or page is too large", body = ErrorBody),
    )
)]
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<Response>> {
    let params = Params::parse(raw.as_deref());
    let query = query(&params)?;
    let limit = params.number("limit", 10, MAX_LIMIT)?;
    let offset = params.number("offset", 0, MAX_OFFSET)?;
    let sort = match params.get("sort").map(str::trim) {
        None | Some("" | "relevance") => Sort::Relevance,
        Some("date") => Sort::DateAsc,
        Some("-date") => Sort::DateDesc,
        Some(v) => {
            return Err(ApiError::BadRequest(format!(
                "sort must be relevance, date or -date, not {v:?}"
            )));
        }
    };
    let facet_size = match params.get("facet_size") {
        Some(_) => Some(params.number("facet_size", 10, MAX_FACET_SIZE)?),
        None => None,
    };
    let facets = params.flag("facets")? || facet_size.is_some();
    let timeline = params.interval()?;
    let index = state.index();
    let value = blocking(move || {
        let options = SearchOptions {
            // Never reserve room for more hits than exist.
            limit: limit.min(usize::try_from(index.num_articles()).unwrap_or(usize::MAX)),
            offset,
            sort,
            facets,
            facet_limit: facet_size.unwrap_or(10),
            timeline,
            ..SearchOptions::default()
        };
        let mut results = index.search(&query, &options)?;
        let timeline = match (results.timeline.take(), timeline) {
            (Some(buckets), Some(interval)) => {
                Some(with_share(&buckets, &*state.period_totals(interval)?))
            }
            _ => None,
        };
        Ok(Response { results, timeline })
    })
    .await?;
    Ok(Json(value))
}
