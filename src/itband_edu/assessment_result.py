"""The result of :func:`itband_edu.assessment.assess`: the whole chain for one set of measurements beside
the healthy reference, which measurement moves the band most (ties and the model's ceiling said plainly) and
the one-page summary, as rows and as CSV.

Forces and moments are the reference body's scaled by the learner's mass (a teaching assumption, explained in
``assessment``, which re-exports this module's names). This is an education tool, not a diagnosis
(:data:`DISCLAIMER`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from .chain import ChainResult
from .gait_result import RunningStanceResult
from .measurement_fields import FIELD_NAMES, field_specs
from .stance import StanceResult

__all__ = ["Assessment", "LinkChange", "SummaryRow", "DISCLAIMER", "TIE_N", "summary_csv"]

DISCLAIMER = ("This is an education tool, not a diagnosis: it shows what a simplified model does with these "
              "numbers, not what causes anyone's knee pain. For pain, see a clinician.")
#: Two changes of the peak tension closer than this (N) are a tie; below it a change is "none".
TIE_N = 0.5


@dataclass(frozen=True)
class LinkChange:
    """One measurement alone at the learner's value: its effect on the running stance (at the learner's mass)."""

    field: str
    label: str
    value: float
    reference: float
    unit: str
    peak_tension_change: float  # N, running stance, from a healthy runner of the learner's mass
    time_in_zone_change_ms: float  # ms per stance
    at_ceiling: bool = False  # the abductors at their maximum in this run: the change is capped


@dataclass(frozen=True)
class SummaryRow:
    section: str
    quantity: str
    learner: float
    reference: float
    unit: str


def _label(c: LinkChange) -> str:
    return c.label[0].lower() + c.label[1:]


def _and(changes: list[LinkChange] | tuple[LinkChange, ...]) -> str:
    names = [_label(c) for c in changes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


@dataclass(frozen=True)
class Assessment:
    """The whole chain for one set of measurements, beside the healthy reference (model results kept).

    ``stance``, ``run``, ``foot`` and their ``*_reference`` are the model's results for the 75 kg reference
    body; the properties and :meth:`rows` give forces and moments scaled by :attr:`force_scale` (module
    docstring: a teaching assumption), so the healthy reference is a healthy runner of the learner's mass."""

    values: dict[str, float]
    reference: dict[str, float]
    inputs: dict[str, float]
    stance: StanceResult
    stance_reference: StanceResult
    run: RunningStanceResult
    run_reference: RunningStanceResult
    time_in_zone_ms: float
    time_in_zone_reference_ms: float
    foot: ChainResult
    foot_reference: ChainResult
    ranking: tuple[LinkChange, ...]
    force_scale: float = 1.0
    disclaimer: str = DISCLAIMER

    @property
    def peak_tension(self) -> float:
        return self.force_scale * float(self.run.itb_tension.max())

    @property
    def peak_tension_reference(self) -> float:
        return self.force_scale * float(self.run_reference.itb_tension.max())

    @property
    def stance_itb_tension(self) -> float:
        return self.force_scale * float(self.stance.itb_tension)

    @property
    def stance_itb_tension_reference(self) -> float:
        return self.force_scale * float(self.stance_reference.itb_tension)

    @property
    def at_ceiling(self) -> bool:
        """The abductors reach their maximum in the learner's run: the tension is at the model's ceiling."""
        return bool(self.run.moment_deficit.max() > 0)

    @property
    def ceiling_fields(self) -> tuple[str, ...]:
        """The measurements whose run alone reaches the model's ceiling (their changes are capped)."""
        return tuple(c.field for c in self.ranking if c.at_ceiling)

    @property
    def leaders(self) -> tuple[LinkChange, ...]:
        """The measurements that move the band most: one, or several tied within :data:`TIE_N`; none if every
        change is below :data:`TIE_N` or if a run alone reaches the ceiling (the yardstick cannot rank)."""
        top = self.ranking[0]
        if self.ceiling_fields or abs(top.peak_tension_change) < TIE_N:
            return ()
        return tuple(c for c in self.ranking if abs(top.peak_tension_change) - abs(c.peak_tension_change) < TIE_N)

    @property
    def most_important(self) -> LinkChange | None:
        """The one measurement whose change alone moves the running peak tension most, or None (a tie, no
        change, or the ceiling: :attr:`verdict` says which)."""
        lead = self.leaders
        return lead[0] if len(lead) == 1 else None

    @property
    def verdict(self) -> str:
        """Which measurement moves the band most, in words, with ties and the model's ceiling said plainly."""
        if self.ceiling_fields:
            alone = _and([c for c in self.ranking if c.at_ceiling])
            return (f"cannot rank: with {alone} alone the abductors are at their maximum in the model, so the "
                    f"band's tension sits at its ceiling ({self.peak_tension:.0f} N); the yardstick cannot rank these")
        lead = self.leaders
        if not lead:
            return f"none (all within {TIE_N:g} N)"
        ceiling = (f"; together your values reach the model's ceiling ({self.peak_tension:.0f} N)"
                   if self.at_ceiling else "")
        if len(lead) == 1:
            return f"{_label(lead[0])}, {lead[0].peak_tension_change:+.0f} N{ceiling}"
        return f"a tie: {_and(lead)}, {lead[0].peak_tension_change:+.0f} N each{ceiling}"

    def rows(self) -> list[SummaryRow]:
        """The one-page summary as rows: measurements, body size, each link's results, then the ranking."""
        specs, k = field_specs(), self.force_scale
        out = [SummaryRow("measurements", specs[f].label, self.values[f], self.reference[f], specs[f].unit)
               for f in FIELD_NAMES]
        s, s0 = self.stance, self.stance_reference
        i = s.muscle_names.index("tensor_fasciae_latae")
        out += [
            SummaryRow("body size (teaching assumption)", "every force and moment x your mass / 75 kg", k, 1.0, "x"),
            SummaryRow("one-leg stance", "ITB tension", self.stance_itb_tension, self.stance_itb_tension_reference,
                       "N"),
            SummaryRow("one-leg stance", "TFL force", k * float(s.muscle_forces[i]), k * float(s0.muscle_forces[i]),
                       "N"),
            SummaryRow("one-leg stance", "moment the abductors cannot supply", k * float(s.moment_deficit),
                       k * float(s0.moment_deficit), "N m"),
            SummaryRow("running stance", "peak ITB tension", self.peak_tension, self.peak_tension_reference, "N"),
            SummaryRow("running stance", "peak hip abduction moment",
                       float(self.run.hip_abduction_moment_per_kg.max()),
                       float(self.run_reference.hip_abduction_moment_per_kg.max()), "N m/kg"),
            SummaryRow("running stance", "time in the knee's zone per stance", self.time_in_zone_ms,
                       self.time_in_zone_reference_ms, "ms"),
            SummaryRow("running stance", "largest moment the abductors cannot supply",
                       k * float(self.run.moment_deficit.max()), k * float(self.run_reference.moment_deficit.max()),
                       "N m"),
            SummaryRow("foot chain", "length change of the TFL + band unit", 1000 * float(self.foot.itb_length_change),
                       1000 * float(self.foot_reference.itb_length_change), "mm"),
        ]
        out += [SummaryRow("ranking", f"{c.label} alone: change of the running peak ITB tension"
                           + (" (at the model's ceiling)" if c.at_ceiling else ""),
                           c.peak_tension_change, 0.0, "N") for c in self.ranking]
        return out


def summary_csv(a: Assessment) -> str:
    """The summary as CSV text: ``section,quantity,you,healthy_reference,unit``, then the disclaimer row."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["section", "quantity", "you", "healthy_reference", "unit"])
    for r in a.rows():
        w.writerow([r.section, r.quantity, repr(r.learner), repr(r.reference), r.unit])
    w.writerow(["note", f"moves the band most: {a.verdict}", "", "", ""])
    w.writerow(["note", "healthy_reference of the links is a healthy runner of your body mass: a teaching assumption, "
                "the model's muscles are one 75 kg subject's, scaled here with your mass", "", "", ""])
    w.writerow(["note", a.disclaimer, "", "", ""])
    return out.getvalue()
