-- Failed logins are counted per email address in login_throttle, for users and unknown
-- emails alike, so the per-user counters go.
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
