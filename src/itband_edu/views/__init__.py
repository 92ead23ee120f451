"""The course's views: explorers (one module per idea) on shared machinery and drawing pieces.

Explorers, one per lesson idea, each returning an :class:`Explorer`:

* :func:`band_explorer` (``band``, lesson 01): seatbelt or bungee, band vs muscle vs rubber;
* :func:`stance_explorer` (``stance``, lesson 02): the pelvis as a lever;
* :func:`sharing_explorer` (``sharing``, lesson 03): who pulls on the band;
* :func:`flexion_explorer` (``flexion``, lesson 04): a hip-flexion demand on top of one-leg standing;
* :func:`foot_explorer` (``foot``, lesson 05): from the foot up, one link at a time;
* :func:`knee_explorer` (``knee``, for lesson 06): the band over the lateral epicondyle as the knee bends;
  the lesson's tables are ``knee_tables``;
* :func:`stride_explorer` (``stride``, for lesson 07): one running stance phase played in time (a Play
  control), with the step rate, the knee's flexion at contact (Miller 2007's two groups), glute strength,
  trunk lean and body mass as levers; its figure is ``stride_plots`` (its time-series
  panels ``stride_panels``);
* :func:`plan_explorer` (``plan``, for lesson 08): a plan of five levers (hip strength, step rate, trunk
  lean, a foot wedge, downhill running) for lesson 03's weak-abductor runner, baseline and plan side by
  side; the lesson's verdict tables are ``evidence_tables``;
* :func:`cases_explorer` (``cases``, for lesson 09): the whole chain for three composite cases or any six
  measurements; the learner's own measurements go into :func:`measurements_form` (``measurements``: a
  form and a CSV upload, not an Explorer);
* :func:`sensitivity_explorer` (``sensitivity``, for lesson 10): one teaching assumption across its
  plausible range and how far the course's headline numbers move, with its ``assumption_table``; the
  lesson's published-results table and plot, and its OpenSim and speed tables, are ``validation``.

For the projector: ``presenter`` (:func:`~itband_edu.views.presenter.presenter_app`, served from
``apps/presenter.ipynb`` by Voila): every explorer above, one tab each in lesson order, large, presets as
buttons, each built when its tab is first opened.

Shared pieces: ``explorer`` (presets, reset, held redraws, layout, display), ``controls`` (the
control key, the slider, the readout table, the step-grid rule), ``figure``
(the cached-layer Agg figure and its PNG), ``style`` (sizes, fonts, colour-blind-safe palette),
``draw`` (primitives), ``stick`` (the frontal stick figure), ``bars`` (stance bar charts).
For the lessons: ``quiz`` (answer widgets; their logic is :mod:`itband_edu.quiz`), ``tables``
(tables of model results), ``flexion_tables`` (lesson 04) and ``foot_cases`` (lesson 05's cases and
tables).

Views import the model; the model never imports views. ``import itband_edu`` does not import this
package (it needs Matplotlib and ipywidgets).
"""

from __future__ import annotations

from .band import band_explorer
from .cases import cases_explorer
from .explorer import Control, Explorer
from .flexion import flexion_explorer
from .foot import foot_explorer
from .knee import knee_explorer
from .measurements import measurements_form
from .plan import plan_explorer
from .quiz import choice_question, number_question
from .sharing import sharing_explorer
from .stance import stance_explorer
from .stride import stride_explorer
from .tables import group_table, muscle_table, stance_table
from .sensitivity import sensitivity_explorer

__all__ = ["Explorer", "Control", "band_explorer", "stance_explorer", "sharing_explorer", "flexion_explorer",
           "foot_explorer", "knee_explorer", "stride_explorer", "plan_explorer",
           "cases_explorer", "measurements_form", "sensitivity_explorer", "choice_question",
           "number_question", "stance_table", "group_table", "muscle_table"]
