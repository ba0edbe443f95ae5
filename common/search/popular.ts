/**
 * The procedures residents ask for most at commune one-stop desks, by national code: birth
 * registration, permanent residence, certified copies, marital status, marriage, temporary
 * residence, judicial records, death registration, unemployment benefit. A site changes the list
 * in its config (`catalogue.popular`). The search ranks them a little higher among equals, and a
 * search that finds nothing offers them.
 */
export const POPULAR_PROCEDURES: readonly string[] = [
  '1.001193', // Đăng ký khai sinh
  '1.004222', // Đăng ký thường trú
  '2.000815', // Chứng thực bản sao từ bản chính
  '1.004873', // Cấp Giấy xác nhận tình trạng hôn nhân
  '1.000894', // Đăng ký kết hôn
  '1.004194', // Đăng ký tạm trú
  '2.001417', // Cấp Phiếu lý lịch tư pháp cho công dân
  '1.000656', // Đăng ký khai tử
  '1.001978', // Giải quyết hưởng trợ cấp thất nghiệp
];
