-- Failed logins for emails that belong to no user. They lock exactly like a user's, so the
-- answer (401, then 429 with Retry-After) never tells whether an email has an account.
CREATE TABLE login_throttle (
    email_normalized TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    locked_until TIMESTAMP,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX login_throttle_by_age ON login_throttle (updated_at);
