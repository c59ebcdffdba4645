DROP TRIGGER opportunities_totals_update;
DROP TRIGGER opportunities_totals_delete;
DROP TRIGGER opportunities_totals_insert;
DROP TABLE opportunity_total_changes;
DROP TABLE opportunity_totals;
