-- When an account was last sent each kind of email that someone else can trigger by typing its
-- address (a reset link, "you already have an account", the verification link again). At most
-- one of each kind goes out per few minutes, whatever the number of requests or of servers:
-- the row is claimed by one conditional upsert (accounts::store::claim_account_email).
CREATE TABLE account_emails_sent (
    user_id  bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind     text NOT NULL CHECK (kind IN ('verify_email', 'reset_password', 'account_exists')),
    sent_at  timestamptz NOT NULL,
    PRIMARY KEY (user_id, kind)
);
