//! The knowledge base: articles written in Markdown, filed in a tree of categories, found by
//! full-text search and suggested while a ticket is written.

use std::collections::{BTreeSet, HashMap};

use crate::account::string_enum;
use crate::id::KbCategoryId;
use crate::text::{self, Tag};
use crate::validation::FieldError;

/// The longest title.
pub const MAX_TITLE: usize = 200;
/// The longest body, in characters of Markdown.
pub const MAX_BODY: usize = 100_000;
/// The longest category name.
pub const MAX_CATEGORY_NAME: usize = 100;
/// The longest category description.
pub const MAX_DESCRIPTION: usize = 1_000;
/// The deepest a category may sit (a section, its topics, their subtopics …).
pub const MAX_CATEGORY_DEPTH: usize = 5;
/// How many words of a search are used.
pub const MAX_QUERY_WORDS: usize = 8;
/// How many words of a ticket's text suggestions are looked up by.
pub const MAX_SUGGESTION_WORDS: usize = 10;
/// The longest word suggestions look up (whole: a longer one is no word anyone searches).
pub const MAX_SUGGESTION_WORD_CHARS: usize = 100;

/// Where an article stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleStatus {
    /// Being written; only staff see it, and search leaves it out unless asked.
    Draft,
    /// Live: searched, suggested, shown to readers.
    Published,
    /// Out of date: kept, no longer searched or suggested unless asked.
    Archived,
}

string_enum!(ArticleStatus, "invalid_status", "must be one of draft, published, archived", {
    ArticleStatus::Draft => "draft",
    ArticleStatus::Published => "published",
    ArticleStatus::Archived => "archived",
});

/// Who may read an article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ArticleVisibility {
    /// Staff only.
    Internal,
    /// Staff and customers (the self-service portal).
    Public,
}

string_enum!(ArticleVisibility, "invalid_visibility", "must be one of internal, public", {
    ArticleVisibility::Internal => "internal",
    ArticleVisibility::Public => "public",
});

/// An article's language as a BCP 47 tag of a language and an optional region: `en`,
/// `en-GB`, `pt-BR`, `de`. Written in the usual case whatever case it came in.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Language(String);

impl Language {
    /// Parses a language tag.
    pub fn parse(pointer: &str, raw: &str) -> Result<Self, FieldError> {
        let invalid = || {
            FieldError::new(
                pointer,
                "invalid_language",
                "a language such as en, de or en-GB: 2 or 3 letters, then an optional region",
            )
        };
        let mut parts = raw.trim().split('-');
        let language = parts.next().unwrap_or_default();
        if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic())
        {
            return Err(invalid());
        }
        let mut tag = language.to_ascii_lowercase();
        if let Some(region) = parts.next() {
            let letters = region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic());
            let digits = region.len() == 3 && region.chars().all(|c| c.is_ascii_digit());
            if !(letters || digits) {
                return Err(invalid());
            }
            tag.push('-');
            tag.push_str(&region.to_ascii_uppercase());
        }
        if parts.next().is_some() {
            return Err(invalid());
        }
        Ok(Self(tag))
    }

    /// The tag.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What an article says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleFields {
    /// Its title.
    pub title: String,
    /// Its text in Markdown (rendered to sanitised HTML for readers).
    pub body: String,
    /// The category it is filed in.
    pub category_id: Option<KbCategoryId>,
    /// Its labels.
    pub tags: Vec<Tag>,
    /// Who may read it.
    pub visibility: ArticleVisibility,
    /// Where it stands.
    pub status: ArticleStatus,
    /// Its language.
    pub language: Language,
}

impl ArticleFields {
    /// Checks a title as written: one line, 1 to [`MAX_TITLE`] characters.
    pub fn title(raw: &str) -> Result<String, FieldError> {
        text::one_line("/title", raw, MAX_TITLE)
    }

    /// Checks a body as written: not blank, at most [`MAX_BODY`] characters.
    pub fn body(raw: &str) -> Result<String, FieldError> {
        text::required("/body", raw, MAX_BODY)
    }

    /// The words search finds the article by in its title and tags, weighed above its
    /// body's.
    pub fn title_words(&self) -> String {
        let tags: Vec<&str> = self.tags.iter().map(Tag::as_str).collect();
        let tags = tags.join(" ");
        text::search_words([Some(self.title.as_str()), Some(tags.as_str())])
    }
}

/// What a category says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryFields {
    /// Its name.
    pub name: String,
    /// What it holds.
    pub description: Option<String>,
    /// The category it sits in; none for a top-level one.
    pub parent_id: Option<KbCategoryId>,
    /// Its place among its siblings (lowest first, then by name).
    pub position: i32,
}

/// Checks `parent` as the new parent of `category`, given every category's parent in the
/// organization (`parents`, the live and the deleted ones). The parent must not be the
/// category or below it, and no category may end up deeper than [`MAX_CATEGORY_DEPTH`].
pub fn check_category_parent(
    category: KbCategoryId,
    parent: KbCategoryId,
    parents: &HashMap<KbCategoryId, Option<KbCategoryId>>,
) -> Result<(), FieldError> {
    // The parent's line upwards, the parent first.
    let mut line = vec![parent];
    let mut at = parent;
    while let Some(Some(up)) = parents.get(&at) {
        if line.contains(up) {
            break;
        }
        line.push(*up);
        at = *up;
    }
    if line.contains(&category) {
        return Err(FieldError::new(
            "/parent_id",
            "parent_cycle",
            "a category cannot sit in itself or in one of its own subcategories",
        ));
    }
    if line.len() + 1 + depth_below(category, parents) > MAX_CATEGORY_DEPTH {
        return Err(FieldError::new(
            "/parent_id",
            "too_deep",
            format!("categories nest at most {MAX_CATEGORY_DEPTH} levels deep"),
        ));
    }
    Ok(())
}

/// How many levels of subcategories hang below `category` (0 for none).
fn depth_below(
    category: KbCategoryId,
    parents: &HashMap<KbCategoryId, Option<KbCategoryId>>,
) -> usize {
    let mut level = vec![category];
    let mut depth = 0;
    while depth <= MAX_CATEGORY_DEPTH {
        level = parents
            .iter()
            .filter(|(_, p)| p.is_some_and(|p| level.contains(&p)))
            .map(|(c, _)| *c)
            .collect();
        if level.is_empty() {
            break;
        }
        depth += 1;
    }
    depth
}

/// The words a search looks for, as both databases' indexes hold them: lowercase, split at
/// anything but letters and digits, at most [`MAX_QUERY_WORDS`]. Each matches a word it
/// begins (`print` finds "printer").
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for word in text::query_words(query) {
        if !terms.contains(&word) {
            terms.push(word);
        }
    }
    terms.truncate(MAX_QUERY_WORDS);
    terms
}

/// Words too common to say what a ticket is about.
const COMMON: &[&str] = &[
    "about", "after", "again", "also", "and", "any", "are", "been", "before", "but", "can",
    "cannot", "could", "does", "dont", "each", "even", "every", "for", "from", "get", "have",
    "hello", "help", "here", "how", "into", "its", "just", "know", "like", "make", "many", "more",
    "most", "much", "need", "not", "now", "only", "other", "our", "please", "regards", "same",
    "should", "since", "some", "still", "such", "than", "thank", "thanks", "that", "the", "their",
    "them", "then", "there", "these", "they", "this", "those", "through", "today", "very", "want",
    "was", "way", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with",
    "would", "yes", "yet", "you", "your",
];

/// The words of a ticket's subject and text that suggestions look up: three to
/// [`MAX_SUGGESTION_WORD_CHARS`] characters, not among the most common English words, each once, the longest first (long
/// words say most), at most [`MAX_SUGGESTION_WORDS`].
pub fn suggestion_terms(text: &str) -> Vec<String> {
    let words = text::search_words([Some(text)]);
    let mut seen = BTreeSet::new();
    let mut terms: Vec<String> = words
        .split(' ')
        .filter(|w| w.chars().count() >= 3 && !w.chars().all(|c| c.is_ascii_digit()))
        .filter(|w| !COMMON.contains(w) && w.chars().count() <= MAX_SUGGESTION_WORD_CHARS)
        .map(str::to_owned)
        .filter(|w| seen.insert(w.clone()))
        .collect();
    // Stable: among words of one length, the first written comes first.
    terms.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    terms.truncate(MAX_SUGGESTION_WORDS);
    terms
}

/// A stretch of a snippet: text, and whether it matched the search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stretch {
    /// The text.
    pub text: String,
    /// Whether it is a word the search found.
    pub matched: bool,
}

/// The part of `text` around the first words that `terms` begin, about `width` characters
/// long, cut at word boundaries, with the matching words marked. Starts at the beginning
/// when nothing matches.
pub fn snippet(text: &str, terms: &[String], width: usize) -> Vec<Stretch> {
    // Words with their byte ranges.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let matches = |&(s, e): &(usize, usize)| {
        let word = text[s..e].to_lowercase();
        terms.iter().any(|t| word.starts_with(t.as_str()))
    };
    let first = words.iter().position(matches).unwrap_or(0);
    // A little before the first match, so it reads in context.
    let from_word = first.saturating_sub(4);
    let from = words.get(from_word).map_or(0, |w| w.0);
    let mut to = from;
    let mut out: Vec<Stretch> = Vec::new();
    let push = |out: &mut Vec<Stretch>, text: &str, matched: bool| match out.last_mut() {
        Some(last) if last.matched == matched => last.text.push_str(text),
        _ => out.push(Stretch {
            text: text.to_owned(),
            matched,
        }),
    };
    if from > 0 {
        push(&mut out, "… ", false);
    }
    for w in &words[from_word.min(words.len())..] {
        if text[from..w.1].chars().count() > width && to > from {
            break;
        }
        push(&mut out, &text[to..w.0], false);
        push(&mut out, &text[w.0..w.1], matches(w));
        to = w.1;
    }
    if to < text.len() {
        let rest = &text[to..];
        let tail: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
        push(&mut out, &tail, false);
        if tail.len() < rest.trim_end().len() {
            push(&mut out, " …", false);
        }
    }
    for s in &mut out {
        s.text = collapse_spaces(&s.text);
    }
    if let Some(first) = out.first_mut() {
        first.text = first.text.trim_start().to_owned();
    }
    if let Some(last) = out.last_mut() {
        last.text = last.text.trim_end().to_owned();
    }
    out.retain(|s| !s.text.is_empty());
    out
}

/// `text` with each run of white space (line breaks too) as one space.
fn collapse_spaces(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Id;

    #[test]
    fn languages_read_in_the_usual_case() {
        assert_eq!(
            Language::parse("/l", "EN-gb").map(|l| l.0),
            Ok("en-GB".into())
        );
        assert_eq!(
            Language::parse("/l", "es-419").map(|l| l.0),
            Ok("es-419".into())
        );
        assert_eq!(Language::parse("/l", "de").map(|l| l.0), Ok("de".into()));
        for bad in ["", "e", "english", "en_GB", "en-GBR", "en-GB-x", "d3"] {
            assert!(Language::parse("/l", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_category_never_sits_below_itself_nor_too_deep() {
        let ids: Vec<KbCategoryId> = (1..9)
            .map(|n| Id::from_bytes(&[n; 16]).unwrap_or_else(|| panic!("an id")))
            .collect();
        // 0 > 1 > 2 > 3, and 4 alone.
        let parents: HashMap<_, _> = [
            (ids[0], None),
            (ids[1], Some(ids[0])),
            (ids[2], Some(ids[1])),
            (ids[3], Some(ids[2])),
            (ids[4], None),
        ]
        .into_iter()
        .collect();
        let code = |c, p| check_category_parent(c, p, &parents).map_err(|e| e.code);
        assert_eq!(code(ids[0], ids[3]), Err("parent_cycle"));
        assert_eq!(code(ids[1], ids[1]), Err("parent_cycle"));
        assert_eq!(code(ids[4], ids[3]), Ok(()));
        // 4 with a subcategory under 3 would be six levels.
        let mut deeper = parents.clone();
        deeper.insert(ids[5], Some(ids[4]));
        assert_eq!(
            check_category_parent(ids[4], ids[3], &deeper).map_err(|e| e.code),
            Err("too_deep")
        );
        assert_eq!(code(ids[6], ids[3]), Ok(()));
    }

    #[test]
    fn suggestions_look_up_the_telling_words_longest_first() {
        assert_eq!(
            suggestion_terms("Hello, the printer will not print since the update. Thanks!"),
            vec!["printer", "update", "print"]
        );
        assert!(suggestion_terms("hi, it is 2024").is_empty());
        assert_eq!(query_terms("Print print PRINTER"), vec!["print", "printer"]);
    }

    #[test]
    fn snippets_mark_what_matched_around_the_first_match() {
        let text = "Before you start, switch the device off. To reset the printer, hold the \
                    power button for ten seconds until the light blinks.";
        let parts = snippet(text, &["print".into(), "blink".into()], 60);
        let marked: Vec<&str> = parts
            .iter()
            .filter(|p| p.matched)
            .map(|p| p.text.as_str())
            .collect();
        assert_eq!(marked, vec!["printer"]);
        let whole: String = parts.iter().map(|p| p.text.as_str()).collect();
        assert!(whole.starts_with("… "), "{whole}");
        assert!(whole.ends_with(" …"), "{whole}");
        assert!(whole.contains("To reset the printer"), "{whole}");
        // Nothing matching: the beginning.
        let parts = snippet("Short text.", &["zebra".into()], 60);
        assert_eq!(
            parts,
            vec![Stretch {
                text: "Short text.".into(),
                matched: false
            }]
        );
    }
}
