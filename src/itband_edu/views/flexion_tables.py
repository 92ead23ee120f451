"""Lesson 04's tables: the two-plane stance results side by side (``flexion_table``), a sweep of
flexion demands (``flexion_sweep``) and every muscle's two moment arms (``arms_table``). The
explorer is in ``flexion``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..parameters import Parameters, default_parameters
from ..stance import StanceResult, single_leg_stance
from .flexion import GROUPS, _force
from .tables import Table, column_table

__all__ = ["flexion_table", "flexion_sweep", "arms_table", "DEFAULT_COLUMNS", "SWEEP_COLUMNS"]

def _demand(r: StanceResult) -> str:
    # a frontal-plane-only result was never asked for a flexion moment: no demand to show
    return f"{float(r.required_flexion_moment):+.1f}" if bool(r.two_planes) else "—"


def _made(r: StanceResult) -> str:
    # balanced in both planes: the muscles supply the demand, so print the same number as the demand
    value = r.required_flexion_moment if bool(r.two_planes) and bool(r.feasible) else r.muscle_flexion_moment
    return f"{float(value):+.1f}"


_COLUMNS = {
    "demand": ("flexion demand (N m)", _demand),
    "made": ("muscles' flexion moment (N m)", _made),
    "itb": ("IT band (N)", lambda r: f"{float(r.itb_tension):.0f}"),
    "tfl": ("TFL (N)", lambda r: f"{_force(r, GROUPS[3]):.1f}"),
    "gmax": ("upper glut. max (N)", lambda r: f"{_force(r, GROUPS[2]):.0f}"),
    "gmed": ("glut. med. (N)", lambda r: f"{_force(r, GROUPS[0]):.0f}"),
    "iliopsoas": ("iliopsoas (N)", lambda r: f"{_force(r, GROUPS[4]):.0f}"),
    "rf": ("rect. fem. (N)", lambda r: f"{_force(r, GROUPS[5]):.0f}"),
    "sartorius": ("sartorius (N)", lambda r: f"{_force(r, GROUPS[6]):.0f}"),
    "hip_bw": ("hip force (BW)", lambda r: f"{float(r.hip_contact_force_bw):.2f}"),
}
DEFAULT_COLUMNS = ("demand", "made", "itb", "tfl", "gmax", "rf", "iliopsoas", "hip_bw")
#: The columns of ``flexion_sweep``: the demand, the band, the band's two muscles, the big flexors, the hip.
SWEEP_COLUMNS = ("demand", "itb", "tfl", "gmax", "rf", "iliopsoas", "hip_bw")


def flexion_table(results: Mapping[str, StanceResult], *columns: str) -> Table:
    """One row per labelled scalar result: flexion demand and moment, band, muscle groups, hip force.

    ``columns`` are names of ``_COLUMNS`` (default: demand, made, itb, tfl, gmax, rf, iliopsoas,
    hip_bw; without "made" when every row is balanced in both planes, where it would repeat the
    demand). A frontal-plane-only result has no flexion demand ("—"); its muscles' flexion moment is
    what the abductors happen to make.
    """
    if columns:
        cols = columns
    elif all(bool(r.two_planes) for r in results.values()):
        cols = tuple(c for c in DEFAULT_COLUMNS if c != "made")
    else:
        cols = DEFAULT_COLUMNS
    for label, r in results.items():
        if not bool(r.feasible):
            raise ValueError(f"{label!r}: the muscles cannot balance this case; a table would show no solution")
    return column_table(results, cols, _COLUMNS)


def flexion_sweep(demands: Sequence[float], body_mass: float = 75.0, *, iliopsoas_strength: float = 1.0) -> Table:
    """One row per flexion demand (N m; negative: extension), both planes balanced in one-leg stance:
    the band, the TFL, the upper gluteus maximus, rectus femoris, the iliopsoas and the hip force."""
    results = {f"{float(m):+g} N m": single_leg_stance(body_mass, hip_flexion_moment=float(m),
                                                        iliopsoas_strength=iliopsoas_strength)
               for m in demands}
    return flexion_table(results, *SWEEP_COLUMNS)


def arms_table(params: Parameters | None = None) -> Table:
    """Each muscle part's maximum force and its two moment arms at the neutral posture (Rajagopal
    et al. 2016): abduction (positive: abducts) and flexion (positive: flexes, negative: extends)."""
    p = params or default_parameters()
    rows = tuple((m.name.replace("_", " "), f"{m.max_isometric_force:.0f}", f"{100 * m.moment_arm_neutral:+.2f}",
                  f"{100 * m.flexion_moment_arm:+.2f}", f"{m.max_isometric_force * m.flexion_moment_arm:+.1f}")
                 for m in p.muscles + p.flexors)
    return Table(("muscle part", "F0 (N)", "abduction arm (cm)", "flexion arm (cm)", "F0 × flexion arm (N m)"), rows)
