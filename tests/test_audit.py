"""`make audit` (.ci/audit.py) fails on a known vulnerability and only warns when the advisory service is out of reach.

The reports and error texts below have the shapes pip-audit 2.10 gives (its JSON format, the traceback of a refused
connection); the service itself is never asked here.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def audit() -> ModuleType:
    spec = importlib.util.spec_from_file_location("ci_audit", ROOT / ".ci" / "audit.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _dep(name: str, version: str, *vulns: dict[str, object]) -> dict[str, object]:
    return {"name": name, "version": version, "vulns": list(vulns)}


def test_a_known_vulnerability_fails_and_names_the_fixed_version(audit: ModuleType) -> None:
    report = {"dependencies": [_dep("tidy", "1.0"), _dep("leaky", "2.3.0", {
        "id": "PYSEC-2099-1", "fix_versions": ["2.3.1"], "aliases": ["CVE-2099-0001"], "description": "..."})],
        "fixes": []}
    code, message = audit.verdict(1, report, "Found 1 known vulnerability in 1 package")
    assert code == 1
    assert "leaky==2.3.0: PYSEC-2099-1 (CVE-2099-0001); fixed in 2.3.1" in message


def test_a_clean_audit_passes_and_says_how_many_were_audited(audit: ModuleType) -> None:
    code, message = audit.verdict(0, {"dependencies": [_dep("tidy", "1.0"), _dep("neat", "3.1")], "fixes": []}, "")
    assert (code, message) == (0, "audit: no known vulnerability in the 2 locked packages audited")


@pytest.mark.parametrize("stderr", [
    "Traceback (most recent call last):\n  ...\nrequests.exceptions.ConnectionError: HTTPSConnectionPool(host="
    "'advisories.example', port=443): Max retries exceeded (Caused by NameResolutionError(...))",
    "ERROR:pip_audit._cli:Could not connect to the index's vulnerability feed\n"
    "ERROR:pip_audit._cli:Tip: your network may be blocking this service. Try another service with `-s SERVICE`",
    "the audit timed out after 600 s",
])
def test_an_unreachable_service_warns_and_goes_on(audit: ModuleType, stderr: str) -> None:
    code, message = audit.verdict(1, None, stderr)
    assert code == 0 and "WARNING" in message and "could not be reached" in message


def test_a_service_that_knows_none_of_the_pins_warns_and_goes_on(audit: ModuleType) -> None:
    skipped = [{"name": n, "skip_reason": f"Dependency not found on the index and could not be audited: {n} (1.0)"}
               for n in ("tidy", "neat")]
    code, message = audit.verdict(0, {"dependencies": skipped, "fixes": []}, "")
    assert code == 0 and "none of the 2 locked packages" in message


def test_a_vulnerability_fails_even_when_other_pins_were_skipped(audit: ModuleType) -> None:
    report = {"dependencies": [{"name": "tidy", "skip_reason": "Dependency not found on the index"},
                               _dep("leaky", "2.3.0", {"id": "GHSA-xxxx", "fix_versions": [], "aliases": []})]}
    code, message = audit.verdict(1, report, "")
    assert code == 1 and "leaky==2.3.0: GHSA-xxxx; no fixed release yet" in message
    assert "1 of the 2 locked packages were not audited (tidy)" in message


def test_a_failure_of_ours_fails(audit: ModuleType) -> None:
    code, message = audit.verdict(1, None, "ERROR:pip_audit._cli:requirement file constraints.txt contains invalid "
                                           "specifier at line 3")
    assert code == 1 and "invalid specifier" in message
