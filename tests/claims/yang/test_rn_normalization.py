"""lemmas/yang/bayes/rn_normalization.py: the evidence of yang.bayes.rn_normalization.* and
must-say-no cases."""
from __future__ import annotations

import random
from fractions import Fraction
from functools import partial

import mpmath
from claim_helpers import decide_one, obligation_result

from lemmas.yang.bayes import rn_normalization as rn
from lemmas.yang.finite import bayes_joint_holds, random_model
from verify import ExactEqual


def test_rn_evidence_positive_is_necessary(gate):
    ob = obligation_result(gate, "yang.bayes.rn_normalization", "posterior_sums_to_one_up_to_32_latent_values")
    assert "evidence_positive" in ob.evidence.data["necessary"]
    assert ob.evidence.data["necessary"]["evidence_positive"]["countermodel"]["m_0"] == "0"


def test_zero_evidence_counterexample_is_the_null_observation(gate):
    ev = obligation_result(gate, "yang.bayes.rn_normalization.zero_evidence",
                           "formula_undefined_at_null_observation").evidence
    assert ev.confirmed and "0" in [ev.counterexample[f"m_{x}"] for x in range(6)]


# ------------------------------------------------------------------ must say no


def test_zero_evidence_counterexample_without_a_null_observation_is_rejected():
    check = partial(rn.formula_undefined_at_null_observation, null_observation=False)
    verdict, ev = decide_one("smt", "refutes", check)
    assert ev.status == "failed" and not ev.confirmed and verdict != "refuted"


def test_undominated_refutation_fails_when_the_prior_has_an_atom_at_theta():
    # κ∘π then has an atom at θ: ℓ = 1/a there is a density, and the check must say no
    verdict, ev = decide_one("exact", "refutes", partial(rn.identity_channel_has_no_bounded_density, Fraction(1, 2)))
    assert ev.status == "failed" and verdict != "refuted"


def test_gaussian_quadrature_rejects_a_wrong_normalizer():
    check = partial(rn.gaussian_posterior_integrates_to_one_at_40_digits,
                    normalizer=lambda v1: mpmath.sqrt(2 * v1))  # π forgotten
    verdict, ev = decide_one("numeric", "supports", check)
    assert ev.status == "failed"


def test_unnormalized_posterior_fails_bayes_joint():
    def check():
        cases = []
        for seed in range(3):
            pi, L = random_model(random.Random(seed), 4, 4)
            U = [[pi[t] * L[t][x] for t in range(4)] for x in range(4)]  # forgot to divide by m_x
            cases.append((f"seed {seed}", bayes_joint_holds(pi, L, U), True))
        return ExactEqual(cases)
    verdict, ev = decide_one("exact", "supports", check)
    assert ev.status == "failed" and verdict == "refuted"


def test_wrong_gaussian_posterior_variance_is_not_proved():
    def wrong():
        m1, _ = rn.gaussian_posterior_parameters()
        return m1, rn._v0 + rn._w  # the evidence variance instead of v0·w/(v0+w)
    verdict, ev = decide_one("symbolic", "supports", partial(rn.gaussian_prior_times_likelihood_factorizes, wrong))
    assert ev.status == "unknown" and verdict != "proved"
