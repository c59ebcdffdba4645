-- A partner's backend may sign its single sign-on tokens with a private key of its own rather
-- than the shared secret: the public key they are checked with (PEM, RSA or EC).
ALTER TABLE partners ADD COLUMN sso_public_key TEXT;
