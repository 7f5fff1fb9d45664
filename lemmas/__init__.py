"""The project's claim pack: one module per claim family of the two papers.

- ``lemmas.yang``: Yang, *Transformer Architectures as Complete Bayes Processes* (arXiv:2606.30440).
- ``lemmas.coppola``: Coppola, *Transformers are Bayesian Networks* (arXiv:2603.17063).
- ``lemmas.models``: the mathematical objects the claims talk about (not claims themselves).

Every module with a module-level ``CLAIMS`` list is discovered by ``verify`` through the
``verify.claims`` entry point.
"""
