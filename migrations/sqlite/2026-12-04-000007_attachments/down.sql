ALTER TABLE organizations DROP COLUMN max_attachment_mib;
DROP TABLE ticket_attachments;
DROP TABLE attachment_blobs;
