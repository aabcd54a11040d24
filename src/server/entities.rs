//! `GET /api/entities/{name}`: the JSON of `newsidx entity --json`.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use utoipa::IntoParams;

use super::error::{ApiError, ApiResult, ErrorBody};
use super::params::{MAX_LIMIT, Params};
use super::schemas::EntityProfile;
use super::{AppState, blocking};
use crate::entities::EntityKind;
use crate::index::{self, EntityOptions};

/// Parameters of an entity profile.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct EntityParams {
    /// `person`, `place` or `org`; default: the kind the archive names it by most.
    kind: Option<String>,
    /// Only articles that also match this query (the query language of `newsidx search`).
    q: Option<String>,
    /// Start of the date range: `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (WIB).
    from: Option<String>,
    /// End of the date range, inclusive.
    to: Option<String>,
    /// Entries in each list of entities named in the same articles (default 10, at most 100).
    related: Option<usize>,
}

/// One entity: its names, articles, dates, monthly timeline and who appears with it.
#[utoipa::path(
    get,
    path = "/api/entities/{name}",
    tag = "entities",
    params(
        ("name" = String, Path, description = "Any of the entity's names, in any case"),
        EntityParams,
    ),
    responses(
        (status = 200, description = "The entity and the entities named with it", body = EntityProfile),
        (status = 400, description = "A parameter is malformed", body = ErrorBody),
        (status = 404, description = "No article names it", body = ErrorBody),
    )
)]
pub async fn entity(
    State(state): State<AppState>,
    Path(name): Path<String>,
    RawQuery(raw): RawQuery,
) -> ApiResult<Json<index::EntityProfile>> {
    let params = Params::parse(raw.as_deref());
    let kind = match params.get("kind").map(str::trim) {
        None | Some("") => None,
        Some(k) => Some(EntityKind::parse(k).ok_or_else(|| {
            ApiError::BadRequest(format!("kind must be person, place or org, not {k:?}"))
        })?),
    };
    let within = super::search::query(&params)?;
    let related = params.number("related", 10, MAX_LIMIT)?;
    let index = state.index();
    let shown = name.clone();
    let profile = blocking(move || {
        let options = EntityOptions {
            kind,
            within,
            related,
            ..Default::default()
        };
        Ok(index.entity(&name, &options)?)
    })
    .await?;
    profile
        .map(Json)
        .ok_or_else(|| ApiError::NotFound(format!("no article names {shown:?}")))
}
