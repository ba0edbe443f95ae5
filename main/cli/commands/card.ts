/**
 * `card`: the technician's CCCD tools.
 *   card read [--reader NAME] (--mrz "..." | --id ID --birth YYMMDD --expiry YYMMDD | --qr "TEXT")
 *             [--reveal] [--simulator] [--config FILE] [--wait SECONDS]
 *   card parse-qr "TEXT"
 *   card parse-mrz "TEXT"
 * Output is JSON on stdout; personal fields are masked unless --reveal.
 */
import { resolve } from 'node:path';
import {
  CardReadError,
  createDemoCard,
  createPcscTransport,
  createSimulatedReader,
  FaceImageError,
  faceToJpeg,
  loadCscaFolder,
  type CardReaderTransport,
  type FaceImage,
} from '../../../drivers/idcard';
import { parseMrz } from '../../../drivers/idcard/protocol';
import { formatConfigErrors, loadConfig } from '../../../kiosk-config/loader';
import { maskId } from '../../log';
import { parseCccdQr } from '../../services/scan/cccd';
import { keyCandidates, readIdentity, type KeySources } from '../../services/identity/read';
import { EXIT, UsageError, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- card read [--reader NAME] (--mrz "MRZ" | --id ID --birth YYMMDD --expiry YYMMDD | --qr "CCCD QR TEXT")
                             [--reveal] [--simulator] [--config FILE] [--wait SECONDS]
      Reads the CCCD chip and prints JSON: the fields (masked unless --reveal), the passive
      authentication result, the APDU count and the read time. --reader picks a PC/SC reader by
      a part of its name; --simulator reads the demo card of the simulator; otherwise
      devices.cardReader of the config decides. --expiry may be "none" for a card without expiry.
  npm run kiosk -- card parse-qr "TEXT"     Parses a CCCD QR text (JSON; masked unless --reveal).
  npm run kiosk -- card parse-mrz "TEXT"    Parses an MRZ (TD1/TD2/TD3; lines joined or separated by newlines).`;

interface Flags {
  positional: string[];
  values: Map<string, string>;
  switches: Set<string>;
}

const VALUE_FLAGS = new Set(['--reader', '--mrz', '--id', '--birth', '--expiry', '--qr', '--config', '--wait']);

function parseFlags(args: string[]): Flags {
  const f: Flags = { positional: [], values: new Map(), switches: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (VALUE_FLAGS.has(a)) {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      f.values.set(a, v);
    } else if (a.startsWith('--')) f.switches.add(a);
    else f.positional.push(a);
  }
  return f;
}

function mask(text: string | undefined, reveal: boolean): string | undefined {
  if (text === undefined) return undefined;
  if (reveal) return text;
  return text.length <= 2 ? '*'.repeat(text.length) : `${text.slice(0, 1)}${'*'.repeat(Math.max(1, text.length - 2))}${text.slice(-1)}`;
}

function yymmddToIso(s: string, kind: 'birth' | 'expiry'): string {
  if (!/^\d{6}$/.test(s)) throw new UsageError(`--${kind} must be YYMMDD`);
  const yy = Number(s.slice(0, 2));
  const century = kind === 'expiry' ? 2000 : yy > new Date().getUTCFullYear() % 100 ? 1900 : 2000;
  return `${century + yy}-${s.slice(2, 4)}-${s.slice(4, 6)}`;
}

async function read(args: string[], ctx: CliContext): Promise<number> {
  const f = parseFlags(args);
  const reveal = f.switches.has('--reveal');
  const sources: KeySources = {};
  const mrzText = f.values.get('--mrz');
  const qrText = f.values.get('--qr');
  const id = f.values.get('--id');
  if ([mrzText, qrText, id].filter((v) => v !== undefined).length !== 1) throw new UsageError('give exactly one of --mrz, --qr or --id/--birth/--expiry');
  if (mrzText !== undefined) {
    const m = parseMrz(mrzText.replace(/\\n/g, '\n'));
    if (!m.ok) throw new UsageError(`the MRZ is not valid: ${m.error.check} check failed`);
    sources.mrz = m.mrz;
  } else if (qrText !== undefined) {
    const q = parseCccdQr(qrText);
    if (!q.ok) throw new UsageError(`the CCCD QR is not valid: ${q.reason} (${q.detail})`);
    sources.qr = q.value;
  } else {
    const birth = f.values.get('--birth');
    const expiry = f.values.get('--expiry');
    if (!id || !birth || !expiry) throw new UsageError('--id needs --birth YYMMDD and --expiry YYMMDD');
    if (!/^\d{12}$/.test(id) && !/^\d{9}$/.test(id)) throw new UsageError('--id must be the 12-digit ID (or the 9-digit document number)');
    sources.dates = { birthDate: yymmddToIso(birth, 'birth'), expiryDate: expiry === 'none' ? 'none' : yymmddToIso(expiry, 'expiry') };
    // A 9-digit document number is the last 9 digits of the ID: the key needs only those.
    sources.dates.personalId = id.length === 12 ? id : `000${id}`;
  }
  let keys;
  try {
    keys = keyCandidates(sources);
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : 'bad key input');
  }

  const configFile = f.values.get('--config');
  const loaded = loadConfig({ env: ctx.env, ...(configFile ? { file: configFile } : {}) });
  if (!loaded.ok) {
    ctx.err(formatConfigErrors(loaded.errors));
    return EXIT.failed;
  }
  const cfg = loaded.config.devices.cardReader;
  const readerName = f.values.get('--reader') ?? cfg.reader;
  const useSimulator = f.switches.has('--simulator') || (!f.values.has('--reader') && cfg.kind === 'simulator');
  if (!useSimulator && cfg.kind === 'none' && !f.values.has('--reader')) {
    ctx.err('No card reader is configured (devices.cardReader.kind is "none"); give --reader NAME or --simulator.');
    return EXIT.failed;
  }
  let transport: CardReaderTransport;
  if (useSimulator) {
    const sim = createSimulatedReader({ latencyMs: 0 });
    sim.insert(createDemoCard().chip);
    transport = sim;
  } else transport = createPcscTransport({ extendedLength: cfg.maxApduChunk > 0xdf });
  const csca = cfg.cscaDir ? loadCscaFolder(resolve(cfg.cscaDir)) : { certificates: [], errors: [] };
  for (const e of csca.errors) ctx.err(`warning: ${e}`);
  const waitSeconds = Number(f.values.get('--wait') ?? 10);
  if (!Number.isFinite(waitSeconds) || waitSeconds < 0 || waitSeconds > 300) throw new UsageError('--wait must be 0..300 seconds');

  try {
    const conn = await transport.waitForCard({ ...(readerName ? { reader: readerName } : {}), timeoutMs: waitSeconds * 1000 });
    try {
      const r = await readIdentity(conn, { keys, sources, csca: csca.certificates, maxChunk: cfg.maxApduChunk });
      if (r.outcome === 'refused') {
        ctx.out(
          JSON.stringify(
            {
              refused: true,
              disagree: r.problems.map((p) => ({ field: p.field, sources: p.sources, message: p.message })),
              apduCount: r.apduCount,
              readMs: Math.round(r.readMs),
            },
            null,
            2,
          ),
        );
        return EXIT.failed;
      }
      const id = r.identity;
      const fields = {
        personalId: id.personalId ? (reveal ? id.personalId : maskId(id.personalId)) : undefined,
        fullName: mask(id.fullName, reveal),
        birthDate: reveal ? id.birthDate : id.birthDate ? `${id.birthDate.slice(0, 4)}-**-**` : undefined,
        sex: id.sex,
        nationality: id.nationality,
        ethnicity: mask(id.ethnicity, reveal),
        religion: mask(id.religion, reveal),
        placeOfOrigin: mask(id.placeOfOrigin, reveal),
        residence: mask(id.residence, reveal),
        identifyingMarks: mask(id.identifyingMarks, reveal),
        issueDate: reveal || !id.issueDate ? id.issueDate : `${id.issueDate.slice(0, 4)}-**-**`,
        expiryDate: id.expiryDate,
        fatherName: mask(id.fatherName, reveal),
        motherName: mask(id.motherName, reveal),
        spouseName: mask(id.spouseName, reveal),
        legacyIdNumber: id.legacyIdNumber ? (reveal ? id.legacyIdNumber : maskId(id.legacyIdNumber)) : undefined,
        face: id.face
          ? { format: id.face.format, bytes: id.face.bytes.length, width: id.face.width, height: id.face.height, display: await displayCheck(id.face) }
          : undefined,
      };
      ctx.out(
        JSON.stringify(
          {
            reader: conn.reader,
            protocol: conn.protocol,
            key: { source: r.keySource, candidate: r.keyLabel },
            fields,
            sources: id.sources,
            verification: {
              status: r.authenticity.status,
              text: r.authenticity.text,
              checked: r.authenticity.checked.map((n) => `DG${n}`),
              mismatched: r.authenticity.mismatched.map((n) => `DG${n}`),
              hashAlgorithm: r.authenticity.hashAlgorithm,
              signer: r.authenticity.signer,
              csca: r.authenticity.csca,
              detail: r.authenticity.detail,
            },
            problems: r.problems,
            apduCount: r.apduCount,
            chunk: r.chunk,
            readMs: Math.round(r.readMs * 10) / 10,
          },
          null,
          2,
        ),
      );
      return EXIT.ok;
    } finally {
      await conn.close();
    }
  } catch (e) {
    if (e instanceof CardReadError) {
      ctx.err(`Card read failed (${e.code}): ${e.message}`);
      return EXIT.failed;
    }
    throw e;
  } finally {
    await transport.close();
  }
}

async function parseQr(args: string[], ctx: CliContext): Promise<number> {
  const f = parseFlags(args);
  const text = f.positional.join(' ');
  if (!text) throw new UsageError('card parse-qr needs the QR text');
  const r = parseCccdQr(text);
  if (!r.ok) {
    ctx.out(JSON.stringify({ ok: false, reason: r.reason, detail: r.detail }, null, 2));
    return EXIT.failed;
  }
  const reveal = f.switches.has('--reveal');
  const v = r.value;
  ctx.out(
    JSON.stringify(
      {
        ok: true,
        personalId: reveal ? v.personalId : maskId(v.personalId),
        legacyIdNumber: v.legacyIdNumber ? (reveal ? v.legacyIdNumber : maskId(v.legacyIdNumber)) : undefined,
        fullName: mask(v.fullName, reveal),
        birthDate: reveal ? v.birthDate : `${v.birthDate.slice(0, 4)}-**-**`,
        sex: v.sex,
        residence: mask(v.residence, reveal),
        issueDate: v.issueDate,
        extraFields: v.extraFields,
        bacKeyCandidates: keyCandidates({ qr: v }).map((c) => c.label),
      },
      null,
      2,
    ),
  );
  return EXIT.ok;
}

async function parseMrzCmd(args: string[], ctx: CliContext): Promise<number> {
  const f = parseFlags(args);
  const text = f.positional.join('\n');
  if (!text) throw new UsageError('card parse-mrz needs the MRZ text');
  const r = parseMrz(text.replace(/\\n/g, '\n'));
  if (!r.ok) {
    ctx.out(JSON.stringify({ ok: false, check: r.error.check, message: r.error.message }, null, 2));
    return EXIT.failed;
  }
  const reveal = f.switches.has('--reveal');
  const m = r.mrz;
  ctx.out(
    JSON.stringify(
      {
        ok: true,
        format: m.format,
        documentCode: m.documentCode,
        issuingState: m.issuingState,
        documentNumber: reveal ? m.documentNumber : maskId(m.documentNumber),
        personalId: m.vietnam ? (reveal ? m.vietnam.personalId : maskId(m.vietnam.personalId)) : undefined,
        birthDate: reveal ? m.birthDate : `${m.birthDate.slice(0, 2)}****`,
        sex: m.sex,
        expiryDate: m.expiryDate,
        nationality: m.nationality,
        surname: mask(m.surname, reveal),
        givenNames: mask(m.givenNames, reveal),
        checkDigits: 'all valid',
      },
      null,
      2,
    ),
  );
  return EXIT.ok;
}

const SUBCOMMANDS: Record<string, (args: string[], ctx: CliContext) => Promise<number>> = {
  read,
  'parse-qr': parseQr,
  'parse-mrz': parseMrzCmd,
};

export const cardCommand: CliCommand = {
  name: 'card',
  summary: 'Read the CCCD chip (card read), parse a CCCD QR (card parse-qr) or an MRZ (card parse-mrz)',
  usage: USAGE,
  async run(args, ctx) {
    const [sub, ...rest] = args;
    if (sub === undefined) throw new UsageError('card needs a subcommand: read, parse-qr or parse-mrz');
    const handler = Object.prototype.hasOwnProperty.call(SUBCOMMANDS, sub) ? SUBCOMMANDS[sub] : undefined;
    if (!handler) throw new UsageError(`unknown card subcommand "${sub}" (expected read, parse-qr or parse-mrz)`);
    return handler(rest, ctx);
  },
};

/**
 * Whether the kiosk can show this face: JPEG is shown as it is; JPEG 2000 is decoded (in memory,
 * nothing written) and the result or the reason is reported, with the time it took.
 */
async function displayCheck(face: FaceImage): Promise<{ shown: boolean; convertedMs?: number; problem?: string }> {
  if (face.format === 'jpeg') return { shown: true };
  try {
    const out = await faceToJpeg(face);
    out.jpeg.fill(0);
    return { shown: true, convertedMs: Math.round(out.ms) };
  } catch (e) {
    return { shown: false, problem: e instanceof FaceImageError ? `${e.code}: ${e.message}` : String(e) };
  }
}
