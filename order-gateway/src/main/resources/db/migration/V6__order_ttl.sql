-- The TTL sweep reads the open orders that have a ttlSeconds of their own, every sweep interval; this
-- index holds just those, so the sweep does not scan the open orders without one.
CREATE INDEX orders_own_ttl_open ON orders (accepted_at) WHERE ttl_seconds IS NOT NULL AND terminal_at IS NULL;
