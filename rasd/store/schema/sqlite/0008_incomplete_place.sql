-- An event without coordinates or a country is `incomplete` too, as one without a date (0007): kept and listed for
-- review, never mapped or exported by default. Events stored before take that state here.
UPDATE events SET review_state = 'incomplete'
 WHERE review_state = 'pending' AND (latitude IS NULL OR longitude IS NULL OR country IS NULL);
