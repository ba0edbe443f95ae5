import { describe, expect, it } from 'vitest';
import { createMemoryLogger, escapeControls, maskId, maskPersonalData } from '../../main/log';

describe('personal data in logs', () => {
  it('masks 12-digit and 9-digit ID numbers', () => {
    expect(maskPersonalData('card 001099012345 read')).toBe('card 0010******45 read');
    expect(maskPersonalData('old id 012345678')).toBe('old id 0123***78');
  });
  it('leaves short numbers and dossier codes readable', () => {
    expect(maskPersonalData('GET /api/v1/dossiers/000.00.12.H56-260314-0042 took 12 ms')).toBe('GET /api/v1/dossiers/000.00.12.H56-260314-0042 took 12 ms');
  });
  it('maskId keeps the first 4 and last 2 digits', () => {
    expect(maskId('001099012345')).toBe('0010******45');
  });
  it('the logger masks what callers pass, including error messages', () => {
    const log = createMemoryLogger();
    log.error('card', 'read failed for 079203001234', new Error('id 079203001234 rejected'));
    expect(log.lines.join('\n')).not.toContain('079203001234');
    expect(log.lines[0]).toContain('0792******34');
  });
});

describe('one entry, one line', () => {
  it('escapes a newline and other control characters, so a message cannot forge an entry', () => {
    const log = createMemoryLogger();
    log.info('ui', 'tapped\n2026-11-29T00:00:00.000Z ERROR [outbox] dead letter\r\u001b[2K\u2028x');
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toContain('tapped\\n2026-11-29T00:00:00.000Z ERROR [outbox] dead letter\\r\\u{1b}[2K\\u{2028}x');
    expect(escapeControls('a\tb\u0085c')).toBe('a\\tb\\u{85}c');
  });
  it("escapes an error's message, and keeps the stack frames as indented lines of their own", () => {
    const log = createMemoryLogger();
    log.error('api', 'backend said', new Error('bad\nINFO [forged] line'));
    const lines = log.lines.join('\n').split('\n');
    expect(lines[0]).toContain('Error: bad\\nINFO [forged] line');
    expect(lines.slice(1).every((l) => l.startsWith('    at '))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
  });
});
