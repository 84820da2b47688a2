"""Reviewers teach the event decision: candidates labelled by the events reviewers confirmed, edited or rejected.

The rules run again over every article that reports a reviewed event; a candidate that pairs (the scorer's rules)
with a confirmed or edited event, as the reviewer left it, is an event; one that pairs with a rejected event, as the
machine had it, is not; the others say nothing and are left out.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from typing import Any

from rasd.evaluate import pair_cost
from rasd.extraction import build_pipeline, check_text
from rasd.learn.features import Siblings, candidate_features
from rasd.learn.train import Candidate, document_of
from rasd.pipeline import Pipeline
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.stages.decide import propose
from rasd.store.base import EventFilter, Store

__all__ = ["reviewed_candidates"]

_PAGE = 1000


def _reviewed(store: Store) -> dict[str, list[tuple[bool, dict[str, Any]]]]:
    """Article id -> (is an event, the event as judged) for every reviewed event that article reports."""
    by_article: dict[str, list[tuple[bool, dict[str, Any]]]] = defaultdict(list)
    offset = 0
    while True:
        page = store.events(EventFilter(review_states=("confirmed", "edited", "rejected"), limit=_PAGE,
                                        offset=offset))
        for listed in page:
            record = store.event(listed.event_id) or listed  # the listing leaves out the reports
            good = record.review_state != "rejected"
            judged = record.data if good else record.machine
            for report in record.reports:
                by_article[report.article_id].append((good, judged))
        if len(page) < _PAGE:
            return by_article
        offset += _PAGE


def reviewed_candidates(store: Store, resources: Resources | None = None) -> list[Candidate]:
    """Candidates of the articles behind reviewed events, labelled by the reviews."""
    res = resources or Resources.load(Settings.load(decisions="rules"))
    res = replace(res, settings=replace(res.settings, min_confidence=0.0, decisions="rules"), decision=None)
    pipeline = build_pipeline(res)
    annotate = Pipeline(pipeline.stages[:-1], res)  # every stage before the events
    out: list[Candidate] = []
    for article_id, judged in sorted(_reviewed(store).items()):
        article = store.article(article_id)
        if article is None or check_text(article["text"] or "", res.settings):
            continue
        doc = annotate(document_of(article, res.dates))
        events = propose(doc, res)[0]
        siblings = Siblings.of(events, doc)
        for event in events:
            as_dict = event.to_dict()
            verdicts = {good for good, e in judged if pair_cost(as_dict, e) is not None}
            if len(verdicts) != 1:
                continue  # no reviewed event there, or reviews that disagree
            out.append(Candidate(article=f"store:{article_id}", source="store",
                                 features=candidate_features(doc, event, events, siblings), label=verdicts.pop(),
                                 event=as_dict, rule_confidence=event.confidence))
    return out
