"""Every `rasd` command in the README's and the user docs' shell blocks runs as written, in the order a reader meets
it, in a folder holding the files the commands name (tests/test_doc_commands.py only parses them): each line is run
by bash with this environment's `rasd`, and must exit 0 without a traceback. `export` lines set what the lines after
them see. The few commands that cannot run as written on a CI machine are in `_NOT_RUN` and `_CHANGED` with why."""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "rasd" / "docs").glob("*.md"))]
_COMMAND = re.compile(r"(?:^|\|\s*)rasd\s")
_PG_URL = re.compile(r"postgresql://\S+")

# Documented commands not run here: a pattern of the command, and why.
_NOT_RUN = {
    r"^rasd serve\b": "a server that runs until stopped: tests/test_readme.py serves a store and loads its page",
}
# Documented commands run with a change: a pattern, what replaces it, and why.
_CHANGED = [
    (r"^(rasd watch --feeds \S+)$", r"\1 --once", "it polls until stopped; --once polls each feed once"),
    (r"--events 1000000\b|--events 100000\b", "--events 2000", "a hundred thousand synthetic events take minutes"),
    (r"^(rasd dev bench-api)$", r"\1 --events 2000 --repeat 1", "100,000 synthetic events take minutes"),
    (r"^(rasd dev bench-length\b.*)$", r"\1 --sizes 8,16 --repeat 1", "texts of up to 1 MB take minutes"),
    (r"^(rasd dev bench-page\b.*)$", r"\1 --repeat 1", "one first load shows the command works"),
]
_SCHEDULER = re.compile(r"--scheduler tcp://\S+")  # a Dask cluster's address: that of a local cluster started here
_WATCH_ID = "w-0123456789abcdef"  # the README's example id: replaced by the id of a watch the lines before added

# Sentences written for this test.
_PAGE = ("قصفت قوات النظام بالمدفعية الثقيلة قرية البارة في جبل الزاوية صباح الأحد، ما أدى إلى إصابة ثلاثة مدنيين "
         "بجروح.")
_FEED_ITEM = "استهدفت طائرة مسيرة سيارة على طريق سرمدا في ريف إدلب الشمالي مساء أمس ما أدى إلى مقتل شخصين."


def _lines(path: Path) -> list[str]:
    """The `rasd` and `export` lines of a document's shell blocks, continuations joined, comments left out."""
    found = []
    for language, block in re.findall(r"```([a-z]*)\n(.*?)```", path.read_text(encoding="utf-8"), re.S):
        if language not in ("sh", "bash", ""):
            continue
        for line in block.replace("\\\n", " ").splitlines():
            line = re.sub(r"\s{2,}#.*$", "", line).strip()
            if _COMMAND.search(line) or line.startswith("export "):
                found.append(line)
    return found


def _pg_url() -> str | None:
    return os.environ.get("RASD_TEST_PG")


@pytest.fixture
def pg_schema() -> Iterator[str | None]:
    """RASD_TEST_PG with a schema of its own (dropped afterwards), or None when it is unset."""
    url = _pg_url()
    if not url:
        yield None
        return
    import psycopg

    schema = f"docrun_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in url else "?"
    try:
        yield f"{url}{sep}options={quote(f'-csearch_path={schema}')}"
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f"DROP SCHEMA {schema} CASCADE")


def _run(argv: list[str] | str, here: Path, env: dict[str, str], stdin: str | None = None
         ) -> subprocess.CompletedProcess[str]:
    shell = isinstance(argv, str)
    return subprocess.run(["bash", "-o", "pipefail", "-c", argv] if shell else argv, cwd=here, env=env,
                          input=stdin, capture_output=True, text=True, timeout=900, check=False)


def _write_workspace(here: Path, env: dict[str, str]) -> None:
    """The files the docs' commands name, made from the bundled sample reports and a few written here."""
    samples = (ROOT / "examples" / "reports.jsonl").read_text(encoding="utf-8")
    articles = [json.loads(line) for line in samples.splitlines() if line.strip()]
    for name in ("articles.jsonl", "reports.jsonl"):
        (here / name).write_text(samples, encoding="utf-8")
    with gzip.open(here / "dump.jsonl.gz", "wt", encoding="utf-8") as dump:
        dump.write(samples)
    (here / "archive").mkdir()
    (here / "archive" / "reports.jsonl").write_text(samples, encoding="utf-8")
    (here / "report.txt").write_text(articles[0]["text"], encoding="utf-8")
    (here / "pages").mkdir()
    (here / "pages" / "strike.html").write_text(
        "<html><head><title>قصف على جبل الزاوية</title><meta property='article:published_time' "
        f"content='2024-03-10'></head><body><nav>الرئيسية</nav><article><p>{_PAGE}</p></article></body></html>",
        encoding="utf-8")

    # Hand-coded events for the sample articles: what rasd extracts, written back as gold lines.
    done = _run([str(BIN / "rasd"), "extract", "--input", "articles.jsonl", "--output", "coded.jsonl"], here, env)
    assert done.returncode == 0, done.stderr
    extracted = {line["id"]: line for line in map(json.loads, (here / "coded.jsonl").read_text().splitlines())}
    gold = []
    for article in articles:
        events = [event | {"evidence": " ".join(span["text"] for span in event["evidence"])}
                  for event in extracted[article["id"]]["events"]]
        gold.append(json.dumps(article | {"events": events, "signals": []}, ensure_ascii=False))
    (here / "gold.jsonl").write_text("\n".join(gold) + "\n", encoding="utf-8")
    # `rasd train --data-root ../shared/training`: the recipe's four files, holding those gold lines with the last
    # event of every other article coded as no event, so that candidates of both labels are there to learn from.
    training = here.parent / "shared" / "training"
    training.mkdir(parents=True)
    coded = []
    for i, line in enumerate(gold):
        article = json.loads(line)
        if i % 2:
            article["events"] = article["events"][:-1]
        coded.append(json.dumps(article, ensure_ascii=False))
    recipe = (ROOT / "rasd" / "learn" / "train.toml").read_text(encoding="utf-8")
    names = re.findall(r'"(coded-[^"]+\.jsonl)"', recipe)
    for i, name in enumerate(names):
        (training / name).write_text("\n".join(coded[i::len(names)]) + "\n", encoding="utf-8")

    # `rasd gazetteer import`: one place from each source.
    (here / "SY.txt").write_text("\t".join([
        "9100001", "Tall Hamra", "Tall Hamra", "", "35.70", "36.60", "P", "PPL", "SY", "", "07", "", "", "",
        "1200", "", "300", "Asia/Damascus", "2024-01-01"]) + "\n", encoding="utf-8")
    (here / "alternateNamesV2.txt").write_text("1\t9100001\tar\tتل حمرا\t1\t\t\t\t\t\n", encoding="utf-8")
    (here / "syr_pplp_adm4_unocha.csv").write_text(
        "admin0Pcode,admin1Name_en,admin1Pcode,admin2Pcode,admin3Pcode,admin4Name_en,admin4Name_ar,admin4Pcode,"
        "latitude,longitude\nSY,Idleb,SY07,SY0703,SY070300,Ein Jadida,عين جديدة,C9999,35.81,36.41\n",
        encoding="utf-8")
    (here / "my_places.tsv").write_text(
        "name_ar\tname_en\tlat\tlon\tkind\tadmin1\taliases\n"
        "مخيم الأمل\tAl-Amal camp\t36.21\t36.72\tcamp\tIdlib\tمخيم امل\n", encoding="utf-8")

    # `rasd watches add --polygon road.geojson`: a strip along a road.
    (here / "road.geojson").write_text(json.dumps({"type": "Feature", "properties": {}, "geometry": {
        "type": "Polygon", "coordinates": [[[36.3, 35.7], [36.7, 35.7], [36.7, 35.8], [36.3, 35.8], [36.3, 35.7]]]}}),
        encoding="utf-8")
    # `rasd watch --feeds feeds.toml`: a feed in a local file.
    (here / "feed.xml").write_text(
        "<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>أخبار</title>"
        f"<item><title>مقتل شخصين بقصف مسيرة</title><link>{(here / 'feed.xml').as_uri()}#1</link>"
        f"<guid>news-1</guid><pubDate>Sun, 10 Mar 2024 18:00:00 +0000</pubDate><description>{_FEED_ITEM}"
        "</description></item></channel></rss>", encoding="utf-8")
    (here / "feeds.toml").write_text(
        f'[[feeds]]\nname = "local"\nurl = "{(here / "feed.xml").as_uri()}"\n', encoding="utf-8")

    # `rasd train --from-store events.sqlite` comes before the README's `rasd ingest`: a store made beforehand.
    done = _run([str(BIN / "rasd"), "ingest", "reports.jsonl", "--db", "events.sqlite", "--quiet"], here, env)
    assert done.returncode == 0, done.stderr


def _planned(line: str, pg: str | None, outputs: str) -> str | None:
    """The line to run, or None when it is not run here."""
    if any(re.search(pattern, line) for pattern in _NOT_RUN):
        return None
    if _PG_URL.search(line):
        if pg is None:
            return None  # a PostgreSQL store: set RASD_TEST_PG to run it
        line = _PG_URL.sub(lambda _: shlex.quote(pg), line)
    for pattern, replacement, _reason in _CHANGED:
        line = re.sub(pattern, replacement, line)
    if _WATCH_ID in line:
        ids = re.findall(r"\bw-[0-9a-f]{16}\b", outputs)
        assert ids, "no watch was added before `rasd watches remove`"
        line = line.replace(_WATCH_ID, ids[0])
    return line


@contextmanager
def _dask_cluster(here: Path) -> Iterator[str]:
    """The address of a one-worker Dask cluster in this process, whose worker runs in `here` (the docs' relative
    RASD_MODEL and RASD_GAZETTEER paths must exist where the workers run)."""
    distributed = pytest.importorskip("distributed")
    before = Path.cwd()
    os.chdir(here)
    try:
        with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp://",
                                      host="127.0.0.1", scheduler_port=0, dashboard_address=None) as cluster:
            yield cluster.scheduler_address
    finally:
        os.chdir(before)


# The documents that show rasd commands (the others have nothing to run).
SHOWN = [path for path in DOCS if any(_COMMAND.search(line) for line in _lines(path))]


@pytest.mark.parametrize("doc", SHOWN, ids=[path.name for path in SHOWN])
def test_every_documented_command_runs_as_written(doc: Path, tmp_path: Path, pg_schema: str | None) -> None:
    lines = _lines(doc)
    if not (BIN / "rasd").exists() or shutil.which("bash") is None:
        pytest.skip("needs bash and the rasd command of this environment")
    here = tmp_path / "work"
    here.mkdir()
    env = os.environ | {
        "PATH": os.pathsep.join([str(BIN), os.environ.get("PATH", "")]),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        "HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "home" / "data"),
        # The README's commands without --db use the store its other commands name.
        "RASD_DB": str(here / "events.sqlite"),
    }
    for name in ("RASD_MODEL", "RASD_GAZETTEER", "RASD_DECISIONS"):
        env.pop(name, None)
    _write_workspace(here, env)

    outputs, failures, ran = "", [], 0
    for line in lines:
        if line.startswith("export "):
            name, _, value = line.removeprefix("export ").partition("=")
            if _PG_URL.match(value) and pg_schema is not None:
                value = pg_schema
            env[name] = value
            continue
        if _PG_URL.match(env.get("RASD_DB", "")) and pg_schema is None:
            continue  # the doc named a PostgreSQL store for what follows
        command = _planned(line, pg_schema, outputs)
        if command is None:
            continue
        if _SCHEDULER.search(command):
            with _dask_cluster(here) as address:
                command = _SCHEDULER.sub(f"--scheduler {address}", command)
                done = _run(command, here, env, stdin="")
        else:
            done = _run(command, here, env, stdin="")
        print(f"$ {command}  -> {done.returncode}\n{done.stdout[-300:]}{done.stderr[-300:]}")
        ran += 1
        outputs += done.stdout
        if done.returncode != 0 or "Traceback" in done.stderr:
            failures.append(f"`{line}` (run as `{command}`): exit {done.returncode}\n{done.stderr[-1500:]}")
    if not ran:
        pytest.skip(f"{doc.name}: its commands need PostgreSQL (set RASD_TEST_PG)")
    assert not failures, f"{doc.name}:\n" + "\n\n".join(failures)


def test_the_commands_not_run_as_written_are_still_in_the_docs() -> None:
    lines = [line for path in DOCS for line in _lines(path)]
    for pattern in [*_NOT_RUN, *(pattern for pattern, _, _ in _CHANGED)]:
        assert any(re.search(pattern, line) for line in lines), f"{pattern!r} matches no documented command"
    assert any(_WATCH_ID in line for line in lines)


def test_the_lines_run_here_are_the_commands_the_parser_test_finds() -> None:
    from tests.test_doc_commands import COMMANDS

    run = sorted(re.split(r"\|\s*", line)[-1] for path in DOCS for line in _lines(path) if _COMMAND.search(line))
    assert run == sorted(command for _, command in COMMANDS)
