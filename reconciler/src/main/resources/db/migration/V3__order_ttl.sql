-- Order TTL: when an order was first sent and when it first filled.
ALTER TABLE tracked_order ADD COLUMN placed_at TIMESTAMPTZ;
ALTER TABLE tracked_order ADD COLUMN first_fill_at TIMESTAMPTZ;
