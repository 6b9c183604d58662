-- The price an entry's slippage is measured against when the strategy sent no reference price: the
-- entry guards' expected price (GUARDS_EXPECTED) or the book's touch read before sending (BOOK_TOUCH).
ALTER TABLE orders ADD COLUMN measured_reference NUMERIC(38, 18);
ALTER TABLE orders ADD COLUMN measured_reference_source VARCHAR(16);
