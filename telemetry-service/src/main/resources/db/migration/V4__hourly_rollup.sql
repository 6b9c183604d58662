-- Hourly roll-ups of the figures, overall and per symbol: what the daily and weekly reports are built from.
CREATE TABLE hourly_rollup (
    hour        TIMESTAMPTZ NOT NULL,
    scope       TEXT        NOT NULL,
    scope_key   TEXT        NOT NULL,
    figures     JSONB       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hour, scope, scope_key)
);

-- Resources of every instance per hour, from its heartbeats: the memory and CPU trend of the reports.
CREATE TABLE hourly_instance (
    hour             TIMESTAMPTZ NOT NULL,
    service          TEXT        NOT NULL,
    instance         TEXT        NOT NULL,
    rss_bytes_max    BIGINT,
    rss_bytes_last   BIGINT,
    heap_bytes_max   BIGINT,
    cpu_percent_max  NUMERIC,
    cpu_percent_last NUMERIC,
    updated_at       TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (hour, service, instance)
);
