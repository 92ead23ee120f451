"""Glyph outlines for :mod:`labels`, loaded once per font file and character (plus pair kerning
and line metrics), at a reference size; a label scales them to its font size.

Outlines are unhinted, as the explorers draw text; kerning is FreeType's unfitted pair kerning,
which matches Matplotlib's own layout to about 0.03 px.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from matplotlib.font_manager import FontProperties, get_font
from matplotlib.ft2font import Kerning, LoadFlags
from matplotlib.path import Path

__all__ = ["REF_SIZE", "font_metrics", "line_outline"]


#: Size (pt) at which glyph outlines are loaded and cached; a label scales them to its font size
#: (exact: the outlines are unhinted, as the explorers' text is drawn).
REF_SIZE = 100.0


@dataclass(frozen=True)
class _Outline:
    """A character's or a line's outline at ``REF_SIZE`` pt, pen at the origin, and its metrics (pt)."""

    vertices: np.ndarray  # (n, 2)
    codes: np.ndarray  # (n,) Path codes
    advance: float  # pen advance (a line: its width)
    ymin: float  # ink extent (+inf / -inf without ink, e.g. a space)
    ymax: float
    index: int = 0  # a character's glyph index in the label's font (0: taken from another font)


@dataclass(frozen=True)
class _FontMetrics:
    """Line metrics of a font at ``REF_SIZE`` pt, as ``Text`` takes them (OS/2 or hhea table)."""

    ascent: float
    descent: float
    line_gap: float


_GLYPHS: dict[tuple[str, str], _Outline] = {}  # (font file, character): never more than the fonts' glyphs
_LINES: dict[tuple[str, str], _Outline] = {}  # (font file, line of text): a bounded cache
_LINES_MAX = 4096
_KERNING: dict[tuple[str, int, int], float] = {}  # (font file, left glyph, right glyph): pt at REF_SIZE
_METRICS: dict[str, _FontMetrics] = {}


def _load_glyph(font_file: str, prop: FontProperties, char: str) -> _Outline:
    font = get_font(font_file)
    font.set_size(REF_SIZE, 72)  # 1 px = 1 pt
    index = font.get_char_index(ord(char))
    if index:
        glyph = font.load_glyph(index, flags=LoadFlags.NO_HINTING)
        raw_vertices, raw_codes = font.get_path()
        advance = glyph.linearHoriAdvance / 65536  # 16.16 fixed point: not rounded to pixels
    else:  # not in this font: as Text does, another font of the family list, else the "missing" box
        from matplotlib.textpath import TextPath, text_to_path

        ref = prop.copy()
        ref.set_size(REF_SIZE)
        tp = TextPath((0, 0), char, prop=ref)
        raw_vertices, raw_codes = tp.vertices, tp.codes
        advance = text_to_path.get_text_width_height_descent(char, ref, ismath=False)[0]
    vertices = np.asarray(raw_vertices, dtype=float).reshape(-1, 2)
    codes = np.asarray(raw_codes, dtype=Path.code_type).reshape(-1)
    ink = vertices[codes != Path.CLOSEPOLY]  # CLOSEPOLY vertices are dummies at (0, 0)
    ymin, ymax = (float(ink[:, 1].min()), float(ink[:, 1].max())) if len(ink) else (math.inf, -math.inf)
    return _Outline(vertices, codes, float(advance), ymin, ymax, index)


def _glyph(font_file: str, prop: FontProperties, char: str) -> _Outline:
    g = _GLYPHS.get((font_file, char))
    if g is None:
        g = _GLYPHS[font_file, char] = _load_glyph(font_file, prop, char)
    return g


def _kerning(font_file: str, left: int, right: int) -> float:
    """Pair kerning (pt at ``REF_SIZE``) from the font's kern table, unrounded, as FreeType gives it."""
    k = _KERNING.get((font_file, left, right))
    if k is None:
        font = get_font(font_file)
        font.set_size(REF_SIZE, 72)
        pair: tuple[Any, Any] = (left, right)  # glyph indices (ft2font's stubs type them apart from int)
        k = _KERNING[font_file, left, right] = font.get_kerning(*pair, Kerning.UNFITTED) / 64
    return k


def line_outline(font_file: str, prop: FontProperties, text: str) -> _Outline:
    """One line's outline: its characters' outlines side by side, each at the pen position that the
    previous advances and pair kernings give."""
    out = _LINES.get((font_file, text))
    if out is not None:
        return out
    glyphs = [_glyph(font_file, prop, c) for c in text]
    steps = [a.advance + (_kerning(font_file, a.index, b.index) if a.index and b.index else 0.0)
             for a, b in zip(glyphs, glyphs[1:], strict=False)]
    pens = list(itertools.accumulate(steps, initial=0.0))
    if glyphs:
        pens.append(pens[-1] + glyphs[-1].advance)
    inked = [(g, pen) for g, pen in zip(glyphs, pens, strict=False) if len(g.codes)]
    if inked:
        vertices = np.concatenate([g.vertices for g, _ in inked])
        vertices[:, 0] += np.repeat([pen for _, pen in inked], [len(g.codes) for g, _ in inked])
        codes = np.concatenate([g.codes for g, _ in inked])
        ymin, ymax = min(g.ymin for g, _ in inked), max(g.ymax for g, _ in inked)
    else:
        vertices, codes = np.zeros((0, 2)), np.zeros(0, dtype=Path.code_type)
        ymin, ymax = math.inf, -math.inf
    out = _Outline(vertices, codes, pens[-1], ymin, ymax)
    if len(_LINES) >= _LINES_MAX:
        _LINES.clear()
    _LINES[font_file, text] = out
    return out


def font_metrics(font_file: str) -> _FontMetrics:
    m = _METRICS.get(font_file)
    if m is None:
        font = get_font(font_file)
        per_em = REF_SIZE / font.units_per_EM
        for table, gap, asc, desc in (("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                                      ("hhea", "lineGap", "ascent", "descent")):
            t = font.get_sfnt_table(table)  # type: ignore[call-overload]
            if t is not None:
                m = _FontMetrics(t[asc] * per_em, -t[desc] * per_em, t[gap] * per_em)
                break
        else:
            m = _FontMetrics(font.ascender * per_em, -font.descender * per_em, 0.0)
        _METRICS[font_file] = m
    return m


