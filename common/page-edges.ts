/**
 * Finding a document page in a camera frame, and straightening it. Written here (no library): the
 * renderer may not load npm packages other than Preact (DESIGN.md), OpenCV's WebAssembly build is
 * 8 MB, and a page photographed on a kiosk's dark tray is the easy case this method handles:
 *
 * 1. Otsu's threshold on the grayscale frame splits bright paper from the darker background.
 * 2. The largest 4-connected bright region is the page (text and stamps inside it are holes that
 *    do not matter: only its outline is used).
 * 3. Its corners are the region's extreme points along the two diagonals (min and max of x + y
 *    and of x − y), which holds for a page turned up to about 40° and seen with some perspective.
 * 4. The quadrilateral is kept only when it is plausible: it covers 20 % to 97 % of the frame (a
 *    page that fills the frame needs no crop), it is convex, and its sides are not too uneven.
 * 5. warpQuad maps it onto an upright rectangle with the homography of the four corners
 *    (bilinear sampling), the size taken from the quadrilateral's sides.
 *
 * Pure: no DOM, no Node. test/unit/common-page-edges.test.ts measures it on generated pages.
 */

export interface Point {
  x: number;
  y: number;
}

/** Corners in order: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/** Otsu's threshold of 8-bit gray levels: the level that best splits them in two. */
export function otsuThreshold(gray: ArrayLike<number>): number {
  const hist = new Array<number>(256).fill(0);
  for (let i = 0; i < gray.length; i++) hist[gray[i]! & 255]! += 1;
  const total = gray.length;
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let bestVar = -1;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) * (mB - mF);
    if (between > bestVar) {
      bestVar = between;
      best = t;
    }
  }
  return best;
}

/** The pixels (indices) of the largest 4-connected region where `mask` is 1. */
function largestRegion(mask: Uint8Array, width: number): Int32Array {
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  const members = new Int32Array(mask.length);
  let best = new Int32Array(0);
  let top = 0;
  const visit = (n: number) => {
    if (mask[n] && !seen[n]) {
      seen[n] = 1;
      stack[top++] = n;
    }
  };
  for (let start = 0; start < mask.length; start++) {
    if (!mask[start] || seen[start]) continue;
    let count = 0;
    top = 0;
    visit(start);
    while (top > 0) {
      const i = stack[--top]!;
      members[count++] = i;
      const x = i % width;
      if (x > 0) visit(i - 1);
      if (x < width - 1) visit(i + 1);
      if (i >= width) visit(i - width);
      if (i + width < mask.length) visit(i + width);
    }
    if (count > best.length) best = members.slice(0, count);
  }
  return best;
}

function cross(o: Point, a: Point, b: Point): number {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

function dist(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

/** Twice the area of a polygon (shoelace), positive for clockwise corners in image coordinates. */
function area(q: Quad): number {
  let s = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[i]!;
    const b = q[(i + 1) % 4]!;
    s += a.x * b.y - b.x * a.y;
  }
  return Math.abs(s) / 2;
}

export interface PageFound {
  quad: Quad;
  /** The share of the frame the page covers. */
  coverage: number;
}

/**
 * The page in a grayscale frame, or null when there is none to crop to: no clear paper and
 * background, a page that fills the frame, or a shape that is not a page.
 */
export function findPage(gray: ArrayLike<number>, width: number, height: number): PageFound | null {
  const t = otsuThreshold(gray);
  const mask = new Uint8Array(width * height);
  let bright = 0;
  for (let i = 0; i < mask.length; i++) {
    if (gray[i]! > t) {
      mask[i] = 1;
      bright += 1;
    }
  }
  // A frame that is nearly all one level has no page edge to find.
  if (bright < mask.length * 0.05 || bright > mask.length * 0.985) return null;
  const region = largestRegion(mask, width);
  if (region.length < mask.length * 0.15) return null;
  let tl = { x: 0, y: 0, v: Infinity };
  let br = { x: 0, y: 0, v: -Infinity };
  let tr = { x: 0, y: 0, v: -Infinity };
  let bl = { x: 0, y: 0, v: Infinity };
  for (const i of region) {
    const x = i % width;
    const y = (i - x) / width;
    if (x + y < tl.v) tl = { x, y, v: x + y };
    if (x + y > br.v) br = { x, y, v: x + y };
    if (x - y > tr.v) tr = { x, y, v: x - y };
    if (x - y < bl.v) bl = { x, y, v: x - y };
  }
  const quad: Quad = [
    { x: tl.x, y: tl.y },
    { x: tr.x, y: tr.y },
    { x: br.x, y: br.y },
    { x: bl.x, y: bl.y },
  ];
  const coverage = area(quad) / (width * height);
  if (coverage < 0.2 || coverage > 0.97) return null;
  // Convex, corners in order.
  for (let i = 0; i < 4; i++) if (cross(quad[i]!, quad[(i + 1) % 4]!, quad[(i + 2) % 4]!) <= 0) return null;
  // Opposite sides of a page seen from above are of similar length.
  const [top, right, bottom, left] = [dist(quad[0], quad[1]), dist(quad[1], quad[2]), dist(quad[2], quad[3]), dist(quad[3], quad[0])];
  if (Math.min(top, bottom) / Math.max(top, bottom) < 0.6 || Math.min(left, right) / Math.max(left, right) < 0.6) return null;
  return { quad, coverage };
}

/** The homography that maps the unit square's corners (0,0) (1,0) (1,1) (0,1) onto `q`. */
function squareToQuad(q: Quad): number[] {
  const [p0, p1, p2, p3] = q;
  const dx1 = p1.x - p2.x;
  const dx2 = p3.x - p2.x;
  const dy1 = p1.y - p2.y;
  const dy2 = p3.y - p2.y;
  const sx = p0.x - p1.x + p2.x - p3.x;
  const sy = p0.y - p1.y + p2.y - p3.y;
  const den = dx1 * dy2 - dx2 * dy1;
  const g = den === 0 ? 0 : (sx * dy2 - dx2 * sy) / den;
  const h = den === 0 ? 0 : (dx1 * sy - sx * dy1) / den;
  return [p1.x - p0.x + g * p1.x, p3.x - p0.x + h * p3.x, p0.x, p1.y - p0.y + g * p1.y, p3.y - p0.y + h * p3.y, p0.y, g, h, 1];
}

/** The upright size of the page: its longer opposite sides. */
export function pageSize(q: Quad, maxSide = 1600): { width: number; height: number } {
  let w = Math.max(dist(q[0], q[1]), dist(q[3], q[2]));
  let h = Math.max(dist(q[0], q[3]), dist(q[1], q[2]));
  const k = Math.min(1, maxSide / Math.max(w, h));
  w = Math.max(1, Math.round(w * k));
  h = Math.max(1, Math.round(h * k));
  return { width: w, height: h };
}

/**
 * The quadrilateral `q` of an RGBA image mapped onto an upright `outWidth` x `outHeight` RGBA
 * image (bilinear sampling; outside the source is white).
 */
export function warpQuad(rgba: ArrayLike<number>, width: number, height: number, q: Quad, outWidth: number, outHeight: number): Uint8ClampedArray<ArrayBuffer> {
  const m = squareToQuad(q);
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  for (let y = 0; y < outHeight; y++) {
    const v = (y + 0.5) / outHeight;
    for (let x = 0; x < outWidth; x++) {
      const u = (x + 0.5) / outWidth;
      const w = m[6]! * u + m[7]! * v + m[8]!;
      const sx = (m[0]! * u + m[1]! * v + m[2]!) / w - 0.5;
      const sy = (m[3]! * u + m[4]! * v + m[5]!) / w - 0.5;
      const o = (y * outWidth + x) * 4;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= width || y0 + 1 >= height) {
        out[o] = out[o + 1] = out[o + 2] = out[o + 3] = 255;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i00 = (y0 * width + x0) * 4;
      const i10 = i00 + 4;
      const i01 = i00 + width * 4;
      const i11 = i01 + 4;
      for (let c = 0; c < 4; c++) {
        const top = rgba[i00 + c]! * (1 - fx) + rgba[i10 + c]! * fx;
        const bottom = rgba[i01 + c]! * (1 - fx) + rgba[i11 + c]! * fx;
        out[o + c] = top * (1 - fy) + bottom * fy;
      }
    }
  }
  return out;
}
