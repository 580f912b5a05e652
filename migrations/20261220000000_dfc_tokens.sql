-- The platforms the board lets read and write orders through the DFC API: each token is for a
-- platform (its name) acting for one member account (the enterprise whose orders it places and
-- reads). Only the token's SHA-256 is kept; the board sees it once, when issuing it.
CREATE TABLE dfc_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    coop_id      bigint NOT NULL REFERENCES coops (id),
    platform     text NOT NULL CHECK (length(platform) BETWEEN 1 AND 80),
    user_id      bigint NOT NULL REFERENCES users (id),
    token_hash   bytea NOT NULL UNIQUE,
    issued_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    issued_at    timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz,
    revoked_by   bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX dfc_tokens_coop ON dfc_tokens (coop_id, issued_at DESC);
