ALTER TABLE users DROP COLUMN email_notifications;
DROP TABLE outbound_emails;
DROP TABLE email_templates;
DROP TABLE mail_settings;
