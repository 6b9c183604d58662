-- A replay of a known client order id is a row of its own instead of an increment of the order's
-- replay_count: 100 identical requests at once then commit side by side instead of queueing on the
-- order's row lock, one commit and one WAL flush after another. No foreign key to orders: checking
-- it would lock the order's row again. The retention purge deletes an order's replays with it.
CREATE TABLE order_replay (
    client_order_id VARCHAR(36) NOT NULL,
    replayed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX order_replay_client_order_id ON order_replay (client_order_id);

INSERT INTO order_replay (client_order_id, replayed_at)
SELECT o.client_order_id, o.updated_at FROM orders o CROSS JOIN LATERAL generate_series(1, o.replay_count) WHERE o.replay_count > 0;

ALTER TABLE orders DROP COLUMN replay_count;
