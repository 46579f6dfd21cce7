"""Cells partly inside a cité count that part of their people in it (equity by cité)."""

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from artois_access.indicators.equity import equity_table, split_by_share


def test_a_quarter_of_a_cell_in_a_cite():
    # Cell a: 100 people, a quarter of its area in a cité → 25 in the cité, 75 outside.
    # Cell b: 40 people, wholly outside. Jobs reached: a 1,000, b 3,000.
    cells = pl.DataFrame(
        {"id": ["a", "b"], "population": [100.0, 40.0], "cite_share": [0.25, 0.0],
         "jobs45": [1000.0, 3000.0]}
    )  # fmt: skip
    split = split_by_share(cells, "cite_share", group="in_cite", inside="cité", outside="hors")
    assert sorted(split.select("id", "in_cite", "population").rows()) == [
        ("a", "cité", 25.0),
        ("a", "hors", 75.0),
        ("b", "hors", 40.0),
    ]
    table = equity_table(split, ["jobs45"], group="in_cite")
    by = {r["group"]: r for r in table.iter_rows(named=True)}
    assert by["cité"]["population"] == 25.0 and by["cité"]["mean"] == 1000.0
    # Outside: 75 people at 1,000 and 40 at 3,000 → (75,000 + 120,000) / 115.
    assert by["hors"]["mean"] == (75 * 1000 + 40 * 3000) / 115


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        # People and jobs are whole numbers; the share is any fraction of the cell's area.
        st.tuples(st.integers(0, 500), st.floats(0, 1), st.integers(0, 50_000)),
        min_size=1,
        max_size=30,
    )
)
def test_the_whole_territory_is_unchanged_by_the_split(rows):
    cells = pl.DataFrame(
        {
            "population": [r[0] for r in rows],
            "cite_share": [r[1] for r in rows],
            "jobs45": [r[2] for r in rows],
        }
    )
    if cells["population"].sum() == 0:
        return
    before = equity_table(cells, ["jobs45"]).row(0, named=True)
    split = split_by_share(cells, "cite_share", group="in_cite", inside="c", outside="h")
    after = equity_table(split, ["jobs45"]).row(0, named=True)
    for key in ("population", "mean", "gini", "palma", "theil"):
        a, b = before[key], after[key]
        same = a == b or (a != a and b != b)  # equal, infinite alike, or both undefined
        assert same or abs(a - b) <= 1e-9 * max(1.0, abs(a)), key
