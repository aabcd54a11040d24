//! `newsidx entity NAME [QUERY]`: the CLI twin of `GET /api/entities/{name}`.

use std::io::Write;

use anyhow::{Context, Result};
use newsidx::entities::EntityKind;
use newsidx::index::EntityOptions;
use newsidx::output::{json, text};
use newsidx::query::DateRange;
use newsidx::{Index, Query};

use crate::Outcome;
use crate::cli::EntityArgs;

pub fn run(
    index: &Index,
    args: &EntityArgs,
    style: text::Style,
    out: &mut dyn Write,
) -> Result<Outcome> {
    let mut within = Query::parse(&args.query.join(" ")).map_err(newsidx::Error::from)?;
    if args.from.is_some() || args.to.is_some() {
        let range = DateRange::from_to(args.from.as_deref(), args.to.as_deref())
            .map_err(|e| anyhow::anyhow!("bad --from/--to date: {e}"))?;
        within = within.and(Query::date(range));
    }
    let options = EntityOptions {
        kind: args.kind.as_deref().and_then(EntityKind::parse),
        within,
        related: args.related,
        ..Default::default()
    };
    let profile = index
        .entity(&args.name, &options)
        .with_context(|| format!("cannot look up {:?}", args.name))?;
    let Some(profile) = profile else {
        eprintln!("newsidx: no article names {:?}", args.name);
        return Ok(Outcome::NothingFound);
    };
    if args.json {
        json::write_line(out, &profile)?;
    } else {
        text::write_entity(out, &profile, style)?;
    }
    Ok(Outcome::Found)
}
