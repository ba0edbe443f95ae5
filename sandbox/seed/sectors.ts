/** Sectors (lĩnh vực) of the seed, in display order. Codes are ASCII slugs, safe in URLs. */
export interface SeedSector {
  code: string;
  name: string;
}

export const SECTORS: readonly SeedSector[] = [
  { code: 'ho-tich', name: 'Hộ tịch' },
  { code: 'cu-tru', name: 'Cư trú' },
  { code: 'can-cuoc', name: 'Căn cước' },
  { code: 'chung-thuc', name: 'Chứng thực' },
  { code: 'dat-dai', name: 'Đất đai' },
  { code: 'xay-dung', name: 'Xây dựng' },
  { code: 'ho-kinh-doanh', name: 'Thành lập và hoạt động của hộ kinh doanh' },
  { code: 'ly-lich-tu-phap', name: 'Lý lịch tư pháp' },
  { code: 'xuat-nhap-canh', name: 'Quản lý xuất nhập cảnh' },
  { code: 'duong-bo', name: 'Đường bộ' },
  { code: 'dang-ky-xe', name: 'Đăng ký, quản lý phương tiện giao thông' },
  { code: 'viec-lam', name: 'Việc làm' },
  { code: 'bao-hiem-xa-hoi', name: 'Bảo hiểm xã hội' },
  { code: 'bao-hiem-y-te', name: 'Bảo hiểm y tế' },
  { code: 'bao-tro-xa-hoi', name: 'Bảo trợ xã hội' },
  { code: 'giam-ngheo', name: 'Giảm nghèo' },
  { code: 'nguoi-co-cong', name: 'Người có công' },
  { code: 'tre-em', name: 'Trẻ em' },
  { code: 'nuoi-con-nuoi', name: 'Nuôi con nuôi' },
  { code: 'giao-duc', name: 'Giáo dục và Đào tạo' },
  { code: 'thi-dua-khen-thuong', name: 'Thi đua, khen thưởng' },
];
