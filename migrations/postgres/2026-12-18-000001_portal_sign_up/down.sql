DROP TABLE portal_links;
ALTER TABLE organizations DROP COLUMN portal_self_sign_up;
