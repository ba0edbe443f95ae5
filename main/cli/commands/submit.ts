/**
 * `npm run kiosk -- submit --procedure CODE --data FILE.json [--photo FILE.jpg]...`: a whole
 * submission without the screen, for technicians and tests, through the same submission service
 * the screen's `dossier.submit` uses (form validation against the procedure's schema, the
 * outbox committed first, delivery with an idempotency key). The applicant is the one in the data
 * file: the card check of the screen (a resident's session with the card read) does not apply to
 * the technician's tool. Photos are checked as the screen checks them (JPEG, brightness and
 * sharpness, the form's size limit).
 *
 * Data file: `{ "applicant": { "fullName", "personalId", "phone"?, "email"?, "address"? },
 * "fields": { KEY: VALUE } }`. A submission the backend did not confirm in time stays in the
 * outbox under the config's dataDir; the running kiosk delivers it.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import jpeg from 'jpeg-js';
import { z } from 'zod';
import { measurePhoto, rgbaToGray, shrinkGray } from '../../../common/photo-quality';
import { loadConfig } from '../../../kiosk-config/loader';
import { Applicant, FieldValue } from '../../api/schemas';
import { KioskError } from '../../errors';
import { createLogger } from '../../log';
import { createDurable } from '../../services/outbox/runtime';
import { EXIT, UsageError, wantsHelp, type CliCommand, type CliContext } from '../types';

const USAGE = `Usage:
  npm run kiosk -- submit --procedure CODE --data FILE.json [--photo FILE.jpg]... [--backend URL] [--data-dir DIR] [--json]
      Submits a dossier through the kiosk's outbox, as the screen does, and prints the local
      reference and, when the backend confirmed it, the dossier code.
      FILE.json: {"applicant": {"fullName": "...", "personalId": "12 digits", "phone": "..."},
                  "fields": {"key": "value", ...}}
      --photo   a JPEG of a document page (repeat for several); refused when blurred, too dark or
                over the form's size limit.
      --backend the backend URL (default: the config's backend.url, else the embedded sandbox's
                port on 127.0.0.1).
The config comes from KIOSK_CONFIG (as for the kiosk). Nothing personal is printed.`;

const DataFile = z
  .object({
    applicant: Applicant,
    fields: z.record(z.string(), FieldValue).default({}),
  })
  .strict();

interface Args {
  procedure?: string;
  data?: string;
  photos: string[];
  backend?: string;
  dataDir?: string;
  json: boolean;
}

function parse(argv: string[]): Args {
  const out: Args = { photos: [], json: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--procedure') out.procedure = value();
    else if (a === '--data') out.data = value();
    else if (a === '--photo') out.photos.push(value());
    else if (a === '--backend') out.backend = value();
    else if (a === '--data-dir') out.dataDir = value();
    else if (a === '--json') out.json = true;
    else throw new UsageError(`unknown argument ${a}`);
  }
  if (!out.procedure) throw new UsageError('submit needs --procedure CODE');
  if (!out.data) throw new UsageError('submit needs --data FILE.json');
  return out;
}

/** A photo's problem in English, or null when it may be sent. */
export function checkPhoto(content: Buffer): string | null {
  if (content.length < 4 || content[0] !== 0xff || content[1] !== 0xd8 || content[2] !== 0xff) return 'not a JPEG file';
  let img;
  try {
    img = jpeg.decode(content, { useTArray: true, maxResolutionInMP: 40, maxMemoryUsageInMB: 512 });
  } catch (err) {
    return `the JPEG cannot be decoded (${err instanceof Error ? err.message : String(err)})`;
  }
  // Measured at 640 wide at most, as the screen measures its camera frame.
  const small = shrinkGray(rgbaToGray(img.data, img.width, img.height), img.width, img.height);
  const q = measurePhoto(small.gray, small.width, small.height);
  if (!q.ok) return `the photo is ${q.problem === 'dark' ? 'too dark' : 'blurred'} (brightness ${q.brightness}, sharpness ${q.sharpness}): take it again`;
  return null;
}

export const submitCommand: CliCommand = {
  name: 'submit',
  summary: 'Submit a dossier without the screen (same service and outbox), for technicians and tests',
  usage: USAGE,
  async run(argv: string[], ctx: CliContext): Promise<number> {
    if (wantsHelp(argv)) {
      ctx.out(USAGE);
      return EXIT.ok;
    }
    const args = parse(argv);
    const loaded = loadConfig({ env: ctx.env });
    if (!loaded.ok) throw new UsageError('the site config is not valid: run `config check` first');
    const config = loaded.config;

    let data;
    try {
      data = DataFile.safeParse(JSON.parse(readFileSync(args.data!, 'utf8')));
    } catch (err) {
      ctx.err(`FAIL: cannot read ${args.data}: ${err instanceof Error ? err.message : String(err)}`);
      return EXIT.failed;
    }
    if (!data.success) {
      ctx.err(`FAIL: ${args.data} is not a submission: ${data.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
      return EXIT.failed;
    }
    const attachments = [];
    for (const file of args.photos) {
      let content: Buffer;
      try {
        content = readFileSync(file);
      } catch (err) {
        ctx.err(`FAIL: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
        return EXIT.failed;
      }
      const problem = checkPhoto(content);
      if (problem) {
        ctx.err(`FAIL: ${basename(file)}: ${problem}`);
        return EXIT.failed;
      }
      attachments.push({ name: basename(file).normalize('NFC'), mime: 'image/jpeg', contentBase64: content.toString('base64') });
    }

    const backendUrl = args.backend ?? config.backend.url ?? `http://127.0.0.1:${config.sandbox.port}`;
    const log = createLogger({ level: 'warn' });
    const durable = createDurable({ config: { ...config, ...(args.dataDir ? { dataDir: args.dataDir } : {}) }, backendUrl, log });
    durable.start();
    try {
      const status = durable.status();
      if (status.service !== 'ok') {
        ctx.err(`FAIL: the kiosk's database cannot be used: ${status.reason ?? 'unknown'}`);
        return EXIT.failed;
      }
      const answer = await durable.submit({
        procedureCode: args.procedure!,
        applicant: data.data.applicant,
        fields: data.data.fields,
        attachments,
      });
      if (args.json) ctx.out(JSON.stringify(answer));
      else if (answer.state === 'sent') {
        ctx.out(
          `OK: sent as ${answer.dossierCode ?? '(no code)'} (local reference ${answer.localRef})${answer.dueDate ? `, result due ${answer.dueDate}` : ''}`,
        );
      } else {
        ctx.out(`OK: queued as ${answer.localRef}: the backend did not confirm yet; the running kiosk sends it from the outbox`);
      }
      return EXIT.ok;
    } catch (err) {
      if (err instanceof KioskError) {
        ctx.err(`FAIL: ${err.code}: ${err.message}`);
        return EXIT.failed;
      }
      throw err;
    } finally {
      await durable.stop();
    }
  },
};
