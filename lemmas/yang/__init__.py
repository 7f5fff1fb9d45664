"""Claims of Yang, *Transformer Architectures as Complete Bayes Processes* (arXiv:2606.30440).

- :mod:`~lemmas.yang.softmax`: ``yang.softmax.distribution`` (softmax weights are a distribution);
- :mod:`~lemmas.yang.attention`: ``yang.attention.bridge`` (attention is a Markov kernel), with the
  Gaussian-posterior sub-claims in :mod:`~lemmas.yang.attention_posterior`;
- :mod:`lemmas.yang.bayes`: the Bayes formula and the core theorem on the Bayes joint condition;
- :mod:`~lemmas.yang.finite`: the exact finite Bayes objects the claims share.
"""

PAPER = "Yang, Transformer Architectures as Complete Bayes Processes, arXiv:2606.30440 (2026)"
