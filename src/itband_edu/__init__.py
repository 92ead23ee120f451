"""itband_edu: a small, sourced kinetic-chain model of the iliotibial band, for teaching.

The model is pure NumPy in SI units (angles in degrees only where a name says ``_deg``); every number
comes from ``data/`` with its source. Views (explorers and their figures) live in the package
``itband_edu.views`` and are imported on demand, so ``import itband_edu`` stays light.
"""

from __future__ import annotations

from .chain import ChainResult, chain_from_foot
from .gait import RunningStanceResult, running_stance
from .knee import KneeGeometry, KneeResult, knee_compression
from .parameters import DataError, Parameters, default_parameters, load_parameters, references
from .stance import StanceResult, single_leg_stance
from .tissue import BandStretchResult, band_stretch

__version__ = "0.1.0"

__all__ = [
    "BandStretchResult",
    "ChainResult",
    "DataError",
    "KneeGeometry",
    "KneeResult",
    "Parameters",
    "RunningStanceResult",
    "StanceResult",
    "band_stretch",
    "chain_from_foot",
    "default_parameters",
    "knee_compression",
    "load_parameters",
    "references",
    "running_stance",
    "single_leg_stance",
]
