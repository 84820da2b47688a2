"""Commands that show what rasd makes of a text or builds from data: `places`, `actors` and `gazetteer`."""

from __future__ import annotations

import argparse
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasd.cli.args import iso_date

if TYPE_CHECKING:
    from rasd.document import Document
    from rasd.gazetteer import Place
    from rasd.resources import Resources

__all__ = ["add_commands"]


def _cmd_gazetteer_build(args: argparse.Namespace) -> int:
    from rasd.build.gazetteer import build
    from rasd.build.world import world_data
    from rasd.errors import InputError

    if not Path(args.source).is_dir():
        raise InputError(f"{args.source}: no such folder; give the folder with the gazetteer sources")
    report = build(Path(args.source), Path(args.output), world=world_data())
    print(report)
    return 0


def _cmd_gazetteer_import(args: argparse.Namespace) -> int:
    from rasd.build.gazetteer_import import import_gazetteer
    from rasd.errors import ConfigError

    if not (args.geonames or args.ocha or args.places):
        raise ConfigError("give at least one source: --geonames SY.txt, --ocha FILE.csv or --places FILE.tsv")
    if args.alternate_names and not args.geonames:
        raise ConfigError("--alternate-names completes --geonames; give the GeoNames dump too")
    report = import_gazetteer(
        Path(args.output), geonames=args.geonames and Path(args.geonames),
        alternate_names=args.alternate_names and Path(args.alternate_names),
        ocha=args.ocha and Path(args.ocha), places=args.places and Path(args.places),
    )
    print(report)
    print(f"use it with: RASD_GAZETTEER={args.output}")
    return 0


def _analyse(text: str, *, until: str, published: date | None = None) -> tuple[Document, Resources]:
    """Run the default pipeline on one text up to the stage `until`; return the document and the resources."""
    from rasd.document import Document
    from rasd.extraction import build_pipeline
    from rasd.pipeline import Pipeline

    full = build_pipeline()
    partial = Pipeline(full.stages[: full.names.index(until) + 1], full.resources)
    return partial(Document.from_text(text, published=published)), full.resources


def _place_dict(p: Place) -> dict[str, Any]:
    return {"id": p.id, "name": p.name, "name_ar": p.name_ar, "kind": p.kind, "admin1": p.admin1,
            "admin2": p.admin2, "admin3": p.admin3, "lat": p.lat, "lon": p.lon, "geonameid": p.geonameid,
            "pcode": p.pcode}


def _place_line(p: Place | None) -> str:
    if p is None:
        return "unknown to the gazetteer"
    admin = " / ".join(a for a in (p.admin1, p.admin2, p.admin3) if a) or "-"
    return f"{p.id} {p.name} ({p.name_ar}) {p.kind} · {admin} · {p.lat}, {p.lon}"


def _cmd_places(args: argparse.Namespace) -> int:
    doc, _ = _analyse(args.text, until="places")
    mentions = doc.layer("places")
    if args.json:
        print(json.dumps({"places": [
            {"text": doc.text[m.start : m.end], "name": m.text_ar, "start": m.start, "end": m.end,
             "place": None if m.place is None else _place_dict(m.place), "score": m.score, "clues": list(m.clues),
             "precision": m.precision, "role": m.role, "admin1": m.admin1, "admin2": m.admin2,
             "candidates": [_place_dict(c) for c in m.candidates]}
            for m in mentions
        ]}, ensure_ascii=False))
        return 0
    if not mentions:
        print("no place found")
    for k, m in enumerate(mentions, 1):
        named = "" if m.text_ar == doc.text[m.start : m.end] else f" name «{m.text_ar}»"
        print(f"{k}. «{doc.text[m.start : m.end]}» {m.start}-{m.end}{named}  {m.role}, precision {m.precision}, "
              f"score {m.score}")
        print(f"   -> {_place_line(m.place)}")
        print(f"   clues: {', '.join(m.clues) or '-'}")
        for c in m.candidates:
            print(f"   candidate {_place_line(c)}")
    return 0


def _cmd_actors(args: argparse.Namespace) -> int:
    from rasd.events.roles import RoleCues, assign_roles
    from rasd.events.scenes import country_of

    doc, res = _analyse(args.text, until="actors", published=args.date)
    role_cues = RoleCues.from_cues(res.cues)
    triggers: list[dict[str, Any]] = []
    for t in doc.layer("triggers"):
        if t.role == "weapon":
            continue
        sent = doc.at("sentences", t.start)
        scope = (sent.start, sent.end) if sent is not None else (0, len(doc.text))
        # The trigger's country: its sentence's first place, else the text's (as an event at that place).
        here = next((p for p in doc.within("places", *scope) if p.role == "location"), None)
        roles = assign_roles(doc, trigger_start=t.start, trigger_end=t.end, scope_start=scope[0],
                             scope_end=scope[1], on=args.date, country=country_of(doc, here), lexicon=res.actors,
                             cues=role_cues)
        sides = [(name, a) for name, a in (("actor1", roles.actor1), ("actor2", roles.actor2)) if a is not None]
        sides += [("assoc_actor_1", a) for a in roles.assoc_actor_1]
        sides += [("assoc_actor_2", a) for a in roles.assoc_actor_2]
        triggers.append({
            "text": doc.text[t.start : t.end], "start": t.start, "end": t.end, "role": t.role, "value": t.value,
            "sides": [{"role": role, "actor": a.name, "inter": a.inter, "text": a.surface, "start": a.start,
                       "end": a.end} for role, a in sides],
            "interaction": roles.interaction, "civilian_targeting": roles.civilian_targeting,
        })
    actors = []
    for m in doc.layer("actors"):
        sent = doc.at("sentences", m.start)
        scope = (sent.start, sent.end) if sent is not None else (0, len(doc.text))
        here = next((p for p in doc.within("places", *scope) if p.role == "location"), None)
        entry = res.actors.resolve(m.in_country(country_of(doc, here)), args.date)
        actors.append({
            "text": m.surface, "start": m.start, "end": m.end, "form": m.form,
            "entries": [e.name for e in m.entries], "local": [e.name for e in m.local],
            "entry": None if entry is None else {"name": entry.name, "kind": entry.kind, "inter": entry.inter,
                                                 "country": entry.country, "qid": entry.qid},
            "roles": [{"trigger": t["text"], "start": t["start"], "role": side["role"], "actor": side["actor"]}
                      for t in triggers for side in t["sides"] if (side["start"], side["end"]) == (m.start, m.end)],
        })
    if args.json:
        print(json.dumps({"date": args.date and args.date.isoformat(), "actors": actors, "triggers": triggers},
                         ensure_ascii=False))
        return 0
    if not actors:
        print("no actor found")
    for k, a in enumerate(actors, 1):
        e = a["entry"]
        shown = "no entry" if e is None else f"{e['name']} [{e['kind']}, inter {e['inter']}]"
        print(f"{k}. «{a['text']}» {a['start']}-{a['end']}  ({a['form']}) -> {shown}")
        for r in a["roles"]:
            print(f"   {r['role']} ({r['actor']}) of «{r['trigger']}» at {r['start']}")
        if not a["roles"]:
            print("   no role in any event")
    for t in triggers:
        listed = "; ".join(f"{s['role']} {s['actor']}" for s in t["sides"]) or "no actor"
        print(f"trigger «{t['text']}» {t['start']}-{t['end']} ({t['role']}): {listed}; "
              f"interaction {t['interaction']}")
    return 0


def add_commands(sub: Any) -> None:
    """Add `gazetteer`, `places` and `actors` to the subcommands."""
    gz = sub.add_parser("gazetteer", help="gazetteer tools")
    gz_sub = gz.add_subparsers(dest="gazetteer_command", required=True)
    gb = gz_sub.add_parser("build", help="compile the bundled gazetteer from the source data folder")
    gb.add_argument("--source", required=True, help="folder with the gazetteer sources")
    gb.add_argument("--output", required=True, help="compiled gazetteer file to write")
    gb.set_defaults(func=_cmd_gazetteer_build)
    gi = gz_sub.add_parser("import", help="merge your GeoNames dump, OCHA places or own places into a gazetteer file")
    gi.add_argument("--geonames", help="a GeoNames country dump (SY.txt or SY.zip)")
    gi.add_argument("--alternate-names", help="GeoNames alternate names (alternateNamesV2.txt format) for --geonames")
    gi.add_argument("--ocha", help="an OCHA populated-places CSV (admin4Name_ar, admin4Pcode, latitude, ...)")
    gi.add_argument("--places", help="your places, TSV or CSV: name_ar, name_en, lat, lon, kind, admin1, aliases")
    gi.add_argument("--output", required=True, help="gazetteer file to write (then set RASD_GAZETTEER to it)")
    gi.set_defaults(func=_cmd_gazetteer_import)

    pl = sub.add_parser("places", help="show the places found in a text, their candidates and the choice")
    pl.add_argument("text", help="Arabic text")
    pl.add_argument("--json", action="store_true", help="print one JSON object")
    pl.set_defaults(func=_cmd_places)

    ac = sub.add_parser("actors", help="show the actors named in a text, their entries and roles per trigger")
    ac.add_argument("text", help="Arabic text")
    ac.add_argument("--date", type=iso_date, help="the day the text speaks of (YYYY-MM-DD), to pick dated entries")
    ac.add_argument("--json", action="store_true", help="print one JSON object")
    ac.set_defaults(func=_cmd_actors)
