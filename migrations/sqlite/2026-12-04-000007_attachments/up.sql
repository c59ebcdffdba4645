-- Files sent with ticket messages. The content is kept on disk once per organization and
-- SHA-256 (attachment_blobs), however many attachments carry it; an upload waits, with no
-- message, until its uploader sends it (or the tidying deletes it a day later).
CREATE TABLE attachment_blobs (
    org_id BLOB NOT NULL,
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, sha256)
);

CREATE TABLE ticket_attachments (
    org_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ticket_id BLOB,
    message_id BLOB,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BLOB NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, message_id) REFERENCES ticket_messages (org_id, id),
    FOREIGN KEY (org_id, uploaded_by) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, sha256) REFERENCES attachment_blobs (org_id, sha256)
);
CREATE INDEX ticket_attachments_by_message ON ticket_attachments (org_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX ticket_attachments_by_content ON ticket_attachments (org_id, sha256);
CREATE INDEX ticket_attachments_waiting ON ticket_attachments (created_at) WHERE message_id IS NULL;

-- The largest file an organization's people may attach, in MiB.
ALTER TABLE organizations ADD COLUMN max_attachment_mib INTEGER NOT NULL DEFAULT 20;
