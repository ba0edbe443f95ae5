/**
 * Administrative procedures of the seed: real national procedures, with names, documents, fees
 * and legal basis as published (fees set by provincial People's Councils are typical values).
 * Agencies follow the two-level local government in force since 1 July 2025 (no district level).
 * One file per sector; the order here is the order within each sector on screen.
 *
 * `aliases` are the other names residents type or say ("hộ khẩu", "sổ đỏ", "công chứng"). The
 * sandbox searches them with the name, token by token, so an alias must not make a procedure
 * answer a search meant for another (see test/unit/sandbox-seed.test.ts).
 *
 * Codes. None was checked on dichvucong.gov.vn itself (its pages need JavaScript the build
 * machines cannot fetch). Known from many sources: 1.001193, 1.000894, 1.000656, 2.000635,
 * 1.004873, 1.004222 (thường trú), 2.000815, 2.000884, 2.000720.
 * Taken from secondary sources (public repositories and provincial decisions quoting the portal):
 * 1.004194, 1.002755, 1.003197, 1.010028, 2.000200, 3.000285, 3.000722, 2.002913, 2.000806,
 * 2.000528, 1.000689, 1.005461, 1.004746, 1.000419, 1.000593, 1.004845, 3.000323, 2.001263,
 * 1.010803, 1.010833, 2.002307, 2.002308, 1.014027, 1.014028, 1.001653, 1.014199, 1.014200,
 * 1.014201, 1.013228, 2.000992, 2.001008, 2.000942, 1.001613, 1.002759, 2.000693, 1.011607.
 * Codes to verify against the national database (plausible, in the published format, not
 * confirmed; some may belong to an older version of the procedure):
 * - Hộ tịch: 1.004772, 2.000522, 2.000547, 1.001022, 1.004859, 1.004884, 1.004837.
 * - Cư trú: 1.004218, 1.004235, 1.010029, 1.010030, 1.010031.
 * - Căn cước: 2.001616, 2.001617, 2.001618, 2.001619.
 * - Chứng thực: 2.001035, 2.001019, 2.000913, 2.001016, 2.000927.
 * - Đất đai: 1.012766, 1.012771, 1.012774, 1.012775 to 1.012781 (a secondary source gives
 *   1.012753 for the first certificate under the 2024 Land Law).
 * - Xây dựng: 1.009994 to 1.009997, 1.013229 (a secondary source lists 1.013225 to 1.013228 for
 *   the versions in force since 2025).
 * - Hộ kinh doanh: 2.000575, 2.000566, 2.000544, 2.000571.
 * - Lý lịch tư pháp: 2.001417, 2.001424, 2.001421 (the police portal lists 3.000333 for the
 *   certificate to citizens since the police took the service over).
 * - Xuất nhập cảnh: 1.001456 (one source), 1.001457, 1.001458.
 * - Đường bộ: 1.002809, 1.002804, 1.002793, 1.002796 (the police portal lists 3.000346 for
 *   driving licences under the 2024 road traffic law).
 * - Đăng ký xe: 2.002001 to 2.002004.
 * - Việc làm: 1.001978, 1.000401, 1.000374, 1.000106, 1.001973.
 * - Bảo hiểm: 1.000180 to 1.000183, 1.001659.
 * - Bảo trợ xã hội, giảm nghèo: 1.001776, 1.001699, 1.001731, 1.011606, 1.011608.
 * - Trẻ em: 2.001944, 2.001947, 2.001942. Nuôi con nuôi: 1.004941, 1.003005.
 * - Giáo dục: 3.000180, 3.000181, 3.000183, 3.000184. Thi đua, khen thưởng: 2.000305,
 *   2.000346, 2.000402.
 */
import { BAO_HIEM_XA_HOI, BAO_HIEM_Y_TE } from './bao-hiem';
import { BAO_TRO_XA_HOI } from './bao-tro-xa-hoi';
import { CAN_CUOC } from './can-cuoc';
import { CHUNG_THUC } from './chung-thuc';
import { CU_TRU } from './cu-tru';
import { DANG_KY_XE } from './dang-ky-xe';
import { DAT_DAI } from './dat-dai';
import { DUONG_BO } from './duong-bo';
import { GIAO_DUC } from './giao-duc';
import { HO_KINH_DOANH } from './ho-kinh-doanh';
import { HO_TICH } from './ho-tich';
import { HO_TICH_2 } from './ho-tich-2';
import { LY_LICH_TU_PHAP } from './ly-lich-tu-phap';
import { NGUOI_CO_CONG } from './nguoi-co-cong';
import { NUOI_CON_NUOI } from './nuoi-con-nuoi';
import type { SeedProcedure } from './shared';
import { VIEC_LAM } from './viec-lam';
import { GIAM_NGHEO, THI_DUA_KHEN_THUONG, TRE_EM } from './xa-hoi-khac';
import { XAY_DUNG } from './xay-dung';
import { XUAT_NHAP_CANH } from './xuat-nhap-canh';

export type { SeedProcedure } from './shared';

export const PROCEDURES: readonly SeedProcedure[] = [
  ...HO_TICH,
  ...HO_TICH_2,
  ...CU_TRU,
  ...CAN_CUOC,
  ...CHUNG_THUC,
  ...DAT_DAI,
  ...XAY_DUNG,
  ...HO_KINH_DOANH,
  ...LY_LICH_TU_PHAP,
  ...XUAT_NHAP_CANH,
  ...DUONG_BO,
  ...DANG_KY_XE,
  ...VIEC_LAM,
  ...BAO_HIEM_XA_HOI,
  ...BAO_HIEM_Y_TE,
  ...BAO_TRO_XA_HOI,
  ...GIAM_NGHEO,
  ...NGUOI_CO_CONG,
  ...TRE_EM,
  ...NUOI_CON_NUOI,
  ...GIAO_DUC,
  ...THI_DUA_KHEN_THUONG,
];
