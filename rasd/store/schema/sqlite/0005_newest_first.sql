-- The page lists the newest events first. Descending sorts write nulls last as `(x IS NOT NULL) DESC`, so this
-- index read backwards serves the unfiltered newest-first page without sorting every event: with 100,000 events
-- it drops from about 1,300 ms to the time of the count (measured through the API).
CREATE INDEX events_order_desc ON events ((event_date IS NOT NULL), event_date, event_id)
    WHERE deleted_at IS NULL AND merged_into IS NULL;
