/**
 * The one rule of the tests' real peers (test/support/peers.ts): present, the suite runs; missing
 * in CI, the run fails naming the peer and how to install it; missing elsewhere, the suite is
 * skipped and the reason printed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { binaryRuns, inCi, requirePeer } from '../support/peers';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('requirePeer', () => {
  it('runs the suite when the peer is there, in CI or not', () => {
    vi.stubEnv('CI', 'true');
    expect(requirePeer('socat', true, 'apt-get install socat')).toBe(true);
    vi.stubEnv('CI', '');
    expect(requirePeer('socat', true, 'apt-get install socat')).toBe(true);
  });

  it('fails in CI when the peer is missing, naming it, why and how to install it', () => {
    vi.stubEnv('CI', 'true');
    expect(() => requirePeer('mosquitto', '/usr/sbin/mosquitto not found', 'apt-get install mosquitto')).toThrow(
      /mosquitto is missing: \/usr\/sbin\/mosquitto not found \(apt-get install mosquitto\)/,
    );
    expect(() => requirePeer('zbarimg', false, 'apt-get install zbar-tools')).toThrow(/zbarimg is missing \(apt-get install zbar-tools\)/);
  });

  it('skips outside CI with the reason printed', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    for (const ci of ['', 'false', '0']) {
      vi.stubEnv('CI', ci);
      expect(inCi()).toBe(false);
      expect(requirePeer('tesseract', false, 'apt-get install tesseract-ocr')).toBe(false);
    }
    expect(warn).toHaveBeenCalledTimes(3);
    expect(warn.mock.calls[0]![0]).toBe('SKIPPING the tests that need tesseract: tesseract is missing (apt-get install tesseract-ocr)');
  });

  it('tells a program that starts from one that does not exist', () => {
    expect(binaryRuns(process.execPath, ['--version'])).toBe(true);
    expect(binaryRuns('/nonexistent/kiosk-peer-that-is-not-here')).toBe(false);
  });
});
