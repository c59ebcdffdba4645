ALTER TABLE organizations DROP COLUMN default_lead_owner_id;
DROP TABLE lead_turns;
DROP TABLE assignment_rules;
DROP INDEX accounts_by_territory;
ALTER TABLE accounts DROP COLUMN territory_id;
ALTER TABLE accounts DROP COLUMN company_size;
DROP TABLE territory_owners;
DROP TABLE territories;
