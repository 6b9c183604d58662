-- Every start of a service instance and the flags it ran with.
CREATE TABLE service_run (
    id            BIGSERIAL PRIMARY KEY,
    instance      TEXT        NOT NULL,
    version       TEXT        NOT NULL,
    flags_hash    CHAR(12)    NOT NULL,
    master_switch BOOLEAN     NOT NULL,
    flags         TEXT        NOT NULL,
    started_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX service_run_started_at ON service_run (started_at);
