-- Sales quotas: what a user or a team is to win in a month, quarter or year (starting on the
-- period's first day, 'YYYY-MM-DD'), in minor units of the base currency.
CREATE TABLE quotas (
    org_id BYTEA NOT NULL REFERENCES organizations (id),
    id BYTEA NOT NULL,
    user_id BYTEA,
    team_id BYTEA,
    period TEXT NOT NULL,
    period_start TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id)
);
CREATE UNIQUE INDEX quotas_per_user ON quotas (org_id, user_id, period, period_start);
CREATE UNIQUE INDEX quotas_per_team ON quotas (org_id, team_id, period, period_start);
