-- An event with no date at all is `incomplete` (a review state the machine gives, as it gives `pending`): kept and
-- listed for review, never shown as dated. Events stored before this state existed take it here.
UPDATE events SET review_state = 'incomplete' WHERE event_date IS NULL AND review_state = 'pending';
