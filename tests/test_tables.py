"""Lesson tables: the cells are the model's numbers at the stated rounding, bad columns are refused."""

from __future__ import annotations

import pytest

from itband_edu import default_parameters, single_leg_stance
from itband_edu.views.tables import group_table, muscle_table, stance_table


def test_stance_table_rows_and_rounding() -> None:
    healthy, weak = single_leg_stance(75.0), single_leg_stance(75.0, glute_med_strength=0.5)
    t = stance_table({"healthy": healthy, "weak": weak}, "moment", "hip_bw", "itb", "feasible")
    assert t.header == ("", "moment needed (N m)", "hip contact (BW)", "IT band tension (N)", "abductors can hold it?")
    assert [row[0] for row in t.rows] == ["healthy", "weak"]
    assert t.rows[1][1] == f"{float(weak.required_moment):.1f}"
    assert t.rows[1][3] == str(round(float(weak.itb_tension)))
    assert t.rows[0][4] == "yes"
    weak_hold = single_leg_stance(75.0, glute_med_strength=0.1, glute_max_strength=0.1)
    if not bool(weak_hold.feasible):
        assert stance_table({"x": weak_hold}, "feasible").rows[0][1].startswith("no,")
    assert "<table" in t._repr_html_() and "healthy" in repr(t)


def test_group_table_sums_the_parts_and_gives_the_change() -> None:
    healthy, weak = single_leg_stance(75.0), single_leg_stance(75.0, glute_med_strength=0.5)
    t = group_table({"healthy": healthy, "weak": weak})
    medius = dict((r[0], r) for r in t.rows)["gluteus medius"]
    parts = [float(healthy.muscle_forces[i]) for i, n in enumerate(healthy.muscle_names) if n.startswith("gluteus_medius")]
    assert medius[1] == f"{sum(parts):.0f}"
    assert medius[3].startswith("-") and t.header[-1] == "change (N)"


def test_muscle_table_lists_every_part() -> None:
    p = default_parameters()
    t = muscle_table(p)
    assert len(t.rows) == len(p.muscles)
    tfl = [r for r in t.rows if r[0] == "tensor fasciae latae"][0]
    assert tfl[1] == f"{p.muscle('tensor_fasciae_latae').max_isometric_force:.0f}" and tfl[4] == "1.00"


def test_unknown_column_is_refused() -> None:
    with pytest.raises(ValueError, match="columns must be some of"):
        stance_table({"x": single_leg_stance(75.0)}, "speed")
    with pytest.raises(ValueError, match="columns must be some of"):
        stance_table({"x": single_leg_stance(75.0)})


def test_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="groups must be some of"):
        group_table({"x": single_leg_stance(75.0)}, ["vastus_lateralis"])
