"""lemmas/yang/bayes/levels.py: the core theorem at semantic, block and stack level — the evidence,
the architectures, must-say-no cases."""
from __future__ import annotations

from functools import partial

import pytest
import z3
from claim_helpers import decide_one, obligation_result

from lemmas.yang.bayes import joint_implies_posterior as jp
from lemmas.yang.bayes import levels
from lemmas.yang.bayes.encoding import tn_family
from lemmas.yang.finite import is_stochastic
from verify import Implication

CORE = "yang.bayes.joint_implies_posterior"


def test_every_level_uses_the_same_family_function():
    free = jp.posterior_goal(2, 2, jp.free_kernel)
    for kernel in (levels.semantic_kernel, levels.block_kernel, levels.stack_kernel):
        g = jp.posterior_goal(2, 2, kernel)
        assert set(g.hypotheses) == set(free.hypotheses) and set(g.definitions) == set(free.definitions)


def test_block_kernel_rows_are_exact_distributions():
    rows = levels.block_kernel_rows(4, 5)
    assert is_stochastic(rows) and all(v > 0 for r in rows for v in r)


def test_stack_kernel_is_a_deeper_network_than_the_block():
    stack_rows = levels.block_kernel_rows(3, 2, depth=levels.STACK_DEPTH)
    assert is_stochastic(stack_rows) and stack_rows != levels.block_kernel_rows(3, 2)
    _, what = levels.transformer_block_features(2, depth=levels.STACK_DEPTH)
    assert f"stack of {levels.STACK_DEPTH} transformer blocks" in what
    assert f"a stack of {levels.STACK_DEPTH} transformer blocks" in (
        levels.bayes_joint_implies_posterior_for_a_concrete_stack_up_to_3x2.__verify_obligation__.statement)


def test_every_level_is_tautological_by_the_engine_built_converse(gate):
    for level, check in (("semantic", levels.bayes_joint_implies_posterior_at_semantic_level),
                         ("block", levels.bayes_joint_implies_posterior_at_block_level),
                         ("stack", levels.bayes_joint_implies_posterior_at_stack_level)):
        ev = obligation_result(gate, f"{CORE}.{level}", check.__name__).evidence
        assert ev.tautology and ev.scope == "all", level
        assert ev.data["converse"]["status"] == "proved" and ev.data["converse"]["premise"] == ["bayes_joint"]
    ev = obligation_result(gate, f"{CORE}.stack", "bayes_joint_implies_posterior_for_written_out_stacks_up_to_depth_4"
                           ).evidence
    assert ev.scope == "bounded" and ev.data["converse"]["status"] == "proved"
    assert [g["label"].split(":")[0] for g in ev.data["goals"]] == [f"L={d}" for d in levels.STACK_DEPTHS]


def test_written_out_stack_is_a_residual_composition():
    entry, defs = levels.uninterpreted_stack_entry(z3.Int("x"), 3)
    # two named states per block (after attention, after the MLP), FEATURES reals each
    assert len(defs) == 3 * 2 * levels.FEATURES
    assert {a.decl().name() for a in entry.children()} == {f"h3_{i}" for i in range(levels.FEATURES)}


# ------------------------------------------------------------------ must say no


def joint_only(M, x, t):
    """A wrong "posterior": the joint, not divided by the evidence."""
    return M.J[t][x]


@pytest.mark.parametrize(("kernel", "size"), [(jp.free_kernel, 3), (levels.block_kernel, 2), (levels.stack_kernel, 2)],
                         ids=["free", "block", "stack"])
def test_wrong_posterior_formula_is_not_proved_by_the_same_family(kernel, size):
    check = partial(jp.posterior_family_goal, kernel=kernel, formula=joint_only)
    verdict, ev = decide_one("smt", "supports", check, family=tn_family(size, size))
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"


def test_written_out_stack_with_an_inequality_for_bayes_joint_is_refuted():
    # m_x U[x,t] ≥ J instead of =: the stack's entry is then not determined (re-checked countermodel)
    def check():
        g = levels.bayes_joint_implies_posterior_for_written_out_stacks_up_to_depth_4(3)
        m, J = z3.Reals("m_x J_tx")
        entry = g.hypotheses["bayes_joint"].arg(0).arg(1)
        return Implication({"evidence_positive": m > 0, "bayes_joint": m * entry >= J}, g.conclusion,
                           definitions=g.definitions, analyse=False)
    verdict, ev = decide_one("smt", "supports", check)
    assert ev.status == "failed" and ev.confirmed and verdict == "refuted"
