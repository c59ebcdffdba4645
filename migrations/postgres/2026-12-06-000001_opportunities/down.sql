DROP TABLE opportunity_stage_changes;
DROP TABLE opportunity_contacts;
DROP TABLE opportunity_terms;
DROP TABLE opportunities;
DROP TABLE pipeline_stages;
DROP TABLE pipelines;
DROP TABLE exchange_rates;
ALTER TABLE organizations DROP COLUMN base_currency;
