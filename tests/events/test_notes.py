"""The English summary of an event."""

from __future__ import annotations

from datetime import date

from rasd.event import Event
from rasd.events.notes import summarise


def test_a_strike_is_summed_up_from_its_fields() -> None:
    event = Event(event_id="x", event_date=date(2024, 3, 14), time_precision=1, event_type="Explosions/Remote violence",
                  sub_event_type="Air/drone strike", disorder_type="Political violence",
                  actor1="Military Forces of Russia", actor2="Civilians (Syria)",
                  location="Kafr Nabl", admin1="Idlib", geo_precision=1, fatalities=3)
    assert summarise(event) == ("On 14 March 2024, Military Forces of Russia carried out air or drone strikes on "
                                "Civilians (Syria) in Kafr Nabl, Idlib (3 killed).")
