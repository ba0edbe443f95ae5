/**
 * A QR code painted as SVG from its modules (main draws them with the `qrcode` package; the UI
 * imports no npm package but Preact). Dark on white with the 4-module quiet zone, crisp edges,
 * one path of horizontal runs.
 */
export function qrPath(size: number, bits: string): string {
  let d = '';
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (bits[y * size + x] !== '1') {
        x++;
        continue;
      }
      const start = x;
      while (x < size && bits[y * size + x] === '1') x++;
      d += `M${start + 4} ${y + 4}h${x - start}v1h${start - x}z`;
    }
  }
  return d;
}

export function QrCode(props: { size: number; bits: string; label: string; px?: number; testId?: string }) {
  const n = props.size + 8;
  // A whole number of pixels per module: every module the same width, edges crisp for the camera.
  const px = Math.max(1, Math.floor((props.px ?? 560) / n)) * n;
  return (
    <svg
      class="qr-code"
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      viewBox={`0 0 ${n} ${n}`}
      width={px}
      height={px}
      shape-rendering="crispEdges"
    >
      <rect width={n} height={n} fill="#fff" />
      <path d={qrPath(props.size, props.bits)} fill="#000" />
    </svg>
  );
}
