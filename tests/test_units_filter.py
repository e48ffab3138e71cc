"""Narrowing lists by curriculum unit (issue 20), in Debian's Chromium: `?unit=` shows exactly the unit's
published items, the Unit control names the unit (grouped by stage) and counts, and a site without a
curriculum has no such control. Expectations come from the content files and mkdocs.yml, read here."""

from __future__ import annotations

import lxml.html
import pytest
import yaml

from conftest import REPO
from test_facets import _shown, _tab, chromium, facts  # noqa: F401 (chromium: a fixture, used by name)


def curriculum() -> list[dict]:
    return yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["plugins"][0]["tessellate"]["curriculum"]


def unit_labels() -> dict[str, str]:
    """Each unit's id -> how the control names it: "Year 9 · Proportional reasoning"."""
    return {unit["id"]: f"{stage['title']} · {unit['title']}" for stage in curriculum() for unit in stage["units"]}


@pytest.mark.parametrize("where, unit", [("resources", "y9-proportion"), ("cpd", "y9-data"),
                                         ("stories", "resit-number"), ("topics/ratio", "y9-proportion")])
def test_a_unit_in_the_address_shows_exactly_its_items(example_site, chromium, where, unit):
    from gates.common import serve
    listed = [i for i in facts() if (i["kind"] == where if "/" not in where else where.split("/")[1] in i["topic"])]
    order = ["resources", "cpd", "stories", "events"]  # a topic page groups its items by kind
    expected = [i["title"] for i in sorted(listed, key=lambda i: order.index(i["kind"])) if unit in i["unit"]]
    assert 0 < len(expected) < len(listed), "choose a unit that narrows the list"
    with serve(example_site) as local:
        context, tab = _tab(chromium, example_site, local, f"{where}/?unit={unit}")
        tab.locator("[data-tx-status]", has_text=" match").wait_for()
        assert _shown(tab) == expected
        assert tab.text_content("[data-tx-status]").startswith(f"{len(expected)} of {len(listed)} items match")
        assert tab.input_value("#tx-filter-unit") == unit
        chosen = tab.eval_on_selector("#tx-filter-unit", "s => [s.selectedOptions[0].dataset.txLabel, "
                                      "s.selectedOptions[0].parentElement.label, s.selectedOptions[0].textContent]")
        label = unit_labels()[unit]
        assert chosen == [label, label.split(" · ")[0], f"{label} ({len(expected)})"]
        assert tab.evaluate("location.search") == f"?unit={unit}"
        context.close()


def test_choosing_a_unit_narrows_the_list_and_the_address(example_site, chromium):
    from gates.common import serve
    resources = [i for i in facts() if i["kind"] == "resources"]
    with serve(example_site) as local:
        context, tab = _tab(chromium, example_site, local, "resources/")
        tab.select_option("#tx-filter-unit", "resit-algebra")
        tab.locator("[data-tx-status]", has_text=" match").wait_for()
        assert _shown(tab) == [i["title"] for i in resources if "resit-algebra" in i["unit"]]
        assert tab.evaluate("location.search") == "?unit=resit-algebra"
        context.close()


def test_the_unit_control_groups_the_units_with_items_by_stage_in_teaching_order(example_site):
    resources = [i for i in facts() if i["kind"] == "resources"]
    tree = lxml.html.parse(str(example_site / "resources" / "index.html")).getroot()
    select = tree.cssselect("[data-tx-filter] select#tx-filter-unit")[0]
    assert tree.cssselect('label[for="tx-filter-unit"]')[0].text_content() == "Unit"
    groups = [(group.get("label"), [o.get("value") for o in group.cssselect("option")])
              for group in select.cssselect("optgroup")]
    wanted = [(stage["title"], [u["id"] for u in stage["units"] if any(u["id"] in i["unit"] for i in resources)])
              for stage in curriculum()]
    assert groups == [group for group in wanted if group[1]]
    for option in select.cssselect("optgroup option"):
        count = len([i for i in resources if option.get("value") in i["unit"]])
        assert option.text_content() == f"{unit_labels()[option.get('value')]} ({count})"


def test_a_site_without_a_curriculum_offers_no_unit(foreign_site):
    tree = lxml.html.parse(str(foreign_site / "resources" / "index.html")).getroot()
    assert tree.cssselect("[data-tx-filter] select") and not tree.cssselect("#tx-filter-unit")
