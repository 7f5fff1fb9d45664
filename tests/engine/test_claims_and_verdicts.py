"""Claims as data (validation at load), families, obligation statuses and the verdict rules."""
from __future__ import annotations

import pytest
import sympy as sp
import z3
from engine_helpers import claim, decide, decide_claim, ob

from verify import Claim, ExactEqual, Family, Hypothesis, Identity, Implication, NonIdentity, Obligation, Witness
from verify.claim import validate_claim
from verify.discharge import DischargeSettings, _merge_data, discharge
from verify.errors import ClaimDefinitionError, ClaimLoadError, VerifyError
from verify.evidence import ERROR, HOLDS, UNKNOWN, VIOLATED, Evidence, Outcome, obligation_status
from verify.goals import (GOALS_BY_METHOD, GOALS_BY_ROLE, POINT_CHECKS, PROOFS, Consistency, FloatPredicate,
                          Induction, SameTerm, scope_of)
from verify.verdict import VERDICTS, claim_verdict

x = sp.Symbol("x", positive=True)
a = z3.Real("a")


def ok_identity():
    return Identity(2 * x, x + x)


# --- families ------------------------------------------------------------------------------

@pytest.mark.parametrize("values, bound", [
    (range(1, 33), "n ≤ 32"), (range(0, 5), "n ≤ 4"), ([1], "n ≤ 1"), ([0], "n ≤ 0"), (range(2, 6), "2 ≤ n ≤ 5"),
    (range(-3, 3), "-3 ≤ n ≤ 2"), ([-1, 0, 1], "-1 ≤ n ≤ 1"), ([1, 3], "n ∈ {1, 3}"), ([3, 1, 2], "n ≤ 3"),
    ([], "n ∈ ∅"), ([5], "5 ≤ n ≤ 5"),
])
def test_the_bound_is_computed_from_the_range(values, bound):
    assert Family("n", values).bound() == bound


def test_family_of_proofs_is_bounded_by_the_declared_range():
    verdict, bound, ev = decide_claim(claim("t.fam.proofs", ob("f", "smt", "supports", lambda n: Implication(
        {"pos": z3.And([z3.Real(f"e{i}") > 0 for i in range(n)])}, z3.Sum([z3.Real(f"e{i}") for i in range(n)]) > 0),
        family=Family("n", range(1, 4)))))
    assert (verdict, bound, ev["f"].scope) == ("proved-bounded", "n ≤ 3", "bounded")
    assert [g["label"] for g in ev["f"].data["goals"]] == ["n=1", "n=2", "n=3"]
    assert ob("f", "smt", "supports", lambda n: None, family=Family("n", range(1, 4))).bound == "n ≤ 3"
    assert ob("f", "smt", "supports", lambda: None).bound is None


def test_family_of_point_checks_is_witnessed():
    verdict, bound, ev = decide_claim(claim("t.fam.points", ob("f", "exact", "supports", lambda n: ExactEqual(
        [("sq", n * n, n ** 2)], label="square"), family=Family("n", [1, 2]))))
    assert (verdict, bound, ev["f"].scope) == ("witnessed", None, "instances")
    assert [g["label"] for g in ev["f"].data["goals"]] == ["n=1: square", "n=2: square"]


def test_a_family_member_returning_another_kind_weakens_the_scope():
    def mixed(n):
        return Identity(2 * x, x + x) if n == 1 else NonIdentity(x, x, {x: n})
    verdict, _, ev = decide_claim(claim("t.fam.mixed", ob("f", "symbolic", "supports", mixed,
                                                          family=Family("n", [1, 2]))))
    assert (verdict, ev["f"].scope) == ("witnessed", "instances")


def test_a_list_of_goals_is_rejected():
    verdict, ev = decide("symbolic", "supports", lambda: [ok_identity(), ok_identity()])
    assert (verdict, ev.status) == ("error", "error") and "check returned 2 goals" in ev.detail
    assert "declared family" in ev.detail
    verdict, ev = decide("symbolic", "supports", lambda n: (ok_identity(),), family=Family("n", [1, 2]))
    assert verdict == "error" and "check returned 1 goals for n = 1" in ev.detail


def test_a_failing_family_member_stops_the_family():
    seen = []

    def member(n):
        seen.append(n)
        return Identity(x + n, x + 3) if n == 2 else Identity(x + n, n + x)
    verdict, ev = decide("symbolic", "supports", member, family=Family("n", [1, 2, 3]))
    assert verdict == "unknown" and seen == [1, 2, 3]  # every goal is built first (and validated) ...
    assert [g["label"] for g in ev.data["goals"]] == ["n=1", "n=2"]  # ... and deciding stops at n = 2
    assert ev.detail.startswith("n=2: ")


def test_a_refuting_family_stops_at_the_first_confirmed_counterexample():
    verdict, ev = decide("symbolic", "refutes", lambda n: NonIdentity(x ** n, x, {x: 2}), family=Family("n", [1, 2, 3]))
    assert (verdict, ev.status) == ("refuted", "discharged")
    assert [g["result"] for g in ev.data["goals"]] == ["holds", "violated"]
    assert ev.counterexample["point"] == {"x": "2"}
    verdict, ev = decide("symbolic", "refutes", lambda n: NonIdentity(x ** 1, x, {x: n}), family=Family("n", [1, 2]))
    assert (verdict, ev.status) == ("unknown", "failed") and len(ev.data["goals"]) == 2
    assert ev.detail == "no counterexample: n=1: lhs−rhs = 0 exactly at the point; n=2: lhs−rhs = 0 exactly at the point"


def test_check_arity_is_checked_at_load():
    with pytest.raises(ClaimDefinitionError, match="must take the family parameter 'n'"):
        validate_claim(claim("t.arity.a", ob("f", "symbolic", "supports", lambda: ok_identity(),
                                              family=Family("n", [1]))))
    with pytest.raises(ClaimDefinitionError, match="several goals need a declared family"):
        validate_claim(claim("t.arity.b", ob("f", "symbolic", "supports", lambda n: ok_identity())))
    with pytest.raises(ClaimDefinitionError, match="must take the family parameter"):
        validate_claim(claim("t.arity.c", ob("f", "symbolic", "supports", lambda n, m: ok_identity(),
                                              family=Family("n", [1]))))
    validate_claim(claim("t.arity.d", ob("f", "symbolic", "supports", lambda n=3: ok_identity())))
    validate_claim(claim("t.arity.e", ob("f", "symbolic", "supports", lambda *a: ok_identity(),
                                         family=Family("n", [1]))))
    validate_claim(claim("t.arity.f", ob("f", "exact", "supports", dict)))  # a builtin: checked when it runs


@pytest.mark.parametrize("family, why", [
    ((1, 2), "not a verify.Family"), (Family("2n", [1]), "must be a name"), (Family("", [1]), "must be a name"),
    (Family("n", []), "at least one value"), (Family("n", [1, 2.0]), "not an integer"),
    (Family("n", [True]), "not an integer"), (Family("n", [1, 1]), "repeated values"),
])
def test_malformed_families_are_rejected_at_load(family, why):
    with pytest.raises(ClaimDefinitionError, match=why):
        validate_claim(claim("t.fam.bad", ob("f", "symbolic", "supports", lambda n: ok_identity(), family=family)))


# --- claim validation ------------------------------------------------------------------------

def good(**kw):
    base = dict(id="t.valid.claim", paper="p", where="w", statement="s",
                obligations=(Obligation("a", "exact", "supports", "s", lambda: None),))
    base.update(kw)
    return Claim(**base)


def obl(**kw):
    base = dict(id="a", method="exact", role="supports", statement="s", check=lambda: None)
    base.update(kw)
    return Obligation(**base)


@pytest.mark.parametrize("c, why", [
    ("not a claim", "not a verify.Claim"),
    (good(id=""), "claim id: missing"),
    (good(id="NoDots"), "claim id 'NoDots'"),
    (good(id="t.Upper.case"), "claim id"),
    (good(id="t"), "claim id"),
    (good(paper=""), "field 'paper'"),
    (good(where="  "), "field 'where'"),
    (good(statement=None), "field 'statement'"),
    (good(hypotheses=[Hypothesis("h", "s")]), "must be tuples"),
    (good(obligations=[obl()]), "must be tuples"),
    (good(hypotheses=("h",)), "hypotheses\\[0\\] is not a Hypothesis"),
    (good(hypotheses=(Hypothesis("", "s"),)), "hypotheses\\[0\\].name"),
    (good(hypotheses=(Hypothesis("h", ""),)), "hypotheses\\[0\\].statement"),
    (good(hypotheses=(Hypothesis("h", "s"), Hypothesis("h", "t"))), "duplicate hypothesis name 'h'"),
    (good(obligations=()), "needs at least one obligation"),
    (good(obligations=("ob",)), "obligations\\[0\\] is a str: list obligations or decorated checks"),
    (good(obligations=(obl(id=""),)), "obligations\\[0\\].id: missing"),
    (good(obligations=(obl(id="Bad Id"),)), "use lower-case letters"),
    (good(obligations=(obl(), obl())), "duplicate obligation id 'a'"),
    (good(obligations=(obl(statement=""),)), "statement: missing"),
    (good(obligations=(obl(method="magic"),)), "method 'magic'"),
    (good(obligations=(obl(role="converse"),)), "role 'converse'"),
    (good(obligations=(obl(check="not callable"),)), "check is not callable"),
    (good(obligations=(obl(timeout=0),)), "timeout must be"),
    (good(obligations=(obl(timeout=-1.0),)), "timeout must be"),
    (good(obligations=(obl(timeout=float("inf")),)), "timeout must be"),
    (good(obligations=(obl(timeout=True),)), "timeout must be"),
    (good(obligations=(obl(timeout="10"),)), "timeout must be"),
    (good(obligations=(obl(rlimit=0),)), "rlimit must be"),
    (good(obligations=(obl(rlimit=True),)), "rlimit must be"),
    (good(obligations=(obl(rlimit=1.5),)), "rlimit must be"),
    (good(obligations=(obl(uses=("nope",)),), hypotheses=(Hypothesis("h", "s"),)), "unknown hypothesis 'nope'"),
])
def test_validation_names_the_bad_field(c, why):
    with pytest.raises(ClaimDefinitionError, match=why):
        validate_claim(c)


def test_valid_claims_pass_validation():
    validate_claim(good())
    validate_claim(good(id="a.b.c_d.e9", hypotheses=(Hypothesis("h", "s"),),
                        obligations=(obl(uses=("h",), timeout=1, rlimit=5), obl(id="b-2.x"))))
    validate_claim(good(obligations=(), formal=False))
    validate_claim(good(obligations=(obl(timeout=0.5, rlimit=None),)))


def test_removed_keywords_are_gone():
    with pytest.raises(TypeError):
        Obligation("a", "exact", "supports", "s", lambda: None, scope="bounded")
    with pytest.raises(TypeError):
        Obligation("a", "exact", "supports", "s", lambda: None, bound="n ≤ 3")


def test_claim_helpers():
    c = good(id="t.valid.claim.sub", hypotheses=(Hypothesis("h", "s"),))
    assert c.parent_id == "t.valid.claim" and good(id="t.valid").parent_id is None
    assert c.obligation("a").id == "a"
    with pytest.raises(KeyError):
        c.obligation("zzz")
    assert Hypothesis("h", "s").as_dict() == {"name": "h", "statement": "s"}
    assert issubclass(ClaimDefinitionError, VerifyError)
    err = ClaimLoadError("f.py", "boom")
    assert str(err) == "f.py: boom" and err.source == "f.py" and err.message == "boom"


# --- goal tables ---------------------------------------------------------------------------

def test_goal_kinds_fix_the_scope():
    for g in PROOFS:
        assert scope_of(object.__new__(g), False) == "all" and scope_of(object.__new__(g), True) == "bounded"
    for g in POINT_CHECKS + (Consistency,):
        assert scope_of(object.__new__(g), False) == "instances" and scope_of(object.__new__(g), True) == "instances"
    assert GOALS_BY_ROLE["definitional"] == (SameTerm,)
    assert Consistency not in GOALS_BY_ROLE["supports"] and Witness not in GOALS_BY_ROLE["refutes"]
    assert set(GOALS_BY_METHOD) == {"symbolic", "smt", "numeric", "exact"}
    assert Induction in GOALS_BY_METHOD["smt"] and FloatPredicate in GOALS_BY_METHOD["numeric"]


@pytest.mark.parametrize("method, role, goal, why", [
    ("smt", "supports", ok_identity(), "method 'smt' decides Implication, Induction, Vacuous, Consistency"),
    ("symbolic", "supports", Implication({}, a > 0), "method 'symbolic' decides"),
    ("numeric", "definitional", Witness([1.0], [1.0], 0.0, 1), "cannot serve role 'definitional'"),
    ("symbolic", "refutes", SameTerm(x, x), "cannot serve role 'refutes'"),
    ("symbolic", "supports", None, "a NoneType goal"),
])
def test_goals_outside_the_method_or_role_are_errors(method, role, goal, why):
    verdict, ev = decide(method, role, lambda: goal)
    assert (verdict, ev.status) == ("error", "error") and why in ev.detail
    verdict, ev = decide(method, role, lambda n: goal, family=Family("k", [4]))
    assert why in ev.detail and "(k = 4)" in ev.detail


def test_a_raising_check_is_an_error_with_its_traceback():
    def boom():
        raise RuntimeError("broken check")
    verdict, ev = decide("symbolic", "supports", boom)
    assert (verdict, ev.status) == ("error", "error") and "RuntimeError: broken check" in ev.detail
    assert "boom" in ev.data["traceback"]


def test_a_raising_discharger_is_an_error(monkeypatch):
    from verify.discharge import symbolic

    def broken(goal, role, seed):
        raise ValueError("discharger bug")
    monkeypatch.setattr(symbolic, "decide", broken)
    verdict, ev = decide("symbolic", "supports", ok_identity)
    assert verdict == "error" and "discharger raised ValueError: discharger bug" in ev.detail
    assert "traceback" in ev.data["goals"][0]


def test_each_obligation_gets_its_own_seed(monkeypatch):
    from verify.discharge import symbolic
    seeds = []
    monkeypatch.setattr(symbolic, "decide", lambda goal, role, seed: seeds.append(seed) or Outcome(HOLDS, "ok"))
    c = claim("t.seed.case", ob("a", "symbolic", "supports", ok_identity), ob("b", "symbolic", "supports", ok_identity),
              ob("c", "symbolic", "supports", lambda n: ok_identity(), family=Family("n", [1, 2])))
    decide_claim(c)
    decide_claim(c)
    assert len(seeds) == 8 and seeds[:4] == seeds[4:] and len(set(seeds[:4])) == 4 and seeds[3] == seeds[2] + 1
    decide_claim(c, seed=1)
    assert seeds[8] != seeds[0]


# --- obligation statuses -------------------------------------------------------------------

def o(result, confirmed=False, label=""):
    return Outcome(result, f"{result} detail", label, confirmed)


@pytest.mark.parametrize("role, outcomes, status", [
    ("supports", [], "error"),
    ("supports", [o(HOLDS), o(HOLDS)], "discharged"),
    ("supports", [o(HOLDS), o(UNKNOWN)], "unknown"),
    ("supports", [o(UNKNOWN), o(VIOLATED)], "failed"),
    ("supports", [o(VIOLATED), o(ERROR)], "error"),
    ("definitional", [o(HOLDS)], "discharged"),
    ("refutes", [o(HOLDS)], "failed"),
    ("refutes", [o(HOLDS), o(VIOLATED, True)], "discharged"),
    ("refutes", [o(VIOLATED, True), o(ERROR)], "error"),
    ("refutes", [o(UNKNOWN), o(VIOLATED, True)], "discharged"),
    ("refutes", [o(UNKNOWN), o(HOLDS)], "unknown"),
    ("refutes", [o(VIOLATED, False)], "error"),
    ("refutes", [o(VIOLATED, False), o(UNKNOWN)], "unknown"),
])
def test_obligation_status(role, outcomes, status):
    assert obligation_status(role, outcomes)[0] == status


def test_obligation_status_details_and_decisive_outcomes():
    assert obligation_status("supports", []) == ("error", "the obligation produced no goal", None)
    st, detail, dec = obligation_status("supports", [o(HOLDS, label="a"), o(HOLDS)])
    assert (st, detail, dec) == ("discharged", "a: holds detail; holds detail", None)
    st, detail, dec = obligation_status("supports", [o(HOLDS), o(VIOLATED, True, "b")])
    assert (st, detail, dec.label, dec.confirmed) == ("failed", "b: violated detail", "b", True)
    st, detail, dec = obligation_status("supports", [o(UNKNOWN, label="u")])
    assert (st, detail) == ("unknown", "u: unknown detail")
    st, detail, dec = obligation_status("supports", [o(ERROR, label="e")])
    assert (st, detail, dec.label) == ("error", "error detail", "e")
    st, detail, dec = obligation_status("refutes", [o(HOLDS), o(VIOLATED, True, "c")])
    assert (st, detail, dec.label) == ("discharged", "counterexample confirmed: violated detail", "c")
    st, detail, dec = obligation_status("refutes", [o(VIOLATED, False, "v")])
    assert detail == "refutation without a re-checked counterexample: violated detail" and dec.label == "v"
    st, detail, dec = obligation_status("refutes", [o(UNKNOWN, label="u")])
    assert (st, detail, dec.label) == ("unknown", "unknown detail", "u")
    st, detail, dec = obligation_status("refutes", [o(HOLDS, label="h"), o(HOLDS)])
    assert (st, detail, dec.label) == ("failed", "no counterexample: h: holds detail; holds detail", "h")
    st, detail, dec = obligation_status("refutes", [o(ERROR, label="e")])
    assert (st, detail, dec.label) == ("error", "error detail", "e")


def test_evidence_carries_the_decisive_counterexample():
    verdict, ev = decide("symbolic", "supports", lambda: NonIdentity(x, x + 1, {x: 1}))
    assert ev.counterexample == {"point": {"x": "1"}, "lhs_minus_rhs": "-1"} and ev.confirmed
    verdict, ev = decide("symbolic", "supports", ok_identity)
    assert ev.counterexample is None and not ev.confirmed


# --- verdict rules --------------------------------------------------------------------------

def E(status="discharged", scope="all", confirmed=False, tautology=False, vacuous=False):
    return Evidence(status, "detail", 0.0, confirmed=confirmed, scope=scope, tautology=tautology, vacuous=vacuous)


def V(*pairs, formal=True):
    """Verdict of a claim whose obligations are (role, evidence[, options]) triples."""
    obs, ev = [], {}
    for i, p in enumerate(pairs):
        role, e = p[0], p[1]
        opts = p[2] if len(p) > 2 else {}
        fam = opts.pop("family", None)
        obs.append(Obligation(f"o{i}", "exact", role, "s", (lambda n: None) if fam else (lambda: None),
                              family=fam, **opts))
        ev[f"o{i}"] = e
    c = Claim(id="t.verdict.case", paper="p", where="w", statement="s", obligations=tuple(obs), formal=formal)
    return claim_verdict(c, ev)


FAM = Family("n", range(1, 9))


@pytest.mark.parametrize("pairs, expected", [
    # 1. errors, and a proof beside a confirmed counterexample
    ([("supports", E()), ("supports", E("error"))], ("error", None)),
    ([("supports", E()), ("refutes", E())], ("error", None)),
    ([("supports", E(scope="bounded"), {"family": FAM}), ("refutes", E(scope="instances"))], ("error", None)),
    ([("supports", E(scope="instances")), ("refutes", E(scope="instances"))], ("refuted", None)),
    ([("supports", E(), {"cross_check": True}), ("refutes", E(scope="instances"))], ("refuted", None)),
    ([("supports", E()), ("supports", E("failed", confirmed=True))], ("error", None)),
    # 2. refutations
    ([("refutes", E(scope="instances"))], ("refuted", None)),
    ([("supports", E("failed", confirmed=True))], ("refuted", None)),
    ([("supports", E("failed", confirmed=True), {"cross_check": True})], ("refuted", None)),
    ([("supports", E()), ("definitional", E("failed", confirmed=True))], ("unknown", None)),
    ([("supports", E()), ("refutes", E("failed"))], ("proved", None)),
    ([("supports", E("failed"))], ("unknown", None)),
    # 3. unknown (allow_unknown only spares a refutation attempt: supports must all be discharged)
    ([("supports", E()), ("supports", E("unknown"))], ("unknown", None)),
    ([("supports", E()), ("refutes", E("unknown"))], ("unknown", None)),
    ([("supports", E()), ("refutes", E("unknown"), {"allow_unknown": True})], ("proved", None)),
    ([("supports", E()), ("supports", E("unknown"), {"allow_unknown": True})], ("unknown", None)),
    ([("supports", E()), ("supports", E("unknown"), {"allow_unknown": True, "cross_check": True})], ("unknown", None)),
    # 4. not formal
    ([("supports", E())], ("proved", None)),
    # 5. nothing shows the claim
    ([], ("unknown", None)),
    ([("refutes", E("failed"))], ("unknown", None)),
    # 6. tautological: a proof that restates its premise, or a definitional same-term
    ([("supports", E(tautology=True))], ("tautological", None)),
    ([("supports", E(scope="bounded", tautology=True), {"family": FAM})], ("tautological", "n ≤ 8")),
    ([("supports", E(scope="instances", tautology=True))], ("witnessed", None)),
    ([("definitional", E())], ("unknown", None)),
    ([("definitional", E(tautology=True))], ("tautological", None)),
    ([("supports", E()), ("definitional", E(tautology=True))], ("tautological", None)),
    ([("supports", E(scope="instances")), ("definitional", E(tautology=True))], ("witnessed", None)),
    ([("supports", E(scope="bounded"), {"family": FAM}), ("definitional", E(tautology=True))], ("tautological", "n ≤ 8")),
    ([("supports", E()), ("supports", E(tautology=True), {"cross_check": True})], ("proved", None)),
    ([("supports", E()), ("definitional", E("failed"))], ("unknown", None)),
    # 6b. vacuous: a main proof that the premise never holds; it outranks tautological and proved
    ([("supports", E(vacuous=True))], ("vacuous", None)),
    ([("supports", E()), ("supports", E(vacuous=True))], ("vacuous", None)),
    ([("supports", E(scope="bounded", vacuous=True), {"family": FAM})], ("vacuous", "n ≤ 8")),
    ([("supports", E(vacuous=True)), ("supports", E(tautology=True))], ("vacuous", None)),
    ([("supports", E()), ("supports", E(vacuous=True), {"cross_check": True})], ("proved", None)),
    ([("supports", E(scope="instances")), ("supports", E(vacuous=True))], ("witnessed", None)),
    ([("supports", E(vacuous=True)), ("supports", E("unknown"))], ("unknown", None)),
    ([("supports", E(vacuous=True)), ("refutes", E(scope="instances"))], ("error", None)),
    # 7. scopes: the weakest main support decides; cross-checks neither weaken nor raise
    ([("supports", E()), ("supports", E(scope="bounded"), {"family": FAM})], ("proved-bounded", "n ≤ 8")),
    ([("supports", E()), ("supports", E(scope="instances"))], ("witnessed", None)),
    ([("supports", E()), ("supports", E(scope="instances"), {"cross_check": True})], ("proved", None)),
    ([("supports", E(scope="instances")), ("supports", E(), {"cross_check": True})], ("witnessed", None)),
    ([("supports", E(scope="bounded"), {"family": FAM}),
      ("supports", E(scope="bounded"), {"family": Family("m", [2, 4])})], ("proved-bounded", "m ∈ {2, 4}; n ≤ 8")),
    ([("supports", E(scope="bounded"), {"family": FAM}), ("supports", E(), {"cross_check": True})],
     ("proved-bounded", "n ≤ 8")),
    ([("supports", E(scope="bounded"), {"cross_check": True, "family": FAM})], ("proved-bounded", "n ≤ 8")),
    ([("supports", E(scope="none"))], ("witnessed", None)),
    ([("supports", E(), {"cross_check": True})], ("proved", None)),
])
def test_verdict_rules(pairs, expected):
    assert V(*[tuple(dict(x) if isinstance(x, dict) else x for x in p) for p in pairs]) == expected


def test_not_formal_and_errors_take_precedence():
    assert V(("supports", E()), formal=False) == ("not-formal", None)
    assert V(formal=False) == ("not-formal", None)
    assert V(("supports", E("unknown")), formal=False) == ("unknown", None)
    assert V(("refutes", E(scope="instances")), formal=False) == ("refuted", None)
    assert V(("supports", E("error")), formal=False) == ("error", None)
    assert set(VERDICTS) == {"proved", "proved-bounded", "witnessed", "refuted", "tautological", "vacuous",
                             "not-formal", "unknown", "error"}


def test_a_formal_claim_with_no_supports_is_unknown_end_to_end():
    verdict, _, _ = decide_claim(claim("t.nosupport.case", ob("r", "exact", "refutes", lambda: ExactEqual([("a", 1, 1)]))))
    assert verdict == "unknown"


# --- evidence data --------------------------------------------------------------------------

def test_merge_data_summarises_second_solver_converse_and_brittleness():
    outs = [Outcome(HOLDS, "a", "g1", data={"second_solver": {"status": "unsat", "seconds": 0.25, "version": None},
                                            "converse": {"status": "proved", "premise": ["h"]},
                                            "used_hypotheses": ["h"], "z3_result": "unsat"}),
            Outcome(HOLDS, "b", "g2", data={"second_solver": {"status": "unknown", "seconds": 0.5, "version": "1.4",
                                                              "reason": "resourceout"},
                                            "converse": {"status": "refuted", "premise": ["h"]},
                                            "used_hypotheses": ["k"], "brittle": True})]
    d = _merge_data(outs)
    assert d["second_solver"] == {"name": "cvc5", "version": "1.4", "status": "mixed", "seconds": 0.75,
                                  "goals": {"unknown": 1, "unsat": 1}, "reasons": ["resourceout"]}
    assert d["converse"] == {"status": "mixed", "premise": ["h"], "goals": 2}
    assert d["used_hypotheses"] == ["h"] and d["brittle"] == ["g2"]
    g = d["goals"][0]
    assert (g["label"], g["result"], g["detail"], g["z3_result"]) == ("g1", "holds", "a", "unsat")
    assert g["second_solver"] == outs[0].data["second_solver"] and "used_hypotheses" not in g
    assert "solver" not in d
    d = _merge_data([Outcome(HOLDS, "a", data={"second_solver": {"status": "unsat"}})] * 2)
    assert d["second_solver"]["status"] == "unsat" and "reasons" not in d["second_solver"]
    assert d["second_solver"]["seconds"] == 0.0 and d["second_solver"]["goals"] == {"unsat": 2}
    assert d["second_solver"]["version"] is None
    d = _merge_data([Outcome(HOLDS, "a", data={"version": "4", "solver": "z3", "rlimit": 9, "safety_s": 1.0,
                                              "rlimit_used": 5}),
                     Outcome(HOLDS, "b", data={"version": "4", "rlimit_used": 7}), Outcome(HOLDS, "c")])
    assert d["solver"] == {"name": "z3", "version": "4", "rlimit": 9, "safety_s": 1.0, "rlimit_used": 12}
    assert _merge_data([]) == {"goals": []}


def test_discharge_returns_plain_evidence_for_every_status():
    c = claim("t.status.case", ob("a", "symbolic", "supports", ok_identity))
    ev = discharge(c, c.obligations[0], DischargeSettings(), 60.0)
    assert ev.status == "discharged" and ev.seconds >= 0 and ev.scope == "all" and ev.tautology is False


def test_the_public_tables_agree_with_the_engine():
    from verify.claim import METHODS, READINGS, ROLES, SCOPES
    assert ROLES == ("supports", "refutes", "definitional") and set(ROLES) == set(GOALS_BY_ROLE)
    assert METHODS == ("symbolic", "smt", "numeric", "exact") and set(METHODS) == set(GOALS_BY_METHOD)
    assert SCOPES == ("all", "bounded", "instances")
    assert {scope_of(object.__new__(g), fam) for g in PROOFS + POINT_CHECKS for fam in (False, True)} == set(SCOPES)
    for method in METHODS:
        for role in ROLES:
            validate_claim(good(obligations=(obl(method=method, role=role),)))
    for reading in READINGS:
        validate_claim(good(reading=reading))
    with pytest.raises(ClaimDefinitionError, match="reading 'paraphrase'"):
        validate_claim(good(reading="paraphrase"))


def test_slow_obligations_must_be_cross_checks():
    validate_claim(good(obligations=(obl(slow=True, cross_check=True),)))
    with pytest.raises(ClaimDefinitionError, match="slow obligation must be a cross-check"):
        validate_claim(good(obligations=(obl(slow=True),)))


def test_claims_goals_and_families_are_immutable():
    import dataclasses
    for thing, attr in [(Family("n", [1]), "parameter"), (Hypothesis("h", "s"), "name"), (obl(), "id"),
                        (good(), "id")]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(thing, attr, "other")
    fam = Family("n", range(3))
    assert fam.values == (0, 1, 2) and isinstance(fam.values, tuple) and fam == Family("n", [0, 1, 2])
    assert obl().timeout == 300.0 and obl().cross_check is False and obl().allow_unknown is False
    assert obl().slow is False and obl().family is None and obl().rlimit is None and obl().uses == ()
    assert good().formal is True and good().reading == "" and good().hypotheses == ()
    for thing, attr in [(Outcome(HOLDS, "d"), "result"), (Evidence("unknown", "d", 0.0), "status")]:
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(thing, attr, "other")


def test_the_source_of_a_claim_is_not_part_of_its_identity():
    import dataclasses
    c = good()
    assert dataclasses.replace(c, source="a.py") == c and hash(dataclasses.replace(c, source="a.py")) == hash(c)
    validate_claim(good(obligations=(obl(rlimit=1),)))


def test_evidence_and_outcome_defaults_claim_nothing():
    from verify.evidence import STATUSES
    assert STATUSES == ("discharged", "failed", "unknown", "error")
    ev = Evidence("unknown", "d", 0.0)
    assert (ev.confirmed, ev.scope, ev.tautology, ev.counterexample, ev.data) == (False, "none", False, None, {})
    out = Outcome(UNKNOWN, "d")
    assert (out.label, out.confirmed, out.counterexample, out.data) == ("", False, None, {})


def test_settings_are_immutable_and_a_late_goal_still_gets_a_second():
    import dataclasses
    with pytest.raises(dataclasses.FrozenInstanceError):
        DischargeSettings().seeds = 3
    st = DischargeSettings()
    assert (st.analyse_hypotheses, st.second_solver, st.timeout_scale, st.seeds, st.store) == (True, True, 1.0, 0, None)
    c = claim("t.late.case", ob("a", "smt", "supports", lambda: Implication({"p": a > 0}, a > -1)))
    ev = discharge(c, c.obligations[0], st, 0.0)  # the deadline has passed: each goal still gets 1 s
    assert ev.status == "discharged" and ev.data["solver"]["safety_s"] == 1.0


def test_goals_without_an_analysis_are_not_analysed():
    k = z3.Int("k")
    S = z3.Function("S", z3.IntSort(), z3.RealSort())
    ind = Induction(k, S(k) >= 0, {"S0": S(0) == 0}, {"Sk": S(k + 1) == S(k) + 1})
    verdict, ev = decide("smt", "supports", lambda: ind)
    assert verdict == "proved" and "used_hypotheses" not in ev.data and "necessary" not in ev.data


def test_goal_outcomes_are_kept_in_the_proof_store(tmp_path):
    calls = []

    def check():
        calls.append(1)
        return Implication({"p": a > 0}, a > -1)
    c = claim("t.store.case", ob("a", "smt", "supports", check), hypotheses=(Hypothesis("p", "a > 0"),))
    st = DischargeSettings(store=str(tmp_path), second_solver=False)
    first = discharge(c, c.obligations[0], st, 60.0)
    assert first.status == "discharged"
    assert first.data["store"] == {"status": "computed", "goals_from_store": 0, "goals": 1, "warnings": []}
    second = discharge(c, c.obligations[0], st, 60.0)
    assert second.status == "discharged" and second.data["store"]["goals_from_store"] == 1
    assert second.scope == "all" and len(calls) == 2  # the goal is built again, but not re-solved
    assert "store" not in discharge(c, c.obligations[0], DischargeSettings(second_solver=False), 60.0).data


@pytest.mark.parametrize("check, status, stored", [
    (lambda: Implication({"p": a > 0}, a > 1), "failed", True),  # a confirmed counterexample is kept
    (lambda: Implication({}, z3.Int("i") ** 3 + z3.Int("j") ** 3 + z3.Int("l") ** 3 != 33), "unknown", False),
    (lambda: Witness([1.0], [1.0], 0.0, 1), "discharged", False),  # decided by running code: no key
])
def test_only_decided_goals_are_kept(tmp_path, check, status, stored):
    c = claim("t.store.kinds", ob("a", "smt" if status != "discharged" else "numeric", "supports", check, rlimit=1
                                  if status == "unknown" else None))
    st = DischargeSettings(store=str(tmp_path), second_solver=False)
    first = discharge(c, c.obligations[0], st, 60.0)
    second = discharge(c, c.obligations[0], st, 60.0)
    assert first.status == second.status == status
    assert second.data["store"]["goals_from_store"] == (1 if stored else 0)


def test_the_store_key_includes_the_obligations_resource_limit(tmp_path):
    x3, y3, z3_ = z3.Ints("x3 y3 z3_")
    hard = Implication({"small": z3.And(x3 > 0, x3 < 3)}, x3 * x3 != 2)
    st = DischargeSettings(store=str(tmp_path), second_solver=False)
    generous = claim("t.store.rlimit", ob("a", "smt", "supports", lambda: hard, rlimit=2_000_000))
    assert discharge(generous, generous.obligations[0], st, 60.0).status == "discharged"
    starved = claim("t.store.rlimit", ob("a", "smt", "supports", lambda: hard, rlimit=1))
    ev = discharge(starved, starved.obligations[0], st, 60.0)
    assert ev.status == "unknown" and ev.data["store"]["goals_from_store"] == 0


def test_the_hypothesis_analysis_runs_once_per_obligation(monkeypatch):
    from verify.discharge import smt
    calls = []
    real = smt._necessity
    monkeypatch.setattr(smt, "_necessity", lambda *a, **k: calls.append(1) or real(*a, **k))
    verdict, ev = decide("smt", "supports", lambda n: Implication({"p": a > n}, a > 0), family=Family("n", [1, 2, 3]))
    assert verdict == "proved-bounded" and len(calls) == 1
