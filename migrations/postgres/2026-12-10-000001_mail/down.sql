ALTER TABLE organizations DROP COLUMN blocked_senders;
ALTER TABLE ticket_messages DROP COLUMN inbound_email_id;
DROP TABLE inbound_emails;
DROP TABLE mailboxes;
