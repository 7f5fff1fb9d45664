"""lemmas.coppola.experiments as a whole: every claim explained, every paper number from quoted.py."""
from __future__ import annotations

import ast
import importlib
import pkgutil
from fractions import Fraction
from pathlib import Path

from lemmas.coppola import experiments
from lemmas.coppola.experiments import quoted as qt

PACKAGE = Path(experiments.__file__).parent


def _modules():
    return [importlib.import_module(f"{experiments.__name__}.{info.name}")
            for info in pkgutil.iter_modules(experiments.__path__)]


def _claims():
    return {c.id: c for m in _modules() for c in getattr(m, "CLAIMS", [])}


def test_the_package_index_has_no_claims_and_every_module_is_listed():
    assert not hasattr(experiments, "CLAIMS")
    for m in _modules():
        assert f":mod:`.{m.__name__.rsplit('.', 1)[1]}`" in experiments.__doc__, m.__name__
    assert len(_claims()) == 8


def test_every_explanation_is_two_or_three_sentences():
    for c in _claims().values():
        assert c.explanation, c.id
        assert 2 <= c.explanation.count(". ") + 1 <= 3, c.id
        if c.reading != "as-stated":
            assert "reading" in c.where, c.id


def test_no_paper_number_is_a_literal_in_the_experiments_code():
    """The paper's result values appear in the claim modules only through quoted.py (prose aside)."""
    results = {q.value for q in qt.QUOTES.values() if qt.SETUP not in q.compared and q.value not in (0, 1, 100)}
    for path in PACKAGE.glob("*.py"):
        if path.name == "quoted.py":
            continue
        literals = {Fraction(str(n.value)) for n in ast.walk(ast.parse(path.read_text()))
                    if isinstance(n, ast.Constant) and type(n.value) in (int, float)}
        assert not results & literals, (path.name, sorted(results & literals))


def test_claim_statements_follow_the_quotes():
    """The statements quote the data module, so they cannot drift from what is compared."""
    claims = _claims()
    assert qt.text("table4.dating.avg_kl") in claims["coppola.experiments.table4.dating_row"].statement
    assert qt.text("table1.baseline_mae") in claims["coppola.experiments.table1"].statement
