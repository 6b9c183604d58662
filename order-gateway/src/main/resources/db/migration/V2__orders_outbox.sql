-- Orders, their transition history, the transactional outbox, fills, positions, trading state and
-- processed commands of the order gateway (schema "gateway").

CREATE TABLE orders (
    id                 BIGSERIAL PRIMARY KEY,
    client_order_id    VARCHAR(36)    NOT NULL,
    symbol             VARCHAR(20)    NOT NULL,
    side               VARCHAR(4)     NOT NULL,
    order_type         VARCHAR(6)     NOT NULL,
    time_in_force      VARCHAR(3),
    intent             VARCHAR(5)     NOT NULL,
    quantity           NUMERIC(38, 18) NOT NULL CHECK (quantity > 0),
    price              NUMERIC(38, 18),
    reference_price    NUMERIC(38, 18),
    ttl_seconds        INTEGER,
    strategy_id        VARCHAR(64),
    request_hash       CHAR(64)       NOT NULL,
    status             VARCHAR(16)    NOT NULL,
    status_cause       TEXT,
    exchange_order_id  VARCHAR(64),
    executed_quantity  NUMERIC(38, 18) NOT NULL DEFAULT 0,
    average_price      NUMERIC(38, 18),
    first_fill_at      TIMESTAMPTZ,
    resubmissions      INTEGER        NOT NULL DEFAULT 0,
    replay_count       BIGINT         NOT NULL DEFAULT 0,
    guard_outcome      VARCHAR(12),
    guard_reasons      TEXT,
    unknown_checks     INTEGER        NOT NULL DEFAULT 0,
    next_check_at      TIMESTAMPTZ,
    accepted_at        TIMESTAMPTZ    NOT NULL,
    updated_at         TIMESTAMPTZ    NOT NULL,
    terminal_at        TIMESTAMPTZ,
    -- The real duplicate guard: one order per client order id, whatever the number of replicas.
    CONSTRAINT orders_client_order_id_key UNIQUE (client_order_id)
);
CREATE INDEX orders_symbol_status ON orders (symbol, status);
CREATE INDEX orders_open ON orders (status, updated_at) WHERE terminal_at IS NULL;
CREATE INDEX orders_terminal_at ON orders (terminal_at) WHERE terminal_at IS NOT NULL;
CREATE INDEX orders_accepted_at ON orders (accepted_at);

-- Every transition of every order, with the time it happened and its cause.
CREATE TABLE order_transition (
    id              BIGSERIAL PRIMARY KEY,
    order_id        BIGINT      NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    client_order_id VARCHAR(36) NOT NULL,
    from_status     VARCHAR(16),
    to_status       VARCHAR(16) NOT NULL,
    cause           TEXT        NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_transition_order ON order_transition (order_id, id);

-- Transactional outbox: written in the same transaction as the change it announces, relayed to Kafka.
CREATE TABLE outbox (
    id           BIGSERIAL PRIMARY KEY,
    event_id     UUID        NOT NULL UNIQUE,
    topic        TEXT        NOT NULL,
    msg_key      TEXT        NOT NULL,
    event_type   TEXT        NOT NULL,
    payload      JSONB       NOT NULL,
    headers      JSONB       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp(),
    published_at TIMESTAMPTZ
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Executions, each stored once: the exchange's trade id is unique per symbol.
CREATE TABLE fills (
    id                BIGSERIAL PRIMARY KEY,
    order_id          BIGINT          NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    client_order_id   VARCHAR(36)     NOT NULL,
    symbol            VARCHAR(20)     NOT NULL,
    trade_id          VARCHAR(64)     NOT NULL,
    exchange_order_id VARCHAR(64),
    price             NUMERIC(38, 18) NOT NULL,
    quantity          NUMERIC(38, 18) NOT NULL,
    commission        NUMERIC(38, 18),
    commission_asset  VARCHAR(16),
    executed_at       TIMESTAMPTZ     NOT NULL,
    recorded_at       TIMESTAMPTZ     NOT NULL DEFAULT now(),
    CONSTRAINT fills_trade_key UNIQUE (symbol, trade_id)
);
CREATE INDEX fills_order ON fills (order_id);

-- Net position per symbol from the gateway's own fills (base asset quantity).
CREATE TABLE positions (
    symbol        VARCHAR(20)     PRIMARY KEY,
    quantity      NUMERIC(38, 18) NOT NULL DEFAULT 0,
    average_price NUMERIC(38, 18),
    updated_at    TIMESTAMPTZ     NOT NULL
);

-- ACTIVE, REDUCING (exits only) or HALTED (nothing new); one row, survives restarts.
CREATE TABLE trading_state (
    id         SMALLINT    PRIMARY KEY CHECK (id = 1),
    state      VARCHAR(10) NOT NULL CHECK (state IN ('ACTIVE', 'REDUCING', 'HALTED')),
    reason     TEXT,
    updated_by TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
INSERT INTO trading_state (id, state, reason, updated_by, updated_at) VALUES (1, 'ACTIVE', 'initial', 'migration', now());

-- Commands from orders.commands applied once each.
CREATE TABLE processed_command (
    command_id   TEXT        PRIMARY KEY,
    command_type VARCHAR(16) NOT NULL,
    outcome      TEXT        NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Symbol leases: one in-flight submission per symbol across replicas; the token fences stale holders.
CREATE TABLE symbol_lease (
    symbol      VARCHAR(20) PRIMARY KEY,
    holder      TEXT,
    token       BIGINT      NOT NULL DEFAULT 0,
    expires_at  TIMESTAMPTZ NOT NULL
);
