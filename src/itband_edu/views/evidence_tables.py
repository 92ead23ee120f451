"""Lesson 08's verdict tables: claims about what helps, each with its evidence, a verdict and a grade.

The claims are those of the story's list (what a runner is commonly told; several of them, such as
cupping, the "lateral line" and "activating" the glutes, are also the source article's, which says too
that the band cannot be loosened by rolling). No model settles them; the evidence does, and it is read
from ``data/evidence.csv`` (values) and ``data/references.csv`` (who and when) of a folder (default
:func:`~itband_edu.parameters.data_dir`), so a changed value in the data changes the table. Every number
in a cell comes from a row; the words around it (the design, the verdict) are the course's reading of
the row's note, kept here in one place (``CLAIMS``). Each verdict ends with one grade of a fixed scale
(``GRADES``): how much evidence there is for the claim as worded.

::

    verdict_table()                     # the list's other claims
    verdict_table(TREATMENTS)           # the treatment trials in runners with ITBS
"""

from __future__ import annotations

import csv
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..parameters import data_dir
from .tables import Table

__all__ = ["Claim", "CLAIMS", "GRADES", "TREATMENTS", "VerdictTable", "verdict_table", "evidence_rows",
           "short_citation"]

Row = Mapping[str, str]

#: The fixed scale a verdict ends with: how much evidence there is FOR the claim as worded.
GRADES = ("moderate", "weak", "very weak", "none found")
#: How a verdict cell ends: ``"<verdict>. Evidence: <grade>"``.
GRADE_MARK = ". Evidence: "


@dataclass(frozen=True)
class Claim:
    """One claim: the rows of ``evidence.csv`` it rests on, how its evidence reads, the verdict, and its
    grade (one of ``GRADES``). Raises ``ValueError`` for a grade off the scale."""

    claim: str
    rows: tuple[str, ...]
    evidence: Callable[[Callable[[str], str], Callable[[str], str]], str]  # (value text, citation) -> text
    verdict: str
    grade: str

    def __post_init__(self) -> None:
        if self.grade not in GRADES:
            raise ValueError(f"grade={self.grade!r} (claim {self.claim!r}) must be one of {', '.join(GRADES)}")


def _n(x: float) -> str:
    """A number as the data file writes it (no trailing zeros)."""
    return f"{x:g}"


CLAIMS: tuple[Claim, ...] = (
    Claim("foam rolling 'releases' the band",
          ("hip_adduction_prom_change_one_session",),
          lambda v, c: (f"in a randomised trial, the band's stiffness (ultrasound) did not change after rolling or "
                        f"stretching, while hip adduction range rose {v('hip_adduction_prom_change_one_session')} deg "
                        f"in every group, controls too ({c('hip_adduction_prom_change_one_session')})"),
          "not supported: no change in the band itself was measured, and an elastic band springs back, as the "
          "model's does",
          "none found"),
    Claim("foam rolling raises range of motion",
          ("foam_rolling_rom_smd", "foam_rolling_rom_smd_ci_low", "foam_rolling_rom_smd_ci_high",
           "foam_rolling_trials_count", "foam_rolling_vs_stretching_smd", "foam_rolling_training_rom_es"),
          lambda v, c: (f"right after a session vs nothing: SMD {v('foam_rolling_rom_smd')} "
                        f"(95 % CI {v('foam_rolling_rom_smd_ci_low')} to {v('foam_rolling_rom_smd_ci_high')}), "
                        f"{v('foam_rolling_trials_count')} trials in healthy adults; vs stretching: SMD "
                        f"{v('foam_rolling_vs_stretching_smd')} ({c('foam_rolling_rom_smd')}). Weeks of rolling "
                        f"training vs control: effect size {v('foam_rolling_training_rom_es')} "
                        f"({c('foam_rolling_training_rom_es')})"),
          "a real gain, right after a session and over weeks of training; after a session no larger than "
          "stretching's; shown in healthy people, not in runners with IT band syndrome",
          "moderate"),
    Claim("fascial 'lateral line' restrictions",
          ("lateral_line_transitions_verified_count", "lateral_line_transitions_count", "remote_myofascial_rom_smd",
           "remote_myofascial_rom_smd_ci_low", "remote_myofascial_rom_smd_ci_high"),
          lambda v, c: (f"dissection: {v('lateral_line_transitions_verified_count')} of "
                        f"{v('lateral_line_transitions_count')} transitions of the lateral line verified "
                        f"({c('lateral_line_transitions_count')}); treating a distant segment: SMD "
                        f"{v('remote_myofascial_rom_smd')} (95 % CI {v('remote_myofascial_rom_smd_ci_low')} to "
                        f"{v('remote_myofascial_rom_smd_ci_high')}), none of the trials on the lateral line "
                        f"({c('remote_myofascial_rom_smd')})"),
          "a partly continuous tissue, not a shown restriction: no study found measured force passing along "
          "the lateral line or a 'restriction' in it",
          "very weak"),
    Claim("myofascial decompression (cupping)",
          ("cupping_pain_vs_sham_smd", "cupping_pain_vs_sham_smd_ci_low", "cupping_pain_vs_sham_smd_ci_high",
           "cupping_pain_vs_none_smd", "cupping_rom_gain_one_session", "straight_leg_raise_mdd"),
          lambda v, c: (f"chronic pain, cupping vs sham: SMD {v('cupping_pain_vs_sham_smd')} (95 % CI "
                        f"{v('cupping_pain_vs_sham_smd_ci_low')} to {v('cupping_pain_vs_sham_smd_ci_high')}); vs no "
                        f"treatment: SMD {v('cupping_pain_vs_none_smd')}, from other trials of the same review "
                        f"({c('cupping_pain_vs_sham_smd')}). Range: +{v('cupping_rom_gain_one_session')} deg in one "
                        f"small study, below the test's {v('straight_leg_raise_mdd')} deg smallest detectable change; "
                        f"the appraisal's two other studies found no effect ({c('cupping_rom_gain_one_session')})"),
          "less pain than no treatment; against a sham a specific effect is not shown, so much of the relief may "
          "come with the ritual. No trial in IT band syndrome found",
          "weak"),
    Claim("soft-tissue mobilisation (IASTM)",
          ("iastm_rom_md_deficit", "iastm_rom_md_healthy"),
          lambda v, c: (f"range of motion: +{v('iastm_rom_md_deficit')} deg in people with a deficit, "
                        f"+{v('iastm_rom_md_healthy')} deg in healthy people, very low to low certainty "
                        f"({c('iastm_rom_md_deficit')})"),
          "a few degrees of range, uncertain; no trial in IT band syndrome found",
          "very weak"),
    Claim("'activate what's sleeping'",
          ("gluteal_activation_emg_d",),
          lambda v, c: (f"a gluteal warm-up raised gluteus maximus EMG in a weightlifting pull by an effect size of "
                        f"d = {v('gluteal_activation_emg_d')}, estimated forces not different, in rugby players "
                        f"({c('gluteal_activation_emg_d')})"),
          "no study found shows muscles that 'sleep'; a warm-up changes EMG a little. Exercise for weak glutes is "
          "the hip-abductor strengthening of the treatment table",
          "none found"),
)

TREATMENTS: tuple[Claim, ...] = (
    Claim("hip-abductor strengthening",
          ("strengthening_rct_n", "itbs_pilot_rct_n", "strengthening_pain_free_count", "strengthening_case_series_n",
           "abductor_torque_gain_female", "abductor_torque_gain_male"),
          lambda v, c: (f"randomised controlled trial (RCT), {v('strengthening_rct_n')} elite runners: less pain, "
                        f"better function than routine training ({c('strengthening_rct_n')}); pilot RCT, "
                        f"{v('itbs_pilot_rct_n')} women, stretching, exercise or strengthening: no differences "
                        f"({c('itbs_pilot_rct_n')}); case series: {v('strengthening_pain_free_count')}"
                        f" of {v('strengthening_case_series_n')} pain-free after torque gains of "
                        f"{v('abductor_torque_gain_female')} % (women) and {v('abductor_torque_gain_male')} % (men), "
                        f"no control group ({c('strengthening_case_series_n')})"),
          "the most studied treatment, in small trials; none showed it better than stretching. It fits the "
          "model's mechanism without proving it",
          "weak"),
    Claim("corticosteroid injection",
          ("steroid_pain_reduction", "anaesthetic_pain_reduction"),
          lambda v, c: (f"running pain fell {v('steroid_pain_reduction')} % by the trial's last test with the steroid, "
                        f"{v('anaesthetic_pain_reduction')} % with an anaesthetic only; one small randomised, "
                        f"placebo-controlled trial ({c('steroid_pain_reduction')})"),
          "helps early pain in the short term, in one small trial; no long-term data",
          "weak"),
    Claim("a higher step rate",
          ("case_step_rate_before", "case_step_rate_after"),
          lambda v, c: (f"one runner: {v('case_step_rate_before')} to {v('case_step_rate_after')} steps a minute, "
                        f"with stretching and hip strengthening at home, pain-free within weeks "
                        f"({c('case_step_rate_before')})"),
          "one case report in IT band syndrome, the step rate mixed with other treatments; the mechanics were "
          "measured in healthy runners",
          "very weak"),
)


def _data_file(folder: Path | None, name: str) -> Path:
    path = (Path(folder) if folder is not None else data_dir()) / name
    if not path.is_file():
        raise ValueError(f"folder={str(path.parent)!r} has no {name} (a copy of data/ is needed)")
    return path


def evidence_rows(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """The rows of ``evidence.csv`` in ``folder`` (default :func:`data_dir`), by name."""
    with open(_data_file(folder, "evidence.csv"), newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


def _references(folder: Path | None) -> dict[str, dict[str, str]]:
    with open(_data_file(folder, "references.csv"), newline="", encoding="utf-8") as fh:
        return {r["key"]: r for r in csv.DictReader(fh)}


def short_citation(ref: Row) -> str:
    """"Wilke et al. 2020", "Gunter and Schwellnus 2004", "Allen 2014" from a references.csv row."""
    surnames = [a.strip().split(" ")[0] for a in ref["authors"].split(";") if a.strip()]
    if len(surnames) == 1:
        who = surnames[0]
    elif len(surnames) == 2:
        who = f"{surnames[0]} and {surnames[1]}"
    else:
        who = f"{surnames[0]} et al."
    return f"{who} {ref['year']}"


class VerdictTable(Table):
    """A :class:`~itband_edu.views.tables.Table` of text: every column left-aligned, only the grade in bold."""

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in self.header)

        def cell(text: str, last: bool) -> str:
            if last and GRADE_MARK in text:
                verdict, grade = text.rsplit(GRADE_MARK, 1)
                inner = f"{html.escape(verdict + GRADE_MARK)}<b>{html.escape(grade)}</b>"
            else:
                inner = html.escape(text)
            return f"<td style='text-align:left;vertical-align:top'>{inner}</td>"

        body = "".join("<tr>" + "".join(cell(c, j == len(row) - 1) for j, c in enumerate(row)) + "</tr>"
                       for row in self.rows)
        return f"<table class='itband-table itband-verdicts'><tr>{head}</tr>{body}</table>"


def verdict_table(claims: Sequence[Claim] = CLAIMS, *, folder: Path | None = None) -> VerdictTable:
    """One row per claim: the claim, its evidence (numbers from ``evidence.csv``, citations from
    ``references.csv`` of ``folder``), and the verdict ending with its grade. Raises ``ValueError`` naming
    a missing row, for ``claims`` that are not Claims, or for a folder without the data files."""
    if isinstance(claims, (str, bytes)) or not isinstance(claims, Sequence) or not claims \
            or not all(isinstance(cl, Claim) for cl in claims):
        raise ValueError(f"claims must be a non-empty sequence of Claim (CLAIMS or TREATMENTS); got {claims!r:.80}")
    rows = evidence_rows(folder)
    refs = _references(folder)
    out = []
    for cl in claims:
        missing = [r for r in cl.rows if r not in rows]
        if missing:
            raise ValueError(f"verdict_table: claim {cl.claim!r} needs evidence.csv row(s) {', '.join(missing)}")

        def value(name: str, _cl: Claim = cl) -> str:
            if name not in _cl.rows:
                raise ValueError(f"claim {_cl.claim!r} reads {name!r}, which is not among its rows")
            return _n(float(rows[name]["value"]))

        def cite(name: str) -> str:
            return short_citation(refs[rows[name]["source"]])

        out.append((cl.claim, cl.evidence(value, cite), f"{cl.verdict}{GRADE_MARK}{cl.grade}"))
    return VerdictTable(header=("claim", "evidence (data/evidence.csv)", "verdict"), rows=tuple(out))
