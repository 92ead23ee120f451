"""Assess the whole chain (lesson 09): a learner's (or a case's) measurements run through every link of the
model, each beside the healthy reference, and which measurement moves the band most.

The links, each the model's own function called with the measurements (``measurements`` maps them):

1. one-leg stance, level pelvis and upright trunk (:func:`~itband_edu.single_leg_stance`, body mass and
   gluteus medius strength): TFL force, ITB tension, and whether the abductors can hold the pelvis level
   at all (if not, in life the pelvis would drop);
2. the running stance (:func:`~itband_edu.running_stance`, every measurement): peak ITB tension, peak hip
   abduction moment, and the knee's time in the compression zone per stance
   (:func:`~itband_edu.knee_angles.stance_time_in_zone`). SYNTHETIC CURVES shaped to published peaks;
3. the foot chain (:func:`~itband_edu.chain_from_foot` at the peak rearfoot eversion): the length change
   of the TFL + band unit.

Body size (a TEACHING ASSUMPTION, the row ``healthy reference, body_mass`` of data/case_studies.csv): the
model's muscles are one 75 kg subject's (Rajagopal et al. 2016). A learner's muscles are taken to scale with
their body size: the torque in %BWh is strength relative to the learner's own weight x height, so the model is
run for the 75 kg reference body with that relative strength (:func:`model_inputs`), and every force and
moment is multiplied by ``mass / 75 kg`` (:attr:`Assessment.force_scale`; demand and capacities both scale
with weight, so activations are unchanged). The healthy reference of each link is then a healthy runner of
the learner's own mass. This cannot capture a heavier runner with the same muscles.

The ranking (:attr:`Assessment.ranking`) is defined as: for each measurement but body mass alone set to the
learner's value (all others at the healthy reference, at the learner's mass), the change of the running
stance's peak ITB tension; sorted by its size. Body mass is not ranked: under the assumption above it
scales every force of the runner and of the reference alike. Ties (within :data:`TIE_N`) are reported as
ties, and when the abductors reach their maximum in a run that the ranking uses, the tension sits at the
model's ceiling and the yardstick cannot rank (:attr:`Assessment.verdict`). It is one honest yardstick, not
the only one: the time in the knee's zone and the foot chain's length change are listed beside it.

This is an education tool, not a diagnosis (:data:`DISCLAIMER`): it says what this simplified model does with
the numbers, not what causes anyone's pain.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .chain import ChainResult, chain_from_foot
from .gait import RunningStanceResult, running_stance
from .knee_angles import stance_time_in_zone
from .measurements import FIELD_NAMES, MeasurementError, field_specs, parse_value, reference_values
from .parameters import DataError, data_dir, default_parameters, references
from .stance import StanceResult, single_leg_stance

__all__ = ["Assessment", "LinkChange", "SummaryRow", "CaseStudyError", "DISCLAIMER", "REFERENCE_CASE", "TIE_N",
           "RANKED_FIELDS", "assess", "model_inputs", "force_scale", "load_case_studies", "case_sources",
           "torque_reference", "reference_mass", "summary_csv"]

DISCLAIMER = ("This is an education tool, not a diagnosis: it shows what a simplified model does with these "
              "numbers, not what causes anyone's knee pain. For pain, see a clinician.")
REFERENCE_CASE = "healthy reference"
CASE_COLUMNS = ("case", "field", "value", "unit", "kind", "source", "note")
KINDS = ("measured", "derived", "assumption", "reference")
#: Two changes of the peak tension closer than this (N) are a tie; below it a change is "none".
TIE_N = 0.5
#: The measurements the ranking compares (body mass scales everything instead: module docstring).
RANKED_FIELDS = tuple(k for k in FIELD_NAMES if k != "body_mass")


class CaseStudyError(DataError):
    """``data/case_studies.csv`` is malformed; the message names the file, the row and the column."""


def _case_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        if tuple(reader.fieldnames or ()) != CASE_COLUMNS:
            raise CaseStudyError(f"{path.name}, row 1: the header must be {','.join(CASE_COLUMNS)}; "
                                 f"got {','.join(reader.fieldnames or [])}")
        out = []
        for i, row in enumerate(reader, start=2):
            if None in row or any(v is None for v in row.values()):
                raise CaseStudyError(f"{path.name}, row {i}: wrong number of columns")
            out.append((i, row))
        return out


@lru_cache(maxsize=4)
def _load(folder: str) -> tuple[dict[str, dict[str, float | None]], dict[str, dict[str, str]]]:
    path = Path(folder) / "case_studies.csv"
    refs = references(Path(folder))
    from .measurements import _specs  # the specs without the torque reference, to check units

    specs = _specs(1.0)
    cases: dict[str, dict[str, float | None]] = {}
    sources: dict[str, dict[str, str]] = {}
    for i, row in _case_rows(path):
        where = f"{path.name}, row {i}"
        case, name, text = row["case"].strip(), row["field"].strip(), row["value"].strip()
        if not case:
            raise CaseStudyError(f"{where}, column case: empty")
        if name not in specs:
            raise CaseStudyError(f"{where}, column field: unknown field {name!r} (fields: {', '.join(FIELD_NAMES)})")
        if row["unit"].strip() != specs[name].unit:
            raise CaseStudyError(f"{where}, column unit: {row['unit']!r} for {name}, expected {specs[name].unit!r}")
        if row["kind"].strip() not in KINDS:
            raise CaseStudyError(f"{where}, column kind: {row['kind']!r} is not one of {', '.join(KINDS)}")
        if row["source"].strip() not in refs:
            raise CaseStudyError(f"{where}, column source: {row['source']!r} is not a key of references.csv")
        if not row["note"].strip():
            raise CaseStudyError(f"{where}, column note: empty (say where the value comes from)")
        if name in cases.get(case, {}):
            raise CaseStudyError(f"{where}, column field: {name} appears twice for case {case!r}")
        if text == "reference":
            if row["kind"].strip() != "reference":
                raise CaseStudyError(f"{where}, column kind: a 'reference' value needs kind 'reference'")
            value: float | None = None
        else:
            if not text:
                raise CaseStudyError(f"{where}, column value: missing (a number, or 'reference')")
            try:
                value = float(text)
            except ValueError:
                raise CaseStudyError(f"{where}, column value: {text!r} is not a number or 'reference'") from None
        cases.setdefault(case, {})[name] = value
        sources.setdefault(case, {})[name] = row["source"].strip()
    ref = cases.pop(REFERENCE_CASE, None)
    if ref is None or set(ref) != {"hip_abduction_torque", "body_mass"} or None in ref.values():
        raise CaseStudyError(f"{path.name}: case {REFERENCE_CASE!r} must have exactly two numeric rows, "
                             "hip_abduction_torque and body_mass (the other references are the model's defaults)")
    for case, vals in cases.items():
        missing = [f for f in FIELD_NAMES if f not in vals]
        if missing:
            raise CaseStudyError(f"{path.name}: case {case!r} has no row for {', '.join(missing)}")
    return {REFERENCE_CASE: ref, **cases}, sources


def torque_reference(folder: Path | None = None) -> float:
    """The healthy hip-abduction torque (%BWh): Fredericson et al.'s controls, from data/case_studies.csv."""
    value = _load(str(folder or data_dir()))[0][REFERENCE_CASE]["hip_abduction_torque"]
    assert value is not None  # checked by the loader
    return value


def reference_mass(folder: Path | None = None) -> float:
    """The body mass (kg) the model's muscles belong to, from data/case_studies.csv (a teaching assumption:
    forces are scaled from it by the learner's mass)."""
    value = _load(str(folder or data_dir()))[0][REFERENCE_CASE]["body_mass"]
    assert value is not None  # checked by the loader
    return value


def load_case_studies(folder: Path | None = None) -> dict[str, dict[str, float]]:
    """The composite cases of data/case_studies.csv, by name, each a full set of measurements.

    A value written ``reference`` is the healthy reference; every value is checked like a learner's
    (unit, range). Raises :class:`CaseStudyError` naming the file, the row and the column."""
    cases = _load(str(folder or data_dir()))[0]
    ref = reference_values()
    out: dict[str, dict[str, float]] = {}
    for case, given in cases.items():
        if case == REFERENCE_CASE:
            continue
        full = {k: ref[k] if (v := given[k]) is None else v for k in FIELD_NAMES}
        for k, v in full.items():
            try:
                parse_value(k, v)
            except MeasurementError as exc:
                raise CaseStudyError(f"case_studies.csv, case {case!r}, column value: {exc}") from None
        out[case] = full
    return out


def case_sources(case: str, folder: Path | None = None) -> dict[str, str]:
    """The reference key behind each field of ``case``."""
    return dict(_load(str(folder or data_dir()))[1][case])


def _checked_torque_ref(torque_ref: float | None) -> float:
    if torque_ref is None:
        return torque_reference()
    if isinstance(torque_ref, bool) or not isinstance(torque_ref, (int, float)) or not math.isfinite(torque_ref) \
            or torque_ref <= 0:
        raise ValueError(f"torque_ref = {torque_ref!r} must be a finite number of %BWh above 0 "
                         f"(default: the healthy reference, {torque_reference():g} %BWh)")
    return float(torque_ref)


def model_inputs(values: Mapping[str, float], torque_ref: float | None = None) -> dict[str, float]:
    """Map the six measurements to the model's inputs for the reference body (module docstring): the body
    mass input is :func:`reference_mass` (multiply forces by :func:`force_scale`), gluteus medius strength is
    the torque / ``torque_ref`` (default :func:`torque_reference`), the step rate a per cent change.

    Every field is checked like a learner's (:func:`~itband_edu.measurements.parse_value`): a bad or missing
    field, an unknown key or a ``torque_ref`` not above 0 raises a ``ValueError`` naming it."""
    t_ref = _checked_torque_ref(torque_ref)
    vals = _checked(values)
    rate = default_parameters().value("knee.running_cadence")
    return {
        "body_mass": reference_mass(),
        "glute_med_strength": vals["hip_abduction_torque"] / t_ref,
        "peak_pelvic_drop_deg": vals["pelvic_drop_deg"],
        "trunk_lean_deg": vals["trunk_lean_deg"],
        "step_rate_change_percent": 100.0 * (vals["step_rate"] / rate - 1.0),
        "peak_rearfoot_eversion_deg": vals["rearfoot_eversion_deg"],
    }


def force_scale(values: Mapping[str, float]) -> float:
    """The factor every force and moment of the reference body is multiplied by: the learner's mass / the
    reference mass (a teaching assumption, module docstring)."""
    return parse_value("body_mass", values.get("body_mass")) / reference_mass()


def _checked(values: Mapping[str, float]) -> dict[str, float]:
    if not isinstance(values, Mapping):
        raise MeasurementError(f"values must be a mapping of the fields {', '.join(FIELD_NAMES)}; "
                               f"got {type(values).__name__}")
    unknown = [k for k in values if k not in FIELD_NAMES]
    if unknown:
        raise MeasurementError(f"unknown field(s) {', '.join(map(repr, unknown))}; the fields are "
                               f"{', '.join(FIELD_NAMES)}")
    specs = field_specs()
    return {k: parse_value(k, values.get(k), specs) for k in FIELD_NAMES}


_INPUT_ORDER = ("body_mass", "glute_med_strength", "peak_pelvic_drop_deg", "trunk_lean_deg",
                "step_rate_change_percent", "peak_rearfoot_eversion_deg")


def _run(inputs: Mapping[str, float], folder: str) -> tuple[RunningStanceResult, float]:
    """The running stance and its time in the knee's zone (ms), cached (by the data folder too): an explorer
    move changes one input, so the reference and the one-measurement runs repeat."""
    return _run_key(tuple(float(inputs[k]) for k in _INPUT_ORDER), folder)


@lru_cache(maxsize=128)
def _run_key(key: tuple[float, ...], _folder: str) -> tuple[RunningStanceResult, float]:
    x = dict(zip(_INPUT_ORDER, key, strict=True))
    run = running_stance(body_mass=x["body_mass"], glute_med_strength=x["glute_med_strength"],
                         peak_pelvic_drop_deg=x["peak_pelvic_drop_deg"], trunk_lean_deg=x["trunk_lean_deg"],
                         step_rate_change_percent=x["step_rate_change_percent"],
                         peak_rearfoot_eversion_deg=x["peak_rearfoot_eversion_deg"])
    return run, 1000 * stance_time_in_zone(run).per_phase_s


@lru_cache(maxsize=64)
def _stance(body_mass: float, glute_med_strength: float, _folder: str) -> StanceResult:
    return single_leg_stance(body_mass, glute_med_strength)


@lru_cache(maxsize=64)
def _foot(eversion_deg: float, _folder: str) -> ChainResult:
    return chain_from_foot(eversion_deg)


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


_KEYED = {"hip_abduction_torque": "glute_med_strength", "pelvic_drop_deg": "peak_pelvic_drop_deg",
          "trunk_lean_deg": "trunk_lean_deg", "step_rate": "step_rate_change_percent",
          "rearfoot_eversion_deg": "peak_rearfoot_eversion_deg"}


def assess(values: Mapping[str, float]) -> Assessment:
    """Run the whole chain with ``values`` (the six measurements, checked again here) and the reference.

    Raises :class:`~itband_edu.measurements.MeasurementError` naming a bad, missing or unknown field."""
    folder, specs = str(data_dir()), field_specs()
    vals = _checked(values)
    ref = {k: s.reference for k, s in specs.items()}
    t_ref = specs["hip_abduction_torque"].reference
    x, x0 = model_inputs(vals, t_ref), model_inputs(ref, t_ref)
    scale = vals["body_mass"] / reference_mass()
    (run, zone), (run0, zone0) = _run(x, folder), _run(x0, folder)
    peak0 = float(run0.itb_tension.max())
    changes = []
    for k in RANKED_FIELDS:
        alone, zone_alone = _run({**x0, _KEYED[k]: x[_KEYED[k]]}, folder)
        changes.append(LinkChange(k, specs[k].label, vals[k], ref[k], specs[k].unit,
                                  scale * (float(alone.itb_tension.max()) - peak0), zone_alone - zone0,
                                  bool(alone.moment_deficit.max() > 0)))
    ranking = tuple(sorted(changes, key=lambda c: -abs(c.peak_tension_change)))  # ties: Assessment.leaders
    return Assessment(
        values=vals, reference=ref, inputs=x,
        stance=_stance(x["body_mass"], x["glute_med_strength"], folder),
        stance_reference=_stance(x0["body_mass"], x0["glute_med_strength"], folder),
        run=run, run_reference=run0, time_in_zone_ms=zone, time_in_zone_reference_ms=zone0,
        foot=_foot(x["peak_rearfoot_eversion_deg"], folder),
        foot_reference=_foot(x0["peak_rearfoot_eversion_deg"], folder),
        ranking=ranking, force_scale=scale,
    )


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
