DROP TRIGGER opportunities_totals_update ON opportunities;
DROP TRIGGER opportunities_totals_insert_delete ON opportunities;
DROP FUNCTION opportunity_totals_change();
DROP TABLE opportunity_total_changes;
DROP TABLE opportunity_totals;
