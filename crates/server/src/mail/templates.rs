//! Rendering a template: Jinja syntax, every value escaped in the HTML body, a missing
//! variable an error (so a typo is caught when the template is saved, not when a customer
//! gets the mail), and a bound on the work one rendering may do.

use domain::outbound::{Audience, Template, TemplateKind};
use domain::FieldError;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value};
use serde_json::{json, Value as Json};

/// A rendered mail's three parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// The subject as rendered (one line is made of it later).
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body.
    pub html: String,
}

/// The most one part may render to: fuel bounds the steps, this the memory.
const MAX_OUTPUT: usize = 256 * 1024;

/// A sink that refuses to grow past [`MAX_OUTPUT`].
#[derive(Default)]
struct Capped {
    bytes: Vec<u8>,
    overflowed: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.overflowed = true;
            return Err(std::io::Error::other("too long"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The most steps one part may take: generous for any mail, short of a loop that never ends.
const FUEL: u64 = 100_000;

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".html") {
            AutoEscape::Html
        } else {
            AutoEscape::None
        }
    });
    env.add_filter("paragraphs", paragraphs);
    env
}

/// Text as HTML paragraphs: escaped, blank lines part paragraphs, single line breaks kept.
fn paragraphs(text: String) -> Value {
    let html: String = text
        .replace("\r\n", "\n")
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(domain::text::escape_html).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect();
    Value::from_safe_string(html)
}

/// Renders `template` with `context`; each broken part is reported by its JSON pointer,
/// saying what is wrong and where.
pub fn render(template: &Template, context: &Json) -> Result<Rendered, Vec<FieldError>> {
    let env = environment();
    let context = Value::from_serialize(context);
    let mut errors = Vec::new();
    let mut part = |name: &'static str, pointer: &str, source: &str| {
        let mut out = Capped::default();
        match env
            .template_from_named_str(name, source)
            .and_then(|t| t.render_captured_to(&context, &mut out).map(drop))
        {
            Ok(_) => String::from_utf8_lossy(&out.bytes).into_owned(),
            Err(e) => {
                let detail = if out.overflowed {
                    format!("renders to more than {} KiB", MAX_OUTPUT / 1024)
                } else {
                    describe(&e)
                };
                errors.push(FieldError::new(pointer, "invalid_template", detail));
                String::new()
            }
        }
    };
    let rendered = Rendered {
        subject: part("subject.txt", "/subject", &template.subject),
        text: part("body.txt", "/body_text", &template.body_text),
        html: part("body.html", "/body_html", &template.body_html),
    };
    if errors.is_empty() {
        Ok(rendered)
    } else {
        Err(errors)
    }
}

fn describe(error: &minijinja::Error) -> String {
    let what = error.detail().unwrap_or("cannot be rendered");
    let kind = match error.kind() {
        minijinja::ErrorKind::UndefinedError => "unknown variable".to_owned(),
        minijinja::ErrorKind::OutOfFuel => "does too much work (a loop without end?)".to_owned(),
        kind => kind.to_string(),
    };
    match error.line() {
        Some(line) => format!("line {line}: {kind}: {what}"),
        None => format!("{kind}: {what}"),
    }
}

/// Checks a template by rendering it with the sample values of its kind, reporting each
/// broken part.
pub fn check(kind: TemplateKind, template: &Template) -> Result<Rendered, Vec<FieldError>> {
    let mut errors = Vec::new();
    for (pointer, source, max) in [
        ("/subject", &template.subject, 500),
        ("/body_text", &template.body_text, 50_000),
        ("/body_html", &template.body_html, 100_000),
    ] {
        if source.trim().is_empty() {
            errors.push(FieldError::new(pointer, "required", "must not be empty"));
        } else if source.chars().count() > max {
            errors.push(FieldError::new(
                pointer,
                "too_long",
                format!("at most {max} characters"),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let values = sample(kind, "Example Ltd");
    let rendered = render(template, &values)?;
    // A portal user's mail is its one-time link: in both bodies, never in the subject (which
    // is kept with the mail's record).
    if kind.audience() == Audience::PortalUser {
        let url = values["invitation"]["url"].as_str().unwrap_or_default();
        let escaped = url.replace('/', "&#x2f;");
        let parts = [
            (
                "/subject",
                !rendered.subject.contains(url),
                "must not carry {{ invitation.url }}",
            ),
            (
                "/body_text",
                rendered.text.contains(url),
                "must carry {{ invitation.url }}",
            ),
            (
                "/body_html",
                rendered.html.contains(&escaped),
                "must carry {{ invitation.url }}",
            ),
        ];
        let missing: Vec<FieldError> = parts
            .into_iter()
            .filter(|(_, fine, _)| !fine)
            .map(|(pointer, _, what)| FieldError::new(pointer, "invitation_link", what))
            .collect();
        if !missing.is_empty() {
            return Err(missing);
        }
    }
    Ok(rendered)
}

/// The number of the sample ticket.
pub const SAMPLE_TICKET: i64 = 1042;

/// Values for a preview, and for checking a template before it is saved.
pub fn sample(kind: TemplateKind, organization: &str) -> Json {
    let mut values = match kind.audience() {
        Audience::Customer => json!({
            "organization": {"name": organization},
            "recipient": {"name": "Ada Lovelace", "email": "ada@example.com"},
            "ticket": {"number": SAMPLE_TICKET, "subject": "The export stops at 80%",
                       "status": "open", "priority": "high"},
            "message": {"text": "Hello Ada,\n\nThanks for the log. The export stops when a \
                                 row holds <script> tags; a fix is on its way.\n\nBest,\nSam",
                        "author": "Sam Agent"},
        }),
        Audience::Staff => json!({
            "organization": {"name": organization},
            "recipient": {"name": "Sam Agent", "email": "sam@example.com"},
            "notification": {"kind": kind.as_str(),
                             "message": "Ticket #1042 \"The export stops at 80%\" is yours",
                             "url": "https://rapport.example.com/tickets/tkt_0"},
        }),
        Audience::PortalUser => json!({
            "organization": {"name": organization},
            "recipient": {"name": "Ada Lovelace", "email": "ada@example.com"},
            "invitation": {"url": "https://rapport.example.com/portal/pk_0/invitation?token=inv_0",
                           "expires": "14 Dec 2026, 09:30 UTC"},
        }),
    };
    // Only a reply has a message: a template of another kind naming one is refused.
    if kind != TemplateKind::AgentReply {
        if let Some(values) = values.as_object_mut() {
            values.remove("message");
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_template_renders_its_sample() {
        for kind in TemplateKind::ALL {
            let rendered = check(kind, &kind.default_template());
            assert!(rendered.is_ok(), "{kind:?}: {rendered:?}");
        }
    }

    #[test]
    fn a_portal_users_mail_carries_its_link_in_both_bodies_only() {
        let kind = TemplateKind::PortalInvitation;
        let mut template = kind.default_template();
        template.subject = "{{ invitation.url }}".into();
        template.body_html = "<p>Hello</p>".into();
        let errors = check(kind, &template).err().unwrap_or_default();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/subject", "/body_html"]);
    }

    #[test]
    fn values_are_escaped_in_html_only() {
        let template = Template {
            subject: "{{ ticket.subject }}".into(),
            body_text: "{{ message.text }}".into(),
            body_html: "<b>{{ ticket.subject }}</b>{{ message.text | paragraphs }}".into(),
        };
        let context = json!({"ticket": {"subject": "<i>x</i> & y"},
                             "message": {"text": "a <b>\nb\n\nc"}});
        let r = render(&template, &context).ok();
        let r = r.as_ref();
        assert_eq!(r.map(|r| r.subject.as_str()), Some("<i>x</i> & y"));
        assert_eq!(r.map(|r| r.text.as_str()), Some("a <b>\nb\n\nc"));
        assert_eq!(
            r.map(|r| r.html.as_str()),
            Some("<b>&lt;i&gt;x&lt;&#x2f;i&gt; &amp; y</b><p>a &lt;b&gt;<br>b</p><p>c</p>")
        );
    }

    #[test]
    fn a_typo_or_a_syntax_error_is_reported_with_its_part() {
        let mut template = TemplateKind::AgentReply.default_template();
        template.subject = "Re: {{ tiket.subject }}".into();
        template.body_html = "{% if %}".into();
        let errors = check(TemplateKind::AgentReply, &template)
            .err()
            .unwrap_or_default();
        let pointers: Vec<&str> = errors.iter().map(|e| e.pointer.as_str()).collect();
        assert_eq!(pointers, ["/subject", "/body_html"]);
        assert!(errors[0].detail.contains("unknown variable"), "{errors:?}");
    }

    #[test]
    fn a_part_may_not_render_to_more_than_the_cap() {
        let template = Template {
            subject: "x".into(),
            body_text: r#"{% for i in range(50) %}{{ "x" * 100000 }}{% endfor %}"#.into(),
            body_html: "x".into(),
        };
        let errors = check(TemplateKind::Assigned, &template)
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].detail.contains("more than 256 KiB"), "{errors:?}");
    }

    #[test]
    fn a_loop_without_end_runs_out_of_fuel() {
        let template = Template {
            subject: "x".into(),
            body_text:
                "{% for a in range(10000) %}{% for b in range(10000) %}.{% endfor %}{% endfor %}"
                    .into(),
            body_html: "x".into(),
        };
        let errors = check(TemplateKind::Assigned, &template)
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].detail.contains("too much work"), "{errors:?}");
    }
}
