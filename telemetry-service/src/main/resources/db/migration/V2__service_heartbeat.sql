-- Last heartbeat of every service instance (ops.heartbeats), one row per instance.
CREATE TABLE service_heartbeat (
    service        TEXT        NOT NULL,
    instance       TEXT        NOT NULL,
    version        TEXT        NOT NULL,
    status         TEXT        NOT NULL,
    flags_hash     TEXT        NOT NULL,
    master_switch  BOOLEAN     NOT NULL,
    started_at     TIMESTAMPTZ NOT NULL,
    last_seen_at   TIMESTAMPTZ NOT NULL,
    last_event_id  TEXT        NOT NULL,
    PRIMARY KEY (service, instance)
);
