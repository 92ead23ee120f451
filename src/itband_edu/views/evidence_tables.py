"""Lesson 08's verdict tables: the article's claims about what helps, each with its evidence and a verdict.

No model settles these claims; the evidence does, and it is read from ``data/evidence.csv`` (values)
and ``data/references.csv`` (who and when) of a folder (default :func:`~itband_edu.parameters.data_dir`),
so a changed value in the data changes the table. Every number in a cell comes from a row; the words
around it (the design, the verdict) are the course's reading of the row's note, kept here in one place
(``CLAIMS``).

::

    verdict_table()                     # the article's other claims
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

__all__ = ["Claim", "CLAIMS", "TREATMENTS", "VerdictTable", "verdict_table", "evidence_rows", "short_citation"]

Row = Mapping[str, str]


@dataclass(frozen=True)
class Claim:
    """One claim: the rows of ``evidence.csv`` it rests on, how its evidence reads, and the verdict."""

    claim: str
    rows: tuple[str, ...]
    evidence: Callable[[Callable[[str], str], Callable[[str], str]], str]  # (value text, citation) -> text
    verdict: str


def _n(x: float) -> str:
    """A number as the data file writes it (no trailing zeros)."""
    return f"{x:g}"


CLAIMS: tuple[Claim, ...] = (
    Claim("foam rolling 'releases' the band",
          ("foam_rolling_rom_smd", "foam_rolling_rom_smd_ci_low", "foam_rolling_rom_smd_ci_high",
           "foam_rolling_trials_count", "foam_rolling_vs_stretching_smd", "hip_adduction_prom_change_one_session"),
          lambda v, c: (f"range of motion right after rolling vs nothing: SMD {v('foam_rolling_rom_smd')} "
                        f"(95 % CI {v('foam_rolling_rom_smd_ci_low')} to {v('foam_rolling_rom_smd_ci_high')}), "
                        f"{v('foam_rolling_trials_count')} trials in healthy adults; vs stretching: SMD "
                        f"{v('foam_rolling_vs_stretching_smd')} ({c('foam_rolling_rom_smd')}). In a randomised "
                        f"trial, hip adduction range rose {v('hip_adduction_prom_change_one_session')} deg in "
                        f"every group, controls too, and the band's stiffness did not change "
                        f"({c('hip_adduction_prom_change_one_session')})"),
          "a real, short-lived gain in range of motion, no larger than stretching's; no change in the band "
          "itself was measured. Mostly neural, not a release: moderate evidence"),
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
          "the lateral line or a 'restriction' in it. Weak to missing"),
    Claim("myofascial decompression (cupping)",
          ("cupping_pain_vs_sham_smd", "cupping_pain_vs_sham_smd_ci_low", "cupping_pain_vs_sham_smd_ci_high",
           "cupping_pain_vs_none_smd", "cupping_rom_gain_one_session", "straight_leg_raise_mdd"),
          lambda v, c: (f"chronic pain, cupping vs sham: SMD {v('cupping_pain_vs_sham_smd')} (95 % CI "
                        f"{v('cupping_pain_vs_sham_smd_ci_low')} to {v('cupping_pain_vs_sham_smd_ci_high')}); vs no "
                        f"treatment: SMD {v('cupping_pain_vs_none_smd')} ({c('cupping_pain_vs_sham_smd')}). "
                        f"Range: +{v('cupping_rom_gain_one_session')} deg in one small study, below the test's "
                        f"{v('straight_leg_raise_mdd')} deg smallest detectable change "
                        f"({c('cupping_rom_gain_one_session')})"),
          "less pain than no treatment, not clearly less than a sham: much of it is the treatment ritual. No "
          "trial in IT band syndrome found. Weak"),
    Claim("soft-tissue mobilisation (IASTM)",
          ("iastm_rom_md_deficit", "iastm_rom_md_healthy"),
          lambda v, c: (f"range of motion: +{v('iastm_rom_md_deficit')} deg in people with a deficit, "
                        f"+{v('iastm_rom_md_healthy')} deg in healthy people, very low to low certainty "
                        f"({c('iastm_rom_md_deficit')})"),
          "a few degrees of range, uncertain; no trial in IT band syndrome found. Weak"),
    Claim("'activate what's sleeping'",
          ("gluteal_activation_emg_d",),
          lambda v, c: (f"a gluteal warm-up raised gluteus maximus EMG in a pull by d = "
                        f"{v('gluteal_activation_emg_d')}, estimated forces not different, in rugby players "
                        f"({c('gluteal_activation_emg_d')})"),
          "no study found shows muscles that 'sleep' or that activation treats IT band pain; a warm-up changes "
          "EMG a little. Missing"),
)

TREATMENTS: tuple[Claim, ...] = (
    Claim("hip-abductor strengthening",
          ("strengthening_rct_n", "itbs_pilot_rct_n", "strengthening_pain_free_count", "strengthening_case_series_n",
           "abductor_torque_gain_female", "abductor_torque_gain_male"),
          lambda v, c: (f"RCT, {v('strengthening_rct_n')} elite runners: less pain, better function "
                        f"({c('strengthening_rct_n')}); pilot RCT, {v('itbs_pilot_rct_n')} women, three programmes, "
                        f"no differences ({c('itbs_pilot_rct_n')}); case series: {v('strengthening_pain_free_count')}"
                        f" of {v('strengthening_case_series_n')} pain-free after torque gains of "
                        f"{v('abductor_torque_gain_female')} % (women) and {v('abductor_torque_gain_male')} % (men), "
                        f"no control group ({c('strengthening_case_series_n')})"),
          "the best-supported treatment, from small studies; it fits the model's mechanism without proving it"),
    Claim("corticosteroid injection",
          ("steroid_pain_reduction", "anaesthetic_pain_reduction"),
          lambda v, c: (f"running pain fell {v('steroid_pain_reduction')} % by the trial's last test with the steroid, "
                        f"{v('anaesthetic_pain_reduction')} % with an anaesthetic only; one small randomised, "
                        f"placebo-controlled trial ({c('steroid_pain_reduction')})"),
          "helps early pain in the short term, in one small trial; no long-term data"),
    Claim("a higher step rate",
          ("case_step_rate_before", "case_step_rate_after"),
          lambda v, c: (f"one runner: {v('case_step_rate_before')} to {v('case_step_rate_after')} steps a minute, "
                        f"with stretching and hip strengthening at home, pain-free within weeks "
                        f"({c('case_step_rate_before')})"),
          "one case report in IT band syndrome; the mechanics were measured in healthy runners. Weak"),
)


def evidence_rows(folder: Path | None = None) -> dict[str, dict[str, str]]:
    """The rows of ``evidence.csv`` in ``folder`` (default :func:`data_dir`), by name."""
    path = (Path(folder) if folder is not None else data_dir()) / "evidence.csv"
    with open(path, newline="", encoding="utf-8") as fh:
        return {r["name"]: r for r in csv.DictReader(fh)}


def _references(folder: Path | None) -> dict[str, dict[str, str]]:
    path = (Path(folder) if folder is not None else data_dir()) / "references.csv"
    with open(path, newline="", encoding="utf-8") as fh:
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
    """A :class:`~itband_edu.views.tables.Table` of text: every column left-aligned, the verdict in bold."""

    def _repr_html_(self) -> str:
        head = "".join(f"<th style='text-align:left'>{html.escape(h)}</th>" for h in self.header)
        def cell(text: str, last: bool) -> str:
            inner = f"<b>{html.escape(text)}</b>" if last else html.escape(text)
            return f"<td style='text-align:left;vertical-align:top'>{inner}</td>"

        body = "".join("<tr>" + "".join(cell(c, j == len(row) - 1) for j, c in enumerate(row)) + "</tr>"
                       for row in self.rows)
        return f"<table class='itband-table itband-verdicts'><tr>{head}</tr>{body}</table>"


def verdict_table(claims: Sequence[Claim] = CLAIMS, *, folder: Path | None = None) -> VerdictTable:
    """One row per claim: the claim, its evidence (numbers from ``evidence.csv``, citations from
    ``references.csv`` of ``folder``), and the verdict. Raises ``ValueError`` naming a missing row."""
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

        out.append((cl.claim, cl.evidence(value, cite), cl.verdict))
    return VerdictTable(header=("claim", "evidence (data/evidence.csv)", "verdict"), rows=tuple(out))
