-- A customer attaches files in the portal: an attachment is uploaded by a staff user or by a
-- portal user, exactly one of them. An upload now waits with no ticket: a file sent with a
-- ticket's description (a ticket opened with files) has a ticket and no message.
ALTER TABLE ticket_attachments ALTER COLUMN uploaded_by DROP NOT NULL;
ALTER TABLE ticket_attachments ADD COLUMN uploaded_by_portal_user BYTEA;
ALTER TABLE ticket_attachments ADD CONSTRAINT ticket_attachments_portal_uploader
    FOREIGN KEY (org_id, uploaded_by_portal_user) REFERENCES portal_users (org_id, id);
ALTER TABLE ticket_attachments ADD CONSTRAINT ticket_attachments_one_uploader
    CHECK ((uploaded_by IS NULL) <> (uploaded_by_portal_user IS NULL));
DROP INDEX ticket_attachments_waiting;
CREATE INDEX ticket_attachments_waiting ON ticket_attachments (created_at) WHERE ticket_id IS NULL;
CREATE INDEX ticket_attachments_by_ticket ON ticket_attachments (org_id, ticket_id);
