"""``coppola.logodds.*``: the log-odds algebra of updateBelief and what it means as evidence combination.

The paper (Coppola §2.2.2, §3, §3.1–3.4) reads updateBelief(m0, m1) = m0·m1 / (m0·m1 + (1−m0)(1−m1))
as σ(logit m0 + logit m1): a commutative, associative ⊕ with identity 1/2, and, as evidence, the
posterior of two conditionally independent observations under the prior 1/2.

Main definitions (in :mod:`.algebra`): :func:`sigma`, :func:`logit`, :func:`belief` (the belief with odds
r); updateBelief and its fold are :func:`lemmas.models.bp.update_belief` and :func:`lemmas.models.bp.fold`.

Main statements:

* :mod:`.algebra` — ``coppola.logodds.algebra`` (§2.2.2, §3; the ⊕ laws on (0,1)² and the k-ary fold for
  every k, :func:`fold_is_sigma_of_logit_sum`) and ``coppola.logodds.algebra.all_reals`` (§2.2.1, the
  Lean statement over all reals).
* :mod:`.evidence` — ``coppola.logodds.evidence`` (§3.1–3.4; weights of evidence, sum-product at a
  binary node) and ``coppola.logodds.evidence.prior_half`` (a misreading: updateBelief as the posterior
  for any prior).
"""
from .algebra import belief, fold, fold_is_sigma_of_logit_sum, logit, sigma

__all__ = ["belief", "fold", "fold_is_sigma_of_logit_sum", "logit", "sigma"]
