"""The learned event decision: features, the JSON model, the decide stage, training and its card."""

from __future__ import annotations

import hashlib
import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from rasd.batch import Summary
from rasd.cli import main
from rasd.document import Document
from rasd.errors import ConfigError, ResourceError
from rasd.event import Event
from rasd.events.roles import interaction
from rasd.extraction import build_pipeline
from rasd.ingest import ingest
from rasd.learn.actors import actor_features, actor_options, with_unidentified
from rasd.learn.choices import ChoiceEvent, ChoiceRow, cross_validate_choice
from rasd.learn.features import FEATURE_VERSION, Siblings, article_features, candidate_features
from rasd.learn.from_store import reviewed_candidates
from rasd.learn.model import LinearModel
from rasd.learn.tolls import toll_features, toll_options
from rasd.learn.train import TrainConfig, _as_good, article_fold, article_splits, collect, cross_validate, fit
from rasd.resources import Resources
from rasd.settings import Settings
from rasd.sources.files import read_articles
from rasd.stages.decide import choose_actor1, choose_fatalities
from rasd.store import open_store
from rasd.store.base import EventFilter

# Two happenings in two towns, the second told later and with less support.
TEXT = ("قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم، ما أدى إلى مقتل ثلاثة مدنيين. "
        "وفي سياق آخر، سقطت قذائف على أطراف بلدة سرمين دون أن تسجل إصابات.")
PUBLISHED = date(2024, 3, 14)


@pytest.fixture(scope="module")
def rules() -> Resources:
    res = Resources.load(Settings.load(decisions="rules"))
    return replace(res, settings=replace(res.settings, min_confidence=0.0))


def _doc(resources: Resources) -> Document:
    return build_pipeline(resources)(Document.from_text(TEXT, id="t", published=PUBLISHED))


def test_features_are_named_readable_and_deterministic(rules: Resources) -> None:
    doc = _doc(rules)
    events = doc.layer("events")
    assert len(events) >= 2
    first = candidate_features(doc, events[0], events)
    assert first == candidate_features(doc, events[0], events)
    assert first["bias"] == 1.0
    assert f"rule_type={events[0].event_type}" in first
    assert "trigger:قصفت" in first or any(name.startswith("trigger:") for name in first)
    assert "sentence=<=0" in first  # told in the lead
    assert any(name.startswith("L:") or name.startswith("R:") for name in first)
    assert candidate_features(doc, events[1], events) != first


def test_features_read_from_siblings_once_are_those_read_for_each_candidate(rules: Resources) -> None:
    # What the candidates of an article tell each of them is read once (`Siblings`), with the same result as
    # reading them again for each: the rank, order and place counts of the ones that read them one by one.
    doc = _doc(rules)
    events = doc.layer("events")
    siblings = Siblings.of(events, doc)
    for event in events:
        ranked = sorted((c.confidence for c in events), reverse=True)
        firsts = sorted(min(e.start for e in c.evidence if e.role == "trigger") for c in events)
        mine = article_features(event, events, siblings)
        assert mine[f"confidence_rank={min(ranked.index(event.confidence), 4)}"] == 1.0
        first = min(e.start for e in event.evidence if e.role == "trigger")
        assert mine[f"order={min(firsts.index(first), 5)}"] == 1.0
        assert candidate_features(doc, event, events, siblings) == candidate_features(doc, event, events)


def test_probability_is_the_logistic_of_the_weights() -> None:
    model = LinearModel(weights={"a": 2.0, "b": -1.0}, bias=-1.0, threshold=0.5)
    assert model.probability({}) == pytest.approx(1 / (1 + 2.718281828 ** 1))
    assert model.probability({"a": 1.0}) == pytest.approx(1 / (1 + 2.718281828 ** -1))
    assert model.probability({"a": 1.0, "b": 1.0, "unknown": 5.0}) == pytest.approx(0.5)


def test_keep_uses_the_threshold_and_the_lead_threshold() -> None:
    model = LinearModel(weights={}, bias=0.0, threshold=0.5, lead_threshold=0.2)
    assert model.keep([0.6, 0.3, 0.1]) == [True, False, False]
    assert model.keep([0.3, 0.1]) == [True, False]  # the article's best, though under 0.5
    assert model.keep([0.15, 0.1]) == [False, False]
    assert model.keep([0.3, 0.1], threshold=0.05) == [True, True]


def test_a_model_round_trips_through_json_and_refuses_other_features(tmp_path: Path) -> None:
    model = LinearModel(weights={"rule_type=Battles": 0.25, "L:قصف": -1.5}, bias=0.1, threshold=0.3,
                        lead_threshold=0.15)
    path = tmp_path / "event_decision.json"
    model.save(path)
    again = LinearModel.load(path)
    assert (again.weights, again.bias, again.threshold, again.lead_threshold) == (
        model.weights, model.bias, model.threshold, model.lead_threshold)
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**data, "feature_version": FEATURE_VERSION + 1}), encoding="utf-8")
    with pytest.raises(ResourceError, match="rasd train"):
        LinearModel.load(path)
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ResourceError, match="not valid JSON"):
        LinearModel.load(path)
    with pytest.raises(ResourceError, match="missing"):
        LinearModel.load(tmp_path / "absent.json")


@pytest.mark.parametrize(("bias", "events", "signals"), [(5.0, 2, 0), (-5.0, 0, 2)])
def test_the_decide_stage_follows_the_model(rules: Resources, bias: float, events: int, signals: int) -> None:
    model = LinearModel(weights={}, bias=bias, threshold=0.5)
    learned = replace(rules, settings=replace(rules.settings, decisions="learned", min_confidence=-1.0),
                      decision=model)
    pipeline = build_pipeline(learned)
    assert pipeline.names[-1] == "decide"
    doc = pipeline(Document.from_text(TEXT, id="t", published=PUBLISHED))
    assert len(doc.layer("events")) >= events
    weak = [s for s in doc.layer("signals") if s.confidence is not None]
    assert len(weak) >= signals
    for item in (*doc.layer("events"), *weak):
        assert item.confidence == pytest.approx(model.probability({}), abs=1e-3)


def test_the_lead_candidate_survives_a_strict_threshold(rules: Resources) -> None:
    # A model that prefers the lead sentence, with a threshold no candidate reaches.
    model = LinearModel(weights={"sentence=<=0": 2.0}, bias=-2.5, threshold=0.9, lead_threshold=0.3)
    learned = replace(rules, settings=replace(rules.settings, decisions="learned", min_confidence=-1.0),
                      decision=model)
    doc = build_pipeline(learned)(Document.from_text(TEXT, id="t", published=PUBLISHED))
    kept = doc.layer("events")
    assert len(kept) == 1
    assert kept[0].location_ar == "كفرنبل"


def test_the_bundled_model_loads_and_its_card_describes_it() -> None:
    model = LinearModel.load()
    assert model.feature_version == FEATURE_VERSION
    assert 0.0 < model.threshold < 1.0
    card = model.card
    assert card["feature_version"] == FEATURE_VERSION
    assert card["features"] == len(model.weights)
    assert card["cross_validation"]["threshold"] == model.threshold
    assert {d["file"] for d in card["data"]} == set(TrainConfig.load().data)


def test_the_cards_hashes_match_the_training_data(shared: Path) -> None:
    card = LinearModel.load().card
    for item in card["data"]:
        path = shared / "training" / item["file"]
        if not path.exists():
            pytest.skip(f"{item['file']} is absent from ../shared/training")
        assert hashlib.sha256(path.read_bytes()).hexdigest() == item["sha256"], (
            f"{item['file']} changed since the bundled model was trained: run `rasd train` and commit the model")


def test_training_on_a_slice_beats_the_majority_class(shared: Path, tmp_path: Path, rules: Resources) -> None:
    source = shared / "training" / "coded-airwars.jsonl"
    if not source.exists():
        pytest.skip("../shared/training is absent")
    lines = source.read_text(encoding="utf-8").splitlines()[:200]  # fewer make a noisy comparison
    part = tmp_path / "slice.jsonl"
    part.write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = TrainConfig(data=(str(part),), folds=3, thresholds=(0.3, 0.5), lead_thresholds=(1.0,))
    data = collect(config.data, rules)
    labels = [c.label for c in data.candidates]
    majority = max(labels.count(True), labels.count(False)) / len(labels)
    report = cross_validate(data, config)
    accuracy = sum((p >= 0.5) == c.label for c, p in zip(data.candidates, report["held_out"], strict=True))
    assert accuracy / len(labels) > majority
    assert report["events"]["learned"]["f1"] > 0.0
    # Seeded and deterministic: the same data gives the same weights.
    assert fit(data.candidates, config).weights == fit(data.candidates, config).weights


# A strike told with its side in the lead and the side hit named after it.
ACTORS = "قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي اليوم، واستهدفت مقرات لهيئة تحرير الشام."


def test_actor_options_are_the_sides_named_around_an_event(rules: Resources) -> None:
    doc = build_pipeline(rules)(Document.from_text(ACTORS, id="a", published=PUBLISHED))
    (event, *_) = doc.layer("events")
    options = actor_options(doc, event)
    names = {o.entry.name for o in options}
    assert "Military Forces of Russia" in names and "HTS: Hayat Tahrir al-Sham" in names
    assert all(o.where == "sentence" for o in options)
    f = actor_features(doc, event, options[0], options)
    assert f["bias"] == 1.0 and any(name.startswith("kind=") for name in f)


def test_the_actor_model_can_swap_the_sides(rules: Resources) -> None:
    doc = build_pipeline(rules)(Document.from_text(ACTORS, id="a", published=PUBLISHED))
    (event, *_) = doc.layer("events")
    assert event.actor1 == "Military Forces of Russia"
    # A model that always prefers the rebels as the acting side.
    prefer = LinearModel(weights={"kind=rebel": 6.0}, bias=-3.0, threshold=0.5)
    swapped = choose_actor1(doc, event, prefer)
    assert swapped.actor1 == "HTS: Hayat Tahrir al-Sham"
    assert swapped.actor2 == "Military Forces of Russia"
    assert swapped.interaction == interaction(swapped.inter1, swapped.inter2)
    assert any(e.role == "actor1" and e.text == doc.text[e.start:e.end] for e in swapped.evidence)
    assert "HTS" in swapped.notes
    # A model that trusts no option keeps the rules' answer.
    never = LinearModel(weights={}, bias=-9.0, threshold=0.5)
    assert choose_actor1(doc, event, never).actor1 == "Military Forces of Russia"


def test_a_violent_event_with_no_side_named_is_an_unidentified_groups() -> None:
    event = Event(event_id="x", event_date=PUBLISHED, time_precision=1, event_type="Explosions/Remote violence",
                  sub_event_type="Remote explosive/landmine/IED", disorder_type="Political violence", country="Iraq")
    assert with_unidentified(event).actor1 == "Unidentified Armed Group (Iraq)"
    assert with_unidentified(event).inter1 == 3
    calm = replace(event, event_type="Strategic developments", sub_event_type="Agreement")
    assert with_unidentified(calm).actor1 is None


def test_rasd_train_writes_a_model_and_card_that_rasd_uses(shared: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    source = shared / "training" / "coded-airwars.jsonl"
    if not source.exists():
        pytest.skip("../shared/training is absent")
    (tmp_path / "slice.jsonl").write_text(
        "\n".join(source.read_text(encoding="utf-8").splitlines()[:60]) + "\n", encoding="utf-8")
    recipe = tmp_path / "recipe.toml"
    recipe.write_text('data = ["slice.jsonl"]\nfolds = 2\nthresholds = [0.3, 0.5]\nlead_thresholds = [1.0]\n',
                      encoding="utf-8")
    out = tmp_path / "model"
    assert main(["train", "--recipe", str(recipe), "--data-root", str(tmp_path), "--output", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "events (score.py)" in printed and "candidate is an event" in printed
    card = json.loads((out / "event_decision.card.json").read_text(encoding="utf-8"))
    assert card["data"][0]["sha256"] == hashlib.sha256((tmp_path / "slice.jsonl").read_bytes()).hexdigest()
    assert card["cross_validation"]["threshold"] in (0.3, 0.5)
    res = Resources.load(Settings.load(model=str(out / "event_decision.json")))
    assert res.decision is not None and res.decision.threshold == card["cross_validation"]["threshold"]
    assert res.actor_decision is not None and res.actor_decision.name == "actor1"


def test_an_unknown_recipe_key_is_refused(tmp_path: Path) -> None:
    recipe = tmp_path / "recipe.toml"
    recipe.write_text('data = ["x.jsonl"]\nlearning_rate = 3\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="learning_rate"):
        TrainConfig.load(recipe)


# A strike, its dead counted in the next sentence, beside a figure that is no toll.
TOLLS = ("قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي اليوم. "
         "وقتل في القصف خمسة مدنيين بينهم طفلان، فيما نزح 300 شخص من البلدة.")


def test_toll_options_hold_the_rules_figure_zero_and_the_numbers_told(rules: Resources) -> None:
    doc = build_pipeline(rules)(Document.from_text(TOLLS, id="t", published=PUBLISHED))
    (event, *_) = doc.layer("events")
    values = [o.value for o in toll_options(doc, event)]
    assert 0 in values and (event.fatalities or 0) in values and 300 in values
    option = next(o for o in toll_options(doc, event) if o.value == 300)
    f = toll_features(doc, event, option, toll_options(doc, event))
    assert (option.where == "next" and "above_rule" in f) or "below_rule" in f or "is_rule" in f


def test_a_number_of_targets_strikes_or_wounded_is_no_toll_option(rules: Resources) -> None:
    text = ("شنت طائرات حربية غارتين على مدينة الصنمين بريف درعا اليوم فقتلت أربعة عناصر من الشرطة ودمرت منزلا وخمس"
            " سيارات وأصيب ستة جرحى.")
    doc = build_pipeline(rules)(Document.from_text(text, id="t", published=PUBLISHED))
    (event, *_) = doc.layer("events")
    counted = {(q.value, q.category) for q in doc.layer("quantities")}
    assert {(2, "strikes"), (4, "members"), (1, "targets"), (5, "targets"), (6, "injured")} <= counted
    assert {o.value for o in toll_options(doc, event) if o.quantity is not None} == {4}


def test_the_toll_model_replaces_the_figure_and_keeps_civilians_within_it(rules: Resources) -> None:
    doc = build_pipeline(rules)(Document.from_text(TOLLS, id="t", published=PUBLISHED))
    (event, *_) = doc.layer("events")
    zero = LinearModel(weights={"zero": 9.0}, bias=-4.0, threshold=0.5)
    none = choose_fatalities(doc, event, zero)
    assert none.fatalities == 0 and (none.civilian_fatalities in (None, 0))
    never = LinearModel(weights={}, bias=-9.0, threshold=0.5)
    assert choose_fatalities(doc, event, never) == event


def test_reviews_in_the_store_label_candidates(tmp_path: Path, rules: Resources) -> None:
    texts = [TEXT, ACTORS, TOLLS]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(json.dumps({"id": f"r{k}", "text": t, "published": PUBLISHED.isoformat()},
                                           ensure_ascii=False) for k, t in enumerate(texts)) + "\n",
                      encoding="utf-8")
    with open_store(str(tmp_path / "s.sqlite"), merge=rules.merge) as store:
        ingest(read_articles(source), store, build_pipeline(rules), Summary())
        stored = store.events(EventFilter(limit=100))
        assert len(stored) >= 2
        store.review(stored[0].event_id, "confirmed", who="salma")
        store.review(stored[1].event_id, "rejected", who="salma")
        taught = reviewed_candidates(store, rules)
    assert {c.label for c in taught} == {True, False}
    assert all(c.source == "store" and c.article.startswith("store:") for c in taught)
    assert sum(c.label for c in taught) >= 1 and sum(not c.label for c in taught) >= 1


def test_a_choice_keeps_the_rules_value_up_to_the_highest_threshold_that_does_as_well() -> None:
    # Twenty events whose right option the model tells apart at any threshold: every threshold is as accurate, and
    # the highest is taken, so that the rules' value stays wherever the model is less sure than that.
    rows = [ChoiceRow(f"a{n}", 0, {"good" if right else "bad": 1.0}, right, right)
            for n in range(20) for right in (True, False)]
    events = [ChoiceEvent(f"a{n}", 0, gold=True, rules=False, fallback=False) for n in range(20)]
    config = TrainConfig(data=(), c=10.0, min_count=1)
    report = cross_validate_choice(rows, events, config, lambda pick, e: pick == e.gold)
    sweep = {float(t): a for t, a in report["threshold_sweep"].items()}
    assert report["accuracy"]["learned"] == 1.0 and report["accuracy"]["rules"] == 0.0
    assert report["threshold"] == max(t for t, a in sweep.items() if a == 1.0) > min(config.thresholds)


def test_a_threshold_does_as_well_as_the_best_within_the_noise_of_their_difference_by_fold() -> None:
    best = [0.49, 0.58, 0.62, 0.56, 0.54]
    steady = [0.47, 0.59, 0.63, 0.53, 0.55]  # short by 0.006 overall, up and down from fold to fold
    worse = [0.46, 0.56, 0.60, 0.53, 0.51]  # short in every fold
    assert _as_good(0.546, 0.552, steady, best, 0.005)
    assert not _as_good(0.526, 0.552, worse, best, 0.005)
    assert _as_good(0.548, 0.552, best, best, 0.005)  # no spread: the tolerance decides


def test_an_articles_fold_depends_on_it_alone() -> None:
    articles = [f"a{n}" for n in range(200) for _ in range(n % 4 + 1)]  # articles of 1 to 4 rows each
    splits = article_splits(articles, 5, 0)
    assert sorted(i for _, test in splits for i in test) == list(range(len(articles)))  # each row held out once
    for train, test in splits:
        assert not {articles[i] for i in train} & {articles[i] for i in test}  # no article on both sides
        assert len({articles[i] for i in test}) > 20  # every fold holds articles
    # One article gaining rows moves no other article to another fold (GroupKFold balanced folds by rows).
    grown = articles + ["a7"] * 30
    fold = {articles[i]: k for k, (_, test) in enumerate(splits) for i in test}
    moved = {grown[i] for k, (_, test) in enumerate(article_splits(grown, 5, 0)) for i in test if fold[grown[i]] != k}
    assert not moved
    assert any(article_fold(a, 5, 0) != article_fold(a, 5, 1) for a in set(articles))  # the seed draws them anew
