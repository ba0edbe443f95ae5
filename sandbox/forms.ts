/**
 * Online forms of the seed procedures (`GET /api/v1/procedures/{code}/form`). Procedures that
 * cannot be submitted online (`onlineLevel: 'none'`) have none. A few procedures have their own
 * fields (the declaration's items, as on the national portal); the others ask for the content of
 * the request and a contact phone.
 */
import type { FormField, FormSchema, Procedure } from '../main/api/schemas';
import { SEX_LABELS_VI, SEXES } from '../common/sex';

export const FORM_ATTACHMENT_LIMITS = {
  maxFiles: 10,
  maxFileBytes: 5 * 1024 * 1024,
  maxTotalBytes: 20 * 1024 * 1024,
  mimeTypes: ['application/pdf', 'image/jpeg', 'image/png'],
};

const SEX: FormField['options'] = SEXES.map((s) => ({ value: SEX_LABELS_VI[s], label: SEX_LABELS_VI[s] }));

const PHONE: FormField = { key: 'soDienThoai', label: 'Số điện thoại liên hệ', type: 'phone', required: true, minLength: 8, maxLength: 15 };
const CONTENT: FormField = { key: 'noiDungYeuCau', label: 'Nội dung yêu cầu', type: 'textarea', required: true, minLength: 5, maxLength: 2000 };

const SPECIFIC: Record<string, FormField[]> = {
  // Đăng ký khai sinh
  '1.001193': [
    { key: 'hoTenNguoiDuocKhaiSinh', label: 'Họ, chữ đệm, tên người được khai sinh', type: 'text', required: true, minLength: 2, maxLength: 100 },
    { key: 'ngaySinh', label: 'Ngày, tháng, năm sinh', type: 'date', required: true, minDate: '1900-01-01' },
    { key: 'gioiTinh', label: 'Giới tính', type: 'select', required: true, options: SEX },
    { key: 'noiSinh', label: 'Nơi sinh', type: 'text', required: true, minLength: 2, maxLength: 200 },
    { key: 'quanHe', label: 'Quan hệ với người được khai sinh', type: 'text', required: true, minLength: 2, maxLength: 50, hint: 'Ví dụ: cha, mẹ, ông, bà' },
    PHONE,
  ],
  // Đăng ký kết hôn
  '1.000894': [
    { key: 'hoTenBenNam', label: 'Họ, chữ đệm, tên bên nam', type: 'text', required: true, minLength: 2, maxLength: 100 },
    { key: 'hoTenBenNu', label: 'Họ, chữ đệm, tên bên nữ', type: 'text', required: true, minLength: 2, maxLength: 100 },
    { key: 'ngayDuKienDangKy', label: 'Ngày dự kiến đăng ký', type: 'date', required: false },
    PHONE,
  ],
  // Đăng ký tạm trú
  '1.004194': [
    { key: 'diaChiTamTru', label: 'Địa chỉ nơi đăng ký tạm trú', type: 'text', required: true, minLength: 5, maxLength: 300 },
    { key: 'thoiHanTamTru', label: 'Thời hạn tạm trú (tháng)', type: 'number', required: true, min: 1, max: 24 },
    { key: 'lyDo', label: 'Lý do đăng ký tạm trú', type: 'textarea', required: false, maxLength: 1000 },
    PHONE,
  ],
};

/** The form of an online procedure; null when the procedure cannot be submitted online. */
export function formFor(procedure: Procedure): FormSchema | null {
  if (procedure.onlineLevel === 'none') return null;
  const fields = SPECIFIC[procedure.code] ?? [CONTENT, PHONE, { key: 'email', label: 'Thư điện tử', type: 'email', required: false, maxLength: 120 }];
  return {
    procedureCode: procedure.code,
    procedureName: procedure.name,
    version: `${procedure.code}-v1`,
    fields,
    attachments: {
      documents: procedure.requiredDocuments.map((d, i) => ({ name: d.name, required: i === 0 })),
      ...FORM_ATTACHMENT_LIMITS,
    },
  };
}
