//! The response shapes the CLI's `--json` already documents in `schema/`
//! (JSON Schema 2020-12, which OpenAPI 3.1 uses as is) are referenced from
//! the OpenAPI document instead of being described twice. The server
//! serves those files beside `/api/openapi.json`, so the relative
//! references resolve there as they do in the repository's `schema/`.

use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{Ref, RefOr};

/// The JSON Schema files the API refers to, by file name.
pub const FILES: &[(&str, &str)] = &[
    (
        "search-result.schema.json",
        include_str!("../../schema/search-result.schema.json"),
    ),
    (
        "article-out.schema.json",
        include_str!("../../schema/article-out.schema.json"),
    ),
    (
        "entity.schema.json",
        include_str!("../../schema/entity.schema.json"),
    ),
    (
        "stats.schema.json",
        include_str!("../../schema/stats.schema.json"),
    ),
    (
        "entity-profile.schema.json",
        include_str!("../../schema/entity-profile.schema.json"),
    ),
];

macro_rules! external {
    ($(#[$doc:meta])* $name:ident => $file:literal) => {
        $(#[$doc])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                RefOr::Ref(Ref::new($file))
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

external!(
    /// `newsidx search --json`, plus `share` in each timeline period.
    SearchResult => "search-result.schema.json"
);
external!(
    /// `newsidx show --json`.
    Article => "article-out.schema.json"
);
external!(
    /// `newsidx entity --json`.
    EntityProfile => "entity-profile.schema.json"
);
external!(
    /// `newsidx stats --json`.
    IndexStats => "stats.schema.json"
);

/// `newsidx similar --json`: `{"id": …, "hits": [hit, …]}`.
pub struct SimilarArticles;

impl utoipa::PartialSchema for SimilarArticles {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .property("id", ObjectBuilder::new().schema_type(Type::String))
            .property(
                "hits",
                ArrayBuilder::new().items(RefOr::<Schema>::Ref(Ref::new(
                    "search-result.schema.json#/$defs/hit",
                ))),
            )
            .required("id")
            .required("hits")
            .into()
    }
}

impl utoipa::ToSchema for SimilarArticles {}
