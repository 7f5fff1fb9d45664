"""lemmas/yang as a whole: every headline statement has an as-stated claim, every other reading
says in its ``where`` that it is not the paper's claim, every claim explains itself."""
from __future__ import annotations

import re

import pytest

from lemmas.yang import attention, attention_posterior, softmax
from lemmas.yang.bayes import joint_implies_posterior, levels, rn_normalization, stack_composition, stack_layernorm

MODULES = (softmax, attention, attention_posterior, rn_normalization, joint_implies_posterior, levels,
           stack_composition, stack_layernorm)
CLAIMS = [c for m in MODULES for c in m.CLAIMS]

HEADLINES = {
    "yang.softmax.distribution",                      # softmax attention is a distribution over keys
    "yang.attention.bridge",                          # … a Markov kernel: the abstract's bridge
    "yang.bayes.rn_normalization",                    # the Radon–Nikodym form is normalized
    "yang.bayes.joint_implies_posterior",             # the core theorem
    "yang.bayes.joint_implies_posterior.semantic",    # … at semantic level
    "yang.bayes.joint_implies_posterior.block",       # … at block level
    "yang.bayes.joint_implies_posterior.stack",       # … at stack level
}


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text.strip()) if s]


def test_the_headline_statements_are_exactly_the_as_stated_claims():
    assert {c.id for c in CLAIMS if c.reading == "as-stated"} == HEADLINES


@pytest.mark.parametrize("claim", CLAIMS, ids=lambda c: c.id)
def test_every_claim_has_a_short_plain_explanation(claim):
    assert 2 <= len(_sentences(claim.explanation)) <= 3, _sentences(claim.explanation)
    assert "CLAIMS.md" not in claim.explanation and "/work" not in claim.explanation


@pytest.mark.parametrize("claim", [c for c in CLAIMS if c.reading != "as-stated"], ids=lambda c: c.id)
def test_every_other_reading_says_it_is_not_the_papers_claim(claim):
    if claim.reading == "project":
        assert "project" in claim.where
    else:
        assert claim.reading in ("misreading", "strengthened") and "not a claim of the paper" in claim.where


def test_misreadings_hang_under_the_statement_they_misread():
    parent = {c.id: c.id.rsplit(".", 1)[0] for c in CLAIMS}
    ids = {c.id for c in CLAIMS}
    for c in CLAIMS:
        if c.reading in ("misreading", "strengthened"):
            assert parent[c.id] in ids, c.id
