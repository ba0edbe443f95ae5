/**
 * Demo dossiers. Dates are relative to `now` at seed time so the mix of overdue and on-time
 * dossiers holds whatever the day: a dossier is received N days before `now` (moved back to
 * Friday when that falls on a weekend), its code carries the received date, and its due date is
 * the received date plus the procedure's processing time in working days.
 * Everything here is deterministic for a given `now`.
 */
import type { Channel, StateChange } from '../../main/api/schemas';
import { FINISHED_STATES, isOverdue, type DossierState } from '../../common/dossier-state';
import { vnAt, vnDate, vnIso, vnYyMMdd } from '../../common/vietnam-time';
import { addDays, addWorkingDays, isWorkingDay } from '../dates';
import { PROCEDURES, type SeedProcedure } from './procedures';

export interface SeedAgency {
  id: string;
  name: string;
  level: 'province' | 'commune';
}

export const AGENCIES = {
  ubndBenThanh: { id: '000.21.01.H29', name: 'Ủy ban nhân dân phường Bến Thành', level: 'commune' },
  ubndSaiGon: { id: '000.21.02.H29', name: 'Ủy ban nhân dân phường Sài Gòn', level: 'commune' },
  congAnBenThanh: { id: '000.31.01.H29', name: 'Công an phường Bến Thành', level: 'commune' },
  congAnTp: { id: '000.00.31.H29', name: 'Công an Thành phố Hồ Chí Minh', level: 'province' },
  vpdkdd: { id: '000.00.16.H29', name: 'Văn phòng Đăng ký đất đai Thành phố Hồ Chí Minh', level: 'province' },
  dvvl: { id: '000.00.22.H29', name: 'Trung tâm Dịch vụ việc làm Thành phố Hồ Chí Minh', level: 'province' },
} as const satisfies Record<string, SeedAgency>;

type AgencyKey = keyof typeof AGENCIES;

interface DossierSpec {
  procedure: string;
  agency: AgencyKey;
  daysAgo: number;
  state: DossierState;
  applicant: string;
  channel: Channel;
  /** Note on the last state change (supplement request, rejection reason, withdrawal). */
  note?: string;
}

const WITHDRAWN = 'Công dân yêu cầu rút hồ sơ.';

const SPECS: readonly DossierSpec[] = [
  { procedure: '1.001193', agency: 'ubndBenThanh', daysAgo: 1, state: 'received', applicant: 'Nguyễn Văn An', channel: 'in_person' },
  { procedure: '1.001193', agency: 'ubndSaiGon', daysAgo: 12, state: 'returned', applicant: 'Trần Thị Bích Ngọc', channel: 'online' },
  { procedure: '1.000894', agency: 'ubndBenThanh', daysAgo: 3, state: 'result_ready', applicant: 'Lê Hoàng Minh', channel: 'in_person' },
  { procedure: '1.000656', agency: 'ubndSaiGon', daysAgo: 30, state: 'returned', applicant: 'Phạm Thu Hà', channel: 'in_person' },
  { procedure: '2.000635', agency: 'ubndBenThanh', daysAgo: 6, state: 'returned', applicant: 'Hoàng Đức Thắng', channel: 'online' },
  { procedure: '1.004873', agency: 'ubndBenThanh', daysAgo: 2, state: 'processing', applicant: 'Võ Thị Mai', channel: 'in_person' },
  { procedure: '1.004873', agency: 'ubndSaiGon', daysAgo: 14, state: 'processing', applicant: 'Đặng Quốc Huy', channel: 'postal' },
  {
    procedure: '1.001022',
    agency: 'ubndBenThanh',
    daysAgo: 7,
    state: 'needs_supplement',
    applicant: 'Bùi Thanh Tâm',
    channel: 'in_person',
    note: 'Bổ sung văn bản giám định ADN xác nhận quan hệ cha con của cơ quan giám định có thẩm quyền.',
  },
  {
    procedure: '1.004859',
    agency: 'ubndSaiGon',
    daysAgo: 2,
    state: 'needs_supplement',
    applicant: 'Đỗ Ngọc Lan',
    channel: 'online',
    note: 'Bổ sung bản sao Giấy khai sinh và giấy tờ làm căn cứ cải chính (học bạ hoặc bằng tốt nghiệp).',
  },
  {
    procedure: '1.004884',
    agency: 'ubndBenThanh',
    daysAgo: 20,
    state: 'rejected',
    applicant: 'Hồ Văn Phúc',
    channel: 'in_person',
    note: 'Sổ đăng ký khai sinh còn lưu giữ nên không đăng ký lại; đề nghị làm thủ tục cấp bản sao trích lục hộ tịch.',
  },
  { procedure: '1.004837', agency: 'ubndSaiGon', daysAgo: 9, state: 'withdrawn', applicant: 'Ngô Thị Kim Oanh', channel: 'in_person', note: WITHDRAWN },
  { procedure: '1.004222', agency: 'congAnBenThanh', daysAgo: 4, state: 'processing', applicant: 'Dương Minh Khôi', channel: 'online' },
  { procedure: '1.004222', agency: 'congAnBenThanh', daysAgo: 25, state: 'processing', applicant: 'Lý Gia Bảo', channel: 'in_person' },
  { procedure: '1.004194', agency: 'congAnBenThanh', daysAgo: 10, state: 'returned', applicant: 'Trương Mỹ Linh', channel: 'online' },
  {
    procedure: '1.004194',
    agency: 'congAnBenThanh',
    daysAgo: 8,
    state: 'needs_supplement',
    applicant: 'Phan Văn Tài',
    channel: 'in_person',
    note: 'Bổ sung hợp đồng thuê nhà có chữ ký của chủ sở hữu hoặc văn bản đồng ý cho đăng ký tạm trú của chủ nhà.',
  },
  {
    procedure: '1.004218',
    agency: 'congAnBenThanh',
    daysAgo: 15,
    state: 'rejected',
    applicant: 'Vũ Thị Hồng',
    channel: 'in_person',
    note: 'Chỗ ở hợp pháp không bảo đảm diện tích tối thiểu do Hội đồng nhân dân cấp tỉnh quy định để tách hộ.',
  },
  { procedure: '1.002755', agency: 'congAnBenThanh', daysAgo: 4, state: 'result_ready', applicant: 'Huỳnh Tấn Phát', channel: 'online' },
  { procedure: '2.000815', agency: 'ubndBenThanh', daysAgo: 3, state: 'returned', applicant: 'Mai Anh Tuấn', channel: 'in_person' },
  { procedure: '2.000884', agency: 'ubndSaiGon', daysAgo: 7, state: 'returned', applicant: 'Châu Ngọc Hân', channel: 'in_person' },
  { procedure: '2.001035', agency: 'ubndBenThanh', daysAgo: 2, state: 'result_ready', applicant: 'Tạ Quang Vinh', channel: 'in_person' },
  { procedure: '2.000913', agency: 'ubndSaiGon', daysAgo: 40, state: 'processing', applicant: 'Lâm Thị Thu Trang', channel: 'in_person' },
  { procedure: '1.012771', agency: 'vpdkdd', daysAgo: 6, state: 'processing', applicant: 'Nguyễn Thị Thanh Hương', channel: 'in_person' },
  { procedure: '1.012771', agency: 'vpdkdd', daysAgo: 30, state: 'processing', applicant: 'Trần Văn Hùng', channel: 'postal' },
  {
    procedure: '1.012766',
    agency: 'ubndSaiGon',
    daysAgo: 12,
    state: 'needs_supplement',
    applicant: 'Lê Thị Ngọc Ánh',
    channel: 'in_person',
    note: 'Bổ sung mảnh trích đo bản đồ địa chính thửa đất và giấy tờ về nguồn gốc sử dụng đất.',
  },
  { procedure: '1.012774', agency: 'vpdkdd', daysAgo: 1, state: 'received', applicant: 'Phạm Minh Đức', channel: 'online' },
  { procedure: '1.009994', agency: 'ubndBenThanh', daysAgo: 9, state: 'processing', applicant: 'Đinh Công Thành', channel: 'in_person' },
  { procedure: '1.009994', agency: 'ubndSaiGon', daysAgo: 28, state: 'result_ready', applicant: 'Nguyễn Hữu Nghĩa', channel: 'in_person' },
  {
    procedure: '1.009996',
    agency: 'ubndBenThanh',
    daysAgo: 10,
    state: 'needs_supplement',
    applicant: 'Kiều Thị Phương',
    channel: 'online',
    note: 'Bổ sung bản chính giấy phép xây dựng đã được cấp.',
  },
  { procedure: '2.000720', agency: 'ubndBenThanh', daysAgo: 8, state: 'returned', applicant: 'Hà Thị Thúy', channel: 'online' },
  { procedure: '2.000575', agency: 'ubndSaiGon', daysAgo: 2, state: 'received', applicant: 'Quách Văn Long', channel: 'in_person' },
  { procedure: '2.001417', agency: 'congAnTp', daysAgo: 5, state: 'processing', applicant: 'Tôn Nữ Minh Châu', channel: 'online' },
  { procedure: '2.001417', agency: 'congAnTp', daysAgo: 16, state: 'result_ready', applicant: 'Lưu Quang Dũng', channel: 'in_person' },
  { procedure: '2.001417', agency: 'congAnTp', daysAgo: 21, state: 'received', applicant: 'Cao Thị Yến', channel: 'postal' },
  { procedure: '1.002809', agency: 'congAnTp', daysAgo: 11, state: 'returned', applicant: 'Đoàn Văn Khánh', channel: 'online' },
  { procedure: '1.002809', agency: 'congAnTp', daysAgo: 3, state: 'withdrawn', applicant: 'Triệu Thị Lan Anh', channel: 'in_person', note: WITHDRAWN },
  { procedure: '1.001978', agency: 'dvvl', daysAgo: 18, state: 'processing', applicant: 'Mạc Văn Toàn', channel: 'online' },
  {
    procedure: '1.001978',
    agency: 'dvvl',
    daysAgo: 35,
    state: 'needs_supplement',
    applicant: 'Ông Thị Diệu',
    channel: 'in_person',
    note: 'Bổ sung quyết định thôi việc có chữ ký, đóng dấu của người sử dụng lao động.',
  },
  { procedure: '1.001776', agency: 'ubndSaiGon', daysAgo: 7, state: 'processing', applicant: 'Kha Văn Lộc', channel: 'in_person' },
  {
    procedure: '1.001699',
    agency: 'ubndBenThanh',
    daysAgo: 40,
    state: 'rejected',
    applicant: 'Âu Thị Bạch Tuyết',
    channel: 'in_person',
    note: 'Người được đề nghị không có mặt để đánh giá mức độ khuyết tật sau hai lần Hội đồng mời.',
  },
  { procedure: '1.004222', agency: 'congAnBenThanh', daysAgo: 1, state: 'received', applicant: 'Nguyễn Văn Bình', channel: 'in_person' },
];

/** A dossier as stored by the sandbox (full applicant name; masked only when served). */
export interface SeedDossier {
  dossierCode: string;
  procedureCode: string;
  procedureName: string;
  agencyName: string;
  agencyLevel: 'province' | 'commune';
  channel: Channel;
  state: DossierState;
  stateHistory: StateChange[];
  receivedAt: string;
  dueDate: string;
  feesDue: number;
  applicantName: string;
  supplementNote?: string;
}

/** The sequence of states a dossier went through to reach `state`. */
function pathTo(state: DossierState): DossierState[] {
  switch (state) {
    case 'received':
      return ['received'];
    case 'processing':
      return ['received', 'processing'];
    case 'needs_supplement':
      return ['received', 'processing', 'needs_supplement'];
    case 'result_ready':
      return ['received', 'processing', 'result_ready'];
    case 'returned':
      return ['received', 'processing', 'result_ready', 'returned'];
    case 'rejected':
      return ['received', 'processing', 'rejected'];
    case 'withdrawn':
      return ['received', 'withdrawn'];
  }
}

const MINUTE = 60_000;

/** Moves `t` into office hours (07:30–17:00 on a working day) when that keeps it before `limit`. */
function officeHours(t: Date, limit: Date): Date {
  const start = vnAt(t, 7, 30);
  const end = vnAt(t, 17, 0);
  let c = t;
  if (!isWorkingDay(c) || c.getTime() >= end.getTime()) {
    c = addDays(vnAt(t, 8, 0), 1);
    while (!isWorkingDay(c)) c = addDays(c, 1);
  } else if (c.getTime() < start.getTime()) {
    c = vnAt(t, 8, 0);
  }
  return c.getTime() <= limit.getTime() ? c : t;
}

function feesDueFor(proc: SeedProcedure, state: DossierState): number {
  if (FINISHED_STATES.includes(state) && state !== 'result_ready') return 0;
  return proc.fees.filter((f) => f.mode === 'pay_on_result').reduce((sum, f) => sum + f.amount, 0);
}

/** Builds the demo dossiers for a given `now`. Deterministic. */
export function buildSeedDossiers(now: Date): SeedDossier[] {
  const procs = new Map(PROCEDURES.map((p) => [p.code, p]));
  return SPECS.map((spec, i) => {
    const proc = procs.get(spec.procedure);
    if (!proc) throw new Error(`seed dossier ${i} names unknown procedure ${spec.procedure}`);
    const agency: SeedAgency = AGENCIES[spec.agency];

    let day = addDays(now, -spec.daysAgo);
    while (!isWorkingDay(day)) day = addDays(day, -1);
    const minuteOfDay = 7 * 60 + 40 + ((i * 53) % (8 * 60)); // 07:40 … 15:39
    const receivedAt = vnAt(day, Math.floor(minuteOfDay / 60), minuteOfDay % 60);
    const due = addWorkingDays(receivedAt, proc.processingDays);

    // Later state changes spread over the dossier's life, in office hours where possible.
    const states = pathTo(spec.state);
    const lifeEnd = Math.min(now.getTime() - 5 * MINUTE, receivedAt.getTime() + (proc.processingDays + 2) * 86_400_000);
    const span = Math.max(lifeEnd - receivedAt.getTime(), states.length * MINUTE);
    const history: StateChange[] = [];
    let prev = receivedAt;
    states.forEach((state, k) => {
      let at = k === 0 ? receivedAt : new Date(receivedAt.getTime() + Math.round((span * k) / states.length));
      if (k > 0) at = officeHours(at, new Date(Math.min(lifeEnd, now.getTime() - MINUTE)));
      if (k > 0 && at.getTime() <= prev.getTime()) at = new Date(prev.getTime() + MINUTE);
      prev = at;
      const change: StateChange = { state, at: vnIso(at) };
      if (k === states.length - 1 && spec.note) change.note = spec.note;
      if (k === 0)
        change.note =
          spec.channel === 'online'
            ? 'Tiếp nhận hồ sơ trực tuyến.'
            : spec.channel === 'postal'
              ? 'Tiếp nhận hồ sơ qua bưu chính công ích.'
              : 'Tiếp nhận hồ sơ tại Bộ phận Một cửa.';
      history.push(change);
    });

    const seq = String(12 + i * 23).padStart(4, '0');
    const dossier: SeedDossier = {
      dossierCode: `${agency.id}-${vnYyMMdd(receivedAt)}-${seq}`,
      procedureCode: proc.code,
      procedureName: proc.name,
      agencyName: agency.name,
      agencyLevel: agency.level,
      channel: spec.channel,
      state: spec.state,
      stateHistory: history,
      receivedAt: vnIso(receivedAt),
      dueDate: vnDate(due),
      feesDue: feesDueFor(proc, spec.state),
      applicantName: spec.applicant.normalize('NFC'),
    };
    if (spec.state === 'needs_supplement' && spec.note) dossier.supplementNote = spec.note;
    return dossier;
  });
}

/** The demo dossier codes for a given `now`, with their states, for tests and the CLI. */
export function seedDossierCodes(now: Date): { code: string; state: DossierState; overdue: boolean }[] {
  return buildSeedDossiers(now).map((d) => ({ code: d.dossierCode, state: d.state, overdue: isOverdue(d.dueDate, d.state, now) }));
}
