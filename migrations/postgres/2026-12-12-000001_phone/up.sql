-- The phone: numbers normalised to E.164 for finding who calls, calls as activities with
-- their telephony details, the providers that report calls, and the callback queue.

-- Where a number written without its country code is taken to be (ISO 3166 region).
ALTER TABLE organizations ADD COLUMN phone_region TEXT NOT NULL DEFAULT 'US';

-- Each record's phone numbers in E.164, written as the record changes; a number that does
-- not parse has none. A caller is found by (org_id, number).
CREATE TABLE contact_phones (
    org_id BYTEA NOT NULL,
    contact_id BYTEA NOT NULL,
    number TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (org_id, contact_id, number),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id) ON DELETE CASCADE
);
CREATE INDEX contact_phones_by_number ON contact_phones (org_id, number, contact_id);
CREATE TABLE account_phones (
    org_id BYTEA NOT NULL,
    account_id BYTEA NOT NULL,
    number TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (org_id, account_id, number),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id) ON DELETE CASCADE
);
CREATE INDEX account_phones_by_number ON account_phones (org_id, number, account_id);
CREATE TABLE lead_phones (
    org_id BYTEA NOT NULL,
    lead_id BYTEA NOT NULL,
    number TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (org_id, lead_id, number),
    FOREIGN KEY (org_id, lead_id) REFERENCES leads (org_id, id) ON DELETE CASCADE
);
CREATE INDEX lead_phones_by_number ON lead_phones (org_id, number, lead_id);

-- A telephony provider's connection: the events it posts to
-- /api/v1/telephony/{key}/events are signed with `secret`.
CREATE TABLE telephony_providers (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    secret TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);

-- A call's telephony details, beside its activity row. A call a provider reported is known
-- by its id there.
CREATE TABLE calls (
    org_id BYTEA NOT NULL,
    activity_id BYTEA NOT NULL,
    from_number TEXT,
    to_number TEXT,
    answered_at TIMESTAMP,
    ended_at TIMESTAMP,
    recording_url TEXT,
    provider_id BYTEA,
    provider_call_id TEXT,
    PRIMARY KEY (org_id, activity_id),
    FOREIGN KEY (org_id, activity_id) REFERENCES activities (org_id, id)
);
CREATE UNIQUE INDEX calls_by_provider_call ON calls (org_id, provider_id, provider_call_id);

-- What a provider reported of a call, in order: ringing, answered, ended. The event stream
-- carries each to the agent's screen.
CREATE TABLE call_events (
    org_id BYTEA NOT NULL,
    call_id BYTEA NOT NULL,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    agent_id BYTEA,
    at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, call_id, seq),
    FOREIGN KEY (org_id, call_id) REFERENCES activities (org_id, id)
);

-- Customers waiting to be called back: a queue by due time, each assigned to an agent or to
-- whoever takes it.
CREATE TABLE callbacks (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    number TEXT NOT NULL,
    contact_id BYTEA,
    account_id BYTEA,
    call_id BYTEA,
    assignee_id BYTEA,
    due_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL,
    notes TEXT,
    completed_at TIMESTAMP,
    created_by BYTEA,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, contact_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, call_id) REFERENCES activities (org_id, id),
    FOREIGN KEY (org_id, assignee_id) REFERENCES users (org_id, id)
);
CREATE INDEX callbacks_by_due ON callbacks (org_id, due_at, id);
CREATE INDEX callbacks_by_updated ON callbacks (org_id, updated_at, id);
CREATE INDEX callbacks_by_assignee ON callbacks (org_id, assignee_id, status, due_at);
