//! Numbers and rows written for people: thousands grouped, CSV lines quoted.

/// `1234567` → `1,234,567`.
pub fn group_thousands(value: u64) -> String {
    let digits = value.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, ch) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// One CSV line (RFC 4180): fields with commas, quotes or line breaks are quoted.
pub fn csv_row(fields: &[String]) -> String {
    fields
        .iter()
        .map(|field| {
            if field.contains([',', '"', '\n', '\r']) {
                format!("\"{}\"", field.replace('"', "\"\""))
            } else {
                field.clone()
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0), "0");
        assert_eq!(group_thousands(1000), "1,000");
        assert_eq!(group_thousands(1_234_567), "1,234,567");
    }

    #[test]
    fn csv_fields_with_commas_quotes_or_line_breaks_are_quoted() {
        let row = csv_row(&[
            "plain".into(),
            "a,b".into(),
            "say \"hi\"".into(),
            "two\nlines".into(),
        ]);
        assert_eq!(row, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"");
    }
}
