-- Customers at the domains of known accounts may give themselves portal access, when the
-- organization allows it.
ALTER TABLE organizations ADD COLUMN portal_self_sign_up BOOLEAN NOT NULL DEFAULT FALSE;

-- Links mailed to prove an address: signing in without a password (`sign_in`, for a portal
-- user) or finishing a self sign-up (`sign_up`, for an address no portal user has yet, with
-- the account its domain names and the name typed). Kept hashed; each works once and is
-- forgotten when used or past its expiry.
CREATE TABLE portal_links (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    token_hash TEXT NOT NULL,
    purpose TEXT NOT NULL,
    partner_id BLOB NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    portal_user_id BLOB,
    account_id BLOB,
    name TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, token_hash)
);
CREATE INDEX portal_links_by_address ON portal_links (org_id, email_normalized, expires_at);
CREATE INDEX portal_links_by_expiry ON portal_links (org_id, expires_at);
