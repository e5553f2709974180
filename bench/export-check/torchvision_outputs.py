# Measurement aid, not part of the build: loads exported ResNets into torchvision and prints their outputs on a fixed input.
import torch, torchvision
x = (torch.arange(2*3*64*64, dtype=torch.float32) / (2*3*64*64)).reshape(2,3,64,64)
for name in ["resnet18", "resnet50"]:
    sd = torch.load(f"/tmp/scratch/{name}.pth", map_location="cpu")
    print(type(sd), len(sd))
    m = getattr(torchvision.models, name)()
    print(m.load_state_dict(sd, strict=False))
    m.fc = torch.nn.Identity(); m.eval()
    with torch.no_grad(): y = m(x)
    print(name, "python", y[0,0].item(), y[0,1].item(), y[-1,-1].item(), "sum", y.sum().item())
sd = torch.load("/tmp/scratch/vit-small.pth")
print(len(sd), list(sd)[:5])
