//! The newsidx query language: a small recursive-descent parser from text to
//! an AST ([`Node`]), and the canonical printer that turns the AST back into
//! text that parses to the same tree.
//!
//! Own parser rather than tantivy's `QueryParser`, because the language has
//! things tantivy's grammar cannot say (calendar dates in WIB, month names,
//! entity fields, exact-form phrases over separate fields) and because errors
//! must point at the byte where the problem is. The parser works on the
//! characters directly (no separate lexer): whether `-` or `=` is an operator
//! depends on where it stands, which a character parser decides locally.
//!
//! Grammar (precedence NOT > AND/implicit > OR):
//! ```text
//! query   := or?                         (empty input = all documents)
//! or      := and ("OR" and)*
//! and     := unary (("AND")? unary)*
//! unary   := "NOT" unary | "-" unary | "+" unary | primary
//! primary := "(" or ")" | "*" | field ":" value | phrase | exact | word
//! phrase  := '"' text '"' ("~" slop)?
//! exact   := "=" word | "=" phrase
//! word    := chars up to whitespace, parenthesis or quote, optionally "~" or "~1"/"~2" (fuzzy)
//! ```
//! `+word` is accepted for habit's sake; every word is already required.

use std::fmt;

use super::QueryError;
use super::date::DateRange;
use crate::entities::EntityKind;

/// Which text a word or phrase is matched against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextField {
    /// Title, subheadings and body (the default).
    Any,
    /// `title:` only.
    Title,
    /// `body:`: the article text and its subheadings.
    Body,
}

/// A field whose value is matched as a whole (not scored as text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FilterField {
    /// `source:` the outlet, case-insensitive (`source:kompas.com`).
    Source,
    /// `category:` the archive's section, case-insensitive.
    Category,
    /// `author:` words of the byline, in order.
    Author,
    /// `url:` words of the URL, in order.
    Url,
    /// `person:`, `place:`, `org:` an entity by canonical name or alias.
    Entity(EntityKind),
}

impl FilterField {
    /// Field name as written in a query.
    pub fn name(self) -> &'static str {
        match self {
            FilterField::Source => "source",
            FilterField::Category => "category",
            FilterField::Author => "author",
            FilterField::Url => "url",
            FilterField::Entity(k) => k.as_str(),
        }
    }
}

/// One node of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `*`: every document.
    All,
    /// A word, stemmed; `fuzzy` is the edit distance asked with `word~N`.
    Word {
        field: TextField,
        text: String,
        fuzzy: Option<u8>,
    },
    /// A quoted phrase: its words in order with at most `slop` moves.
    /// `exact` (written `="..."` or `=word`) matches the literal word forms
    /// instead of their stems.
    Phrase {
        field: TextField,
        text: String,
        slop: u32,
        exact: bool,
    },
    /// `source:`, `category:`, `author:`, `url:`, `person:`, `place:`, `org:`.
    Filter { field: FilterField, value: String },
    /// `date:...`
    Date(DateRange),
    /// All of these.
    And(Vec<Node>),
    /// Any of these.
    Or(Vec<Node>),
    /// Not this.
    Not(Box<Node>),
}

/// Every field name the language knows, for the "unknown field" message.
const FIELD_NAMES: &str = "title, body, source, author, category, url, person, place, org, date";

enum FieldName {
    Text(TextField),
    Filter(FilterField),
    Date,
}

fn field_by_name(name: &str) -> Option<FieldName> {
    let lower = name.to_ascii_lowercase();
    Some(match lower.as_str() {
        "title" => FieldName::Text(TextField::Title),
        "body" => FieldName::Text(TextField::Body),
        "source" => FieldName::Filter(FilterField::Source),
        "category" => FieldName::Filter(FilterField::Category),
        "author" => FieldName::Filter(FilterField::Author),
        "url" => FieldName::Filter(FilterField::Url),
        "date" => FieldName::Date,
        other => FieldName::Filter(FilterField::Entity(EntityKind::parse(other)?)),
    })
}

/// Builds the AST of `input`.
pub(crate) fn parse(input: &str) -> Result<Node, QueryError> {
    let mut p = Parser {
        src: input,
        pos: 0,
        depth: 0,
    };
    p.skip_ws();
    if p.at_end() {
        return Ok(Node::All);
    }
    let node = p.or(TextField::Any)?;
    p.skip_ws();
    if !p.at_end() {
        // The only thing `or` stops at without consuming is a `)`.
        return Err(p.err(p.pos, "unbalanced parenthesis: this ) has no matching ("));
    }
    Ok(node)
}

/// Parses the value of one field as if `name:"value"` had been written.
pub(crate) fn field_node(name: &str, value: &str) -> Result<Node, QueryError> {
    let query = format!("{name}:{}", Quoted(value));
    let err = |message: String| QueryError {
        query: query.clone(),
        position: 0,
        message,
    };
    match field_by_name(name) {
        None => Err(err(format!(
            "unknown field \"{name}\" (expected one of {FIELD_NAMES})"
        ))),
        Some(FieldName::Text(field)) => {
            if value.trim().is_empty() {
                return Err(err(format!("expected words after {name}:")));
            }
            Ok(Node::Phrase {
                field,
                text: value.to_string(),
                slop: 0,
                exact: false,
            })
        }
        Some(FieldName::Filter(field)) => {
            if value.trim().is_empty() {
                return Err(err(format!("expected a value after {name}:")));
            }
            Ok(Node::Filter {
                field,
                value: value.to_string(),
            })
        }
        Some(FieldName::Date) => DateRange::parse(value).map(Node::Date).map_err(err),
    }
}

/// Deepest nesting of groups and prefix operators accepted, so that no
/// input can exhaust the stack of the parser, the printer or the lowering.
const MAX_DEPTH: usize = 100;

struct Parser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

fn ends_token(c: char) -> bool {
    c.is_whitespace() || c == '(' || c == ')' || c == '"'
}

impl<'a> Parser<'a> {
    fn err(&self, position: usize, message: impl Into<String>) -> QueryError {
        QueryError {
            query: self.src.to_string(),
            position,
            message: message.into(),
        }
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    fn at_end(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// The bare token at the cursor, not consumed.
    fn token(&self) -> &'a str {
        let rest = self.rest();
        let end = rest.find(ends_token).unwrap_or(rest.len());
        rest.get(..end).unwrap_or("")
    }

    fn take_token(&mut self) -> &'a str {
        let t = self.token();
        self.pos += t.len();
        t
    }

    fn keyword(&self) -> Option<&'static str> {
        match self.token() {
            "AND" => Some("AND"),
            "OR" => Some("OR"),
            "NOT" => Some("NOT"),
            _ => None,
        }
    }

    /// True where an operand must start but none can: end, `)`, AND, OR.
    fn no_operand(&self) -> bool {
        self.at_end() || self.peek() == Some(')') || matches!(self.keyword(), Some("AND" | "OR"))
    }

    fn expect_operand(&self, after: &str) -> Result<(), QueryError> {
        if self.no_operand() {
            return Err(self.err(
                self.pos,
                format!("expected a word, phrase or group after {after}"),
            ));
        }
        Ok(())
    }

    fn or(&mut self, ctx: TextField) -> Result<Node, QueryError> {
        let mut items = vec![self.and(ctx)?];
        loop {
            self.skip_ws();
            if self.keyword() != Some("OR") {
                break;
            }
            self.take_token();
            self.skip_ws();
            self.expect_operand("OR")?;
            items.push(self.and(ctx)?);
        }
        Ok(join(items, false))
    }

    fn and(&mut self, ctx: TextField) -> Result<Node, QueryError> {
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.at_end() || self.peek() == Some(')') {
                break;
            }
            match self.keyword() {
                Some("OR") => {
                    if items.is_empty() {
                        return Err(
                            self.err(self.pos, "expected a word, phrase or group before OR")
                        );
                    }
                    break;
                }
                Some("AND") => {
                    if items.is_empty() {
                        return Err(
                            self.err(self.pos, "expected a word, phrase or group before AND")
                        );
                    }
                    self.take_token();
                    self.skip_ws();
                    self.expect_operand("AND")?;
                }
                _ => {}
            }
            items.push(self.unary(ctx)?);
        }
        if items.is_empty() {
            let what = if self.at_end() {
                "expected a word, phrase or group"
            } else {
                "expected a word, phrase or group before )"
            };
            return Err(self.err(self.pos, what));
        }
        Ok(join(items, true))
    }

    fn unary(&mut self, ctx: TextField) -> Result<Node, QueryError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.err(
                self.pos,
                format!("query nests too deeply (at most {MAX_DEPTH} levels of groups and NOT)"),
            ));
        }
        let node = self.unary_inner(ctx);
        self.depth -= 1;
        node
    }

    fn unary_inner(&mut self, ctx: TextField) -> Result<Node, QueryError> {
        self.skip_ws();
        if self.keyword() == Some("NOT") {
            self.take_token();
            self.skip_ws();
            self.expect_operand("NOT")?;
            return Ok(Node::Not(Box::new(self.unary(ctx)?)));
        }
        let prefix = self.peek();
        let operand_follows = self.peek2().is_some_and(|c| !c.is_whitespace() && c != ')');
        match prefix {
            Some('-') if operand_follows => {
                self.bump();
                Ok(Node::Not(Box::new(self.unary(ctx)?)))
            }
            Some('+') if operand_follows => {
                self.bump();
                self.unary(ctx)
            }
            _ => self.primary(ctx),
        }
    }

    fn primary(&mut self, ctx: TextField) -> Result<Node, QueryError> {
        self.skip_ws();
        match self.peek() {
            None => Err(self.err(self.pos, "expected a word, phrase or group")),
            Some('(') => self.group(ctx),
            Some(')') => Err(self.err(self.pos, "expected a word, phrase or group before )")),
            Some('"') => self.phrase(ctx, false),
            Some(_) => {
                let start = self.pos;
                let tok = self.token();
                if let Some(kw) = self.keyword() {
                    // Reached after `+` or `-`: an operator cannot be a word.
                    return Err(self.err(
                        start,
                        format!(
                            "expected a word, phrase or group, found the operator {kw} \
                             (write \"{kw}\" in quotes to search for the word)"
                        ),
                    ));
                }
                if tok == "*" {
                    self.take_token();
                    return Ok(Node::All);
                }
                if let Some(colon) = tok.find(':') {
                    let name = tok.get(..colon).unwrap_or("");
                    if !name.is_empty()
                        && name.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_')
                    {
                        let Some(field) = field_by_name(name) else {
                            return Err(self.err(
                                start,
                                format!("unknown field \"{name}\" (expected one of {FIELD_NAMES})"),
                            ));
                        };
                        self.pos += colon + 1;
                        return self.field_value(field, name);
                    }
                }
                self.word_or_exact(ctx)
            }
        }
    }

    fn group(&mut self, ctx: TextField) -> Result<Node, QueryError> {
        let open = self.pos;
        self.bump();
        let node = self.or(ctx)?;
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.err(open, "unbalanced parenthesis: expected ) to close this ("));
        }
        self.bump();
        Ok(node)
    }

    /// A word (maybe fuzzy) or an `=`-exact form at the cursor.
    fn word_or_exact(&mut self, field: TextField) -> Result<Node, QueryError> {
        let tok = self.token();
        if tok == "="
            && self
                .src
                .get(self.pos + 1..)
                .is_some_and(|r| r.starts_with('"'))
        {
            self.bump();
            return self.phrase(field, true);
        }
        if let Some(word) = tok.strip_prefix('=')
            && !word.is_empty()
        {
            self.take_token();
            return Ok(Node::Phrase {
                field,
                text: word.to_string(),
                slop: 0,
                exact: true,
            });
        }
        let start = self.pos;
        let tok = self.take_token();
        let (text, fuzzy) = split_fuzzy(tok).map_err(|(at, m)| self.err(start + at, m))?;
        Ok(Node::Word {
            field,
            text: text.to_string(),
            fuzzy,
        })
    }

    fn field_value(&mut self, field: FieldName, name: &str) -> Result<Node, QueryError> {
        self.skip_ws();
        let missing = |p: &Self, what: &str| {
            p.err(
                p.pos,
                format!("expected {what} after {}:", name.to_ascii_lowercase()),
            )
        };
        if self.at_end() || self.peek() == Some(')') {
            let what = match field {
                FieldName::Text(_) => "a word, phrase or group",
                FieldName::Filter(_) => "a value (quote names with spaces)",
                FieldName::Date => "a date such as 2024-10 or \"Oktober 2024\"",
            };
            return Err(missing(self, what));
        }
        match field {
            FieldName::Text(tf) => match self.peek() {
                Some('(') => self.group(tf),
                Some('"') => self.phrase(tf, false),
                _ => self.word_or_exact(tf),
            },
            FieldName::Filter(ff) => {
                let at = self.pos;
                let value = self.value()?;
                if value.trim().is_empty() {
                    return Err(self.err(at, format!("expected a value after {}:", ff.name())));
                }
                Ok(Node::Filter { field: ff, value })
            }
            FieldName::Date => {
                let at = self.pos;
                let value = self.value()?;
                DateRange::parse(&value)
                    .map(Node::Date)
                    .map_err(|m| self.err(at, m))
            }
        }
    }

    /// A quoted string or a bare token.
    fn value(&mut self) -> Result<String, QueryError> {
        if self.peek() == Some('"') {
            self.quoted()
        } else if self.peek() == Some('(') {
            Err(self.err(
                self.pos,
                "expected a value here, not a group (only title: and body: take groups)",
            ))
        } else {
            Ok(self.take_token().to_string())
        }
    }

    /// The text between quotes at the cursor, with `\"` and `\\` unescaped.
    fn quoted(&mut self) -> Result<String, QueryError> {
        let open = self.pos;
        self.bump();
        let mut out = String::new();
        loop {
            match self.peek() {
                None => return Err(self.err(open, "expected closing quote for this \"")),
                Some('"') => {
                    self.bump();
                    return Ok(out);
                }
                Some('\\') if matches!(self.peek2(), Some('"' | '\\')) => {
                    self.bump();
                    if let Some(c) = self.peek() {
                        out.push(c);
                    }
                    self.bump();
                }
                Some(c) => {
                    out.push(c);
                    self.bump();
                }
            }
        }
    }

    fn phrase(&mut self, field: TextField, exact: bool) -> Result<Node, QueryError> {
        let open = self.pos;
        let text = self.quoted()?;
        if text.trim().is_empty() {
            return Err(self.err(open, "expected words between the quotes"));
        }
        let mut slop = 0;
        if self.peek() == Some('~') {
            self.bump();
            let at = self.pos;
            let digits = self.rest();
            let n = digits
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(digits.len());
            if n == 0 {
                return Err(self.err(
                    at,
                    "expected a number after ~ (how far apart the words may be)",
                ));
            }
            slop = digits
                .get(..n)
                .and_then(|d| d.parse::<u32>().ok())
                .filter(|&s| s <= 1000)
                .ok_or_else(|| self.err(at, "phrase slop must be at most 1000"))?;
            self.pos += n;
        }
        Ok(Node::Phrase {
            field,
            text,
            slop,
            exact,
        })
    }
}

/// Splits `word~`, `word~1`, `word~2` into the word and its edit distance.
/// A token whose `~` has nothing before it is a plain word.
fn split_fuzzy(tok: &str) -> Result<(&str, Option<u8>), (usize, String)> {
    let Some(tilde) = tok.rfind('~') else {
        return Ok((tok, None));
    };
    let (word, digits) = (
        tok.get(..tilde).unwrap_or(""),
        tok.get(tilde + 1..).unwrap_or(""),
    );
    if word.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Ok((tok, None));
    }
    let distance = match digits {
        "" => 1,
        d => match d.trim_start_matches('0') {
            "1" => 1,
            "2" => 2,
            _ => {
                return Err((
                    tilde + 1,
                    "fuzzy distance must be 1 or 2 (word~ or word~2)".to_string(),
                ));
            }
        },
    };
    Ok((word, Some(distance)))
}

/// `And`/`Or` of `items`, flattening nested nodes of the same kind so that
/// grouping that does not change meaning does not change the tree.
pub(crate) fn join(items: Vec<Node>, and: bool) -> Node {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        match (item, and) {
            (Node::And(inner), true) | (Node::Or(inner), false) => out.extend(inner),
            (other, _) => out.push(other),
        }
    }
    if out.len() == 1
        && let Some(only) = out.pop()
    {
        return only;
    }
    if and { Node::And(out) } else { Node::Or(out) }
}

/// A string printed between quotes with `"` and `\` escaped.
struct Quoted<'a>(&'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.0.chars() {
            if c == '"' || c == '\\' {
                f.write_str("\\")?;
            }
            write!(f, "{c}")?;
        }
        f.write_str("\"")
    }
}

fn text_prefix(field: TextField) -> &'static str {
    match field {
        TextField::Any => "",
        TextField::Title => "title:",
        TextField::Body => "body:",
    }
}

/// Canonical text of a node: parses back to the same node.
impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::All => f.write_str("*"),
            Node::Word { field, text, fuzzy } => {
                write!(f, "{}{text}", text_prefix(*field))?;
                match fuzzy {
                    None => Ok(()),
                    Some(1) => f.write_str("~"),
                    Some(n) => write!(f, "~{n}"),
                }
            }
            Node::Phrase {
                field,
                text,
                slop,
                exact,
            } => {
                f.write_str(text_prefix(*field))?;
                if *exact {
                    f.write_str("=")?;
                }
                write!(f, "{}", Quoted(text))?;
                if *slop > 0 {
                    write!(f, "~{slop}")?;
                }
                Ok(())
            }
            Node::Filter { field, value } => write!(f, "{}:{}", field.name(), Quoted(value)),
            Node::Date(range) => write!(f, "date:{range}"),
            Node::And(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" ")?;
                    }
                    match item {
                        Node::And(_) | Node::Or(_) => write!(f, "({item})")?,
                        _ => write!(f, "{item}")?,
                    }
                }
                Ok(())
            }
            Node::Or(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(" OR ")?;
                    }
                    match item {
                        Node::Or(_) => write!(f, "({item})")?,
                        _ => write!(f, "{item}")?,
                    }
                }
                Ok(())
            }
            Node::Not(inner) => match inner.as_ref() {
                Node::And(_) | Node::Or(_) => write!(f, "-({inner})"),
                _ => write!(f, "-{inner}"),
            },
        }
    }
}
