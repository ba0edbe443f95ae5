/**
 * A catalogue of N procedures (2,000 by default) grown from the 126 real ones of the seed, for
 * the search benchmark (test/bench/search.ts) and any test that needs a catalogue of a
 * province's size. Deterministic: the same seed gives the same catalogue.
 *
 * The real procedures come first, unchanged, so every query of test/fixtures/search/queries.ts
 * still has its procedure. The others are variants the national database really has of the same
 * kind: the same procedure at another level ("… (cấp tỉnh)") or another agency ("… tại Ban Quản
 * lý khu công nghiệp"), another form of it ("Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh",
 * "Đăng ký lại", "Tạm dừng" …) and a sector's own cases ("… đối với tổ chức", "… có yếu tố nước
 * ngoài", "… đối với công trình theo tuyến"), alone or combined, each with a new code in the
 * national format. A variant keeps some of its procedure's aliases when it is the same act
 * elsewhere (a province publishes aliases for some of its procedures), none when it is another
 * form of the act.
 */
import { mulberry32 } from '../support/random';
import { PROCEDURES, SECTORS } from '../../sandbox/seed';

export interface BenchProcedure {
  code: string;
  name: string;
  sectorCode: string;
  sectorName: string;
  agencyLevel: 'commune' | 'province';
  onlineLevel: 'full' | 'partial' | 'none';
  processingDays: number;
  aliases: string[];
  agency: string;
  /** The real procedure it was grown from (its own code for a real one). */
  base: string;
}

/** Other forms of a procedure, by how its name starts. */
const FORMS: readonly { starts: string; as: readonly string[] }[] = [
  { starts: 'Cấp ', as: ['Cấp lại ', 'Cấp đổi ', 'Gia hạn ', 'Điều chỉnh ', 'Thu hồi ', 'Đính chính '] },
  { starts: 'Đăng ký ', as: ['Đăng ký lại ', 'Đăng ký thay đổi ', 'Xóa đăng ký ', 'Điều chỉnh đăng ký ', 'Gia hạn đăng ký '] },
  { starts: 'Giải quyết ', as: ['Tạm dừng ', 'Chấm dứt ', 'Tiếp tục ', 'Điều chỉnh mức '] },
  { starts: 'Chứng thực ', as: ['Cấp bản sao có chứng thực ', 'Hủy bỏ chứng thực '] },
  { starts: 'Công nhận ', as: ['Thu hồi quyết định công nhận ', 'Điều chỉnh quyết định công nhận '] },
  { starts: 'Thực hiện, điều chỉnh, thôi hưởng ', as: ['Tạm dừng hưởng ', 'Tiếp tục hưởng '] },
  { starts: 'Xác nhận ', as: ['Cấp lại giấy xác nhận ', 'Đính chính giấy xác nhận '] },
];

/** Places and agencies where the same procedure is also done. */
const PLACES: Record<'commune' | 'province' | 'any', readonly string[]> = {
  commune: [' (cấp xã)', ' (thực hiện tại cấp xã)', ' tại Trung tâm Phục vụ hành chính công cấp xã'],
  province: [' (cấp tỉnh)', ' (thực hiện tại cấp tỉnh)', ' tại Trung tâm Phục vụ hành chính công cấp tỉnh'],
  any: [' qua dịch vụ bưu chính công ích', ' trên Cổng Dịch vụ công quốc gia'],
};
/** The industrial and economic zones' boards do these sectors' procedures for the zones. */
const ZONES = [' tại Ban Quản lý khu công nghiệp', ' tại Ban Quản lý khu kinh tế'];
const ZONE_SECTORS = new Set(['xay-dung', 'dat-dai', 'viec-lam', 'ho-kinh-doanh']);
/** A name that is already another form ("Cấp lại …", "Cấp đổi …", "Cấp bản sao …") takes no other. */
const ALREADY_A_FORM = /^(lại|đổi|bản sao|thay đổi|biến động)\b/u;

/** Each sector's own cases. */
const SECTOR_CASES: Record<string, readonly string[]> = {
  'ho-tich': [' cho người Việt Nam định cư ở nước ngoài', ' tại khu vực biên giới', ' tại Cơ quan đại diện Việt Nam ở nước ngoài', ' có yếu tố nước ngoài'],
  'cu-tru': [' cho người chưa thành niên', ' tại cơ sở tín ngưỡng, cơ sở tôn giáo', ' đối với người sinh sống trên phương tiện', ' tại cơ sở trợ giúp xã hội'],
  'can-cuoc': [' cho người gốc Việt Nam chưa xác định được quốc tịch', ' tại nơi cư trú', ' cho người đang chấp hành án phạt tù'],
  'chung-thuc': [
    ' tại Phòng Tư pháp',
    ' đối với giấy tờ, văn bản bằng tiếng nước ngoài',
    ' tại tổ chức hành nghề công chứng',
    ' do cơ quan có thẩm quyền của nước ngoài cấp',
  ],
  'dat-dai': [
    ' đối với tổ chức',
    ' đối với người Việt Nam định cư ở nước ngoài',
    ' đối với tổ chức kinh tế có vốn đầu tư nước ngoài',
    ' cho hộ gia đình',
    ' đối với cộng đồng dân cư',
  ],
  'xay-dung': [
    ' đối với công trình cấp đặc biệt, cấp I',
    ' đối với công trình theo tuyến',
    ' đối với công trình tín ngưỡng, tôn giáo',
    ' đối với công trình quảng cáo',
    ' theo giai đoạn',
  ],
  'ho-kinh-doanh': [' có địa điểm kinh doanh ở tỉnh khác', ' trong trường hợp chuyển địa chỉ trụ sở', ' qua mạng thông tin điện tử'],
  'ly-lich-tu-phap': [' qua ứng dụng VNeID', ' theo yêu cầu của cơ quan nước ngoài', ' cho người đã chấp hành xong bản án'],
  'xuat-nhap-canh': [' tại Cục Quản lý xuất nhập cảnh', ' cho người chưa đủ 14 tuổi', ' có gắn chíp điện tử'],
  'duong-bo': [' hạng A1, A', ' hạng B, C1', ' cho người nước ngoài cư trú tại Việt Nam', ' do Bộ Quốc phòng cấp'],
  'dang-ky-xe': [' đối với xe mô tô, xe gắn máy', ' đối với ô tô', ' tại Công an cấp tỉnh', ' đối với xe tạm nhập, tái xuất'],
  'viec-lam': [
    ' đối với người lao động làm việc trong khu công nghiệp',
    ' cho người lao động ở tỉnh khác',
    ' đối với người lao động mất việc do doanh nghiệp phá sản',
  ],
  'bao-hiem-xa-hoi': [' đối với người tham gia bảo hiểm xã hội tự nguyện', ' đối với người hưởng lương hưu', ' cho thân nhân người lao động'],
  'bao-hiem-y-te': [' đối với hộ gia đình cận nghèo', ' đối với người lao động', ' cho trẻ em dưới 6 tuổi'],
  'bao-tro-xa-hoi': [' đối với người khuyết tật đặc biệt nặng', ' đối với trẻ em mồ côi', ' đối với người cao tuổi cô đơn'],
  'giam-ngheo': [' ở khu vực thành thị', ' ở khu vực nông thôn', ' theo chuẩn nghèo đa chiều'],
  'nguoi-co-cong': [' đối với thân nhân liệt sĩ', ' đối với thương binh', ' đối với người hoạt động kháng chiến bị nhiễm chất độc hóa học'],
  'tre-em': [' có hoàn cảnh đặc biệt', ' bị bỏ rơi', ' tại cơ sở trợ giúp trẻ em'],
  'nuoi-con-nuoi': [' có yếu tố nước ngoài', ' cho trẻ em có hoàn cảnh đặc biệt', ' tại khu vực biên giới'],
  'giao-duc': [' giữa các tỉnh', ' đối với học sinh khuyết tật', ' đối với học sinh từ nước ngoài về nước'],
  'thi-dua-khen-thuong': [' cho tập thể', ' theo đợt, chuyên đề', ' cho cá nhân có thành tích đột xuất'],
};

interface Candidate {
  name: string;
  base: (typeof PROCEDURES)[number];
  level: 'commune' | 'province';
  /** The share of the base's aliases it keeps (0 to 1). */
  keep: number;
}

/**
 * The real procedures followed by seeded variants, `size` in all (at least the 126 real ones).
 * Names are unique (folded case-insensitively); codes are unique and never a real one's.
 */
export function benchCatalogue(size = 2000, seed = 20250701): BenchProcedure[] {
  const random = mulberry32(seed);
  const sectorName = new Map(SECTORS.map((s) => [s.code, s.name]));
  const real: BenchProcedure[] = PROCEDURES.map((p) => ({
    code: p.code,
    name: p.name,
    sectorCode: p.sectorCode,
    sectorName: sectorName.get(p.sectorCode)!,
    agencyLevel: p.agencyLevel,
    onlineLevel: p.onlineLevel,
    processingDays: p.processingDays,
    aliases: [...(p.aliases ?? [])],
    agency: p.agency,
    base: p.code,
  }));
  if (size <= real.length) return real.slice(0, size);

  const key = (name: string) => name.normalize('NFC').toLowerCase();
  const taken = new Set(real.map((p) => key(p.name)));
  const candidates: Candidate[] = [];
  for (const base of PROCEDURES) {
    const forms = [{ name: base.name, isForm: false }];
    for (const f of FORMS) {
      const rest = base.name.slice(f.starts.length);
      if (base.name.startsWith(f.starts) && !ALREADY_A_FORM.test(rest)) for (const as of f.as) forms.push({ name: as + rest, isForm: true });
    }
    const cases = ['', ...(SECTOR_CASES[base.sectorCode] ?? [])];
    const hasPlace = base.name.includes('(');
    const other = base.agencyLevel === 'commune' ? 'province' : 'commune';
    const places: { text: string; level: Candidate['level'] }[] = [{ text: '', level: base.agencyLevel }];
    if (!hasPlace) {
      for (const text of PLACES[other]) places.push({ text, level: other });
      for (const text of PLACES.any) places.push({ text, level: base.agencyLevel });
      if (ZONE_SECTORS.has(base.sectorCode)) for (const text of ZONES) places.push({ text, level: 'province' });
    }
    for (const form of forms) {
      for (const c of cases) {
        // No case the name already has, nor a second "đối với …" or "… nước ngoài".
        if (c && (base.name.includes(c.trim()) || (c.startsWith(' đối với') && base.name.includes('đối với')))) continue;
        if (c.includes('nước ngoài') && base.name.includes('nước ngoài')) continue;
        for (const place of places) {
          if (place.text.startsWith(' tại') && c.startsWith(' tại')) continue;
          if (!form.isForm && !c && !place.text) continue;
          const name = form.name + c + place.text;
          const keep = form.isForm ? 0 : place.text && !c ? 0.5 : 0.3;
          candidates.push({ name, base, level: place.level, keep });
        }
      }
    }
  }
  // Fisher-Yates with the seeded PRNG, then the first unique names.
  for (let i = candidates.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [candidates[i], candidates[j]] = [candidates[j]!, candidates[i]!];
  }
  const codes = new Set(real.map((p) => p.code));
  const newCode = () => {
    for (;;) {
      const code = `${1 + Math.floor(random() * 3)}.${String(Math.floor(random() * 1_000_000)).padStart(6, '0')}`;
      if (!codes.has(code)) {
        codes.add(code);
        return code;
      }
    }
  };
  const out = [...real];
  for (const c of candidates) {
    if (out.length >= size) break;
    if (taken.has(key(c.name))) continue;
    taken.add(key(c.name));
    const aliases = (c.base.aliases ?? []).filter(() => random() < c.keep);
    out.push({
      code: newCode(),
      name: c.name,
      sectorCode: c.base.sectorCode,
      sectorName: sectorName.get(c.base.sectorCode)!,
      agencyLevel: c.level,
      onlineLevel: c.base.onlineLevel,
      processingDays: c.base.processingDays,
      aliases,
      agency: c.base.agency,
      base: c.base.code,
    });
  }
  if (out.length < size) throw new Error(`only ${out.length} distinct procedures can be grown from the seed (asked for ${size})`);
  return out;
}
