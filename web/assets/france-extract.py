# Kept for provenance: how web/assets/france.json was made from world-atlas 2.0.2 (see README.md).
# Extracts metropolitan France (mainland + Corsica) from world-atlas countries-50m (Natural Earth 4.1.0),
# simplifies it (Douglas-Peucker, 0.02 degree) and writes lon/lat rings rounded to 3 decimals.
import json, math
topo = json.load(open('package/countries-50m.json'))
sx, sy = topo['transform']['scale']; tx, ty = topo['transform']['translate']
arcs = []
for arc in topo['arcs']:
    x = y = 0; pts = []
    for dx, dy in arc:
        x += dx; y += dy
        pts.append((x * sx + tx, y * sy + ty))
    arcs.append(pts)
def arc_pts(i):
    return arcs[i] if i >= 0 else list(reversed(arcs[~i]))
def ring(idx):
    out = []
    for i in idx:
        p = arc_pts(i)
        out.extend(p if not out else p[1:])
    return out
fr = [g for g in topo['objects']['countries']['geometries'] if g['properties']['name'] == 'France'][0]
polys = fr['arcs'] if fr['type'] == 'MultiPolygon' else [fr['arcs']]
def dp(pts, eps):
    if len(pts) < 3: return pts
    a, b = pts[0], pts[-1]
    dmax, k = 0, 0
    for i in range(1, len(pts)-1):
        p = pts[i]
        if a == b: d = math.dist(p, a)
        else:
            d = abs((b[0]-a[0])*(a[1]-p[1]) - (a[0]-p[0])*(b[1]-a[1])) / math.dist(a, b)
        if d > dmax: dmax, k = d, i
    if dmax > eps:
        return dp(pts[:k+1], eps)[:-1] + dp(pts[k:], eps)
    return [a, b]
rings = []
for poly in polys:
    r = ring(poly[0])
    lons = [p[0] for p in r]; lats = [p[1] for p in r]
    if not (-6 < min(lons) and max(lons) < 10 and 41 < min(lats) and max(lats) < 52): continue
    if len(r) < 8: continue
    mid = len(r)//2
    s = dp(r[:mid+1], 0.02)[:-1] + dp(r[mid:], 0.02)
    rings.append([[round(x, 3), round(y, 3)] for x, y in s])
print(len(rings), [len(r) for r in rings])
json.dump({
  "source": "Natural Earth 1:50m Admin 0 - Countries, version 4.1.0, via the world-atlas 2.0.2 npm package (TopoJSON), France: mainland and Corsica only",
  "licence": "Public domain (Natural Earth, https://www.naturalearthdata.com/about/terms-of-use/)",
  "processing": "rings decoded from TopoJSON, simplified with Douglas-Peucker (0.02 degree), rounded to 0.001 degree",
  "rings": rings}, open('/work/main/web/assets/france.json', 'w'), separators=(',', ':'))
