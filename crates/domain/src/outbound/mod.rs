//! What Rapport sends by email: the kinds of mail, their default wording, the SMTP settings'
//! rules, and the notifications a user may have emailed.
//!
//! Templates are written in Jinja syntax (the server renders them with an engine that escapes
//! every value in the HTML body); the variables each kind has are listed in [`TemplateKind::variables`].

use crate::validation::FieldError;

mod servers;
mod wording;

pub use servers::{ImapFields, MailSettingsFields, MailSettingsInput, Security};

/// A kind of mail, each with its own template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// To the requester, when their ticket is opened.
    TicketReceived,
    /// To the requester, with an agent's public reply.
    AgentReply,
    /// To the requester, when their ticket is solved.
    TicketSolved,
    /// To a user: a ticket or lead was assigned to them.
    Assigned,
    /// To a user: someone mentioned them in a note.
    Mentioned,
    /// To a user: an SLA target is close.
    SlaWarning,
    /// To a user: an SLA target was missed.
    SlaBreached,
    /// To a user: an activity's reminder.
    Reminder,
    /// To a contact invited to the customer portal, with the link that sets their password.
    PortalInvitation,
    /// To a portal user who forgot their password, with the link that sets a new one.
    PortalPasswordReset,
    /// To a portal user who asked to sign in by mail, with the link that signs them in.
    PortalSignInLink,
    /// To a customer signing themselves up to the portal, with the link that finishes it.
    PortalSignUp,
}

/// Who a kind of mail goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// The ticket's requester.
    Customer,
    /// A staff user, about one of their notifications.
    Staff,
    /// A contact with portal access, or a customer signing up for it.
    PortalUser,
}

/// One template: the subject and the two bodies of a mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    /// The subject line (plain text, one line).
    pub subject: String,
    /// The plain-text body.
    pub body_text: String,
    /// The HTML body; every value is escaped.
    pub body_html: String,
}

/// The variables of mail to a requester; those of the message only in an agent's reply.
const CUSTOMER_VARIABLES: [&str; 9] = [
    "organization.name",
    "recipient.name",
    "recipient.email",
    "ticket.number",
    "ticket.subject",
    "ticket.status",
    "ticket.priority",
    "message.text",
    "message.author",
];

/// The variables of mail to a user about a notification.
const STAFF_VARIABLES: [&str; 6] = [
    "organization.name",
    "recipient.name",
    "recipient.email",
    "notification.kind",
    "notification.message",
    "notification.url",
];

/// The variables of a mail with a link into the portal (an invitation, a sign-in link, …).
const PORTAL_VARIABLES: [&str; 5] = [
    "organization.name",
    "recipient.name",
    "recipient.email",
    "invitation.url",
    "invitation.expires",
];

impl TemplateKind {
    /// Every kind, in the order an editor lists them.
    pub const ALL: [TemplateKind; 12] = [
        TemplateKind::TicketReceived,
        TemplateKind::AgentReply,
        TemplateKind::TicketSolved,
        TemplateKind::Assigned,
        TemplateKind::Mentioned,
        TemplateKind::SlaWarning,
        TemplateKind::SlaBreached,
        TemplateKind::Reminder,
        TemplateKind::PortalInvitation,
        TemplateKind::PortalPasswordReset,
        TemplateKind::PortalSignInLink,
        TemplateKind::PortalSignUp,
    ];

    /// The name the API uses.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateKind::TicketReceived => "ticket_received",
            TemplateKind::AgentReply => "agent_reply",
            TemplateKind::TicketSolved => "ticket_solved",
            TemplateKind::Assigned => "assigned",
            TemplateKind::Mentioned => "mentioned",
            TemplateKind::SlaWarning => "sla_warning",
            TemplateKind::SlaBreached => "sla_breached",
            TemplateKind::Reminder => "reminder",
            TemplateKind::PortalInvitation => "portal_invitation",
            TemplateKind::PortalPasswordReset => "portal_password_reset",
            TemplateKind::PortalSignInLink => "portal_sign_in_link",
            TemplateKind::PortalSignUp => "portal_sign_up",
        }
    }

    /// The kind a name names.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }

    /// The template that tells a user of a notification of `kind`.
    pub fn of_notification(kind: &str) -> Option<Self> {
        match kind {
            "assigned" | "lead_assigned" => Some(TemplateKind::Assigned),
            "mentioned" => Some(TemplateKind::Mentioned),
            "sla_warning" => Some(TemplateKind::SlaWarning),
            "sla_breached" => Some(TemplateKind::SlaBreached),
            "reminder" | "contract_expiring" => Some(TemplateKind::Reminder),
            _ => None,
        }
    }

    /// Who it goes to.
    pub fn audience(self) -> Audience {
        match self {
            TemplateKind::TicketReceived
            | TemplateKind::AgentReply
            | TemplateKind::TicketSolved => Audience::Customer,
            TemplateKind::PortalInvitation
            | TemplateKind::PortalPasswordReset
            | TemplateKind::PortalSignInLink
            | TemplateKind::PortalSignUp => Audience::PortalUser,
            _ => Audience::Staff,
        }
    }

    /// What it is, for people choosing one to edit.
    pub fn description(self) -> &'static str {
        match self {
            TemplateKind::TicketReceived => "To the requester when their ticket is opened",
            TemplateKind::AgentReply => "To the requester with an agent's public reply",
            TemplateKind::TicketSolved => "To the requester when their ticket is solved",
            TemplateKind::Assigned => "To a user when a ticket or lead is assigned to them",
            TemplateKind::Mentioned => "To a user mentioned in a note",
            TemplateKind::SlaWarning => "To the assignee when an SLA target is close",
            TemplateKind::SlaBreached => "To the assignee and team when an SLA target is missed",
            TemplateKind::Reminder => "To a user when an activity's reminder is due",
            TemplateKind::PortalInvitation => {
                "To a contact invited to the customer portal, with their link"
            }
            TemplateKind::PortalPasswordReset => {
                "To a portal user who forgot their password, with a link to choose a new one"
            }
            TemplateKind::PortalSignInLink => {
                "To a portal user who asked to sign in by mail, with their one-time link"
            }
            TemplateKind::PortalSignUp => {
                "To a customer signing up to the portal, with the link that confirms the address"
            }
        }
    }

    /// The variables its template may use.
    pub fn variables(self) -> &'static [&'static str] {
        match (self.audience(), self) {
            (Audience::Customer, TemplateKind::AgentReply) => &CUSTOMER_VARIABLES,
            // The reply's own two are the last.
            (Audience::Customer, _) => &CUSTOMER_VARIABLES[..CUSTOMER_VARIABLES.len() - 2],
            (Audience::Staff, _) => &STAFF_VARIABLES,
            (Audience::PortalUser, _) => &PORTAL_VARIABLES,
        }
    }
}

/// The notification kinds a user may have emailed.
pub const NOTIFICATION_KINDS: [&str; 7] = [
    "assigned",
    "lead_assigned",
    "mentioned",
    "sla_warning",
    "sla_breached",
    "reminder",
    "contract_expiring",
];

/// The longest list of notification kinds a user may send (each kind twice at most).
pub const MAX_NOTIFICATION_CHOICES: usize = 2 * NOTIFICATION_KINDS.len();

/// A user's choice of notifications to have emailed: known kinds, each once, in the listed
/// order.
pub fn email_notifications(pointer: &str, raw: &[String]) -> Result<Vec<String>, FieldError> {
    if raw.len() > MAX_NOTIFICATION_CHOICES {
        return Err(FieldError::new(
            pointer,
            "too_many",
            format!("at most {MAX_NOTIFICATION_CHOICES} entries"),
        ));
    }
    if let Some(unknown) = raw
        .iter()
        .find(|k| !NOTIFICATION_KINDS.contains(&k.as_str()))
    {
        return Err(FieldError::new(
            pointer,
            "unknown_kind",
            format!(
                "`{}` is not a notification kind; one of {}",
                unknown.chars().take(40).collect::<String>(),
                NOTIFICATION_KINDS.join(", ")
            ),
        ));
    }
    Ok(NOTIFICATION_KINDS
        .iter()
        .filter(|k| raw.iter().any(|r| r == *k))
        .map(|k| (*k).to_owned())
        .collect())
}

/// A subject on one line: line breaks and other control characters become spaces, and the
/// ticket's reference `[#n]` is added when the template left it out, so answers thread.
pub fn subject_line(rendered: &str, ticket_number: Option<i64>) -> String {
    let mut subject: String = rendered
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if let Some(number) = ticket_number {
        if crate::mail::subject_reference(&subject) != Some(number) {
            subject = format!("{subject} [#{number}]").trim_start().to_owned();
        }
    }
    subject.chars().take(250).collect()
}

/// Where in the web app a notification's record is: its ticket, its lead, or the task list.
pub fn notification_path(
    ticket: Option<crate::TicketId>,
    lead: Option<crate::LeadId>,
    activity: bool,
) -> String {
    match (ticket, lead) {
        (Some(ticket), _) => format!("/tickets/{ticket}"),
        (None, Some(lead)) => format!("/leads/{lead}"),
        (None, None) if activity => "/tasks".to_owned(),
        (None, None) => "/".to_owned(),
    }
}

/// The plus-address answers to a ticket go to: `support+1234@example.com`.
pub fn reply_address(mailbox: &str, ticket_number: Option<i64>) -> String {
    match (ticket_number, mailbox.rsplit_once('@')) {
        (Some(n), Some((local, domain))) => format!("{local}+{n}@{domain}"),
        _ => mailbox.to_owned(),
    }
}

/// The Message-ID of the mail a job sends: fixed when it is queued, so every attempt carries
/// the same one and receivers can tell a repeat.
pub fn outbound_message_id(job: &str, from_address: &str) -> String {
    let domain = from_address
        .rsplit_once('@')
        .map_or("rapport.invalid", |(_, d)| d);
    format!("{job}@{domain}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_notifications_map_to_templates() {
        for kind in TemplateKind::ALL {
            assert_eq!(TemplateKind::parse(kind.as_str()), Some(kind));
            assert!(kind.variables().contains(&"organization.name"));
        }
        for kind in NOTIFICATION_KINDS {
            assert!(TemplateKind::of_notification(kind).is_some(), "{kind}");
        }
        assert_eq!(TemplateKind::of_notification("nope"), None);
    }

    #[test]
    fn a_subject_is_one_line_and_carries_the_reference_once() {
        assert_eq!(
            subject_line("Re: Broken\r\nBcc: x@y", Some(7)),
            "Re: Broken Bcc: x@y [#7]"
        );
        assert_eq!(subject_line("Re: Broken [#7]", Some(7)), "Re: Broken [#7]");
        assert_eq!(
            subject_line("Re: [#8] other", Some(7)),
            "Re: [#8] other [#7]"
        );
        assert_eq!(subject_line("", Some(3)), "[#3]");
        assert_eq!(subject_line("Hello", None), "Hello");
    }

    #[test]
    fn choices_of_emailed_notifications_are_known_and_ordered() {
        let got = email_notifications(
            "/k",
            &["reminder".into(), "assigned".into(), "assigned".into()],
        );
        assert_eq!(got, Ok(vec!["assigned".to_owned(), "reminder".to_owned()]));
        assert!(email_notifications("/k", &["everything".into()]).is_err());
    }

    #[test]
    fn answers_go_to_the_tickets_plus_address() {
        assert_eq!(
            reply_address("support@example.com", Some(42)),
            "support+42@example.com"
        );
        assert_eq!(
            crate::mail::plus_reference(&reply_address("a@b.c", Some(9))),
            Some(9)
        );
        assert_eq!(
            reply_address("support@example.com", None),
            "support@example.com"
        );
        assert_eq!(
            outbound_message_id("job_1", "help@example.com"),
            "job_1@example.com"
        );
    }
}
