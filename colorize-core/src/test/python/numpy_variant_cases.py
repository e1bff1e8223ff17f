# Usage: python3 numpy_variant_cases.py OUT_DIR [SEED]; then mvn -pl colorize-core test -Dtest=CoreReferenceTest -Dcolorize.reference.dir=OUT_DIR
# (for machines without torch: generate.py needs it).
# Independent float64 numpy re-implementation of a few spatial ops, written as reference cases in
# the same safetensors layout as generate.py, with shapes and parameters absent from the public set.
import json, struct, os, sys
import numpy as np
rng = np.random.default_rng(int(sys.argv[2]) if len(sys.argv) > 2 else 99)
OUT = sys.argv[1]

def write(path, tensors, case, tol):
    header, blobs, off = {}, [], 0
    for k, v in tensors.items():
        if v.dtype == np.int64: dt, b = "I64", v.astype('<i8').tobytes()
        else: dt, b = "F32", v.astype('<f4').tobytes()
        header[k] = {"dtype": dt, "shape": list(v.shape), "data_offsets": [off, off + len(b)]}
        blobs.append(b); off += len(b)
    header["__metadata__"] = {"case": json.dumps(case), "tolerance": json.dumps(tol), "doc": "numpy variant", "torch_version": "none"}
    h = json.dumps(header).encode(); h += b" " * ((8 - len(h) % 8) % 8)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h))); f.write(h); [f.write(b) for b in blobs]

f32 = lambda a: np.asarray(a, dtype=np.float32)
r = lambda *s: f32(rng.standard_normal(s))

def patches(x, kh, kw, s, p, d):
    n, c, h, w = x.shape
    oh = (h + 2*p[0] - d[0]*(kh-1) - 1)//s[0] + 1; ow = (w + 2*p[1] - d[1]*(kw-1) - 1)//s[1] + 1
    idx_y = (np.arange(oh)*s[0])[None, :] + (np.arange(kh)*d[0])[:, None]   # [kh, oh] in padded coords
    idx_x = (np.arange(ow)*s[1])[None, :] + (np.arange(kw)*d[1])[:, None]
    return oh, ow, idx_y, idx_x

def conv_fwd(x, w, s, p, d):
    xp = np.pad(x, ((0,0),(0,0),(p[0],p[0]),(p[1],p[1])))
    oh, ow, iy, ix = patches(x, w.shape[2], w.shape[3], s, p, d)
    P = xp[:, :, iy[:, :, None, None], ix[None, None, :, :]]  # n c kh oh kw ow
    return np.einsum('ncaibj,ocab->noij', P, w), P

def conv_adj(go, w, xshape, s, p, d):  # gradient wrt x of sum(conv(x,w)*go)
    n, c, h, wd = xshape
    oh, ow, iy, ix = patches(np.zeros(xshape), w.shape[2], w.shape[3], s, p, d)
    gP = np.einsum('noij,ocab->ncaibj', go, w)
    gxp = np.zeros((n, c, h + 2*p[0], wd + 2*p[1]))
    np.add.at(gxp, (slice(None), slice(None), iy[:, :, None, None], ix[None, None, :, :]), gP)
    return gxp[:, :, p[0]:p[0]+h, p[1]:p[1]+wd]

def conv_case(name, n, cin, cout, h, w, k, s, p, d, bias):
    x, wt, b = r(n, cin, h, w), r(cout, cin, *k) * 0.3, r(cout)
    X, W = x.astype(np.float64), wt.astype(np.float64)
    y, P = conv_fwd(X, W, s, p, d)
    if bias: y = y + b[None, :, None, None]
    go = r(*y.shape); G = go.astype(np.float64)
    t = {"input": x, "weight": wt}
    if bias: t["bias"] = b
    t.update({"grad_output": go, "output": f32(y), "grad_input": f32(conv_adj(G, W, x.shape, s, p, d)),
              "grad_weight": f32(np.einsum('ncaibj,noij->ocab', P, G))})
    if bias: t["grad_bias"] = f32(G.sum((0, 2, 3)))
    write(f"{OUT}/conv2d/{name}.safetensors", t, {"op": "conv2d", "stride": s, "padding": p, "dilation": d, "groups": 1, "bias": bias}, {"rtol": 1e-4, "atol": 1e-4})

def convT_case(name, n, cin, cout, h, w, k, s, p, op, bias):
    x, wt, b = r(n, cin, h, w), r(cin, cout, *k) * 0.3, r(cout)
    X, W = x.astype(np.float64), wt.astype(np.float64)
    oh = (h-1)*s[0] - 2*p[0] + (k[0]-1) + op[0] + 1; ow = (w-1)*s[1] - 2*p[1] + (k[1]-1) + op[1] + 1
    y = conv_adj(X, W, (n, cout, oh, ow), s, p, [1, 1])   # transposed conv = adjoint of conv with weight [cin,cout,..]
    if bias: y = y + b[None, :, None, None]
    go = r(*y.shape); G = go.astype(np.float64)
    gx, Pg = conv_fwd(G, W, s, p, [1, 1])
    t = {"input": x, "weight": wt}
    if bias: t["bias"] = b
    t.update({"grad_output": go, "output": f32(y), "grad_input": f32(gx),
              "grad_weight": f32(np.einsum('ncaibj,noij->ocab', Pg, X))})
    if bias: t["grad_bias"] = f32(G.sum((0, 2, 3)))
    write(f"{OUT}/conv_transpose2d/{name}.safetensors", t, {"op": "conv_transpose2d", "stride": s, "padding": p, "output_padding": op, "dilation": [1, 1], "groups": 1, "bias": bias}, {"rtol": 1e-4, "atol": 1e-4})

def interp_matrix(size, scale, bilinear):
    M = np.zeros((size*scale, size))
    for dst in range(size*scale):
        if not bilinear: M[dst, min(int(np.floor(dst/scale)), size-1)] = 1; continue
        src = max((dst + 0.5)/scale - 0.5, 0.0); i0 = min(int(np.floor(src)), size-1); i1 = min(i0+1, size-1); l = src - i0
        M[dst, i0] += 1-l; M[dst, i1] += l
    return M

def upsample_case(name, shape, scale, mode):
    x = r(*shape); X = x.astype(np.float64)
    Mh, Mw = interp_matrix(shape[2], scale, mode == "bilinear"), interp_matrix(shape[3], scale, mode == "bilinear")
    y = np.einsum('ah,nchw,bw->ncab', Mh, X, Mw); go = r(*y.shape)
    gx = np.einsum('ah,ncab,bw->nchw', Mh, go.astype(np.float64), Mw)
    write(f"{OUT}/upsample/{name}.safetensors", {"input": x, "grad_output": go, "output": f32(y), "grad_input": f32(gx)},
          {"op": "upsample", "mode": mode, "scale_factor": [scale, scale], "align_corners": False if mode == "bilinear" else None}, {"rtol": 1e-4, "atol": 1e-5})

def pad_case(name, shape, pad, mode):
    x = r(*shape); l, rr, t, b = pad
    y = np.pad(x, ((0,0),(0,0),(t,b),(l,rr)), mode="reflect" if mode == "reflect" else "constant")
    # adjoint by brute force: gradient of sum(pad(x)*go) = pad matrix transposed, via index map
    idx = np.arange(x.size).reshape(x.shape).astype(np.float64)
    imap = np.pad(idx, ((0,0),(0,0),(t,b),(l,rr)), mode="reflect") if mode == "reflect" else np.pad(idx, ((0,0),(0,0),(t,b),(l,rr)), constant_values=-1)
    go = r(*y.shape); gx = np.zeros(x.size)
    m = imap >= 0
    if mode == "constant": m = np.zeros_like(imap, bool); m[:, :, t:t+shape[2], l:l+shape[3]] = True
    np.add.at(gx, imap[m].astype(int), go[m].astype(np.float64))
    write(f"{OUT}/shape/{name}.safetensors", {"input": x, "grad_output": go, "output": f32(y), "grad_input": f32(gx.reshape(x.shape))},
          {"op": "pad", "pad": pad, "mode": mode, "value": 0.0}, {"rtol": 1e-6, "atol": 1e-6})

def bn_case(name, shape):
    x, wt, b = r(*shape) * 2 + 1, f32(rng.uniform(0.5, 1.5, shape[1])), r(shape[1])
    rm, rv = r(shape[1]), f32(rng.uniform(0.5, 2, shape[1]))
    X = x.astype(np.float64); ax = (0, 2, 3); n = X.size // shape[1]
    mu = X.mean(ax, keepdims=True); var = ((X-mu)**2).mean(ax, keepdims=True); istd = 1/np.sqrt(var + 1e-5)
    xh = (X-mu)*istd; W = wt.astype(np.float64)[None, :, None, None]
    y = xh*W + b.astype(np.float64)[None, :, None, None]
    go = r(*y.shape); G = go.astype(np.float64); gxh = G*W
    gx = istd * (gxh - gxh.mean(ax, keepdims=True) - xh*(gxh*xh).mean(ax, keepdims=True))
    write(f"{OUT}/batch_norm/{name}.safetensors", {"input": x, "weight": wt, "bias": b, "running_mean": rm, "running_var": rv,
          "grad_output": go, "output": f32(y), "running_mean_after": f32(0.9*rm + 0.1*mu.ravel()),
          "running_var_after": f32(0.9*rv + 0.1*var.ravel()*n/(n-1)), "grad_input": f32(gx),
          "grad_weight": f32((G*xh).sum(ax)), "grad_bias": f32(G.sum(ax))},
          {"op": "batch_norm", "training": True, "affine": True, "track_running_stats": True, "momentum": 0.1, "eps": 1e-5}, {"rtol": 1e-4, "atol": 1e-4})

conv_case("k5s3p2_4to6_bias", 3, 4, 6, 13, 11, [5, 5], [3, 3], [2, 2], [1, 1], True)
conv_case("k2x3s1x2p0x1d3x1_3to5", 1, 3, 5, 10, 9, [2, 3], [1, 2], [0, 1], [3, 1], False)
conv_case("k4s2p1_6to9_odd", 2, 6, 9, 9, 7, [4, 4], [2, 2], [1, 1], [1, 1], True)
convT_case("k4s2p1_9to4", 2, 9, 4, 5, 3, [4, 4], [2, 2], [1, 1], [0, 0], True)
convT_case("k3s3p0op2_4to6", 1, 4, 6, 3, 4, [3, 3], [3, 3], [0, 0], [2, 2], False)
convT_case("k5x3s2x1p2x1op1x0_3to5", 2, 3, 5, 4, 5, [5, 3], [2, 1], [2, 1], [1, 0], True)
upsample_case("bilinear_x3_odd", [2, 3, 5, 3], 3, "bilinear")
upsample_case("bilinear_x2_1x1", [1, 2, 1, 4], 2, "bilinear")
upsample_case("nearest_x3", [1, 2, 3, 5], 3, "nearest")
pad_case("pad_reflect_3", [1, 2, 5, 4], [3, 2, 1, 4], "reflect")
pad_case("pad_zero_wide", [2, 1, 3, 3], [4, 0, 2, 5], "constant")
bn_case("train_affine_variant", [3, 6, 5, 4])
print("wrote", sum(len(f) for _, _, f in os.walk(OUT)), "cases to", OUT)
