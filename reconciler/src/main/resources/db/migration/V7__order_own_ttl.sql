-- An order's own time to live (the request's ttlSeconds, carried by ORDER_ACCEPTED): it replaces
-- reconciler.order-ttl for that order.
ALTER TABLE tracked_order ADD COLUMN ttl_seconds INTEGER;
