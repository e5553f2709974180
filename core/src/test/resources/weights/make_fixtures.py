"""Writes the state-dict fixtures of the import tests, once, with PyTorch 1.13 (Debian's python3-torch and
python3-torchvision); the tests read the committed files and never run Python.

    cd core/src/test/resources/weights && /usr/bin/python3 make_fixtures.py

- resnet18-w16.pth          torchvision.models.resnet18(num_classes=10).state_dict() as torch.save writes it (the zip
                            format, an OrderedDict with _metadata), every width divided by 16 (4, 8, 16, 32 channels:
                            snclr's --width 0.0625 --cifar-stem false) so that the file stays small
- resnet18-w16-legacy.pth   the same with _use_new_zipfile_serialization=False (PyTorch before 1.6)
- resnet18-w16-mocov3.pth.tar  MoCo v3's checkpoint layout (main_moco.py): epoch, arch, state_dict with
                            module.base_encoder. / module.momentum_encoder. / module.predictor. keys, optimizer
- resnet18-w16.safetensors  the same tensors in the safetensors format, written by its rules (8-byte little-endian
                            header length, JSON header, raw little-endian data), as timm's hub files are
- vit-d32.safetensors       a timm-named ViT (width 32, depth 2, 2 heads, patch 7, 28 px, 1 channel, a 10-class head)
- expected.json             per tensor of resnet18-w16.pth: shape, sum and first value, computed here
- refused-os-system.pth     a torch.save file whose pickle calls os.system: must be refused, never run
- refused-whole-model.pth   torch.save(torch.nn.Linear(2, 2)): a pickled module instead of its state_dict
"""
import collections
import json
import os
import struct

import torch
import torchvision

torch.manual_seed(0)
WIDTHS = {64, 128, 256, 512}


def narrow(t):
    """The tensor with every dimension of a torchvision ResNet-18 stage width divided by 16."""
    index = tuple(slice(0, d // 16) if d in WIDTHS else slice(None) for d in t.shape)
    return t[index].clone() if t.dim() > 0 else t.clone()


full = torchvision.models.resnet18(num_classes=10).state_dict()
small = collections.OrderedDict((k, narrow(v)) for k, v in full.items())
small._metadata = full._metadata  # what state_dict() carries: the pickle's BUILD of the OrderedDict
torch.save(small, "resnet18-w16.pth")
torch.save(small, "resnet18-w16-legacy.pth", _use_new_zipfile_serialization=False)

state = collections.OrderedDict()
for k, v in small.items():
    if not k.startswith("fc."):
        state["module.base_encoder." + k] = v
for k, v in small.items():
    if not k.startswith("fc."):
        state["module.momentum_encoder." + k] = v.clone()
state["module.predictor.0.weight"] = torch.randn(16, 32)
torch.save({"epoch": 100, "arch": "resnet18", "state_dict": state,
            "optimizer": {"state": {}, "param_groups": [{"lr": 0.6, "params": [0, 1]}]},
            "scaler": {"scale": 65536.0}}, "resnet18-w16-mocov3.pth.tar")

DTYPES = {torch.float32: "F32", torch.int64: "I64"}


def save_safetensors(tensors, path):
    header, data, offset = {"__metadata__": {"format": "pt"}}, [], 0
    for name, t in tensors.items():
        raw = t.contiguous().numpy().astype(t.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": DTYPES[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        data.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(data))


save_safetensors(small, "resnet18-w16.safetensors")

d, depth, patch, size = 32, 2, 7, 28
vit = collections.OrderedDict()
vit["cls_token"] = torch.randn(1, 1, d) * 0.02
vit["pos_embed"] = torch.randn(1, (size // patch) ** 2 + 1, d) * 0.02
vit["patch_embed.proj.weight"] = torch.randn(d, 1, patch, patch) * 0.05
vit["patch_embed.proj.bias"] = torch.randn(d) * 0.01
for i in range(depth):
    b = f"blocks.{i}."
    vit[b + "norm1.weight"], vit[b + "norm1.bias"] = 1 + 0.1 * torch.randn(d), 0.1 * torch.randn(d)
    vit[b + "attn.qkv.weight"], vit[b + "attn.qkv.bias"] = torch.randn(3 * d, d) * 0.1, torch.randn(3 * d) * 0.01
    vit[b + "attn.proj.weight"], vit[b + "attn.proj.bias"] = torch.randn(d, d) * 0.1, torch.randn(d) * 0.01
    vit[b + "norm2.weight"], vit[b + "norm2.bias"] = 1 + 0.1 * torch.randn(d), 0.1 * torch.randn(d)
    vit[b + "mlp.fc1.weight"], vit[b + "mlp.fc1.bias"] = torch.randn(4 * d, d) * 0.1, torch.randn(4 * d) * 0.01
    vit[b + "mlp.fc2.weight"], vit[b + "mlp.fc2.bias"] = torch.randn(d, 4 * d) * 0.1, torch.randn(d) * 0.01
vit["norm.weight"], vit["norm.bias"] = 1 + 0.1 * torch.randn(d), 0.1 * torch.randn(d)
vit["head.weight"], vit["head.bias"] = torch.randn(10, d) * 0.1, torch.zeros(10)
save_safetensors(vit, "vit-d32.safetensors")

expected = {k: {"shape": list(v.shape), "sum": float(v.double().sum()), "first": float(v.flatten()[0])}
            for k, v in small.items()}
with open("expected.json", "w") as f:
    json.dump(expected, f, indent=1)


class RunsACommand:
    def __reduce__(self):
        return (os.system, ("echo this file ran a command",))


torch.save({"conv1.weight": torch.zeros(1), "payload": RunsACommand()}, "refused-os-system.pth")
torch.save(torch.nn.Linear(2, 2), "refused-whole-model.pth")
