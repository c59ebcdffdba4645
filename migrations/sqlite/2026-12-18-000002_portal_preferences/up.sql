-- What mail about their tickets a portal user wants: agents' replies, and word that a ticket
-- was received or solved. Both on until they say otherwise.
ALTER TABLE portal_users ADD COLUMN mail_replies BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE portal_users ADD COLUMN mail_updates BOOLEAN NOT NULL DEFAULT TRUE;
