-- How an organization's mail leaves: its SMTP server and whom the mail is from. No row, or
-- `enabled` false, and no mail is sent (nothing is queued either). `smtp_security` is `tls`
-- (implicit TLS), `starttls` (required) or `none` (a relay on a trusted network).
-- `reply_to_mailbox_id` names the mailbox customers' answers go to.
CREATE TABLE mail_settings (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    enabled BOOLEAN NOT NULL,
    smtp_host TEXT NOT NULL,
    smtp_port INTEGER NOT NULL,
    smtp_security TEXT NOT NULL,
    smtp_username TEXT,
    smtp_password TEXT,
    from_address TEXT NOT NULL,
    from_name TEXT,
    reply_to_mailbox_id BYTEA,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id)
);

-- An organization's own wording of one kind of mail; a kind without a row uses the default.
CREATE TABLE email_templates (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, kind)
);

-- Every mail Rapport sends, one per `mail.send` job (`id` is the job's id): its Message-ID,
-- fixed when it is queued so that a retried delivery carries the same one and customers'
-- answers thread against it, and what became of it (`queued`, `sent`, `failed`, `skipped`).
CREATE TABLE outbound_emails (
    org_id BYTEA NOT NULL,
    id BYTEA NOT NULL,
    kind TEXT NOT NULL,
    message_id TEXT COLLATE "C" NOT NULL,
    ticket_id BYTEA,
    ticket_message_id BYTEA,
    user_id BYTEA,
    notification_id BYTEA,
    recipient TEXT,
    subject TEXT,
    status TEXT NOT NULL,
    detail TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX outbound_emails_by_message_id ON outbound_emails (org_id, message_id);
CREATE INDEX outbound_emails_by_ticket ON outbound_emails (org_id, ticket_id, created_at)
    WHERE ticket_id IS NOT NULL;

-- The notifications a user is also sent by email (a JSON list of kinds).
ALTER TABLE users ADD COLUMN email_notifications TEXT NOT NULL
    DEFAULT '["assigned","mentioned","sla_warning","sla_breached","lead_assigned","reminder"]';
