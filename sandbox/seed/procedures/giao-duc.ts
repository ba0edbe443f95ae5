/** Procedures of the sector Giáo dục và Đào tạo. */
import { FREE, GIAO_DUC_LAW, SO_GD, TO_KHAI, TRA_KQ, type SeedProcedure } from './shared';

const CHUYEN_TRUONG_LAW = [
  ...GIAO_DUC_LAW,
  'Quy định chuyển trường và tiếp nhận học sinh học tại các trường trung học cơ sở và trung học phổ thông ban hành kèm theo Quyết định số 51/2002/QĐ-BGDĐT, được sửa đổi, bổ sung bởi Thông tư số 50/2021/TT-BGDĐT',
];
const VAN_BANG_LAW = [
  ...GIAO_DUC_LAW,
  'Thông tư số 21/2019/TT-BGDĐT ban hành Quy chế quản lý bằng tốt nghiệp trung học cơ sở, bằng tốt nghiệp trung học phổ thông, văn bằng giáo dục đại học và chứng chỉ của hệ thống giáo dục quốc dân',
];
const HO_SO_CHUYEN = [
  TO_KHAI('Đơn xin chuyển trường do cha, mẹ hoặc người giám hộ ký'),
  { name: 'Học bạ (bản chính)', kind: 'original' as const, quantity: 1 },
  { name: 'Giấy giới thiệu chuyển trường do Hiệu trưởng nhà trường nơi đi cấp', kind: 'original' as const, quantity: 1 },
];

export const GIAO_DUC: readonly SeedProcedure[] = [
  {
    code: '3.000181',
    name: 'Chuyển trường đối với học sinh trung học cơ sở',
    sectorCode: 'giao-duc',
    agencyLevel: 'commune',
    agency: 'Trường trung học cơ sở nơi chuyển đến; Ủy ban nhân dân cấp xã',
    onlineLevel: 'partial',
    processingDays: 3,
    aliases: ['chuyển trường cấp 2', 'xin chuyển trường cho con', 'chuyển trường THCS'],
    channels: ['in_person', 'online'],
    steps: [
      'Cha, mẹ hoặc người giám hộ nộp đơn tại trường nơi đến; Hiệu trưởng trường nơi đến đồng ý tiếp nhận.',
      'Hiệu trưởng trường nơi đi cấp giấy giới thiệu chuyển trường và trả hồ sơ cho học sinh.',
      'Nộp hồ sơ cho trường nơi đến; Hiệu trưởng tiếp nhận và xếp lớp cho học sinh.',
    ],
    requiredDocuments: HO_SO_CHUYEN,
    fees: FREE,
    eligibility: 'Học sinh trung học cơ sở chuyển nơi cư trú theo cha mẹ, hoặc có nguyện vọng chuyển trường và đủ điều kiện.',
    result: 'Học sinh được tiếp nhận vào trường nơi chuyển đến.',
    legalBasis: CHUYEN_TRUONG_LAW,
  },
  {
    code: '3.000180',
    name: 'Chuyển trường đối với học sinh trung học phổ thông',
    sectorCode: 'giao-duc',
    agencyLevel: 'province',
    agency: 'Trường trung học phổ thông nơi chuyển đến; Sở Giáo dục và Đào tạo',
    onlineLevel: 'partial',
    processingDays: 3,
    aliases: ['chuyển trường cấp 3', 'chuyển trường THPT', 'chuyển trường sang tỉnh khác'],
    channels: ['in_person', 'online'],
    steps: [
      'Cha, mẹ hoặc người giám hộ nộp hồ sơ tại trường nơi đến (chuyển trong tỉnh) hoặc Sở Giáo dục và Đào tạo nơi đến (chuyển từ tỉnh khác).',
      'Hiệu trưởng trường nơi đến hoặc Sở Giáo dục và Đào tạo xem xét, tiếp nhận và giới thiệu học sinh về trường.',
      'Học sinh được xếp lớp tại trường nơi đến.',
    ],
    requiredDocuments: [...HO_SO_CHUYEN, { name: 'Bản sao giấy khai sinh', kind: 'copy', quantity: 1 }],
    fees: FREE,
    eligibility: 'Học sinh trung học phổ thông chuyển nơi cư trú theo cha mẹ, hoặc có hoàn cảnh gia đình cần chuyển trường.',
    result: 'Học sinh được tiếp nhận vào trường nơi chuyển đến.',
    legalBasis: CHUYEN_TRUONG_LAW,
  },
  {
    code: '3.000183',
    name: 'Cấp bản sao văn bằng, chứng chỉ từ sổ gốc',
    sectorCode: 'giao-duc',
    agencyLevel: 'province',
    agency: `${SO_GD}; cơ sở giáo dục đang quản lý sổ gốc`,
    onlineLevel: 'full',
    processingDays: 1,
    aliases: ['xin bản sao bằng tốt nghiệp', 'mất bằng tốt nghiệp cấp 3', 'cấp lại bằng tốt nghiệp', 'bản sao bằng cấp'],
    channels: ['in_person', 'online', 'postal'],
    steps: [
      'Nộp yêu cầu tại cơ quan, cơ sở giáo dục đang quản lý sổ gốc cấp văn bằng, chứng chỉ, trực tiếp, qua bưu chính hoặc trực tuyến.',
      'Cơ quan quản lý sổ gốc đối chiếu sổ gốc và cấp bản sao; yêu cầu nhận sau 15 giờ được trả chậm nhất trong ngày làm việc tiếp theo.',
      TRA_KQ,
    ],
    requiredDocuments: [TO_KHAI('Đơn đề nghị cấp bản sao văn bằng, chứng chỉ từ sổ gốc')],
    fees: [{ description: 'Phí cấp bản sao văn bằng, chứng chỉ từ sổ gốc (mức thu theo quy định của cơ quan cấp)', amount: 0, mode: 'pay_first' }],
    eligibility:
      'Người được cấp văn bằng, chứng chỉ; người đại diện theo pháp luật, người được ủy quyền; cha, mẹ, con, vợ, chồng, anh, chị, em ruột, người thừa kế khác khi người được cấp đã chết.',
    result: 'Bản sao văn bằng, chứng chỉ từ sổ gốc.',
    legalBasis: VAN_BANG_LAW,
  },
  {
    code: '3.000184',
    name: 'Chỉnh sửa nội dung văn bằng, chứng chỉ',
    sectorCode: 'giao-duc',
    agencyLevel: 'province',
    agency: SO_GD,
    onlineLevel: 'partial',
    processingDays: 5,
    aliases: ['sửa bằng tốt nghiệp', 'bằng tốt nghiệp ghi sai tên', 'đính chính văn bằng'],
    channels: ['in_person', 'online', 'postal'],
    steps: [
      'Nộp hồ sơ đề nghị chỉnh sửa tại cơ quan đã cấp văn bằng, chứng chỉ.',
      'Cơ quan có thẩm quyền xem xét, ra quyết định chỉnh sửa; nội dung chỉnh sửa được ghi vào phụ lục sổ gốc.',
      TRA_KQ,
    ],
    requiredDocuments: [
      TO_KHAI('Đơn đề nghị chỉnh sửa văn bằng, chứng chỉ'),
      { name: 'Văn bằng, chứng chỉ đề nghị chỉnh sửa', kind: 'original', quantity: 1 },
      { name: 'Trích lục hoặc quyết định thay đổi, cải chính hộ tịch, xác định lại giới tính', kind: 'certified_copy', quantity: 1 },
    ],
    fees: FREE,
    eligibility: 'Người được cấp văn bằng, chứng chỉ đã được cơ quan có thẩm quyền cho phép thay đổi, cải chính hộ tịch.',
    result: 'Quyết định chỉnh sửa văn bằng, chứng chỉ.',
    legalBasis: VAN_BANG_LAW,
  },
];
