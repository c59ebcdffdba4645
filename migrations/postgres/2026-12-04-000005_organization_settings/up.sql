-- Each organization's service-desk rules, changed by its admins: how long a solved ticket can
-- be reopened by a reply, and after how long it closes by itself.
ALTER TABLE organizations ADD COLUMN reopen_window_days INTEGER NOT NULL DEFAULT 7;
ALTER TABLE organizations ADD COLUMN auto_close_after_days INTEGER NOT NULL DEFAULT 4;
ALTER TABLE organizations ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
