"""coppola.bp.construction.correct: the proof that the masked transformer computes sum-product.

The claim is decided ``proved-bounded`` from identities about the code's own weights; every
broken variant of the construction (one weight changed, the cavity exclusion dropped, a round
with other weights, too few rounds, a corrupted mask) must make the matching identity fail.
"""
from __future__ import annotations

import dataclasses
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
import z3
from claim_helpers import decide_one, obligation_result, run_claims

from lemmas.coppola import bp_correct as m
from lemmas.models import build_sum_product_transformer
from lemmas.models.construction_symbolic import (EDGE_A, GATHER, MSG, THETA, NotExactError, conjunction, exact_blocks,
                                                 exact_number, exact_sum_product_blocks, nonisomorphic_trees)
from lemmas.models.transformer import AllowedKeys, Transformer
from verify import Identity

CLAIM = "coppola.bp.construction.correct"


@pytest.fixture(scope="module")
def result():
    return run_claims(m)


def test_the_claim_is_proved_with_its_bounds(result):
    c = result.claims[0]
    assert c.claim.id == CLAIM
    assert c.verdict == "proved-bounded", [(o.obligation.id, o.evidence.status, o.evidence.detail[:200])
                                           for o in c.obligations]
    assert c.bound == f"D ≤ {m.SLOTS}; T ≤ {m.ROUNDS}; n ≤ {m.TREE_SIZE}"
    assert result.gate == "pass"


def test_every_deciding_support_is_a_proof_and_every_point_check_a_cross_check(result):
    c = result.claims[0]
    for o in c.obligations:
        ev = o.evidence
        assert ev.status == "discharged", (o.obligation.id, ev.detail)
        if ev.scope == "instances":
            assert o.obligation.cross_check, o.obligation.id
        if not o.obligation.cross_check:
            assert ev.scope in ("all", "bounded"), o.obligation.id
    assert not any(o.obligation.slow for o in c.obligations)     # --slow evidence is not run by default


def test_the_layer_family_covers_every_slot_count(result):
    ob = obligation_result(result, CLAIM, "layer.round")
    labels = [g["label"] for g in ob.evidence.data["goals"]]
    assert [lab.split(":")[0] for lab in labels] == [f"D={d}" for d in range(1, m.SLOTS + 1)]
    assert ob.obligation.family.bound() == f"D ≤ {m.SLOTS}"


def test_slow_families_extend_the_bounds_as_cross_checks():
    slow = {o.id: o for o in m.CLAIMS[0].obligations if o.slow}
    assert set(slow) == {"layer.round.slow", "trees.exact.slow"}
    assert all(o.cross_check for o in slow.values())
    assert slow["layer.round.slow"].family.values == tuple(range(m.SLOTS + 1, m.SLOW_SLOTS + 1))


# -- the weights are the code's ------------------------------------------------------------------

def test_exact_weights_round_trip_and_refuse_inexact_floats():
    assert exact_number(8.0) == 8 and exact_number(-1.0) == -1 and exact_number(0.5) == sp.Rational(1, 2)
    with pytest.raises(NotExactError):
        exact_number(0.1)                     # not a small dyadic rational
    model = build_sum_product_transformer(1, 4)
    blocks = exact_blocks(model)
    assert blocks[0].heads[0].w_o[GATHER, 0] == 4           # W_O = D e_GATHER
    assert np.array_equal(np.array(blocks[1].w1.tolist(), dtype=float), model.blocks[1].w1)


def _mutated(D: int, *changes: tuple):
    """The one-round model with float weights changed — (block, head or None, matrix, index, value)
    each — converted to exact blocks like the construction's own."""
    blocks = list(build_sum_product_transformer(1, D).blocks)
    for block, head, name, index, value in changes:
        b = blocks[block]
        owner = b if head is None else b.heads[head]
        w = getattr(owner, name).copy()
        w[index] = value
        owner = dataclasses.replace(owner, **{name: w})
        if head is None:
            blocks[block] = owner
        else:
            heads = list(b.heads)
            heads[head] = owner
            blocks[block] = dataclasses.replace(b, heads=tuple(heads))
    return exact_blocks(Transformer(tuple(blocks)))


MUTANTS = {
    "gather W_O = D + 1": (0, 0, "w_o", (GATHER, 0), 4.0),
    "FFN drops THETA from the first unit": (1, None, "w1", (0, THETA), 0.0),
    "FFN reads A with weight 2": (1, None, "w1", (0, EDGE_A), 2.0),
    "reset head keeps the old message": (0, 1, "w_v", (0, MSG), 0.0),
}


@pytest.mark.parametrize("mutant", sorted(MUTANTS))
def test_a_changed_weight_breaks_the_layer_identity(mutant):
    blocks = _mutated(3, MUTANTS[mutant])
    goal = m.layer_round_identity(3, blocks=blocks)
    verdict, ev = decide_one("symbolic", "supports", lambda: goal, timeout=300)
    assert ev.status == "unknown" and verdict == "unknown", ev.detail
    verdict, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(goal, seed=3))
    assert ev.status == "discharged" and ev.confirmed and verdict == "refuted", ev.detail


def test_dropping_the_cavity_exclusion_breaks_the_layer_identity():
    goal = m.layer_round_identity(3, mask_override=m.without_cavity_exclusion)
    verdict, ev = decide_one("symbolic", "supports", lambda: goal, timeout=300)
    assert ev.status == "unknown" and verdict == "unknown", ev.detail
    verdict, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(goal, seed=5))
    assert ev.status == "discharged" and ev.confirmed, ev.detail


def test_the_unbroken_layer_has_no_counterexample_point():
    goal = m.layer_round_identity(2)
    _, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(goal, seed=5))
    assert ev.status != "discharged" and not ev.confirmed


def test_scores_that_read_the_tokens_break_locality():
    # q·k = MSG_t · MSG_u: the weights now depend on the messages, not only on the mask
    # (a false identity this large sends sympy's simplify into a long search, so the test asks
    # for the counterexample point, which is what decides it)
    blocks = _mutated(2, (0, 0, "w_q", (0, MSG), 1.0), (0, 0, "w_k", (0, MSG), 1.0))
    verdict, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(m.locality_identity(2, blocks=blocks)))
    assert ev.confirmed and verdict == "refuted", ev.detail
    _, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(m.locality_identity(2)))
    assert not ev.confirmed


def test_a_round_with_other_weights_breaks_round_independence():
    def build(T: int, D: int):
        blocks = list(exact_sum_product_blocks(T, D))
        if T >= 2:                                        # round 2's FFN reads THETA twice
            w1 = blocks[3].w1.as_mutable()
            w1[0, THETA] = 2
            blocks[3] = dataclasses.replace(blocks[3], w1=sp.ImmutableMatrix(w1))
        return tuple(blocks)
    def goal(build_with):
        return Identity(*conjunction(m.rounds_pairs(2, slots=(2,), build=build_with), m.LAM))
    _, ev = decide_one("symbolic", "supports", lambda: goal(build))
    assert ev.status == "unknown"
    _, ev = decide_one("symbolic", "supports", lambda: goal(exact_sum_product_blocks))
    assert ev.status == "discharged"


def test_diameter_minus_one_rounds_break_the_tree_identity():
    goal = m.trees_identity(2, fewer=1)                   # one edge: diameter 1, and 0 rounds send nothing
    _, ev = decide_one("symbolic", "supports", lambda: goal)
    assert ev.status == "unknown"
    _, ev = decide_one("symbolic", "refutes", lambda: m.at_rational_point(goal, seed=1))
    assert ev.status == "discharged" and ev.confirmed


def test_a_corrupted_mask_fails_the_enumeration(monkeypatch):
    real = m.encode_graphs

    def broken(graphs, **kw):                             # the first edge token also sees itself
        enc = real(graphs, **kw)
        if enc.num_edges[0]:
            t = int(enc.edge_positions[0][0])
            idx = enc.masks["gather"].index.copy()
            idx[0, t, 0] = t
            enc.masks["gather"] = AllowedKeys(idx, enc.tokens, trusted=True)
        return enc

    monkeypatch.setattr(m, "encode_graphs", broken)
    _, ev = decide_one("exact", "supports", m.masks_enumeration)
    assert ev.status == "failed"


# -- the combination of identities is sound --------------------------------------------------------

def test_conjunction_does_not_let_errors_cancel():
    x = sp.Symbol("x", real=True)
    pairs = [(x + 1, x), (x - 1, x)]                      # both false; their plain sums agree
    assert sp.expand(sum(a for a, _ in pairs) - sum(b for _, b in pairs)) == 0
    lhs, rhs = conjunction(pairs, m.LAM)
    _, ev = decide_one("symbolic", "supports", lambda: Identity(lhs, rhs))
    assert ev.status == "unknown"
    with pytest.raises(ValueError):
        conjunction([(m.LAM, 0)], m.LAM)                  # λ must be fresh


def test_tree_shapes_are_counted_right():
    assert [len(nonisomorphic_trees(n)) for n in range(1, 11)] == [1, 1, 1, 2, 3, 6, 11, 23, 47, 106]


# -- the unmasked variant's bound ------------------------------------------------------------------

def test_unmasked_witness_fails_against_a_too_small_bound():
    _, ev = decide_one("numeric", "supports",
                       lambda: m.unmasked_gather_within_bound(lams=(2.0, 5.0, 10.0), shrink=0.1))
    assert ev.status == "failed"


def test_gather_induction_needs_its_hypotheses_and_its_base():
    goal = m.gather_bound_induction()
    S = z3.Function("S", z3.IntSort(), z3.RealSort())
    # without 0 < e ≤ q the step fails: a countermodel the engine re-checks exactly
    unweighted = dataclasses.replace(goal, hypotheses={k: v for k, v in goal.hypotheses.items()
                                                       if k != "off_target_weight"})
    _, ev = decide_one("smt", "supports", lambda: unweighted)
    assert ev.status != "discharged" and "step" in ev.detail and "counterexample" in ev.detail, ev.detail
    bad_base = dataclasses.replace(goal, base={**goal.base, "S_0": S(0) == -1})   # a negative empty sum
    _, ev = decide_one("smt", "supports", lambda: bad_base)
    assert ev.status != "discharged" and "base" in ev.detail, ev.detail


# -- the benchmark runs --------------------------------------------------------------------------

def test_benchmark_smoke(capsys, monkeypatch):
    path = Path(__file__).resolve().parents[2] / "bench" / "bench_construction_proof.py"
    monkeypatch.setattr(sys, "argv", [str(path), "--max-slots", "2", "--max-tree", "3", "--max-rounds", "1"])
    with pytest.raises(SystemExit) as stop:
        runpy.run_path(str(path), run_name="__main__")
    assert stop.value.code == 0
    out = capsys.readouterr().out
    assert "layer.round" in out and "trees.exact" in out


def test_the_abstracts_existential_rests_on_the_constructions_deciding_proofs() -> None:
    from lemmas.coppola import bp_correct
    correct, existence = bp_correct.CLAIMS
    assert existence.id == "coppola.bp.existence" and existence.reading == "as-stated"
    deciding = {o.id for o in correct.obligations if o.role == "supports" and not o.cross_check}
    used = {o.id for o in existence.obligations}
    assert used and used <= deciding
    assert all(not o.cross_check for o in existence.obligations)
    # Every family of the proof it rests on is there, so its bound is the construction's bound.
    assert {o.family.parameter for o in existence.obligations if o.family} == \
        {o.family.parameter for o in correct.obligations if o.family and o.id in deciding}


# -- the same weights on torch.nn --------------------------------------------------------------------

def _has_torch() -> bool:
    from verify.run import module_available
    return module_available("torch")


def test_the_torch_run_is_an_optional_cross_check_of_the_construction():
    ob = m.CLAIMS[0].obligation("torch.same_weights")
    assert ob.requires == ("torch",) and ob.cross_check and ob.method == "numeric" and not ob.slow
    # the claim module loads without importing torch (the check imports it when it runs)
    import subprocess
    out = subprocess.run([sys.executable, "-c", "import sys, lemmas.coppola.bp_correct; print('torch' in sys.modules)"],
                         capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "False", out.stderr


@pytest.mark.skipif(not _has_torch(), reason="torch is not installed (the gate lists the obligation as skipped)")
def test_the_torch_run_is_discharged_within_round_off(result):
    ob = obligation_result(result, CLAIM, "torch.same_weights")
    assert ob.evidence.status == "discharged" and ob.evidence.scope == "instances", ob.evidence.detail
    assert not result.skipped_unavailable


@pytest.mark.skipif(not _has_torch(), reason="torch is not installed")
@pytest.mark.parametrize("eps", [1e-6, 1e-9])
def test_perturbed_torch_weights_fail_the_torch_run(eps):
    # W_O of every gather head scaled by 1 + eps on the torch side only: numpy keeps the construction
    _, ev = decide_one("numeric", "supports", lambda: m.torch_same_weights(alter=m.perturb_gather_output(eps)),
                       timeout=300)
    assert ev.status == "failed", ev.detail


def test_without_torch_the_run_is_listed_as_skipped_never_passed(monkeypatch):
    import verify.run
    from verify.report.terminal import render_table
    from verify.report.json_report import to_json

    real = verify.run.module_available
    monkeypatch.setattr(verify.run, "module_available", lambda name: name != "torch" and real(name))
    claim = dataclasses.replace(m.CLAIMS[0], obligations=tuple(
        m.CLAIMS[0].obligation(i) for i in ("softplus.identity", "torch.same_weights")))
    res = run_claims([claim])
    entry = f"{CLAIM}/torch.same_weights (needs torch)"
    assert res.skipped_unavailable == (entry,)
    assert [o.obligation.id for o in res.claims[0].obligations] == ["softplus.identity"]
    assert entry in to_json(res)["skipped_unavailable"]
    assert "not installed" in render_table(res) and "torch.same_weights" in render_table(res)
