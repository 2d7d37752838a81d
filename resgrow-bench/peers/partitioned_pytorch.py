#!/usr/bin/env python3
"""PyTorch-eager peer of `resgrow-bench partitioned` (Wong et al.'s MonolithNet, partitioned training).

Same setting as the Java benchmark: a class-balanced Fashion-MNIST subset with a class-balanced 10%
of it held out for validation, the full test set, per-channel normalisation by the training part's
mean and (population) std, no augmentation. The network is a MonolithNet: N branches, each a
WRN-10-2 backbone up to global pooling (3x3 stem of 16 channels without bias; one pre-activation
basic block per stage, widths 32-64-128, BN-ReLU-conv3x3-BN-ReLU-conv3x3 with the stride on the
first conv, a bias-free 1x1 projection of the block's raw input where the shape changes; final
BN-ReLU, global average pooling), the pooled features concatenated, then FC 16, ReLU, FC 10.
Weights start He-normal N(0, 2 / fan_in) (DJL's default), biases at zero; BatchNorm momentum 0.1,
eps 1e-5. SGD momentum 0.9, weight decay 5e-4 added to the gradient of every parameter, a fresh
optimizer for every phase; the rate of a phase is set per epoch: lr times factor at each decay
point, a fraction f of the phase's epochs acting from epoch max(1, round(f * epochs)) on (points at
or past the last epoch never act); the last incomplete batch of an epoch is dropped. Runs:
  p  partitioned: stage 1, each branch in turn with a proxy head (one linear layer on its pooled
     features), on its own class-balanced subset of --subset of the training part (default half; drawn independently
     for each branch, so subsets overlap), lr 0.1 x0.2 at 30/60/80%, batch 128, the other branches
     not computed; stage 2, the fusion head alone on the branch features computed once in inference
     mode without autograd (branches frozen), lr 0.005 x0.3 at 13/40, 26/40, 39/40, batch 300;
     stage 3, everything end to end, lr 1e-4 x0.2 at 13/25, batch 88 (--stage-epochs a,b,c)
  e  the same 3-branch network end to end for --e2e-epochs, or as many epochs as p ran in all (each
     branch's stage-1 epochs counted), lr 0.1 x0.2 at 30/60/80%, batch 128
  o  a MonolithNet of one branch (branch, FC 16, ReLU, FC 10) likewise
and, as the Java bench always does, a recompute probe: a partitioned run with stage epochs 1,1,0 on
a 2,000-image balanced subset of the training part whose stage 2 recomputes the frozen branches'
features every step (forward in inference mode without autograd, batch 300).
Step costs are median step times per sample (first step of a phase left out; a step is batch
gather, forward, loss, backward and update); memory is VmRSS at step ends (every 5th step), the
highest per phase. Stage seconds include the per-epoch validation (and, in stage 2, the caching).

Usage: partitioned_pytorch.py --runs p,e,o --stage-epochs 4,2,2 --train 20000 --seed 42
Needs PyTorch (Debian: apt-get install python3-torch) and dataset-fashion-mnist.
"""
import argparse, math, os, resource, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from multilevel_pytorch import balanced_subset, evaluate, kaiming_, load  # noqa: E402
from incremental_pytorch import macs, training_flops  # noqa: E402


class WrnBlock(nn.Module):
    """Pre-activation basic block; a 1x1 projection of the raw input where the shape changes."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(cin), nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(cout), nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.proj = nn.Conv2d(cin, cout, 1, stride, bias=False) if stride != 1 or cin != cout else None

    def forward(self, x):
        r = self.conv2(F.relu(self.bn2(self.conv1(F.relu(self.bn1(x))))))
        return r + (self.proj(x) if self.proj is not None else x)


def wrn_branch(depth=10, widen=2, cin=1):
    """WRN-d-k up to global pooling: stem, stages, BN-ReLU, pooling, flatten."""
    n = (depth - 4) // 6
    layers, c = [nn.Conv2d(cin, 16, 3, 1, 1, bias=False)], 16
    for i, w in enumerate((16 * widen, 32 * widen, 64 * widen)):
        for b in range(n):
            layers.append(WrnBlock(c, w, 2 if (i > 0 and b == 0) else 1))
            c = w
    layers += [nn.BatchNorm2d(c), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers)


class MonolithNet(nn.Module):
    def __init__(self, branches=3, depth=10, widen=2, hidden=16, cin=1, classes=10):
        super().__init__()
        self.width = 64 * widen
        self.branches = nn.ModuleList([wrn_branch(depth, widen, cin) for _ in range(branches)])
        self.fusion = nn.Sequential(nn.Linear(self.width * branches, hidden), nn.ReLU(), nn.Linear(hidden, classes))
        kaiming_(self)

    def features(self, x):
        return torch.cat([b(x) for b in self.branches], 1)

    def forward(self, x):
        return self.fusion(self.features(x))


class Plan:
    """A stage's settings and its per-epoch rate, as resgrow's StagePlan."""

    def __init__(self, epochs, lr, factor, decay_at, batch):
        self.epochs, self.lr, self.factor, self.decay_at, self.batch = epochs, lr, factor, decay_at, batch

    def rate(self, epoch):
        lr = self.lr
        for f in self.decay_at:
            if epoch >= max(1, math.floor(f * self.epochs + 0.5)):  # Java's Math.round
                lr *= self.factor
        return lr


def stage_plans(e):
    return (Plan(e[0], 0.1, 0.2, (0.3, 0.6, 0.8), 128), Plan(e[1], 0.005, 0.3, (13 / 40, 26 / 40, 39 / 40), 300),
            Plan(e[2], 1e-4, 0.2, (13 / 25,), 88))


def pick(y, count, rng, used=None):
    """Class-balanced pick as resgrow's Subsets: each class's unused indices shuffled, taken round-robin."""
    y = y.numpy()
    classes = int(y.max()) + 1
    pools = [rng.permutation(np.flatnonzero((y == c) & (True if used is None else ~used))) for c in range(classes)]
    out, nxt = [], [0] * classes
    while len(out) < count:
        for c in range(classes):
            if len(out) < count and nxt[c] < len(pools[c]):
                out.append(pools[c][nxt[c]])
                nxt[c] += 1
    out = np.sort(np.array(out))
    if used is not None:
        used[out] = True
    return torch.from_numpy(out)


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class Meter:
    """Per phase: step times, samples and the highest VmRSS seen at a step end (every 5th step)."""

    def __init__(self):
        self.phases = {}

    def step(self, phase, nanos, samples):
        f = self.phases.setdefault(phase, {"nanos": [], "samples": 0, "rss": 0})
        f["nanos"].append(nanos)
        f["samples"] += samples
        if len(f["nanos"]) % 5 == 1:
            f["rss"] = max(f["rss"], rss_kib())

    @staticmethod
    def micros_per_sample(f):
        later = sorted(f["nanos"][1:] if len(f["nanos"]) > 1 else f["nanos"])
        return later[len(later) // 2] / 1e3 / (f["samples"] / len(f["nanos"]))


class Run:
    """One training run: its clock, epoch count, analytic FLOPs, stage rows and step meter."""

    def __init__(self, label, a, meter):
        self.label, self.a, self.meter = label, a, meter
        self.g = torch.Generator().manual_seed(a.seed)
        self.t0, self.epochs, self.flops, self.rows = time.perf_counter(), 0, 0.0, []

    def phase(self, name, net, params, x, y, plan, val, frozen=()):
        """Trains `net` on (x, y) by `plan`; returns (epochs, seconds, last validation accuracy)."""
        per_sample = training_flops(macs(net, x))
        for m in frozen:  # macs() leaves every module in training mode
            m.eval()
        opt = torch.optim.SGD(params, lr=plan.lr, momentum=0.9, weight_decay=5e-4)
        n, start, acc = x.shape[0], time.perf_counter(), float("nan")
        steps = max(1, n // plan.batch)
        for epoch in range(plan.epochs):
            for group in opt.param_groups:
                group["lr"] = plan.rate(epoch)
            order = torch.randperm(n, generator=self.g)
            loss_sum = torch.zeros(())
            for s in range(steps):
                t = time.perf_counter_ns()
                idx = order[s * plan.batch:(s + 1) * plan.batch]
                loss = F.cross_entropy(net(x[idx]), y[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                loss_sum += loss.detach()
                self.meter.step(name, time.perf_counter_ns() - t, idx.shape[0])
                self.flops += per_sample * idx.shape[0]
            self.epochs += 1
            acc = evaluate(net, val[0], val[1])
            for m in frozen:  # evaluate() leaves every module in training mode
                m.eval()
            print(f"{self.label} {name} epoch {epoch + 1} lr {plan.rate(epoch):.3g} loss {loss_sum.item() / steps:.4f} "
                  f"val {acc:.4f} {time.perf_counter() - self.t0:.1f}s", flush=True)
        return plan.epochs, time.perf_counter() - start, acc

    def row(self, stage, part, samples, epochs, seconds, flops, acc):
        self.rows.append((stage, part, samples, epochs, seconds, flops, acc))


def cached_features(net, x, batch=128):
    net.eval()
    with torch.no_grad():
        out = torch.cat([net.features(x[i:i + batch]) for i in range(0, x.shape[0], batch)])
    net.train()
    return out


def partitioned(label, a, data, stage_epochs, cache, meter):
    xtr, ytr, xva, yva = data[:4]
    torch.manual_seed(a.seed)
    net = MonolithNet(3)
    run = Run(label, a, meter)
    p1, p2, p3 = stage_plans(stage_epochs)
    rng = np.random.default_rng(a.seed + 1)
    size = max(1, math.floor(a.subset * xtr.shape[0] + 0.5))
    subsets = [pick(ytr, size, rng) for _ in net.branches]  # drawn independently: overlapping
    for k, (branch, sub) in enumerate(zip(net.branches, subsets), 1):
        proxy = nn.Linear(net.width, 10)
        kaiming_(proxy)
        forward = nn.Sequential(branch, proxy)
        f0 = run.flops
        e, s, acc = run.phase(f"branch-{k}", forward, forward.parameters(), xtr[sub], ytr[sub], p1, (xva, yva))
        run.row(1, f"branch {k}", sub.shape[0], e, s, run.flops - f0, acc)
    # stage 2: branches frozen (no gradient, BatchNorm in inference mode), the head alone
    net.branches.requires_grad_(False)
    f0, t = run.flops, time.perf_counter()
    if cache:
        ftr, fva = cached_features(net, xtr), cached_features(net, xva)
        caching = time.perf_counter() - t
        e, s, acc = run.phase("head", net.fusion, net.fusion.parameters(), ftr, ytr, p2, (fva, yva))
        s += caching
    else:
        e, s, acc = run.phase("head", net, net.fusion.parameters(), xtr, ytr, p2, (xva, yva), frozen=net.branches)
    run.row(2, "head", xtr.shape[0], e, s, run.flops - f0, acc)
    net.branches.requires_grad_(True)
    net.train()
    if p3.epochs > 0:
        f0 = run.flops
        e, s, acc = run.phase("fine-tune", net, net.parameters(), xtr, ytr, p3, (xva, yva))
        run.row(3, "network", xtr.shape[0], e, s, run.flops - f0, acc)
    return net, run


def end_to_end(label, branches, epochs, a, data, meter):
    torch.manual_seed(a.seed)
    net = MonolithNet(branches)
    run = Run(label, a, meter)
    run.phase("plain", net, net.parameters(), data[0], data[1], Plan(epochs, 0.1, 0.2, (0.3, 0.6, 0.8), 128),
              (data[2], data[3]))
    return net, run


def finish(net, run, data):
    seconds = time.perf_counter() - run.t0
    acc = evaluate(net, data[4], data[5])
    print(f"{run.label}: epochs={run.epochs} test_accuracy={acc:.4f} seconds={seconds:.1f}", flush=True)
    return run.label[0], run.epochs, acc, seconds, run.flops


def table(run, acc):
    lines = ["stage  part       samples  epochs   seconds         FLOPs  val accuracy"]
    for st, part, samples, epochs, seconds, flops, a in run.rows:
        lines.append(f"{st:<5d}  {part:<9s}  {samples:7d}  {epochs:6d}  {seconds:8.2f}  {flops:12.3e}  {a:12.4f}")
    first = [r for r in run.rows if r[0] == 1]
    if len(first) > 1:
        lines.append(f"{1:<5d}  {'all':<9s}  {sum(r[2] for r in first):7d}  {sum(r[3] for r in first):6d}  "
                     f"{sum(r[4] for r in first):8.2f}  {sum(r[5] for r in first):12.3e}  {'-':>12s}")
    lines.append(f"test accuracy {acc:.4f}")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--runs", default="p,e,o")
    p.add_argument("--stage-epochs", dest="stage_epochs", default="4,2,2")
    p.add_argument("--train", type=int, default=20000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--probe", choices=["on", "off"], default="on")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--subset", type=float, default=0.5)
    p.add_argument("--e2e-epochs", dest="e2e_epochs", type=int, default=0)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    stage_epochs = [int(v) for v in a.stage_epochs.split(",")]
    if len(stage_epochs) != 3 or stage_epochs[0] < 1 or stage_epochs[1] < 1 or stage_epochs[2] < 0:
        p.error("--stage-epochs: three integers: epochs per branch >= 1, of the head >= 1, of fine-tuning >= 0")
    if not 0 < a.subset <= 1:
        p.error(f"--subset: a fraction in (0, 1], got {a.subset}")
    if a.e2e_epochs < 0:
        p.error(f"--e2e-epochs: >= 0 (0: as many as p ran in all), got {a.e2e_epochs}")
    runs = a.runs.split(",")
    x, y = load(a.data, True)
    xte, yte = load(a.data, False)
    keep = balanced_subset(y, a.train, a.seed)
    x, y = x[keep], y[keep]
    rng = np.random.default_rng(a.seed)
    used = np.zeros(x.shape[0], dtype=bool)
    val = pick(y, max(1, math.floor(0.1 * x.shape[0] + 0.5)), rng, used)
    tr = torch.from_numpy(np.flatnonzero(~used))
    xtr, ytr, xva, yva = x[tr], y[tr], x[val], y[val]
    mean, std = xtr.mean(), xtr.std(unbiased=False)
    data = ((xtr - mean) / std, ytr, (xva - mean) / std, yva, (xte - mean) / std, yte)
    total = a.e2e_epochs or 3 * stage_epochs[0] + stage_epochs[1] + stage_epochs[2]
    print(f"torch {torch.__version__} threads={a.threads} train={xtr.shape[0]} validation={xva.shape[0]} "
          f"test={xte.shape[0]} stage_epochs={stage_epochs} total_epochs={total}", flush=True)
    results, meters, prun = [], {}, None
    for r in runs:
        meters[r] = Meter()
        if r == "p":
            net, prun = partitioned("p partitioned", a, data, stage_epochs, True, meters[r])
        elif r == "e":
            net, run = end_to_end("e end to end", 3, total, a, data, meters[r])
        elif r == "o":
            net, run = end_to_end("o one branch", 1, total, a, data, meters[r])
        else:
            p.error(f"--runs: unknown run {r!r} (p, e, o)")
        results.append(finish(net, prun if r == "p" else run, data))
        if r == "p":
            ptest = results[-1][2]
        print(f"peak RSS so far (ru_maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB",
              flush=True)
    if a.probe == "on":
        meters["probe"] = Meter()
        sub = pick(data[1], min(2000, data[0].shape[0]), np.random.default_rng(a.seed + 2))
        probe = (data[0][sub], data[1][sub], data[2], data[3], data[2], data[3])
        net, run = partitioned("recompute probe", a, probe, (1, 1, 0), False, meters["probe"])
        finish(net, run, probe)
    print(f"train={xtr.shape[0]} validation={xva.shape[0]} test={xte.shape[0]} total_epochs={total}")
    print("run  epochs  test_acc  seconds  train_GFLOPs")
    for label, epochs, acc, seconds, flops in results:
        print(f"{label:<4s} {epochs:6d}  {acc:8.4f}  {seconds:7.1f}  {flops / 1e9:12.1f}")
    e2e = meters["e"].phases["plain"] if "e" in meters else None
    mps = Meter.micros_per_sample
    print("phase              us/sample  ratio_to_e2e  peak_rss_MiB")
    shown = [("p ", meters.get("p")), ("probe ", meters.get("probe")), ("e ", meters.get("e")), ("o ", meters.get("o"))]
    for prefix, m in shown:
        if m is None:
            continue
        for name, f in m.phases.items():
            if prefix == "probe " and name != "head":
                continue
            shown_name = prefix + ("head (recomputed)" if prefix == "probe " else name)
            ratio = f"{mps(f) / mps(e2e):12.4f}" if e2e else f"{'-':>12s}"
            print(f"{shown_name:<18s} {mps(f):10.1f}  {ratio}  {f['rss'] / 1024:12.1f}")
    if e2e and "p" in meters:
        pm = meters["p"].phases
        print(f"stage-1 step / (end-to-end step / 3 branches) = {mps(pm['branch-1']) / (mps(e2e) / 3):.3f} "
              f"(target <= 1.15)")
        recomputed = f"{mps(meters['probe'].phases['head']) / mps(e2e):.3f}" if "probe" in meters else "-"
        print(f"stage-2 cached step / end-to-end step = {mps(pm['head']) / mps(e2e):.4f} (target <= 0.05);"
              f" recomputed = {recomputed} (target <= 0.45)")
        if "fine-tune" in pm:
            print(f"stage-3 step / end-to-end step = {mps(pm['fine-tune']) / mps(e2e):.3f}")
        print(f"stage-1 peak RSS / end-to-end peak RSS = {pm['branch-1']['rss'] / e2e['rss']:.3f} (no offloading:"
              f" every branch stays in the one process)")
    if prun is not None:
        print(table(prun, ptest))
    print(f"peak RSS of the process (ru_maxrss) {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.1f} MiB")


if __name__ == "__main__":
    main()
