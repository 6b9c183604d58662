-- The reconciler's view of the gateway's orders (from orders.events) and its runs (schema "reconciler").

-- One row per client order id the gateway published events for.
CREATE TABLE tracked_order (
    client_order_id    VARCHAR(36)    PRIMARY KEY,
    symbol             VARCHAR(20)    NOT NULL,
    side               VARCHAR(4),
    status             VARCHAR(20)    NOT NULL,
    exchange_order_id  VARCHAR(64),
    quantity           NUMERIC(38, 18),
    executed_quantity  NUMERIC(38, 18) NOT NULL DEFAULT 0,
    updated_at         TIMESTAMPTZ    NOT NULL
);
CREATE INDEX tracked_order_open ON tracked_order (status)
    WHERE status IN ('SUBMITTING', 'UNKNOWN', 'ACKNOWLEDGED', 'PARTIALLY_FILLED');

-- Exchange trades already reported as fills on orders.events (trade ids are unique per symbol).
CREATE TABLE seen_trade (
    symbol           VARCHAR(20) NOT NULL,
    trade_id         VARCHAR(64) NOT NULL,
    client_order_id  VARCHAR(36) NOT NULL,
    seen_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (symbol, trade_id)
);
CREATE INDEX seen_trade_order ON seen_trade (client_order_id);

-- Events of orders.events applied once each.
CREATE TABLE processed_event (
    event_id      VARCHAR(64) PRIMARY KEY,
    processed_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Reconciliation runs: the claim of a run id, and its outcome to answer a redelivered request.
CREATE TABLE reconciliation_run (
    run_id         VARCHAR(100) PRIMARY KEY,
    kind           VARCHAR(10)  NOT NULL,
    phase          VARCHAR(10)  NOT NULL,
    requested_by   VARCHAR(200),
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ,
    findings       JSONB        NOT NULL DEFAULT '[]'::jsonb,
    commands_sent  INTEGER      NOT NULL DEFAULT 0,
    error          TEXT,
    result_event_id VARCHAR(64)
);
CREATE INDEX reconciliation_run_recent ON reconciliation_run (started_at DESC);
