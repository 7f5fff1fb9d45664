"""Checks carry their metadata (@supports / @refutes / @definitional), and a goal may name only
the hypotheses its claim declares."""
from __future__ import annotations

import json

import pytest
import sympy as sp
import z3
from engine_helpers import decide_claim

from verify import (Claim, Family, Hypothesis, Identity, Implication, Induction, Method, Obligation, Role, SameTerm,
                    Status, Vacuous, Verdict, definitional, refutes, supports)
from verify.claim import validate_claim
from verify.errors import ClaimDefinitionError

a = z3.Real("a")
x = sp.Symbol("x", positive=True)


@supports("smt")
def successor_of_positive_is_positive() -> Implication:
    """a > 0 ⇒ a + 1 > 0 for every real a.

    Further paragraphs are documentation, not the statement."""
    return Implication({"a_positive": a > 0}, a + 1 > 0)


@refutes("smt")
def positive_is_not_above_one() -> Implication:
    """a > 0 does not imply a > 1."""
    return Implication({"a_positive": a > 0}, a > 1)


@definitional("symbolic")
def square_is_its_definition() -> SameTerm:
    """x² is x·x, the same term."""
    return SameTerm(x ** 2, x * x)


@supports("symbolic", family=Family("n", range(1, 4)), cross_check=True, timeout=30)
def power_sum_identity(n: int) -> Identity:
    """(x + 1)ⁿ expands to its binomial sum for every n ≤ 3."""
    return Identity((x + 1) ** n, sp.expand((x + 1) ** n))


def claim_of(*checks, hypotheses=(Hypothesis("a_positive", "a > 0"),), cid="t.deco.claim") -> Claim:
    return Claim(id=cid, paper="engine test", where="§0", statement="s", hypotheses=hypotheses,
                 obligations=tuple(checks))


def test_the_decorator_builds_the_obligation_from_the_function():
    c = claim_of(successor_of_positive_is_positive, power_sum_identity)
    validate_claim(c)
    first, fam = c.obligations
    assert isinstance(first, Obligation) and first.check is successor_of_positive_is_positive
    assert (first.id, first.method, first.role) == ("successor_of_positive_is_positive", Method.SMT, Role.SUPPORTS)
    assert first.statement == "a > 0 ⇒ a + 1 > 0 for every real a."
    assert fam.family == Family("n", range(1, 4)) and fam.cross_check and fam.timeout == 30
    # The function is returned unchanged: a test can still call it.
    assert isinstance(successor_of_positive_is_positive(), Implication)


def test_decorated_checks_are_decided_like_obligations():
    verdict, _, ev = decide_claim(claim_of(successor_of_positive_is_positive))
    assert verdict == Verdict.PROVED and ev["successor_of_positive_is_positive"].status == Status.DISCHARGED
    verdict, _, _ = decide_claim(claim_of(positive_is_not_above_one))
    assert verdict == "refuted"
    verdict, _, _ = decide_claim(claim_of(square_is_its_definition, hypotheses=()))
    assert verdict == "tautological"


def test_a_check_without_a_docstring_is_rejected():
    def nameless_statement():
        return Implication({}, a == a)
    with pytest.raises(ClaimDefinitionError, match=r"nameless_statement has no docstring"):
        supports("smt")(nameless_statement)


def test_a_lambda_or_a_twice_decorated_check_is_rejected():
    with pytest.raises(ClaimDefinitionError, match="decorates a named function"):
        supports("smt")(lambda: Implication({}, a == a))
    with pytest.raises(ClaimDefinitionError, match="already an obligation"):
        refutes("smt")(successor_of_positive_is_positive)


def test_an_undecorated_function_in_a_claim_is_named():
    def plain():
        """Not an obligation."""
        return Implication({}, a == a)
    with pytest.raises(ClaimDefinitionError, match=r"obligations\[0\] is the function 'plain', not decorated"):
        validate_claim(claim_of(plain))


def test_decorator_options_are_validated_like_obligations():
    @supports("smt-ish")
    def wrong_method():
        """s."""
        return Implication({}, a == a)
    with pytest.raises(ClaimDefinitionError, match="method 'smt-ish'"):
        validate_claim(claim_of(wrong_method))

    @supports("smt", slow=True)
    def slow_main_proof():
        """s."""
        return Implication({}, a == a)
    with pytest.raises(ClaimDefinitionError, match="slow obligation must be a cross-check"):
        validate_claim(claim_of(slow_main_proof))


k = z3.Int("k")
S = z3.Function("S", z3.IntSort(), z3.RealSort())
e = z3.Function("e", z3.IntSort(), z3.RealSort())


@pytest.mark.parametrize("goal, missing", [
    (Implication({"a_positive": a > 0, "a_small": a < 5}, a + 1 > 0), "'a_small'"),
    (Implication({"a_positive": a > 0, "a_big": a > 2}, a > 1, converse_of=("a_big",)), "'a_big'"),
    (Vacuous({"a_negative": a < 0}, {"a_positive": a > 0}), "'a_negative'"),
    (Induction(k, S(k) >= 0, {"S0": S(0) == 0}, {"Sk": S(k + 1) == S(k) + e(k + 1)},
               hypotheses={"terms_nonnegative": e(k) >= 0}), "'terms_nonnegative'"),
])
def test_a_goal_naming_an_undeclared_hypothesis_is_an_error(goal, missing):
    @supports("smt")
    def uses_names() -> object:
        """A goal with a hypothesis the claim does not declare."""
        return goal
    verdict, _, ev = decide_claim(claim_of(uses_names))
    got = ev["uses_names"]
    assert verdict == "error" and got.status == "error"
    assert f"uses undeclared hypothesis {missing}" in got.detail and "declared: a_positive" in got.detail


def test_one_family_member_with_an_undeclared_name_is_an_error():
    @supports("smt", family=Family("n", [1, 2, 3]))
    def growing(n: int) -> Implication:
        """a > 0 ⇒ a + n > 0 for n ≤ 3."""
        hyps = {"a_positive": a > 0} if n < 3 else {"a_positive": a > 0, "extra": a < 10}
        return Implication(hyps, a + n > 0)
    verdict, _, ev = decide_claim(claim_of(growing))
    assert verdict == "error" and "(n = 3)" in ev["growing"].detail and "'extra'" in ev["growing"].detail


def test_vocabularies_are_their_strings_in_reports():
    assert Verdict.PROVED_BOUNDED == "proved-bounded" and f"{Verdict.PROVED_BOUNDED}" == "proved-bounded"
    assert str(Method.SMT) == "smt" and json.dumps({"m": Role.REFUTES, Method.EXACT: 1}) == '{"m": "refutes", "exact": 1}'
    assert not Verdict.UNKNOWN.passes and not Verdict.ERROR.passes and Verdict.REFUTED.passes


def test_evidence_records_only_declared_fields():
    from typing import get_type_hints

    from verify.discharge import ANALYSIS_KEYS
    from verify.evidence import EvidenceData
    declared = set(get_type_hints(EvidenceData))
    assert set(ANALYSIS_KEYS) <= declared
    checks = (successor_of_positive_is_positive, positive_is_not_above_one, power_sum_identity)
    for check in checks:
        _, _, ev = decide_claim(claim_of(check), store=None)
        for e in ev.values():
            assert set(e.data) <= declared, set(e.data) - declared
