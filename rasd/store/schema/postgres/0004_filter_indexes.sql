-- Indexes for the filters of the events API and of `rasd export`, each in the listing's order (date, then id)
-- over the live events, so a filtered page is read in order and the scan stops after the page. `rasd
-- bench-store` shows the plan of each filter's query; with 1,000,000 events none of them scans the table.
CREATE INDEX events_type_order ON events (event_type, (event_date IS NULL), event_date, event_id)
    WHERE deleted_at IS NULL AND merged_into IS NULL;
CREATE INDEX events_admin1_type_order ON events (admin1, event_type, (event_date IS NULL), event_date, event_id)
    WHERE deleted_at IS NULL AND merged_into IS NULL;
CREATE INDEX events_sub_type_order ON events (sub_event_type, (event_date IS NULL), event_date, event_id)
    WHERE deleted_at IS NULL AND merged_into IS NULL;
CREATE INDEX events_admin2_order ON events (admin2, (event_date IS NULL), event_date, event_id)
    WHERE deleted_at IS NULL AND merged_into IS NULL;
-- The review queue: pending events by date.
CREATE INDEX events_state_order ON events (review_state, (event_date IS NULL), event_date, event_id)
    WHERE deleted_at IS NULL AND merged_into IS NULL;
-- An actor filter matches either side: one index per side, combined by the planner.
CREATE INDEX events_actor1 ON events (actor1);
CREATE INDEX events_actor2 ON events (actor2);
CREATE INDEX events_confidence ON events (confidence);
