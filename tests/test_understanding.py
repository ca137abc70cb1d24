"""Regression gates on the understanding development sets, judged on the replies (tests/understanding/).

The sets were blind until their first run (docs/language.md); since then they only guard
against regressions, with floors a little below their level together (FLOORS).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.reply_evaluation import GROUPS, Result, converse, evaluate, report
from bot.safety.evaluation import Rate
from tests.servers_for_tests import served

pytestmark = [pytest.mark.needs_model, pytest.mark.e2e]

SETS = sorted((Path(__file__).parent / "understanding").glob("*.yml"))
# A little below sets 1-21 together at 56b5ba0 (parents 0.903, professionals 0.907, follow-ups 0.877,
# out of scope 0.929 of 13,761), so a few-conversation wobble does not fail CI.
FLOORS = {"parents": 0.88, "professionals": 0.88, "follow-ups": 0.85, "out of scope": 0.90}


@pytest.fixture(scope="module")
def results(trained_model, content, tmp_path_factory) -> list[Result]:
    items = [item for path in SETS for item in yaml.safe_load(path.read_text(encoding="utf-8"))["items"]]
    with served(
        trained_model,
        tmp_path_factory.mktemp("understanding"),
        rasa_port=5135,
        action_port=5185,
        web_port=8135,
    ) as stack:
        found = evaluate(
            items, lambda i: converse(stack.config.rest_url, f"gate-{i['id']}", i["turns"]), content
        )
    print("\n" + "\n".join(report(found)))
    return found


def test_the_sets_are_there(results) -> None:
    assert len(SETS) >= 25 and len(results) >= 16400


@pytest.mark.parametrize("group", FLOORS)
def test_no_group_falls_below_its_floor(results, group: str) -> None:
    members = [r for r in results if GROUPS[group](r.item)]
    rate = Rate(sum(r.right for r in members), len(members))
    assert rate.value >= FLOORS[group], (str(rate), [r.item["turns"] for r in members if not r.right][:10])
