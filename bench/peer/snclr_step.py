"""The SNCLR training step in PyTorch, for side-by-side timing with `snclr bench` (measurement only: the build and the
tests never run Python). Debian: apt install python3-torch python3-torchvision; run with /usr/bin/python3.

One step as snclr runs it: EMA update of the momentum branch, keys of both views, their K nearest entries of the
candidate queue, the parameter-free positiveness, the soft-target loss in both directions, backward, AdamW, enqueue.
Inputs are fixed random tensors (no data loading or augmentation): compare with snclr's step minus its data phase.

  /usr/bin/python3 bench/peer/snclr_step.py --encoder resnet50 --image-size 224 --batch 8 --queue 4096 --steps 2
prints one JSON line: median seconds per step over the timed steps, and the process's peak RSS in MB.
"""
import argparse
import copy
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision


class Block(nn.Module):
    """ResNet's basic block (two 3x3 convolutions), as torchvision's BasicBlock."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.down = None
        if stride != 1 or cin != cout:
            self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return F.relu(y + (x if self.down is None else self.down(x)))


def resnet18_cifar(width, channels):
    """ResNet-18 with a CIFAR stem (3x3 stride-1 first convolution, no max-pool) and a width multiplier."""
    w = [int(c * width) for c in (64, 128, 256, 512)]
    layers = [nn.Conv2d(channels, w[0], 3, 1, 1, bias=False), nn.BatchNorm2d(w[0]), nn.ReLU()]
    cin = w[0]
    for i, c in enumerate(w):
        for b in range(2):
            layers.append(Block(cin, c, 2 if (b == 0 and i > 0) else 1))
            cin = c
    layers += [nn.AdaptiveAvgPool2d(1), nn.Flatten()]
    return nn.Sequential(*layers), w[3]


def backbone(name, width, size, channels, patch):
    if name == "resnet18":
        return resnet18_cifar(width, channels)
    if name == "resnet50":
        m = torchvision.models.resnet50()
        m.fc = nn.Identity()
        return m, 2048
    if name in ("vit-small", "vit-tiny"):
        dim, heads = (384, 12) if name == "vit-small" else (192, 12)  # MoCo v3's ViTs: 12 heads
        m = torchvision.models.VisionTransformer(size, patch, 12, heads, dim, 4 * dim)
        m.heads = nn.Identity()  # the [CLS] token after the final LayerNorm
        m.conv_proj.weight.requires_grad_(False)  # MoCo v3's frozen random patch projection
        m.conv_proj.bias.requires_grad_(False)
        return m, dim
    raise SystemExit("unknown encoder " + name)


def mlp(layers, cin, hidden, cout, last_bn):
    """MoCo v3's heads: Linear (no bias) - BN - ReLU, the last Linear with a non-affine BN (or none)."""
    mods = []
    for i in range(layers):
        a = cin if i == 0 else hidden
        b = cout if i == layers - 1 else hidden
        mods.append(nn.Linear(a, b, bias=False))
        if i < layers - 1:
            mods += [nn.BatchNorm1d(b), nn.ReLU()]
        elif last_bn:
            mods.append(nn.BatchNorm1d(b, affine=False))
    return nn.Sequential(*mods)


def soft_neighbor_loss(q, keys, neighbors, y, temperature):
    """Soft targets over the batch's keys and their neighbours: 1 at the own key, the positiveness at the own
    neighbours (a softmax of the online projection against them), 0 elsewhere; cross-entropy x 2T."""
    n, k, d = neighbors.shape
    w = torch.softmax(torch.einsum("nd,nkd->nk", F.normalize(y, dim=1), neighbors), dim=1)
    columns = torch.cat([keys.unsqueeze(1), neighbors], 1).reshape(n * (k + 1), d)  # [k_n, NN(k_n)_1..K] per n
    logp = F.log_softmax(F.normalize(q, dim=1) @ columns.t() / temperature, dim=1)
    own = logp.reshape(n, n, k + 1)[torch.arange(n), torch.arange(n)]  # each row's own block
    target = torch.cat([torch.ones(n, 1), w], 1)
    return -(target * own).sum(1).mean() * 2 * temperature


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--encoder", default="resnet18")
    p.add_argument("--width", type=float, default=0.5)
    p.add_argument("--image-size", type=int, default=32)
    p.add_argument("--channels", type=int, default=3)
    p.add_argument("--patch", type=int, default=16)
    p.add_argument("--batch", type=int, default=256)
    p.add_argument("--queue", type=int, default=128000)
    p.add_argument("--neighbors", type=int, default=30)
    p.add_argument("--hidden", type=int, default=1024)
    p.add_argument("--dim", type=int, default=256)
    p.add_argument("--projector-layers", type=int, default=3)
    p.add_argument("--predictor-last-bn", type=int, default=1)
    p.add_argument("--temperature", type=float, default=0.2)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--precision", choices=("fp32", "bf16"), default="fp32",
                   help="bf16: the networks under CPU autocast, losses, softmaxes and the queue in fp32 (as snclr's)")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)

    f, feat = backbone(a.encoder, a.width, a.image_size, a.channels, a.patch)
    online = nn.Sequential(f, mlp(a.projector_layers, feat, a.hidden, a.dim, True))
    predictor = mlp(2, a.dim, a.hidden, a.dim, bool(a.predictor_last_bn))
    momentum = copy.deepcopy(online)
    for t in momentum.parameters():
        t.requires_grad_(False)
    params = [t for t in list(online.parameters()) + list(predictor.parameters()) if t.requires_grad]
    opt = torch.optim.AdamW(params, lr=1e-4, weight_decay=0.1)
    queue = F.normalize(torch.randn(a.queue, a.dim), dim=1)
    pointer = 0
    x1 = torch.randn(a.batch, a.channels, a.image_size, a.image_size)
    x2 = torch.randn(a.batch, a.channels, a.image_size, a.image_size)

    autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=a.precision == "bf16")
    times = []
    for step in range(a.warmup + a.steps):
        t0 = time.perf_counter()
        with torch.no_grad():
            for po, pm in zip(online.parameters(), momentum.parameters()):
                pm.mul_(0.99).add_(po.detach(), alpha=0.01)
            with autocast:
                m1, m2 = momentum(x1), momentum(x2)
            k1 = F.normalize(m1.float(), dim=1)
            k2 = F.normalize(m2.float(), dim=1)
            nn1 = queue[(k1 @ queue.t()).topk(a.neighbors, dim=1).indices]
            nn2 = queue[(k2 @ queue.t()).topk(a.neighbors, dim=1).indices]
        with autocast:
            y1, y2 = online(x1), online(x2)
            q1, q2 = predictor(y1), predictor(y2)
        y1, y2, q1, q2 = y1.float(), y2.float(), q1.float(), q2.float()
        loss = soft_neighbor_loss(q1, k2, nn2, y1, a.temperature) + soft_neighbor_loss(q2, k1, nn1, y2, a.temperature)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        with torch.no_grad():
            idx = (torch.arange(a.batch) + pointer) % a.queue
            queue[idx] = k2
            pointer = (pointer + a.batch) % a.queue
        if step >= a.warmup:
            times.append(time.perf_counter() - t0)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"torch": torch.__version__, "encoder": a.encoder, "image_size": a.image_size,
                      "batch": a.batch, "precision": a.precision, "seconds_per_step": statistics.median(times), "steps": times,
                      "peak_rss_mb": round(peak, 1), "loss": float(loss)}))


if __name__ == "__main__":
    main()
