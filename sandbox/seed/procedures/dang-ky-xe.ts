/** Procedures of the sector Đăng ký, quản lý phương tiện giao thông cơ giới đường bộ (vehicle registration by the police). */
import { CONG_AN_XA, DANG_KY_XE_LAW, FREE, TO_KHAI, type SeedProcedure } from './shared';

const NOP_XE =
  'Kê khai giấy khai đăng ký xe trên Cổng Dịch vụ công Bộ Công an hoặc ứng dụng VNeID; đưa xe đến Công an cấp xã hoặc Phòng Cảnh sát giao thông Công an cấp tỉnh theo phân cấp để kiểm tra.';
const GIAY_KHAI = TO_KHAI('Giấy khai đăng ký xe (kê khai điện tử, mã hồ sơ đăng ký xe)');

export const DANG_KY_XE: readonly SeedProcedure[] = [
  {
    code: '2.002001',
    name: 'Đăng ký xe lần đầu',
    sectorCode: 'dang-ky-xe',
    agencyLevel: 'commune',
    agency: `${CONG_AN_XA}; Phòng Cảnh sát giao thông Công an cấp tỉnh`,
    onlineLevel: 'partial',
    processingDays: 2,
    aliases: ['đăng ký xe máy', 'bấm biển số', 'làm cà vẹt xe', 'đăng ký xe mới mua', 'đăng ký ô tô'],
    channels: ['in_person', 'online', 'postal'],
    steps: [
      NOP_XE,
      'Cán bộ kiểm tra xe, đối chiếu hồ sơ; người đăng ký nộp lệ phí và bấm chọn biển số định danh (nếu chưa có).',
      'Nhận chứng nhận đăng ký xe trực tiếp hoặc qua bưu chính công ích; biển số được cấp ngay.',
    ],
    requiredDocuments: [
      GIAY_KHAI,
      { name: 'Chứng từ nguồn gốc xe (phiếu kiểm tra chất lượng xuất xưởng hoặc tờ khai hải quan)', kind: 'original', quantity: 1 },
      { name: 'Chứng từ chuyển quyền sở hữu xe (hóa đơn bán hàng)', kind: 'original', quantity: 1 },
      { name: 'Chứng từ lệ phí trước bạ (dữ liệu điện tử từ cơ quan thuế)', kind: 'original', quantity: 1 },
    ],
    fees: [
      {
        description: 'Lệ phí cấp chứng nhận đăng ký kèm biển số xe máy trị giá đến 15 triệu đồng tại khu vực I: 1.000.000 đồng',
        amount: 1000000,
        mode: 'pay_first',
      },
      { description: 'Lệ phí cấp chứng nhận đăng ký kèm biển số xe máy tại khu vực III: 150.000 đồng', amount: 150000, mode: 'pay_first' },
    ],
    eligibility: 'Tổ chức, cá nhân là chủ xe cơ giới mới mua, nhập khẩu, sản xuất, lắp ráp.',
    result: 'Chứng nhận đăng ký xe và biển số xe.',
    legalBasis: DANG_KY_XE_LAW,
  },
  {
    code: '2.002002',
    name: 'Đăng ký sang tên xe',
    sectorCode: 'dang-ky-xe',
    agencyLevel: 'commune',
    agency: `${CONG_AN_XA}; Phòng Cảnh sát giao thông Công an cấp tỉnh`,
    onlineLevel: 'partial',
    processingDays: 2,
    aliases: ['sang tên xe máy', 'sang tên ô tô', 'mua xe cũ sang tên', 'đổi chủ xe'],
    channels: ['in_person', 'online', 'postal'],
    steps: [
      'Chủ xe cũ làm thủ tục thu hồi chứng nhận đăng ký xe; người mua kê khai giấy khai đăng ký xe trên Cổng Dịch vụ công trong thời hạn 30 ngày kể từ ngày làm chứng từ chuyển quyền sở hữu.',
      'Cán bộ kiểm tra hồ sơ, xe (khi phải đổi biển); người đăng ký nộp lệ phí.',
      'Nhận chứng nhận đăng ký xe mang tên chủ mới.',
    ],
    requiredDocuments: [
      GIAY_KHAI,
      { name: 'Chứng từ chuyển quyền sở hữu xe (hợp đồng mua bán, cho, tặng có công chứng hoặc chứng thực)', kind: 'original', quantity: 1 },
      { name: 'Chứng từ lệ phí trước bạ', kind: 'original', quantity: 1 },
      { name: 'Chứng nhận thu hồi đăng ký, biển số xe', kind: 'original', quantity: 1 },
    ],
    fees: [{ description: 'Lệ phí cấp chứng nhận đăng ký xe không kèm biển số: 50.000 đồng/lần', amount: 50000, mode: 'pay_first' }],
    eligibility: 'Tổ chức, cá nhân nhận chuyển quyền sở hữu xe đã đăng ký.',
    result: 'Chứng nhận đăng ký xe mang tên chủ xe mới.',
    legalBasis: DANG_KY_XE_LAW,
  },
  {
    code: '2.002003',
    name: 'Cấp đổi, cấp lại chứng nhận đăng ký xe, biển số xe',
    sectorCode: 'dang-ky-xe',
    agencyLevel: 'commune',
    agency: `${CONG_AN_XA}; Phòng Cảnh sát giao thông Công an cấp tỉnh`,
    onlineLevel: 'full',
    processingDays: 7,
    aliases: ['mất cà vẹt xe', 'mất giấy đăng ký xe', 'đổi biển số xe', 'đổi biển vàng'],
    channels: ['in_person', 'online', 'postal'],
    steps: [
      NOP_XE,
      'Cơ quan đăng ký xe kiểm tra, xác minh hồ sơ (xác minh khi mất chứng nhận, biển số).',
      'Nhận chứng nhận đăng ký, biển số xe cấp đổi, cấp lại.',
    ],
    requiredDocuments: [GIAY_KHAI, { name: 'Chứng nhận đăng ký xe, biển số xe cũ (trường hợp cấp đổi)', kind: 'original', quantity: 1 }],
    fees: [
      { description: 'Lệ phí cấp đổi chứng nhận đăng ký kèm biển số ô tô: 150.000 đồng/lần', amount: 150000, mode: 'pay_first' },
      { description: 'Lệ phí cấp đổi chứng nhận đăng ký kèm biển số xe máy: 100.000 đồng/lần', amount: 100000, mode: 'pay_first' },
      { description: 'Lệ phí cấp đổi, cấp lại chứng nhận đăng ký không kèm biển số: 50.000 đồng/lần', amount: 50000, mode: 'pay_first' },
    ],
    eligibility: 'Chủ xe có chứng nhận đăng ký, biển số bị mất, hư hỏng, mờ, hoặc thay đổi thông tin, cải tạo xe, đổi màu sơn.',
    result: 'Chứng nhận đăng ký xe, biển số xe được cấp đổi, cấp lại.',
    legalBasis: DANG_KY_XE_LAW,
  },
  {
    code: '2.002004',
    name: 'Thu hồi chứng nhận đăng ký xe, biển số xe',
    sectorCode: 'dang-ky-xe',
    agencyLevel: 'commune',
    agency: `${CONG_AN_XA}; Phòng Cảnh sát giao thông Công an cấp tỉnh`,
    onlineLevel: 'full',
    processingDays: 2,
    aliases: ['bán xe thu hồi đăng ký', 'hủy đăng ký xe', 'rút hồ sơ gốc xe', 'nộp lại biển số xe'],
    channels: ['in_person', 'online', 'postal'],
    steps: [
      'Chủ xe kê khai giấy khai thu hồi đăng ký, biển số xe trên Cổng Dịch vụ công hoặc ứng dụng VNeID.',
      'Nộp lại chứng nhận đăng ký xe, biển số xe cho cơ quan đăng ký xe.',
      'Nhận chứng nhận thu hồi đăng ký, biển số xe.',
    ],
    requiredDocuments: [TO_KHAI('Giấy khai thu hồi đăng ký, biển số xe'), { name: 'Chứng nhận đăng ký xe và biển số xe', kind: 'original', quantity: 1 }],
    fees: FREE,
    eligibility: 'Chủ xe bán, tặng, cho xe; xe hỏng không sử dụng được, bị phá hủy; xe hết niên hạn sử dụng.',
    result: 'Chứng nhận thu hồi đăng ký, biển số xe.',
    legalBasis: DANG_KY_XE_LAW,
  },
];
