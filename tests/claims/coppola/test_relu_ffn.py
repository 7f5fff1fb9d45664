"""coppola.bp.construction.relu_piecewise_affine: no ReLU FFN computes updateBelief."""
from __future__ import annotations

from fractions import Fraction as Q

from claim_helpers import decide_one, obligation_result

from lemmas.coppola.bp_construction import relu_ffn as m


def test_pigeonhole_core_needs_every_triple_and_unit(gate):
    core = obligation_result(gate, "coppola.bp.construction", "no_width_8_relu_ffn_is_update_belief").evidence.data[
        "inconsistent_axioms"]
    assert sum("second difference on triple" in a for a in core) == 9
    assert sum("relu_unit_one_triple" in a for a in core) == 8


def test_nine_units_can_cover_nine_triples():
    v, ev = decide_one("smt", "refutes", lambda: m.ffn_pigeonhole(units=9))
    assert ev.status == "failed" and v != "refuted"


def test_an_affine_target_is_not_refuted_by_the_pigeonhole():
    v, ev = decide_one("smt", "refutes", lambda: m.ffn_pigeonhole(target=lambda a, b: 2 * a + b))
    assert ev.status == "failed" and v != "refuted"


def test_two_relu_units_can_bend_twice():
    _, ev = decide_one("smt", "supports", lambda: m.relu_unit_bends_on_at_most_one_triple(units=2))
    assert ev.status == "failed" and ev.confirmed


def test_curvature_is_zero_at_m1_one_half():
    _, ev = decide_one("symbolic", "refutes", lambda: m.curvature_nonzero((Q(3, 10), Q(1, 2))))
    assert ev.status == "failed"


def test_curvature_point_outside_the_unit_square_is_an_error():
    v, ev = decide_one("symbolic", "refutes", lambda: m.curvature_nonzero((Q(3, 2), Q(3, 5))))
    assert ev.status == "error" and v != "refuted"
