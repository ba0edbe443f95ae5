/**
 * A drawing of the receipt and appointment slip ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
 * DOMAIN.md) with the codes a resident scans, its barcode and its QR code, ringed in gold: inline
 * SVG, no image file. The text lines are grey bars: the picture shows where, not what.
 */
import type { JSX } from 'preact';
import { t } from '../i18n';
import { appInfo } from '../state/app';

export function SlipPicture(props: { label: string }) {
  const bars = [3, 1, 2, 1, 1, 3, 1, 2, 2, 1, 1, 2, 3, 1, 1, 2, 1, 3, 2, 1, 1, 1, 2, 3, 1, 2];
  let x = 26;
  const barRects = bars.map((w, i) => {
    const r = i % 2 === 0 ? <rect key={i} x={x} y={196} width={w * 2} height={34} fill="#111827" /> : null;
    x += w * 2;
    return r;
  });
  // A fixed 21×21 pattern with the three finder squares: it reads as a QR code, it is not one.
  const qr: JSX.Element[] = [];
  for (let r = 0; r < 21; r++) {
    for (let c = 0; c < 21; c++) {
      const finder = (r < 7 && c < 7) || (r < 7 && c > 13) || (r > 13 && c < 7);
      if (finder) continue;
      if ((r * 7 + c * 3 + ((r * c) % 5)) % 3 === 0)
        qr.push(<rect key={`${r}-${c}`} x={148 + c * 3.2} y={252 + r * 3.2} width={3.2} height={3.2} fill="#111827" />);
    }
  }
  const finder = (fx: number, fy: number) => (
    <g key={`f${fx}-${fy}`}>
      <rect x={fx} y={fy} width={22.4} height={22.4} fill="#111827" />
      <rect x={fx + 3.2} y={fy + 3.2} width={16} height={16} fill="#fff" />
      <rect x={fx + 6.4} y={fy + 6.4} width={9.6} height={9.6} fill="#111827" />
    </g>
  );
  return (
    <svg class="slip-picture" data-testid="slip-picture" viewBox="0 0 240 340" role="img" aria-label={props.label} xmlns="http://www.w3.org/2000/svg">
      <rect x="8" y="6" width="224" height="328" rx="6" fill="#fff" stroke="#9ca3af" stroke-width="2" />
      <rect x="60" y="20" width="120" height="7" rx="3" fill="#9ca3af" />
      <rect x="40" y="34" width="160" height="7" rx="3" fill="#9ca3af" />
      <rect x="30" y="54" width="180" height="10" rx="3" fill="#0b3a6e" />
      {[78, 92, 106, 120, 134, 148, 162].map((y, i) => (
        <rect key={y} x="26" y={y} width={i % 3 === 2 ? 120 : 188} height="6" rx="3" fill="#d1d5db" />
      ))}
      <rect x="26" y="180" width="110" height="8" rx="3" fill="#111827" />
      {barRects}
      <rect
        x="18"
        y="174"
        width={x - 10}
        height="64"
        rx="6"
        fill="none"
        stroke="#ffcd00"
        stroke-width="5"
        stroke-dasharray="10 5"
        data-testid="slip-barcode-mark"
      />
      {qr}
      {finder(148, 252)}
      {finder(148 + 14 * 3.2, 252)}
      {finder(148, 252 + 14 * 3.2)}
      <rect x="140" y="244" width="84" height="84" rx="6" fill="none" stroke="#ffcd00" stroke-width="5" stroke-dasharray="10 5" data-testid="slip-qr-mark" />
      <rect x="26" y="262" width="96" height="6" rx="3" fill="#d1d5db" />
      <rect x="26" y="276" width="80" height="6" rx="3" fill="#d1d5db" />
      <rect x="26" y="290" width="96" height="6" rx="3" fill="#d1d5db" />
    </svg>
  );
}

/**
 * "Chỉ cần quét mã trên phiếu": the slip's picture, what scanning it does (`body`), and where the
 * kiosk's scanner is (config `site.scannerLocation`). Shared by the lookup and the payment entry.
 */
export function ScanFirst(props: { body: string; testId?: string; locationTestId?: string }) {
  const location = appInfo.value?.scannerLocation ?? t('lookupScan.defaultLocation');
  return (
    <div class="scan-first" data-testid={props.testId}>
      <SlipPicture label={t('lookupScan.slipAlt')} />
      <div class="scan-first-text">
        <h2>{t('lookupScan.title')}</h2>
        <p class="lead">{props.body}</p>
        <p class="scanner-where" data-testid={props.locationTestId}>
          {t('lookupScan.where', { location })}
        </p>
      </div>
    </div>
  );
}
