"""The core theorem (Yang, abstract): an update kernel U satisfying the Bayes joint condition (BJ)
(κ∘π) ⊗ U = swap(π ⊗ κ), finitely m_x U[x,t] = π_t L[t,x], is the posterior almost everywhere.

On m_x > 0, BJ at (x, t) and U[x,t] = π_t L[t,x]/m_x are the same equation, so the theorem
restates its hypothesis: every proof here carries ``converse_of`` bayes_joint and the engine
proves the converse. The paper's three levels (semantic, block, stack) are sub-claims in
:mod:`lemmas.yang.bayes.levels`, decided by the same goal builders.

Main definitions:

- :func:`posterior_goal`: BJ ⇒ U = posterior on every row with m_x > 0, for one size (T, N) and a
  kernel factory (null observations allowed, their rows unconstrained);
- :func:`generic_entry`: the same for one entry of any size, the proof for every size;
- :data:`BJ_HYPOTHESES`.

Main statements:

- ``yang.bayes.joint_implies_posterior`` (as-stated, tautological):
  :func:`bayes_joint_implies_posterior_for_every_size`; cross-checks
  :func:`bayes_joint_implies_posterior_up_to_6x6` (the converse built at every size, null rows
  included) and :func:`bayes_joint_implies_posterior_on_one_row` (evidence_positive necessary).
- ``.every_input`` (misreading): refuted by :func:`two_bayes_joint_kernels_differ` and
  :func:`two_bayes_joint_kernels_differ_on_pinned_model` (a null observation).
- ``.deterministic_kernel`` (project): :func:`one_hot_kernel_violates_bayes_joint_for_every_size`;
  cross-check :func:`one_hot_kernel_violates_bayes_joint_up_to_6x6`.
"""
from __future__ import annotations

import random
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import z3

from verify import Claim, Hypothesis, Implication, refutes, supports

from .. import PAPER
from ..finite import evidence, one_hot, posterior_version, random_model
from .encoding import (
    BAYES_JOINT,
    JOINT_DISTRIBUTION,
    KERNEL_STOCHASTIC,
    LIKELIHOOD_STOCHASTIC,
    PRIOR_SIMPLEX,
    JointEncoding,
    PriorLikelihoodEncoding,
    kernel_stochastic,
    rational,
    split_tn,
    tn_family,
)

SMT_MAX = 6
"""Largest T and N of the bounded BJ ⇒ posterior family (every T ≤ SMT_MAX, N ≤ SMT_MAX)."""

BJ_SMT_RLIMIT = 4_000_000
"""z3 budget of the bounded family: the one-shot mode (nlsat) gives up on the larger sizes after a
long time, the incremental mode decides them within a small part of it; a budget above what the
incremental mode needs keeps the failed one-shot attempt short."""

DET_MAX_T, DET_MAX_N = 6, 6
"""Sizes of the bounded deterministic-kernel family (T from 2)."""

BJ_HYPOTHESES = (
    PRIOR_SIMPLEX, LIKELIHOOD_STOCHASTIC, KERNEL_STOCHASTIC, BAYES_JOINT,
    Hypothesis("evidence_positive", "m_x = Σ_t π_t L[t,x] > 0 on the rows concluded about"),
    JOINT_DISTRIBUTION,
)

BJ_FAMILY_USES = ("joint_distribution", "kernel_stochastic", "bayes_joint")
"""The hypotheses of :func:`posterior_goal`."""

GENERIC_USES = ("bayes_joint", "evidence_positive")
"""The hypotheses of :func:`generic_entry`."""

# A kernel factory returns the update kernel U (N rows of T z3 terms) and a description.
KernelFactory = Callable[[int, int], tuple[list[list[Any]], str]]
PosteriorFormula = Callable[[JointEncoding, int, int], Any]


def free_kernel(T: int, N: int) -> tuple[list[list[Any]], str]:
    """U is any N×T matrix of reals (the hypotheses make it a Markov kernel)."""
    return [[z3.Real(f"U_{x}_{t}") for t in range(T)] for x in range(N)], "U arbitrary"


def bayes_posterior(M: JointEncoding, x: int, t: int) -> Any:
    """P[x,t] = π_t L[t,x] / m_x (guarded by m_x > 0 where it is used)."""
    return M.J[t][x] / M.m[x]


def _bayes_joint_hypotheses(T: int, N: int, kernel: KernelFactory
                            ) -> tuple[JointEncoding, list[list[Any]], dict[str, Any]]:
    """The encoding, the kernel and the hypotheses of the BJ ⇒ posterior goals of size T×N."""
    M = JointEncoding(T, N)
    U, _ = kernel(T, N)
    return M, U, {"joint_distribution": M.joint_distribution(), "kernel_stochastic": kernel_stochastic(U),
                  "bayes_joint": M.bayes_joint(U)}


def posterior_goal(T: int, N: int, kernel: KernelFactory = free_kernel,
                   formula: PosteriorFormula = bayes_posterior, analyse: bool = False,
                   converse: bool = True) -> Implication:
    """BJ ⇒ for every x: m_x > 0 ⇒ U[x,·] = P[x,·].

    No global evidence hypothesis: null observations (m_x = 0) are allowed, and their rows are
    left unconstrained by the conclusion (the implication guards the division). With
    ``converse`` the engine also builds the converse (``converse_of`` bayes_joint): a Markov
    kernel equal to the posterior on every row with m_x > 0 satisfies BJ on every row, null rows
    included (there J[·,x] = 0).
    """
    M, U, hyps = _bayes_joint_hypotheses(T, N, kernel)
    concl = z3.And(*[z3.Implies(M.m[x] > 0, z3.And(*[U[x][t] == formula(M, x, t) for t in range(T)]))
                     for x in range(N)])
    return Implication(hyps, concl, label=f"T={T},N={N}", definitions=M.definitions, analyse=analyse,
                       converse_of=("bayes_joint",) if converse else ())


def posterior_family_goal(tn: int, kernel: KernelFactory = free_kernel, formula: PosteriorFormula = bayes_posterior,
                          converse: bool = False) -> Implication:
    """The bounded families' member TN = 10·T + N (the hypothesis analysis runs on 2×2)."""
    T, N = split_tn(tn)
    return posterior_goal(T, N, kernel, formula, analyse=(T, N) == (2, 2), converse=converse)


def generic_entry(kernel_entry: Any, label: str, converse: bool = True,
                  definitions: dict[str, Any] | None = None) -> Implication:
    """Any size, any x, t: m_x U[x,t] = π_t L[t,x] and m_x > 0 give U[x,t] = π_t L[t,x]/m_x.

    Each entry's conclusion uses only its own BJ equation and m_x > 0, so this one query
    covers every (T, N) and every entry: it is the proof for all sizes. With ``converse``
    (``converse_of`` bayes_joint) the engine proves m_x > 0 ∧ U[x,t] = J/m_x ⇒ m_x U[x,t] = J, so
    on m_x > 0 BJ and "U is the posterior" are the same statement. ``definitions`` name the
    intermediate states of a written-out architecture.
    """
    m, J = z3.Reals("m_x J_tx")
    hyps = {"evidence_positive": m > 0, "bayes_joint": m * kernel_entry == J}
    return Implication(hyps, z3.And(m > 0, kernel_entry == J / m), label=label, definitions=definitions or {},
                       converse_of=("bayes_joint",) if converse else ())


@supports("smt", timeout=60, uses=GENERIC_USES)
def bayes_joint_implies_posterior_for_every_size() -> Implication:
    """Every size, every entry: m_x U[x,t] = π_t L[t,x] ∧ m_x > 0 ⇒ U[x,t] = π_t L[t,x]/m_x; converse
    (built by the engine): m_x > 0 ∧ U[x,t] = π_t L[t,x]/m_x ⇒ BJ at (x, t)."""
    return generic_entry(z3.Real("U_xt"), "any T, N, x, t: U[x,t] free")


@supports("smt", family=tn_family(SMT_MAX, SMT_MAX), cross_check=True, rlimit=BJ_SMT_RLIMIT, uses=BJ_FAMILY_USES)
def bayes_joint_implies_posterior_up_to_6x6(tn: int) -> Implication:
    """BJ ⇒ (m_x > 0 ⇒ U[x,·] = posterior[x,·]) for every x, null observations allowed (their rows
    unconstrained), every (T, N) of the family; the engine-built converse at each size (U = posterior
    on m_x > 0 ⇒ BJ on every row, null rows included)."""
    return posterior_family_goal(tn, free_kernel, converse=True)


@supports("smt", cross_check=True, timeout=60, uses=tuple(h.name for h in BJ_HYPOTHESES))
def bayes_joint_implies_posterior_on_one_row(T: int = 2, N: int = 2, x: int = 0) -> Implication:
    """One fixed row x = 0 of a 2×2 model: BJ ∧ m_0 > 0 ⇒ U[0,·] = posterior[0,·], analysed so that
    evidence_positive is tested for necessity (countermodel: m_0 = 0, any row U[0,·]).

    evidence_positive is a hypothesis here, for that x only.
    """
    M, U, hyps = _bayes_joint_hypotheses(T, N, free_kernel)
    hyps["evidence_positive"] = M.m[x] > 0
    # m_x > 0 first: it guards the division (without evidence_positive too).
    concl = z3.And(M.m[x] > 0, *[U[x][t] == bayes_posterior(M, x, t) for t in range(T)])
    return Implication(hyps, concl, label=f"T={T},N={N},x={x}", definitions=M.definitions, analyse=True)


# ------------------------------------------------------------------------------- every_input

def _free_kernels(T: int, N: int, *names: str) -> list[list[list[z3.ArithRef]]]:
    return [[[z3.Real(f"{u}_{x}_{t}") for t in range(T)] for x in range(N)] for u in names]


@refutes("smt", timeout=60)
def two_bayes_joint_kernels_differ(T: int = 2, N: int = 2, pin: tuple[Any, ...] | None = None) -> Implication:
    """z3: two different Markov kernels both satisfying BJ (2×2), the model re-evaluated exactly.

    The goal states that two Markov kernels U, V satisfying BJ agree on every x (the claim). With
    ``pin`` = (π, L, U, V) the model is fixed to exact rationals and the engine re-evaluates it.
    """
    M = PriorLikelihoodEncoding(T, N)
    U, V = _free_kernels(T, N, "U", "V")
    hyps = {
        "prior_simplex": M.prior_simplex(),
        "likelihood_stochastic": M.likelihood_stochastic(),
        "kernels_stochastic": z3.And(kernel_stochastic(U), kernel_stochastic(V)),
        "both_satisfy_bayes_joint": z3.And(M.bayes_joint(U), M.bayes_joint(V)),
    }
    label = f"T={T},N={N}"
    if pin is not None:
        pi, L, Uv, Vv = pin
        hyps["the_model"] = z3.And(M.pinned(pi, L),
                                   *[U[x][t] == rational(Uv[x][t]) for x in range(N) for t in range(T)],
                                   *[V[x][t] == rational(Vv[x][t]) for x in range(N) for t in range(T)])
        label += ", pinned rational model"
    concl = z3.And(*[U[x][t] == V[x][t] for x in range(N) for t in range(T)])
    return Implication(hyps, concl, label=label, definitions=M.definitions, analyse=False)


def two_kernels_instance(seed: int = 11, T: int = 6, N: int = 6, differ_on_null: bool = True
                         ) -> tuple[list[Fraction], list[list[Fraction]], list[list[Fraction]], list[list[Fraction]]]:
    """A rational model with a null observation; U, V the posterior completed by the uniform row
    and by a one-hot row. ``differ_on_null=False`` makes V differ on a row with m_x > 0 instead
    (a deliberately wrong counterexample: V then violates BJ)."""
    rng = random.Random(seed)
    pi, L = random_model(rng, T, N, null_observation=True)
    U = posterior_version(pi, L, [Fraction(1, T)] * T)
    V = posterior_version(pi, L, one_hot(T, 0))
    if not differ_on_null:
        V = [list(r) for r in U]
        x1 = next(x for x, mx in enumerate(evidence(pi, L)) if mx > 0)
        V[x1] = [Fraction(1, T)] * T if V[x1] != [Fraction(1, T)] * T else one_hot(T, 0)
    return pi, L, U, V


@refutes("smt", timeout=60)
def two_bayes_joint_kernels_differ_on_pinned_model(seed: int = 11, differ_on_null: bool = True) -> Implication:
    """A 6×6 rational model with a null observation: the posterior completed by the uniform row and by a
    one-hot row both satisfy BJ (z3 model of the pinned model, re-evaluated exactly)."""
    return two_bayes_joint_kernels_differ(6, 6, pin=two_kernels_instance(seed, 6, 6, differ_on_null))


# ------------------------------------------------------------------------------- deterministic_kernel

@supports("smt", timeout=60, uses=("full_support_prior", "full_support_likelihood", "one_hot_kernel",
                                   "at_least_two_latent_values"))
def one_hot_kernel_violates_bayes_joint_for_every_size() -> Implication:
    """Every size: at (x, t) with t ≠ c(x), BJ needs π_t L[t,x] = 0.

    In row x of a one-hot kernel pick t ≠ c(x) (one exists as T ≥ 2), so U[x,t] = 0; BJ would need
    π_t L[t,x] = m_x · 0 = 0, which full support forbids.
    """
    m, p, lik, u = z3.Reals("m_x pi_t L_tx U_xt")
    hyps = {"full_support_prior": p > 0, "full_support_likelihood": lik > 0,
            "one_hot_kernel": u == 0}  # the one-hot row at t ≠ c(x)
    return Implication(hyps, m * u != p * lik, label="any T ≥ 2, N, x and t ≠ c(x): BJ fails at (x, t)")


@supports("smt", family=tn_family(DET_MAX_T, DET_MAX_N, min_t=2), cross_check=True)
def one_hot_kernel_violates_bayes_joint_up_to_6x6(tn: int) -> Implication:
    """Every one-hot kernel (c(x) an integer variable) violates BJ, every (T, N) of the family."""
    T, N = split_tn(tn)
    M = PriorLikelihoodEncoding(T, N)
    c = [z3.Int(f"c_{x}") for x in range(N)]
    U = [[z3.If(c[x] == t, z3.RealVal(1), z3.RealVal(0)) for t in range(T)] for x in range(N)]
    hyps = {
        "prior_simplex": M.prior_simplex(),
        "likelihood_stochastic": M.likelihood_stochastic(),
        "one_hot_kernel": z3.And(*[z3.And(c[x] >= 0, c[x] < T) for x in range(N)]),
        "full_support_prior": z3.And(*[p > 0 for p in M.pi]),
        "full_support_likelihood": z3.And(*[v > 0 for row in M.L for v in row]),
    }
    return Implication(hyps, z3.Not(M.bayes_joint(U)), label=f"T={T},N={N}", definitions=M.definitions,
                       analyse=(T, N) == (2, 2))


CLAIMS = [
    Claim(
        id="yang.bayes.joint_implies_posterior",
        reading="as-stated",
        paper=PAPER,
        where="abstract; the core theorem (the update kernel U; its three levels are sub-claims)",
        statement=("If the update kernel U satisfies the Bayes joint condition m_x U[x,t] = π_t L[t,x] "
                   "((κ∘π) ⊗ U = swap(π ⊗ κ)), then U equals the posterior π_t L[t,x]/m_x almost "
                   "everywhere, i.e. on every x with m_x > 0."),
        latex=(r"m_x U_{x,t}=\pi_t L_{t,x}\ \forall x,t\ \Rightarrow"
               r"\ U_{x,\cdot}=\frac{\pi\,L_{\cdot,x}}{m_x}\ \text{whenever } m_x>0"),
        hypotheses=BJ_HYPOTHESES,
        explanation=("The paper's core theorem says an update kernel satisfying the Bayes joint condition is the "
                     "posterior almost everywhere. The engine proves it for every size, but also proves the "
                     "converse: on observations of positive probability, the Bayes joint condition says exactly "
                     "that U is the posterior, so the theorem restates its hypothesis (tautological). On "
                     "observations of probability 0 the condition says nothing, which is what 'almost everywhere' "
                     "hides (sub-claim .every_input)."),
        obligations=(
            bayes_joint_implies_posterior_for_every_size,
            bayes_joint_implies_posterior_up_to_6x6,
            bayes_joint_implies_posterior_on_one_row,
        ),
        note=("BJ restricted to m_x > 0 is equivalent to 'U is a version of the posterior': the theorem "
              "restates its hypothesis (verdict tautological; the converse is built and proved by the engine)."),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.every_input",
        reading="misreading",
        paper=PAPER,
        where="abstract, the core theorem read without 'almost everywhere' (not a claim of the paper)",
        statement="BJ determines the update kernel U[x,·] on every input x.",
        explanation=("Without 'almost everywhere' the theorem is false: on an observation of probability 0 the Bayes "
                     "joint condition puts no constraint on U, so two different kernels both satisfy it. The engine "
                     "exhibits such a pair (found by z3 and a pinned 6×6 rational model) and re-checks it exactly; "
                     "the paper states the almost-everywhere version."),
        hypotheses=(
            PRIOR_SIMPLEX, LIKELIHOOD_STOCHASTIC,
            Hypothesis("kernels_stochastic", "U[x,·] and V[x,·] are distributions over t for every x"),
            Hypothesis("both_satisfy_bayes_joint", "U and V both satisfy BJ: m_x U[x,t] = m_x V[x,t] = π_t L[t,x]"),
            Hypothesis("the_model", "π, L, U and V are one pinned 6×6 rational model with a null observation"),
        ),
        obligations=(two_bayes_joint_kernels_differ, two_bayes_joint_kernels_differ_on_pinned_model),
    ),
    Claim(
        id="yang.bayes.joint_implies_posterior.deterministic_kernel",
        reading="project",
        paper=PAPER,
        where="abstract, a deterministic network as an update kernel U(x) = δ_{c(x)} (the project's result)",
        statement=("With a full-support prior and likelihood and T ≥ 2, no deterministic (one-hot) update "
                   "kernel satisfies BJ: a deterministic map is a Bayes posterior only for a degenerate model."),
        hypotheses=(
            Hypothesis("full_support_prior", "π_t > 0 for every t"),
            Hypothesis("full_support_likelihood", "L[t,x] > 0 for every t, x"),
            Hypothesis("one_hot_kernel", "U[x,t] = [c(x) = t] for a map c: X → Θ"),
            Hypothesis("at_least_two_latent_values", "T ≥ 2"),
            PRIOR_SIMPLEX, LIKELIHOOD_STOCHASTIC,
        ),
        explanation=("A network that outputs a single latent value per input (a one-hot update kernel) never "
                     "satisfies the Bayes joint condition when every prior and likelihood entry is positive and "
                     "there are at least two latent values. For such networks the core theorem's hypothesis is "
                     "never met, so the theorem holds for them only vacuously; the engine proves this for every "
                     "size."),
        obligations=(one_hot_kernel_violates_bayes_joint_for_every_size,
                     one_hot_kernel_violates_bayes_joint_up_to_6x6),
    ),
]
