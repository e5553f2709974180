# Measurement aid, not part of the build: runs an exported ViT-S/16 state_dict through timm's forward, written out.
import torch, torch.nn.functional as F
# timm VisionTransformer.forward_features + token pooling, written out (timm is not packaged in Debian)
sd = torch.load("/tmp/scratch/vit-small.pth")
x = (torch.arange(2*3*64*64, dtype=torch.float32) / (2*3*64*64)).reshape(2,3,64,64)
d, heads = 384, 6
t = F.conv2d(x, sd["patch_embed.proj.weight"], sd["patch_embed.proj.bias"], stride=16).flatten(2).transpose(1, 2)
t = torch.cat([sd["cls_token"].expand(2, -1, -1), t], 1) + sd["pos_embed"]
for i in range(12):
    p = lambda k: sd[f"blocks.{i}.{k}"]
    h = F.layer_norm(t, (d,), p("norm1.weight"), p("norm1.bias"), 1e-6)
    B, N, _ = h.shape
    qkv = F.linear(h, p("attn.qkv.weight"), p("attn.qkv.bias")).reshape(B, N, 3, heads, d // heads).permute(2, 0, 3, 1, 4)
    q, k, v = qkv[0], qkv[1], qkv[2]
    a = ((q @ k.transpose(-2, -1)) * (d // heads) ** -0.5).softmax(-1)
    t = t + F.linear((a @ v).transpose(1, 2).reshape(B, N, d), p("attn.proj.weight"), p("attn.proj.bias"))
    h = F.layer_norm(t, (d,), p("norm2.weight"), p("norm2.bias"), 1e-6)
    t = t + F.linear(F.gelu(F.linear(h, p("mlp.fc1.weight"), p("mlp.fc1.bias"))), p("mlp.fc2.weight"), p("mlp.fc2.bias"))
y = F.layer_norm(t, (d,), sd["norm.weight"], sd["norm.bias"], 1e-6)[:, 0]
print("vit python", y[0,0].item(), y[0,1].item(), y[-1,-1].item())
