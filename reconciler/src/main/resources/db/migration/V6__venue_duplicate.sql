-- Venue duplicates: orders at the exchange that no accepted request asked for (an orphan, or a second
-- exchange order under a known client order id). Every run reports such an order again until it is
-- resolved; this table remembers which ones were reported, so each is counted once.
CREATE TABLE venue_duplicate (
    symbol             VARCHAR(20)  NOT NULL,
    exchange_order_id  VARCHAR(64)  NOT NULL,
    client_order_id    VARCHAR(64),
    kind               VARCHAR(30)  NOT NULL,
    first_run_id       VARCHAR(100) NOT NULL,
    found_at           TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (symbol, exchange_order_id)
);
CREATE INDEX venue_duplicate_found_at ON venue_duplicate (found_at);
