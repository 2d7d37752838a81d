#!/usr/bin/env python3
"""PyTorch-eager peer of `resgrow-bench incremental` (Istrate et al.'s incremental training).

Same setting as the Java benchmark: a class-balanced Fashion-MNIST subset with 10% of it held out
for validation, the full test set, pre-activation ResNet-20 (3-3-3 blocks, widths 16-32-64) split
into 3 sub-networks (stem + stage 1, stage 2, stage 3), each with its own head (BN-ReLU, global
pooling, linear) while it is the last, RMSProp (momentum 0.9, alpha 0.99, eps 1e-8) at a constant
1e-4, weight decay 1e-4, batch 128, shift up to 4 px and horizontal flip. Runs:
  b  the full network from scratch for --epochs epochs
  l  incremental with look-ahead: each new sub-network and its head train --lookahead-epochs with
     the earlier parts frozen (no gradient, BatchNorm in eval mode), then everything jointly
  r  incremental with random init: no look-ahead
Stages end by the slope criterion (window --ws, ratio --gamma) or after --max-epochs-per-stage;
the last stage runs until the baseline's final validation accuracy or 1.5x its epochs. Existing
parameters keep their optimizer state across a growth, new ones start without; the old head is
dropped. FLOPs follow resgrow's MacCounter: forward 2 x MACs of every layer, backward 4 x MACs of
trainable layers and 2 x MACs of frozen layers after the first trainable one.

With --eta-max (the recipe `resgrow compare` gives incremental at a user's budget, `train
incremental --eta-max`): SGD (momentum 0.9, weight decay 1e-4) instead of RMSProp, every stage and
look-ahead phase annealed by its own per-step cosine from --eta-max to --eta-min over its planned
epochs (a stage's cap, the look-ahead's epochs), the last stage ending at its cap as well; the
baseline b is then resgrow's plain run: SGD momentum 0.9, weight decay 5e-4 on conv and linear
weights only, one per-step cosine from --eta-max to 0 over --epochs.

With --arch vgg: resgrow's `--arch vgg --batch-norm --fc-widths none` VGG (Simonyan and Zisserman's
configuration D for --depth 16, widths 64-128-256-512-512 times --width-scale, 3x3 convolutions with bias,
each followed by BatchNorm and ReLU, a 2x2 max-pool ending each of the five groups, --pad zeros around the
input folded into the first convolution's padding) grown one group at a time, each group with a new linear
head on its flattened output; 5 sub-networks instead of 3. Batches are 128 here always: give resgrow's
`train incremental --arch vgg` `--batch-size 128` (its default for a VGG is the paper's 32).

Usage: incremental_pytorch.py --runs b,l,r --epochs 12 --train 20000 --seed 42
       incremental_pytorch.py --runs b,l --epochs 12 --train 10000 --blocks 4,4,4 --max-epochs-per-stage 3 \
           --lookahead-epochs 1 --eta-max 0.1 --seed 1
       incremental_pytorch.py --runs b,l --arch vgg --width-scale 0.25 --pad 2 --epochs 14 --train 20000 \
           --max-epochs-per-stage 2 --lookahead-epochs 1 --eta-max 0.02 --seed 1
Needs PyTorch (Debian: apt-get install python3-torch) and dataset-fashion-mnist.
"""
import argparse, math, os, sys, time
import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from multilevel_pytorch import PreActBlock, augment, balanced_subset, evaluate, kaiming_, load  # noqa: E402


def head(width, classes=10):
    return nn.Sequential(nn.BatchNorm2d(width), nn.ReLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
                         nn.Linear(width, classes))


def parts(blocks=(3, 3, 3), widths=(16, 32, 64)):
    """The 3 sub-networks: stem + stage 1, stage 2, stage 3."""
    out, c = [], widths[0]
    for i, (n, w) in enumerate(zip(blocks, widths)):
        layers = [nn.Conv2d(1, widths[0], 3, 1, 1, bias=False)] if i == 0 else []
        for b in range(n):
            layers.append(PreActBlock(c, w, 2 if (i > 0 and b == 0) else 1))
            c = w
        out.append(nn.Sequential(*layers))
    return out, list(widths)


VGG_CONVS = {11: (1, 1, 2, 2, 2), 13: (2, 2, 2, 2, 2), 16: (2, 2, 3, 3, 3), 19: (2, 2, 4, 4, 4)}


def vgg_parts(depth=16, scale=1.0, pad=0):
    """The 5 groups of a VGG-BN, and a factory of the linear head after the first k (on 28x28 input)."""
    widths = [max(1, math.floor(w * scale + 0.5)) for w in (64, 128, 256, 512, 512)]  # Java's Math.round
    out, c = [], 1
    for g, (n, w) in enumerate(zip(VGG_CONVS[depth], widths)):
        layers = []
        for i in range(n):
            layers += [nn.Conv2d(c, w, 3, 1, 1 + (pad if g == 0 and i == 0 else 0)), nn.BatchNorm2d(w), nn.ReLU()]
            c = w
        out.append(nn.Sequential(*layers, nn.MaxPool2d(2, 2)))
    side = 28 + 2 * pad
    return out, lambda k: nn.Sequential(nn.Flatten(), nn.Linear(widths[k - 1] * (side >> k) ** 2, 10))


class Growing(nn.Module):
    def __init__(self, k, blocks=(3, 3, 3), vgg=None):
        super().__init__()
        if vgg is None:
            self.all, widths = parts(blocks)
            self.new_head = lambda i: head(widths[i - 1])
        else:
            self.all, self.new_head = vgg_parts(*vgg)
        for p in self.all:
            kaiming_(p)
        self.k = k
        self.body = nn.ModuleList(self.all[:k])
        self.head = self.new_head(k)
        kaiming_(self.head)

    def grow(self):
        self.k += 1
        self.body.append(self.all[self.k - 1])
        self.head = self.new_head(self.k)
        kaiming_(self.head)

    def forward(self, x):
        for p in self.body:
            x = p(x)
        return self.head(x)


def macs(module, x):
    """MACs per sample of every conv and linear layer, in order, with whether it trains."""
    found = []

    def hook(m, inp, out):
        if isinstance(m, nn.Conv2d):
            found.append((out[0].numel() * m.in_channels // m.groups * m.kernel_size[0] * m.kernel_size[1],
                          m.weight.requires_grad))
        elif isinstance(m, nn.Linear):
            found.append((m.in_features * m.out_features, m.weight.requires_grad))
    handles = [m.register_forward_hook(hook) for m in module.modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    with torch.no_grad():
        module.eval()
        module(x[:1])
        module.train()
    for h in handles:
        h.remove()
    return found


def training_flops(leaves):
    flops, flows = 0.0, False
    for m, trains in leaves:
        flops += 2.0 * m
        if trains:
            flops += 4.0 * m
            flows = True
        elif flows:
            flops += 2.0 * m
    return flops


def slope_angle(v):
    x = np.arange(len(v))
    return math.atan(np.polyfit(x, v, 1)[0])


class Runner:
    def __init__(self, a, data):
        self.a, self.data = a, data
        self.g = torch.Generator().manual_seed(a.seed)
        self.epochs, self.flops, self.t0, self.log = 0, 0.0, time.perf_counter(), []

    def epoch(self, net, opt, label, frozen=(), rate=None):
        """One epoch; rate(step, steps) sets every group's learning rate before each step if given."""
        xtr, ytr, xva, yva = self.data[:4]
        per_sample = training_flops(macs(net, xtr))
        for part in frozen:  # macs() and evaluate() leave every module in training mode
            part.eval()
        order = torch.randperm(xtr.shape[0], generator=self.g)
        steps = math.ceil(xtr.shape[0] / 128)
        for i in range(0, xtr.shape[0], 128):
            if rate is not None:
                for group in opt.param_groups:
                    group["lr"] = rate(i // 128, steps)
            idx = order[i:i + 128]
            loss = F.cross_entropy(net(augment(xtr[idx], self.g)), ytr[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            self.flops += per_sample * idx.shape[0]
        self.epochs += 1
        acc = evaluate(net, xva, yva)
        self.log.append((self.epochs, acc, self.flops, time.perf_counter() - self.t0))
        print(f"{label} epoch {self.epochs} loss {loss.item():.4f} val {acc:.4f} "
              f"{self.flops / 1e9:.1f} GFLOPs {time.perf_counter() - self.t0:.1f}s", flush=True)
        return acc


def rmsprop(net, state=None):
    """A new RMSProp over the trainable parameters; those with saved state keep it (as resgrow)."""
    opt = torch.optim.RMSprop([p for p in net.parameters() if p.requires_grad], lr=1e-4, alpha=0.99, eps=1e-8,
                              momentum=0.9, weight_decay=1e-4)
    for p in net.parameters():
        if state is not None and p.requires_grad and p in state:
            opt.state[p] = state[p]
    return opt


def sgd(net, state=None):
    """SGD as resgrow's cosine recipe for incremental: momentum 0.9, weight decay 1e-4 on every parameter."""
    opt = torch.optim.SGD([p for p in net.parameters() if p.requires_grad], lr=0.0, momentum=0.9,
                          weight_decay=1e-4)
    for p in net.parameters():
        if state is not None and p.requires_grad and p in state:
            opt.state[p] = state[p]
    return opt


def cosine(a, epoch, epochs, eta_min):
    """The rate at step s of `steps` in epoch `epoch` (0-based) of a phase of `epochs` epochs."""
    return lambda s, steps: eta_min + (a.eta_max - eta_min) * (
        1 + math.cos(math.pi * (epoch * steps + s) / (epochs * steps))) / 2


def optimizer(a, net, state=None):
    return rmsprop(net, state) if a.eta_max is None else sgd(net, state)


def baseline(a, data):
    torch.manual_seed(a.seed)
    net = Growing(a.parts, a.blocks, a.vgg)
    run = Runner(a, data)
    if a.eta_max is None:
        opt = rmsprop(net)
    else:  # resgrow's plain run: decay on conv and linear weights only, cosine to 0 over the run
        weights = [p for n, p in net.named_parameters() if p.dim() > 1]
        others = [p for n, p in net.named_parameters() if p.dim() <= 1]
        opt = torch.optim.SGD([{"params": weights, "weight_decay": 5e-4}, {"params": others, "weight_decay": 0.0}],
                              lr=a.eta_max, momentum=0.9)
    for e in range(a.epochs):
        run.epoch(net, opt, "b", rate=None if a.eta_max is None else cosine(a, e, a.epochs, 0.0))
    return net, run


def incremental(a, data, lookahead, target):
    torch.manual_seed(a.seed)
    net, run = Growing(1, a.blocks, a.vgg), Runner(a, data)
    cap, state = math.ceil(1.5 * a.epochs), {}
    stage_cap = a.max_epochs_per_stage
    while True:
        last = net.k == a.parts
        opt = optimizer(a, net, state)
        accs = []
        while True:
            rate = None if a.eta_max is None else cosine(a, len(accs), stage_cap, a.eta_min)
            accs.append(run.epoch(net, opt, f"{'l' if lookahead else 'r'} stage-{net.k}", rate=rate))
            n = len(accs)
            if last and a.eta_max is not None and n == stage_cap:
                return net, run
            if last and (accs[-1] >= target or run.epochs >= cap):
                return net, run
            if not last and n == a.max_epochs_per_stage:
                break
            if not last and n >= 2 * a.ws and n % a.ws == 0 and \
                    slope_angle(accs[-a.ws:]) <= a.gamma * slope_angle(accs[-2 * a.ws:-a.ws]):
                break
        state.update(opt.state)
        net.grow()
        if lookahead:
            frozen = list(net.body)[:-1]
            for part in frozen:
                part.requires_grad_(False)
            la = optimizer(a, net, state)
            for e in range(a.lookahead_epochs):
                rate = None if a.eta_max is None else cosine(a, e, a.lookahead_epochs, a.eta_min)
                run.epoch(net, la, f"l lookahead-{net.k}", frozen, rate=rate)
            state.update(la.state)
            for part in frozen:
                part.requires_grad_(True)
                part.train()


def report(label, net, run, data, target, base):
    acc = evaluate(net, data[4], data[5])
    reach = next((e for e in run.log if e[1] >= target), None)
    print(f"{label}: epochs={run.epochs} test_accuracy={acc:.4f} train_GFLOPs={run.flops / 1e9:.1f} "
          f"seconds={run.log[-1][3]:.1f} reached@epoch={reach[0] if reach else 'never'}"
          + (f" GFLOPs@reach={reach[2] / 1e9:.1f} seconds@reach={reach[3]:.1f}"
             f" FLOPs_ratio@reach={reach[2] / base[2]:.3f} time_ratio@reach={reach[3] / base[3]:.3f}" if reach else ""),
          flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--runs", default="b,l,r")
    p.add_argument("--epochs", type=int, default=12)
    p.add_argument("--train", type=int, default=20000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--ws", type=int, default=3)
    p.add_argument("--gamma", type=float, default=0.5)
    p.add_argument("--lookahead-epochs", dest="lookahead_epochs", type=int, default=1)
    p.add_argument("--max-epochs-per-stage", dest="max_epochs_per_stage", type=int, default=4)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--blocks", default="3,3,3", help="blocks per stage of the full network (4,4,4: compare's ResNet-26)")
    p.add_argument("--arch", default="resnet", choices=("resnet", "vgg"))
    p.add_argument("--depth", type=int, default=None, choices=sorted(VGG_CONVS), help="vgg: 11, 13, 16 or 19 (default 16)")
    p.add_argument("--width-scale", dest="width_scale", type=float, default=None,
                   help="vgg: every width times this (default 1)")
    p.add_argument("--pad", type=int, default=None, help="vgg: zeros around the input, 2 takes 28x28 to 32x32 (default 0)")
    p.add_argument("--eta-max", dest="eta_max", type=float, default=None,
                   help="SGD with a cosine per phase from this rate (resgrow's --eta-max) instead of RMSProp at 1e-4")
    p.add_argument("--eta-min", dest="eta_min", type=float, default=None, help="the cosine's end (default: eta-max / 100)")
    a = p.parse_args()
    a.blocks = tuple(int(b) for b in a.blocks.split(","))
    given = [o for o, v in (("--depth", a.depth), ("--width-scale", a.width_scale), ("--pad", a.pad)) if v is not None]
    if a.arch == "resnet" and given:
        p.error(f"{given[0]} is a VGG's option: add --arch vgg or drop it")
    if a.arch == "resnet" and len(a.blocks) != 3:
        p.error(f"--blocks {a.blocks}: three stages (widths 16, 32, 64)")
    a.vgg = (a.depth or 16, a.width_scale or 1.0, a.pad or 0) if a.arch == "vgg" else None
    a.parts = 5 if a.vgg else len(a.blocks)
    if a.eta_max is not None and a.eta_min is None:
        a.eta_min = a.eta_max / 100
    if a.eta_max is None and a.eta_min is not None:
        p.error("--eta-min needs --eta-max")
    torch.set_num_threads(a.threads)
    x, y = load(a.data, True)
    xte, yte = load(a.data, False)
    keep = balanced_subset(y, a.train, a.seed)
    x, y = x[keep], y[keep]
    g = np.random.default_rng(a.seed)
    perm = torch.from_numpy(g.permutation(x.shape[0]))
    nval = x.shape[0] // 10
    xva, yva, xtr, ytr = x[perm[:nval]], y[perm[:nval]], x[perm[nval:]], y[perm[nval:]]
    mean, std = xtr.mean(), xtr.std()
    data = ((xtr - mean) / std, ytr, (xva - mean) / std, yva, (xte - mean) / std, yte)
    print(f"torch {torch.__version__} threads={a.threads} train={xtr.shape[0]} validation={nval} "
          f"test={xte.shape[0]}", flush=True)
    net, run = baseline(a, data)
    target, base = run.log[-1][1], run.log[-1]
    print(f"target_validation={target:.4f}", flush=True)
    report("b full network", net, run, data, target, base)
    for r in a.runs.split(","):
        if r in ("l", "r"):
            net, run = incremental(a, data, r == "l", target)
            report("l look-ahead" if r == "l" else "r random init", net, run, data, target, base)


if __name__ == "__main__":
    main()
