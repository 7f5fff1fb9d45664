"""coppola.bp.construction (Thm 1.2 = 7.1): the §7.2 weights as stated, refuted by their own parts."""
from __future__ import annotations

from fractions import Fraction as Q

import numpy as np
import sympy as sp
import z3
from claim_helpers import decide_one, obligation_result

from lemmas.coppola.bp_construction import paper_weights as m

CLAIM = "coppola.bp.construction"


def _claim(gate, claim_id):
    return next(c for c in gate.claims if c.claim.id == claim_id)


def test_every_refutation_of_the_statement_is_confirmed_by_the_engine(gate):
    for o in _claim(gate, CLAIM).obligations:
        assert o.obligation.role == "refutes"
        assert o.evidence.status == "discharged" and o.evidence.confirmed, o.obligation.id


def test_the_papers_statement_rests_on_no_lean_only_reading(gate):
    # Lean's key (token k's key is k) and the convergence axioms belong to the artifact audit
    ids = {o.obligation.id for o in _claim(gate, CLAIM).obligations}
    lean = {o.obligation.id for o in _claim(gate, "coppola.bp.construction.lean_axioms").obligations}
    only_lean = {"score_gap_fails_for_lean_keys", "convergence_axioms_are_inconsistent"}
    assert not ids & only_lean and only_lean <= lean


def test_encoded_score_gap_counterexample_violates_the_axiom(gate):
    goal = m.score_gap_fails_for_encoded_keys()
    s = z3.Solver()
    s.add(*goal.hypotheses.values(), goal.conclusion)   # the premises admit instances where the axiom holds
    assert s.check() == z3.sat
    cex = obligation_result(gate, CLAIM, "score_gap_fails_for_encoded_keys").evidence.counterexample
    a, j, k = [int(cex["a_0"]), int(cex["a_1"]), int(cex["a_2"])], int(cex["j"]), int(cex["k"])
    nb = a[j]
    assert k != nb and nb >= 1 and not (nb * a[k] < nb * a[nb])


def test_faithful_ffn_evidence_counts_units_from_the_model(gate):
    goal = obligation_result(gate, CLAIM, "paper_ffn_misses_update_belief").evidence.data["goals"][0]
    assert goal["hidden_units"] == goal["hinges"] + 2
    assert str(goal["hinges"]) in goal["hidden_units_breakdown"]


def test_hardmax_with_equal_values_is_not_refuted():
    # the attended value is exactly 4/5; the enclosure of lhs − rhs contains 0, so the engine says less
    v, ev = decide_one("symbolic", "refutes", lambda: m.hardmax_at_lambda(values=(Q(4, 5), Q(4, 5))))
    assert ev.status in ("failed", "unknown") and v != "refuted"


def test_heads_gather_is_paper_gather_and_the_symbolic_head():
    from lemmas.models import paper_gather
    for st in m.random_paper_states(count=3):
        for lam in (1.0, 10.0):
            g, _, (w0, w1) = m.heads_gather(st, lam)
            pg = paper_gather(st, lam)
            assert np.array_equal(g, pg.gathered)
            assert np.array_equal(w0, pg.weights[0]) and np.array_equal(w1, pg.weights[1])
            for j in range(st.size):
                for slot in (0, 1):
                    lhs, _ = m.head_attended(st, j, slot)
                    assert abs(float(lhs.subs(sp.Symbol("lam", positive=True), lam).evalf(30)) - g[j, slot]) < 1e-9
