"""House rules that hold for the whole tree: lint, import contracts, migrations, translations."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "."], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def _import_contracts() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]


def test_import_contracts_are_kept():
    """The layers, "no other app's views or tasks", the outbox's API and no cycle in an app."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout, result.stdout


def test_every_app_is_in_the_import_contracts():
    """A new app, views module or tasks module is covered by the contracts, not forgotten."""
    config = _import_contracts()
    apps = sorted(
        path.parent.name
        for path in ROOT.glob("*/apps.py")
        if (path.parent / "__init__.py").exists()
    )
    # A new app goes into root_packages, into a layer (portal-wide apps above communiques,
    # e.g. "search | api | governance"), into acyclic-apps' ancestors and, with views or tasks,
    # into a forbidden contract of its own.
    assert sorted(config["root_packages"]) == apps, "add the app to [tool.importlinter]"
    contracts = {contract["id"]: contract for contract in config["contracts"]}
    layered = {
        module.strip()
        for layer in contracts["layers"]["layers"]
        for module in re.split("[|:]", layer)
    }
    assert layered == set(apps)
    assert sorted(contracts["acyclic-apps"]["ancestors"]) == apps
    forbidden = {
        module
        for contract in contracts.values()
        if contract["type"] == "forbidden"
        for module in contract["forbidden_modules"]
    }
    for app in apps:
        for name in ("views", "tasks"):
            if (ROOT / app / f"{name}.py").exists():
                assert f"{app}.{name}" in forbidden, f"{app}.{name} is in no contract"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, untranslated
    assert not fuzzy, fuzzy
    assert len(catalogue) > 50
