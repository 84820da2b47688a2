"""Watches and alerts: what each user wants to be told about, and the deliverer that tells them.

`watch` holds the watch and its pure matcher; `deliver` the deliverer (webhooks, e-mail), `atom` each watch's
Atom feed, `notice` what one notice says. Importing this package does nothing.
"""

from rasd.watches.watch import CHANNELS, DIGESTS, NOTIFY, Watch, matches

__all__ = ["CHANNELS", "DIGESTS", "NOTIFY", "Watch", "matches"]
