-- The country of each event as a column, for the country filter of the events API and of `rasd export` (events
-- fall in Syria, Iraq, Lebanon, Jordan, Turkey...). Stored events take theirs from the event they hold.
ALTER TABLE events ADD COLUMN country TEXT;
UPDATE events SET country = json_extract(data, '$.country');
CREATE INDEX events_country_order ON events (country, (event_date IS NULL), event_date, event_id)
    WHERE deleted_at IS NULL AND merged_into IS NULL;
