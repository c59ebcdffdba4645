-- Mailboxes: the support addresses whose mail becomes tickets. A mailbox's mail is posted to
-- /api/v1/inbound/email/{token}; the token carries the mailbox and `secret`, which a rotation
-- replaces. New tickets go to `team_id`'s queue.
CREATE TABLE mailboxes (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    team_id BLOB,
    active BOOLEAN NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);

-- Every message that reached a mailbox, kept whole (`raw`) whatever became of it: the
-- ticket it opened or the reply it became, or why it became neither (`outcome`). One row per
-- message id and organization, so a message delivered twice is stored once; a message
-- without an id is known by its content's hash. `attachments` lists its attached and inline
-- files (JSON), which are read from `raw` when downloaded. Redacting the ticket message it
-- became blanks `raw` too (`redacted_at`).
CREATE TABLE inbound_emails (
    org_id BLOB NOT NULL,
    id BLOB NOT NULL,
    mailbox_id BLOB NOT NULL,
    message_id TEXT NOT NULL,
    from_address TEXT,
    subject TEXT,
    sender TEXT NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT,
    ticket_id BLOB,
    ticket_message_id BLOB,
    size BIGINT NOT NULL,
    raw BLOB NOT NULL,
    attachments TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    redacted_at TIMESTAMP,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, mailbox_id) REFERENCES mailboxes (org_id, id)
);
CREATE UNIQUE INDEX inbound_emails_by_message_id ON inbound_emails (org_id, message_id);
CREATE INDEX inbound_emails_by_mailbox ON inbound_emails (org_id, mailbox_id, received_at, id);
CREATE INDEX inbound_emails_by_ticket ON inbound_emails (org_id, ticket_id)
    WHERE ticket_id IS NOT NULL;

-- The mail a ticket message came in as.
ALTER TABLE ticket_messages ADD COLUMN inbound_email_id BLOB;

-- Senders whose mail is kept but opens nothing: whole addresses, or `@domain`.
ALTER TABLE organizations ADD COLUMN blocked_senders TEXT NOT NULL DEFAULT '[]';
