/**
 * Administrative procedures of the seed: real national procedures, with names, documents, fees
 * and legal basis as published (fees set by provincial People's Councils are typical values).
 * Agencies follow the two-level local government in force since 1 July 2025 (no district level).
 * One file per sector; the order here is the order within each sector on screen.
 *
 * `aliases` are the other names residents type or say ("hộ khẩu", "sổ đỏ", "công chứng"). The
 * sandbox searches them with the name, token by token, so an alias must not make a procedure
 * answer a search meant for another (see test/unit/sandbox-seed.test.ts).
 */
import { BAO_TRO_XA_HOI } from './bao-tro-xa-hoi';
import { CHUNG_THUC } from './chung-thuc';
import { CU_TRU } from './cu-tru';
import { DAT_DAI } from './dat-dai';
import { DUONG_BO } from './duong-bo';
import { HO_KINH_DOANH } from './ho-kinh-doanh';
import { HO_TICH } from './ho-tich';
import { LY_LICH_TU_PHAP } from './ly-lich-tu-phap';
import type { SeedProcedure } from './shared';
import { VIEC_LAM } from './viec-lam';
import { XAY_DUNG } from './xay-dung';

export type { SeedProcedure } from './shared';

export const PROCEDURES: readonly SeedProcedure[] = [
  ...HO_TICH,
  ...CU_TRU,
  ...CHUNG_THUC,
  ...DAT_DAI,
  ...XAY_DUNG,
  ...HO_KINH_DOANH,
  ...LY_LICH_TU_PHAP,
  ...DUONG_BO,
  ...VIEC_LAM,
  ...BAO_TRO_XA_HOI,
];
