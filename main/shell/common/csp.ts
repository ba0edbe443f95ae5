/**
 * The security headers every UI response carries, in both shells. The Content-Security-Policy is
 * the same as the meta tag in ui/index.html (a unit test keeps the two equal), so the policy
 * holds even if the tag is ever lost from the built page.
 */
export const UI_CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile WebAssembly (the camera's QR decoder, zxing-wasm);
  // it does not allow eval() or new Function() for JavaScript.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Powerful features the UI never needs (devices are driven from main, not from the page). The one
 * exception is the camera, allowed for our own origin only when the scanner is configured as
 * `camera` (see uiSecurityHeaders).
 */
export const UI_PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'display-capture=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'serial=()',
  'hid=()',
  'bluetooth=()',
].join(', ');

export interface UiSecurityOptions {
  /** The scanner is the kiosk's camera: the page may use getUserMedia (video only). */
  camera?: boolean;
}

export function uiSecurityHeaders(options: UiSecurityOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': UI_CSP,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Permissions-Policy': options.camera ? UI_PERMISSIONS_POLICY.replace('camera=()', 'camera=(self)') : UI_PERMISSIONS_POLICY,
  };
}
