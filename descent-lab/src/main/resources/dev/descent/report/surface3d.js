/*
 * Descent's interactive 3-D surface viewer: a few hundred lines of canvas 2-D, no library, no
 * network. The surface is drawn as shaded quads sorted back to front (painter's algorithm) with
 * the trajectories' segments sorted in among them, so hills hide what lies behind them.
 * Drag rotates, the wheel zooms, double-click resets. Each <canvas data-surface="ID"> reads its
 * data from the JSON in <script type="application/json" id="ID">.
 */
(function () {
  'use strict';

  var H = 0.75; // half-height of the box relative to its half-width, as in the Java renderer

  function hexToRgb(h) {
    return [parseInt(h.substr(1, 2), 16), parseInt(h.substr(3, 2), 16), parseInt(h.substr(5, 2), 16)];
  }

  function colorAt(stops, t) {
    if (!(t >= 0)) { t = 0; }
    if (t > 1) { t = 1; }
    var s = t * (stops.length - 1);
    var i = Math.min(Math.floor(s), stops.length - 2);
    var f = s - i;
    var a = stops[i];
    var b = stops[i + 1];
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
  }

  function niceTicks(lo, hi, target) {
    var raw = (hi - lo) / target;
    var p = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var m = raw / p;
    var step = (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
    var out = [];
    for (var v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) {
      out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    }
    return { values: out, step: step };
  }

  function fmt(v, step) {
    var d = Math.max(0, -Math.floor(Math.log(step) / Math.LN10 + 1e-9));
    var a = Math.abs(v);
    if (a !== 0 && (a >= 1e5 || a < 1e-4)) { return v.toExponential(1); }
    return v.toFixed(Math.min(d, 6));
  }

  function mount(canvas, data) {
    var ctx = canvas.getContext('2d');
    var nx = data.x.length;
    var ny = data.y.length;
    var x0 = data.x[0], x1 = data.x[nx - 1], y0 = data.y[0], y1 = data.y[ny - 1];
    var zlo = Infinity, zhi = -Infinity;
    data.z.forEach(function (row) {
      row.forEach(function (v) {
        if (v !== null && isFinite(v)) { zlo = Math.min(zlo, v); zhi = Math.max(zhi, v); }
      });
    });
    if (!(zhi > zlo)) { zlo = isFinite(zlo) ? zlo - 1 : -1; zhi = zlo + 2; }
    var stops = data.colors.map(hexToRgb);
    var U = function (x) { return 2 * (x - x0) / (x1 - x0) - 1; };
    var V = function (y) { return 2 * (y - y0) / (y1 - y0) - 1; };
    var W = function (z) { return H * (2 * (Math.min(Math.max(z, zlo), zhi) - zlo) / (zhi - zlo) - 1); };

    // Quads in box coordinates with their base colour and Lambert shade (light fixed to the world).
    var L = [-0.45, -0.35, 0.82];
    var quads = [];
    for (var j = 0; j + 1 < ny; j++) {
      for (var i = 0; i + 1 < nx; i++) {
        var zs = [data.z[j][i], data.z[j][i + 1], data.z[j + 1][i + 1], data.z[j + 1][i]];
        if (zs.some(function (v) { return v === null || !isFinite(v); })) { continue; }
        var p = [
          [U(data.x[i]), V(data.y[j]), W(zs[0])], [U(data.x[i + 1]), V(data.y[j]), W(zs[1])],
          [U(data.x[i + 1]), V(data.y[j + 1]), W(zs[2])], [U(data.x[i]), V(data.y[j + 1]), W(zs[3])]];
        var d1 = [p[2][0] - p[0][0], p[2][1] - p[0][1], p[2][2] - p[0][2]];
        var d2 = [p[3][0] - p[1][0], p[3][1] - p[1][1], p[3][2] - p[1][2]];
        var n = [d1[1] * d2[2] - d1[2] * d2[1], d1[2] * d2[0] - d1[0] * d2[2], d1[0] * d2[1] - d1[1] * d2[0]];
        var len = Math.hypot(n[0], n[1], n[2]) || 1;
        var lambert = Math.abs(n[0] * L[0] + n[1] * L[1] + n[2] * L[2]) / len;
        var mean = (Math.min(Math.max(zs[0], zlo), zhi) + Math.min(Math.max(zs[1], zlo), zhi)
          + Math.min(Math.max(zs[2], zlo), zhi) + Math.min(Math.max(zs[3], zlo), zhi)) / 4;
        var c = colorAt(stops, (mean - zlo) / (zhi - zlo));
        var k = 0.8 + 0.26 * lambert;
        var rgb = 'rgb(' + Math.min(255, Math.round(c[0] * k)) + ',' + Math.min(255, Math.round(c[1] * k)) + ','
          + Math.min(255, Math.round(c[2] * k)) + ')';
        quads.push({ p: p, fill: rgb });
      }
    }

    // Trajectory segments in box coordinates, lifted a hair above the surface.
    var paths = (data.trajectories || []).map(function (t) {
      var pts = [];
      for (var k = 0; k < t.x.length; k++) {
        var x = t.x[k], y = t.y[k], z = t.z[k];
        if (x === null || y === null || x < x0 || x > x1 || y < y0 || y > y1) { break; }
        if (z === null) { z = zhi; }
        pts.push([U(x), V(y), W(z) + 0.012 * H]);
      }
      return { name: t.name, color: t.color, pts: pts };
    });

    var initial = { az: -60, el: 30, zoom: 1 };
    var view = { az: initial.az, el: initial.el, zoom: initial.zoom };

    function camera(w, h) {
      var a = view.az * Math.PI / 180, e = view.el * Math.PI / 180;
      var ca = Math.cos(a), sa = Math.sin(a), ce = Math.cos(e), se = Math.sin(e);
      // The box fits its bounding sphere, so no angle pushes it out of the canvas.
      var scale = Math.min(w, h) * 0.31 * view.zoom;
      var cx = w / 2, cy = h / 2 + 6;
      return {
        project: function (u, v, wz) {
          var A = u * ca - v * sa;
          var B = u * sa + v * ca;
          return [cx + scale * A, cy - scale * (wz * ce + B * se), B * ce - wz * se];
        },
        depthOf: function (nu, nv, nw) { return (nu * sa + nv * ca) * ce - nw * se; }
      };
    }

    function poly(pts, fill, stroke, width) {
      ctx.beginPath();
      ctx.moveTo(pts[0][0], pts[0][1]);
      for (var k = 1; k < pts.length; k++) { ctx.lineTo(pts[k][0], pts[k][1]); }
      ctx.closePath();
      if (fill) { ctx.fillStyle = fill; ctx.fill(); }
      if (stroke) { ctx.strokeStyle = stroke; ctx.lineWidth = width; ctx.stroke(); }
    }

    function draw() {
      var dpr = window.devicePixelRatio || 1;
      // The CSS size is set explicitly: the backing store is larger on high-density screens.
      var avail = canvas.parentElement ? canvas.parentElement.clientWidth : 0;
      var cssW = Math.max(240, Math.min(720, avail || 720));
      var cssH = Math.round(cssW * 0.75);
      canvas.style.width = cssW + 'px';
      canvas.style.height = cssH + 'px';
      if (canvas.width !== Math.round(cssW * dpr) || canvas.height !== Math.round(cssH * dpr)) {
        canvas.width = Math.round(cssW * dpr);
        canvas.height = Math.round(cssH * dpr);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, cssW, cssH);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, cssW, cssH);
      var cam = camera(cssW, cssH);
      var P = function (q) { return cam.project(q[0], q[1], q[2]); };

      // The three far panes of the box, with grid lines.
      var uB = cam.depthOf(1, 0, 0) > 0 ? 1 : -1;
      var vB = cam.depthOf(0, 1, 0) > 0 ? 1 : -1;
      var wB = cam.depthOf(0, 0, 1) > 0 ? H : -H;
      var panes = [
        [[-1, -1, wB], [1, -1, wB], [1, 1, wB], [-1, 1, wB]],
        [[uB, -1, -H], [uB, 1, -H], [uB, 1, H], [uB, -1, H]],
        [[-1, vB, -H], [1, vB, -H], [1, vB, H], [-1, vB, H]]];
      panes.forEach(function (f) { poly(f.map(P), '#f3f4f6', '#b8bcc2', 1); });
      var xt = niceTicks(x0, x1, 5), yt = niceTicks(y0, y1, 5), zt = niceTicks(zlo, zhi, 5);
      ctx.strokeStyle = '#d9dce0';
      ctx.lineWidth = 0.8;
      function seg(a, b) { var p = P(a), q = P(b); ctx.beginPath(); ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]); ctx.stroke(); }
      xt.values.forEach(function (v) { var u = U(v); seg([u, -1, wB], [u, 1, wB]); seg([u, vB, -H], [u, vB, H]); });
      yt.values.forEach(function (v) { var w = V(v); seg([-1, w, wB], [1, w, wB]); seg([uB, w, -H], [uB, w, H]); });
      zt.values.forEach(function (v) { var w = W(v); seg([uB, -1, w], [uB, 1, w]); seg([-1, vB, w], [1, vB, w]); });

      // Surface quads and trajectory segments, sorted together back to front.
      var items = [];
      quads.forEach(function (q) {
        var pp = q.p.map(P);
        items.push({ d: (pp[0][2] + pp[1][2] + pp[2][2] + pp[3][2]) / 4, quad: pp, fill: q.fill });
      });
      paths.forEach(function (t) {
        for (var k = 0; k + 1 < t.pts.length; k++) {
          var a = P(t.pts[k]), b = P(t.pts[k + 1]);
          // A small bias toward the viewer keeps a segment above the quad it lies on.
          items.push({ d: (a[2] + b[2]) / 2 - 0.03, a: a, b: b, color: t.color });
        }
      });
      items.sort(function (p, q) { return q.d - p.d; });
      ctx.lineJoin = 'round';
      ctx.lineCap = 'round';
      items.forEach(function (it) {
        if (it.quad) {
          poly(it.quad, it.fill, it.fill, 0.6);
        } else {
          ctx.beginPath();
          ctx.moveTo(it.a[0], it.a[1]);
          ctx.lineTo(it.b[0], it.b[1]);
          // No white halo here: per-segment halos would cut the neighbouring segments.
          ctx.strokeStyle = it.color;
          ctx.lineWidth = 3;
          ctx.stroke();
        }
      });
      paths.forEach(function (t) {
        if (t.pts.length === 0) { return; }
        var s = P(t.pts[0]);
        ctx.beginPath();
        ctx.arc(s[0], s[1], 4.5, 0, 2 * Math.PI);
        ctx.fillStyle = '#fff';
        ctx.fill();
        ctx.strokeStyle = t.color;
        ctx.lineWidth = 2;
        ctx.stroke();
        var e = P(t.pts[t.pts.length - 1]);
        ctx.beginPath();
        for (var k = 0; k < 10; k++) {
          var ang = -Math.PI / 2 + k * Math.PI / 5, r = k % 2 === 0 ? 8 : 3.6;
          ctx.lineTo(e[0] + r * Math.cos(ang), e[1] + r * Math.sin(ang));
        }
        ctx.closePath();
        ctx.fillStyle = t.color;
        ctx.fill();
        ctx.strokeStyle = '#fff';
        ctx.lineWidth = 1;
        ctx.stroke();
      });

      // Tick labels along the near floor edges and a back vertical edge.
      ctx.fillStyle = '#555';
      ctx.font = '11px "DejaVu Sans", Helvetica, Arial, sans-serif';
      ctx.textAlign = 'center';
      var centre = P([0, 0, wB]);
      function labels(ticks, at, mid, name) {
        var m = P(mid), dx = m[0] - centre[0], dy = m[1] - centre[1], l = Math.hypot(dx, dy) || 1;
        dx /= l; dy /= l;
        ticks.values.forEach(function (v) {
          var p = P(at(v));
          ctx.fillText(fmt(v, ticks.step), p[0] + dx * 16, p[1] + dy * 16 + 4);
        });
        ctx.fillStyle = '#222';
        ctx.font = '13px "DejaVu Sans", Helvetica, Arial, sans-serif';
        ctx.fillText(name, m[0] + dx * 36, m[1] + dy * 36 + 5);
        ctx.fillStyle = '#555';
        ctx.font = '11px "DejaVu Sans", Helvetica, Arial, sans-serif';
      }
      labels(xt, function (v) { return [U(v), -vB, wB]; }, [0, -vB, wB], 'x');
      labels(yt, function (v) { return [-uB, V(v), wB]; }, [-uB, 0, wB], 'y');
      var c1 = P([uB, -vB, 0]), c2 = P([-uB, vB, 0]);
      var zu = c1[0] <= c2[0] ? uB : -uB, zv = c1[0] <= c2[0] ? -vB : vB;
      var left = P([zu, zv, 0])[0] < centre[0];
      ctx.textAlign = left ? 'right' : 'left';
      var widest = 0;
      zt.values.forEach(function (v) {
        var p = P([zu, zv, W(v)]);
        var s = fmt(v, zt.step);
        widest = Math.max(widest, ctx.measureText(s).width);
        ctx.fillText(s, p[0] + (left ? -8 : 8), p[1] + 4);
      });
      var zm = P([zu, zv, 0]);
      ctx.save();
      ctx.translate(zm[0] + (left ? -(widest + 22) : widest + 22), zm[1]);
      ctx.rotate(-Math.PI / 2);
      ctx.textAlign = 'center';
      ctx.fillStyle = '#222';
      ctx.font = '13px "DejaVu Sans", Helvetica, Arial, sans-serif';
      ctx.fillText(data.zLabel || 'f(x, y)', 0, 0);
      ctx.restore();

      // Legend, top left.
      ctx.textAlign = 'left';
      ctx.font = '12px "DejaVu Sans", Helvetica, Arial, sans-serif';
      paths.forEach(function (t, k) {
        var y = 18 + 18 * k;
        ctx.strokeStyle = t.color;
        ctx.lineWidth = 3;
        ctx.beginPath();
        ctx.moveTo(12, y - 4);
        ctx.lineTo(36, y - 4);
        ctx.stroke();
        ctx.fillStyle = '#222';
        ctx.fillText(t.name, 42, y);
      });
      canvas.setAttribute('data-ready', 'true');
    }

    var drag = null;
    var pending = false;
    function redraw() {
      if (pending) { return; }
      pending = true;
      window.requestAnimationFrame(function () { pending = false; draw(); });
    }
    canvas.addEventListener('pointerdown', function (e) {
      drag = { x: e.clientX, y: e.clientY };
      if (canvas.setPointerCapture) { canvas.setPointerCapture(e.pointerId); }
    });
    canvas.addEventListener('pointermove', function (e) {
      if (!drag) { return; }
      view.az -= (e.clientX - drag.x) * 0.5;
      view.el = Math.max(-89, Math.min(89, view.el + (e.clientY - drag.y) * 0.5));
      drag = { x: e.clientX, y: e.clientY };
      redraw();
    });
    function end() { drag = null; }
    canvas.addEventListener('pointerup', end);
    canvas.addEventListener('pointercancel', end);
    canvas.addEventListener('wheel', function (e) {
      e.preventDefault();
      view.zoom = Math.max(0.3, Math.min(4, view.zoom * Math.exp(-e.deltaY * 0.0015)));
      redraw();
    }, { passive: false });
    canvas.addEventListener('dblclick', function () {
      view.az = initial.az; view.el = initial.el; view.zoom = initial.zoom;
      redraw();
    });
    canvas.addEventListener('keydown', function (e) {
      var k = { ArrowLeft: [5, 0], ArrowRight: [-5, 0], ArrowUp: [0, 5], ArrowDown: [0, -5] }[e.key];
      if (!k) { return; }
      e.preventDefault();
      view.az += k[0];
      view.el = Math.max(-89, Math.min(89, view.el + k[1]));
      redraw();
    });
    window.addEventListener('resize', redraw);
    draw();
  }

  var canvases = document.querySelectorAll('canvas[data-surface]');
  for (var k = 0; k < canvases.length; k++) {
    var source = document.getElementById(canvases[k].getAttribute('data-surface'));
    mount(canvases[k], JSON.parse(source.textContent));
  }
  window.DescentSurface3D = { mount: mount };
}());
