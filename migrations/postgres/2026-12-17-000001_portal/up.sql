-- The customer portal: partners (the websites that embed it), the contacts who may sign in
-- to it, and their sessions. Every table leads with org_id (distribution by organization).

-- A partner's key is public (it names the portal in URLs) and carries its organization, so
-- a request finds the partner within one tenant.
CREATE TABLE partners (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    -- JSON array of origins (scheme://host[:port]) allowed to frame the portal.
    allowed_origins TEXT NOT NULL,
    accent_color TEXT,
    logo_url TEXT,
    language TEXT,
    ticket_creation BOOLEAN NOT NULL DEFAULT TRUE,
    knowledge_base BOOLEAN NOT NULL DEFAULT TRUE,
    assets BOOLEAN NOT NULL DEFAULT TRUE,
    -- The secret the partner's backend signs single sign-on tokens with (HS256); none: no
    -- single sign-on.
    sso_secret TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, key)
);
CREATE INDEX partners_by_name ON partners (org_id, name_key, id);
CREATE INDEX partners_by_updated ON partners (org_id, updated_at, id);

-- A contact with portal access. The address signed in with is the portal user's own (taken
-- from the contact when invited). An invitation is a one-time token, kept hashed.
CREATE TABLE portal_users (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    contact_id BYTEA NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    role TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash TEXT,
    invitation_hash TEXT,
    invitation_expires_at TIMESTAMP,
    last_login_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id)
);
CREATE UNIQUE INDEX portal_users_email ON portal_users (org_id, email_normalized)
    WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX portal_users_contact ON portal_users (org_id, contact_id)
    WHERE deleted_at IS NULL;
CREATE UNIQUE INDEX portal_users_invitation ON portal_users (org_id, invitation_hash)
    WHERE invitation_hash IS NOT NULL;
CREATE INDEX portal_users_by_updated ON portal_users (org_id, updated_at, id);

-- One sign-in through a partner's portal. The refresh token rotates: the current one's hash,
-- and the one before it, whose reuse means it leaked and ends the session.
CREATE TABLE portal_sessions (
    org_id BYTEA NOT NULL,
    id BYTEA NOT NULL,
    portal_user_id BYTEA NOT NULL,
    partner_id BYTEA NOT NULL,
    token_hash TEXT NOT NULL,
    previous_hash TEXT,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, portal_user_id) REFERENCES portal_users (org_id, id),
    FOREIGN KEY (org_id, partner_id) REFERENCES partners (org_id, id)
);
CREATE UNIQUE INDEX portal_sessions_token ON portal_sessions (org_id, token_hash);
CREATE INDEX portal_sessions_previous ON portal_sessions (org_id, previous_hash)
    WHERE previous_hash IS NOT NULL;
CREATE INDEX portal_sessions_by_user ON portal_sessions (org_id, portal_user_id);

-- A customer's rating of a solved ticket: one answer per ticket, a score of 1 to 5 and an
-- optional comment, by the contact who gave it.
CREATE TABLE ticket_ratings (
    org_id BYTEA NOT NULL,
    ticket_id BYTEA NOT NULL,
    score INTEGER NOT NULL,
    comment TEXT,
    rated_by BYTEA NOT NULL,
    rated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, ticket_id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id)
);
CREATE INDEX ticket_ratings_by_time ON ticket_ratings (org_id, rated_at);

-- Single sign-on tokens already used, by their `jti`, kept until they expire: each signs a
-- customer in once.
CREATE TABLE portal_sso_uses (
    org_id BYTEA NOT NULL,
    partner_id BYTEA NOT NULL,
    jti TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, partner_id, jti)
);
CREATE INDEX portal_sso_uses_by_expiry ON portal_sso_uses (org_id, expires_at);
