/**
 * Strict base64 (RFC 4648, standard alphabet, padded): the attachments of a submission travel in
 * JSON this way. Pure: atob and btoa exist in browsers and in Node, so the contract's checks run in
 * main, the sandbox and the renderer alike.
 */

/** The bytes of strict base64 text; null when it is not (bad letters, bad padding, not canonical). */
export function decodeBase64(text: string): Uint8Array | null {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    return null;
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // Canonical only: "QQ==" is "A", "QR==" (unused bits set) is refused.
  return encodeBase64(bytes) === text ? bytes : null;
}

/** Bytes as strict base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}
