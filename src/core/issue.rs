//! A problem with something a person gave (a field, a file, a link), tied to where it is, so
//! the page can show it beside that field and the command line can name it.

use std::fmt;

use serde::Serialize;

/// One problem with a scenario, tied to the field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldIssue {
    /// Where: `query_types[1].share_pct`, `prompt_cache.hit_pct`, `file`, ...
    pub field: String,
    pub message: String,
}

impl FieldIssue {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        FieldIssue {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for FieldIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
