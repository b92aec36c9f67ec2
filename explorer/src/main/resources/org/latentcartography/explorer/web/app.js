// Latent Cartography explorer: vanilla JS and 2-D canvas, no libraries.
// Left: the latent space (sqrt(measure) heat map, embeddings by label). Right: the same under the
// map T, morphed by the slider: F_t(z) = (1 - t) z + t T(z) (node positions interpolated).
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f',
    '#bcbd22', '#17becf'];
  const S = {
    info: null, n1: 0, n2: 0, lo: [0, 0], hi: [1, 1], measure: null, nodes: null,
    pts: null, moved: null, labels: null, cats: [],
    t: 1, contrast: 1, highlight: -1,
    zoom: 1, cx: 0, cy: 0,
    heat: null, warped: null, warpedT: -1, mesh: null,
    hover: null, path: null, drag: null, readyMs: 0,
  };
  const W = 560, H = 560, MARGIN = 12;
  // the three paths between two points: their colours, dashes and the names of their fields in /api/path
  const CURVES = [
    { key: 'straight', name: 'straight path', colour: '#1f77b4', dash: [] },
    { key: 'pseudo_geodesic', name: 'pseudo-geodesic', cls: 'geodesic', colour: '#d62728', dash: [6, 3] },
    { key: 'true_geodesic', name: 'true geodesic', cls: 'true-geodesic', colour: '#111111', dash: [2, 3] },
  ];

  function colour(label) {
    if (label < PALETTE.length) return PALETTE[label];
    return 'hsl(' + ((label * 137.508) % 360).toFixed(0) + ',65%,45%)';
  }
  function catName(l) { return l >= 0 && l < S.cats.length ? S.cats[l] : String(l); }
  function fmt(v) { return Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toPrecision(4)) : '–'; }

  // ---- view transform (shared by both views) ----
  function scale() {
    const w0 = S.hi[0] - S.lo[0], w1 = S.hi[1] - S.lo[1];
    return Math.min((W - 2 * MARGIN) / w0, (H - 2 * MARGIN) / w1) * S.zoom;
  }
  function toPx(x, y) { const s = scale(); return [W / 2 + (x - S.cx) * s, H / 2 - (y - S.cy) * s]; }
  function fromPx(px, py) { const s = scale(); return [S.cx + (px - W / 2) / s, S.cy - (py - H / 2) / s]; }
  function inBox(x, y) { return x >= S.lo[0] && x <= S.hi[0] && y >= S.lo[1] && y <= S.hi[1]; }

  // ---- the map in JS: T by bilinear interpolation between nodes; F_t; inverse by mesh search + Newton ----
  function mapT(x, y) {
    if (!S.hasMap) return [x, y];
    if (!S.nodes) return mapCoarse(x, y);
    const n1 = S.n1, n2 = S.n2;
    let u = (x - S.lo[0]) / (S.hi[0] - S.lo[0]) * n1, v = (y - S.lo[1]) / (S.hi[1] - S.lo[1]) * n2;
    u = Math.min(Math.max(u, 0), n1); v = Math.min(Math.max(v, 0), n2);
    const i = Math.min(Math.floor(u), n1 - 1), j = Math.min(Math.floor(v), n2 - 1);
    const a = u - i, b = v - j, N = S.nodes, r = n2 + 1;
    const k00 = 2 * (i * r + j), k10 = 2 * ((i + 1) * r + j), k01 = k00 + 2, k11 = k10 + 2;
    const w00 = (1 - a) * (1 - b), w10 = a * (1 - b), w01 = (1 - a) * b, w11 = a * b;
    return [w00 * N[k00] + w10 * N[k10] + w01 * N[k01] + w11 * N[k11],
      w00 * N[k00 + 1] + w10 * N[k10 + 1] + w01 * N[k01 + 1] + w11 * N[k11 + 1]];
  }
  // until the full map has arrived: T bilinear between the coarse mesh's nodes
  function mapCoarse(x, y) {
    const { is, js, step } = S.mesh, C = S.coarse, nb = js.length;
    let u = (x - S.lo[0]) / (S.hi[0] - S.lo[0]) * S.n1, v = (y - S.lo[1]) / (S.hi[1] - S.lo[1]) * S.n2;
    u = Math.min(Math.max(u, 0), S.n1); v = Math.min(Math.max(v, 0), S.n2);
    const a = Math.min(Math.floor(u / step), is.length - 2), b = Math.min(Math.floor(v / step), nb - 2);
    const fa = (u - is[a]) / (is[a + 1] - is[a]), fb = (v - js[b]) / (js[b + 1] - js[b]);
    const k00 = 2 * (a * nb + b), k10 = k00 + 2 * nb, k01 = k00 + 2, k11 = k10 + 2;
    const w00 = (1 - fa) * (1 - fb), w10 = fa * (1 - fb), w01 = (1 - fa) * fb, w11 = fa * fb;
    return [w00 * C[k00] + w10 * C[k10] + w01 * C[k01] + w11 * C[k11],
      w00 * C[k00 + 1] + w10 * C[k10 + 1] + w01 * C[k01 + 1] + w11 * C[k11 + 1]];
  }
  function F(x, y, t) { const m = mapT(x, y); return [x + t * (m[0] - x), y + t * (m[1] - y)]; }
  function buildMesh() {
    const step = Math.max(1, Math.ceil(Math.max(S.n1, S.n2) / 48));
    const is = [], js = [];
    for (let i = 0; i < S.n1; i += step) is.push(i); is.push(S.n1);
    for (let j = 0; j < S.n2; j += step) js.push(j); js.push(S.n2);
    S.mesh = { is, js, step };
  }
  // node (is[a], js[b]) of the coarse mesh under F_t
  function meshNode(a, b, t) {
    const { is, js } = S.mesh;
    const x = S.lo[0] + is[a] * (S.hi[0] - S.lo[0]) / S.n1, y = S.lo[1] + js[b] * (S.hi[1] - S.lo[1]) / S.n2;
    if (!S.hasMap || t === 0) return [x, y];
    const k = 2 * (a * js.length + b);
    return [x + t * (S.coarse[k] - x), y + t * (S.coarse[k + 1] - y)];
  }
  // the coarse mesh's node positions under F_t, computed once per t
  let meshCache = null;
  function meshAt(t) {
    if (meshCache && meshCache.t === t) return meshCache;
    const { is, js } = S.mesh, xs = new Float64Array(is.length * js.length), ys = new Float64Array(is.length * js.length);
    for (let a = 0; a < is.length; a++) for (let b = 0; b < js.length; b++) {
      const p = meshNode(a, b, t); xs[a * js.length + b] = p[0]; ys[a * js.length + b] = p[1];
    }
    meshCache = { t, xs, ys };
    return meshCache;
  }
  function inverseF(px, py, t) {
    if (!S.hasMap || t === 0) return [px, py];
    const { is, js } = S.mesh, m = meshAt(t), nb = js.length;
    let best = null;
    for (let a = 0; a + 1 < is.length && !best; a++) {
      for (let b = 0; b + 1 < nb; b++) {
        const k00 = a * nb + b, k10 = k00 + nb, k01 = k00 + 1, k11 = k10 + 1;
        const x0 = m.xs[k00], x1 = m.xs[k10], x2 = m.xs[k01], x3 = m.xs[k11];
        if (px < Math.min(x0, x1, x2, x3) || px > Math.max(x0, x1, x2, x3)) continue;
        const y0 = m.ys[k00], y1 = m.ys[k10], y2 = m.ys[k01], y3 = m.ys[k11];
        if (py < Math.min(y0, y1, y2, y3) || py > Math.max(y0, y1, y2, y3)) continue;
        if (!inQuad(px, py, [x0, y0], [x1, y1], [x3, y3], [x2, y2])) continue;
        const q0 = meshNode(a, b, 0), q1 = meshNode(a + 1, b + 1, 0);
        best = [(q0[0] + q1[0]) / 2, (q0[1] + q1[1]) / 2];
        break;
      }
    }
    if (!best) return null;
    let z = best;
    for (let it = 0; it < 12; it++) {  // Newton with a finite-difference Jacobian
      const f = F(z[0], z[1], t), ex = f[0] - px, ey = f[1] - py;
      if (Math.hypot(ex, ey) < 1e-9 * (S.hi[0] - S.lo[0])) break;
      const h = 1e-4 * (S.hi[0] - S.lo[0]);
      const fx = F(z[0] + h, z[1], t), fy = F(z[0], z[1] + h, t);
      const a = (fx[0] - f[0]) / h, c = (fx[1] - f[1]) / h, b = (fy[0] - f[0]) / h, d = (fy[1] - f[1]) / h;
      const det = a * d - b * c;
      if (!(Math.abs(det) > 1e-12)) break;
      z = [Math.min(Math.max(z[0] - (d * ex - b * ey) / det, S.lo[0]), S.hi[0]),
        Math.min(Math.max(z[1] - (-c * ex + a * ey) / det, S.lo[1]), S.hi[1])];
    }
    return z;
  }
  function inQuad(x, y, a, b, c, d) {  // a, b, c, d in order around the quad
    let sign = 0;
    for (const [p, q] of [[a, b], [b, c], [c, d], [d, a]]) {
      const cr = (q[0] - p[0]) * (y - p[1]) - (q[1] - p[1]) * (x - p[0]);
      if (cr !== 0) { if (sign === 0) sign = Math.sign(cr); else if (Math.sign(cr) !== sign) return false; }
    }
    return true;
  }

  // ---- heat map: drawn once to an offscreen canvas (pixel (i, n2-1-j) = cell (i, j)) ----
  function renderHeat() {
    // from the server's 8-bit image of sqrt(m)/max (grey, dark = large; pixel (i, n2-1-j) = cell (i, j)):
    // 256 colours for the contrast in force (one pow per level, not per cell), as little-endian RGBA words
    const n1 = S.n1, n2 = S.n2, q = S.heatQ, g = 1 / S.contrast, lut = new Uint32Array(256);
    for (let k = 0; k < 256; k++) {
      const v = Math.pow((255 - k) / 255, g);
      lut[k] = ((255 << 24) | (Math.round(255 - 190 * v) << 16) | (Math.round(255 - 210 * v) << 8) | Math.round(255 - 215 * v)) >>> 0;
    }
    const c = S.heat || document.createElement('canvas');
    c.width = n1; c.height = n2;
    const ctx = c.getContext('2d'), img = ctx.createImageData(n1, n2), px = new Uint32Array(img.data.buffer);
    for (let o = 0; o < px.length; o++) px[o] = lut[q[4 * o]];
    ctx.putImageData(img, 0, 0);
    S.heat = c;
    S.heatPx = px;
    S.warpedT = -1;
  }
  // the heat map under F_t, in latent coordinates at a fixed resolution: the coarse mesh's quads, two
  // affinely textured triangles each, rasterised here into one image (nearest source pixel per output pixel)
  function renderWarped() {
    if (S.warpedT === S.t && S.warped) return;
    const R = 640, c = S.warped || document.createElement('canvas');
    c.width = R; c.height = R;
    const ctx = c.getContext('2d'), img = ctx.createImageData(R, R), out = new Uint32Array(img.data.buffer);
    out.fill(0xffffffff);
    const sx0 = S.lo[0], sy0 = S.lo[1], kx = R / (S.hi[0] - S.lo[0]), ky = R / (S.hi[1] - S.lo[1]);
    const { is, js } = S.mesh, nb = js.length, m = meshAt(S.t);
    const dx = new Float64Array(m.xs.length), dy = new Float64Array(m.ys.length);
    for (let k = 0; k < dx.length; k++) { dx[k] = (m.xs[k] - sx0) * kx; dy[k] = R - (m.ys[k] - sy0) * ky; }
    const src = S.heatPx, sw = S.n1, sh = S.n2;
    for (let a = 0; a + 1 < is.length; a++) {
      for (let b = 0; b + 1 < nb; b++) {
        const k00 = a * nb + b, k10 = k00 + nb, k01 = k00 + 1, k11 = k10 + 1;
        const u0 = is[a], u1 = is[a + 1], v0 = sh - js[b], v1 = sh - js[b + 1];
        raster(out, R, src, sw, sh, dx[k00], dy[k00], dx[k10], dy[k10], dx[k11], dy[k11], u0, v0, u1, v0, u1, v1);
        raster(out, R, src, sw, sh, dx[k00], dy[k00], dx[k11], dy[k11], dx[k01], dy[k01], u0, v0, u1, v1, u0, v1);
      }
    }
    ctx.putImageData(img, 0, 0);
    S.warped = c;
    S.warpedT = S.t;
  }
  // one triangle: output pixels whose centres lie inside (x_i, y_i) take the source pixel at the affine image
  // of the centre in the source triangle (u_i, v_i)
  function raster(out, R, src, sw, sh, x0, y0, x1, y1, x2, y2, u0, v0, u1, v1, u2, v2) {
    const det = (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
    if (!(Math.abs(det) > 1e-12)) return;
    const xa = Math.max(0, Math.floor(Math.min(x0, x1, x2))), xb = Math.min(R - 1, Math.ceil(Math.max(x0, x1, x2)));
    const ya = Math.max(0, Math.floor(Math.min(y0, y1, y2))), yb = Math.min(R - 1, Math.ceil(Math.max(y0, y1, y2)));
    const eps = -1e-6 * Math.abs(det);
    for (let y = ya; y <= yb; y++) {
      const py = y + 0.5;
      for (let x = xa; x <= xb; x++) {
        const px = x + 0.5;
        // barycentric weights of the centre, times det
        const w1 = ((px - x0) * (y2 - y0) - (x2 - x0) * (py - y0)) * Math.sign(det);
        const w2 = ((x1 - x0) * (py - y0) - (px - x0) * (y1 - y0)) * Math.sign(det);
        const w0 = Math.abs(det) - w1 - w2;
        if (w0 < eps || w1 < eps || w2 < eps) continue;
        const ad = Math.abs(det);
        let u = (w0 * u0 + w1 * u1 + w2 * u2) / ad, v = (w0 * v0 + w1 * v1 + w2 * v2) / ad;
        u = u < 0 ? 0 : u >= sw ? sw - 1 : u | 0;
        v = v < 0 ? 0 : v >= sh ? sh - 1 : v | 0;
        out[y * R + x] = src[v * sw + u];
      }
    }
  }

  // ---- drawing ----
  function drawBase(which, ctx) {
    ctx = ctx || $(which + '-base').getContext('2d');
    ctx.save();
    ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, W, H);
    const p0 = toPx(S.lo[0], S.hi[1]), p1 = toPx(S.hi[0], S.lo[1]);
    ctx.imageSmoothingEnabled = false;
    if (which === 'left') ctx.drawImage(S.heat, p0[0], p0[1], p1[0] - p0[0], p1[1] - p0[1]);
    else { renderWarped(); ctx.drawImage(S.warped, p0[0], p0[1], p1[0] - p0[0], p1[1] - p0[1]); }
    ctx.strokeStyle = '#999'; ctx.lineWidth = 1; ctx.strokeRect(p0[0], p0[1], p1[0] - p0[0], p1[1] - p0[1]);
    if (which === 'right' && S.hasMap) drawMeshLines(ctx);
    drawPoints(ctx, which === 'left' ? 0 : S.t);
    ctx.restore();
  }
  function drawMeshLines(ctx) {
    const { is, js } = S.mesh, every = Math.max(1, Math.round(is.length / 16));
    ctx.strokeStyle = 'rgba(60,60,60,0.18)'; ctx.lineWidth = 0.6;
    for (let a = 0; a < is.length; a += every) {
      ctx.beginPath();
      js.forEach((j, b) => { const p = meshNode(a, b, S.t), q = toPx(p[0], p[1]); if (b === 0) ctx.moveTo(q[0], q[1]); else ctx.lineTo(q[0], q[1]); });
      ctx.stroke();
    }
    for (let b = 0; b < js.length; b += every) {
      ctx.beginPath();
      is.forEach((i, a) => { const p = meshNode(a, b, S.t), q = toPx(p[0], p[1]); if (a === 0) ctx.moveTo(q[0], q[1]); else ctx.lineTo(q[0], q[1]); });
      ctx.stroke();
    }
  }
  function pointAt(k, t) {
    const x = S.pts[2 * k], y = S.pts[2 * k + 1];
    if (!S.moved || t === 0) return [x, y];
    return [x + t * (S.moved[2 * k] - x), y + t * (S.moved[2 * k + 1] - y)];
  }
  function drawPoints(ctx, t) {
    const n = S.pts ? S.pts.length / 2 : 0;
    if (!n) return;
    const r = n > 3000 ? 1.6 : 2.4;
    const groups = new Map();
    for (let k = 0; k < n; k++) {
      const l = S.labels ? S.labels[k] : 0;
      if (!groups.has(l)) groups.set(l, []);
      groups.get(l).push(k);
    }
    const order = [...groups.keys()].sort((a, b) => (a === S.highlight) - (b === S.highlight) || a - b);
    // squares written as pixels into one transparent layer (no path per point), drawn over the view once
    const layer = pointLayer(), lctx = layer.getContext('2d'), img = lctx.createImageData(W, H);
    const px = new Uint32Array(img.data.buffer), half = r > 2 ? 2 : 1;
    for (const l of order) {
      const faded = S.highlight >= 0 && l !== S.highlight;
      const word = faded ? rgbaWord(150, 150, 150, 0.35) : cssWord(S.labels ? colour(l) : '#1f77b4');
      for (const k of groups.get(l)) {
        const p = pointAt(k, t), q = toPx(p[0], p[1]), cx = Math.round(q[0]), cy = Math.round(q[1]);
        for (let y = Math.max(0, cy - half); y <= Math.min(H - 1, cy + half); y++) {
          for (let x = Math.max(0, cx - half); x <= Math.min(W - 1, cx + half); x++) px[y * W + x] = word;
        }
      }
    }
    lctx.putImageData(img, 0, 0);
    ctx.drawImage(layer, 0, 0);
  }
  let layerCanvas = null;
  function pointLayer() {
    if (!layerCanvas) { layerCanvas = document.createElement('canvas'); layerCanvas.width = W; layerCanvas.height = H; }
    return layerCanvas;
  }
  function rgbaWord(r, g, b, a) { return ((Math.round(a * 255) << 24) | (b << 16) | (g << 8) | r) >>> 0; }
  const wordCache = new Map();
  function cssWord(css) {  // '#rrggbb' or 'hsl(h,s%,l%)' as a little-endian RGBA word
    if (wordCache.has(css)) return wordCache.get(css);
    let r, g, b;
    if (css[0] === '#') { r = parseInt(css.slice(1, 3), 16); g = parseInt(css.slice(3, 5), 16); b = parseInt(css.slice(5, 7), 16); } else {
      const [h, sp, lp] = css.match(/[\d.]+/g).map(Number), s1 = sp / 100, l1 = lp / 100;
      const f = (n) => { const k = (n + h / 30) % 12; return Math.round(255 * (l1 - s1 * Math.min(l1, 1 - l1) * Math.max(-1, Math.min(k - 3, 9 - k, 1)))); };
      r = f(0); g = f(8); b = f(4);
    }
    const w = rgbaWord(r, g, b, 1);
    wordCache.set(css, w);
    return w;
  }
  function drawOverlay(which, ctx) {
    ctx = ctx || $(which).getContext('2d');
    const t = which === 'left' ? 0 : S.t;
    ctx.clearRect(0, 0, W, H);
    if (S.path) {
      for (const c of CURVES) {
        if (S.path[c.key + '_line']) drawLine(ctx, S.path[c.key + '_line'], S.path[c.key + '_line_moved'], t, c.colour, c.dash);
      }
      for (const c of CURVES) if (S.path[c.key]) drawDots(ctx, S.path[c.key], t, c.colour);
    }
    if (S.drag && S.drag.moved) {
      ctx.strokeStyle = '#000'; ctx.setLineDash([3, 3]); ctx.lineWidth = 1;
      const a = S.drag.view === which ? S.drag.startPx : null;
      if (a) { ctx.beginPath(); ctx.moveTo(a[0], a[1]); ctx.lineTo(S.drag.nowPx[0], S.drag.nowPx[1]); ctx.stroke(); }
      ctx.setLineDash([]);
    }
    if (S.hover) {
      const z = S.hover.z, p = t === 0 ? z : F(z[0], z[1], t), q = toPx(p[0], p[1]);
      ctx.strokeStyle = '#000'; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(q[0], q[1], 7, 0, 2 * Math.PI); ctx.stroke();
      ctx.strokeStyle = '#fff'; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.arc(q[0], q[1], 8.5, 0, 2 * Math.PI); ctx.stroke();
    }
  }
  function lerpLine(line, moved, t) {
    if (!moved || t === 0) return line;
    const out = new Array(line.length);
    for (let k = 0; k < line.length; k++) out[k] = line[k] + t * (moved[k] - line[k]);
    return out;
  }
  function drawLine(ctx, line, moved, t, col, dash) {
    const l = lerpLine(line, moved, t);
    ctx.strokeStyle = col; ctx.lineWidth = 2.5; ctx.setLineDash(dash);
    ctx.beginPath();
    for (let k = 0; k < l.length / 2; k++) { const q = toPx(l[2 * k], l[2 * k + 1]); if (k === 0) ctx.moveTo(q[0], q[1]); else ctx.lineTo(q[0], q[1]); }
    ctx.stroke(); ctx.setLineDash([]);
  }
  function drawDots(ctx, pts, t, col) {
    ctx.fillStyle = col;
    for (let k = 0; k < pts.length / 2; k++) {
      const p = t === 0 ? [pts[2 * k], pts[2 * k + 1]] : F(pts[2 * k], pts[2 * k + 1], t), q = toPx(p[0], p[1]);
      ctx.beginPath(); ctx.arc(q[0], q[1], 3, 0, 2 * Math.PI); ctx.fill();
    }
  }
  function redrawAll() { drawBase('left'); drawBase('right'); drawOverlay('left'); drawOverlay('right'); }
  function redrawOverlays() { drawOverlay('left'); drawOverlay('right'); }

  // ---- interaction ----
  function latentAt(which, px, py) {
    const v = fromPx(px, py);
    if (which === 'left' || !S.hasMap) return inBox(v[0], v[1]) ? v : null;
    if (!inBox(v[0], v[1])) return null;
    return inverseF(v[0], v[1], S.t);
  }
  function nearestPoint(which, px, py, radius) {
    if (!S.pts) return -1;
    const t = which === 'left' ? 0 : S.t, n = S.pts.length / 2;
    let best = -1, bd = radius * radius;
    for (let k = 0; k < n; k++) {
      if (S.highlight >= 0 && S.labels && S.labels[k] !== S.highlight) continue;
      const p = pointAt(k, t), q = toPx(p[0], p[1]), d = (q[0] - px) ** 2 + (q[1] - py) ** 2;
      if (d < bd) { bd = d; best = k; }
    }
    return best;
  }
  function cellValue(z) {
    const i = Math.min(S.n1 - 1, Math.floor((z[0] - S.lo[0]) / (S.hi[0] - S.lo[0]) * S.n1));
    const j = Math.min(S.n2 - 1, Math.floor((z[1] - S.lo[1]) / (S.hi[1] - S.lo[1]) * S.n2));
    return { i, j, m: S.measure ? S.measure[i * S.n2 + j] : NaN };
  }
  function hoverAt(which, px, py) {
    const k = nearestPoint(which, px, py, 6);
    const z = k >= 0 ? [S.pts[2 * k], S.pts[2 * k + 1]] : latentAt(which, px, py);
    if (!z) { S.hover = null; $('hover').textContent = ''; redrawOverlays(); return; }
    const c = cellValue(z);
    S.hover = { z, k, view: which, px, py };
    const lab = k >= 0 && S.labels ? S.labels[k] : null;
    const parts = [];
    if (k >= 0) parts.push('point ' + k + (lab !== null ? ': <b>' + esc(catName(lab)) + '</b>' : ''));
    parts.push('z = (' + fmt(z[0]) + ', ' + fmt(z[1]) + ')');
    parts.push('cell (' + c.i + ', ' + c.j + '): measure ' + fmt(c.m) + ', &#8730;measure ' + fmt(Math.sqrt(c.m)));
    $('hover').innerHTML = parts.join('<br>');
    $('hover').dataset.label = lab === null ? '' : catName(lab);
    redrawOverlays();
  }
  function esc(s) { return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c])); }
  function zq(pts) { const a = []; for (let k = 0; k < pts.length / 2; k++) a.push(pts[2 * k].toFixed(6) + ',' + pts[2 * k + 1].toFixed(6)); return a.join(';'); }

  async function decodeAt(z) {
    const box = $('decoded'), dec = S.info.decoder;
    if (!dec) { box.textContent = 'no generator served'; return; }
    const title = '<h2>decoded at (' + fmt(z[0]) + ', ' + fmt(z[1]) + ')</h2>';
    if (dec.kind === 'image') {
      box.innerHTML = title;
      const img = new Image(); img.className = 'digit'; img.id = 'decoded-image'; img.alt = 'decoded image';
      img.src = '/api/decode?z=' + zq(z);
      box.appendChild(img);
    } else {
      const r = await fetch('/api/decode?z=' + zq(z)), j = await r.json();
      if (!r.ok) { box.textContent = j.error; return; }
      box.innerHTML = title + '<p class="sentence" id="decoded-sentence">' + esc(j.sentence) + '</p>'
        + (j.samples && j.samples.length ? '<div>samples:</div><ol class="samples">' + j.samples.map((s) => '<li>' + esc(s) + '</li>').join('') + '</ol>' : '');
    }
  }
  async function pathBetween(a, b) {
    const box = $('path');
    box.textContent = 'computing path…';
    const r = await fetch('/api/path?from=' + zq(a) + '&to=' + zq(b) + '&steps=10'), j = await r.json();
    if (!r.ok) { box.textContent = j.error; S.path = null; redrawOverlays(); return; }
    S.path = j;
    redrawOverlays();
    const L = j.lengths, dec = S.info.decoder;
    let html = '<h2>path</h2><div><span class="straight">straight</span>: length under &#8730;measure ' + fmt(L.straight_sqrt_measure)
      + (L.straight_transformed !== undefined ? ', in the transformed space ' + fmt(L.straight_transformed) : '') + '</div>';
    if (j.pseudo_geodesic) html += '<div><span class="geodesic">pseudo-geodesic</span>: length under &#8730;measure ' + fmt(L.geodesic_sqrt_measure)
      + ', in the transformed space ' + fmt(L.geodesic_transformed) + '</div>';
    if (j.true_geodesic) html += '<div><span class="true-geodesic">true geodesic</span>: length under &#8730;measure ' + fmt(L.true_geodesic_sqrt_measure)
      + (L.true_geodesic_transformed !== undefined ? ', in the transformed space ' + fmt(L.true_geodesic_transformed) : '') + '</div>';
    box.innerHTML = html;
    box.dataset.straight = L.straight_sqrt_measure;
    box.dataset.geodesic = L.geodesic_sqrt_measure === undefined ? '' : L.geodesic_sqrt_measure;
    box.dataset.trueGeodesic = L.true_geodesic_sqrt_measure === undefined ? '' : L.true_geodesic_sqrt_measure;
    if (!dec) return;
    const rows = [];
    for (const c of CURVES) if (j[c.key]) rows.push([c.cls || c.key, c.name, j[c.key]]);
    for (const [name, title, pts] of rows) {
      const label = document.createElement('div');
      label.innerHTML = '<span class="' + name + '">' + title + '</span>';
      box.appendChild(label);
      if (dec.kind === 'image') {
        const img = new Image(); img.className = 'strip'; img.id = 'strip-' + name; img.alt = name + ' interpolation';
        img.src = '/api/decode?z=' + zq(pts);
        box.appendChild(img);
      } else {
        const rr = await fetch('/api/decode?z=' + zq(pts)), jj = await rr.json();
        const ol = document.createElement('ol'); ol.className = 'sentences'; ol.id = 'strip-' + name;
        ol.innerHTML = (jj.sentences || [jj.sentence]).map((s) => '<li>' + esc(s) + '</li>').join('');
        box.appendChild(ol);
      }
    }
  }

  function attach(which) {
    const c = $(which);
    const pos = (e) => { const r = c.getBoundingClientRect(); return [e.clientX - r.left, e.clientY - r.top]; };
    c.addEventListener('mousemove', (e) => {
      const p = pos(e);
      if (S.drag && S.drag.view === which) {
        if (S.drag.pan) {
          const s = scale();
          S.cx = S.drag.cx - (p[0] - S.drag.startPx[0]) / s; S.cy = S.drag.cy + (p[1] - S.drag.startPx[1]) / s;
          redrawAll(); return;
        }
        if (Math.hypot(p[0] - S.drag.startPx[0], p[1] - S.drag.startPx[1]) > 4) S.drag.moved = true;
        S.drag.nowPx = p;
      }
      hoverAt(which, p[0], p[1]);
    });
    c.addEventListener('mouseleave', () => { S.hover = null; redrawOverlays(); });
    c.addEventListener('mousedown', (e) => {
      const p = pos(e);
      S.drag = { view: which, startPx: p, nowPx: p, moved: false, pan: e.shiftKey || e.button === 1, cx: S.cx, cy: S.cy };
      e.preventDefault();
    });
    c.addEventListener('mouseup', (e) => {
      const d = S.drag; S.drag = null;
      if (!d || d.view !== which || d.pan) return;
      const p = pos(e);
      const snap = (q) => { const k = nearestPoint(which, q[0], q[1], 8); return k >= 0 ? [S.pts[2 * k], S.pts[2 * k + 1]] : latentAt(which, q[0], q[1]); };
      if (!d.moved) { const z = snap(p); if (z) decodeAt(z); redrawOverlays(); return; }
      const a = snap(d.startPx), b = snap(p);
      if (a && b) pathBetween(a, b);
      redrawOverlays();
    });
    c.addEventListener('wheel', (e) => {
      e.preventDefault();
      const p = pos(e), before = fromPx(p[0], p[1]);
      S.zoom = Math.min(64, Math.max(1, S.zoom * Math.exp(-e.deltaY * 0.0015)));
      const after = fromPx(p[0], p[1]);
      S.cx += before[0] - after[0]; S.cy += before[1] - after[1];
      if (S.zoom === 1) { S.cx = (S.lo[0] + S.hi[0]) / 2; S.cy = (S.lo[1] + S.hi[1]) / 2; }
      redrawAll();
    }, { passive: false });
  }

  // ---- downloads: both views side by side ----
  function composite() {
    const c = document.createElement('canvas'); c.width = 2 * W + 10; c.height = H;
    const ctx = c.getContext('2d'); ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, c.width, c.height);
    ctx.drawImage($('left-base'), 0, 0); ctx.drawImage($('left'), 0, 0);
    ctx.drawImage($('right-base'), W + 10, 0); ctx.drawImage($('right'), W + 10, 0);
    return c;
  }
  function download(name, url) { const a = document.createElement('a'); a.href = url; a.download = name; document.body.appendChild(a); a.click(); a.remove(); }
  function svg() {
    const parts = ['<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="' + (2 * W + 10) + '" height="' + H + '">'];
    for (const [which, dx] of [['left', 0], ['right', W + 10]]) {
      const bg = document.createElement('canvas'); bg.width = W; bg.height = H;
      const ctx = bg.getContext('2d'), keep = S.pts; S.pts = null; drawBase(which, ctx); S.pts = keep;
      parts.push('<image x="' + dx + '" y="0" width="' + W + '" height="' + H + '" xlink:href="' + bg.toDataURL('image/png') + '"/>');
      const t = which === 'left' ? 0 : S.t, n = S.pts ? S.pts.length / 2 : 0;
      parts.push('<g>');
      for (let k = 0; k < n; k++) {
        const p = pointAt(k, t), q = toPx(p[0], p[1]), l = S.labels ? S.labels[k] : 0;
        parts.push('<circle cx="' + (q[0] + dx).toFixed(1) + '" cy="' + q[1].toFixed(1) + '" r="1.6" fill="' + (S.labels ? colour(l) : '#1f77b4') + '"/>');
      }
      parts.push('</g>');
      if (S.path) {
        for (const c of CURVES) {
          const line = S.path[c.key + '_line'];
          if (!line) continue;
          const l = lerpLine(line, S.path[c.key + '_line_moved'], t), pts = [];
          for (let k = 0; k < l.length / 2; k++) { const q = toPx(l[2 * k], l[2 * k + 1]); pts.push((q[0] + dx).toFixed(1) + ',' + q[1].toFixed(1)); }
          parts.push('<polyline fill="none" stroke="' + c.colour + '" stroke-width="2.5"'
            + (c.dash.length ? ' stroke-dasharray="' + c.dash.join(' ') + '"' : '') + ' points="' + pts.join(' ') + '"/>');
        }
      }
    }
    parts.push('</svg>');
    return new Blob([parts.join('\n')], { type: 'image/svg+xml' });
  }

  // ---- start ----
  async function getJson(url) { const r = await fetch(url); const j = await r.json(); if (!r.ok) throw new Error(j.error); return j; }
  // an image's first channel, as RGBA bytes (colour management off: the values are data)
  async function greyPixels(url) {
    const r = await fetch(url);
    if (!r.ok) throw new Error((await r.json()).error);
    const bmp = await createImageBitmap(await r.blob(), { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
    const c = document.createElement('canvas'); c.width = bmp.width; c.height = bmp.height;
    const ctx = c.getContext('2d'); ctx.drawImage(bmp, 0, 0);
    return ctx.getImageData(0, 0, bmp.width, bmp.height).data;
  }
  async function getFloats(url) { const r = await fetch(url); if (!r.ok) throw new Error((await r.json()).error); return new Float32Array(await r.arrayBuffer()); }

  async function start() {
    const t0 = performance.now(), timing = S.timing = { script: t0 };
    // what the first view needs, at once: the grid, the embeddings, sqrt(measure) as an 8-bit image (a
    // fraction of the float measure's bytes) and the map's nodes on the coarse mesh only; the float measure
    // (exact values under the pointer) and all the map's nodes (exact hover in the right view) follow
    const pending = [getJson('/api/embeddings'), greyPixels('/api/measure.png')];
    const info = await getJson('/api/info');
    S.info = info;
    S.n1 = info.grid.shape[0]; S.n2 = info.grid.shape[1];
    S.lo = info.grid.lower; S.hi = info.grid.upper;
    S.cx = (S.lo[0] + S.hi[0]) / 2; S.cy = (S.lo[1] + S.hi[1]) / 2;
    S.hasMap = info.map;
    buildMesh();
    if (info.map) pending.push(getFloats('/api/map.bin?step=' + S.mesh.step));
    const [emb, heatQ, coarse] = await Promise.all(pending);
    timing.data = performance.now();
    S.heatQ = heatQ; S.coarse = coarse || null;
    S.pts = emb.points; S.moved = emb.moved; S.labels = emb.labels; S.cats = emb.categories || [];
    S.t = info.map ? 1 : 0;
    $('morph').value = S.t; $('morph').disabled = !info.map;
    $('title').textContent = info.measure.name + ' · ' + S.n1 + '×' + S.n2 + ' cells · ' + info.embeddings + ' embeddings'
      + (info.decoder ? ' · decoder ' + info.decoder.name : '');
    $('right-title').textContent = info.map ? 'transformed space (morph t = 1.00)' : 'transformed space (no map served)';
    const classes = S.labels ? [...new Set(S.labels)].sort((a, b) => a - b) : [];
    for (const l of classes) { const o = document.createElement('option'); o.value = l; o.textContent = catName(l); $('highlight').appendChild(o); }
    $('legend').innerHTML = classes.map((l) => '<span class="legend-item"><span class="swatch" style-colour="' + colour(l) + '"></span>' + esc(catName(l)) + '</span>').join('');
    document.querySelectorAll('[style-colour]').forEach((el) => { el.style.background = el.getAttribute('style-colour'); });
    renderHeat();
    timing.heat = performance.now();
    renderWarped();
    timing.warped = performance.now();
    redrawAll();
    timing.drawn = performance.now();
    attach('left'); attach('right');
    $('contrast').addEventListener('input', (e) => { S.contrast = +e.target.value; renderHeat(); redrawAll(); });
    $('morph').addEventListener('input', (e) => {
      S.t = +e.target.value; $('right-title').textContent = 'transformed space (morph t = ' + S.t.toFixed(2) + ')';
      drawBase('right'); drawOverlay('right');
    });
    $('highlight').addEventListener('change', (e) => { S.highlight = +e.target.value; redrawAll(); });
    $('reset').addEventListener('click', () => { S.zoom = 1; S.cx = (S.lo[0] + S.hi[0]) / 2; S.cy = (S.lo[1] + S.hi[1]) / 2; redrawAll(); });
    $('download-png').addEventListener('click', () => download('latent-map.png', composite().toDataURL('image/png')));
    $('download-svg').addEventListener('click', () => { const u = URL.createObjectURL(svg()); download('latent-map.svg', u); setTimeout(() => URL.revokeObjectURL(u), 1000); });
    getFloats('/api/measure.bin').then((m) => { S.measure = m; if (S.hover) hoverAt(S.hover.view, S.hover.px, S.hover.py); });
    if (info.map) getFloats('/api/map.bin').then((n) => { S.nodes = n; meshCache = null; });
    S.readyMs = performance.now() - t0;
    $('status').textContent = 'ready in ' + S.readyMs.toFixed(0) + ' ms';
    document.body.dataset.readyAt = performance.now().toFixed(1);  // since the navigation started
    document.body.dataset.ready = '1';
  }
  // for tests and scripts: where a latent point is drawn in a view (canvas pixels)
  window.explorer = {
    state: S,
    pixelOf: (which, x, y) => { const p = which === 'left' ? [x, y] : F(x, y, S.t); return toPx(p[0], p[1]); },
    timeFrame: () => { const t = performance.now(); redrawAll(); return performance.now() - t; },
    timeHover: () => { const t = performance.now(); hoverAt('right', W / 3, H / 3); hoverAt('left', W / 2, H / 2); return performance.now() - t; },
  };
  start().catch((e) => { $('status').textContent = 'error: ' + e.message; document.body.dataset.error = e.message; });
})();
