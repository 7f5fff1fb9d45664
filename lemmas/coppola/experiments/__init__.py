"""Coppola's two experiments, re-run and compared with what the paper prints: Table 1 (§6.7, a
transformer trained on v0 – f1 – v2) and Table 4 (§10.5, loopy BP on five QBBN structures).

Every number taken from the paper is in :mod:`.quoted`; the claims read it from there only, and
``tools/mutate_quotes.py`` checks that the gate notices an edited digit wherever a comparison can
resolve it. How a quote is compared (rounding, sampling band, exact re-run) is in :mod:`.runs`.

Modules:

* :mod:`.quoted` — the paper's numbers, exactly as printed, and Table 4's edge lists;
* :mod:`.runs` — the bands and the Table 4 re-runs the claims share;
* :mod:`.table1` — ``coppola.experiments.table1``, ``coppola.experiments.table1.learns_bp``;
* :mod:`.table1_closed_form` — ``coppola.experiments.table1.closed_form``;
* :mod:`.table1_parameters` — ``coppola.experiments.table1.parameters``;
* :mod:`.table4` — ``coppola.experiments.table4``;
* :mod:`.table4_artifact` — ``coppola.experiments.table4.artifact``;
* :mod:`.table4_dating_row` — ``coppola.experiments.table4.dating_row``;
* :mod:`.table4_beyond_regime` — ``coppola.experiments.table4.beyond_regime``.
"""
