"""Yang's Bayes statements (abstract): the explicit Bayes formula and the core theorem on the Bayes
joint condition, with the project's stack theorems. No claims here; one module per claim:

- :mod:`~lemmas.yang.bayes.rn_normalization`: ``yang.bayes.rn_normalization`` (the Radon–Nikodym
  form is normalized) and its sub-claims ``.zero_evidence``, ``.undominated``;
- :mod:`~lemmas.yang.bayes.joint_implies_posterior`: ``yang.bayes.joint_implies_posterior`` (the
  core theorem) and ``.every_input``, ``.deterministic_kernel``;
- :mod:`~lemmas.yang.bayes.levels`: the core theorem at semantic, block and stack level;
- :mod:`~lemmas.yang.bayes.stack_composition`, :mod:`~lemmas.yang.bayes.stack_layernorm`: what a
  stack computes (``….stack.composition`` and its sub-claims);
- :mod:`~lemmas.yang.bayes.encoding`: the z3 encodings of the finite reading they share.
"""
