"""``coppola.uniqueness.*``: "a sigmoid transformer that produces exact posteriors necessarily has BP weights".

The paper (Coppola Thm 1.4 = Thm 6.2): FFN part, σ(w0·a + w1·b + c) = σ(a + b) for all reals a, b
forces (w0, w1, c) = (1, 1, 0); attention part, exact routing forces W_Q = W_K = projectDim(d),
W_V = crossProject(s, d) (projectDim(d)[i][j] = [i = d ∧ j = d], crossProject(s, d)[i][j] =
[i = d ∧ j = s], :mod:`lemmas.models.paper_construction`).

Main statements:

* :mod:`.ffn_weights` — ``coppola.uniqueness.ffn`` (the FFN part).
* :mod:`.attention_weights` — ``coppola.uniqueness.attention`` (the attention part, literal) with
  ``.hypothesis_met`` (its premise can be met), ``.same_attention`` (premise weakened to "the same
  scores as the §7 head") and ``.reparametrization`` (the score symmetry W_Q → cR·W_Q,
  W_K → (1/c)R^{−T}·W_K).
"""
