#!/usr/bin/env python3
"""Lock-step check of resgrow's LookAheadIncremental against this PyTorch peer across one growth.

The peer's incremental training (incremental_pytorch.py: ResNet-20 split into 3 sub-networks, a
head BN-ReLU-pool-linear while a sub-network is the last) through one growth, on fixed batches:
  stage-1      --steps steps of S1 and its head (seed --seed initialises every part)
  growth       S2 appended, a new head for its width (S2's values are the peer's Growing(1)
               ones, the head is drawn at the growth as the peer does)
  lookahead-2  --steps steps of S2 and the new head, S1 frozen: no gradient, its BatchNorm in eval
               mode (running statistics used, not updated), its optimizer state kept untouched
  stage-2      --steps steps of everything, S1 back in training mode; S1 resumes its stage-1
               optimizer state, S2 and the head keep their look-ahead state, the old head's is gone
Each phase visits the same --steps x --batch training images once, in its own order (no
augmentation: the batches are fixed data). Written into --out for resgrow's side
(io.resgrow.bench.peers.IncrementalGrowthAligned):
  x.bin (float32, normalised, N x 1 x 28 x 28), y.bin (int32), order.bin (int32, 3 x N: phase p
  visits x[order[p][i]] i-th), xva.bin / yva.bin (a validation split the strategy needs), the
  initial parameters of each part in state_dict order without num_batches_tracked (s1.bin,
  head1.bin, s2.bin, head2.bin, and .txt files with names and shapes), the peer's per-step
  losses (losses.txt: phase step loss) and its validation loss in eval mode (BatchNorm's running
  statistics) after each phase (validation.txt: phase loss).
S1 as it stands at the growth (weights and BatchNorm statistics after stage 1) goes into
s1_grown.bin, for resgrow's side to compare with its own.
--init random grows without look-ahead (Istrate's random-init baseline): stage-1, then the growth and
stage-2 at once, everything training (phases stage-1 and stage-2 only).
--variant fresh-state or frozen-bn-train makes the peer differ from resgrow on purpose at the
growth (negative controls: the check must see them).
Optimizer: --optimizer rmsprop (the strategy's default: momentum 0.9, alpha 0.99, eps 1e-8, weight
decay 1e-4, constant --lr 1e-4) or sgd (--momentum, default 0, in PyTorch's form; weight decay
1e-4; constant --lr).

  incremental_growth_aligned.py --out /tmp/growth [--optimizer sgd --momentum 0.9 --lr 0.01]
  java -cp resgrow-bench/target/resgrow-bench.jar io.resgrow.bench.peers.IncrementalGrowthAligned /tmp/growth
Data: Fashion-MNIST from --data if its files are there, otherwise synthetic (class-dependent
patterns plus noise, seeded).
"""
import argparse, os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import incremental_pytorch as ip  # noqa: E402
from multilevel_pytorch import load  # noqa: E402

PHASES = ("stage-1", "lookahead-2", "stage-2")


def save(out, name, array, dtype):
    np.ascontiguousarray(array).astype(dtype).tofile(os.path.join(out, name))


def save_part(out, name, module):
    state = {k: v for k, v in module.state_dict().items() if not k.endswith("num_batches_tracked")}
    with open(os.path.join(out, name + ".txt"), "w") as f:
        for k, v in state.items():
            f.write(f"{k} {' '.join(map(str, v.shape))}\n")
    save(out, name + ".bin", np.concatenate([v.detach().numpy().ravel() for v in state.values()]), "<f4")


def data(a, n, nval):
    files = os.path.join(a.data, "train-images-idx3-ubyte.gz")
    if os.path.exists(files) and not a.synthetic:
        x, y = load(a.data, True)
        pick = torch.from_numpy(np.random.default_rng(a.seed).permutation(x.shape[0])[:n + nval])
        x, y = x[pick], y[pick]
        source = "fashion-mnist"
    else:
        g = torch.Generator().manual_seed(a.seed)
        y = torch.randint(0, 10, (n + nval,), generator=g)
        patterns = torch.rand(10, 1, 28, 28, generator=g)
        x = 0.6 * patterns[y] + 0.4 * torch.rand(n + nval, 1, 28, 28, generator=g)
        source = "synthetic"
    xtr, ytr, xva, yva = x[:n], y[:n], x[n:], y[n:]
    mean, std = xtr.mean(), xtr.std()
    return (xtr - mean) / std, ytr, (xva - mean) / std, yva, source


def optimizer(a, net, state):
    """A new optimizer over the trainable parameters; those with saved state keep it (as resgrow)."""
    trainable = [p for p in net.parameters() if p.requires_grad]
    if a.optimizer == "rmsprop":
        opt = torch.optim.RMSprop(trainable, lr=a.lr, alpha=0.99, eps=1e-8, momentum=0.9, weight_decay=1e-4)
    else:
        opt = torch.optim.SGD(trainable, lr=a.lr, momentum=a.momentum, weight_decay=1e-4)
    for p in trainable:
        if p in state:
            opt.state[p] = state[p]
    return opt


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--synthetic", action="store_true", help="synthetic data even if Fashion-MNIST is there")
    p.add_argument("--out", required=True)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--batch", type=int, default=128)
    p.add_argument("--validation", type=int, default=500)
    p.add_argument("--optimizer", choices=("rmsprop", "sgd"), default="rmsprop")
    p.add_argument("--lr", type=float, default=1e-4)
    p.add_argument("--momentum", type=float, default=0.0, help="sgd's momentum (PyTorch's form)")
    p.add_argument("--variant", choices=("same", "fresh-state", "frozen-bn-train"), default="same",
                   help="negative controls: fresh-state drops every optimizer state at the growth, "
                        "frozen-bn-train keeps frozen S1 in training mode during look-ahead")
    p.add_argument("--init", choices=("lookahead", "random"), default="lookahead",
                   help="random: no look-ahead phase, the growth starts stage-2 with every part training")
    p.add_argument("--growths", type=int, choices=(1, 2), default=1,
                   help="2: grow again after stage-2 (S3 and head3), then stage-3 (and lookahead-3 before it)")
    p.add_argument("--perturb", type=float, default=0.0,
                   help="add this much Gaussian noise (relative, per value) to S1 after its start is saved: "
                        "two peers that differ by rounding-sized noise show how far the optimizer amplifies it")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    n = a.steps * a.batch
    xtr, ytr, xva, yva, source = data(a, n, a.validation)
    g = torch.Generator().manual_seed(a.seed + 1)
    phases = list(PHASES if a.init == "lookahead" else ("stage-1", "stage-2"))
    if a.growths == 2:
        phases += ["lookahead-3", "stage-3"] if a.init == "lookahead" else ["stage-3"]
    orders = torch.stack([torch.randperm(n, generator=g) for _ in phases])
    save(a.out, "x.bin", xtr.numpy(), "<f4")
    save(a.out, "y.bin", ytr.numpy(), "<i4")
    save(a.out, "order.bin", orders.numpy(), "<i4")
    save(a.out, "xva.bin", xva.numpy(), "<f4")
    save(a.out, "yva.bin", yva.numpy(), "<i4")
    with open(os.path.join(a.out, "setting.txt"), "w") as f:
        f.write(f"steps {a.steps}\nbatch {a.batch}\noptimizer {a.optimizer}\nlr {a.lr}\nmomentum {a.momentum}\n"
                f"seed {a.seed}\nvariant {a.variant}\ninit {a.init}\ngrowths {a.growths}\n"
                f"data {source}\n")

    torch.manual_seed(a.seed)
    net = ip.Growing(1)
    save_part(a.out, "s1", net.body[0])
    save_part(a.out, "head1", net.head)
    if a.perturb > 0:
        with torch.no_grad():
            noise = torch.Generator().manual_seed(a.seed + 7)
            for p in net.body[0].parameters():
                p.mul_(1 + a.perturb * torch.randn(p.shape, generator=noise))
    losses, state, frozen, validation = [], {}, [], []
    t0 = time.perf_counter()
    for phase, order in zip(phases, orders):
        if phase in ("stage-3", "lookahead-3") and (phase == "lookahead-3" or a.init == "random"):
            net.grow()
            save_part(a.out, "s3", net.body[2])
            save_part(a.out, "head3", net.head)
            if a.init == "lookahead":
                frozen = list(net.body)[:-1]
                for part in frozen:
                    part.requires_grad_(False)
                    part.eval()
        elif phase == "stage-3":
            for part in frozen:
                part.requires_grad_(True)
                part.train()
        elif phase == "stage-2" and a.init == "random":
            save_part(a.out, "s1_grown", net.body[0])
            net.grow()
            save_part(a.out, "s2", net.body[1])
            save_part(a.out, "head2", net.head)
            if a.variant == "fresh-state":
                state = {}
        elif phase == "lookahead-2":
            save_part(a.out, "s1_grown", net.body[0])
            net.grow()
            save_part(a.out, "s2", net.body[1])
            save_part(a.out, "head2", net.head)
            frozen = list(net.body)[:-1]
            for part in frozen:
                part.requires_grad_(False)
                if a.variant != "frozen-bn-train":
                    part.eval()
            if a.variant == "fresh-state":
                state = {}
        elif phase == "stage-2":
            for part in frozen:
                part.requires_grad_(True)
                part.train()
        opt = optimizer(a, net, state)
        for s in range(a.steps):
            idx = order[s * a.batch:(s + 1) * a.batch]
            loss = F.cross_entropy(net(xtr[idx]), ytr[idx])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            losses.append((phase, s + 1, loss.item()))
            print(f"{phase} step {s + 1} loss {loss.item():.6f}", flush=True)
        state.update(opt.state)
        modes = [m.training for m in net.modules()]
        net.eval()
        with torch.no_grad():
            validation.append((phase, F.cross_entropy(net(xva), yva).item()))
        for m, mode in zip(net.modules(), modes):
            m.train(mode)
    with open(os.path.join(a.out, "validation.txt"), "w") as f:
        for phase, v in validation:
            f.write(f"{phase} {v:.8f}\n")
    with open(os.path.join(a.out, "losses.txt"), "w") as f:
        for phase, s, v in losses:
            f.write(f"{phase} {s} {v:.8f}\n")
    print(f"peer: torch {torch.__version__} data={source} optimizer={a.optimizer} lr={a.lr} "
          f"seconds={time.perf_counter() - t0:.1f}", flush=True)


if __name__ == "__main__":
    main()
