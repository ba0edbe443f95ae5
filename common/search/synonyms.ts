/**
 * What residents say, and what the procedures are called. A resident asks for "hộ khẩu", "sổ đỏ"
 * or "công chứng"; the catalogue says "thường trú", "Giấy chứng nhận quyền sử dụng đất" and
 * "chứng thực". Each entry lists the words people use (`said`) and the words of the official
 * names they mean (`means`); the search engine tries the query with each meaning in place of what
 * was said. The kiosk extends this table from its config (`search.synonyms`), and the sandbox
 * serves the same words as procedure aliases.
 *
 * Sources. Official names: the procedures as published in the National Database of Administrative
 * Procedures (csdl.dichvucong.gov.vn) and the laws behind them, cited per group below. What people
 * say: the words of residents' questions on the National Public Service Portal's Q&A
 * (dichvucong.gov.vn, "Hỏi đáp"), the Ministry of Justice's and the Ministry of Public Security's
 * answers to citizens, and the press that explains the procedures (names such as "sổ đỏ",
 * "hộ khẩu", "KT3", "tiền già" are used in those answers to be understood).
 *
 * Matching is on folded sound keys, so one spelling of a phrase is enough ("xóa" finds "xoá").
 *
 * Pure data: no Node, no DOM.
 */

export interface Synonym {
  /** What residents type or say, with diacritics. */
  said: readonly string[];
  /** Words of the official procedure names they mean; each one is tried in place of what was said. */
  means: readonly string[];
}

export const SYNONYMS: readonly Synonym[] = [
  // Cư trú. Luật Cư trú số 68/2020/QH14: the paper household book ("sổ hộ khẩu") and temporary
  // residence book ("KT3") were abolished on 01/01/2023 (Điều 38); the procedures are
  // "Đăng ký thường trú", "Đăng ký tạm trú", "Khai báo tạm vắng", "Thông báo lưu trú".
  { said: ['hộ khẩu', 'sổ hộ khẩu', 'nhập hộ khẩu', 'nhập khẩu', 'đăng ký hộ khẩu', 'chuyển hộ khẩu', 'chuyển khẩu'], means: ['thường trú'] },
  { said: ['cắt khẩu', 'cắt hộ khẩu', 'xóa hộ khẩu'], means: ['xóa đăng ký thường trú'] },
  { said: ['KT3', 'sổ tạm trú', 'tạm trú dài hạn', 'đăng ký ở trọ'], means: ['tạm trú'] },
  { said: ['đi vắng', 'khai vắng'], means: ['tạm vắng'] },
  { said: ['khai báo khách', 'báo khách ở lại', 'khai báo lưu trú'], means: ['lưu trú'] },
  { said: ['xác nhận cư trú', 'giấy xác nhận cư trú', 'CT07', 'xác nhận nơi ở'], means: ['xác nhận thông tin về cư trú'] },
  { said: ['tách khẩu', 'tách sổ hộ khẩu'], means: ['tách hộ'] },
  // Chứng thực. Nghị định số 23/2015/NĐ-CP: at the commune it is "chứng thực"; "công chứng" is
  // the notary's act (Luật Công chứng số 46/2024/QH15) but is what most people ask for.
  { said: ['công chứng', 'sao y', 'sao y bản chính', 'photo công chứng', 'công chứng giấy tờ', 'công chứng bản sao'], means: ['chứng thực bản sao'] },
  { said: ['công chứng chữ ký', 'xác nhận chữ ký', 'ký xác nhận'], means: ['chứng thực chữ ký'] },
  { said: ['công chứng hợp đồng', 'làm hợp đồng mua bán', 'hợp đồng mua bán'], means: ['chứng thực hợp đồng'] },
  { said: ['công chứng di chúc', 'làm di chúc'], means: ['chứng thực di chúc'] },
  // Đất đai. Luật Đất đai số 31/2024/QH15: one "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu
  // tài sản gắn liền với đất" replaced the red and pink books.
  { said: ['sổ đỏ', 'sổ hồng', 'bìa đỏ', 'giấy đỏ', 'làm sổ đỏ', 'sổ nhà đất'], means: ['giấy chứng nhận quyền sử dụng đất'] },
  { said: ['sang tên sổ đỏ', 'sang tên đất', 'mua bán đất', 'bán đất'], means: ['chuyển nhượng quyền sử dụng đất'] },
  { said: ['cho tặng đất', 'tặng cho đất', 'cho con đất'], means: ['tặng cho quyền sử dụng đất'] },
  { said: ['thừa kế đất', 'hưởng thừa kế'], means: ['thừa kế quyền sử dụng đất'] },
  { said: ['tách sổ', 'chia đất', 'tách đất'], means: ['tách thửa'] },
  { said: ['gộp sổ', 'gộp đất'], means: ['hợp thửa'] },
  { said: ['lên thổ cư', 'chuyển lên thổ cư', 'chuyển đất ruộng', 'chuyển đổi đất'], means: ['chuyển mục đích sử dụng đất'] },
  { said: ['mất sổ đỏ', 'làm lại sổ đỏ'], means: ['cấp lại giấy chứng nhận'] },
  { said: ['đổi sổ đỏ', 'sổ đỏ cũ', 'sổ rách'], means: ['cấp đổi giấy chứng nhận'] },
  { said: ['thế chấp sổ đỏ', 'thế chấp nhà', 'vay ngân hàng'], means: ['đăng ký thế chấp'] },
  { said: ['giải chấp', 'xóa thế chấp'], means: ['xóa đăng ký biện pháp bảo đảm'] },
  // Xây dựng. Luật Xây dựng số 50/2014/QH13 (sửa đổi 2020): "Cấp giấy phép xây dựng".
  { said: ['xin phép xây nhà', 'giấy phép xây nhà', 'xây nhà', 'xin giấy phép xây dựng', 'phép xây dựng'], means: ['giấy phép xây dựng'] },
  { said: ['sửa nhà', 'cải tạo nhà', 'sửa chữa nhà'], means: ['sửa chữa, cải tạo'] },
  { said: ['gia hạn phép xây dựng'], means: ['gia hạn giấy phép xây dựng'] },
  // Hộ tịch. Luật Hộ tịch số 60/2014/QH13, Nghị định số 123/2015/NĐ-CP.
  { said: ['giấy khai sinh', 'làm giấy khai sinh', 'làm khai sinh', 'khai sinh cho con', 'khai sinh cho bé'], means: ['đăng ký khai sinh'] },
  { said: ['mất giấy khai sinh', 'làm lại giấy khai sinh', 'khai sinh lại'], means: ['đăng ký lại khai sinh', 'trích lục khai sinh'] },
  { said: ['bản sao giấy khai sinh', 'sao giấy khai sinh', 'trích lục'], means: ['trích lục hộ tịch'] },
  { said: ['giấy chứng tử', 'làm giấy chứng tử', 'báo tử', 'người mất', 'người chết', 'chứng tử'], means: ['đăng ký khai tử'] },
  { said: ['cưới', 'đăng ký cưới', 'giấy kết hôn', 'giấy đăng ký kết hôn', 'làm giấy kết hôn'], means: ['đăng ký kết hôn'] },
  { said: ['lấy chồng nước ngoài', 'lấy vợ nước ngoài', 'kết hôn với người nước ngoài', 'lấy chồng ngoại'], means: ['kết hôn có yếu tố nước ngoài'] },
  { said: ['độc thân', 'giấy độc thân', 'xác nhận độc thân', 'giấy xác nhận độc thân', 'chưa vợ', 'chưa chồng'], means: ['tình trạng hôn nhân'] },
  { said: ['đổi tên', 'sửa tên', 'sửa giấy khai sinh', 'sửa ngày sinh', 'đổi họ'], means: ['thay đổi, cải chính hộ tịch'] },
  { said: ['xác định dân tộc', 'đổi dân tộc'], means: ['xác định lại dân tộc'] },
  { said: ['nhận con', 'nhận cha', 'nhận bố', 'nhận mẹ', 'xác nhận cha con'], means: ['nhận cha, mẹ, con'] },
  { said: ['xin con nuôi', 'nhận con nuôi', 'nhận nuôi'], means: ['nuôi con nuôi'] },
  { said: ['người giám hộ', 'làm giám hộ'], means: ['giám hộ'] },
  // Căn cước. Luật Căn cước số 26/2023/QH15: from 01/07/2024 the card is "thẻ căn cước"; the
  // older names (CMND, CCCD, chứng minh thư) are what people still say.
  { said: ['căn cước công dân', 'CCCD', 'chứng minh thư', 'CMND', 'chứng minh nhân dân', 'làm căn cước', 'làm chứng minh'], means: ['thẻ căn cước'] },
  { said: ['đổi căn cước', 'đổi CCCD', 'đổi chứng minh'], means: ['cấp đổi thẻ căn cước'] },
  { said: ['mất căn cước', 'mất CCCD', 'mất chứng minh'], means: ['cấp lại thẻ căn cước'] },
  { said: ['xác nhận số chứng minh', 'giấy xác nhận CMND', 'xác nhận CMND cũ'], means: ['xác nhận số chứng minh nhân dân'] },
  { said: ['VNeID', 'định danh điện tử', 'tài khoản định danh', 'mức 2'], means: ['tài khoản định danh điện tử'] },
  // Xuất nhập cảnh. Luật Xuất cảnh, nhập cảnh của công dân Việt Nam số 49/2019/QH14.
  { said: ['passport', 'làm hộ chiếu', 'hộ chiếu phổ thông', 'đi nước ngoài'], means: ['hộ chiếu'] },
  // Lý lịch tư pháp. Luật Lý lịch tư pháp số 28/2009/QH12.
  { said: ['lý lịch', 'phiếu lý lịch', 'xin lý lịch', 'phiếu số 1', 'phiếu số 2', 'giấy không tiền án'], means: ['lý lịch tư pháp'] },
  // Đường bộ. Luật Trật tự, an toàn giao thông đường bộ số 36/2024/QH15.
  { said: ['bằng lái', 'bằng lái xe', 'đổi bằng lái', 'bằng xe máy', 'GPLX'], means: ['giấy phép lái xe'] },
  { said: ['đăng ký xe máy', 'biển số', 'biển số xe', 'cà vẹt', 'giấy tờ xe', 'đăng ký ô tô'], means: ['đăng ký xe'] },
  { said: ['sang tên xe', 'mua xe cũ', 'xe không chính chủ'], means: ['sang tên xe'] },
  // Hộ kinh doanh. Nghị định số 168/2025/NĐ-CP về đăng ký doanh nghiệp.
  { said: ['giấy phép kinh doanh', 'đăng ký kinh doanh', 'mở quán', 'mở cửa hàng', 'buôn bán', 'mở tiệm'], means: ['hộ kinh doanh'] },
  { said: ['đóng cửa hàng', 'nghỉ kinh doanh', 'ngừng kinh doanh'], means: ['tạm ngừng kinh doanh', 'chấm dứt hoạt động hộ kinh doanh'] },
  { said: ['mã số thuế', 'MST', 'đăng ký thuế'], means: ['đăng ký thuế'] },
  // Việc làm, bảo hiểm. Luật Việc làm số 74/2025/QH15; Luật Bảo hiểm xã hội số 41/2024/QH15;
  // Luật Bảo hiểm y tế số 25/2008/QH12 (sửa đổi 2024).
  { said: ['thất nghiệp', 'bảo hiểm thất nghiệp', 'tiền thất nghiệp', 'mất việc'], means: ['trợ cấp thất nghiệp'] },
  { said: ['BHYT', 'thẻ bảo hiểm', 'bảo hiểm y tế hộ gia đình', 'mua bảo hiểm y tế'], means: ['bảo hiểm y tế'] },
  { said: ['BHXH', 'sổ bảo hiểm', 'sổ BHXH'], means: ['bảo hiểm xã hội'] },
  { said: ['rút bảo hiểm', 'rút BHXH', 'bảo hiểm một lần', 'rút sổ bảo hiểm'], means: ['bảo hiểm xã hội một lần'] },
  { said: ['sinh con', 'tiền thai sản', 'nghỉ đẻ'], means: ['thai sản'] },
  // Bảo trợ xã hội. Nghị định số 20/2021/NĐ-CP, sửa đổi bởi Nghị định số 76/2024/NĐ-CP.
  { said: ['tiền già', 'trợ cấp người già', 'lương người già', 'trợ cấp tuổi già'], means: ['trợ cấp xã hội hằng tháng', 'người cao tuổi'] },
  { said: ['tiền mai táng', 'mai táng phí', 'tiền ma chay', 'tiền đám ma'], means: ['hỗ trợ chi phí mai táng'] },
  { said: ['giấy khuyết tật', 'xác nhận khuyết tật', 'người tàn tật', 'tàn tật'], means: ['mức độ khuyết tật'] },
  { said: ['sổ hộ nghèo', 'xác nhận hộ nghèo', 'hộ nghèo'], means: ['hộ nghèo'] },
  // Người có công. Pháp lệnh Ưu đãi người có công với cách mạng số 02/2020/UBTVQH14.
  { said: ['thương binh', 'liệt sĩ', 'gia đình liệt sĩ', 'con liệt sĩ', 'chất độc da cam'], means: ['người có công'] },
  // Giáo dục. Nghị định số 23/2015/NĐ-CP (cấp bản sao từ sổ gốc).
  { said: ['bản sao bằng', 'sao bằng tốt nghiệp', 'mất bằng tốt nghiệp', 'bằng cấp 3'], means: ['bản sao văn bằng'] },
  { said: ['chuyển trường cho con', 'xin chuyển trường'], means: ['chuyển trường'] },
  // Thi đua, khen thưởng; phòng cháy.
  { said: ['giấy khen', 'bằng khen', 'khen thưởng'], means: ['khen thưởng'] },
  { said: ['PCCC', 'phòng cháy', 'cháy nổ'], means: ['phòng cháy và chữa cháy'] },
];
