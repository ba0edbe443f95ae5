/** What the procedure files of the seed share: agencies, submission and return steps, legal bases. */
import type { Procedure } from '../../../main/api/schemas';

export type SeedProcedure = Omit<Procedure, 'sectorName'>;

export const UBND_XA = 'Ủy ban nhân dân cấp xã';
export const CONG_AN_XA = 'Công an cấp xã';
export const ALL_CHANNELS: Procedure['channels'] = ['in_person', 'online', 'postal'];

export const NOP = {
  xa: 'Nộp hồ sơ tại Bộ phận Một cửa của Ủy ban nhân dân cấp xã, qua dịch vụ bưu chính công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.',
  congAnXa: 'Nộp hồ sơ tại Công an cấp xã nơi cư trú hoặc trực tuyến trên Cổng Dịch vụ công quốc gia, ứng dụng VNeID.',
  tinh: 'Nộp hồ sơ tại Trung tâm Phục vụ hành chính công cấp tỉnh, qua dịch vụ bưu chính công ích hoặc trực tuyến trên Cổng Dịch vụ công quốc gia.',
};
export const KIEM_TRA =
  'Cán bộ tiếp nhận kiểm tra hồ sơ: hồ sơ đầy đủ, hợp lệ thì cấp Giấy tiếp nhận hồ sơ và hẹn trả kết quả; hồ sơ chưa đầy đủ thì hướng dẫn bổ sung một lần bằng văn bản.';
export const TRA_KQ = 'Nhận kết quả tại nơi nộp hồ sơ, qua dịch vụ bưu chính công ích hoặc bản điện tử trên Cổng Dịch vụ công quốc gia.';

export const HO_TICH_LAW = [
  'Luật Hộ tịch số 60/2014/QH13',
  'Nghị định số 123/2015/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch',
  'Thông tư số 04/2020/TT-BTP hướng dẫn thi hành Luật Hộ tịch và Nghị định số 123/2015/NĐ-CP',
];
export const CU_TRU_LAW = [
  'Luật Cư trú số 68/2020/QH14',
  'Nghị định số 154/2024/NĐ-CP quy định chi tiết một số điều của Luật Cư trú',
  'Thông tư số 55/2021/TT-BCA quy định chi tiết một số điều và biện pháp thi hành Luật Cư trú',
  'Thông tư số 75/2022/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí đăng ký cư trú',
];
export const CHUNG_THUC_LAW = [
  'Nghị định số 23/2015/NĐ-CP về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và chứng thực hợp đồng, giao dịch',
  'Thông tư số 226/2016/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí chứng thực',
];
export const DAT_DAI_LAW = [
  'Luật Đất đai số 31/2024/QH15',
  'Nghị định số 101/2024/NĐ-CP quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất và hệ thống thông tin đất đai',
  'Nghị định số 151/2025/NĐ-CP quy định về phân định thẩm quyền của chính quyền địa phương 02 cấp, phân quyền, phân cấp trong lĩnh vực đất đai',
];
export const XAY_DUNG_LAW = [
  'Luật Xây dựng số 50/2014/QH13, được sửa đổi, bổ sung bởi Luật số 62/2020/QH14',
  'Nghị định số 175/2024/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Xây dựng về quản lý hoạt động xây dựng',
];
export const HKD_LAW = ['Luật Doanh nghiệp số 59/2020/QH14', 'Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp'];
export const LLTP_LAW = [
  'Luật Lý lịch tư pháp số 28/2009/QH12',
  'Nghị định số 111/2010/NĐ-CP quy định chi tiết và hướng dẫn thi hành một số điều của Luật Lý lịch tư pháp',
  'Thông tư số 244/2016/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí cung cấp thông tin lý lịch tư pháp',
];
export const DUONG_BO_LAW = [
  'Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15',
  'Thông tư số 12/2025/TT-BCA quy định về sát hạch, cấp giấy phép lái xe; cấp, sử dụng giấy phép lái xe quốc tế',
  'Thông tư số 37/2023/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí sát hạch lái xe; lệ phí cấp bằng, chứng chỉ hoạt động trên các phương tiện',
];
export const VIEC_LAM_LAW = ['Luật Việc làm số 74/2025/QH15', 'Nghị định quy định chi tiết Luật Việc làm về bảo hiểm thất nghiệp'];
export const BTXH_LAW = [
  'Nghị định số 20/2021/NĐ-CP quy định chính sách trợ giúp xã hội đối với đối tượng bảo trợ xã hội',
  'Nghị định số 76/2024/NĐ-CP sửa đổi, bổ sung một số điều của Nghị định số 20/2021/NĐ-CP',
];

export const TO_KHAI = (name: string) => ({ name, kind: 'original' as const, quantity: 1 });

export const CONG_AN_TINH = 'Công an cấp tỉnh';
export const BHXH = 'Bảo hiểm xã hội cấp tỉnh, Bảo hiểm xã hội cơ sở';
export const SO_NOI_VU = 'Sở Nội vụ';
export const SO_GD = 'Sở Giáo dục và Đào tạo';
export const FREE = [{ description: 'Không thu phí, lệ phí', amount: 0, mode: 'none' as const }];

export const CAN_CUOC_LAW = [
  'Luật Căn cước số 26/2023/QH15',
  'Nghị định số 70/2024/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Căn cước',
  'Thông tư số 17/2024/TT-BCA quy định biểu mẫu sử dụng trong công tác cấp, quản lý thẻ căn cước',
  'Thông tư số 59/2019/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng lệ phí cấp thẻ căn cước, được sửa đổi, bổ sung bởi Thông tư số 73/2024/TT-BTC',
];
export const XNC_LAW = [
  'Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14, được sửa đổi, bổ sung bởi Luật số 23/2023/QH15',
  'Thông tư số 31/2023/TT-BCA quy định về mẫu hộ chiếu, giấy thông hành và các biểu mẫu liên quan',
  'Thông tư số 25/2021/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí, lệ phí trong lĩnh vực xuất cảnh, nhập cảnh',
];
export const NCC_LAW = [
  'Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14',
  'Nghị định số 131/2021/NĐ-CP quy định chi tiết và biện pháp thi hành Pháp lệnh Ưu đãi người có công với cách mạng',
];
export const BHYT_LAW = [
  'Luật Bảo hiểm y tế số 25/2008/QH12, được sửa đổi, bổ sung bởi Luật số 46/2014/QH13 và Luật số 51/2024/QH15',
  'Nghị định số 188/2025/NĐ-CP quy định chi tiết và hướng dẫn biện pháp thi hành Luật Bảo hiểm y tế',
];
export const BHXH_LAW = [
  'Luật Bảo hiểm xã hội số 41/2024/QH15',
  'Nghị định số 158/2025/NĐ-CP quy định chi tiết một số điều và biện pháp thi hành Luật Bảo hiểm xã hội về bảo hiểm xã hội bắt buộc',
];
export const NUOI_CON_NUOI_LAW = [
  'Luật Nuôi con nuôi số 52/2010/QH12',
  'Nghị định số 19/2011/NĐ-CP quy định chi tiết thi hành một số điều của Luật Nuôi con nuôi, được sửa đổi, bổ sung bởi Nghị định số 24/2019/NĐ-CP',
  'Nghị định số 114/2016/NĐ-CP quy định lệ phí đăng ký nuôi con nuôi, lệ phí cấp giấy phép hoạt động của tổ chức con nuôi nước ngoài',
];
export const DANG_KY_XE_LAW = [
  'Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15',
  'Thông tư số 79/2024/TT-BCA quy định cấp, thu hồi chứng nhận đăng ký, biển số xe cơ giới, xe máy chuyên dùng',
  'Thông tư số 60/2023/TT-BTC quy định mức thu, chế độ thu, nộp, quản lý và sử dụng một số khoản phí, lệ phí trong lĩnh vực đường bộ',
];
export const GIAO_DUC_LAW = ['Luật Giáo dục số 43/2019/QH14'];
export const GIAM_NGHEO_LAW = [
  'Nghị định số 07/2021/NĐ-CP quy định chuẩn nghèo đa chiều giai đoạn 2022 - 2025',
  'Quyết định số 24/2021/QĐ-TTg quy định quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm và quy trình xác định hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình',
];
export const TRE_EM_LAW = ['Luật Trẻ em số 102/2016/QH13', 'Nghị định số 56/2017/NĐ-CP quy định chi tiết một số điều của Luật Trẻ em'];
export const TDKT_LAW = [
  'Luật Thi đua, khen thưởng số 06/2022/QH15',
  'Nghị định số 98/2023/NĐ-CP quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng',
];
export const VPDK = 'Văn phòng đăng ký đất đai cấp tỉnh';
