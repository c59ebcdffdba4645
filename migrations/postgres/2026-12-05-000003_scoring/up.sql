-- Lead scoring rules: points for a lead's fields or for each of its events (`criterion` is
-- JSON: a field and the values that count, or an event kind and the half-life its points fade
-- with). A lead keeps its score, recomputed when it, its events or the rules change.
CREATE TABLE scoring_rules (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT COLLATE "C" NOT NULL,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    criterion TEXT NOT NULL,
    points BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id)
);
CREATE UNIQUE INDEX scoring_rules_live_name ON scoring_rules (org_id, name_key) WHERE deleted_at IS NULL;

ALTER TABLE leads ADD COLUMN score BIGINT NOT NULL DEFAULT 0;
CREATE INDEX leads_by_score ON leads (org_id, score, id);
