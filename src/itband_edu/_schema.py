"""The data files' schema: columns, kinds, units to SI, and for each file the parameters it must hold
with their unit and plausible range (the loader in ``parameters`` refuses anything else)."""

from __future__ import annotations

import math

__all__ = ["REQUIRED_COLUMNS", "REFERENCE_COLUMNS", "KINDS", "TO_SI", "MUSCLE_NAMES", "FLEXOR_NAMES", "GMED",
           "GMAX", "ILIOPSOAS", "MOMENT_ARM_SAMPLE_ANGLE",
           "SPEC", "CORE_FIELDS"]

REQUIRED_COLUMNS = ("name", "value", "unit", "kind", "meaning", "source", "note")
REFERENCE_COLUMNS = ("key", "authors", "year", "title", "journal", "volume_pages", "doi_or_url", "verified")
KINDS = ("measured", "derived", "model", "assumption", "constant")
TO_SI = {"MPa": 1e6, "kPa": 1e3, "cm": 1e-2, "mm": 1e-3, "cm^2": 1e-4, "deg": math.pi / 180.0}

MUSCLE_NAMES = (
    "gluteus_medius_1",
    "gluteus_medius_2",
    "gluteus_medius_3",
    "gluteus_minimus_1",
    "gluteus_minimus_2",
    "gluteus_minimus_3",
    "tensor_fasciae_latae",
    "gluteus_maximus_1",
)

# Muscle groups that a strength control scales together.
GMED = ("gluteus_medius_1", "gluteus_medius_2", "gluteus_medius_3")
GMAX = ("gluteus_maximus_1",)
ILIOPSOAS = ("iliacus", "psoas")

# The main hip flexors, which join the abductors when the sagittal plane is balanced too (lesson 04).
FLEXOR_NAMES = ("iliacus", "psoas", "rectus_femoris", "sartorius")

# The hip-adduction angle at which the "abducted"/"adducted" moment arms were computed.
MOMENT_ARM_SAMPLE_ANGLE = math.radians(10.0)

# name -> (unit written in the CSV, plausible low, plausible high), per file.
SPEC: dict[str, dict[str, tuple[str, float, float]]] = {
    "anthropometry.csv": {
        "gravity": ("m/s^2", 9.7, 9.9),
        "leg_mass_fraction": ("1", 0.1, 0.3),
        "inter_hip_distance": ("m", 0.12, 0.22),
        "hat_com_height": ("m", 0.15, 0.45),
        "abductor_line_of_action": ("deg", 0.0, 45.0),
    },
    "muscles.csv": {
        **{
            f"{m}.{field}": spec
            for m in MUSCLE_NAMES
            for field, spec in {
                "max_isometric_force": ("N", 50.0, 3000.0),
                "moment_arm_neutral": ("cm", 0.5, 10.0),
                "moment_arm_abducted": ("cm", 0.5, 10.0),
                "moment_arm_adducted": ("cm", 0.5, 10.0),
                "itb_fraction": ("1", 0.0, 1.0),
                "flexion_moment_arm": ("cm", -10.0, 10.0),
            }.items()
        },
        **{
            f"{m}.{field}": spec
            for m in FLEXOR_NAMES
            for field, spec in {
                "max_isometric_force": ("N", 50.0, 3000.0),
                "moment_arm_neutral": ("cm", -5.0, 10.0),
                "moment_arm_abducted": ("cm", -5.0, 10.0),
                "moment_arm_adducted": ("cm", -5.0, 10.0),
                "itb_fraction": ("1", 0.0, 1.0),
                "flexion_moment_arm": ("cm", 0.5, 10.0),
            }.items()
        },
    },
    "tissue.csv": {
        "itb_youngs_modulus": ("MPa", 20.0, 1000.0),
        "itb_youngs_modulus_proximal": ("MPa", 20.0, 1000.0),
        "itb_proximal_length_fraction": ("1", 0.0, 1.0),
        "tendon_working_strain": ("1", 0.01, 0.15),
        "itb_thickness": ("mm", 0.5, 5.0),
        "itb_width": ("mm", 5.0, 80.0),
        "itb_length": ("m", 0.2, 0.6),
        "tfl_optimal_fibre_length": ("m", 0.05, 0.2),
        "passive_strain_at_max_force": ("1", 0.3, 1.0),
        "passive_shape_factor": ("1", 1.0, 10.0),
        "rubber_youngs_modulus": ("MPa", 0.1, 50.0),
    },
    "chain.csv": {
        "eversion_to_tibial_rotation": ("1", 0.0, 1.5),
        "tibial_to_hip_rotation": ("1", 0.0, 1.0),
        "tibial_to_hip_adduction": ("1", 0.0, 1.0),
        "knee_rotation_lever": ("mm", 0.0, 40.0),
        "hip_rotation_lever": ("mm", 0.0, 40.0),
        "orthosis_eversion_change": ("deg", 0.0, 10.0),
        "eversion_to_tibial_rotation_sd": ("1", 0.0, 0.5),
        "overpronation_extra_eversion": ("deg", 0.0, 15.0),
    },
    "knee.csv": {
        "anchorage_proximal": ("mm", 5.0, 80.0),
        "anchorage_anterior": ("mm", -30.0, 30.0),
        "gerdy_distal": ("mm", 10.0, 80.0),
        "gerdy_anterior": ("mm", -20.0, 50.0),
        "gerdy_depth": ("mm", -10.0, 20.0),
        "gerdy_tibial_axis_anterior": ("mm", -20.0, 50.0),
        "gerdy_tibial_axis_lateral": ("mm", 0.0, 60.0),
        "flexion_axis_anterior": ("mm", -20.0, 20.0),
        "flexion_axis_proximal": ("mm", -20.0, 20.0),
        "epicondyle_height": ("mm", 0.5, 15.0),
        "epicondyle_radius": ("mm", 2.0, 30.0),
        "tension_past_anchorage": ("1", 0.0, 1.0),
        **{f"coupled_tibial_rotation_{a:03d}": ("deg", -5.0, 30.0) for a in range(0, 121, 10)},
        **{f"{n}_uncertainty": ("mm", 0.0, 30.0) for n in (
            "anchorage_proximal", "anchorage_anterior", "gerdy_distal", "gerdy_anterior", "flexion_axis_anterior",
            "flexion_axis_proximal", "epicondyle_height", "epicondyle_radius", "band_width")},
        "downhill_flexion_contact": ("deg", 0.0, 40.0),
        "downhill_peak_flexion": ("deg", 20.0, 80.0),
        "cycling_min_flexion": ("deg", 0.0, 60.0),
        "cycling_max_flexion": ("deg", 60.0, 140.0),
        "orchard_zone_low": ("deg", 0.0, 60.0),
        "orchard_zone_high": ("deg", 0.0, 60.0),
        "pigos_level_flexion_contact": ("deg", 0.0, 40.0),
        "pigos_level_peak_flexion": ("deg", 20.0, 80.0),
        "zone_fraction": ("1", 0.5, 0.99),
        "running_cadence": ("1/min", 120.0, 240.0),
        "cycling_cadence": ("1/min", 40.0, 140.0),
        **{f"walking_flexion_{s:03d}": ("deg", -10.0, 80.0) for s in range(0, 101, 5)},
        "walking_stance_time": ("s", 0.3, 1.5),
        "walking_cadence": ("1/min", 60.0, 160.0),
    },
    "sagittal.csv": {
        "walking_late_stance_flexion_moment": ("N m/kg", 0.0, 3.0),
        "running_late_stance_flexion_moment": ("N m/kg", 0.0, 3.0),
    },
    "gait.csv": {
        "stance_time": ("s", 0.1, 0.6),
        "peak_vertical_grf": ("BW", 1.0, 5.0),
        "peak_hip_adduction": ("deg", 0.0, 25.0),
        "knee_flexion_contact": ("deg", 0.0, 40.0),
        "peak_knee_flexion": ("deg", 20.0, 80.0),
        "peak_hip_abduction_moment": ("N m/kg", 0.5, 4.0),
        "peak_rearfoot_eversion": ("deg", 0.0, 20.0),
        "peak_pelvic_drop": ("deg", 0.0, 15.0),
        "peak_time_fraction": ("1", 0.1, 0.9),
        "hip_adduction_contact_fraction": ("1", -1.0, 1.0),
        "hip_adduction_toe_off_fraction": ("1", -1.0, 1.0),
        **{f"step_rate_{c}_{q}": spec for c in ("minus10", "minus5", "plus5", "plus10") for q, spec in {
            "peak_hip_adduction": ("deg", 0.0, 25.0),
            "knee_flexion_contact": ("deg", 0.0, 40.0),
            "peak_knee_flexion": ("deg", 20.0, 80.0),
            "peak_hip_abduction_moment": ("N m/kg", 0.5, 4.0),
        }.items()},
        "fatigued_itbs_knee_flexion_contact": ("deg", 0.0, 40.0),
        "fatigued_control_knee_flexion_contact": ("deg", 0.0, 40.0),
        # lesson 07: assumptions recorded where the model makes them, and published results it compares with
        "knee_flexion_toe_off_fraction": ("1", 0.0, 2.0),
        "stance_time_step_time_exponent": ("1", 0.0, 1.5),
        "hamill2008_strain_rate_effect_size": ("1", 0.0, 5.0),
        "chen2023_strain_rate_change_fast_speed": ("%", -50.0, 50.0),
        "chen2023_strain_rate_change_exhaustion": ("%", -50.0, 50.0),
    },
}

# Lesson 08's evidence (what helps, what does not): published effect sizes, counts, pressures and forces, so
# that the lesson's numbers come from data/ too. Effect sizes (SMD, d), confidence limits, counts and pain
# scores are dimensionless ("1"); "%" and "1/min" stay as written (as in gait.csv and knee.csv).
_EFFECT = ("1", -3.0, 3.0)
_COUNT = ("1", 1.0, 5000.0)
_RUNNING_PAIN = ("1", 0.0, 2000.0)  # area under a pain-time curve during a treadmill run
SPEC["evidence.csv"] = {
    **{f"{n}{ci}": _EFFECT for n in ("foam_rolling_rom_smd", "foam_rolling_vs_stretching_smd",
                                      "remote_myofascial_rom_smd", "cupping_pain_vs_sham_smd")
       for ci in ("", "_ci_low", "_ci_high")},
    "foam_rolling_training_rom_es": _EFFECT,
    "cupping_pain_vs_none_smd": _EFFECT,
    "gluteal_activation_emg_d": _EFFECT,
    **{n: _COUNT for n in ("foam_rolling_trials_count", "itbs_rolling_trial_n", "lateral_line_transitions_count",
                           "lateral_line_transitions_verified_count", "strengthening_case_series_n",
                           "strengthening_pain_free_count", "strengthening_rct_n", "itbs_pilot_rct_n",
                           "step_width_study_n")},
    "roller_massage_passive_rom_gain": ("%", 0.0, 100.0),
    "hip_adduction_prom_change_one_session": ("deg", -10.0, 30.0),
    "roller_pressure_foam": ("kPa", 1.0, 500.0),
    "roller_pressure_rigid": ("kPa", 1.0, 500.0),
    "roller_contact_area_foam": ("cm^2", 1.0, 500.0),
    "roller_contact_area_rigid": ("cm^2", 1.0, 500.0),
    "roller_force_foam": ("N", 10.0, 2000.0),
    "roller_force_rigid": ("N", 10.0, 2000.0),
    "fascia_normal_force_9pct_compression": ("N", 1.0, 20000.0),
    "fascia_tangential_force_4pct_shear": ("N", 1.0, 20000.0),
    "cupping_rom_gain_one_session": ("deg", -10.0, 30.0),
    "straight_leg_raise_mdd": ("deg", 0.0, 30.0),
    "iastm_rom_md_deficit": ("deg", -10.0, 30.0),
    "iastm_rom_md_healthy": ("deg", -10.0, 30.0),
    "abductor_torque_gain_female": ("%", 0.0, 200.0),
    "abductor_torque_gain_male": ("%", 0.0, 200.0),
    "itbs_review_pain_reduction_min": ("%", 0.0, 100.0),
    "itbs_review_pain_reduction_max": ("%", 0.0, 100.0),
    **{f"{g}_pain_day{d}": _RUNNING_PAIN for g in ("steroid", "anaesthetic") for d in (0, 14)},
    "steroid_pain_reduction": ("%", -100.0, 100.0),
    "anaesthetic_pain_reduction": ("%", -100.0, 100.0),
    "case_step_rate_before": ("1/min", 120.0, 240.0),
    "case_step_rate_after": ("1/min", 120.0, 240.0),
}


# Names in these files become typed fields of Parameters; names in any other file registered in
# SPEC (e.g. chain.csv, knee.csv, gait.csv) are reached with Parameters.value("file_stem.name").
CORE_FIELDS = set(SPEC["anthropometry.csv"]) | set(SPEC["tissue.csv"])
