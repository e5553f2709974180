#!/usr/bin/env bash
# The real-photo folders of docs/performance.md (measurement only; needs Debian's mate-backgrounds and python3-pil):
#   bash bench/decoder/make-photos.sh /tmp/photos1mp /tmp/photosin
# 12 nature photos, each resized and cut into 20 JPEGs of 1152x864 / 864x1152 (quality 90), one folder per photo;
# then the same images at 500x375 / 375x500 (ImageNet's typical size).
set -euo pipefail
big="$1"; small="$2"
/usr/bin/python3 - "$big" "$small" <<'PY'
import glob, os, random, sys
from PIL import Image
big, small = sys.argv[1], sys.argv[2]
random.seed(0)
for src in sorted(glob.glob('/usr/share/backgrounds/mate/nature/*.jpg')):
    im = Image.open(src).convert('RGB')
    name = os.path.splitext(os.path.basename(src))[0]
    os.makedirs(os.path.join(big, name), exist_ok=True)
    os.makedirs(os.path.join(small, name), exist_ok=True)
    W, H = im.size
    for k in range(20):
        w, h = (1152, 864) if k % 4 else (864, 1152)
        scale = random.uniform(max(w / W, h / H), 1.0)
        sm = im.resize((max(w, int(W * scale)), max(h, int(H * scale))), Image.BILINEAR)
        x, y = random.randint(0, sm.size[0] - w), random.randint(0, sm.size[1] - h)
        tile = sm.crop((x, y, x + w, y + h))
        tile.save(os.path.join(big, name, f'{k:03d}.jpg'), quality=90)
        tile.resize((500, 375) if w > h else (375, 500), Image.BILINEAR).save(os.path.join(small, name, f'{k:03d}.jpg'), quality=90)
PY
