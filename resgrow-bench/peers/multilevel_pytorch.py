#!/usr/bin/env python3
"""PyTorch-eager peer of `resgrow-bench multilevel` (Chang et al.'s multi-level comparison).

Same setting as the Java benchmark: a class-balanced Fashion-MNIST training subset, the full test
set, pre-activation ResNet with parameter-free shortcuts and step size h, widths 16-32-64, cycles of
epochs with a per-step cosine from eta_max to eta_min restarted at each cycle, SGD momentum 0.9,
weight decay 2e-4 on every parameter, batch 100, pad-4 random crop and horizontal flip. Runs:
  a  multi-level: 2-2-2, interpolated at every cycle end (blocks doubled by copies, h halved;
     the block after a stage's first block copies the old second block, Chang et al. appendix B)
  b  fixed 8-8-8 (for three cycles) with the same cyclic learning rate
  c  fixed 2-2-2 likewise
Options choose what the Java side does differently from PyTorch's defaults, to find where
accuracy differences come from: --init kaiming (DJL's default: normal, std sqrt(2 / fan_in)) or
torch (PyTorch's default), --normalize on|off (per-channel mean/std of the training subset).

Usage: multilevel_pytorch.py --runs a,b,c --cycles 4,4,4 --train 20000 --seed 42
Needs PyTorch (Debian: apt-get install python3-torch) and dataset-fashion-mnist.
"""
import argparse, copy, gzip, math, os, struct, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F


def read_idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic, = struct.unpack(">I", data[:4])
    dims = magic & 0xFF
    shape = struct.unpack(">" + "I" * dims, data[4:4 + 4 * dims])
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, train):
    prefix = "train" if train else "t10k"
    x = read_idx(os.path.join(directory, prefix + "-images-idx3-ubyte.gz"))
    y = read_idx(os.path.join(directory, prefix + "-labels-idx1-ubyte.gz"))
    return torch.from_numpy(x.copy()).float().div_(255).unsqueeze(1), torch.from_numpy(y.astype(np.int64))


def balanced_subset(y, n, seed):
    g = np.random.default_rng(seed)
    classes = int(y.max()) + 1
    picked = []
    for c in range(classes):
        idx = np.flatnonzero(y.numpy() == c)
        picked.append(g.choice(idx, n // classes, replace=False))
    return torch.from_numpy(np.sort(np.concatenate(picked)))


class PreActBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.bn1, self.conv1 = nn.BatchNorm2d(cin), nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn2, self.conv2 = nn.BatchNorm2d(cout), nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.stride, self.pad, self.h = stride, cout - cin, 1.0

    def forward(self, x):
        r = self.conv2(F.relu(self.bn2(self.conv1(F.relu(self.bn1(x))))))
        s = x[:, :, :: self.stride, :: self.stride] if self.stride > 1 else x
        if self.pad:
            s = F.pad(s, (0, 0, 0, 0, 0, self.pad))
        return s + self.h * r


class ResNet(nn.Module):
    def __init__(self, blocks, widths=(16, 32, 64), cin=1, classes=10):
        super().__init__()
        self.stem = nn.Conv2d(cin, widths[0], 3, 1, 1, bias=False)
        stages, c = [], widths[0]
        for i, (n, w) in enumerate(zip(blocks, widths)):
            stage = []
            for b in range(n):
                stage.append(PreActBlock(c, w, 2 if (i > 0 and b == 0) else 1))
                c = w
            stages.append(nn.ModuleList(stage))
        self.stages = nn.ModuleList(stages)
        self.bn, self.fc = nn.BatchNorm2d(c), nn.Linear(c, classes)

    def forward(self, x):
        x = self.stem(x)
        for stage in self.stages:
            for block in stage:
                x = block(x)
        return self.fc(F.adaptive_avg_pool2d(F.relu(self.bn(x)), 1).flatten(1))

    def interpolate(self):
        """Doubles every stage: after block j comes a copy (of old block 1 after block 0), h halves."""
        for s, stage in enumerate(self.stages):
            old = list(stage)
            new = []
            for j, block in enumerate(old):
                new.append(block)
                changes = block.stride > 1 or block.pad > 0
                if not changes:
                    twin = copy.deepcopy(block)
                elif j + 1 < len(old):
                    twin = copy.deepcopy(old[j + 1])
                else:  # a lone shape-changing block: a new block whose last conv is zero
                    width = block.conv2.out_channels
                    twin = PreActBlock(width, width, 1)
                    twin.h = block.h
                    nn.init.zeros_(twin.conv2.weight)
                new.append(twin)
            for b in new:
                b.h /= 2
            self.stages[s] = nn.ModuleList(new)


def kaiming_(net):
    for m in net.modules():
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            fan_in = m.weight[0].numel()
            nn.init.normal_(m.weight, 0, math.sqrt(2.0 / fan_in))
            if m.bias is not None:
                nn.init.zeros_(m.bias)


def augment(x, g):
    n = x.shape[0]
    padded = F.pad(x, (4, 4, 4, 4))
    dx = torch.randint(0, 9, (n,), generator=g)
    dy = torch.randint(0, 9, (n,), generator=g)
    flip = torch.rand(n, generator=g) < 0.5
    out = torch.empty_like(x)
    for i in range(n):
        crop = padded[i, :, dy[i]:dy[i] + 28, dx[i]:dx[i] + 28]
        out[i] = crop.flip(-1) if flip[i] else crop
    return out


def evaluate(net, x, y):
    net.eval()
    hits = 0
    with torch.no_grad():
        for i in range(0, x.shape[0], 100):
            hits += (net(x[i:i + 100]).argmax(1) == y[i:i + 100]).sum().item()
    net.train()
    return hits / x.shape[0]


def run(label, blocks, grow, cycles, data, a):
    torch.manual_seed(a.seed)
    g = torch.Generator().manual_seed(a.seed)
    xtr, ytr, xte, yte = data
    net = ResNet(blocks)
    if a.init == "kaiming":
        kaiming_(net)
    steps_per_epoch = math.ceil(xtr.shape[0] / 100)
    t0 = time.perf_counter()
    opt = None
    for c, length in enumerate(cycles):
        if c > 0 and grow:
            net.interpolate()
        previous = opt
        opt = torch.optim.SGD(net.parameters(), lr=a.eta_max, momentum=0.9, weight_decay=2e-4)
        if previous is not None:  # as resgrow: existing parameters keep their momentum, copies start without
            for param in net.parameters():
                if param in previous.state:
                    opt.state[param] = previous.state[param]
        total = length * steps_per_epoch
        step = 0
        for epoch in range(length):
            order = torch.randperm(xtr.shape[0], generator=g)
            for i in range(0, xtr.shape[0], 100):
                for group in opt.param_groups:
                    group["lr"] = a.eta_min + (a.eta_max - a.eta_min) * (1 + math.cos(math.pi * step / total)) / 2
                idx = order[i:i + 100]
                loss = F.cross_entropy(net(augment(xtr[idx], g)), ytr[idx])
                opt.zero_grad(set_to_none=True)
                loss.backward()
                opt.step()
                step += 1
            print(f"{label} cycle {c + 1} epoch {epoch + 1} loss {loss.item():.4f} {time.perf_counter() - t0:.1f}s",
                  flush=True)
    seconds = time.perf_counter() - t0
    acc = evaluate(net, xte, yte)
    print(f"{label}: test_error={100 * (1 - acc):.2f}% seconds={seconds:.1f}", flush=True)
    return acc, seconds


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--runs", default="a,b,c")
    p.add_argument("--cycles", default="4,4,4")
    p.add_argument("--train", type=int, default=20000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--eta-max", dest="eta_max", type=float, default=0.5)
    p.add_argument("--eta-min", dest="eta_min", type=float, default=0.001)
    p.add_argument("--init", choices=["kaiming", "torch"], default="kaiming")
    p.add_argument("--normalize", choices=["on", "off"], default="on")
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    cycles = [int(v) for v in a.cycles.split(",")]
    xtr, ytr = load(a.data, True)
    xte, yte = load(a.data, False)
    keep = balanced_subset(ytr, a.train, a.seed)
    xtr, ytr = xtr[keep], ytr[keep]
    if a.normalize == "on":
        mean, std = xtr.mean(), xtr.std()
        xtr, xte = (xtr - mean) / std, (xte - mean) / std
    print(f"torch {torch.__version__} threads={a.threads} train={xtr.shape[0]} test={xte.shape[0]} "
          f"cycles={cycles} init={a.init} normalize={a.normalize}", flush=True)
    last = [2 * 2 ** (len(cycles) - 1)] * 3
    plans = {"a": ("a multilevel", [2, 2, 2], True), "b": (f"b fixed {last}", last, False),
             "c": ("c fixed 2-2-2", [2, 2, 2], False)}
    for r in a.runs.split(","):
        label, blocks, grow = plans[r]
        run(label, blocks, grow, cycles, (xtr, ytr, xte, yte), a)


if __name__ == "__main__":
    main()
