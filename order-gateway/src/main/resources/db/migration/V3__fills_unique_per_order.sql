-- A trade id identifies an execution of one order, not of a symbol: a venue that starts its trade
-- ids again (a testnet reset, a restarted paper exchange) or a trade between two of our own orders
-- gives the same id to fills of different orders, and each of them must be recorded.
ALTER TABLE fills DROP CONSTRAINT fills_trade_key;
ALTER TABLE fills ADD CONSTRAINT fills_order_trade_key UNIQUE (order_id, trade_id);
DROP INDEX fills_order;
