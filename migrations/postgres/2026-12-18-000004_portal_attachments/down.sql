DROP INDEX ticket_attachments_by_ticket;
DROP INDEX ticket_attachments_waiting;
CREATE INDEX ticket_attachments_waiting ON ticket_attachments (created_at) WHERE message_id IS NULL;
DELETE FROM ticket_attachments WHERE message_id IS NULL AND ticket_id IS NOT NULL;
DELETE FROM ticket_attachments WHERE uploaded_by IS NULL;
ALTER TABLE ticket_attachments DROP CONSTRAINT ticket_attachments_one_uploader;
ALTER TABLE ticket_attachments DROP CONSTRAINT ticket_attachments_portal_uploader;
ALTER TABLE ticket_attachments DROP COLUMN uploaded_by_portal_user;
ALTER TABLE ticket_attachments ALTER COLUMN uploaded_by SET NOT NULL;
