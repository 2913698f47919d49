#!/usr/bin/python3
"""Records PyTorch reference values for Descent's layer, loss and initialisation parity tests.

Run with Debian's python (python3-torch 1.13), from anywhere:
    /usr/bin/python3 scripts/torch_fixtures/nn_fixtures.py
Writes into descent-core/src/test/resources/fixtures/torch/nn/:
    nn_float64.safetensors, nn_float32.safetensors   every tensor of every case, per dtype
    cases.json                                       the index: one entry per case (see below)
    init_stats.json                                  statistics of PyTorch's default initialisations
Regenerate only on purpose: TorchLayerParityTest, TorchLossParityTest and TorchInitParityTest compare
against these files, and the output is deterministic (same bytes on every run with torch 1.13).

A case is a layer (or a loss) built with the constructor arguments in its index entry ("args", torch's
names), put in "mode" (train or eval), and called on random inputs. For each dtype the file holds,
under the prefix "<case>/":
    state/<name>   parameters and buffers before the call, by state_dict name (num_batches_tracked as float)
    in/<name>      the inputs (integer class indices and boolean masks stored as 0/1-valued floats)
    out/<name>     the forward outputs
    gout/<name>    the random upstream gradient of each output (same values in both dtypes)
    gin/<name>     the gradient of each input that requires one
    gparam/<name>  the gradient of each parameter
    after/<name>   the buffers after the call (batch-norm running statistics)
The float64 run starts from float64 random values; the float32 run uses the same values rounded to
float32 and computes in float32. Seeds come from each case's name, so adding a case changes no other.
"""
import copy
import json
import math
import os
import sys
import zlib

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "safetensors_fixtures"))
from make_fixtures import le, serialize  # noqa: E402  (the project's one safetensors writer)

OUT = os.path.join(HERE, "..", "..", "descent-core", "src", "test", "resources", "fixtures", "torch", "nn")
DTYPES = {"float64": torch.float64, "float32": torch.float32}
TOLERANCE = {"float64": 1e-10, "float32": 1e-5}

torch.set_num_threads(1)
torch.use_deterministic_algorithms(True)


def seed_of(name):
    return zlib.crc32(name.encode("utf-8"))


class Inputs:
    """Named inputs of a case; kind says how each is used: float (requires grad), const, long, bool."""

    def __init__(self):
        self.items = []

    def add(self, name, value, kind="float"):
        self.items.append((name, value.to(torch.float64), kind))
        return self

    def cast(self, dtype):
        out = {}
        for name, v, kind in self.items:
            if kind == "long":
                out[name] = v.to(torch.long)
            elif kind == "bool":
                out[name] = v.to(torch.bool)
            else:
                out[name] = v.to(dtype).clone().requires_grad_(kind == "float")
        return out


CASES = []


def case(name, type_, args, inputs, forward, module=None, mode="train", call=None, kind="layer"):
    CASES.append(dict(name=name, type=type_, args=args, inputs=inputs, forward=forward, module=module,
                      mode=mode, call=call or {}, kind=kind))


def randn(*shape, scale=1.0):
    return torch.randn(*shape, dtype=torch.float64) * scale


def ints(bound, *shape):
    return torch.randint(0, bound, shape).to(torch.float64)


def perturb_norm_params(m):
    """Normalization layers start at ones/zeros; random values make their gradients informative."""
    with torch.no_grad():
        for name, p in m.named_parameters():
            p.copy_(1 + 0.5 * torch.randn_like(p) if name.endswith("weight") else 0.5 * torch.randn_like(p))
    return m


def randomize_bn_stats(m):
    """Random running statistics (variance in [0.5, 1.5]) so that eval mode and momentum both show."""
    for mod in m.modules():
        if isinstance(mod, nn.modules.batchnorm._BatchNorm) and mod.track_running_stats:
            with torch.no_grad():
                mod.running_mean.copy_(0.5 * torch.randn_like(mod.running_mean))
                mod.running_var.copy_(0.5 + torch.rand_like(mod.running_var))
                mod.num_batches_tracked.fill_(3)
            if mod.affine:
                with torch.no_grad():
                    mod.weight.copy_(1 + 0.5 * torch.randn_like(mod.weight))
                    mod.bias.copy_(0.5 * torch.randn_like(mod.bias))
    return m


def single(m, x):
    return {"output": m(x["input"])}


# ----------------------------------------------------------------------------------- layer cases
def layer(name, type_, args, module_fn, shape, mode="train", scale=1.0, prepare=None):
    """A one-input, one-output layer: module_fn() builds the torch module from args."""
    torch.manual_seed(seed_of(name))
    m = module_fn().double()
    if prepare:
        prepare(m)
    case(name, type_, args, Inputs().add("input", randn(*shape, scale=scale)), single, m, mode)


def linear_cases():
    for name, i, o, bias, shape in [("linear", 5, 4, True, (3, 5)), ("linear_nobias", 5, 4, False, (3, 5)),
                                    ("linear_3d_input", 6, 3, True, (2, 3, 6))]:
        layer(name, "Linear", dict(in_features=i, out_features=o, bias=bias), lambda: nn.Linear(i, o, bias=bias), shape)
    # large enough (m·n·k > 2^18) for Descent's packed, register-tiled GEMM rather than its direct loops
    layer("linear_large", "Linear", dict(in_features=96, out_features=80, bias=True), lambda: nn.Linear(96, 80), (40, 96))


def conv_cases():
    conv1 = [("conv1d", dict(in_channels=3, out_channels=4, kernel_size=3, stride=1, padding=0, dilation=1, groups=1, bias=True), (2, 3, 9)),
             ("conv1d_s2_p2_d2_g2_nobias", dict(in_channels=4, out_channels=6, kernel_size=3, stride=2, padding=2, dilation=2, groups=2, bias=False), (2, 4, 11))]
    for name, a, shape in conv1:
        layer(name, "Conv1d", a, lambda: nn.Conv1d(**a), shape)
    conv2 = [("conv2d", dict(in_channels=3, out_channels=4, kernel_size=[3, 3], stride=[1, 1], padding=[0, 0], dilation=[1, 1], groups=1, bias=True), (2, 3, 6, 5)),
             ("conv2d_stride2_pad1", dict(in_channels=3, out_channels=5, kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], dilation=[1, 1], groups=1, bias=True), (2, 3, 7, 6)),
             ("conv2d_dilation2", dict(in_channels=2, out_channels=3, kernel_size=[3, 3], stride=[1, 1], padding=[2, 2], dilation=[2, 2], groups=1, bias=True), (2, 2, 7, 7)),
             ("conv2d_groups2_nobias", dict(in_channels=4, out_channels=6, kernel_size=[3, 3], stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=2, bias=False), (2, 4, 5, 5)),
             ("conv2d_depthwise", dict(in_channels=3, out_channels=6, kernel_size=[3, 3], stride=[2, 2], padding=[1, 1], dilation=[1, 1], groups=3, bias=True), (2, 3, 6, 6)),
             ("conv2d_asymmetric", dict(in_channels=2, out_channels=3, kernel_size=[2, 3], stride=[2, 1], padding=[1, 0], dilation=[1, 2], groups=1, bias=True), (2, 2, 7, 8)),
             ("conv2d_1x1", dict(in_channels=5, out_channels=3, kernel_size=[1, 1], stride=[1, 1], padding=[0, 0], dilation=[1, 1], groups=1, bias=True), (3, 5, 4, 4))]
    for name, a, shape in conv2:
        layer(name, "Conv2d", a, lambda: nn.Conv2d(**a), shape)
    # string padding: "same" pads the extra element of an odd total on the right/bottom, "valid" is none
    conv1s = [("conv1d_same_even_kernel", dict(in_channels=2, out_channels=3, kernel_size=4, stride=1, padding="same", dilation=1, groups=1, bias=True), (2, 2, 7)),
              ("conv1d_same_dilation2", dict(in_channels=2, out_channels=4, kernel_size=3, stride=1, padding="same", dilation=2, groups=2, bias=False), (2, 2, 6)),
              ("conv1d_valid", dict(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding="valid", dilation=1, groups=1, bias=True), (2, 3, 8))]
    for name, a, shape in conv1s:
        layer(name, "Conv1d", a, lambda: nn.Conv1d(**a), shape)
    conv2s = [("conv2d_same_asymmetric", dict(in_channels=2, out_channels=3, kernel_size=[2, 3], stride=[1, 1], padding="same", dilation=[1, 1], groups=1, bias=True), (2, 2, 5, 6)),
              ("conv2d_same_dilated_even", dict(in_channels=2, out_channels=2, kernel_size=[3, 4], stride=[1, 1], padding="same", dilation=[2, 1], groups=1, bias=True), (2, 2, 6, 7)),
              ("conv2d_same_square", dict(in_channels=3, out_channels=4, kernel_size=[3, 3], stride=[1, 1], padding="same", dilation=[1, 1], groups=1, bias=True), (1, 3, 5, 5)),
              ("conv2d_valid", dict(in_channels=2, out_channels=3, kernel_size=[3, 2], stride=[2, 1], padding="valid", dilation=[1, 1], groups=1, bias=True), (2, 2, 7, 6))]
    for name, a, shape in conv2s:
        layer(name, "Conv2d", a, lambda: nn.Conv2d(**a), shape)
    big = dict(in_channels=16, out_channels=24, kernel_size=[3, 3], stride=[1, 1], padding=[1, 1], dilation=[1, 1], groups=1, bias=True)
    layer("conv2d_large", "Conv2d", big, lambda: nn.Conv2d(**big), (2, 16, 9, 9))  # a packed GEMM, as linear_large


def pool_cases():
    for name, a, shape in [("maxpool2d_k2", dict(kernel_size=2, stride=2, padding=0, dilation=1), (2, 3, 6, 7)),
                           ("maxpool2d_k3_s2_p1", dict(kernel_size=3, stride=2, padding=1, dilation=1), (2, 2, 7, 6)),
                           ("maxpool2d_k3_s1_p1_d2", dict(kernel_size=3, stride=1, padding=1, dilation=2), (1, 2, 8, 7))]:
        layer(name, "MaxPool2d", a, lambda: nn.MaxPool2d(**a), shape)
    for name, a, shape in [("avgpool2d_k2", dict(kernel_size=2, stride=2, padding=0, count_include_pad=True), (2, 3, 6, 7)),
                           ("avgpool2d_k3_s2_p1", dict(kernel_size=3, stride=2, padding=1, count_include_pad=True), (2, 2, 7, 6)),
                           ("avgpool2d_k3_s2_p1_exclude_pad", dict(kernel_size=3, stride=2, padding=1, count_include_pad=False), (2, 2, 7, 6))]:
        layer(name, "AvgPool2d", a, lambda: nn.AvgPool2d(**a), shape)
    # ceil_mode (the last window must start inside the input or the left padding) and non-square geometry
    for name, a, shape in [("maxpool2d_k3_s2_ceil", dict(kernel_size=3, stride=2, padding=0, dilation=1, ceil_mode=True), (2, 2, 6, 8)),
                           ("maxpool2d_k2_s2_p1_ceil_dropped_window", dict(kernel_size=2, stride=2, padding=1, dilation=1, ceil_mode=True), (1, 2, 5, 5)),
                           ("maxpool2d_k3_s2_p1_d2_ceil", dict(kernel_size=3, stride=2, padding=1, dilation=2, ceil_mode=True), (1, 2, 8, 9)),
                           ("maxpool2d_nonsquare_ceil", dict(kernel_size=[2, 3], stride=[1, 2], padding=[1, 1], dilation=[1, 1], ceil_mode=True), (2, 2, 5, 8)),
                           ("maxpool2d_nonsquare_floor", dict(kernel_size=[3, 2], stride=[2, 3], padding=[1, 0], dilation=[2, 1], ceil_mode=False), (1, 3, 7, 8))]:
        layer(name, "MaxPool2d", a, lambda: nn.MaxPool2d(**a), shape)
    for name, a, shape in [("avgpool2d_k3_s2_ceil", dict(kernel_size=3, stride=2, padding=0, count_include_pad=True, ceil_mode=True), (2, 2, 6, 8)),
                           ("avgpool2d_k3_s2_p1_ceil", dict(kernel_size=3, stride=2, padding=1, count_include_pad=True, ceil_mode=True), (2, 2, 6, 7)),
                           ("avgpool2d_k3_s2_p1_ceil_exclude_pad", dict(kernel_size=3, stride=2, padding=1, count_include_pad=False, ceil_mode=True), (2, 2, 6, 7)),
                           ("avgpool2d_k2_s2_p1_ceil_dropped_window", dict(kernel_size=2, stride=2, padding=1, count_include_pad=True, ceil_mode=True), (1, 2, 5, 5)),
                           ("avgpool2d_nonsquare_ceil", dict(kernel_size=[2, 3], stride=[3, 2], padding=[1, 1], count_include_pad=True, ceil_mode=True), (2, 2, 8, 7)),
                           ("avgpool2d_nonsquare_floor_exclude_pad", dict(kernel_size=[3, 2], stride=[1, 2], padding=[1, 1], count_include_pad=False, ceil_mode=False), (1, 2, 5, 6))]:
        layer(name, "AvgPool2d", a, lambda: nn.AvgPool2d(**a), shape)
    for name, size, shape in [("adaptive_avgpool2d_3x2_from_7x5", [3, 2], (2, 3, 7, 5)),
                              ("adaptive_avgpool2d_global", [1, 1], (2, 4, 5, 3)),
                              ("adaptive_avgpool2d_4x4_from_5x6", [4, 4], (1, 2, 5, 6))]:
        layer(name, "AdaptiveAvgPool2d", dict(output_size=size), lambda: nn.AdaptiveAvgPool2d(size), shape)


def shape_cases():
    for name, a, shape in [("flatten", dict(start_dim=1, end_dim=-1), (2, 3, 4, 2)),
                           ("flatten_1_2", dict(start_dim=1, end_dim=2), (2, 3, 4, 2)),
                           ("flatten_all", dict(start_dim=0, end_dim=-1), (2, 3, 4))]:
        layer(name, "Flatten", a, lambda: nn.Flatten(**a), shape)
    layer("identity", "Identity", {}, nn.Identity, (3, 4))


def norm_cases():
    bn1 = [("batchnorm1d_2d_train", "train", dict(num_features=4), (6, 4)),
           ("batchnorm1d_3d_train", "train", dict(num_features=3), (4, 3, 5)),
           ("batchnorm1d_3d_eval", "eval", dict(num_features=3), (4, 3, 5)),
           ("batchnorm1d_cumulative_train", "train", dict(num_features=4, momentum=None), (5, 4)),
           ("batchnorm1d_no_affine_train", "train", dict(num_features=4, affine=False), (5, 4)),
           ("batchnorm1d_untracked_train", "train", dict(num_features=4, track_running_stats=False), (5, 4)),
           ("batchnorm1d_untracked_eval", "eval", dict(num_features=4, track_running_stats=False), (5, 4))]
    for name, mode, a, shape in bn1:
        layer(name, "BatchNorm1d", a, lambda: nn.BatchNorm1d(**a), shape, mode, scale=2.0, prepare=randomize_bn_stats)
    bn2 = [("batchnorm2d_train", "train", dict(num_features=3), (4, 3, 3, 5)),
           ("batchnorm2d_eval", "eval", dict(num_features=3), (4, 3, 3, 5)),
           ("batchnorm2d_momentum03_eps1e-3_train", "train", dict(num_features=2, eps=1e-3, momentum=0.3), (3, 2, 4, 4))]
    for name, mode, a, shape in bn2:
        layer(name, "BatchNorm2d", a, lambda: nn.BatchNorm2d(**a), shape, mode, scale=2.0, prepare=randomize_bn_stats)
    for name, a, shape in [("layernorm", dict(normalized_shape=[5]), (3, 5)),
                           ("layernorm_2d_shape", dict(normalized_shape=[3, 4], eps=1e-3), (2, 3, 4)),
                           ("layernorm_no_affine", dict(normalized_shape=[6], elementwise_affine=False), (2, 3, 6))]:
        layer(name, "LayerNorm", a, lambda: nn.LayerNorm(**a), shape, scale=2.0, prepare=perturb_norm_params)
    layer("layernorm_wide", "LayerNorm", dict(normalized_shape=[100]), lambda: nn.LayerNorm(100), (8, 100), scale=2.0,
          prepare=perturb_norm_params)  # rows longer than a few vector lanes
    # torch 1.13's LayerNorm has no bias=False (2.1 added it): the same function with bias None
    layer("layernorm_no_bias", "LayerNorm", dict(normalized_shape=[5], bias=False), lambda: LayerNormNoBias(5), (3, 5),
          scale=2.0, prepare=perturb_norm_params)
    for name, a, shape in [("groupnorm", dict(num_groups=2, num_channels=6), (3, 6, 4)),
                           ("groupnorm_4d", dict(num_groups=3, num_channels=6, eps=1e-3), (2, 6, 3, 3)),
                           ("groupnorm_one_group", dict(num_groups=1, num_channels=4), (2, 4, 5)),
                           ("groupnorm_per_channel", dict(num_groups=4, num_channels=4), (2, 4, 2, 3)),
                           ("groupnorm_no_affine", dict(num_groups=2, num_channels=4, affine=False), (3, 4, 3))]:
        layer(name, "GroupNorm", a, lambda: nn.GroupNorm(**a), shape, scale=2.0, prepare=perturb_norm_params)


class LayerNormNoBias(nn.Module):
    def __init__(self, n):
        super().__init__()
        self.n = n
        self.weight = nn.Parameter(torch.ones(n))

    def forward(self, x):
        return F.layer_norm(x, (self.n,), self.weight, None, 1e-5)


def activation_cases():
    acts = [("relu", "ReLU", {}, nn.ReLU()), ("leaky_relu", "LeakyReLU", dict(negative_slope=0.2), nn.LeakyReLU(0.2)),
            ("leaky_relu_default", "LeakyReLU", dict(negative_slope=0.01), nn.LeakyReLU()),
            ("elu", "ELU", dict(alpha=0.7), nn.ELU(0.7)), ("gelu", "GELU", {}, nn.GELU()), ("silu", "SiLU", {}, nn.SiLU()),
            ("sigmoid", "Sigmoid", {}, nn.Sigmoid()), ("tanh", "Tanh", {}, nn.Tanh()),
            ("softmax_dim1", "Softmax", dict(dim=1), nn.Softmax(1)), ("softmax_dim_last", "Softmax", dict(dim=-1), nn.Softmax(-1)),
            ("softmax_dim0", "Softmax", dict(dim=0), nn.Softmax(0))]
    for name, t, a, m in acts:
        layer(name, t, a, lambda: m, (3, 4, 5), scale=2.0)
    layer("gelu_tanh", "GELU", dict(approximate="tanh"), lambda: nn.GELU(approximate="tanh"), (3, 4, 5), scale=2.0)
    for name, t, a, m in [("gelu_tanh_wide", "GELU", dict(approximate="tanh"), nn.GELU(approximate="tanh")),
                          ("gelu_wide", "GELU", {}, nn.GELU()), ("softmax_wide", "Softmax", dict(dim=-1), nn.Softmax(-1))]:
        layer(name, t, a, lambda: m, (6, 100), scale=3.0)  # rows longer than a few vector lanes


def dropout_cases():
    # eval is the identity and p = 0 in training too: exact parity. p > 0 in training draws from another
    # RNG: TorchLayerParityTest checks statistics and the mask in the gradient (dropout_stats in cases.json).
    layer("dropout_eval", "Dropout", dict(p=0.3), lambda: nn.Dropout(0.3), (4, 5), "eval")
    layer("dropout_p0_train", "Dropout", dict(p=0.0), lambda: nn.Dropout(0.0), (4, 5), "train")


def dropout_stats():
    """Torch's own keep fraction and survivor scale on a large input, for the record and the test."""
    torch.manual_seed(seed_of("dropout_stats"))
    out = []
    for p in (0.1, 0.5, 0.8):
        x = torch.ones(400, 250, dtype=torch.float64)
        y = nn.Dropout(p).train()(x)
        kept = y != 0
        out.append(dict(p=p, numel=x.numel(), zero_fraction=1 - kept.double().mean().item(),
                        survivor_scale=y[kept].mean().item(), expected_scale=1 / (1 - p)))
    return out


def embedding_cases():
    for name, a, idx_shape in [("embedding", dict(num_embeddings=7, embedding_dim=4), (3, 5)),
                               ("embedding_padding_idx", dict(num_embeddings=6, embedding_dim=3, padding_idx=1), (4, 4)),
                               ("embedding_negative_padding_idx", dict(num_embeddings=6, embedding_dim=3, padding_idx=-2), (2, 6))]:
        torch.manual_seed(seed_of(name))
        m = nn.Embedding(**a).double()
        with torch.no_grad():
            m.weight.copy_(torch.randn_like(m.weight))  # a loaded table: the padding row is not zero either
        idx = ints(a["num_embeddings"], *idx_shape)
        if "padding_idx" in a:
            idx.view(-1)[:3] = a["padding_idx"] % a["num_embeddings"]  # the padding row is looked up repeatedly
        case(name, "Embedding", a, Inputs().add("input", idx, "long"), single, m)


def recurrent_cases():
    def run_rnn(m, x):
        out, h = m(x["input"], x["h0"]) if "h0" in x else m(x["input"])
        return {"output": out, "h_n": h}

    def run_lstm(m, x):
        out, (h, c) = m(x["input"], (x["h0"], x["c0"])) if "h0" in x else m(x["input"])
        return {"output": out, "h_n": h, "c_n": c}

    specs = [
        ("rnn_tanh", "RNN", dict(input_size=3, hidden_size=4, num_layers=1, nonlinearity="tanh", bias=True, batch_first=False, dropout=0.0), (5, 2, 3), True, "train"),
        ("rnn_relu_2layers_batch_first", "RNN", dict(input_size=3, hidden_size=4, num_layers=2, nonlinearity="relu", bias=True, batch_first=True, dropout=0.0), (2, 5, 3), True, "train"),
        ("rnn_tanh_nobias_zero_state", "RNN", dict(input_size=4, hidden_size=3, num_layers=1, nonlinearity="tanh", bias=False, batch_first=False, dropout=0.0), (4, 3, 4), False, "train"),
        ("rnn_unbatched", "RNN", dict(input_size=3, hidden_size=4, num_layers=2, nonlinearity="tanh", bias=True, batch_first=False, dropout=0.0), (5, 3), True, "train"),
        ("lstm", "LSTM", dict(input_size=3, hidden_size=4, num_layers=1, bias=True, batch_first=False, dropout=0.0), (5, 2, 3), True, "train"),
        ("lstm_2layers_batch_first", "LSTM", dict(input_size=3, hidden_size=4, num_layers=2, bias=True, batch_first=True, dropout=0.0), (2, 6, 3), True, "train"),
        ("lstm_nobias_zero_state", "LSTM", dict(input_size=2, hidden_size=3, num_layers=1, bias=False, batch_first=False, dropout=0.0), (4, 3, 2), False, "train"),
        ("lstm_unbatched", "LSTM", dict(input_size=3, hidden_size=2, num_layers=1, bias=True, batch_first=False, dropout=0.0), (4, 3), True, "train"),
        ("lstm_2layers_dropout_eval", "LSTM", dict(input_size=3, hidden_size=4, num_layers=2, bias=True, batch_first=False, dropout=0.5), (4, 2, 3), True, "eval"),
        ("gru", "GRU", dict(input_size=3, hidden_size=4, num_layers=1, bias=True, batch_first=False, dropout=0.0), (5, 2, 3), True, "train"),
        ("gru_2layers_batch_first", "GRU", dict(input_size=3, hidden_size=4, num_layers=2, bias=True, batch_first=True, dropout=0.0), (2, 5, 3), True, "train"),
        ("gru_nobias_zero_state", "GRU", dict(input_size=2, hidden_size=3, num_layers=1, bias=False, batch_first=False, dropout=0.0), (4, 3, 2), False, "train"),
        ("gru_unbatched", "GRU", dict(input_size=3, hidden_size=4, num_layers=1, bias=True, batch_first=False, dropout=0.0), (5, 3), True, "train"),
        ("gru_2layers_dropout_eval", "GRU", dict(input_size=3, hidden_size=3, num_layers=2, bias=True, batch_first=False, dropout=0.5), (4, 2, 3), True, "eval"),
    ]
    bi = dict(bias=True, batch_first=False, dropout=0.0, bidirectional=True)
    specs += [
        ("rnn_bidirectional", "RNN", dict(bi, input_size=3, hidden_size=4, num_layers=1, nonlinearity="tanh"), (5, 2, 3), True, "train"),
        ("rnn_relu_bidirectional_2layers_batch_first", "RNN", dict(bi, input_size=3, hidden_size=4, num_layers=2, nonlinearity="relu", batch_first=True), (2, 5, 3), True, "train"),
        ("rnn_bidirectional_unbatched_zero_state", "RNN", dict(bi, input_size=2, hidden_size=3, num_layers=2, nonlinearity="tanh"), (4, 2), False, "train"),
        ("lstm_bidirectional", "LSTM", dict(bi, input_size=3, hidden_size=4, num_layers=1), (5, 2, 3), True, "train"),
        ("lstm_bidirectional_3layers_batch_first", "LSTM", dict(bi, input_size=3, hidden_size=3, num_layers=3, batch_first=True), (2, 4, 3), True, "train"),
        ("lstm_bidirectional_nobias_zero_state", "LSTM", dict(bi, input_size=2, hidden_size=3, num_layers=2, bias=False), (4, 3, 2), False, "train"),
        ("lstm_bidirectional_unbatched", "LSTM", dict(bi, input_size=3, hidden_size=2, num_layers=2), (4, 3), True, "train"),
        ("lstm_bidirectional_dropout_eval", "LSTM", dict(bi, input_size=3, hidden_size=4, num_layers=2, dropout=0.5), (4, 2, 3), True, "eval"),
        ("gru_bidirectional", "GRU", dict(bi, input_size=3, hidden_size=4, num_layers=1), (5, 2, 3), True, "train"),
        ("gru_bidirectional_2layers_batch_first", "GRU", dict(bi, input_size=3, hidden_size=4, num_layers=2, batch_first=True), (3, 5, 3), True, "train"),
        ("gru_bidirectional_dropout_eval", "GRU", dict(bi, input_size=3, hidden_size=3, num_layers=2, dropout=0.5), (4, 2, 3), True, "eval"),
    ]
    cls = {"RNN": nn.RNN, "LSTM": nn.LSTM, "GRU": nn.GRU}
    for name, t, a, shape, with_state, mode in specs:
        torch.manual_seed(seed_of(name))
        m = cls[t](**a).double()
        inputs = Inputs().add("input", randn(*shape))
        if with_state:
            batch = () if len(shape) == 2 else (shape[0] if a["batch_first"] else shape[1],)
            sshape = (a["num_layers"] * (2 if a.get("bidirectional") else 1),) + batch + (a["hidden_size"],)
            inputs.add("h0", randn(*sshape, scale=0.5))
            if t == "LSTM":
                inputs.add("c0", randn(*sshape, scale=0.5))
        case(name, t, a, inputs, run_lstm if t == "LSTM" else run_rnn, m, mode)


def attention_cases():
    def run_mha(m, x, call):
        q = x["query"] if "query" in x else x["input"]
        k = x["key"] if "key" in x else q
        v = x["value"] if "value" in x else q
        out, w = m(q, k, v, attn_mask=x.get("attn_mask"), key_padding_mask=x.get("key_padding_mask"),
                   need_weights=call["need_weights"], average_attn_weights=call.get("average_attn_weights", True))
        return {"output": out, "weights": w} if call["need_weights"] else {"output": out}

    E, H = 6, 2
    specs = [
        # name, args, L, S, B (None: unbatched), self, attn mask kind, key padding, need_weights, average, mode
        ("mha_self", dict(embed_dim=E, num_heads=H, dropout=0.0, bias=True, batch_first=False), 4, 4, 2, True, None, False, True, True, "train"),
        ("mha_self_causal_bool_padding", dict(embed_dim=E, num_heads=H, dropout=0.0, bias=True, batch_first=False), 5, 5, 2, True, "bool", True, True, True, "train"),
        ("mha_cross_float_mask_3d_per_head", dict(embed_dim=E, num_heads=H, dropout=0.0, bias=True, batch_first=False), 3, 5, 2, False, "float3d", False, True, False, "train"),
        ("mha_cross_batch_first_padding", dict(embed_dim=E, num_heads=3, dropout=0.0, bias=True, batch_first=True), 4, 3, 3, False, "float", True, True, True, "train"),
        ("mha_self_nobias_no_weights", dict(embed_dim=4, num_heads=1, dropout=0.0, bias=False, batch_first=True), 3, 3, 2, True, None, False, False, True, "train"),
        ("mha_unbatched_cross", dict(embed_dim=E, num_heads=H, dropout=0.0, bias=True, batch_first=False), 3, 4, None, False, "bool", True, True, True, "train"),
        ("mha_self_float_padding", dict(embed_dim=E, num_heads=H, dropout=0.0, bias=True, batch_first=True), 4, 4, 2, True, None, "float", True, True, "train"),
        ("mha_dropout_eval", dict(embed_dim=E, num_heads=H, dropout=0.3, bias=True, batch_first=False), 4, 4, 2, True, "bool", False, True, True, "eval"),
    ]
    for name, a, L, S, B, self_attn, mask, padding, need, avg, mode in specs:
        torch.manual_seed(seed_of(name))
        m = nn.MultiheadAttention(**a).double()
        with torch.no_grad():  # non-zero biases, so that their gradients and placement show
            if a["bias"]:
                m.in_proj_bias.copy_(0.3 * torch.randn_like(m.in_proj_bias))
                m.out_proj.bias.copy_(0.3 * torch.randn_like(m.out_proj.bias))
        e = a["embed_dim"]

        def seq(n):
            if B is None:
                return (n, e)
            return (B, n, e) if a["batch_first"] else (n, B, e)
        inputs = Inputs()
        if self_attn:
            inputs.add("input", randn(*seq(L)))
        else:
            inputs.add("query", randn(*seq(L))).add("key", randn(*seq(S))).add("value", randn(*seq(S)))
        if mask == "bool":
            inputs.add("attn_mask", torch.triu(torch.ones(L, S), diagonal=1 + max(0, S - L)), "bool")
        elif mask == "float":
            inputs.add("attn_mask", randn(L, S), "const")
        elif mask == "float3d":
            m3 = randn(B * a["num_heads"], L, S)
            m3[:, :, 0] = float("-inf")  # an additive -inf blocks key 0 for every query
            inputs.add("attn_mask", m3, "const")
        if padding == "float":  # an additive key padding mask: finite penalties, one key blocked by -inf
            kp = randn(B, S)
            kp[0, -1] = float("-inf")
            inputs.add("key_padding_mask", kp, "const")
        elif padding:
            kp = torch.zeros(S) if B is None else torch.zeros(B, S)
            kp[..., -1] = 1
            if B is not None:
                kp[0, 1] = 1
            inputs.add("key_padding_mask", kp, "bool")
        call = dict(self=self_attn, need_weights=need, average_attn_weights=avg,
                    attn_mask=None if mask is None else ("bool" if mask == "bool" else "float"),
                    key_padding_mask=None if not padding else ("float" if padding == "float" else "bool"))
        case(name, "MultiheadAttention", a, inputs, lambda mm, x, call=call: run_mha(mm, x, call), m, mode, call)


def transformer_cases():
    def run(m, x):
        return {"output": m(x["input"], src_mask=x.get("src_mask"), src_key_padding_mask=x.get("src_key_padding_mask"))}

    base = dict(d_model=6, nhead=2, dim_feedforward=10, dropout=0.0, activation="relu", layer_norm_eps=1e-5,
                batch_first=False, norm_first=False)
    specs = [("transformer_post_norm_relu", {}, "train", False),
             ("transformer_pre_norm_gelu", dict(activation="gelu", norm_first=True), "train", False),
             ("transformer_post_norm_gelu_masks_batch_first", dict(activation="gelu", batch_first=True), "train", True),
             ("transformer_pre_norm_relu_masks", dict(norm_first=True), "train", True),
             ("transformer_post_norm_eval_dropout", dict(dropout=0.1), "eval", True),
             ("transformer_pre_norm_gelu_eval", dict(activation="gelu", norm_first=True, dropout=0.2), "eval", False),
             # torch takes the tanh form only as a callable; "gelu_tanh" names it in the index
             ("transformer_post_norm_gelu_tanh_masks", dict(activation="gelu_tanh"), "train", True),
             ("transformer_pre_norm_gelu_tanh_batch_first", dict(activation="gelu_tanh", norm_first=True, batch_first=True), "train", False)]
    for name, over, mode, masks in specs:
        a = dict(base, **over)
        torch.manual_seed(seed_of(name))
        act = nn.GELU(approximate="tanh") if a["activation"] == "gelu_tanh" else a["activation"]
        m = nn.TransformerEncoderLayer(**dict(a, activation=act)).double()
        perturb_norm_params(m.norm1)
        perturb_norm_params(m.norm2)
        L, B = 4, 3
        inputs = Inputs().add("input", randn(*((B, L, 6) if a["batch_first"] else (L, B, 6))))
        if masks:
            inputs.add("src_mask", torch.triu(torch.ones(L, L), diagonal=1), "bool")
            kp = torch.zeros(B, L)
            kp[1, -1] = 1
            inputs.add("src_key_padding_mask", kp, "bool")
        case(name, "TransformerEncoderLayer", a, inputs, run, m, mode, dict(masks=masks))


# ------------------------------------------------------------------------- composites (torch equivalents)
class Residual(nn.Module):
    """Descent's Residual: body(x) + shortcut(x), children body and shortcut (absent: identity)."""

    def __init__(self, body, shortcut=None):
        super().__init__()
        self.body = body
        if shortcut is not None:
            self.shortcut = shortcut

    def forward(self, x):
        return self.body(x) + (self.shortcut(x) if hasattr(self, "shortcut") else x)


class BasicBlock(nn.Module):
    """torchvision's BasicBlock with ResNet-paper shortcut options A (zero-padded subsampling) and B (1x1 conv + BN)."""

    def __init__(self, cin, cout, stride, option):
        super().__init__()
        self.cin, self.cout, self.stride, self.option = cin, cout, stride, option
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        if option == "B" and (stride != 1 or cin != cout):
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x)))))
        if hasattr(self, "downsample"):
            s = self.downsample(x)
        else:
            s = x[:, :, ::self.stride, ::self.stride]
            extra = self.cout - self.cin
            s = F.pad(s, (0, 0, 0, 0, extra // 2, extra - extra // 2))
        return F.relu(y + s)


def spec(t, **a):
    return dict(type=t, args=a)


def composite_cases():
    lin = lambda i, o, b=True: (spec("Linear", in_features=i, out_features=o, bias=b), nn.Linear(i, o, bias=b))
    conv = lambda i, o, k, s, p, b: (spec("Conv2d", in_channels=i, out_channels=o, kernel_size=[k, k], stride=[s, s],
                                          padding=[p, p], dilation=[1, 1], groups=1, bias=b), nn.Conv2d(i, o, k, s, p, bias=b))
    act = lambda t, m: (spec(t), m)

    def seq(*parts):
        return spec("Sequential", layers=[p[0] for p in parts]), nn.Sequential(*[p[1] for p in parts])

    def build(name, parts_fn, shape, mode="train"):
        torch.manual_seed(seed_of(name))
        sp, m = parts_fn()
        randomize_bn_stats(m)
        case(name, sp["type"], sp["args"], Inputs().add("input", randn(*shape)), single, m.double(), mode)

    build("sequential_mlp", lambda: seq(lin(5, 8), act("ReLU", nn.ReLU()), lin(8, 3)), (4, 5))
    # no bias before the batch norm: its gradient would be 0 up to rounding noise (BN removes per-channel shifts)
    build("sequential_convnet", lambda: seq(conv(2, 4, 3, 1, 1, False),
                                            (spec("BatchNorm2d", num_features=4), nn.BatchNorm2d(4)),
                                            act("ReLU", nn.ReLU()),
                                            (spec("MaxPool2d", kernel_size=2, stride=2, padding=0, dilation=1), nn.MaxPool2d(2)),
                                            (spec("Flatten", start_dim=1, end_dim=-1), nn.Flatten()),
                                            lin(16, 3)), (3, 2, 4, 4))

    def residual(body, shortcut=None):
        a = dict(body=body[0])
        if shortcut:
            a["shortcut"] = shortcut[0]
        return spec("Residual", **a), Residual(body[1], shortcut[1] if shortcut else None)

    build("residual_identity", lambda: residual(seq(lin(4, 4), act("Tanh", nn.Tanh()), lin(4, 4))), (3, 4))
    build("residual_linear_projection", lambda: residual(seq(lin(4, 6), act("ReLU", nn.ReLU()), lin(6, 6)), lin(4, 6, False)), (3, 4))
    conv_projection = lambda: residual(seq(conv(3, 6, 3, 2, 1, False), (spec("BatchNorm2d", num_features=6), nn.BatchNorm2d(6)),
                                           act("ReLU", nn.ReLU()), conv(6, 6, 3, 1, 1, False)),
                                       seq(conv(3, 6, 1, 2, 0, False), (spec("BatchNorm2d", num_features=6), nn.BatchNorm2d(6))))
    build("residual_conv_projection_train", conv_projection, (2, 3, 6, 6))
    build("residual_conv_projection_eval", conv_projection, (2, 3, 6, 6), "eval")
    for name, cin, cout, stride, option, mode in [("basic_block_b_stride2_train", 3, 6, 2, "B", "train"),
                                                  ("basic_block_a_stride2_train", 2, 4, 2, "A", "train"),
                                                  ("basic_block_identity_eval", 3, 3, 1, "A", "eval")]:
        build(name, lambda: (spec("BasicBlock", in_channels=cin, out_channels=cout, stride=stride, shortcut=option),
                             BasicBlock(cin, cout, stride, option)), (2, cin, 6, 6), mode)


# ------------------------------------------------------------------------------------ loss cases
def loss_case(name, type_, args, inputs, fn):
    case(name, type_, args, inputs, lambda m, x: {"output": fn(x)}, None, "train", None, "loss")


def loss_cases():
    def ce(a):
        return lambda x: F.cross_entropy(x["input"], x["target"], weight=x.get("weight"), reduction=a["reduction"],
                                         ignore_index=a["ignore_index"], label_smoothing=a["label_smoothing"])

    ce_specs = [  # name, reduction, smoothing, ignore_index, weighted, logits shape, targets: index/prob, ignored count
        ("ce_mean", "mean", 0.0, -100, False, (5, 4), "index", 0),
        ("ce_sum", "sum", 0.0, -100, False, (5, 4), "index", 0),
        ("ce_none", "none", 0.0, -100, False, (5, 4), "index", 0),
        ("ce_label_smoothing", "mean", 0.1, -100, False, (6, 5), "index", 0),
        ("ce_ignore_index", "mean", 0.0, 2, False, (6, 4), "index", 2),
        ("ce_weight_ignore_smoothing", "mean", 0.2, -100, True, (6, 4), "index", 2),
        ("ce_weight_sum_none_smoothing", "none", 0.15, -100, True, (5, 3), "index", 1),
        ("ce_kdim", "mean", 0.05, -100, True, (3, 4, 5), "index", 2),
        ("ce_unbatched", "sum", 0.0, -100, False, (6,), "index", 0),
        ("ce_probabilities", "mean", 0.0, -100, False, (5, 4), "prob", 0),
        ("ce_probabilities_weight_smoothing", "sum", 0.1, -100, True, (4, 3, 2), "prob", 0),
    ]
    for name, red, ls, ign, weighted, shape, tkind, n_ignored in ce_specs:
        torch.manual_seed(seed_of(name))
        c = shape[0] if len(shape) == 1 else shape[1]
        inputs = Inputs().add("input", randn(*shape, scale=2.0))
        if tkind == "index":
            tshape = () if len(shape) == 1 else (shape[0],) + shape[2:]
            t = ints(c, *tshape)
            if n_ignored:
                t.view(-1)[:n_ignored] = ign
            inputs.add("target", t, "long")
        else:
            inputs.add("target", torch.softmax(randn(*shape), dim=1))
        if weighted:
            inputs.add("weight", 0.5 + torch.rand(c, dtype=torch.float64), "const")
        a = dict(reduction=red, label_smoothing=ls, ignore_index=ign)
        loss_case(name, "cross_entropy", a, inputs, ce(a))

    # logits far outside exp's comfortable range: both sides must stay finite and stable
    torch.manual_seed(seed_of("ce_extreme_logits"))
    inputs = Inputs().add("input", randn(5, 4, scale=40.0)).add("target", ints(4, 5), "long")
    a = dict(reduction="mean", label_smoothing=0.1, ignore_index=-100)
    loss_case("ce_extreme_logits", "cross_entropy", a, inputs, ce(a))

    for name, red, ign, weighted, shape, n_ignored in [("nll_mean", "mean", -100, False, (5, 4), 0),
                                                       ("nll_weight_ignore", "mean", 1, True, (6, 3), 2),
                                                       ("nll_sum", "sum", -100, True, (4, 5), 0),
                                                       ("nll_none_kdim", "none", 3, False, (2, 4, 3), 2)]:
        torch.manual_seed(seed_of(name))
        c = shape[1]
        inputs = Inputs().add("input", torch.log_softmax(randn(*shape), 1))
        t = ints(c, *((shape[0],) + shape[2:]))
        if n_ignored:
            t.view(-1)[:n_ignored] = ign
        inputs.add("target", t, "long")
        if weighted:
            inputs.add("weight", 0.5 + torch.rand(c, dtype=torch.float64), "const")
        a = dict(reduction=red, ignore_index=ign)
        loss_case(name, "nll_loss", a, inputs,
                  lambda x, a=a: F.nll_loss(x["input"], x["target"], weight=x.get("weight"), ignore_index=a["ignore_index"],
                                            reduction=a["reduction"]))

    pointwise = {"mse_loss": lambda x, a: F.mse_loss(x["input"], x["target"], reduction=a["reduction"]),
                 "l1_loss": lambda x, a: F.l1_loss(x["input"], x["target"], reduction=a["reduction"]),
                 "huber_loss": lambda x, a: F.huber_loss(x["input"], x["target"], reduction=a["reduction"], delta=a["delta"]),
                 "smooth_l1_loss": lambda x, a: F.smooth_l1_loss(x["input"], x["target"], reduction=a["reduction"], beta=a["beta"])}
    specs = [("mse_mean", "mse_loss", dict(reduction="mean")), ("mse_sum", "mse_loss", dict(reduction="sum")),
             ("mse_none", "mse_loss", dict(reduction="none")),
             ("l1_mean", "l1_loss", dict(reduction="mean")), ("l1_sum", "l1_loss", dict(reduction="sum")),
             ("l1_none", "l1_loss", dict(reduction="none")),
             ("huber_default_mean", "huber_loss", dict(reduction="mean", delta=1.0)),
             ("huber_delta05_sum", "huber_loss", dict(reduction="sum", delta=0.5)),
             ("huber_delta2_none", "huber_loss", dict(reduction="none", delta=2.0)),
             ("smooth_l1_default_mean", "smooth_l1_loss", dict(reduction="mean", beta=1.0)),
             ("smooth_l1_beta05_none", "smooth_l1_loss", dict(reduction="none", beta=0.5)),
             ("smooth_l1_beta0_sum", "smooth_l1_loss", dict(reduction="sum", beta=0.0))]
    for name, t, a in specs:
        torch.manual_seed(seed_of(name))
        inputs = Inputs().add("input", randn(4, 5, scale=1.5)).add("target", randn(4, 5, scale=1.5))
        loss_case(name, t, a, inputs, lambda x, t=t, a=a: pointwise[t](x, a))

    for name, red, weighted, pos in [("bce_logits_mean", "mean", False, False), ("bce_logits_none", "none", False, False),
                                     ("bce_logits_weight_sum", "sum", True, False), ("bce_logits_pos_weight_mean", "mean", False, True),
                                     ("bce_logits_weight_pos_weight_none", "none", True, True)]:
        torch.manual_seed(seed_of(name))
        inputs = Inputs().add("input", randn(4, 3, scale=3.0)).add("target", torch.rand(4, 3, dtype=torch.float64))
        if weighted:
            inputs.add("weight", torch.rand(4, 3, dtype=torch.float64), "const")
        if pos:  # torch 1.13 gives pos_weight no gradient (not differentiable there), so it is a constant here
            inputs.add("pos_weight", 0.5 + 2 * torch.rand(3, dtype=torch.float64), "const")
        a = dict(reduction=red)
        loss_case(name, "binary_cross_entropy_with_logits", a, inputs,
                  lambda x, a=a: F.binary_cross_entropy_with_logits(x["input"], x["target"], weight=x.get("weight"),
                                                                    pos_weight=x.get("pos_weight"), reduction=a["reduction"]))
    torch.manual_seed(seed_of("bce_logits_extreme"))  # |x| up to ~100: softplus's linear range (x > 20) on both sides
    inputs = Inputs().add("input", randn(4, 3, scale=40.0)).add("target", torch.rand(4, 3, dtype=torch.float64)) \
        .add("pos_weight", 0.5 + 2 * torch.rand(3, dtype=torch.float64), "const")
    loss_case("bce_logits_extreme", "binary_cross_entropy_with_logits", dict(reduction="none"), inputs,
              lambda x: F.binary_cross_entropy_with_logits(x["input"], x["target"], pos_weight=x["pos_weight"], reduction="none"))
    # a weight of one row, broadcast over the batch
    torch.manual_seed(seed_of("bce_logits_broadcast_weight_mean"))
    inputs = Inputs().add("input", randn(4, 3, scale=3.0)).add("target", torch.rand(4, 3, dtype=torch.float64)) \
        .add("weight", torch.rand(3, dtype=torch.float64), "const")
    loss_case("bce_logits_broadcast_weight_mean", "binary_cross_entropy_with_logits", dict(reduction="mean"), inputs,
              lambda x: F.binary_cross_entropy_with_logits(x["input"], x["target"], weight=x["weight"]))
    # Descent differentiates pos_weight, torch 1.13 refuses to: the reference is torch's autograd through the
    # documented formula (1 - y)·x + (1 + (pw - 1)·y)·softplus(-x), weighted and summed
    torch.manual_seed(seed_of("bce_logits_pos_weight_gradient"))
    inputs = Inputs().add("input", randn(5, 3, scale=3.0)).add("target", torch.rand(5, 3, dtype=torch.float64)) \
        .add("weight", torch.rand(5, 3, dtype=torch.float64), "const").add("pos_weight", 0.5 + 2 * torch.rand(3, dtype=torch.float64))
    loss_case("bce_logits_pos_weight_gradient", "binary_cross_entropy_with_logits", dict(reduction="sum"), inputs,
              lambda x: (x["weight"] * ((1 - x["target"]) * x["input"]
                                        + (1 + (x["pos_weight"] - 1) * x["target"]) * F.softplus(-x["input"]))).sum())


# ----------------------------------------------------------------------------------- recording
def floats(t):
    return t.detach().to(torch.float64)


def record(c, dtype_name, gouts, tensors):
    dtype = DTYPES[dtype_name]
    m = None
    if c["module"] is not None:
        m = copy.deepcopy(c["module"]).to(dtype)
        m.train(c["mode"] == "train")
    x = c["inputs"].cast(dtype)
    p = c["name"] + "/"
    st = {}
    if m is not None:
        st = {k: v.detach().clone() for k, v in m.state_dict().items()}
    outs = c["forward"](m, x)
    outs = {k: v for k, v in outs.items() if v is not None}
    if not gouts:
        g = torch.Generator().manual_seed(seed_of(c["name"] + "/gout"))
        for k, v in outs.items():
            gouts[k] = torch.randn(v.shape, dtype=torch.float64, generator=g)
    differentiable = [k for k in outs if outs[k].requires_grad]
    torch.autograd.backward([outs[k] for k in differentiable], [gouts[k].to(dtype) for k in differentiable])

    def put(name, t):
        tensors.append((p + name, t))

    for k, v in st.items():
        put("state/" + k, floats(v))
    for name, v in x.items():
        put("in/" + name, floats(v))
        if v.requires_grad:
            put("gin/" + name, floats(v.grad))
    for k, v in outs.items():
        put("out/" + k, floats(v))
        put("gout/" + k, gouts[k])
    params = []
    if m is not None:
        for k, v in m.named_parameters():
            put("gparam/" + k, floats(v.grad if v.grad is not None else torch.zeros_like(v)))
            params.append(k)
        for k, v in m.named_buffers():
            put("after/" + k, floats(v))
    return dict(outputs=list(outs), params=params, buffers=[k for k, _ in (m.named_buffers() if m is not None else [])])


def init_stats():
    """Default initialisation of each parameter kind: moments of many draws from one big layer."""
    torch.manual_seed(seed_of("init_stats"))
    specs = [("Linear", dict(in_features=300, out_features=1000, bias=True), lambda a: nn.Linear(**a)),
             ("Conv1d", dict(in_channels=8, out_channels=2000, kernel_size=5, stride=1, padding=0, dilation=1, groups=1, bias=True), lambda a: nn.Conv1d(**a)),
             ("Conv2d", dict(in_channels=16, out_channels=2000, kernel_size=[3, 3], stride=[1, 1], padding=[0, 0], dilation=[1, 1], groups=4, bias=True), lambda a: nn.Conv2d(**a)),
             ("Embedding", dict(num_embeddings=2000, embedding_dim=50, padding_idx=3), lambda a: nn.Embedding(**a)),
             ("RNN", dict(input_size=30, hidden_size=100, num_layers=2, nonlinearity="tanh", bias=True, batch_first=False, dropout=0.0), lambda a: nn.RNN(**a)),
             ("LSTM", dict(input_size=20, hidden_size=64, num_layers=1, bias=True, batch_first=False, dropout=0.0), lambda a: nn.LSTM(**a)),
             ("GRU", dict(input_size=40, hidden_size=80, num_layers=1, bias=True, batch_first=False, dropout=0.0), lambda a: nn.GRU(**a)),
             ("MultiheadAttention", dict(embed_dim=128, num_heads=4, dropout=0.0, bias=True, batch_first=False), lambda a: nn.MultiheadAttention(**a)),
             ("BatchNorm2d", dict(num_features=7), lambda a: nn.BatchNorm2d(**a)),
             ("LayerNorm", dict(normalized_shape=[5]), lambda a: nn.LayerNorm(**a)),
             ("GroupNorm", dict(num_groups=2, num_channels=6), lambda a: nn.GroupNorm(**a)),
             ("TransformerEncoderLayer", dict(d_model=32, nhead=4, dim_feedforward=64, dropout=0.1, activation="relu",
                                              layer_norm_eps=1e-5, batch_first=False, norm_first=False), lambda a: nn.TransformerEncoderLayer(**a))]
    out = []
    for t, a, make in specs:
        m = make(a).double()
        entries = {}
        for k, v in list(m.named_parameters()) + list(m.named_buffers()):
            v = v.detach().double().flatten()
            if t == "Embedding":  # the padding row is zero; the rest is N(0, 1)
                entries[k + "[padding_row]"] = stats(m.weight.detach()[a["padding_idx"]].double())
                v = torch.cat([m.weight.detach()[:a["padding_idx"]], m.weight.detach()[a["padding_idx"] + 1:]]).double().flatten()
            entries[k] = stats(v)
            entries[k]["bound"] = bound_of(m, t, k, v)
        out.append(dict(type=t, args=a, params=entries))
    return out


def stats(v):
    v = v.flatten()
    mean = v.mean().item()
    return dict(numel=v.numel(), mean=mean, var=v.var(unbiased=False).item(), m4=((v - mean) ** 4).mean().item(),
                min=v.min().item(), max=v.max().item())


def bound_of(m, t, name, v):
    """The bound of a uniform initialisation from torch.nn.init's own formulas (None: not uniform)."""
    init = torch.nn.init
    if t in ("RNN", "LSTM", "GRU"):
        b = 1.0 / math.sqrt(m.hidden_size)
    elif name in ("in_proj_weight", "self_attn.in_proj_weight"):
        fan_in, fan_out = init._calculate_fan_in_and_fan_out(dict(m.named_parameters())[name])
        b = math.sqrt(6.0 / (fan_in + fan_out))
    elif name.endswith("in_proj_bias") or name.endswith("out_proj.bias") or t in ("Embedding", "BatchNorm2d", "LayerNorm", "GroupNorm") \
            or "norm" in name:
        return None
    else:  # kaiming_uniform(a=√5) for weights, and its fan_in bound for the biases
        owner = name.rsplit(".", 1)[0] if "." in name else ""
        w = dict(m.named_parameters())[(owner + "." if owner else "") + "weight"]
        fan_in, _ = init._calculate_fan_in_and_fan_out(w)
        b = init.calculate_gain("leaky_relu", math.sqrt(5)) * math.sqrt(3.0 / fan_in)
    assert v.abs().max().item() <= b, (t, name)
    return b


def main():
    for fn in (linear_cases, conv_cases, pool_cases, shape_cases, norm_cases, activation_cases, dropout_cases,
               embedding_cases, recurrent_cases, attention_cases, transformer_cases, composite_cases, loss_cases):
        fn()
    names = [c["name"] for c in CASES]
    assert len(names) == len(set(names)), "duplicate case names"
    files = {d: [] for d in DTYPES}
    index = []
    for c in CASES:
        gouts = {}
        info = None
        for d in DTYPES:
            info = record(c, d, gouts, files[d])
        index.append(dict(name=c["name"], kind=c["kind"], type=c["type"], args=c["args"], mode=c["mode"], call=c["call"],
                          inputs=[dict(name=n, kind=k) for n, _, k in c["inputs"].items], **info))
    os.makedirs(OUT, exist_ok=True)
    for d, tensors in files.items():
        code = "F64" if d == "float64" else "F32"
        np_dtype = np.float64 if d == "float64" else np.float32
        items = [(n, code, list(t.shape), le(t.numpy(), np_dtype)) for n, t in tensors]
        with open(os.path.join(OUT, "nn_%s.safetensors" % d), "wb") as f:
            f.write(serialize(items, {"producer": "scripts/torch_fixtures/nn_fixtures.py", "torch": torch.__version__}))
    with open(os.path.join(OUT, "cases.json"), "w") as f:
        json.dump(dict(torch=torch.__version__, tolerance=TOLERANCE, dropout_stats=dropout_stats(), cases=index), f, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "init_stats.json"), "w") as f:
        json.dump(dict(torch=torch.__version__, layers=init_stats()), f, indent=1)
        f.write("\n")
    print("%d cases, files in %s" % (len(index), os.path.normpath(OUT)))


if __name__ == "__main__":
    main()
