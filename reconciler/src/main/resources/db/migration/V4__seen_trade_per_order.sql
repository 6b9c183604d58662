-- Trade ids are remembered per order: the same id on two orders (a venue whose ids start again, or a
-- trade between two of our own orders) is two fills, not one.
ALTER TABLE seen_trade DROP CONSTRAINT seen_trade_pkey;
ALTER TABLE seen_trade ADD PRIMARY KEY (client_order_id, trade_id);
DROP INDEX seen_trade_order;
