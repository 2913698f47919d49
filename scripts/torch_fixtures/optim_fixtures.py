#!/usr/bin/python3
"""Records PyTorch reference trajectories for Descent's optimizer parity tests.

Run with Debian's python (python3-torch 1.13):
    /usr/bin/python3 scripts/torch_fixtures/optim_fixtures.py
Writes descent-core/src/test/resources/fixtures/torch/{optim_trajectories,optim_mlp,optim_schedules,optim_clip}.json.
Regenerate only on purpose: the tests compare against these files.

Which torch code path produced what ("path" field of every run):
  single      torch.optim.X(..., foreach=False): the 1.13 single-tensor loop, whose order of floating-point
              operations Descent copies. Semantics equal 2.x's except where noted below.
  foreach     torch.optim.NAdam(..., foreach=True): 1.13's multi-tensor NAdam has the correct (2.x) formula
              1 - mu_product*mu_next; the 1.13 single-tensor path has the double-mu bug (PR #92699).
  emulated-2.x  2.x-only options emulated exactly around a 1.13 step: maximize = negate p.grad first;
              decoupled_weight_decay = p.mul_(1 - lr*wd) under no_grad, then the 1.13 step with wd=0
              (this is literally what 2.x's NAdam/RAdam do with those flags, before the rest of the update).
  The 2-D test functions feed gradients computed analytically with Python floats (same formula and
  operation order as the Java test), so any difference comes from the optimizer, not from autograd.
  SGD gets an explicit lr (1.13 requires it; 2.x defaults to 1e-3). zero_grad uses set_to_none=True (2.x).
"""
import json
import math
import os
import sys

import torch

torch.set_default_dtype(torch.float64)   # ASGD's eta/mu and NAdam's mu_product are default-dtype tensors
torch.set_num_threads(1)

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "descent-core", "src", "test", "resources", "fixtures", "torch")
STEPS = 150
# recorded steps: every step up to 20, then every 10th (the trajectory is deterministic, so a drift
# anywhere shows up in the next recorded step)
RECORD = [k for k in range(1, STEPS + 1) if k <= 20 or k % 10 == 0]


# ----------------------------------------------------------------- test functions (value, d/dx, d/dy)
def rosenbrock(x, y):
    a = 1.0 - x
    b = y - x * x
    return a * a + 100.0 * b * b, -2.0 * a - 400.0 * x * b, 200.0 * b


def quadratic(x, y):           # kappa = 100
    return 0.5 * (x * x + 100.0 * y * y), x, 100.0 * y


def himmelblau(x, y):
    a = x * x + y - 11.0
    b = x + y * y - 7.0
    return a * a + b * b, 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


def beale(x, y):
    t1 = 1.5 - x + x * y
    t2 = 2.25 - x + x * y * y
    t3 = 2.625 - x + x * y * y * y
    f = t1 * t1 + t2 * t2 + t3 * t3
    gx = 2.0 * t1 * (y - 1.0) + 2.0 * t2 * (y * y - 1.0) + 2.0 * t3 * (y * y * y - 1.0)
    gy = 2.0 * t1 * x + 2.0 * t2 * (2.0 * x * y) + 2.0 * t3 * (3.0 * x * y * y)
    return f, gx, gy


FUNCTIONS = {
    "rosenbrock": (rosenbrock, (-1.5, 2.0)),
    "quadratic": (quadratic, (1.0, 1.0)),
    "himmelblau": (himmelblau, (0.5, -1.0)),
    "beale": (beale, (1.0, 1.0)),
}

# ----------------------------------------------------------------- settings
# (descent algorithm name, torch class, torch kwargs, descent hyperparameters, path, 2.x emulation)
S = []


def setting(name, cls, torch_kw, java_kw, path="single", emulate=None):
    S.append(dict(name=name, cls=cls, torch=torch_kw, java=java_kw, path=path, emulate=emulate or {}))


O = torch.optim
setting("SGD", O.SGD, dict(lr=2e-4), dict(lr=2e-4))
setting("SGD", O.SGD, dict(lr=2e-4, momentum=0.9), dict(lr=2e-4, momentum=0.9))
setting("SGD", O.SGD, dict(lr=2e-4, momentum=0.9, nesterov=True, weight_decay=0.01),
        dict(lr=2e-4, momentum=0.9, nesterov=True, weightDecay=0.01))
setting("SGD", O.SGD, dict(lr=1e-4, momentum=0.5, dampening=0.3, maximize=True),
        dict(lr=1e-4, momentum=0.5, dampening=0.3, maximize=True))
setting("Adagrad", O.Adagrad, dict(lr=0.1), dict(lr=0.1))
setting("Adagrad", O.Adagrad, dict(lr=0.1, lr_decay=0.01, weight_decay=0.01, initial_accumulator_value=0.1),
        dict(lr=0.1, lrDecay=0.01, weightDecay=0.01, initialAccumulatorValue=0.1))
setting("Adagrad", O.Adagrad, dict(lr=0.05, eps=1e-6, maximize=True), dict(lr=0.05, eps=1e-6, maximize=True))
setting("RMSprop", O.RMSprop, dict(lr=1e-3), dict(lr=1e-3))
setting("RMSprop", O.RMSprop, dict(lr=1e-3, momentum=0.9, centered=True), dict(lr=1e-3, momentum=0.9, centered=True))
setting("RMSprop", O.RMSprop, dict(lr=1e-3, alpha=0.9, weight_decay=0.01, maximize=True),
        dict(lr=1e-3, alpha=0.9, weightDecay=0.01, maximize=True))
setting("Adadelta", O.Adadelta, dict(lr=1.0), dict(lr=1.0))
setting("Adadelta", O.Adadelta, dict(lr=0.5, rho=0.95, weight_decay=0.01, maximize=True),
        dict(lr=0.5, rho=0.95, weightDecay=0.01, maximize=True))
setting("Adam", O.Adam, dict(lr=1e-2), dict(lr=1e-2))
setting("Adam", O.Adam, dict(lr=1e-2, amsgrad=True, weight_decay=0.01), dict(lr=1e-2, amsgrad=True, weightDecay=0.01))
setting("Adam", O.Adam, dict(lr=1e-2, betas=(0.8, 0.99), eps=1e-6, maximize=True),
        dict(lr=1e-2, beta1=0.8, beta2=0.99, eps=1e-6, maximize=True))
setting("AdamW", O.AdamW, dict(lr=1e-2), dict(lr=1e-2))
setting("AdamW", O.AdamW, dict(lr=1e-2, weight_decay=0.1, amsgrad=True), dict(lr=1e-2, weightDecay=0.1, amsgrad=True))
setting("Adamax", O.Adamax, dict(lr=2e-2), dict(lr=2e-2))
setting("Adamax", O.Adamax, dict(lr=1e-2, weight_decay=0.01, maximize=True), dict(lr=1e-2, weightDecay=0.01, maximize=True))
setting("NAdam", O.NAdam, dict(lr=1e-2, foreach=True), dict(lr=1e-2), path="foreach")
setting("NAdam", O.NAdam, dict(lr=1e-2, weight_decay=0.01, momentum_decay=8e-3, foreach=True),
        dict(lr=1e-2, weightDecay=0.01, momentumDecay=8e-3), path="foreach")
setting("NAdam", O.NAdam, dict(lr=1e-2, foreach=True), dict(lr=1e-2, weightDecay=0.05, decoupledWeightDecay=True,
        maximize=True), path="foreach+emulated-2.x", emulate=dict(maximize=True, decoupled=0.05))
setting("RAdam", O.RAdam, dict(lr=1e-2), dict(lr=1e-2))
setting("RAdam", O.RAdam, dict(lr=1e-2, weight_decay=0.01), dict(lr=1e-2, weightDecay=0.01))
setting("RAdam", O.RAdam, dict(lr=1e-2), dict(lr=1e-2, weightDecay=0.05, decoupledWeightDecay=True, maximize=True),
        path="single+emulated-2.x", emulate=dict(maximize=True, decoupled=0.05))
setting("ASGD", O.ASGD, dict(lr=1e-3), dict(lr=1e-3))
setting("ASGD", O.ASGD, dict(lr=1e-3, lambd=1e-3, alpha=0.5, t0=50, weight_decay=0.01, maximize=True),
        dict(lr=1e-3, lambd=1e-3, alpha=0.5, t0=50, weightDecay=0.01, maximize=True))
setting("Rprop", O.Rprop, dict(lr=1e-2), dict(lr=1e-2))
setting("Rprop", O.Rprop, dict(lr=1e-3, etas=(0.4, 1.5), step_sizes=(1e-5, 1.0), maximize=True),
        dict(lr=1e-3, etaMinus=0.4, etaPlus=1.5, stepSizeMin=1e-5, stepSizeMax=1.0, maximize=True))

LBFGS_SETTINGS = [
    (dict(lr=1), dict(lr=1)),
    (dict(lr=1, line_search_fn="strong_wolfe"), dict(lr=1, lineSearch="strong_wolfe")),
    (dict(lr=0.5, max_iter=5, history_size=3), dict(lr=0.5, maxIter=5, maxEval=6, historySize=3)),
    (dict(lr=1, max_iter=7, history_size=4, line_search_fn="strong_wolfe"),
     dict(lr=1, maxIter=7, maxEval=8, historySize=4, lineSearch="strong_wolfe")),
]
LBFGS_CALLS = 15


def objective(fn, maximize):
    if not maximize:
        return fn
    def neg(x, y):           # maximize -f: same landscape, ascent direction
        f, gx, gy = fn(x, y)
        return -f, -gx, -gy
    return neg


def run(s, fname):
    fn, start = FUNCTIONS[fname]
    maximize = bool(s["java"].get("maximize", False))
    obj = objective(fn, maximize)
    p = torch.tensor(list(start), dtype=torch.float64, requires_grad=True)
    opt = s["cls"]([p], **fix_kwargs(s))
    em = s["emulate"]
    xs, ys, losses = [], [], []
    for k in range(1, STEPS + 1):
        opt.zero_grad(set_to_none=True)
        x, y = p.detach()[0].item(), p.detach()[1].item()
        f, gx, gy = obj(x, y)
        g = torch.tensor([gx, gy], dtype=torch.float64)
        if em.get("maximize"):
            g = -g                       # 2.x: grad = -grad first
        p.grad = g
        with torch.no_grad():
            if em.get("decoupled"):
                p.mul_(1 - opt.param_groups[0]["lr"] * em["decoupled"])
        opt.step()
        if k in RECORD:
            xs.append(p[0].item())
            ys.append(p[1].item())
            losses.append(f)
        if not (math.isfinite(p[0].item()) and math.isfinite(p[1].item())):
            sys.exit(f"non-finite trajectory: {s['name']} {s['torch']} on {fname} at step {k}")
    return dict(algorithm=s["name"], function=fname, path=s["path"], hyper=s["java"], torch_kwargs=kw_repr(s["torch"]),
                start=list(start), steps=RECORD, x=xs, y=ys, loss_before_step=losses)


def fix_kwargs(s):
    kw = dict(s["torch"])
    if "foreach" not in kw and s["cls"] is not O.LBFGS:
        kw["foreach"] = False
    return kw


def kw_repr(kw):
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in kw.items()}


def run_lbfgs(tkw, jkw, fname):
    fn, start = FUNCTIONS[fname]
    p = torch.tensor(list(start), dtype=torch.float64, requires_grad=True)
    opt = O.LBFGS([p], **tkw)

    def closure():
        opt.zero_grad(set_to_none=True)
        x, y = p.detach()[0].item(), p.detach()[1].item()
        f, gx, gy = fn(x, y)
        p.grad = torch.tensor([gx, gy], dtype=torch.float64)
        return torch.tensor(f, dtype=torch.float64)

    xs, ys, losses, evals = [], [], [], []
    for k in range(LBFGS_CALLS):
        loss = opt.step(closure)
        xs.append(p[0].item())
        ys.append(p[1].item())
        losses.append(float(loss))
        evals.append(opt.state[p].get("func_evals", 0))
    return dict(algorithm="LBFGS", function=fname, path="single", hyper=jkw, torch_kwargs=tkw, start=list(start),
                steps=list(range(1, LBFGS_CALLS + 1)), x=xs, y=ys, loss_returned=losses, func_evals=evals)


def trajectories():
    runs = []
    for s in S:
        for fname in FUNCTIONS:
            runs.append(run(s, fname))
    for tkw, jkw in LBFGS_SETTINGS:
        for fname in FUNCTIONS:
            runs.append(run_lbfgs(tkw, jkw, fname))
    return runs


# ----------------------------------------------------------------- MLP in float32
def mlp():
    torch.set_default_dtype(torch.float32)
    g = torch.Generator().manual_seed(1234)
    n, d_in, d_h, d_out = 16, 4, 8, 3
    X = torch.randn(n, d_in, generator=g)
    Y = torch.randint(0, d_out, (n,), generator=g)
    W1 = (torch.randn(d_h, d_in, generator=g) * 0.5)
    b1 = (torch.randn(d_h, generator=g) * 0.1)
    W2 = (torch.randn(d_out, d_h, generator=g) * 0.5)
    b2 = (torch.randn(d_out, generator=g) * 0.1)
    out = dict(description="4-8-3 MLP, tanh, loss = mean over rows of -(log_softmax(logits))[y]; "
                           "h = tanh(X W1^T + b1), logits = h W2^T + b2; float32; 20 steps each",
               X=X.flatten().tolist(), Y=Y.tolist(), shapes=dict(X=[n, d_in], W1=[d_h, d_in], b1=[d_h],
               W2=[d_out, d_h], b2=[d_out]),
               init=dict(W1=W1.flatten().tolist(), b1=b1.tolist(), W2=W2.flatten().tolist(), b2=b2.tolist()), runs=[])
    for name, make, hyper in [
        ("Adam", lambda ps: O.Adam(ps, lr=1e-2, foreach=False), dict(lr=1e-2)),
        ("SGD", lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, foreach=False), dict(lr=0.1, momentum=0.9)),
    ]:
        ps = [t.clone().requires_grad_(True) for t in (W1, b1, W2, b2)]
        opt = make(ps)
        losses, params = [], []
        for k in range(20):
            opt.zero_grad(set_to_none=True)
            h = torch.tanh(X @ ps[0].t() + ps[1])
            logits = h @ ps[2].t() + ps[3]
            logp = torch.log_softmax(logits, dim=1)
            loss = -logp[torch.arange(n), Y].mean()
            loss.backward()
            opt.step()
            losses.append(loss.item())
            params.append([v for t in ps for v in t.detach().flatten().tolist()])
        out["runs"].append(dict(algorithm=name, hyper=hyper, path="single", loss_before_step=losses,
                                params_after_step=params))
    torch.set_default_dtype(torch.float64)
    return out


# ----------------------------------------------------------------- schedules
def schedules():
    from torch.optim import lr_scheduler as L
    res = []

    def record(name, params, make, n=100, opt_kind="sgd", metrics=None, extra=None):
        p = torch.zeros(1, requires_grad=True)
        if opt_kind == "sgd":
            opt = O.SGD([p], lr=1.0, momentum=0.9)
        else:
            opt = O.Adam([p], lr=1.0)
        sched = make(opt)
        lrs = [opt.param_groups[0]["lr"]]
        mom = [opt.param_groups[0]["momentum"] if opt_kind == "sgd" else opt.param_groups[0]["betas"][0]]
        for k in range(n):
            opt.step()
            if metrics is not None:
                sched.step(metrics[k])
            else:
                sched.step()
            lrs.append(opt.param_groups[0]["lr"])
            mom.append(opt.param_groups[0]["momentum"] if opt_kind == "sgd" else opt.param_groups[0]["betas"][0])
        d = dict(name=name, params=params, base_lr=1.0, optimizer=opt_kind, lr=lrs)
        if name.startswith("OneCycleLR"):
            d["momentum" if opt_kind == "sgd" else "beta1"] = mom
        if metrics is not None:
            d["metrics"] = metrics[:n]
        res.append(d)

    record("StepLR", dict(stepSize=7, gamma=0.5), lambda o: L.StepLR(o, 7, 0.5))
    record("MultiStepLR", dict(milestones=[10, 25, 25, 60], gamma=0.3), lambda o: L.MultiStepLR(o, [10, 25, 25, 60], 0.3))
    record("ExponentialLR", dict(gamma=0.97), lambda o: L.ExponentialLR(o, 0.97))
    record("CosineAnnealingLR", dict(tMax=30, etaMin=0.01), lambda o: L.CosineAnnealingLR(o, 30, 0.01))
    record("CosineAnnealingLR", dict(tMax=4, etaMin=0.0), lambda o: L.CosineAnnealingLR(o, 4))
    record("CosineAnnealingWarmRestarts", dict(t0=10, tMult=2, etaMin=0.001),
           lambda o: L.CosineAnnealingWarmRestarts(o, 10, 2, 0.001))
    record("CosineAnnealingWarmRestarts", dict(t0=7, tMult=1, etaMin=0.0), lambda o: L.CosineAnnealingWarmRestarts(o, 7))
    record("LinearLR", dict(startFactor=0.25, endFactor=1.0, totalIters=20), lambda o: L.LinearLR(o, 0.25, 1.0, 20))
    record("LinearLR", dict(startFactor=1.0, endFactor=0.1, totalIters=50), lambda o: L.LinearLR(o, 1.0, 0.1, 50))
    record("OneCycleLR", dict(maxLr=1.0, totalSteps=101), lambda o: L.OneCycleLR(o, max_lr=1.0, total_steps=101))
    record("OneCycleLR", dict(maxLr=0.5, totalSteps=120, pctStart=0.25, anneal="linear", divFactor=10.0,
                              finalDivFactor=100.0, threePhase=True, baseMomentum=0.8, maxMomentum=0.9),
           lambda o: L.OneCycleLR(o, max_lr=0.5, total_steps=120, pct_start=0.25, anneal_strategy="linear",
                                  div_factor=10.0, final_div_factor=100.0, three_phase=True, base_momentum=0.8,
                                  max_momentum=0.9))
    record("OneCycleLR", dict(maxLr=2.0, totalSteps=101), lambda o: L.OneCycleLR(o, max_lr=2.0, total_steps=101),
           opt_kind="adam")
    metrics = [1.0 / (1 + k) if k < 20 else 0.05 + 0.001 * ((k * 7) % 5) for k in range(100)]
    record("ReduceLROnPlateau", dict(mode="min", factor=0.5, patience=3, threshold=1e-2, cooldown=2, minLr=0.01),
           lambda o: L.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=3, threshold=1e-2, cooldown=2, min_lr=0.01),
           metrics=metrics)
    metrics2 = [float(math.sin(k / 5.0)) for k in range(100)]
    record("ReduceLROnPlateau", dict(mode="max", factor=0.3, patience=2, threshold=0.05, thresholdMode="abs"),
           lambda o: L.ReduceLROnPlateau(o, mode="max", factor=0.3, patience=2, threshold=0.05, threshold_mode="abs"),
           metrics=metrics2)
    record("LambdaLR", dict(function="0.95^e"), lambda o: L.LambdaLR(o, lambda e: 0.95 ** e))
    record("LambdaLR", dict(function="1/(1+0.1e)"), lambda o: L.LambdaLR(o, lambda e: 1.0 / (1.0 + 0.1 * e)))
    record("SequentialLR", dict(schedulers=["LinearLR(0.1,1.0,5)", "ExponentialLR(0.9)"], milestones=[5]),
           lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.1, 1.0, 5), L.ExponentialLR(o, 0.9)], [5]))
    record("SequentialLR", dict(schedulers=["LinearLR(0.1,1.0,2)", "ExponentialLR(0.5)"], milestones=[3]),
           lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.1, 1.0, 2), L.ExponentialLR(o, 0.5)], [3]), n=20)
    record("SequentialLR", dict(schedulers=["ConstantFactor", "CosineAnnealingLR(20,0.0)", "StepLR(10,0.5)"],
                                milestones=[10, 40]),
           lambda o: L.SequentialLR(o, [L.LinearLR(o, 0.5, 0.5, 10), L.CosineAnnealingLR(o, 20),
                                        L.StepLR(o, 10, 0.5)], [10, 40]))
    return res


# ----------------------------------------------------------------- clipping
def clipping():
    res = []
    cases = [
        ([[3.0, 4.0]], 1.0, 2.0),
        ([[3.0, 4.0]], 10.0, 2.0),
        ([[0.5, -2.0, 1.5], [3.0, 0.25]], 1.0, 2.0),
        ([[0.5, -2.0, 1.5], [3.0, 0.25]], 2.0, 1.0),
        ([[0.5, -2.0, 1.5], [3.0, 0.25]], 0.5, float("inf")),
        ([[0.5, -2.0, 1.5], [3.0, 0.25]], 1.5, 3.0),
        ([[1e-3, 2e-3]], 1.0, 2.0),
    ]
    for dtype in (torch.float64, torch.float32):
        for grads, max_norm, norm_type in cases:
            ps = []
            for g in grads:
                p = torch.zeros(len(g), dtype=dtype, requires_grad=True)
                p.grad = torch.tensor(g, dtype=dtype)
                ps.append(p)
            total = torch.nn.utils.clip_grad_norm_(ps, max_norm, norm_type)
            res.append(dict(dtype=str(dtype).replace("torch.", ""), grads=grads, maxNorm=max_norm,
                            normType="inf" if math.isinf(norm_type) else norm_type, total=float(total),
                            clipped=[p.grad.tolist() for p in ps]))
    return res


def dump(name, obj):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"), allow_nan=False)
        f.write("\n")
    print(f"wrote {path} ({os.path.getsize(path)} bytes)")


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    meta = dict(torch=torch.__version__, generator="scripts/torch_fixtures/optim_fixtures.py", note=__doc__)
    dump("optim_trajectories.json", dict(meta=meta, functions={k: v[1] for k, v in FUNCTIONS.items()},
                                          runs=trajectories()))
    dump("optim_mlp.json", dict(meta=meta, **mlp()))
    dump("optim_schedules.json", dict(meta=meta, schedules=schedules()))
    dump("optim_clip.json", dict(meta=meta, cases=clipping()))
