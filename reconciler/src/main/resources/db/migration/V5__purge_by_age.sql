-- The retention purge takes the oldest final orders and processed event ids in batches; without an
-- index on their age every batch read the whole table (for orders: every final one, of any age).
CREATE INDEX processed_event_processed_at ON processed_event (processed_at);
DROP INDEX tracked_order_open;
CREATE INDEX tracked_order_status_age ON tracked_order (status, updated_at);
