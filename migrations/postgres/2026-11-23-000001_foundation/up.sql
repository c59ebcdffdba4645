-- Organizations, staff users, sessions, teams, accounts, contacts and notes.
-- Every tenant table leads its keys with org_id, so the schema can be distributed by org_id (Citus).

CREATE TABLE organizations (
    id BYTEA PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    email TEXT NOT NULL,
    email_normalized TEXT NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    password_hash TEXT NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, email_normalized)
);
CREATE INDEX users_by_email ON users (email_normalized);

CREATE TABLE sessions (
    org_id BYTEA NOT NULL,
    id BYTEA NOT NULL,
    user_id BYTEA NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE INDEX sessions_by_user ON sessions (org_id, user_id);

CREATE TABLE refresh_tokens (
    org_id BYTEA NOT NULL,
    token_hash TEXT NOT NULL,
    session_id BYTEA NOT NULL,
    issued_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (org_id, token_hash),
    FOREIGN KEY (org_id, session_id) REFERENCES sessions (org_id, id)
);
CREATE INDEX refresh_tokens_by_session ON refresh_tokens (org_id, session_id);

CREATE TABLE teams (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, name_key)
);

CREATE TABLE team_members (
    org_id BYTEA NOT NULL,
    team_id BYTEA NOT NULL,
    user_id BYTEA NOT NULL,
    PRIMARY KEY (org_id, team_id, user_id),
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE INDEX team_members_by_user ON team_members (org_id, user_id);

CREATE TABLE accounts (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    domain TEXT,
    account_type TEXT NOT NULL,
    industry TEXT,
    tier TEXT,
    owner_id BYTEA,
    parent_id BYTEA,
    street TEXT,
    city TEXT,
    region TEXT,
    postal_code TEXT,
    country TEXT,
    phone TEXT,
    website TEXT,
    revenue_minor BIGINT,
    revenue_currency TEXT,
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, parent_id) REFERENCES accounts (org_id, id)
);
CREATE INDEX accounts_by_name ON accounts (org_id, name_key, id);
CREATE INDEX accounts_by_updated ON accounts (org_id, updated_at, id);
CREATE INDEX accounts_by_type ON accounts (org_id, account_type, id);
CREATE INDEX accounts_by_tier ON accounts (org_id, tier, id);
CREATE INDEX accounts_by_industry ON accounts (org_id, industry, id);
CREATE INDEX accounts_by_owner ON accounts (org_id, owner_id, id);
CREATE INDEX accounts_by_parent ON accounts (org_id, parent_id, id);
CREATE INDEX accounts_by_domain ON accounts (org_id, domain);

CREATE TABLE account_tags (
    org_id BYTEA NOT NULL,
    account_id BYTEA NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (org_id, account_id, tag),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id) ON DELETE CASCADE
);
CREATE INDEX account_tags_by_tag ON account_tags (org_id, tag, account_id);

CREATE TABLE contacts (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    account_id BYTEA,
    first_name TEXT,
    last_name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    email TEXT,
    email_normalized TEXT,
    phones TEXT NOT NULL DEFAULT '[]',
    title TEXT,
    owner_id BYTEA,
    preferred_channel TEXT NOT NULL,
    consent_email BOOLEAN NOT NULL DEFAULT FALSE,
    consent_phone BOOLEAN NOT NULL DEFAULT FALSE,
    consent_sms BOOLEAN NOT NULL DEFAULT FALSE,
    do_not_contact BOOLEAN NOT NULL DEFAULT FALSE,
    search_text TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, owner_id) REFERENCES users (org_id, id)
);
CREATE INDEX contacts_by_name ON contacts (org_id, name_key, id);
CREATE INDEX contacts_by_updated ON contacts (org_id, updated_at, id);
CREATE INDEX contacts_by_account ON contacts (org_id, account_id, id);
CREATE INDEX contacts_by_owner ON contacts (org_id, owner_id, id);
CREATE INDEX contacts_by_email ON contacts (org_id, email_normalized);

CREATE TABLE contact_tags (
    org_id BYTEA NOT NULL,
    contact_id BYTEA NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (org_id, contact_id, tag),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_tags_by_tag ON contact_tags (org_id, tag, contact_id);

CREATE TABLE notes (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    account_id BYTEA,
    contact_id BYTEA,
    body TEXT NOT NULL,
    author_id BYTEA,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, author_id) REFERENCES users (org_id, id)
);
CREATE INDEX notes_by_account ON notes (org_id, account_id, id);
CREATE INDEX notes_by_contact ON notes (org_id, contact_id, id);

-- Word-prefix search over names, email, domain and phone numbers. search_text holds the words
-- (built by the application); the index holds every prefix of every word (up to 20 characters)
-- as an exact lexeme, so a query is a plain lexeme match whose selectivity PostgreSQL can
-- estimate from its statistics. With `word:*` prefix queries it cannot, and a search for a
-- word that matches nothing would walk the whole table.
CREATE FUNCTION rapport_search_vector(words text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$
        SELECT coalesce(array_to_tsvector(array_agg(DISTINCT left(w, n))), ''::tsvector)
        FROM unnest(string_to_array(words, ' ')) AS w, generate_series(1, least(length(w), 20)) AS n
        WHERE w <> ''
    $$;

ALTER TABLE accounts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (rapport_search_vector(search_text)) STORED;
CREATE INDEX accounts_search ON accounts USING gin (search_vector);
ALTER TABLE accounts ALTER COLUMN search_vector SET STATISTICS 1000;
ALTER TABLE contacts ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (rapport_search_vector(search_text)) STORED;
CREATE INDEX contacts_search ON contacts USING gin (search_vector);
ALTER TABLE contacts ALTER COLUMN search_vector SET STATISTICS 1000;

-- The list filters are often combined; tell the planner how they combine, so a combination
-- that matches little is not walked in name order through the whole table.
CREATE STATISTICS accounts_filter_stats (mcv, dependencies) ON account_type, tier, industry FROM accounts;
