/**
 * The page a queue ticket's QR opens on the resident's phone (`GET /queue/track/{id}`): the
 * number, the service, the state, the people ahead and the estimated wait, or the counter once
 * called. Plain HTML in Vietnamese, no script (a strict CSP), refreshed by the browser every 20 s;
 * no token, since a phone has none: it shows nothing personal (a ticket carries no name), and the
 * ticket id is the only key.
 */
import type { QueueTicket } from '../../main/api/queue';

const STATE: Record<QueueTicket['state'], string> = {
  waiting: 'Đang chờ',
  called: 'Đến lượt ông/bà',
  serving: 'Đang được phục vụ',
  done: 'Đã phục vụ xong',
  skipped: 'Đã qua lượt',
  transferred: 'Đã chuyển sang dịch vụ khác',
};

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** What the phone shows for one ticket. */
export function trackingLines(t: QueueTicket): string[] {
  const lines = [`${STATE[t.state]}`];
  if (t.state === 'waiting') {
    lines.push(t.ahead === 0 ? 'Ông/bà là người tiếp theo.' : `Còn ${t.ahead} người trước ông/bà.`);
    if (t.estimatedWaitMinutes === null) lines.push('Chưa có quầy nào mở cho dịch vụ này.');
    else if (t.estimatedWaitMinutes > 0) lines.push(`Thời gian chờ dự kiến: khoảng ${t.estimatedWaitMinutes} phút.`);
  } else if ((t.state === 'called' || t.state === 'serving') && t.counter !== null) {
    lines.push(`Mời ông/bà đến quầy số ${t.counter}.`);
  } else if (t.state === 'skipped') {
    lines.push('Ông/bà vui lòng liên hệ quầy hướng dẫn để được hỗ trợ.');
  }
  return lines;
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="20">
<title>${escape(title)}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;padding:1.5rem;font-size:20px;line-height:1.5;color:#111827;background:#f8fafc}
h1{font-size:1.2rem;margin:0 0 1rem;color:#0b2a5b}.number{font-size:4rem;font-weight:800;color:#0b2a5b;margin:.5rem 0}
p{margin:.4rem 0}.state{font-weight:700}.small{font-size:18px;color:#374151;margin-top:1.5rem}
</style></head><body>${body}</body></html>`;
}

/** The page for a ticket. */
export function trackingPage(t: QueueTicket, centerName: string, now: string): string {
  const [state, ...rest] = trackingLines(t);
  return page(
    `Số ${t.number}`,
    `<h1>${escape(centerName)}</h1><p>${escape(t.serviceName)}</p><p class="number">${escape(t.number)}</p>` +
      `<p class="state">${escape(state ?? '')}</p>${rest.map((l) => `<p>${escape(l)}</p>`).join('')}` +
      `<p class="small">Cập nhật lúc ${escape(now)}; trang tự làm mới sau 20 giây.</p>`,
  );
}

/** The page for an id that is no ticket (a mistyped link, or a ticket of another day after a reset). */
export function trackingNotFound(): string {
  return page('Không tìm thấy số thứ tự', '<h1>Không tìm thấy số thứ tự</h1><p>Ông/bà vui lòng kiểm tra lại mã QR trên phiếu, hoặc hỏi quầy hướng dẫn.</p>');
}
