"""The band and its muscle in series: why the IT band is a seatbelt, not a bungee cord.

The tensor fasciae latae (TFL) pulls on the iliotibial band (ITB); muscle and band are in series, so
they carry the same force and share any imposed length change. The band is stiff (Young's modulus
about 350 MPa over the proximal and middle thigh and 220 MPa at the distal site, Otsuka et al. 2020);
a relaxed muscle is compliant (its passive
force rises exponentially with strain, Thelen 2003). So a stretch goes almost entirely into the
muscle, and the band's own strain stays far below 1 % - which is what cadaver studies measure
(under 0.5 % lengthening in clinical stretches, Falvey et al. 2010).

Model assumptions (stated where they are used):
- the band is two linear-elastic regions in series on one cross-section A = thickness x width (the
  distal one measured; the band is wider higher up, which is left out): compliance
  L (f / E_prox + (1 - f) / E_dist) / A with f the proximal fraction of its length (an assumption);
  its *tissue strain* is the band's own elongation over its length (mean over the regions; the
  distal region's local strain is higher). This is not the *path strain* that OpenSim studies call
  "ITB strain": the length change of the whole muscle + band path over its length;
- the muscle is passive (relaxed) and starts at its optimal fibre length, where passive force is zero;
- passive muscle force: F = F0 (exp(k e / e0) - 1) / (exp(k) - 1) (Thelen 2003, k = 5, e0 = 0.6, from data/tissue.csv);
- the rubber "bungee" for comparison has the band's size and a soft rubber's modulus, linear Hooke.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._results import freeze
from ._validate import check_range
from .parameters import Parameters, default_parameters

# passive_muscle_force, passive_muscle_strain and series_force are unchecked SI building blocks
# shared with ``stance``, ``chain`` and ``gait``; learners call band_stretch, which checks its inputs.
__all__ = ["BandStretchResult", "band_stretch"]

MAX_STRETCH = 0.05  # m; more than any clinical stretch imposes on the TFL-ITB unit
MAX_LOAD = 5000.0  # N; about 7 body weights, above any measured ITB load


def passive_muscle_force(strain: ArrayLike, max_force: float, p: Parameters | None = None) -> NDArray[np.float64]:
    """Passive force (N) of a relaxed muscle at fibre ``strain`` (dimensionless, 0 at optimal length).

    F = F0 (exp(k e / e0) - 1) / (exp(k) - 1), zero for e <= 0 (slack). Thelen (2003), k = 5, e0 = 0.6
    (data/tissue.csv).
    """
    p = p or default_parameters()
    k, e0 = p.passive_shape_factor, p.passive_strain_at_max_force
    e = np.maximum(np.asarray(strain, dtype=float), 0.0)
    return max_force * np.expm1(k * e / e0) / np.expm1(k)


def passive_muscle_strain(force: ArrayLike, max_force: float, p: Parameters | None = None) -> NDArray[np.float64]:
    """Inverse of :func:`passive_muscle_force`: the fibre strain at which passive force is ``force`` (N)."""
    p = p or default_parameters()
    k, e0 = p.passive_shape_factor, p.passive_strain_at_max_force
    f = np.maximum(np.asarray(force, dtype=float), 0.0)
    return e0 / k * np.log1p(f / max_force * np.expm1(k))


def _band_compliance(p: Parameters, youngs_modulus: float | None) -> float:
    """Elongation per newton (m/N): the band's two regions (``youngs_modulus`` None), or a uniform
    prism of the band's size and the given modulus (the rubber comparison): L / (E A)."""
    if youngs_modulus is None:
        return p.itb_compliance
    return p.itb_length / (youngs_modulus * p.itb_cross_section)


def series_force(
    stretch: ArrayLike, youngs_modulus: float | None = None, p: Parameters | None = None
) -> NDArray[np.float64]:
    """Force (N) in the passive TFL muscle + band unit when the unit is lengthened by ``stretch`` (m).

    Solves L_m e(F) + F L_b / (E A) = stretch for F, where e(F) is the passive muscle strain. Written in
    the muscle strain u, h(u) = L_m u + F(u) L_b / (E A) - stretch is convex and increasing, so Newton's
    method from the upper bound u = stretch / L_m converges monotonically (a few iterations).
    ``youngs_modulus`` (Pa) defaults to the band's two regions; pass the rubber's for the bungee
    comparison.
    """
    p = p or default_parameters()
    s = np.maximum(np.asarray(stretch, dtype=float), 0.0)
    f0 = p.muscle("tensor_fasciae_latae").max_isometric_force
    lm, comp = p.tfl_optimal_fibre_length, _band_compliance(p, youngs_modulus)
    k, e0 = p.passive_shape_factor, p.passive_strain_at_max_force
    scale = f0 / np.expm1(k)
    u = s / lm
    for _ in range(60):
        ex = np.exp(k * u / e0)
        # expm1, not exp - 1: for tiny stretches exp - 1 rounds to 0 and the band would be ignored
        h = lm * u + scale * np.expm1(k * u / e0) * comp - s
        dh = lm + scale * ex * (k / e0) * comp
        step = h / dh
        u = u - step
        if np.all(np.abs(step) <= 1e-12 * np.abs(u)):  # relative: tiny stretches converge too
            break
    return scale * np.expm1(k * np.maximum(u, 0.0) / e0)


def _split(
    force: NDArray[np.float64], youngs_modulus: float | None, p: Parameters
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Elongations (m) of the band (``youngs_modulus`` None: its two regions; else a uniform band of
    that modulus) and of the relaxed TFL in series,
    both carrying ``force`` (N), and the band's share of their sum. With no force there is nothing
    to share; the share is then its small-stretch limit, the ratio of the two compliances at F = 0."""
    f0 = p.muscle("tensor_fasciae_latae").max_isometric_force
    lm = p.tfl_optimal_fibre_length
    band_compliance = _band_compliance(p, youngs_modulus)
    # d(muscle elongation)/dF at F = 0, from the passive curve (Thelen 2003)
    muscle_compliance0 = lm * p.passive_strain_at_max_force / p.passive_shape_factor \
        * np.expm1(p.passive_shape_factor) / f0
    band_el = force * band_compliance
    muscle_el = lm * passive_muscle_strain(force, f0, p)
    total = band_el + muscle_el
    limit = np.full_like(total, band_compliance / (band_compliance + muscle_compliance0))
    share = np.divide(band_el, total, out=limit, where=total > 0)
    return band_el, muscle_el, share


@dataclass(frozen=True)
class BandStretchResult:
    """How an imposed stretch or load is shared between the band and its muscle.

    Lengths in m, forces in N, strains dimensionless (``*_percent`` properties give %).
    ``band_share`` is the fraction of the unit's elongation that happens in the band. The ``rubber_*``
    fields repeat the calculation with the band replaced by soft rubber of the same size.
    """

    load: float | NDArray[np.float64]
    stretch: float | NDArray[np.float64]
    band_elongation: float | NDArray[np.float64]
    muscle_elongation: float | NDArray[np.float64]
    band_strain: float | NDArray[np.float64]
    muscle_strain: float | NDArray[np.float64]
    band_share: float | NDArray[np.float64]
    rubber_load: float | NDArray[np.float64]
    rubber_strain: float | NDArray[np.float64]
    rubber_share: float | NDArray[np.float64]
    band_peak_strain: float | NDArray[np.float64]  # local tissue strain of the distal (softest) region
    beyond_working_range: bool | NDArray[np.bool_]  # band_peak_strain above tendon-like tissue's range

    @property
    def band_peak_strain_percent(self) -> float | NDArray[np.float64]:
        return self.band_peak_strain * 100.0

    @property
    def band_strain_percent(self) -> float | NDArray[np.float64]:
        return self.band_strain * 100.0

    @property
    def muscle_strain_percent(self) -> float | NDArray[np.float64]:
        return self.muscle_strain * 100.0

    @property
    def rubber_strain_percent(self) -> float | NDArray[np.float64]:
        return self.rubber_strain * 100.0


def band_stretch(
    stretch: ArrayLike | None = None,
    load: ArrayLike | None = None,
    *,
    params: Parameters | None = None,
) -> BandStretchResult:
    """Share a stretch (m) or a load (N) between the IT band and the relaxed TFL muscle in series.

    Give exactly one of:
    - ``stretch``: lengthening imposed on the whole muscle + band unit, in m, 0 to 0.05 m
      (a hip-adduction stretch of 20 deg lengthens the unit by about 1.5 cm);
    - ``load``: a longitudinal pull on the unit, in N, 0 to 5000 N.

    Band:   two regions in series, E = 350.3 MPa (proximal and middle) and 219.4 MPa (distal; Otsuka
            et al. 2020), A = thickness x width; ``band_strain`` is its tissue strain (elongation /
            length), ``band_peak_strain`` the distal region's F / (E_dist A), and
            ``beyond_working_range`` says whether that exceeds tendon-like tissue's working strain
            (about 5 %, Maganaris & Paul 2002).
    Muscle: passive force-length curve of Thelen (2003) from optimal length (slack there).
    Rubber: the same calculation with E of soft rubber (see ``data/tissue.csv``).

    Returns a :class:`BandStretchResult`; arrays in give arrays out (vectorised).
    Raises ``ValueError`` naming the parameter when neither or both are given or a value is out of range.
    """
    p = params or default_parameters()
    if (stretch is None) == (load is None):
        raise ValueError("band_stretch needs exactly one of stretch (m, 0-0.05) or load (N, 0-5000)")
    lm = p.tfl_optimal_fibre_length
    if stretch is not None:
        s = check_range("stretch", stretch, 0.0, MAX_STRETCH, "m",
                        hint="stretch is in metres (2 cm = 0.02)")
        force = series_force(s, p=p)
        rubber_force = series_force(s, youngs_modulus=p.rubber_youngs_modulus, p=p)
    else:
        # exactly one of stretch and load was given (checked above), so load is not None here
        force = check_range("load", cast("ArrayLike", load), 0.0, MAX_LOAD, "N")
        rubber_force = force
    band_el, muscle_el, share = _split(force, None, p)
    peak = force / (p.itb_youngs_modulus * p.itb_cross_section)
    rubber_el, _, rubber_share = _split(rubber_force, p.rubber_youngs_modulus, p)
    return BandStretchResult(
        load=freeze(force),
        stretch=freeze(band_el + muscle_el),
        band_elongation=freeze(band_el),
        muscle_elongation=freeze(muscle_el),
        band_strain=freeze(band_el / p.itb_length),
        muscle_strain=freeze(muscle_el / lm),
        band_share=freeze(share),
        rubber_load=freeze(rubber_force),
        rubber_strain=freeze(rubber_el / p.itb_length),
        rubber_share=freeze(rubber_share),
        band_peak_strain=freeze(peak),
        beyond_working_range=freeze(peak > p.tendon_working_strain),
    )
