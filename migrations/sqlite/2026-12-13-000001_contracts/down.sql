DROP TABLE ticket_entitlements;
DROP TABLE entitlements;
DROP TABLE contract_contacts;
DROP TABLE contracts;
DROP TABLE record_counters;
ALTER TABLE organizations DROP COLUMN entitlement_check;
