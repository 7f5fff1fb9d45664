"""The mathematical objects the claims talk about (no ``CLAIMS`` here: claim modules import from it).

* :mod:`.factor_graph` — binary pairwise factor graphs, JSON format and loader, generators;
* :mod:`.exact` — exact marginals by enumeration (float and Fraction);
* :mod:`.bp` — sum-product (float, batched, Fraction), loopy BP with metadata, the paper's BP,
  updateBelief and its fold;
* :mod:`.transformer` — the one generic transformer architecture (numpy, float64);
* :mod:`.sum_product_transformer` — weights making each layer one sum-product round (masked and
  unmasked variants), the proved unmasked gather bound, symbolic-ready identities;
* :mod:`.construction_symbolic` — the masked construction's own weights as exact numbers, a sympy
  forward pass, symbolic sum-product and enumeration (what the proofs of ``.correct`` evaluate);
* :mod:`.paper_construction` — [C]'s §7 construction, faithfully;
* :mod:`.torch_check` — the same weights through torch.nn (optional dependency, imported lazily);
* :mod:`.witness_bp` — the ``verify witness bp`` command.

Nothing here imports the ``verify`` engine: claim modules import from here, not the reverse.
"""
from __future__ import annotations

from .bp import (DirectedEdges, ExactLoopyBPResult, LoopyBPResult, directed_edges, loopy_belief_propagation,
                 loopy_belief_propagation_exact, paper_bp,
                 stack_graphs, sum_product_batch, sum_product_marginals, sum_product_marginals_exact,
                 sum_product_messages, sum_product_scalar, update_belief)
from .exact import exact_marginals, exact_marginals_fraction, log_partition
from .factor_graph import (FactorGraph, GraphFormatError, GraphStructure, PairwiseFactor, complete_graph, diameters,
                           from_edges, graph_from_dict, graph_from_json, graph_to_dict, graph_to_json, grid_graph,
                           ising_graph, load_graph, paper_counterexample, random_graph, random_tables, random_tree,
                           read_graph)
from .paper_construction import (PaperGather, PaperState, cross_project, encode_paper_state,
                                 fit_update_belief_relu, paper_gather, paper_state, paper_transformer,
                                 paper_transformer_beliefs, paper_transformer_round, project_dim)
from .sum_product_transformer import (DEFAULT_UNMASKED_LAM, LAYOUT, EncodedBatch, GatherMeasurement,
                                      build_sum_product_transformer, encode_graphs, factor_message_logodds,
                                      factor_message_softplus, masked_mean_gather, measure_gather,
                                      run_sum_product_transformer, softplus_linear_identity, transformer_marginals_grouped,
                                      sum_product_message_ratio, transformer_marginals, transformer_messages,
                                      unmasked_gather_error_bound, unmasked_gather_weight_bound)
from .transformer import (AllMaskedRowError, AttentionHead, FeedForward, MultiHeadAttention, Transformer,
                          sigmoid, softplus)

import types as _types

__all__ = sorted(name for name, value in dict(globals()).items()
                 if not name.startswith("_") and name != "annotations" and not isinstance(value, _types.ModuleType))
