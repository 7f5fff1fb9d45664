"""Claims of Coppola, *Transformers are Bayesian Networks* (arXiv:2603.17063)."""

PAPER = "Coppola, Transformers are Bayesian Networks, arXiv:2603.17063 (2026)"
