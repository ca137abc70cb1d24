"""docs/maintainers.md works: its "Add a topic" steps, followed in a temporary copy.

The test reads the doc itself: the commands it gives and the field names it lists. When
the doc names a field the content model does not know, or a command that does not work,
this fails, so the doc cannot go stale silently.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.content.model import Intent

PROJECT = Path(__file__).resolve().parents[1]
DOC = PROJECT / "docs" / "maintainers.md"
NAME = "doc_walkthrough_topic"


def section(title: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def commands(text: str) -> list[str]:
    """`python -m bot …` and `make …` commands quoted in the text, in order."""
    return re.findall(r"`((?:python -m bot|make) [^`]+)`", text)


def fields(text: str) -> list[str]:
    """The field names the doc lists as "- `name`: …"."""
    return re.findall(r"^\s*- `(\w+)`:", text, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def copy(tmp_path_factory) -> Path:
    """The parts of the project the content tools read and write."""
    root = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(PROJECT / "bot", root / "bot", ignore=ignore)
    shutil.copytree(PROJECT / "data", root / "data", ignore=ignore)
    shutil.copytree(
        PROJECT / "tests", root / "tests", ignore=shutil.ignore_patterns("__pycache__", "*.py", "artifacts")
    )
    shutil.copy(PROJECT / "domain.yml", root / "domain.yml")
    return root


def run(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """A doc command in the copy; `make content` is what the Makefile runs for it."""
    argv = {"make content": "python -m bot content build"}.get(command, command).split()
    assert argv[:3] == ["python", "-m", "bot"], f"the test cannot follow {command!r}"
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(
        [sys.executable, *argv[1:]],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def filled(scaffold: dict) -> dict:
    """What a maintainer writes into the scaffold, following the doc's field list."""
    quote = "Als professional kun je sensitief gedrag van de ouder herkennen en bevorderen."
    subjects = [
        "zandbak",
        "fietstocht",
        "verjaardag",
        "logeerpartij",
        "zwemles",
        "tandarts",
        "kinderboerderij",
        "verhuisdoos",
        "regenlaarzen",
        "knuffelbeer",
        "speeltuin",
        "boodschappen",
        "bibliotheek",
        "voetbalclub",
        "trampoline",
        "picknick",
        "treinreis",
        "schoolreis",
        "sinterklaas",
        "moestuin",
        "ijsbaan",
        "dierentuin",
        "kapper",
        "vakantiehuis",
        "zwembad",
        "muziekles",
    ]
    return {
        **scaffold,
        "title": "Testonderwerp",
        "reviewed": "2026-12-02",
        "answer": "Een professional kan zien of een ouder goed op het kind reageert.",
        "more": "Volgens het NJi kan een professional sensitief gedrag herkennen.",
        "evidence": [
            {"claim": "Een professional kan zien", "source": "nji_secure_attachment", "quote": quote},
            {
                "claim": "kan een professional sensitief gedrag herkennen",
                "source": "nji_secure_attachment",
                "quote": quote,
            },
        ],
        "literature": [],
        "related": ["sensitive_responding", "where_to_find_help"],
        "examples": [f"hoe zit het met de {s} en de band met mijn kind" for s in subjects[:20]],
        "test_examples": [f"wat doet een {s} met de band tussen ons" for s in subjects[20:26]],
    }


def test_the_doc_lists_only_fields_the_content_model_knows() -> None:
    listed = fields(section("Add a topic"))
    assert {"title", "answer", "evidence", "examples", "test_examples"} <= set(listed)
    assert set(listed) <= set(Intent.__fields__), set(listed) - set(Intent.__fields__)
    table = section("An intent with a special role")
    for name in re.findall(r"^\| `(\w+)` \|", table, flags=re.MULTILINE):
        assert name in Intent.__fields__, name


def test_adding_a_topic_by_following_the_doc(copy: Path) -> None:
    steps = commands(section("Add a topic"))
    scaffold_cmd = next(c for c in steps if "new-intent" in c).replace("my_topic", NAME)
    done = run(scaffold_cmd, copy)
    assert done.returncode == 0, done.stderr
    path = copy / "bot" / "content" / "topics" / f"{NAME}.yml"
    scaffold = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(fields(section("Add a topic"))) <= set(scaffold), "the scaffold lacks a field the doc lists"

    path.write_text(yaml.safe_dump(filled(scaffold), allow_unicode=True, sort_keys=False), encoding="utf-8")
    check_cmd = next(c for c in steps if "content check" in c).replace("my_topic", NAME)
    checked = run(check_cmd, copy)
    assert checked.returncode == 0 and f"ok: {NAME}" in checked.stdout, checked.stdout + checked.stderr

    built = run("make content", copy)
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-2000:]
    assert f"- intent: {NAME}\n" in (copy / "data" / "nlu.yml").read_text(encoding="utf-8")
    assert f"utter_{NAME}:" in (copy / "domain.yml").read_text(encoding="utf-8")
    assert f"rule: answer {NAME}\n" in (copy / "data" / "intent_rules.yml").read_text(encoding="utf-8")
    # The project itself is untouched.
    assert not (PROJECT / "bot" / "content" / "topics" / f"{NAME}.yml").exists()
