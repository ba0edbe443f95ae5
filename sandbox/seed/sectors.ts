/** Sectors (lĩnh vực) of the seed, in display order. Codes are ASCII slugs, safe in URLs. */
export interface SeedSector {
  code: string;
  name: string;
}

export const SECTORS: readonly SeedSector[] = [
  { code: 'ho-tich', name: 'Hộ tịch' },
  { code: 'cu-tru', name: 'Cư trú' },
  { code: 'chung-thuc', name: 'Chứng thực' },
  { code: 'dat-dai', name: 'Đất đai' },
  { code: 'xay-dung', name: 'Xây dựng' },
  { code: 'ho-kinh-doanh', name: 'Thành lập và hoạt động của hộ kinh doanh' },
  { code: 'ly-lich-tu-phap', name: 'Lý lịch tư pháp' },
  { code: 'duong-bo', name: 'Đường bộ' },
  { code: 'viec-lam', name: 'Việc làm' },
  { code: 'bao-tro-xa-hoi', name: 'Bảo trợ xã hội' },
];
