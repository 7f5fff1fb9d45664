"""Claims of Yang, *Transformer Architectures as Complete Bayes Processes* (arXiv:2606.30440)."""

PAPER = "Yang, Transformer Architectures as Complete Bayes Processes, arXiv:2606.30440 (2026)"
