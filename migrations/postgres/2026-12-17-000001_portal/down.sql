DROP TABLE portal_sso_uses;
DROP TABLE ticket_ratings;
DROP TABLE portal_sessions;
DROP TABLE portal_users;
DROP TABLE partners;
