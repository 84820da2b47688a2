"""pyproject.toml against the code: ranges with a lock, extras that match the imports, data that ships."""

from __future__ import annotations

import fnmatch
import json
import re
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from rasd.errors import ConfigError
from rasd.extras import EXTRAS, require

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DEPENDENCIES = [Requirement(r) for r in PROJECT["project"]["dependencies"]]
OPTIONAL = {extra: [Requirement(r) for r in reqs]
            for extra, reqs in PROJECT["project"]["optional-dependencies"].items()}
VENDOR = ROOT / "rasd" / "web" / "static" / "vendor"


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not name==version"
            pins[canonicalize_name(name)] = version.strip()
    return pins


def _external(reqs: list[Requirement]) -> list[Requirement]:
    return [r for r in reqs if canonicalize_name(r.name) != "rasd"]


def test_dependencies_are_ranges_and_constraints_pin_each_within_its_range() -> None:
    pins = _pins()
    for req in DEPENDENCIES + [r for reqs in OPTIONAL.values() for r in _external(reqs)]:
        assert req.specifier and not any(s.operator in ("==", "===") for s in req.specifier), req
        assert any(s.operator == ">=" for s in req.specifier), f"{req} has no lower bound"
        name = canonicalize_name(req.name)
        assert name in pins, f"constraints.txt does not pin {req.name}"
        assert req.specifier.contains(pins[name], prereleases=True), f"{req.name}=={pins[name]} is outside {req}"


def test_the_core_needs_no_extra_and_all_holds_every_extra() -> None:
    extra_only = {canonicalize_name(r.name) for extra in EXTRAS for r in OPTIONAL[extra]}
    assert not extra_only & {canonicalize_name(r.name) for r in DEPENDENCIES}
    assert OPTIONAL["all"] == [Requirement(f"rasd[{','.join(EXTRAS)}]")]
    assert Requirement("rasd[all]") in OPTIONAL["dev"]
    assert "lxml-html-clean" in {canonicalize_name(r.name) for r in DEPENDENCIES}


def test_each_extra_installs_the_modules_that_require_checks() -> None:
    """`rasd.extras.EXTRAS` names, per extra, modules that its requirements (or their own extras) install."""
    assert set(EXTRAS) == set(OPTIONAL) - {"all", "dev"}
    installed_by = packages_distributions()
    for extra, modules in EXTRAS.items():
        provided = {canonicalize_name(r.name) for r in OPTIONAL[extra]}
        provided |= {canonicalize_name(e) for r in OPTIONAL[extra] for e in r.extras}
        for module in modules:
            assert {canonicalize_name(d) for d in installed_by.get(module, [])} & provided, (extra, module)


def test_require_names_the_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(EXTRAS, "server", ("fastapi", "no_such_module_here"))
    with pytest.raises(ConfigError, match=re.escape("rasd serve needs no_such_module_here, which is not installed: "
                                                    "pip install 'rasd[server]'")):
        require("server", purpose="rasd serve")
    monkeypatch.setitem(EXTRAS, "server", ("fastapi",))
    require("server", purpose="rasd serve")


def test_declared_packages_are_imported_somewhere() -> None:
    """A declared package nobody imports (pyarabic was one) is dead weight for every user."""
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "rasd").rglob("*.py"))
    imported_as = {"charset-normalizer": "charset_normalizer", "pyyaml": "yaml", "lxml-html-clean": "lxml",
                   "scikit-learn": "sklearn", "dask": "distributed"}
    for req in DEPENDENCIES + [r for extra in EXTRAS for r in OPTIONAL[extra]]:
        name = canonicalize_name(req.name)
        module = imported_as.get(name, name.replace("-", "_"))
        assert re.search(rf"^\s*(import|from) {module}\b", code, re.M) or name == "lxml-html-clean", req.name
    assert "pyarabic" not in {canonicalize_name(r.name) for r in DEPENDENCIES}


def _package_files() -> list[str]:
    package = ROOT / "rasd"
    return sorted(str(p.relative_to(package)) for p in package.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts and p.suffix not in (".py", ".pyc"))


def test_every_data_file_of_the_package_is_in_a_package_data_glob_and_every_glob_matches() -> None:
    globs = PROJECT["tool"]["setuptools"]["package-data"]["rasd"]
    files = _package_files()
    assert not [f for f in files if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert not [g for g in globs if not any(fnmatch.fnmatch(f, g) for f in files)]


def test_the_vendored_map_libraries_are_the_versions_package_json_names() -> None:
    wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    head = (VENDOR / "leaflet.js").read_text(encoding="utf-8")[:200]
    assert f"Leaflet {wanted['leaflet']}," in head
    assert f"Chart.js v{wanted['chart.js']}\n" in (VENDOR / "chart.umd.min.js").read_text(encoding="utf-8")[:200]
    topojson = (VENDOR / "topojson-client.min.js").read_text(encoding="utf-8")[:100]
    assert f"topojson-client v{wanted['topojson-client']} " in topojson
    for name in ("leaflet.markercluster.js", "MarkerCluster.css", "leaflet.css", "LICENSE.leaflet",
                 "LICENSE.markercluster", "LICENSE.chartjs", "LICENSE.topojson-client", "LICENSE.world-atlas",
                 "countries-50m.json", "images/marker-icon.png"):
        assert (VENDOR / name).stat().st_size > 0
    tested = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    axe = (ROOT / "tests" / "vendor" / "axe.min.js").read_text(encoding="utf-8")[:100]
    assert f"axe v{tested['axe-core']}\n" in axe  # the browser test's accessibility checker
    modules = ROOT / "node_modules"
    if not modules.is_dir():
        return  # `make vendor` has not run here; the copies are checked against npm where it has
    installed = json.loads((modules / "leaflet.markercluster" / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == wanted["leaflet.markercluster"]
    same = {"leaflet.js": "leaflet/dist/leaflet.js",
            "leaflet.markercluster.js": "leaflet.markercluster/dist/leaflet.markercluster.js",
            "chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
            "topojson-client.min.js": "topojson-client/dist/topojson-client.min.js",
            "countries-50m.json": "world-atlas/countries-50m.json"}
    for ours, theirs in same.items():
        assert (VENDOR / ours).read_bytes() == (modules / theirs).read_bytes(), f"run `make vendor` to renew {ours}"


def test_the_package_is_typed_and_licensed() -> None:
    assert (ROOT / "rasd" / "py.typed").exists()
    assert "Apache License" in (ROOT / "LICENSE").read_text(encoding="utf-8")[:200]
    assert PROJECT["project"]["license"] == "Apache-2.0"
