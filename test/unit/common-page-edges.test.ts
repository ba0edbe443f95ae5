/**
 * Finding the page in a frame and straightening it, measured on generated frames: a white page
 * with lines of "text" on a dark tray, turned and seen in perspective; a page that fills the frame;
 * an empty tray. The corner error found is printed.
 */
import { describe, expect, it } from 'vitest';
import { findPage, otsuThreshold, pageSize, warpQuad, type Point, type Quad } from '../../common/page-edges';

const W = 640;
const H = 480;

/** True when p is inside the convex quadrilateral q (corners clockwise in image coordinates). */
function inside(q: Quad, p: Point): boolean {
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    if ((b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) < 0) return false;
  }
  return true;
}

/** A gray frame: the tray (level 40, with noise), the page inside q (230), and dark text lines on it. */
function frame(q: Quad | null, seed = 1): Uint8Array {
  // The text keeps a margin: it sits inside the page shrunk by 15 % towards its centre.
  const c = q ? { x: q.reduce((n, p) => n + p.x, 0) / 4, y: q.reduce((n, p) => n + p.y, 0) / 4 } : { x: 0, y: 0 };
  const inner = q ? (q.map((p) => ({ x: c.x + (p.x - c.x) * 0.85, y: c.y + (p.y - c.y) * 0.85 })) as Quad) : null;
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const g = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let v = 40 + rnd() * 20;
      if (q && inside(q, { x, y })) {
        v = 225 + rnd() * 10;
        // text: short dark strokes in rows, in the page's own frame (approximately)
        const [a, , , d] = q;
        const row = ((y - a.y) / Math.max(1, d.y - a.y)) * 30;
        if (inner && inside(inner, { x, y }) && row % 2 < 0.5 && (x * 7 + y) % 23 < 14) v = 50;
      }
      g[y * W + x] = v;
    }
  }
  return g;
}

const quad = (...p: [number, number][]): Quad => p.map(([x, y]) => ({ x, y })) as Quad;
const err = (a: Quad, b: Quad) => Math.max(...a.map((p, i) => Math.hypot(p.x - b[i]!.x, p.y - b[i]!.y)));

describe('finding the page', () => {
  it("Otsu's threshold splits tray and paper", () => {
    const t = otsuThreshold(frame(quad([100, 80], [540, 80], [540, 400], [100, 400])));
    expect(t).toBeGreaterThanOrEqual(50);
    expect(t).toBeLessThan(225);
  });

  it.each([
    ['upright', quad([120, 60], [520, 60], [520, 430], [120, 430])],
    ['turned 12°', quad([170, 40], [530, 110], [470, 440], [110, 370])],
    ['in perspective', quad([150, 70], [500, 50], [560, 420], [90, 440])],
  ])('finds the corners of a page %s to within 4 px', (_name, truth) => {
    const found = findPage(frame(truth), W, H);
    expect(found).not.toBeNull();
    const e = err(found!.quad, truth);
    process.stdout.write(`page edges, ${_name}: corners within ${e.toFixed(1)} px, coverage ${(found!.coverage * 100).toFixed(0)} %\n`);
    expect(e).toBeLessThanOrEqual(4);
  });

  it('does not crop a page that fills the frame, an empty tray, or a shape that is no page', () => {
    expect(findPage(frame(quad([2, 2], [637, 2], [637, 477], [2, 477])), W, H)).toBeNull();
    expect(findPage(frame(null), W, H)).toBeNull();
    // a thin strip: opposite sides far from equal, or too small
    expect(findPage(frame(quad([300, 20], [340, 20], [340, 460], [300, 460])), W, H)).toBeNull();
  });
});

describe('straightening it', () => {
  it('maps the page onto an upright rectangle of its size, the tray left out', () => {
    const truth = quad([170, 40], [530, 110], [470, 440], [110, 370]);
    const gray = frame(truth);
    const rgba = new Uint8ClampedArray(W * H * 4);
    for (let i = 0; i < gray.length; i++) rgba.set([gray[i]!, gray[i]!, gray[i]!, 255], i * 4);
    const found = findPage(gray, W, H)!;
    const size = pageSize(found.quad);
    expect(size.width).toBeGreaterThan(300);
    expect(size.height).toBeGreaterThan(300);
    const out = warpQuad(rgba, W, H, found.quad, size.width, size.height);
    // The rim of the straightened page is paper, not tray.
    let dark = 0;
    let rim = 0;
    for (let y = 0; y < size.height; y++) {
      for (let x = 0; x < size.width; x++) {
        if (x > 3 && y > 3 && x < size.width - 4 && y < size.height - 4) continue;
        rim += 1;
        if (out[(y * size.width + x) * 4]! < 120) dark += 1;
      }
    }
    expect(dark / rim).toBeLessThan(0.05);
    expect(pageSize(found.quad, 200).width).toBeLessThanOrEqual(200);
  });
});
