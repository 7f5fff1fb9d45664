"""Does a transformer implement one round of BP? [C] Thm 1.2 = Thm 7.1, its Lean artifact, and the
project's correct construction.

One module per claim (the package itself holds none):

* :mod:`.paper_weights` — ``coppola.bp.construction``: the §7.2 weights, as stated (refuted);
* :mod:`.lean_axioms` — ``coppola.bp.construction.lean_axioms``: the axioms of the Lean
  development (refuted);
* :mod:`.relu_ffn` — ``coppola.bp.construction.relu_piecewise_affine``: no ReLU FFN computes
  updateBelief (proved), and the refutation of ``ffn_implements_updateBelief``;
* :mod:`.convergence` — ``coppola.bp.construction.loopy_bp_converges`` and
  ``coppola.bp.construction.bp_fixed_point_is_posterior`` (refuted);
* :mod:`.lean_order` — ``coppola.bp.construction.lean_order``: Lean's ∀ state ∃ W (witnessed by
  memorisation);
* :mod:`.correct` — ``coppola.bp.construction.correct``: the project's construction (proved for
  bounded slots, rounds and trees), with its parts :mod:`.correct_layer`, :mod:`.correct_trees`,
  :mod:`.correct_unmasked` and cross-checks :mod:`.correct_code`, :mod:`.correct_float`;
* :mod:`.existence` — ``coppola.bp.existence``: the abstract's existential, by the construction.

Main definitions: :mod:`.lean_model` (the Lean development's model: :class:`LeanToken`,
:func:`lean_bp_forward`), :mod:`.shared` (the statement's hypotheses); :func:`hardmax_consistency`
(the gathering axiom at one instance).
"""
from __future__ import annotations

from .lean_axioms import hardmax_consistency
from .lean_model import LeanToken, lean_bp_forward

__all__ = ["LeanToken", "hardmax_consistency", "lean_bp_forward"]
