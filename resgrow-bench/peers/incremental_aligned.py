#!/usr/bin/env python3
"""Lock-step check of `resgrow-bench incremental`'s full network (b) against this PyTorch peer.

Builds the peer's ResNet-20 (incremental_pytorch.Growing(3), seed --seed), draws its first --steps
training batches (the peer's order and pad-and-crop + flip augmentation, full batches of 128
only) and writes, into --out, everything resgrow needs to train the same network on the same
batches: the initial parameters (init.bin, float32 in state_dict order without
num_batches_tracked; init.txt gives names and shapes), the augmented batches (xb.bin, yb.bin) and
the normalised validation split (xva.bin, yva.bin). Then it trains the peer on those batches with
RMSProp (momentum 0.9, lr 1e-4, weight decay 1e-4), prints the loss of steps 1-20 and every tenth,
the validation accuracy, and writes the trained parameters (final.bin).

IncrementalAligned (resgrow-bench/src/main/java/io/resgrow/bench/peers) trains resgrow on the same files and prints the same
figures, or evaluates final.bin with resgrow's evaluator:
  incremental_aligned.py --out /tmp/aligned
  java -cp resgrow-bench/target/resgrow-bench.jar io.resgrow.bench.peers.IncrementalAligned /tmp/aligned
  java -cp resgrow-bench/target/resgrow-bench.jar io.resgrow.bench.peers.IncrementalAligned /tmp/aligned final.bin
"""
import argparse, os, sys, time
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
import incremental_pytorch as ip  # noqa: E402
from multilevel_pytorch import augment, balanced_subset, evaluate, load  # noqa: E402


def save(out, name, array, dtype):
    np.ascontiguousarray(array).astype(dtype).tofile(os.path.join(out, name))


def params(net):
    return {k: v for k, v in net.state_dict().items() if not k.endswith("num_batches_tracked")}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--out", required=True)
    p.add_argument("--train", type=int, default=20000)
    p.add_argument("--steps", type=int, default=140)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    x, y = load(a.data, True)
    keep = balanced_subset(y, a.train, a.seed)
    x, y = x[keep], y[keep]
    perm = torch.from_numpy(np.random.default_rng(a.seed).permutation(x.shape[0]))
    nval = x.shape[0] // 10
    xva, yva, xtr, ytr = x[perm[:nval]], y[perm[:nval]], x[perm[nval:]], y[perm[nval:]]
    mean, std = xtr.mean(), xtr.std()
    xtr, xva = (xtr - mean) / std, (xva - mean) / std
    torch.manual_seed(a.seed)
    net = ip.Growing(3)
    with open(os.path.join(a.out, "init.txt"), "w") as f:
        for k, v in params(net).items():
            f.write(f"{k} {' '.join(map(str, v.shape))}\n")
    save(a.out, "init.bin", np.concatenate([v.numpy().ravel() for v in params(net).values()]), "<f4")
    g = torch.Generator().manual_seed(a.seed)
    order = torch.randperm(xtr.shape[0], generator=g)
    if a.steps * 128 > xtr.shape[0]:
        sys.exit(f"--steps {a.steps} needs {a.steps * 128} training images, found {xtr.shape[0]}")
    xs, ys = [], []
    for s in range(a.steps):
        idx = order[s * 128:(s + 1) * 128]
        xs.append(augment(xtr[idx], g))
        ys.append(ytr[idx])
    xb, yb = torch.cat(xs), torch.cat(ys)
    save(a.out, "xb.bin", xb.numpy(), "<f4")
    save(a.out, "yb.bin", yb.numpy(), "<i4")
    save(a.out, "xva.bin", xva.numpy(), "<f4")
    save(a.out, "yva.bin", yva.numpy(), "<i4")
    opt = ip.rmsprop(net)
    t0 = time.perf_counter()
    for s in range(a.steps):
        loss = F.cross_entropy(net(xb[s * 128:(s + 1) * 128]), yb[s * 128:(s + 1) * 128])
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if s < 20 or (s + 1) % 10 == 0:
            print(f"step {s + 1} loss {loss.item():.5f}", flush=True)
    print(f"peer: steps={a.steps} validation_accuracy={evaluate(net, xva, yva):.4f} "
          f"seconds={time.perf_counter() - t0:.1f}", flush=True)
    save(a.out, "final.bin", np.concatenate([v.numpy().ravel() for v in params(net).values()]), "<f4")


if __name__ == "__main__":
    main()
