import { describe, expect, it } from 'vitest';
import { DOSSIER_STATES, type DossierState } from '../../common/dossier-state';
import { nextStepSentence, type NextStepDossier } from '../../common/next-step';

const AGENCY = 'Ủy ban nhân dân phường Bến Thành';

function dossier(state: DossierState, extra: Partial<NextStepDossier> = {}): NextStepDossier {
  return {
    state,
    overdue: false,
    dueDate: '2026-03-18',
    feesDue: 0,
    agency: { name: AGENCY },
    stateHistory: [{ state: 'received', at: '2026-03-14T02:05:00Z', note: 'Tiếp nhận hồ sơ tại Bộ phận Một cửa.' }],
    ...extra,
  };
}

describe('nextStepSentence (Vietnamese)', () => {
  it('received: nothing to do yet, and the due date', () => {
    expect(nextStepSentence(dossier('received'))).toBe('Hồ sơ đã được tiếp nhận, ông/bà chưa cần làm gì thêm: kết quả hẹn trả ngày 18/03/2026.');
  });

  it('processing with fees to pay on result: the amount as money is written', () => {
    expect(nextStepSentence(dossier('processing', { feesDue: 50_000 }))).toBe(
      'Hồ sơ đang được xử lý, ông/bà chưa cần làm gì thêm: kết quả hẹn trả ngày 18/03/2026, khi nhận kết quả ông/bà nộp 50.000 đ phí, lệ phí còn lại tại quầy.',
    );
  });

  it('processing and overdue: the hotline from config, else the receiving agency', () => {
    const d = dossier('processing', { overdue: true });
    expect(nextStepSentence(d, { hotline: '1900 1234' })).toBe(
      'Hồ sơ đã quá hạn trả kết quả (ngày 18/03/2026), ông/bà vui lòng gọi đường dây nóng 1900 1234 để được hỗ trợ.',
    );
    expect(nextStepSentence(d, { hotline: ' ' })).toBe(`Hồ sơ đã quá hạn trả kết quả (ngày 18/03/2026), ông/bà vui lòng liên hệ ${AGENCY} để được hỗ trợ.`);
  });

  it('needs supplement: what (the backend note) and by when, what to bring', () => {
    const d = dossier('needs_supplement', { supplementNote: 'Bổ sung bản sao Giấy khai sinh.', supplementDueDate: '2026-04-03' });
    expect(nextStepSentence(d, { today: '2026-03-20' })).toBe(
      `Ông/bà vui lòng bổ sung theo yêu cầu “Bổ sung bản sao Giấy khai sinh”, nộp tại ${AGENCY} trước ngày 03/04/2026, mang theo thẻ căn cước và phiếu hẹn trả kết quả.`,
    );
  });

  it('needs supplement without a deadline, the note taken from the history', () => {
    const d = dossier('needs_supplement', {
      stateHistory: [
        { state: 'received', at: '2026-03-14T02:05:00Z' },
        { state: 'needs_supplement', at: '2026-03-15T03:30:00Z', note: 'Thiếu bản sao giấy chứng sinh' },
      ],
    });
    expect(nextStepSentence(d)).toBe(
      `Ông/bà vui lòng bổ sung theo yêu cầu “Thiếu bản sao giấy chứng sinh”, nộp tại ${AGENCY} càng sớm càng tốt, mang theo thẻ căn cước và phiếu hẹn trả kết quả.`,
    );
  });

  it('needs supplement past its deadline: who to call', () => {
    const d = dossier('needs_supplement', { supplementNote: 'Bổ sung X', supplementDueDate: '2026-03-01' });
    expect(nextStepSentence(d, { today: '2026-03-20', hotline: '1900 1234' })).toBe(
      'Hạn bổ sung hồ sơ đã qua (ngày 01/03/2026), ông/bà vui lòng gọi đường dây nóng 1900 1234 để được hướng dẫn.',
    );
  });

  it('result ready: where, when, what to bring, and the fees', () => {
    expect(nextStepSentence(dossier('result_ready'))).toBe(
      `Kết quả đã có, ông/bà vui lòng đến ${AGENCY} trong giờ hành chính để nhận, mang theo thẻ căn cước và phiếu hẹn trả kết quả.`,
    );
    expect(nextStepSentence(dossier('result_ready', { feesDue: 1_250_000 }))).toBe(
      `Kết quả đã có, ông/bà vui lòng đến ${AGENCY} trong giờ hành chính để nhận, mang theo thẻ căn cước, phiếu hẹn trả kết quả và 1.250.000 đ để nộp phí, lệ phí còn lại.`,
    );
  });

  it('returned: nothing more', () => {
    expect(nextStepSentence(dossier('returned'))).toBe('Hồ sơ đã trả kết quả, ông/bà không cần làm gì thêm cho hồ sơ này.');
  });

  it('rejected: the reason of the latest refusal when the backend gives one, else where to ask', () => {
    const d = dossier('rejected', {
      stateHistory: [
        { state: 'received', at: '2026-03-14T02:05:00Z' },
        { state: 'rejected', at: '2026-03-16T03:30:00Z', note: 'Sổ đăng ký khai sinh còn lưu giữ.' },
      ],
    });
    expect(nextStepSentence(d)).toBe(
      `Hồ sơ không được giải quyết với lý do “Sổ đăng ký khai sinh còn lưu giữ”; ông/bà liên hệ ${AGENCY} nếu cần được hướng dẫn thêm.`,
    );
    expect(nextStepSentence(dossier('rejected'))).toBe(`Hồ sơ không được giải quyết, ông/bà vui lòng liên hệ ${AGENCY} để biết lý do và được hướng dẫn.`);
  });

  it('withdrawn: nothing more, a new dossier possible', () => {
    expect(nextStepSentence(dossier('withdrawn'))).toBe('Hồ sơ đã được rút, ông/bà không cần làm gì thêm; khi cần, ông/bà có thể nộp hồ sơ mới.');
  });

  it('every state has one sentence, NFC, addressing "ông/bà", in both languages', () => {
    for (const s of DOSSIER_STATES) {
      const vi = nextStepSentence(dossier(s, { feesDue: 50_000 }));
      expect(vi).toBe(vi.normalize('NFC'));
      expect(vi.toLowerCase()).toContain('ông/bà');
      expect(vi.match(/[.!?](\s|$)/g)?.length).toBe(1);
      const en = nextStepSentence(dossier(s), { lang: 'en' });
      expect(en).not.toMatch(/ông|bà|Hồ sơ/);
      expect(en.endsWith('.')).toBe(true);
    }
  });
});

describe('nextStepSentence (English)', () => {
  it('result ready names the place and what to bring', () => {
    expect(nextStepSentence(dossier('result_ready', { feesDue: 50_000 }), { lang: 'en' })).toBe(
      `The result is ready: please collect it at ${AGENCY} during office hours, bringing your CCCD, the appointment slip and 50.000 đ for the remaining fees.`,
    );
  });
  it('overdue names the hotline', () => {
    expect(nextStepSentence(dossier('processing', { overdue: true }), { lang: 'en', hotline: '1900 1234' })).toBe(
      'The dossier is past its due date (18/03/2026): please call the hotline 1900 1234 to ask about it.',
    );
  });
});
