/**
 * Announcements (thông báo, tuyên truyền chính sách) shown while the kiosk is idle.
 * Publication and validity dates are relative to `now` at seed time; one is already expired
 * and one not yet published, so the "still valid" filter has something to filter.
 */
import type { Announcement } from '../../main/api/schemas';
import { vnAt, vnDate, vnIso } from '../../common/vietnam-time';
import { addDays } from '../dates';

interface AnnouncementSpec {
  id: string;
  title: string;
  body: string;
  category: Announcement['category'];
  publishedDaysAgo: number;
  /** Days from now until it stops being shown; absent = no end. Negative = already expired. */
  validForDays?: number;
}

const SPECS: readonly AnnouncementSpec[] = [
  {
    id: 'chinh-quyen-hai-cap',
    title: 'Chính quyền địa phương hai cấp từ ngày 01/7/2025',
    body:
      'Từ ngày 01/7/2025, chính quyền địa phương được tổ chức theo hai cấp: cấp tỉnh và cấp xã (xã, phường, đặc khu); không còn cấp huyện. ' +
      'Các thủ tục hành chính trước đây giải quyết tại Ủy ban nhân dân cấp huyện nay được tiếp nhận tại Ủy ban nhân dân cấp xã hoặc Trung tâm Phục vụ hành chính công cấp tỉnh. ' +
      'Giấy tờ đã cấp trước ngày 01/7/2025 ghi tên đơn vị hành chính cũ vẫn tiếp tục có giá trị sử dụng.',
    category: 'policy',
    publishedDaysAgo: 20,
  },
  {
    id: 'dich-vu-cong-truc-tuyen',
    title: 'Nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia',
    body:
      'Người dân có thể nộp hồ sơ, theo dõi tiến độ và nhận kết quả điện tử tại dichvucong.gov.vn. ' +
      'Đăng nhập bằng tài khoản định danh điện tử VNeID, chọn thủ tục cần thực hiện, điền tờ khai, đính kèm giấy tờ và thanh toán phí, lệ phí trực tuyến. ' +
      'Mã hồ sơ được gửi qua tin nhắn và thư điện tử để tra cứu tại ki-ốt này.',
    category: 'guide',
    publishedDaysAgo: 12,
    validForDays: 180,
  },
  {
    id: 'the-can-cuoc-tre-em',
    title: 'Cấp thẻ căn cước cho trẻ em dưới 14 tuổi',
    body:
      'Theo Luật Căn cước, trẻ em dưới 14 tuổi được cấp thẻ căn cước theo nhu cầu. ' +
      'Trẻ dưới 6 tuổi có thể làm thủ tục qua Cổng Dịch vụ công quốc gia hoặc ứng dụng VNeID, không phải thu nhận thông tin sinh trắc học. ' +
      'Trẻ từ đủ 6 tuổi đến dưới 14 tuổi cùng cha, mẹ hoặc người giám hộ đến cơ quan Công an để thu nhận vân tay, ảnh khuôn mặt và mống mắt.',
    category: 'notice',
    publishedDaysAgo: 8,
    validForDays: 90,
  },
  {
    id: 'vneid-muc-do-2',
    title: 'Kích hoạt tài khoản định danh điện tử mức độ 2',
    body:
      'Tài khoản định danh điện tử mức độ 2 giúp đăng nhập Cổng Dịch vụ công quốc gia và sử dụng giấy tờ điện tử trên ứng dụng VNeID. ' +
      'Công dân mang thẻ căn cước và điện thoại có số thuê bao chính chủ đến Công an cấp xã nơi thuận tiện để được hướng dẫn đăng ký, kích hoạt.',
    category: 'guide',
    publishedDaysAgo: 5,
    validForDays: 120,
  },
  {
    id: 'giam-le-phi-truc-tuyen',
    title: 'Lệ phí thấp hơn khi nộp hồ sơ trực tuyến',
    body:
      'Nhiều loại lệ phí được giảm khi nộp hồ sơ trực tuyến. Ví dụ: lệ phí đăng ký thường trú nộp trực tuyến là 10.000 đồng, bằng một nửa mức thu khi nộp trực tiếp (20.000 đồng); ' +
      'lệ phí đăng ký tạm trú trực tuyến là 7.000 đồng thay vì 15.000 đồng.',
    category: 'policy',
    publishedDaysAgo: 30,
    validForDays: 60,
  },
  {
    id: 'thanh-toan-khong-tien-mat',
    title: 'Thanh toán phí, lệ phí không dùng tiền mặt',
    body:
      'Tại ki-ốt, người dân có thể thanh toán phí, lệ phí bằng cách quét mã VietQR bằng ứng dụng ngân hàng. ' +
      'Biên lai điện tử được gửi kèm kết quả giải quyết hồ sơ; vui lòng giữ lại phiếu tiếp nhận để đối chiếu khi cần.',
    category: 'notice',
    publishedDaysAgo: 2,
    validForDays: 30,
  },
  {
    id: 'bao-tri-he-thong',
    title: 'Tạm ngừng dịch vụ trực tuyến để nâng cấp hệ thống',
    body: 'Hệ thống tiếp nhận hồ sơ trực tuyến tạm ngừng từ 22 giờ 00 đến 23 giờ 59 để nâng cấp. Việc tiếp nhận hồ sơ trực tiếp tại Bộ phận Một cửa không bị ảnh hưởng.',
    category: 'notice',
    publishedDaysAgo: 10,
    validForDays: -3,
  },
  {
    id: 'lich-tiep-cong-dan',
    title: 'Lịch tiếp công dân tháng tới',
    body: 'Chủ tịch Ủy ban nhân dân phường tiếp công dân vào sáng thứ Năm hằng tuần tại trụ sở Ủy ban nhân dân phường.',
    category: 'notice',
    publishedDaysAgo: -2,
    validForDays: 40,
  },
];

/** The announcements for a given `now` (including the expired and not-yet-published ones). */
export function buildSeedAnnouncements(now: Date): Announcement[] {
  return SPECS.map((s, i) => {
    const published = vnAt(addDays(now, -s.publishedDaysAgo), 8, (i * 7) % 60);
    const a: Announcement = {
      id: s.id,
      title: s.title,
      body: s.body,
      category: s.category,
      publishedAt: vnIso(published),
    };
    if (s.validForDays !== undefined) a.validUntil = vnDate(addDays(now, s.validForDays));
    return a;
  });
}
