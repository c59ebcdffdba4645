-- Territories: a hierarchy of sales regions. Each narrows its parent with rules (JSON lists of
-- countries, regions, industries and company sizes; an empty list takes everything) that place
-- accounts; its owners receive the leads that assignment rules send to the territory.
CREATE TABLE territories (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    description TEXT,
    parent_id BLOB,
    countries TEXT NOT NULL DEFAULT '[]',
    regions TEXT NOT NULL DEFAULT '[]',
    industries TEXT NOT NULL DEFAULT '[]',
    company_sizes TEXT NOT NULL DEFAULT '[]',
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, parent_id) REFERENCES territories (org_id, id)
);
CREATE UNIQUE INDEX territories_live_name ON territories (org_id, name_key) WHERE deleted_at IS NULL;

CREATE TABLE territory_owners (
    org_id BLOB NOT NULL,
    territory_id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    PRIMARY KEY (org_id, territory_id, user_id),
    FOREIGN KEY (org_id, territory_id) REFERENCES territories (org_id, id) ON DELETE CASCADE,
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);

-- Accounts gain the company size territories read, and the territory they are placed in. No
-- foreign key: SQLite adds one only by rebuilding accounts, which most tables reference, and
-- territories are never removed, only moved to the trash (which places their accounts again).
ALTER TABLE accounts ADD COLUMN company_size TEXT;
ALTER TABLE accounts ADD COLUMN territory_id BLOB;
CREATE INDEX accounts_by_territory ON accounts (org_id, territory_id, id);

-- Lead assignment rules, tried in order (live rules hold positions 0..n). `conditions` is
-- JSON (sources, countries, industries, company sizes, territories); `assign_to` is user, team
-- or territory, with the user or team it names.
CREATE TABLE assignment_rules (
    org_id BLOB NOT NULL REFERENCES organizations (id),
    id BLOB NOT NULL,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL,
    position BIGINT NOT NULL,
    active BOOLEAN NOT NULL DEFAULT 1,
    conditions TEXT NOT NULL DEFAULT '{}',
    assign_to TEXT NOT NULL,
    user_id BLOB,
    team_id BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version BIGINT NOT NULL DEFAULT 1,
    PRIMARY KEY (org_id, id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id),
    FOREIGN KEY (org_id, team_id) REFERENCES teams (org_id, id)
);
CREATE UNIQUE INDEX assignment_rules_live_name ON assignment_rules (org_id, name_key) WHERE deleted_at IS NULL;

-- Whose turn it is in each pool of lead assignment (a team or a territory): the pool's count
-- when each member last received a lead.
CREATE TABLE lead_turns (
    org_id BLOB NOT NULL,
    pool_id BLOB NOT NULL,
    user_id BLOB NOT NULL,
    last_turn BIGINT NOT NULL,
    PRIMARY KEY (org_id, pool_id, user_id),
    FOREIGN KEY (org_id, user_id) REFERENCES users (org_id, id)
);

-- Who receives a new lead that no assignment rule takes.
ALTER TABLE organizations ADD COLUMN default_lead_owner_id BLOB;
