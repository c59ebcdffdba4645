//! Markdown as readers get it: pulldown-cmark renders it, ammonia takes out whatever could
//! run a script or load from an unexpected scheme. Never one without the other.

use std::collections::HashSet;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn parser(markdown: &str) -> Parser<'_> {
    Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS,
    )
}

/// The heading one level below `level`: an article's title is its page's only `h1`.
fn below(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// `markdown` rendered to HTML that is safe to show: no scripts, event handlers, styles or
/// frames; links only to web, mail and phone addresses, opening without access to the page.
/// Its headings start at `h2`, under the title the page shows.
pub fn to_html(markdown: &str) -> String {
    let mut html = String::with_capacity(markdown.len() * 5 / 4);
    let events = parser(markdown).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: below(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(below(level))),
        other => other,
    });
    pulldown_cmark::html::push_html(&mut html, events);
    ammonia::Builder::default()
        .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}

/// The words of `markdown` as a reader sees them, without its markup: what search indexes
/// and snippets quote. Blocks end in a line break.
pub fn to_text(markdown: &str) -> String {
    let mut text = String::with_capacity(markdown.len());
    for event in parser(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::CodeBlock
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_),
            ) => text.push('\n'),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_renders_with_its_formatting() {
        let html = to_html("# Reset\n\nHold **Power** and see [the manual](https://example.com/m).\n\n| a | b |\n|---|---|\n| 1 | 2 |");
        assert!(html.contains("<h2>Reset</h2>"), "{html}");
        assert!(html.contains("<strong>Power</strong>"), "{html}");
        assert!(html.contains("<table>"), "{html}");
        assert!(
            html.contains(r#"<a href="https://example.com/m" rel="noopener noreferrer nofollow">"#),
            "{html}"
        );
    }

    #[test]
    fn no_script_survives_rendering() {
        let attacks = [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[click](javascript:alert(1))",
            "[click](JaVaScRiPt:alert(1))",
            "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
            "<a href=\"vbscript:msgbox(1)\">x</a>",
            "<iframe src=\"https://evil.example\"></iframe>",
            "<svg><script>alert(1)</script></svg>",
            "<div style=\"background:url(javascript:alert(1))\">x</div>",
            "<object data=\"evil.swf\"></object>",
            "<form action=\"https://evil.example\"><input name=x></form>",
            "![x](javascript:alert(1))",
            "<p onclick=\"alert(1)\">text</p>",
            "<scr<script>ipt>alert(1)</script>",
            "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        ];
        for attack in attacks {
            let html = to_html(attack).to_lowercase();
            for bad in [
                "<script",
                "onerror",
                "onclick",
                "javascript:",
                "vbscript:",
                "data:",
                "<iframe",
                "<object",
                "<form",
                "style=",
                "<svg",
                "<math",
            ] {
                assert!(!html.contains(bad), "{attack:?} left {bad:?} in {html:?}");
            }
        }
    }

    #[test]
    fn text_is_what_a_reader_sees() {
        let text = to_text("# Reset\n\nHold **Power** for `10` seconds.\n\n- one\n- two");
        assert_eq!(text, "Reset\nHold Power for 10 seconds.\none\ntwo\n");
    }
}
