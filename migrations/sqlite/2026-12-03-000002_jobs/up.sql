-- Background jobs, written in the transaction of the change that causes them. Every server
-- process claims due jobs; a lease (locked_until) hands a dead worker's jobs to another. A job
-- is done in the same transaction as its effect, and only by the worker holding its lease.
CREATE TABLE jobs (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- queued, running, done, dead (out of attempts) or cancelled.
    status TEXT NOT NULL,
    run_at TIMESTAMP NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    locked_by TEXT,
    locked_until TIMESTAMP,
    last_error TEXT,
    -- The same key is enqueued once: scheduled work fires once per instant.
    dedupe_key TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, id),
    UNIQUE (org_id, dedupe_key)
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status IN ('queued', 'running');
CREATE INDEX jobs_by_status ON jobs (org_id, status, id);

-- The SLA clock events that fired, once each however many processes sweep.
CREATE TABLE sla_events (
    org_id BLOB NOT NULL,
    ticket_id BLOB NOT NULL,
    clock TEXT NOT NULL,
    started_at TIMESTAMP NOT NULL,
    event TEXT NOT NULL,
    -- A new target (a priority change) is a new promise, warned about and breached anew.
    target_minutes BIGINT NOT NULL,
    fired_at TIMESTAMP NOT NULL,
    PRIMARY KEY (org_id, ticket_id, clock, started_at, event, target_minutes),
    FOREIGN KEY (org_id, ticket_id) REFERENCES tickets (org_id, id)
);

-- What each user is told: assignments, replies, mentions, SLA warnings and breaches.
CREATE TABLE notifications (
    org_id BLOB NOT NULL,
    id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    kind TEXT NOT NULL,
    ticket_id BLOB,
    message TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    read_at TIMESTAMP,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);
CREATE INDEX notifications_by_user ON notifications (org_id, user_id, id);
CREATE INDEX notifications_unread ON notifications (org_id, user_id) WHERE read_at IS NULL;
