/**
 * The SSE parser of the queue's event client (main/api/queue-events.ts), against the rules of
 * the WHATWG "event stream interpretation": line endings, chunks split anywhere, multi-line
 * data, comments, defaults and `retry`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SseParser } from '../../main/api/queue-events';

describe('SseParser', () => {
  it('reads id, event and data, and ignores comments and unknown fields', () => {
    const p = new SseParser();
    expect(p.push(': hello\nretry: 2000\nid: 3\nevent: ticket.called\nfoo: bar\ndata: {"a":1}\n\n')).toEqual([
      { id: '3', event: 'ticket.called', data: '{"a":1}' },
    ]);
    expect(p.retryMs).toBe(2000);
  });

  it('joins data lines with LF, defaults the event to "message", keeps the last id for later events', () => {
    const p = new SseParser();
    expect(p.push('id: 9\ndata: one\ndata:two\n\ndata: three\n\n')).toEqual([
      { id: '9', event: 'message', data: 'one\ntwo' },
      { id: '9', event: 'message', data: 'three' },
    ]);
  });

  it('dispatches nothing for a block without data (a heartbeat)', () => {
    expect(new SseParser().push(': heartbeat\n\n: heartbeat\n\n')).toEqual([]);
  });

  it('accepts CRLF and CR line endings', () => {
    expect(new SseParser().push('id: 1\r\ndata: a\r\n\r\nid: 2\rdata: b\r\r')).toEqual([
      { id: '1', event: 'message', data: 'a' },
      { id: '2', event: 'message', data: 'b' },
    ]);
  });

  it('gives the same messages however the stream is cut into chunks', () => {
    const text = 'retry: 10\r\nid: 1\r\nevent: ticket.issued\r\ndata: {"x":"Nguyễn"}\r\n\r\n: hb\n\nid: 2\nevent: counter.changed\ndata: {}\n\n';
    const whole = new SseParser().push(text);
    expect(whole).toHaveLength(2);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 12 }), (cuts) => {
        const p = new SseParser();
        const out = [];
        let from = 0;
        for (const c of [...cuts].sort((a, b) => a - b)) {
          out.push(...p.push(text.slice(from, c)));
          from = c;
        }
        out.push(...p.push(text.slice(from)));
        expect(out).toEqual(whole);
      }),
    );
  });
});
