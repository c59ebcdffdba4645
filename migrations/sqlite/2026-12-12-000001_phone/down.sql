DROP TABLE callbacks;
DROP TABLE call_events;
DROP TABLE calls;
DROP TABLE telephony_providers;
DROP TABLE lead_phones;
DROP TABLE account_phones;
DROP TABLE contact_phones;
ALTER TABLE organizations DROP COLUMN phone_region;
