/**
 * `display` and `counter` in the kiosk's config (issue 13, items 6 and 7): the hall's screen that
 * calls numbers aloud, and the officer's counter screen. Used by the `display` and `counter`
 * profiles (kiosk-config/profiles.ts); ignored by the others.
 */
import { z } from 'zod';

export const VoiceConfig = z
  .object({
    /** Call numbers aloud. Off, or without espeak-ng and site clips, the display still shows every call. */
    enabled: z.boolean().default(true),
    /**
     * A site's recorded clips: one `<key>.wav` per word (keys as in common/vietnamese-numbers.ts,
     * e.g. `phrase-intro.wav`, `muoi-10.wav`), PCM 16-bit; they replace espeak-ng's word by word.
     */
    clipsDir: z.string().min(1).optional(),
    /** 0 (silent) to 1 (as recorded). */
    volume: z.number().min(0).max(1).default(1),
    /** `number`: "A mười lăm" (default); `digits`: "A không một năm". */
    reading: z.enum(['number', 'digits']).default('number'),
    /** Zero tens after hundreds (105): `linh` (North) or `lẻ` (South). */
    zeroTens: z.enum(['linh', 'lẻ']).default('linh'),
    /** Thousands: `nghìn` (North) or `ngàn` (South). */
    thousand: z.enum(['nghìn', 'ngàn']).default('nghìn'),
    /** espeak-ng speed, words per minute. */
    speed: z.number().int().min(80).max(300).default(150),
    /** Quiet between two calls, ms. */
    gapMs: z.number().int().min(0).max(10_000).default(700),
    /** Calls older than this when they reach the display (caught up after a reconnect) are shown, not said. */
    sayIfNewerThanSeconds: z.number().int().min(5).max(3600).default(60),
  })
  .strict();
export type VoiceConfig = z.output<typeof VoiceConfig>;

export const DisplayConfig = z
  .object({
    /** Service ids shown on the hall display (waiting counts, calls); empty: every service. */
    services: z.array(z.string().min(1).max(64)).max(50).default([]),
    /** How many last calls the display lists under "Đang mời". */
    recentCalls: z.number().int().min(1).max(20).default(6),
    voice: VoiceConfig.default(VoiceConfig.parse({})),
    /** The announcements (existing service) run as a ticker at the bottom. */
    ticker: z.boolean().default(true),
  })
  .strict();
export type DisplayConfig = z.output<typeof DisplayConfig>;

export const CounterConfig = z
  .object({
    /** The counter ("Quầy") this screen drives; without it the counter screen says it is not set up. */
    number: z.number().int().min(1).max(9999).optional(),
    /** The officer at the desk ("Cán bộ tiếp nhận"), sent as `X-Officer-Id`. */
    officerId: z.string().min(1).max(64).optional(),
    officerName: z.string().min(1).max(120).optional(),
  })
  .strict();
export type CounterConfig = z.output<typeof CounterConfig>;
