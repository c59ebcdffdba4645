-- A mailbox whose mail Rapport fetches from an IMAP server, for those who host their own
-- mail: where and how to sign in, and how far it has read (`last_uid` of the folder while its
-- UIDVALIDITY is `uid_validity`). `polled_at` is also the claim: one process polls a mailbox
-- at a time. Messages are left on the server, marked seen.
CREATE TABLE mailbox_imap (
    org_id BYTEA NOT NULL,
    mailbox_id BYTEA NOT NULL,
    host TEXT NOT NULL,
    port INTEGER NOT NULL,
    security TEXT NOT NULL,
    username TEXT NOT NULL,
    password TEXT NOT NULL,
    folder TEXT NOT NULL,
    uid_validity BIGINT,
    last_uid BIGINT NOT NULL DEFAULT 0,
    polled_at TIMESTAMP,
    error TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, mailbox_id),
    FOREIGN KEY (org_id, mailbox_id) REFERENCES mailboxes (org_id, id)
);
