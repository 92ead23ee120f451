"""The result of :func:`itband_edu.gait.running_stance`: one running stance phase, sample by sample.

SYNTHETIC CURVES SHAPED TO PUBLISHED PEAKS, NEVER MEASURED DATA (see ``gait``). Re-exported by ``gait``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._results import sum_muscles

__all__ = ["RunningStanceResult"]


@dataclass(frozen=True)
class RunningStanceResult:
    """One running stance phase, sample by sample (SI units: s, N, rad, m; strain dimensionless).

    Every array has length ``n_samples`` (``muscle_forces`` has a second axis over ``muscle_names``).
    The kinematic and ground-force curves are SYNTHETIC (``synthetic`` is True, ``note`` says how they
    were built): shaped to published peaks, never measured data.
    """

    synthetic: bool
    note: str
    step_rate_change_percent: float  # % of the preferred step rate (Heiderscheit et al. 2011)
    steps_per_minute: float  # both legs, 1/min
    body_mass: float  # kg
    body_weight: float  # N
    time: NDArray[np.float64]  # s
    stance_fraction: NDArray[np.float64]  # 0-1
    vertical_grf: NDArray[np.float64]  # N
    hip_adduction: NDArray[np.float64]  # rad
    pelvic_drop: NDArray[np.float64]  # rad
    knee_flexion: NDArray[np.float64]  # rad
    rearfoot_eversion: NDArray[np.float64]  # rad
    tibial_rotation: NDArray[np.float64]  # rad, internal positive (chain)
    knee_internal_rotation: NDArray[np.float64]  # rad (chain)
    hip_abduction_moment: NDArray[np.float64]  # N m, required (quasi-static estimate)
    muscle_names: tuple[str, ...]
    muscle_forces: NDArray[np.float64]  # N, (n_samples, n_muscles)
    feasible: NDArray[np.bool_]  # can the abductors supply the moment?
    moment_deficit: NDArray[np.float64]  # N m
    hip_contact_force: NDArray[np.float64]  # N, frontal-plane force balance as in ``stance``
    itb_active_tension: NDArray[np.float64]  # N
    itb_passive_tension: NDArray[np.float64]  # N
    itb_tension: NDArray[np.float64]  # N
    itb_length_change: NDArray[np.float64]  # m, TFL + band unit, from hip adduction and knee rotation
    tissue_strain: NDArray[np.float64]  # 1, the band's own elongation / its length (two regions, tissue.py)
    tissue_peak_strain: NDArray[np.float64]  # 1, local strain of the distal region, T / (E_dist A)
    path_strain: NDArray[np.float64]  # 1, length change of the whole TFL + band path / its length
    strain_rate: NDArray[np.float64]  # 1/s, of the tissue strain
    path_strain_rate: NDArray[np.float64]  # 1/s, of the path strain (what OpenSim-style studies differentiate)
    band_position: NDArray[np.float64]  # m (knee)
    wrap_angle: NDArray[np.float64]  # rad (knee)
    compression_force: NDArray[np.float64]  # N (knee)
    in_contact: NDArray[np.bool_]  # (knee) the band presses on the lateral epicondyle

    @property
    def hip_abduction_moment_per_kg(self) -> NDArray[np.float64]:
        """Hip abduction moment in N m/kg (Heiderscheit et al. 2011 report 1.8 +/- 0.4 at its peak)."""
        return self.hip_abduction_moment / self.body_mass

    @property
    def vertical_grf_bw(self) -> NDArray[np.float64]:
        return self.vertical_grf / self.body_weight

    @property
    def tissue_strain_percent(self) -> NDArray[np.float64]:
        return self.tissue_strain * 100.0

    @property
    def path_strain_percent(self) -> NDArray[np.float64]:
        """The quantity OpenSim studies call "ITB strain" (e.g. Tomiyama et al. 2016: 1.4-2.2 %)."""
        return self.path_strain * 100.0

    @property
    def strain_rate_percent_per_s(self) -> NDArray[np.float64]:
        """Rate of the tissue strain, %/s."""
        return self.strain_rate * 100.0

    @property
    def path_strain_rate_percent_per_s(self) -> NDArray[np.float64]:
        """Rate of the path strain, %/s: the rate musculoskeletal-model studies (e.g. Hamill et al. 2008)
        report as "ITB strain rate"."""
        return self.path_strain_rate * 100.0

    @property
    def hip_adduction_deg(self) -> NDArray[np.float64]:
        return np.degrees(self.hip_adduction)

    @property
    def pelvic_drop_deg(self) -> NDArray[np.float64]:
        return np.degrees(self.pelvic_drop)

    @property
    def knee_flexion_deg(self) -> NDArray[np.float64]:
        return np.degrees(self.knee_flexion)

    @property
    def rearfoot_eversion_deg(self) -> NDArray[np.float64]:
        return np.degrees(self.rearfoot_eversion)

    def force_of(self, prefix: str) -> NDArray[np.float64]:
        """Sum of the forces (N) of the muscles whose name starts with ``prefix``, sample by sample."""
        return sum_muscles(self.muscle_names, self.muscle_forces, prefix)
