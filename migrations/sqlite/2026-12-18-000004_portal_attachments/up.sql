-- A customer attaches files in the portal: an attachment is uploaded by a staff user or by a
-- portal user, exactly one of them. An upload now waits with no ticket: a file sent with a
-- ticket's description (a ticket opened with files) has a ticket and no message. SQLite
-- cannot loosen a column: the table is rebuilt.
CREATE TABLE ticket_attachments_by_anyone (
    org_id BLOB NOT NULL,
    id BLOB NOT NULL,
    ticket_id BLOB,
    message_id BLOB,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    uploaded_by BLOB,
    uploaded_by_portal_user BLOB,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id),
    FOREIGN KEY (org_id, message_id) REFERENCES ticket_messages (org_id, id),
    FOREIGN KEY (org_id, uploaded_by) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, uploaded_by_portal_user) REFERENCES portal_users (org_id, id),
    FOREIGN KEY (org_id, sha256) REFERENCES attachment_blobs (org_id, sha256),
    CHECK ((uploaded_by IS NULL) <> (uploaded_by_portal_user IS NULL))
);
INSERT INTO ticket_attachments_by_anyone (org_id, id, ticket_id, message_id, filename, content_type, size, sha256, uploaded_by, created_at)
SELECT org_id, id, ticket_id, message_id, filename, content_type, size, sha256, uploaded_by, created_at FROM ticket_attachments;
DROP TABLE ticket_attachments;
ALTER TABLE ticket_attachments_by_anyone RENAME TO ticket_attachments;
CREATE INDEX ticket_attachments_by_message ON ticket_attachments (org_id, message_id) WHERE message_id IS NOT NULL;
CREATE INDEX ticket_attachments_by_content ON ticket_attachments (org_id, sha256);
CREATE INDEX ticket_attachments_waiting ON ticket_attachments (created_at) WHERE ticket_id IS NULL;
CREATE INDEX ticket_attachments_by_ticket ON ticket_attachments (org_id, ticket_id);
