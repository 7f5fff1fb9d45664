"""coppola.bp.scaling.and_fold, .and_fold.self_dual: the counterexample is the paper's own; must-say-no cases."""
from __future__ import annotations

from functools import partial

from claim_helpers import decide_one

from lemmas.coppola.scaling import and_fold as m
from lemmas.models.bp import update_belief
from verify import Identity


def test_every_claim_explains_itself_and_names_its_reading():
    for c in m.CLAIMS:
        assert c.explanation.strip(), c.id
        assert c.reading == "as-stated" or c.reading in c.where, (c.id, c.where)


def test_and_fold_counterexample_is_the_papers_example(gate):
    c = next(c for c in gate.claims if c.claim.id == "coppola.bp.scaling.and_fold")
    ev = c.obligations[0].evidence
    assert ev.confirmed and ev.counterexample["lhs"] == "8/11" and ev.counterexample["rhs"] == "8/25"


# ---- must say no


def test_the_product_fold_is_no_counterexample_to_and():
    # The AND does split into binary products: with the product as the gate nothing is refuted.
    verdict, ev = decide_one("exact", "refutes", partial(m.fold_is_not_and, gate=m.product))
    assert ev.status == "failed" and verdict != "refuted"


def test_kary_self_duality_with_the_wrong_sign_is_not_proved():
    verdict, ev = decide_one("symbolic", "supports", partial(m.fold_is_self_dual_for_every_k, 1))
    assert ev.status != "discharged" and verdict != "proved"


def test_self_duality_needs_both_inputs_complemented():
    # 1 − ((1 − a) ⊕ b) is not a ⊕ b.
    def half_dual():
        a, b = m._a, m._b
        m0, m1, c0, c1 = m.belief(a), m.belief(b), 1 / (1 + a), 1 / (1 + b)
        return Identity(1 - update_belief(c0, m1, m0, c1), update_belief(m0, m1, c0, c1))
    verdict, ev = decide_one("symbolic", "supports", half_dual)
    assert ev.status != "discharged" and verdict != "proved"
