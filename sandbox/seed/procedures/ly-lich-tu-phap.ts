/** Procedures of the sector Lý lịch tư pháp. */
import { ALL_CHANNELS, KIEM_TRA, LLTP_LAW, NOP, TO_KHAI, TRA_KQ, type SeedProcedure } from './shared';

export const LY_LICH_TU_PHAP: readonly SeedProcedure[] = [
  {
    code: '2.001417',
    name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
    sectorCode: 'ly-lich-tu-phap',
    agencyLevel: 'province',
    agency: 'Công an cấp tỉnh',
    onlineLevel: 'full',
    processingDays: 10,
    aliases: ['lý lịch tư pháp', 'lý lịch', 'phiếu lý lịch tư pháp số 1', 'phiếu lý lịch tư pháp số 2', 'xin lý lịch tư pháp'],
    channels: ALL_CHANNELS,
    steps: [
      NOP.tinh,
      KIEM_TRA,
      'Cơ quan quản lý cơ sở dữ liệu lý lịch tư pháp tra cứu, xác minh thông tin và lập Phiếu lý lịch tư pháp.',
      'Nhận Phiếu lý lịch tư pháp trực tiếp, qua bưu chính hoặc bản điện tử trên ứng dụng VNeID.',
    ],
    requiredDocuments: [
      TO_KHAI('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp theo mẫu'),
      { name: 'Văn bản ủy quyền (khi ủy quyền cho người khác làm thủ tục; không áp dụng với Phiếu số 2)', kind: 'original_or_certified_copy', quantity: 1 },
    ],
    fees: [
      { description: 'Phí cung cấp thông tin lý lịch tư pháp: 200.000 đồng/lần/người', amount: 200000, mode: 'pay_first' },
      { description: 'Sinh viên, người có công với cách mạng, thân nhân liệt sĩ: 100.000 đồng/lần/người', amount: 100000, mode: 'pay_first' },
      { description: 'Từ Phiếu thứ 3 trở đi: 5.000 đồng/Phiếu', amount: 5000, mode: 'pay_first' },
    ],
    eligibility: 'Công dân Việt Nam; người nước ngoài đã hoặc đang cư trú tại Việt Nam.',
    result: 'Phiếu lý lịch tư pháp số 1 hoặc số 2.',
    legalBasis: LLTP_LAW,
  },
  {
    code: '2.001424',
    name: 'Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội',
    sectorCode: 'ly-lich-tu-phap',
    agencyLevel: 'province',
    agency: 'Công an cấp tỉnh',
    onlineLevel: 'partial',
    processingDays: 10,
    aliases: ['lý lịch tư pháp cho cơ quan', 'cơ quan xin phiếu lý lịch'],
    channels: ['in_person', 'online', 'postal'],
    steps: [NOP.tinh, KIEM_TRA, 'Cơ quan quản lý cơ sở dữ liệu lý lịch tư pháp tra cứu, xác minh và lập Phiếu lý lịch tư pháp số 1.', TRA_KQ],
    requiredDocuments: [{ name: 'Văn bản yêu cầu cấp Phiếu lý lịch tư pháp ghi rõ mục đích sử dụng', kind: 'original', quantity: 1 }],
    fees: [{ description: 'Không thu phí', amount: 0, mode: 'none' }],
    eligibility:
      'Cơ quan nhà nước, tổ chức chính trị, tổ chức chính trị - xã hội yêu cầu để phục vụ công tác quản lý nhân sự, đăng ký kinh doanh, thành lập doanh nghiệp.',
    result: 'Phiếu lý lịch tư pháp số 1.',
    legalBasis: LLTP_LAW,
  },
];
