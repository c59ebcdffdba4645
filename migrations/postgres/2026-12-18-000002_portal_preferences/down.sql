ALTER TABLE portal_users DROP COLUMN mail_updates;
ALTER TABLE portal_users DROP COLUMN mail_replies;
