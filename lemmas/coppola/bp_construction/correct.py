r"""``coppola.bp.construction.correct``: a transformer whose layers are exactly sum-product rounds.

The paper's own §7 weights do not implement BP (``coppola.bp.construction`` is refuted); this is
the project's construction, :mod:`lemmas.models.sum_product_transformer` (masked variant): one
token per directed edge i→j; an attention block with a gather head (W_Q = W_K = 0, a mask allowing
exactly D keys, the cavity edges k→i, k ≠ j, padded with zero-valued sinks; W_O = D·e_GATHER) and a
reset head (mask "self"); a feed-forward block with two softplus units; a read-out (the same
attention on the full incoming sets, then one sigmoid unit). Every proof is about the weights the
code builds (:mod:`lemmas.models.construction_symbolic`).

Main definitions: :data:`HYPOTHESES`, :data:`EXISTENCE_PROOFS` (the deciding proofs, shared with
``coppola.bp.existence`` and ``coppola.bp.scaling.layers.two_heads``).

Main statement: ``coppola.bp.construction.correct`` ([C] Thm 1.2 = Thm 7.1, the project's
construction) — proved for D ≤ 8 slots, T ≤ 8 rounds, trees of n ≤ 6 variables:

* one layer is one round: :mod:`.correct_layer`
  (:func:`~.correct_layer.layer_is_one_sum_product_round` and its steps, locality);
* every round is the same layer, trees, read-out: :mod:`.correct_trees`;
* the unmasked variant's gather bound: :mod:`.correct_unmasked`;
* cross-checks: :mod:`.correct_code` (the proofs' exact objects are the code's), :mod:`.correct_float`
  (float64 and torch.nn runs).

Not proved: the encoder is numpy code; its masks are proved right on the graphs the identities
use and checked on the enumerated small graphs (hypothesis ``masks_as_specified``).
"""
from __future__ import annotations

from verify import Claim, Hypothesis

from .. import PAPER
from . import correct_unmasked as unmasked
from .correct_code import (
                           encoder_masks_are_gather_sets_on_small_graphs,
                           float_encoding_is_symbolic_encoding,
                           float_weights_are_the_proved_weights,
                           symbolic_layer_matches_float_forward,
                           symbolic_sum_product_matches_models,
)
from .correct_float import (
                           layers_equal_rounds_on_loopy_graphs_in_float64,
                           layers_equal_rounds_on_trees_in_float64,
                           torch_modules_give_the_same_results,
                           transformer_returns_tree_marginals_in_float64,
)
from .correct_layer import (
                           gather_head_times_d_sums_real_keys,
                           heads_attend_only_to_gather_sets,
                           layer_is_one_sum_product_round,
                           layer_is_one_sum_product_round_for_more_slots,
                           layer_keeps_invariants_on_arbitrary_tokens,
                           logodds_message_is_softplus_difference,
                           sum_product_message_has_logodds_form,
)
from .correct_trees import (
                           every_round_uses_the_same_layer,
                           readout_is_sum_product_belief,
                           sum_product_is_exact_on_larger_trees,
                           sum_product_is_exact_on_trees,
                           transformer_returns_tree_marginals,
)
from .shared import WHERE

HYPOTHESES = (
    Hypothesis("positive_potentials", "every unary and pairwise potential entry is > 0 (the log-odds encoding "
                                      "takes logs of them)"),
    Hypothesis("masks_as_specified", "the encoder's masks list the gather sets the graph defines (cavity + sinks, "
                                     "full incoming set + sinks, the token itself); proved on the graphs of the "
                                     "identities, checked for every graph with ≤ 5 variables"),
    Hypothesis("exact_arithmetic", "the layers are evaluated in real arithmetic (the float64 run is a witness)"),
)
"""The hypotheses of the construction (and of the claims resting on its proofs)."""

EXISTENCE_PROOFS = (layer_is_one_sum_product_round, logodds_message_is_softplus_difference,
                    sum_product_message_has_logodds_form, gather_head_times_d_sums_real_keys,
                    heads_attend_only_to_gather_sets, layer_keeps_invariants_on_arbitrary_tokens,
                    every_round_uses_the_same_layer, sum_product_is_exact_on_trees, readout_is_sum_product_belief)
"""The deciding proofs that a transformer implements BP, exact on trees (every family of the claim's
verdict is among them, so a claim resting on them has the construction's bounds)."""

CLAIMS = [
    Claim(
        id="coppola.bp.construction.correct",
        paper=PAPER,
        where=WHERE + " (Lean transformer_implements_bp) (the project's correct construction, "
                      "lemmas.models.sum_product_transformer)",
        reading="project",
        statement=("A transformer with one token per directed edge, a masked equal-score gather head, a two-softplus "
                   "FFN and a sigmoid read-out computes, with T layers, exactly T synchronous rounds of sum-product "
                   "on any binary pairwise factor graph (given masks built as specified), and on a tree with "
                   "T ≥ diameter layers the exact marginals; the unmasked variant's gather error is at most "
                   "R·(n−1)e^−λ/(1 + (n−1)e^−λ) per slot (n keys, value range R)."),
        hypotheses=HYPOTHESES + unmasked.HYPOTHESES,
        explanation=("The paper's own weights do not implement belief propagation, so the project built a "
                     "transformer that does: one token per directed edge, a masked attention head that sums the "
                     "incoming messages and a two-unit softplus feed-forward block that computes the sum-product "
                     "message. sympy proves, on the weights the code builds, that each layer is exactly one round of "
                     "sum-product (every node degree up to 8, up to 8 rounds) and that after diameter-many layers the "
                     "read-out is the exact marginal on every tree with up to 6 variables. The same weights run "
                     "through PyTorch agree to round-off, and a variant without masks has a proved bound on its "
                     "error."),
        note=("Bounded by the families: the slot count D (the layer identity covers every sender degree ≤ D), the tree "
              "size n, and the number of rounds T of the round-independence check. 'T layers = T rounds' for every T "
              "follows by induction over T from layer_is_one_sum_product_round, "
              "layer_keeps_invariants_on_arbitrary_tokens and every_round_uses_the_same_layer (applied by hand; "
              "transformer_returns_tree_marginals composes it for trees with ≤ 3 variables). The encoder's masks are "
              "proved right on the graphs the identities use and checked, not proved, on every graph with ≤ 5 "
              "variables. The numeric unmasked check uses lemmas.models' bound R·S/(1+S), S = min((n−1)e^−λ, "
              "2e^−λ/(1−e^−3λ)), never larger than the proved count form."),
        obligations=(
            layer_is_one_sum_product_round, layer_is_one_sum_product_round_for_more_slots,
            logodds_message_is_softplus_difference, sum_product_message_has_logodds_form,
            gather_head_times_d_sums_real_keys, heads_attend_only_to_gather_sets,
            layer_keeps_invariants_on_arbitrary_tokens, encoder_masks_are_gather_sets_on_small_graphs,
            every_round_uses_the_same_layer, sum_product_is_exact_on_trees, sum_product_is_exact_on_larger_trees,
            readout_is_sum_product_belief, transformer_returns_tree_marginals,
            float_weights_are_the_proved_weights, float_encoding_is_symbolic_encoding,
            symbolic_layer_matches_float_forward, symbolic_sum_product_matches_models,
            layers_equal_rounds_on_trees_in_float64, layers_equal_rounds_on_loopy_graphs_in_float64,
            transformer_returns_tree_marginals_in_float64, torch_modules_give_the_same_results,
            unmasked.unmasked_gather_invariant_holds_for_every_k, unmasked.unmasked_gather_error_within_bound,
            unmasked.unmasked_gather_error_within_bound_up_to_12_keys,
            unmasked.measured_unmasked_gather_error_within_bound,
        ),
    ),
]
