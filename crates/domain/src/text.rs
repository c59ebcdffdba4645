//! Bounded free-text values: names, titles, industries, tags, phone numbers, web addresses.

use crate::validation::FieldError;

/// Checks `raw` holds at most `max` characters, not all blank, and returns it trimmed.
pub fn required(pointer: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(FieldError::new(pointer, "required", "must not be empty"));
    }
    // Counted as sent, so the limit is the one the API document states.
    if raw.chars().count() > max {
        return Err(FieldError::new(
            pointer,
            "too_long",
            format!("must be at most {max} characters"),
        ));
    }
    if value
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(FieldError::new(
            pointer,
            "invalid_characters",
            "must not contain control characters",
        ));
    }
    Ok(value.to_owned())
}

/// Like [`required`], on one line: no line breaks or tabs either (names, numbers).
pub fn one_line(pointer: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let value = required(pointer, raw, max)?;
    if value.chars().any(char::is_control) {
        return Err(FieldError::new(
            pointer,
            "invalid_characters",
            "must be one line, without control characters",
        ));
    }
    Ok(value)
}

/// [`one_line`], where an empty or blank value means "none".
pub fn optional_line(pointer: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        one_line(pointer, raw, max).map(Some)
    }
}

/// Like [`required`], but an empty or blank value means "none".
pub fn optional(pointer: &str, raw: &str, max: usize) -> Result<Option<String>, FieldError> {
    if raw.trim().is_empty() {
        Ok(None)
    } else {
        required(pointer, raw, max).map(Some)
    }
}

/// A label used to group records: lowercase ASCII letters, digits, `-` and `_`, 1 to 40
/// characters. ASCII because the API's schema says so in a pattern every JSON Schema tool
/// reads the same way (a pattern's `\w` is ASCII in ECMA-262 and Unicode elsewhere).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tag(String);

/// How many tags one record may carry.
pub const MAX_TAGS: usize = 20;

impl Tag {
    /// Parses a tag, lowercasing it.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().to_lowercase();
        if value.is_empty() || value.chars().count() > 40 {
            return Err(FieldError::new(
                pointer,
                "invalid_tag",
                "a tag has 1 to 40 characters",
            ));
        }
        if !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(FieldError::new(
                pointer,
                "invalid_tag",
                "a tag holds only letters a to z, digits, '-' and '_'",
            ));
        }
        Ok(Self(value))
    }

    /// Parses a list of tags: lowercased, without duplicates, in alphabetical order (so a
    /// record's tags read the same however they were written).
    pub fn parse_list(pointer: &str, raw: &[String]) -> Result<Vec<Tag>, FieldError> {
        if raw.len() > MAX_TAGS {
            return Err(FieldError::new(
                pointer,
                "too_many",
                format!("at most {MAX_TAGS} tags"),
            ));
        }
        let mut tags: Vec<Tag> = Vec::with_capacity(raw.len());
        for (index, item) in raw.iter().enumerate() {
            let tag = Tag::parse(&format!("{pointer}/{index}"), item)?;
            if !tags.contains(&tag) {
                tags.push(tag);
            }
        }
        tags.sort();
        Ok(tags)
    }

    /// The tag text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A telephone number as people write it: digits with optional `+`, spaces, dots, dashes and
/// parentheses; 5 to 20 digits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phone(String);

impl Phone {
    /// Parses a phone number, keeping the way it was written (trimmed).
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim();
        let digits = value.chars().filter(char::is_ascii_digit).count();
        let allowed = value
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_digit() || " .-()/".contains(c) || (c == '+' && i == 0));
        if !allowed || !(5..=20).contains(&digits) {
            return Err(FieldError::new(
                pointer,
                "invalid_phone",
                "a phone number has 5 to 20 digits and may use +, spaces, dots, dashes and parentheses",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The number as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Only the digits, which is what search matches against.
    pub fn digits(&self) -> String {
        self.0.chars().filter(char::is_ascii_digit).collect()
    }
}

/// A company's internet domain, such as `example.com`; lowercased, without scheme or path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DomainName(String);

impl DomainName {
    /// Parses a domain name.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim().trim_end_matches('.').to_lowercase();
        if is_hostname(&value) && value.contains('.') {
            Ok(Self(value))
        } else {
            Err(FieldError::new(
                pointer,
                "invalid_domain",
                "must be a domain name such as example.com",
            ))
        }
    }

    /// The domain text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub(crate) fn is_hostname(value: &str) -> bool {
    !value.is_empty()
        && value.len() <= 253
        && value.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}

/// A web address starting with `http://` or `https://`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebAddress(String);

impl WebAddress {
    /// Parses a web address.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let value = raw.trim();
        let rest = value
            .strip_prefix("https://")
            .or_else(|| value.strip_prefix("http://"));
        let host = rest.map(|r| r.split(['/', '?', '#', ':']).next().unwrap_or_default());
        match host {
            Some(host) if value.len() <= 2048 && is_hostname(&host.to_lowercase()) => {
                Ok(Self(value.to_owned()))
            }
            _ => Err(FieldError::new(
                pointer,
                "invalid_url",
                "must be a web address starting with https://",
            )),
        }
    }

    /// The address text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 country code such as `DE`.
pub fn country_code(pointer: &str, raw: &str) -> Result<String, FieldError> {
    let value = raw.trim().to_ascii_uppercase();
    if value.len() == 2 && value.chars().all(|c| c.is_ascii_uppercase()) {
        Ok(value)
    } else {
        Err(FieldError::new(
            pointer,
            "invalid_country",
            "must be a two-letter ISO 3166 country code",
        ))
    }
}

/// `text` escaped for HTML, in element content and in quoted attribute values alike.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lowercased_and_deduplicated() {
        let tags = Tag::parse_list("/tags", &["VIP".into(), "vip".into(), "emea".into()]);
        let names = tags.map(|t| t.iter().map(|t| t.as_str().to_owned()).collect::<Vec<_>>());
        assert_eq!(names, Ok(vec!["emea".to_owned(), "vip".to_owned()]));
    }

    #[test]
    fn bad_tag_points_at_its_index() {
        let error = Tag::parse_list("/tags", &["ok".into(), "not ok".into()]);
        assert_eq!(error.map_err(|e| e.pointer), Err("/tags/1".to_owned()));
    }

    #[test]
    fn phone_keeps_what_was_written_and_extracts_digits() {
        let phone = Phone::parse("/phone", " +49 (30) 123-4567 ")
            .map(|p| (p.as_str().to_owned(), p.digits()));
        assert_eq!(
            phone,
            Ok(("+49 (30) 123-4567".into(), "49301234567".into()))
        );
        assert!(Phone::parse("/phone", "12+34567").is_err());
        assert!(Phone::parse("/phone", "1234").is_err());
    }

    #[test]
    fn websites_need_a_scheme_and_a_host() {
        assert!(WebAddress::parse("/w", "https://example.com/about").is_ok());
        assert!(WebAddress::parse("/w", "example.com").is_err());
        assert!(WebAddress::parse("/w", "https://").is_err());
    }

    #[test]
    fn domains_are_normalised() {
        assert_eq!(
            DomainName::parse("/d", " Example.COM. ").map(|d| d.0),
            Ok("example.com".into())
        );
        assert!(DomainName::parse("/d", "https://example.com").is_err());
        assert!(DomainName::parse("/d", "localhost").is_err());
    }
}

/// Lowercase words of the given parts, separated by single spaces: the text that both
/// databases' full-text indexes tokenize the same way, so search behaves alike on both.
pub fn search_words<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let mut out = String::new();
    for part in parts.into_iter().flatten() {
        for word in part
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

/// What search matches a phone number by: all its digits and, for an international number
/// (`+1 908 582 3000`), the digits after the country code too, so people find it by the
/// national number.
pub fn phone_search_terms(number: &str) -> Vec<String> {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let mut terms = vec![digits];
    if let Some(rest) = number.trim().strip_prefix('+') {
        let country_len = rest.chars().take_while(char::is_ascii_digit).count();
        let national: String = rest
            .chars()
            .skip(country_len)
            .filter(char::is_ascii_digit)
            .collect();
        if !national.is_empty() {
            terms.push(national);
        }
    }
    terms
}

/// The longest prefix of a word that search keeps, in characters.
pub const MAX_TERM_CHARS: usize = 20;

/// What search finds a record by: every prefix of 1 to [`MAX_TERM_CHARS`] characters of
/// every word of its [`search_words`] text.
pub fn search_terms(search_text: &str) -> std::collections::BTreeSet<String> {
    let mut terms = std::collections::BTreeSet::new();
    for word in search_text.split(' ').filter(|w| !w.is_empty()) {
        let mut prefix = String::new();
        for c in word.chars().take(MAX_TERM_CHARS) {
            prefix.push(c);
            terms.insert(prefix.clone());
        }
    }
    terms
}

/// What search finds a conversation by: each of its [`search_words`] whole, cut to
/// [`MAX_TERM_CHARS`] characters. Whole words, not every prefix as for a subject: a
/// conversation is long, and people search it for words they remember.
pub fn whole_word_terms(text: &str) -> std::collections::BTreeSet<String> {
    search_words([Some(text)])
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|w| w.chars().take(MAX_TERM_CHARS).collect())
        .collect()
}

/// The words of a search query, the way [`search_words`] splits stored text, each cut to
/// [`MAX_TERM_CHARS`] characters; at most 8.
pub fn query_words(query: &str) -> Vec<String> {
    search_words([Some(query)])
        .split(' ')
        .filter(|w| !w.is_empty())
        .take(8)
        .map(|w| w.chars().take(MAX_TERM_CHARS).collect())
        .collect()
}

/// The key lists sort by: the lowercased text.
pub fn sort_key(text: &str) -> String {
    text.trim().to_lowercase()
}

#[cfg(test)]
mod search_tests {
    use super::*;

    #[test]
    fn terms_are_every_prefix_of_every_word_up_to_twenty_characters() {
        let terms = search_terms("ab école abcdefghijklmnopqrstuvwxyz");
        assert!(terms.contains("a") && terms.contains("ab") && terms.contains("éco"));
        assert!(terms.contains("abcdefghijklmnopqrst"));
        assert!(!terms.contains("abcdefghijklmnopqrstu"));
        assert_eq!(terms.len(), 2 + 5 + 20 - 2);
        let long = query_words("ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        assert_eq!(long, vec!["abcdefghijklmnopqrst".to_owned()]);
    }

    #[test]
    fn whole_word_terms_are_each_word_once_cut_like_a_query_word() {
        let terms =
            whole_word_terms("Refund the REFUND, please: order #1042 ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        let expected = [
            "refund",
            "the",
            "please",
            "order",
            "1042",
            "abcdefghijklmnopqrst",
        ];
        assert_eq!(terms, expected.iter().map(|w| w.to_string()).collect());
        assert!(query_words("abcdefghijklmnopqrstuvwxyz")
            .iter()
            .all(|w| terms.contains(w)));
    }

    #[test]
    fn email_and_domain_split_into_words() {
        let words = search_words([Some("Jane.Doe@Acme.com"), None, Some("ÉCOLE")]);
        assert_eq!(words, "jane doe acme com école");
        assert_eq!(
            query_words("  acme, corp "),
            vec!["acme".to_owned(), "corp".to_owned()]
        );
        assert!(query_words("!!!").is_empty());
        assert_eq!(
            phone_search_terms("+1 (908) 582-3000"),
            vec!["19085823000".to_owned(), "9085823000".to_owned()]
        );
        assert_eq!(phone_search_terms("030 1234"), vec!["0301234".to_owned()]);
    }
}
