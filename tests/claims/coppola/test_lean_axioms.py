"""coppola.bp.construction.lean_axioms: the axioms of the Lean development, as Lean states them."""
from __future__ import annotations

from fractions import Fraction as Q

from claim_helpers import decide_one, obligation_result

from lemmas.coppola.bp_construction import lean_axioms as m

CLAIM = "coppola.bp.construction.lean_axioms"
MINE = ("coppola.bp.construction", "coppola.bp.construction.lean_axioms",
        "coppola.bp.construction.relu_piecewise_affine", "coppola.bp.construction.loopy_bp_converges",
        "coppola.bp.construction.bp_fixed_point_is_posterior", "coppola.bp.construction.lean_order")


def test_every_axiom_refutation_is_confirmed_by_the_engine(gate):
    c = next(c for c in gate.claims if c.claim.id == CLAIM)
    for o in c.obligations:
        assert o.obligation.role == "refutes"
        assert o.evidence.status == "discharged" and o.evidence.confirmed, o.obligation.id


def test_cvc5_confirms_every_deciding_smt_goal(gate):
    for c in gate.claims:
        if c.claim.id not in MINE:
            continue
        for o in c.obligations:
            if o.obligation.method == "smt" and not o.obligation.cross_check:
                assert o.evidence.data["second_solver"]["status"] in ("sat", "unsat"), (c.claim.id, o.obligation.id)


def test_every_claim_explains_itself_and_names_its_reading():
    from lemmas.coppola.bp_construction import convergence, lean_order, paper_weights, relu_ffn
    claims = [c for mod in (m, convergence, lean_order, paper_weights, relu_ffn) for c in mod.CLAIMS]
    assert sorted(c.id for c in claims) == sorted(MINE)
    assert all(c.explanation.strip() for c in claims)
    for c in claims:
        if c.reading != "as-stated":
            assert c.reading in c.where, (c.id, c.where)


def test_score_gap_counterexample_is_a_strict_reversal(gate):
    cex = obligation_result(gate, CLAIM, "score_gap_fails_for_lean_keys").evidence.counterexample
    n, nb, k = int(cex["n"]), int(cex["nb"]), int(cex["k"])
    assert 1 <= nb < n <= 8 and 0 <= k < n and k != nb and nb * k >= nb * nb


def test_consistent_hardmax_instance_is_not_refuted():
    # the target 1/2 lies strictly between the other values: a positive solution exists
    v, ev = decide_one("smt", "refutes", lambda: m.hardmax_consistency((Q(1, 5), Q(1, 2), Q(4, 5)), 1))
    assert ev.status == "failed" and v != "refuted"
