"""``coppola.andor.structure``: "attention is AND, the FFN is OR, their alternation is Pearl's gather/update".

The paper (Coppola §8, abstract "Fourth") states an interpretation (``not-formal``); its checkable
readings are the sub-claims, one module per reading. AND of beliefs is read as the probability Π b_k
that all hold (the product the paper's AND decomposition folds), OR as noisy-OR 1 − Π(1 − b_k), and
on {0,1} as Boolean.

Main statements:

* ``coppola.andor.structure`` (§8; abstract) — this module: an interpretation, no checks of its own.
* :mod:`.probabilistic` — ``.attention_and`` (attention is the probabilistic AND) and ``.ffn_or``
  (updateBelief is OR), both read as the paper states them.
* :mod:`.boolean_limit` — ``.boolean_limit``, ``.boolean_limit.attention``,
  ``.boolean_limit.update_belief``: the project's Boolean reading (sigmoid units and softmax attention
  as gates on {0,1}², and updateBelief on near-Boolean inputs).
* :mod:`.gather_update` — ``.gather_update``: the alternation as gather (attention) and update (FFN),
  on the project's sum-product transformer.
"""
from verify import Claim

from .. import PAPER

CLAIMS = [
    Claim(
        id="coppola.andor.structure",
        reading="as-stated",
        paper=PAPER,
        where="§8; abstract (\"Fourth\")",
        statement=("Attention is AND, the FFN is OR, and their strict alternation is Pearl's gather/update "
                   "algorithm exactly."),
        formal=False,
        explanation=("As worded this is an interpretation, so its parts are decided one by one. Read "
                     "probabilistically, attention cannot compute AND and updateBelief is not OR; read on true/false "
                     "inputs, attention and a sigmoid unit can each compute both AND and OR, so the split is a choice "
                     "of weights, not a property of the blocks. A transformer whose attention gathers and whose FFN "
                     "updates does exist."),
        note="An interpretation; its checkable readings are the sub-claims .attention_and, .ffn_or, "
             ".boolean_limit (with .attention and .update_belief) and .gather_update.",
    ),
]
