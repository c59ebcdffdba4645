-- The service desk: tickets with per-organization numbers, their conversation and timeline.

-- The last ticket number each organization gave out. Taken with an upsert in the transaction
-- that creates the ticket: the row lock orders concurrent creations, and a rolled-back
-- creation gives its number back before anyone saw it.
CREATE TABLE ticket_counters (
    org_id BYTEA PRIMARY KEY NOT NULL REFERENCES organizations (id),
    last_number BIGINT NOT NULL
);

CREATE TABLE tickets (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    number BIGINT NOT NULL,
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    requester_id BYTEA NOT NULL,
    account_id BYTEA,
    channel TEXT NOT NULL,
    priority TEXT NOT NULL,
    -- 1 (low) to 4 (urgent), for sorting.
    priority_rank BIGINT NOT NULL,
    ticket_type TEXT,
    category TEXT,
    status TEXT NOT NULL,
    assignee_id BYTEA,
    team_id BYTEA,
    tags TEXT NOT NULL DEFAULT '[]',
    search_text TEXT NOT NULL,
    sla_policy_id BYTEA,
    -- The deadline of the most urgent running clock; 9999-12-31 when none runs, so that the
    -- column sorts (and pages by keyset) without NULLs.
    sla_due_at TIMESTAMP NOT NULL,
    -- When that clock warns.
    sla_warn_at TIMESTAMP,
    -- The next instant a clock warns or breaches: what the escalation sweep looks for.
    sla_next_at TIMESTAMP,
    first_responded_at TIMESTAMP,
    solved_at TIMESTAMP,
    closed_at TIMESTAMP,
    merged_into_id BYTEA,
    follow_up_of_id BYTEA,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, number),
    FOREIGN KEY (org_id, requester_id) REFERENCES contacts (org_id, id),
    FOREIGN KEY (org_id, account_id) REFERENCES accounts (org_id, id),
    FOREIGN KEY (org_id, assignee_id) REFERENCES users (org_id, id)
);
CREATE INDEX tickets_by_updated ON tickets (org_id, updated_at, id);
CREATE INDEX tickets_by_sla_due ON tickets (org_id, sla_due_at, id);
CREATE INDEX tickets_by_priority ON tickets (org_id, priority_rank, id);
CREATE INDEX tickets_by_status ON tickets (org_id, status, sla_due_at, id);
CREATE INDEX tickets_by_assignee ON tickets (org_id, assignee_id, status);
CREATE INDEX tickets_by_team ON tickets (org_id, team_id, status);
CREATE INDEX tickets_by_requester ON tickets (org_id, requester_id, id);
CREATE INDEX tickets_by_account ON tickets (org_id, account_id, id);
CREATE INDEX tickets_sla_next ON tickets (sla_next_at) WHERE sla_next_at IS NOT NULL;

CREATE TABLE ticket_tags (
    org_id BYTEA NOT NULL,
    ticket_id BYTEA NOT NULL,
    tag TEXT NOT NULL,
    PRIMARY KEY (org_id, ticket_id, tag),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id) ON DELETE CASCADE
);
CREATE INDEX ticket_tags_by_tag ON ticket_tags (org_id, tag, ticket_id);

CREATE TABLE ticket_terms (
    org_id BYTEA NOT NULL,
    term TEXT COLLATE "C" NOT NULL,
    ticket_id BYTEA NOT NULL,
    PRIMARY KEY (org_id, term, ticket_id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id) ON DELETE CASCADE
);
ALTER TABLE ticket_terms ALTER COLUMN term SET STATISTICS 1000;

-- Public replies and internal notes. Never edited; an admin may redact one.
CREATE TABLE ticket_messages (
    org_id BYTEA NOT NULL,
    id BYTEA NOT NULL,
    ticket_id BYTEA NOT NULL,
    public BOOLEAN NOT NULL,
    author_user_id BYTEA,
    author_contact_id BYTEA,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    redacted_at TIMESTAMP,
    redacted_by BYTEA,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id)
);
CREATE INDEX ticket_messages_by_ticket ON ticket_messages (org_id, ticket_id, id);

-- What happened to a ticket, in order: the timeline, and what its SLA clocks are replayed from.
CREATE TABLE ticket_events (
    org_id BYTEA NOT NULL,
    ticket_id BYTEA NOT NULL,
    seq BIGINT NOT NULL,
    at TIMESTAMP NOT NULL,
    kind TEXT NOT NULL,
    actor_id BYTEA,
    data TEXT NOT NULL,
    PRIMARY KEY (org_id, ticket_id, seq),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id)
);
