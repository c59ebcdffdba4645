ALTER TABLE organizations DROP COLUMN version;
ALTER TABLE organizations DROP COLUMN auto_close_after_days;
ALTER TABLE organizations DROP COLUMN reopen_window_days;
