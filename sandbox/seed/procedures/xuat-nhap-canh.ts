/** Procedures of the sector Quản lý xuất nhập cảnh (ordinary passports, issued in Vietnam). */
import { FREE, TO_KHAI, XNC_LAW, type SeedProcedure } from './shared';

const PHONG_XNC = 'Phòng Quản lý xuất nhập cảnh Công an cấp tỉnh';

export const XUAT_NHAP_CANH: readonly SeedProcedure[] = [
  {
    code: '1.001456',
    name: 'Cấp hộ chiếu phổ thông ở trong nước (thực hiện tại cấp tỉnh)',
    sectorCode: 'xuat-nhap-canh',
    agencyLevel: 'province',
    agency: PHONG_XNC,
    onlineLevel: 'full',
    processingDays: 8,
    aliases: ['làm hộ chiếu', 'hộ chiếu', 'làm passport', 'cấp hộ chiếu lần đầu', 'đổi hộ chiếu hết hạn'],
    channels: ['in_person', 'online', 'postal'],
    steps: [
      'Nộp hồ sơ tại Phòng Quản lý xuất nhập cảnh Công an cấp tỉnh hoặc trực tuyến trên Cổng Dịch vụ công Bộ Công an, ứng dụng VNeID.',
      'Cán bộ kiểm tra thông tin trong Cơ sở dữ liệu quốc gia về dân cư, chụp ảnh, thu nhận vân tay (hộ chiếu gắn chíp) và cấp giấy hẹn.',
      'Nộp lệ phí; nhận hộ chiếu tại nơi nộp hoặc qua dịch vụ bưu chính công ích.',
    ],
    requiredDocuments: [
      TO_KHAI('Tờ khai đề nghị cấp hộ chiếu phổ thông ở trong nước (Mẫu TK01)'),
      { name: 'Hộ chiếu phổ thông cấp lần gần nhất còn giá trị sử dụng (nếu có)', kind: 'original', quantity: 1 },
      { name: 'Ảnh chân dung cỡ 4 cm x 6 cm (khi nộp qua bưu chính hoặc trực tuyến chưa có ảnh)', kind: 'original', quantity: 2 },
    ],
    fees: [
      { description: 'Lệ phí cấp mới hộ chiếu phổ thông: 200.000 đồng/lần', amount: 200000, mode: 'pay_first' },
      { description: 'Cấp lại hộ chiếu do bị hỏng hoặc bị mất: 400.000 đồng/lần', amount: 400000, mode: 'pay_first' },
    ],
    eligibility: 'Công dân Việt Nam đang ở trong nước.',
    result: 'Hộ chiếu phổ thông (thời hạn 10 năm với người từ đủ 14 tuổi, 05 năm với người dưới 14 tuổi).',
    conditions: 'Người chưa đủ 14 tuổi do cha, mẹ hoặc người đại diện hợp pháp làm thủ tục thay.',
    legalBasis: XNC_LAW,
  },
  {
    code: '1.001457',
    name: 'Trình báo mất hộ chiếu phổ thông',
    sectorCode: 'xuat-nhap-canh',
    agencyLevel: 'province',
    agency: `${PHONG_XNC}; Công an cấp xã nơi gần nhất`,
    onlineLevel: 'full',
    processingDays: 1,
    aliases: ['mất hộ chiếu', 'báo mất hộ chiếu', 'thất lạc passport'],
    channels: ['in_person', 'online'],
    steps: [
      'Trong thời hạn 02 ngày làm việc kể từ ngày phát hiện mất hộ chiếu, nộp đơn trình báo trực tiếp hoặc trực tuyến.',
      'Cơ quan tiếp nhận cấp giấy xác nhận đã trình báo và hủy giá trị sử dụng của hộ chiếu bị mất.',
    ],
    requiredDocuments: [TO_KHAI('Đơn báo mất hộ chiếu phổ thông (Mẫu TK05)')],
    fees: FREE,
    eligibility: 'Công dân Việt Nam bị mất hộ chiếu phổ thông ở trong nước.',
    result: 'Giấy xác nhận đã trình báo mất hộ chiếu; hộ chiếu bị mất bị hủy giá trị sử dụng.',
    legalBasis: XNC_LAW,
  },
  {
    code: '1.001458',
    name: 'Khôi phục giá trị sử dụng hộ chiếu phổ thông',
    sectorCode: 'xuat-nhap-canh',
    agencyLevel: 'province',
    agency: PHONG_XNC,
    onlineLevel: 'partial',
    processingDays: 5,
    aliases: ['tìm lại được hộ chiếu đã báo mất', 'khôi phục hộ chiếu'],
    channels: ['in_person', 'online'],
    steps: [
      'Nộp hồ sơ tại Phòng Quản lý xuất nhập cảnh Công an cấp tỉnh.',
      'Cơ quan quản lý xuất nhập cảnh xác minh và khôi phục giá trị sử dụng của hộ chiếu.',
      'Nhận lại hộ chiếu và văn bản trả lời.',
    ],
    requiredDocuments: [
      TO_KHAI('Tờ khai đề nghị khôi phục giá trị sử dụng hộ chiếu (Mẫu TK06)'),
      { name: 'Hộ chiếu đề nghị khôi phục giá trị sử dụng', kind: 'original', quantity: 1 },
    ],
    fees: [{ description: 'Lệ phí khôi phục giá trị sử dụng hộ chiếu: 100.000 đồng/lần', amount: 100000, mode: 'pay_first' }],
    eligibility: 'Người đã trình báo mất hộ chiếu nay tìm lại được, hộ chiếu còn thời hạn và không bị hư hỏng.',
    result: 'Hộ chiếu được khôi phục giá trị sử dụng.',
    legalBasis: XNC_LAW,
  },
];
