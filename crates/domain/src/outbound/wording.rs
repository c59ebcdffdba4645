//! The wording of each kind of mail until an organization writes its own.

use super::{Template, TemplateKind};

const SIGNATURE_TEXT: &str = "\n-- \n{{ organization.name }}\n";
const SIGNATURE_HTML: &str = "<p style=\"color:#666\">{{ organization.name }}</p>";

impl TemplateKind {
    /// The wording used until an organization writes its own.
    pub fn default_template(self) -> Template {
        let (subject, text, html) = match self {
            TemplateKind::TicketReceived => (
                "We received your request: {{ ticket.subject }}",
                "Hello {{ recipient.name }},\n\nThank you for writing to us. Your request is now \
                 ticket #{{ ticket.number }}, and we will answer as soon as we can.\n\nTo add \
                 anything, reply to this message.\n",
                "<p>Hello {{ recipient.name }},</p><p>Thank you for writing to us. Your request \
                 is now ticket #{{ ticket.number }}, and we will answer as soon as we can.</p>\
                 <p>To add anything, reply to this message.</p>",
            ),
            TemplateKind::AgentReply => (
                "Re: {{ ticket.subject }}",
                "{{ message.text }}\n\n{{ message.author }}\n",
                "{{ message.text | paragraphs }}<p>{{ message.author }}</p>",
            ),
            TemplateKind::TicketSolved => (
                "Your request has been solved: {{ ticket.subject }}",
                "Hello {{ recipient.name }},\n\nWe have marked ticket #{{ ticket.number }} as \
                 solved. If anything is still wrong, reply to this message and it opens again.\n",
                "<p>Hello {{ recipient.name }},</p><p>We have marked ticket #{{ ticket.number }} \
                 as solved. If anything is still wrong, reply to this message and it opens \
                 again.</p>",
            ),
            TemplateKind::PortalInvitation => (
                "Your access to {{ organization.name }}'s support portal",
                "Hello {{ recipient.name }},\n\nYou can now follow your support requests with \
                 {{ organization.name }} online. Choose your password here to sign in as \
                 {{ recipient.email }}:\n\n{{ invitation.url }}\n\nThe link works once, until \
                 {{ invitation.expires }}. If you did not expect this message, ignore it.\n",
                "<p>Hello {{ recipient.name }},</p><p>You can now follow your support requests \
                 with {{ organization.name }} online. Choose your password to sign in as \
                 {{ recipient.email }}:</p><p><a href=\"{{ invitation.url }}\">Choose your \
                 password</a></p><p style=\"color:#666\">The link works once, until \
                 {{ invitation.expires }}. If you did not expect this message, ignore it.</p>",
            ),
            TemplateKind::PortalPasswordReset => (
                "Choose a new password for {{ organization.name }}'s support portal",
                "Hello {{ recipient.name }},\n\nSomeone asked for a new password for \
                 {{ recipient.email }}. Choose it here:\n\n{{ invitation.url }}\n\nThe link \
                 works once, until {{ invitation.expires }}. If you did not ask for it, ignore \
                 this message: your password stays as it is.\n",
                "<p>Hello {{ recipient.name }},</p><p>Someone asked for a new password for \
                 {{ recipient.email }}.</p><p><a href=\"{{ invitation.url }}\">Choose a new \
                 password</a></p><p style=\"color:#666\">The link works once, until \
                 {{ invitation.expires }}. If you did not ask for it, ignore this message: your \
                 password stays as it is.</p>",
            ),
            TemplateKind::PortalSignInLink => (
                "Sign in to {{ organization.name }}'s support portal",
                "Hello {{ recipient.name }},\n\nHere is the link you asked for to sign in as \
                 {{ recipient.email }}:\n\n{{ invitation.url }}\n\nIt works once, until \
                 {{ invitation.expires }}. If you did not ask for it, ignore this message.\n",
                "<p>Hello {{ recipient.name }},</p><p>Here is the link you asked for to sign in \
                 as {{ recipient.email }}:</p><p><a href=\"{{ invitation.url }}\">Sign in</a></p>\
                 <p style=\"color:#666\">It works once, until {{ invitation.expires }}. If you \
                 did not ask for it, ignore this message.</p>",
            ),
            TemplateKind::PortalSignUp => (
                "Confirm your address for {{ organization.name }}'s support portal",
                "Hello,\n\nTo finish signing up as {{ recipient.email }}, \
                 choose your password here:\n\n{{ invitation.url }}\n\nThe link works once, \
                 until {{ invitation.expires }}. If you did not sign up, ignore this message: \
                 nothing is set up without it.\n",
                "<p>Hello,</p><p>To finish signing up as \
                 {{ recipient.email }}, choose your password:</p>\
                 <p><a href=\"{{ invitation.url }}\">Finish signing up</a></p>\
                 <p style=\"color:#666\">The link works once, until \
                 {{ invitation.expires }}. If you did not sign up, ignore this message: nothing \
                 is set up without it.</p>",
            ),
            TemplateKind::Assigned
            | TemplateKind::Mentioned
            | TemplateKind::SlaWarning
            | TemplateKind::SlaBreached
            | TemplateKind::Reminder => (
                "{{ notification.message }}",
                "Hello {{ recipient.name }},\n\n{{ notification.message }}\n\nOpen it: \
                 {{ notification.url }}\n\nYou can choose which notifications you get by email \
                 in Rapport's settings.\n",
                "<p>Hello {{ recipient.name }},</p><p>{{ notification.message }}</p>\
                 <p><a href=\"{{ notification.url }}\">Open it in Rapport</a></p>\
                 <p style=\"color:#666\">You can choose which notifications you get by email in \
                 Rapport's settings.</p>",
            ),
        };
        Template {
            subject: subject.to_owned(),
            body_text: format!("{text}{SIGNATURE_TEXT}"),
            body_html: format!("{html}{SIGNATURE_HTML}"),
        }
    }
}
