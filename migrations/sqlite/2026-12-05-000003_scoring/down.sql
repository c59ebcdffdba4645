DROP INDEX leads_by_score;
ALTER TABLE leads DROP COLUMN score;
DROP TABLE scoring_rules;
