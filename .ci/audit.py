"""Known vulnerabilities in the locked dependencies: `make audit`, which CI runs after the tests.

    python .ci/audit.py [constraints.txt]

Runs pip-audit over the exact versions of constraints.txt (`-r FILE --no-deps --disable-pip`: each pin is asked
about as it stands, nothing is resolved or installed) against the package index's advisory database (pip-audit's
default service), and reads its JSON report. Exit 1 when a pinned version has a known vulnerability (each is printed
with the versions that fix it) or when pip-audit itself fails for a reason of ours (an unreadable constraints file).
When the vulnerability service cannot be reached (no network, a proxy, DNS, a time-out, an error page), or answers
for none of the pins, it prints a warning saying what was not audited and exits 0: an outage of the service must not
fail CI.

pip-audit exits 1 both on a finding and on a network failure (`_fatal`, or an uncaught `requests` exception
with a traceback), so the report decides: pip-audit writes the JSON file only when the audit ran to the end.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

# What pip-audit's stderr holds when it could not talk to the service: its own ConnectionError ("Could not connect
# to ... vulnerability feed", "... is not redirecting properly", and its tip about a blocking network), its
# ServiceError on an HTTP error, or a `requests` exception it let through (DNS, refused connection, proxy, TLS).
_UNREACHABLE = re.compile(r"requests\.exceptions\.\w+|Could not connect to|not redirecting properly|ServiceError"
                          r"|network may be blocking|Max retries exceeded|timed out|Name or service not known"
                          r"|Temporary failure in name resolution")
TIMEOUT = 600  # seconds for the whole audit; pip-audit's own `--timeout` bounds each request


def verdict(returncode: int, report: dict[str, Any] | None, stderr: str) -> tuple[int, str]:
    """The exit code of `make audit` and what it prints, from pip-audit's exit code, JSON report and stderr."""
    if report is None:
        if returncode == 0:
            return 1, "audit: pip-audit exited without a report; run `make audit` again"
        if _UNREACHABLE.search(stderr):
            last = stderr.strip().splitlines()[-1] if stderr.strip() else ""
            return 0, ("audit: WARNING: the vulnerability service could not be reached, so no dependency was "
                       f"audited ({last[:300]}); CI goes on. Run `make audit` again when the network is back.")
        return returncode or 1, f"audit: pip-audit failed:\n{stderr.strip()[-2000:]}"
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if "skip_reason" in d]
    lines = []
    for dep in vulnerable:
        for v in dep["vulns"]:
            fixed = "fixed in " + ", ".join(v["fix_versions"]) if v.get("fix_versions") else "no fixed release yet"
            aliases = f" ({', '.join(v['aliases'])})" if v.get("aliases") else ""
            lines.append(f"audit: {dep['name']}=={dep['version']}: {v['id']}{aliases}; {fixed}")
    if len(skipped) == len(deps):
        lines.append(f"audit: WARNING: the vulnerability service answered for none of the {len(deps)} locked "
                     f"packages, so nothing was audited ({skipped[0]['skip_reason'] if deps else 'no pins'}); "
                     "CI goes on.")
    elif skipped:
        names = ", ".join(d["name"] for d in skipped[:8]) + (", ..." if len(skipped) > 8 else "")
        lines.append(f"audit: WARNING: {len(skipped)} of the {len(deps)} locked packages were not audited ({names}): "
                     f"{skipped[0]['skip_reason']}")
    if vulnerable:
        count = sum(len(d["vulns"]) for d in vulnerable)
        lines.append(f"audit: {count} known vulnerabilities in {len(vulnerable)} locked packages: raise their pins "
                     "in constraints.txt (and the range in pyproject.toml if the fix is outside it)")
        return 1, "\n".join(lines)
    audited = len(deps) - len(skipped)
    if audited:
        lines.append(f"audit: no known vulnerability in the {audited} locked packages audited")
    return 0, "\n".join(lines)


def main(argv: list[str]) -> int:
    constraints = Path(argv[0] if argv else "constraints.txt")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        command = [sys.executable, "-m", "pip_audit", "-r", str(constraints), "--no-deps", "--disable-pip",
                   "--progress-spinner", "off", "--timeout", "30", "--format", "json", "--output", str(out)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
            returncode, stderr = done.returncode, done.stderr
        except subprocess.TimeoutExpired:
            returncode, stderr = 1, f"the audit timed out after {TIMEOUT} s"
        report = json.loads(out.read_text(encoding="utf-8")) if out.is_file() and out.stat().st_size else None
    code, message = verdict(returncode, report, stderr)
    print(message, file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
