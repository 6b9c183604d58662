-- pgbench yardstick of the gateway's intake: the statements OrderIntake sends for an order with a new
-- client order id, in the same order and with the same transaction boundaries (SQL copied from
-- OrderRepository.find / insertIfAbsent (which returns the stored row) / insertTransition, TradingStateRepository.current and
-- OutboxWriter.write). Run with -M prepared in a schema holding the gateway's migrations, and
-- -D payload=... -D headers=... -D event_type=... (an outbox row of the gateway; run sets them).
\set coid :client_id * 1000000000000000 + random(1, 999999999999999)
-- idempotency lookup (autocommit, before the transaction)
SELECT id, client_order_id, symbol, side, order_type, time_in_force, intent, quantity, price, reference_price, ttl_seconds, strategy_id, request_hash, status, status_cause, exchange_order_id, executed_quantity, average_price, first_fill_at, resubmissions, replay_count, unknown_checks, next_check_at, accepted_at, updated_at, terminal_at FROM orders WHERE client_order_id = CAST(:coid AS text);
-- trading-state gate (autocommit)
SELECT state, reason, updated_by, updated_at FROM trading_state WHERE id = 1;
BEGIN;
INSERT INTO orders (client_order_id, symbol, side, order_type, time_in_force, intent, quantity, price, reference_price, ttl_seconds, strategy_id, request_hash, status, status_cause, accepted_at, updated_at) VALUES (CAST(:coid AS text), 'BTCUSDT', 'BUY', 'MARKET', NULL, 'ENTRY', 0.0002, NULL, 60000, NULL, 'bench', '5f0c6f6d2f3b4e1a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b', 'ACCEPTED', 'accepted', now(), now()) ON CONFLICT (client_order_id) DO NOTHING RETURNING id, client_order_id, symbol, side, order_type, time_in_force, intent, quantity, price, reference_price, ttl_seconds, strategy_id, request_hash, status, status_cause, exchange_order_id, executed_quantity, average_price, first_fill_at, resubmissions, replay_count, unknown_checks, next_check_at, accepted_at, updated_at, terminal_at \gset
INSERT INTO order_transition (order_id, client_order_id, from_status, to_status, cause, at) VALUES (:id, CAST(:coid AS text), NULL, 'ACCEPTED', 'accepted', now());
INSERT INTO outbox (event_id, topic, msg_key, event_type, payload, headers) VALUES (gen_random_uuid(), 'orders.events', 'BTCUSDT', :event_type, CAST(:payload AS jsonb), CAST(:headers AS jsonb));
COMMIT;
