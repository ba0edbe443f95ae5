/**
 * The fleet console's server (issue 16): one MQTT client (status and health through a plain
 * subscription, so the broker's retained messages arrive; metrics and command results through
 * the shared subscription `$share/console/…`, so several console instances split that work),
 * the fleet's state (state.ts), and a small HTTP server: the page (page.ts, strict CSP, no
 * inline script), Server-Sent Events with every change, and the command endpoint, which signs
 * each command with the operator's Ed25519 key and publishes it on the kiosk's own topic.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { z } from 'zod';
import { COMMAND_OPS, CommandBody, signCommand, topicOf } from '../main/services/fleet/protocol';
import { createFleetState, type FleetState } from './state';
import { PAGE_CSS, PAGE_HTML, PAGE_JS } from './page';

export interface ConsoleOptions {
  brokerUrl: string;
  prefix?: string;
  host?: string;
  port?: number;
  /** The operator's Ed25519 private key (PEM); absent: the console is read-only. */
  privateKeyPem?: string | undefined;
  operator?: string;
  /** A kiosk not heard from for this long is marked stale (default 3 health intervals: 180 s). */
  staleMs?: number;
  sweepMs?: number;
  username?: string | undefined;
  password?: string | undefined;
  caFile?: string | undefined;
  commandTtlSeconds?: number;
  log?: (line: string) => void;
}

export interface FleetConsole {
  url: string;
  state: FleetState;
  /** Resolves when the broker has acknowledged the console's subscriptions. */
  ready: Promise<void>;
  close(): Promise<void>;
}

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const CommandRequest = z
  .object({
    op: z.enum(COMMAND_OPS),
    args: CommandBody.shape.args.optional(),
  })
  .strict();

export async function startFleetConsole(o: ConsoleOptions): Promise<FleetConsole> {
  const prefix = o.prefix ?? 'kiosk';
  const log = o.log ?? ((line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`));
  const staleMs = o.staleMs ?? 180_000;
  const state = createFleetState({ prefix, staleMs });
  const clients = new Set<ServerResponse>();
  const logs = new Map<string, { parts: string[]; total: number; at: number }>();

  const broadcast = (event: string, data: unknown) => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
    for (const c of clients) c.write(frame);
  };

  const mq: MqttClient = mqtt.connect(o.brokerUrl, {
    clientId: `fleet-console-${process.pid}-${Math.random().toString(16).slice(2, 8)}`,
    protocolVersion: 5,
    clean: true,
    reconnectPeriod: 2000,
    ...(o.username ? { username: o.username } : {}),
    ...(o.password ? { password: o.password } : {}),
    ...(o.caFile ? { ca: readFileSync(o.caFile) } : {}),
  });
  let readyResolve!: () => void;
  const ready = new Promise<void>((r) => (readyResolve = r));
  mq.on('connect', () => {
    log(`fleet console: connected to ${o.brokerUrl}`);
    mq.subscribe(
      {
        [`${prefix}/+/+/status`]: { qos: 1 },
        [`${prefix}/+/+/health`]: { qos: 1 },
        [`$share/console/${prefix}/+/+/metrics`]: { qos: 1 },
        [`$share/console/${prefix}/+/+/cmd-result`]: { qos: 1 },
      },
      (err) => {
        if (err) log(`fleet console: subscribe failed: ${err.message}`);
        else readyResolve();
      },
    );
  });
  mq.on('error', (err) => log(`fleet console: broker: ${err.message}`));
  mq.on('offline', () => log('fleet console: the broker is unreachable; retrying'));
  mq.on('message', (topic, payload) => {
    const { changed, result, alerts } = state.ingest(topic, payload);
    if (result?.parts && result.data !== undefined && result.part) {
      const entry = logs.get(result.id) ?? { parts: [], total: result.parts, at: Date.now() };
      entry.parts[result.part - 1] = result.data;
      logs.set(result.id, entry);
      if (logs.size > 50) logs.delete(logs.keys().next().value!);
    }
    if (changed) broadcast('kiosk', changed);
    if (result) {
      const { data: _data, ...brief } = result;
      const entry = logs.get(result.id);
      const complete = entry && entry.parts.filter((p) => p !== undefined).length === entry.total;
      broadcast('result', { key: changed?.key, ...brief, ...(complete ? { logsUrl: `/api/logs/${encodeURIComponent(result.id)}` } : {}) });
    }
    for (const a of alerts) broadcast('alert', a);
  });

  const sweep = setInterval(() => {
    const { changed, alerts } = state.sweep();
    for (const k of changed) broadcast('kiosk', k);
    for (const a of alerts) broadcast('alert', a);
  }, o.sweepMs ?? 5000);
  sweep.unref();

  const send = (res: ServerResponse, status: number, type: string, body: string) => {
    res.writeHead(status, {
      'content-type': type,
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));

  const readBody = (req: IncomingMessage): Promise<string> =>
    new Promise((resolve, reject) => {
      let size = 0;
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => {
        size += c.length;
        if (size > 16_384) {
          reject(new Error('request too large'));
          req.destroy();
        } else chunks.push(c);
      });
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      req.on('error', reject);
    });

  const command = async (req: IncomingMessage, res: ServerResponse, site: string, kiosk: string) => {
    // Same-origin only (a page elsewhere cannot make the operator's browser send commands).
    const origin = req.headers.origin;
    if (origin && origin !== `http://${req.headers.host}`) return json(res, 403, { error: 'Yêu cầu từ trang khác bị từ chối.' });
    if (!String(req.headers['content-type']).startsWith('application/json')) return json(res, 415, { error: 'Cần nội dung JSON.' });
    if (!o.privateKeyPem) return json(res, 503, { error: 'Bảng điều khiển chưa có khóa ký của cán bộ vận hành (--key): chỉ xem, không gửi lệnh được.' });
    if (!state.kiosk(`${site}/${kiosk}`)) return json(res, 404, { error: 'Không có ki-ốt này.' });
    let body: z.infer<typeof CommandRequest>;
    try {
      body = CommandRequest.parse(JSON.parse(await readBody(req)));
    } catch {
      return json(res, 400, { error: 'Lệnh không hợp lệ.' });
    }
    if (body.op === 'announce' && (!body.args?.title || !body.args.body)) return json(res, 400, { error: 'Thông báo cần tiêu đề và nội dung.' });
    const signed = signCommand(
      { kiosk, op: body.op, args: body.args ?? {}, by: o.operator ?? 'operator', ttlSeconds: o.commandTtlSeconds ?? 300 },
      o.privateKeyPem,
    );
    const id = (JSON.parse(Buffer.from(signed.cmd, 'base64url').toString('utf8')) as { id: string }).id;
    mq.publish(topicOf(prefix, site, kiosk, 'cmd'), JSON.stringify(signed), { qos: 1, retain: false });
    log(`fleet console: command ${id} (${body.op}) sent to ${site}/${kiosk} by ${o.operator ?? 'operator'}`);
    return json(res, 202, { id, op: body.op });
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://console');
    const path = url.pathname;
    try {
      if (req.method === 'GET' && (path === '/' || path === '/index.html')) return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
      if (req.method === 'GET' && path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', PAGE_JS);
      if (req.method === 'GET' && path === '/styles.css') return send(res, 200, 'text/css; charset=utf-8', PAGE_CSS);
      if (req.method === 'GET' && path === '/api/kiosks') return json(res, 200, { kiosks: state.kiosks(), alerts: state.alerts() });
      if (req.method === 'GET' && path === '/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(
          `event: snapshot\ndata: ${JSON.stringify({ kiosks: state.kiosks(), alerts: state.alerts(), canCommand: Boolean(o.privateKeyPem), staleMs })}\n\n`,
        );
        clients.add(res);
        req.on('close', () => clients.delete(res));
        return;
      }
      const logMatch = /^\/api\/logs\/([A-Za-z0-9-]{8,64})$/.exec(path);
      if (req.method === 'GET' && logMatch) {
        const entry = logs.get(logMatch[1]!);
        if (!entry || entry.parts.filter((p) => p !== undefined).length !== entry.total) return json(res, 404, { error: 'Chưa có nhật ký.' });
        return send(res, 200, 'text/plain; charset=utf-8', entry.parts.join(''));
      }
      const cmdMatch = /^\/api\/kiosks\/([A-Za-z0-9_.-]{1,64})\/([A-Za-z0-9_.-]{1,64})\/commands$/.exec(path);
      if (req.method === 'POST' && cmdMatch) {
        command(req, res, cmdMatch[1]!, cmdMatch[2]!).catch((err: unknown) => {
          log(`fleet console: command failed: ${err instanceof Error ? err.message : String(err)}`);
          if (!res.headersSent) json(res, 500, { error: 'Không gửi được lệnh.' });
        });
        return;
      }
      json(res, 404, { error: 'Không tìm thấy.' });
    } catch (err) {
      log(`fleet console: ${req.method} ${path} failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) json(res, 500, { error: 'Lỗi máy chủ.' });
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', resolve);
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('the console has no port');
  const url = `http://${o.host ?? '127.0.0.1'}:${addr.port}`;
  log(`fleet console: ${url} (broker ${o.brokerUrl}, topics ${prefix}/…${o.privateKeyPem ? '' : ', read-only: no operator key'})`);

  return {
    url,
    state,
    ready,
    async close() {
      clearInterval(sweep);
      for (const c of clients) c.end();
      clients.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await new Promise<void>((resolve) => mq.end(true, {}, () => resolve()));
    },
  };
}
