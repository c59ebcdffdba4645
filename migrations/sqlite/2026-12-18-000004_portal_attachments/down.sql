DELETE FROM ticket_attachments WHERE uploaded_by IS NULL OR (message_id IS NULL AND ticket_id IS NOT NULL);
CREATE TABLE ticket_attachments_by_staff (
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
INSERT INTO ticket_attachments_by_staff (org_id, id, ticket_id, message_id, filename, content_type, size, sha256, uploaded_by, created_at)
SELECT org_id, id, ticket_id, message_id, filename, content_type, size, sha256, uploaded_by, created_at FROM ticket_attachments;
DROP TABLE ticket_attachments;
ALTER TABLE ticket_attachments_by_staff RENAME TO ticket_attachments;
CREATE INDEX ticket_attachments_by_message ON ticket_attachments (org_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX ticket_attachments_by_content ON ticket_attachments (org_id, sha256);
CREATE INDEX ticket_attachments_waiting ON ticket_attachments (created_at) WHERE message_id IS NULL;
