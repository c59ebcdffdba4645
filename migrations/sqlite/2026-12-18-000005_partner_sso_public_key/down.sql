ALTER TABLE partners DROP COLUMN sso_public_key;
