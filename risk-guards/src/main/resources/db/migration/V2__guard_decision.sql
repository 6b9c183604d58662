-- One decision per client order id. A redelivered intent (same event id or same client order id)
-- is answered with the stored decision, re-published under its original event id.
CREATE TABLE guard_decision (
    client_order_id   VARCHAR(36)  PRIMARY KEY,
    intent_event_id   VARCHAR(100) NOT NULL,
    decision_event_id VARCHAR(100) NOT NULL UNIQUE,
    symbol            VARCHAR(20)  NOT NULL,
    outcome           VARCHAR(16)  NOT NULL,
    reasons           VARCHAR(200) NOT NULL,
    payload           JSONB        NOT NULL,
    decided_at        TIMESTAMPTZ  NOT NULL,
    publish_count     INTEGER      NOT NULL DEFAULT 0,
    last_published_at TIMESTAMPTZ
);

CREATE INDEX guard_decision_intent_event_idx ON guard_decision (intent_event_id);
CREATE INDEX guard_decision_decided_at_idx ON guard_decision (decided_at);
CREATE INDEX guard_decision_symbol_outcome_idx ON guard_decision (symbol, outcome, decided_at);
