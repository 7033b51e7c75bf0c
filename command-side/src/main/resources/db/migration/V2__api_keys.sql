-- API keys (issue 10): a key belongs to one tenant and has roles (sender, reader, operator, comma-separated).
-- Only the SHA-256 of a key's secret is kept; the secret is shown once when the key is made. Revoked keys stay,
-- with the time of their revocation, so that the audit's actor ids keep meaning something.

CREATE TABLE api_keys (
    id          VARCHAR(64)              NOT NULL,
    tenant      VARCHAR(64)              NOT NULL,
    roles       VARCHAR(64)              NOT NULL,
    secret_hash BYTEA                    NOT NULL,
    label       VARCHAR(200),
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (id),
    UNIQUE (secret_hash)
);
