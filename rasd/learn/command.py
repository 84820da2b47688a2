"""`rasd train`: the command that builds the event decision model from a recipe and prints its cross-validation."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

__all__ = ["add_train_command"]


def _cmd_train(args: argparse.Namespace) -> int:
    from rasd.extras import require

    require("train", purpose="rasd train")
    from rasd.learn.train import TrainConfig, train

    config = TrainConfig.load(args.recipe, data_root=args.data_root)
    if args.cv is not None:
        config = replace(config, folds=args.cv)
    extra = []
    if args.from_store:
        from rasd.cli.args import existing_store
        from rasd.learn.from_store import reviewed_candidates
        from rasd.store import open_store

        store = open_store(existing_store(args.from_store, option="--from-store"))  # read only: no merge words
        try:
            extra = reviewed_candidates(store)
        finally:
            store.close()
        print(f"{len(extra)} candidates labelled by reviews in the store")
    card = train(config, output=args.output, cv=config.folds > 1, extra=extra)
    if args.json:
        print(json.dumps(card, ensure_ascii=False, indent=2))
        return 0
    print(f"candidates {card['candidates']} ({card['positive_candidates']} pair with a coded event), "
          f"features {card['features']}")
    cv = card["cross_validation"]
    if config.folds > 1:
        print(f"{config.folds}-fold cross-validation split by article; threshold {cv['threshold']}, "
              f"lead threshold {cv['lead_threshold']}")
        print(_table(cv))
    print(f"model and card written to {args.output}/ (set RASD_MODEL={args.output}/event_decision.json to use it)")
    return 0


def _table(cv: dict[str, Any]) -> str:
    rows = [("decision", "by", "precision", "recall", "f1")]
    for by in ("learned", "rules"):
        d = cv["decision_event_or_not"][by]
        rows.append(("candidate is an event", by, d["precision"], d["recall"], d["f1"]))
    for by in ("learned", "rules", "every_candidate"):
        e = cv["events"][by]
        rows.append(("events (score.py)", by, e["precision"], e["recall"], e["f1"]))
    for source, figures in cv["by_source"].items():
        for by in ("learned", "rules"):
            e = figures[by]
            rows.append((f"  {source}", by, e["precision"], e["recall"], e["f1"]))
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) for row in cells)


def add_train_command(sub: Any) -> None:
    """Register `rasd train` on the command line's subparsers."""
    tr = sub.add_parser("train", help="learn the event decision from hand-coded articles; --cv N prints its "
                                      "cross-validated precision, recall and F1 per decision")
    tr.add_argument("--recipe", type=Path, help="a training recipe (TOML; default: the bundled rasd/learn/train.toml)")
    tr.add_argument("--data-root", type=Path, default=Path("."),
                    help="folder the recipe's data files are relative to (e.g. the coded training folder)")
    tr.add_argument("--cv", type=int, help="folds of the cross-validation split by article (default: the recipe's; "
                                           "0 or 1: none, the threshold stays 0.5)")
    tr.add_argument("--output", type=Path, default=Path("model"), help="folder for the model and its card")
    tr.add_argument("--from-store", metavar="DB",
                    help="also learn from the events reviewers confirmed, edited or rejected in this store")
    tr.add_argument("--json", action="store_true", help="print the card as JSON")
    tr.set_defaults(func=_cmd_train)
