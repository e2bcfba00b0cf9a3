//! Match rules that map a model or provider name to a catalogue entry.
//!
//! Mirrors the clause types of genai-prices (`ClauseStartsWith`, `ClauseRegex`, ...) and their
//! semantics: text comparisons ignore case, a regex is searched (not anchored) in the
//! lower-cased name, as Python's `re.search` does.

use std::sync::OnceLock;

use serde::{Deserialize, Deserializer};

/// One match rule, as written in `pricing/providers/*.json`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clause {
    StartsWith(String),
    EndsWith(String),
    Contains(String),
    Regex(RegexClause),
    Equals(String),
    Or(Vec<Clause>),
    And(Vec<Clause>),
}

impl Clause {
    /// Whether `name` satisfies the rule. Callers pass the name already lower-cased, as
    /// genai-prices does before matching.
    pub fn is_match(&self, name: &str) -> bool {
        match self {
            Clause::StartsWith(prefix) => name.to_lowercase().starts_with(&prefix.to_lowercase()),
            Clause::EndsWith(suffix) => name.to_lowercase().ends_with(&suffix.to_lowercase()),
            Clause::Contains(part) => name.to_lowercase().contains(&part.to_lowercase()),
            Clause::Equals(whole) => name.to_lowercase() == whole.to_lowercase(),
            Clause::Regex(regex) => regex.is_match(name),
            Clause::Or(clauses) => clauses.iter().any(|clause| clause.is_match(name)),
            Clause::And(clauses) => clauses.iter().all(|clause| clause.is_match(name)),
        }
    }
}

/// A regex rule, compiled on first use: most of the catalogue's 70-odd patterns are never
/// needed by the page, which looks models up by id.
#[derive(Debug)]
pub struct RegexClause {
    pattern: String,
    compiled: OnceLock<Option<fancy_regex::Regex>>,
}

impl RegexClause {
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    fn is_match(&self, name: &str) -> bool {
        // A pattern that does not compile matches nothing; the catalogue test proves that
        // every shipped pattern compiles, so this only guards against a malformed file.
        self.compiled
            .get_or_init(|| fancy_regex::Regex::new(&self.pattern).ok())
            .as_ref()
            .is_some_and(|regex| regex.is_match(name).unwrap_or(false))
    }

    /// Whether the pattern compiles with our regex engine.
    pub fn compiles(&self) -> bool {
        fancy_regex::Regex::new(&self.pattern).is_ok()
    }
}

impl<'de> Deserialize<'de> for RegexClause {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(RegexClause {
            pattern: String::deserialize(deserializer)?,
            compiled: OnceLock::new(),
        })
    }
}

/// Visits every regex pattern inside a clause (for the catalogue's self-checks).
pub fn regex_patterns<'a>(clause: &'a Clause, found: &mut Vec<&'a RegexClause>) {
    match clause {
        Clause::Regex(regex) => found.push(regex),
        Clause::Or(clauses) | Clause::And(clauses) => clauses
            .iter()
            .for_each(|clause| regex_patterns(clause, found)),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clause(json: &str) -> Clause {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn text_rules_ignore_case() {
        assert!(clause(r#"{"starts_with":"Claude"}"#).is_match("claude-3"));
        assert!(clause(r#"{"equals":"GPT-5"}"#).is_match("gpt-5"));
        assert!(!clause(r#"{"ends_with":"-mini"}"#).is_match("gpt-5"));
    }

    #[test]
    fn regex_rules_search_like_python_and_support_lookahead() {
        let rule = clause(r#"{"regex":"^(?!.*-[tT][tT][sS](?:$|-))"}"#);
        assert!(rule.is_match("gpt-4o"));
        assert!(!rule.is_match("gpt-4o-mini-tts"));
        assert!(clause(r#"{"regex":"mini"}"#).is_match("gpt-5-mini-2025"));
    }

    #[test]
    fn combined_rules_nest() {
        let rule = clause(
            r#"{"and":[{"starts_with":"gpt-5"},{"or":[{"contains":"mini"},{"equals":"gpt-5"}]}]}"#,
        );
        assert!(rule.is_match("gpt-5"));
        assert!(rule.is_match("gpt-5-mini"));
        assert!(!rule.is_match("gpt-5-pro"));
    }
}
