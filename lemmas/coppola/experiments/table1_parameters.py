"""``coppola.experiments.table1.parameters``: the size of Table 1's model (§6.7, "~5,000 parameters").

Main definitions: :data:`TABLE1_ARCH` (the encoder as described), three counts of its parameters:
:func:`torch_parameter_count` (built with torch.nn), :func:`shapes_parameter_count` (its tensor
shapes), :func:`encoder_parameter_count` (a formula from the description).

Main statements:

* ``coppola.experiments.table1.parameters`` — refuted by
  :func:`described_encoder_is_far_from_5000_parameters`: the described encoder, built, is outside
  5,000 ± 50%.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction as Q

from verify import Claim, ExactEqual, refutes

from .. import PAPER
from . import quoted as qt
from .runs import quoted_text
from .table1_closed_form import TABLE1_WHERE

TABLE1_ARCH = {"input": (8, int(qt.value("table1.d_model"))), "layers": int(qt.value("table1.layers")),
               "d_model": int(qt.value("table1.d_model")), "heads": int(qt.value("table1.heads")),
               "feed_forward": 128, "norm_first": True,
               "readout": ((int(qt.value("table1.d_model")), 32), "relu", (32, 1))}
"""The encoder as described for Table 1: layers, heads and d_model from the paper; token width 8,
feed-forward 128, pre-LN and the read-out from the bayes-learner code."""
APPROX_BAND = 0.5
""""~5,000" read as 5,000 ± 50%."""


def linear_params(n_in: int, n_out: int) -> int:
    return n_in * n_out + n_out


def encoder_parameter_count(arch: dict = TABLE1_ARCH) -> dict[str, int]:
    """Count from the description: Linear(i, o) has i·o + o; a PyTorch encoder layer has the attention
    in-projection (3d × d + 3d, independent of the head count), the out-projection (d × d + d), two
    feed-forward Linears and two LayerNorms (2d each)."""
    d, ff = arch["d_model"], arch["feed_forward"]
    attention = 3 * d * d + 3 * d + linear_params(d, d)
    feed_forward = linear_params(d, ff) + linear_params(ff, d)
    norms = 2 * (2 * d)
    layer = attention + feed_forward + norms
    readout = sum(linear_params(*x) for x in arch["readout"] if isinstance(x, tuple))
    total = linear_params(*arch["input"]) + arch["layers"] * layer + readout
    return {"input": linear_params(*arch["input"]), "per_layer": layer, "attention_per_layer": attention,
            "layers": arch["layers"] * layer, "readout": readout, "total": total,
            "attention_only_all_layers": arch["layers"] * attention}


def torch_parameter_count(arch: dict = TABLE1_ARCH) -> int | None:
    """Build the described model with torch.nn and count; None when torch is not installed."""
    try:
        import torch
    except ImportError:
        return None
    d = arch["d_model"]
    layer = torch.nn.TransformerEncoderLayer(d, arch["heads"], arch["feed_forward"], dropout=0.0,
                                             batch_first=True, norm_first=arch["norm_first"])
    (i0, o0), (i1, o1), (i2, o2) = arch["input"], arch["readout"][0], arch["readout"][2]
    model = torch.nn.ModuleDict({
        "input": torch.nn.Linear(i0, o0),
        "encoder": torch.nn.TransformerEncoder(layer, arch["layers"], enable_nested_tensor=False),
        "readout": torch.nn.Sequential(torch.nn.Linear(i1, o1), torch.nn.ReLU(), torch.nn.Linear(i2, o2)),
    })
    return sum(p.numel() for p in model.parameters())


def shapes_parameter_count(arch: dict = TABLE1_ARCH) -> int:
    """A second count without torch: the tensor shapes of nn.TransformerEncoderLayer listed one by one."""
    d, ff = arch["d_model"], arch["feed_forward"]
    shapes = [(arch["input"][1], arch["input"][0]), (arch["input"][1],)]
    for _ in range(arch["layers"]):
        shapes += [(3 * d, d), (3 * d,), (d, d), (d,), (ff, d), (ff,), (d, ff), (d,), (d,), (d,), (d,), (d,)]
    for x in arch["readout"]:
        if isinstance(x, tuple):
            shapes += [(x[1], x[0]), (x[1],)]
    return sum(math.prod(s) for s in shapes)


@refutes("exact")
def described_encoder_is_far_from_5000_parameters(arch: dict = TABLE1_ARCH,
                                                  quotes: Mapping[str, str] | None = None) -> ExactEqual:
    """The parameter count of the described model, built with torch (or from its tensor shapes
    without torch), is outside 5,000 ± 50%.

    The case asks whether the count lies within the quoted "~5,000" ± 50% (the claim says yes); the
    formula count is in the evidence."""
    counts = encoder_parameter_count(arch)
    stated_text = quoted_text("table1.parameters", quotes)
    stated = qt.number(stated_text)
    lo, hi = stated * Q(1 - APPROX_BAND), stated * Q(1 + APPROX_BAND)
    tc = torch_parameter_count(arch)
    built = tc if tc is not None else shapes_parameter_count(arch)
    how = "torch.nn build" if tc is not None else "tensor-shape enumeration (torch not installed)"
    return ExactEqual([(f"the described encoder ({how}: {built:,} parameters) has {lo}..{hi} parameters "
                        f"({stated_text} read as {stated} ± 50%)", lo <= built <= hi, True)],
                      label="parameter count of the Table 1 encoder",
                      detail={"architecture": str(arch), "counted_by": how, "count": built, "formula": counts,
                              "formula_agrees": built == counts["total"], "band": [str(lo), str(hi)],
                              "with_final_layernorm": counts["total"] + 2 * arch["d_model"]})


CLAIMS = [
    Claim(
        id="coppola.experiments.table1.parameters",
        reading="as-stated",
        paper=PAPER,
        where=TABLE1_WHERE + " (model size)",
        statement=("The Table 1 model (input Linear 8→32, 2 pre-LN encoder layers, d_model 32, 2 heads, feed-forward "
                   f"128, read-out Linear 32→32, ReLU, Linear 32→1) has {qt.text('table1.parameters')} parameters "
                   "(read: ± 50%)."),
        obligations=(described_encoder_is_far_from_5000_parameters,),
        explanation=("The paper says its Table 1 model has about 5,000 parameters. Building the described encoder "
                     "(2 layers, 2 heads, width 32, the rest as in the paper's code) gives 26,785, more than five "
                     "times as many, so the stated size is wrong even read generously as 5,000 ± 50%."),
    ),
]
