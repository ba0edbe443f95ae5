/**
 * The fleet console's page (issue 16): plain HTML, CSS and JavaScript served by server.ts under
 * a strict CSP (no inline script or style). Vietnamese for operators. Text from kiosks is set
 * with textContent only, never parsed as HTML.
 */
export const PAGE_HTML = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bảng điều khiển ki-ốt</title>
<link rel="stylesheet" href="/styles.css">
<script src="/app.js" defer></script>
</head>
<body>
<header>
  <h1>Bảng điều khiển ki-ốt</h1>
  <p id="summary" aria-live="polite">Đang kết nối…</p>
</header>
<main>
  <section aria-labelledby="list-title" class="list">
    <h2 id="list-title">Danh sách ki-ốt</h2>
    <div role="group" aria-label="Lọc" class="filters" id="filters">
      <button type="button" data-filter="all" aria-pressed="true">Tất cả</button>
      <button type="button" data-filter="paper" aria-pressed="false">Hết giấy</button>
      <button type="button" data-filter="offline" aria-pressed="false">Mất kết nối</button>
      <button type="button" data-filter="backlog" aria-pressed="false">Hồ sơ chờ gửi &gt; 10</button>
    </div>
    <div id="sites"></div>
  </section>
  <section aria-labelledby="detail-title" class="detail" id="detail">
    <h2 id="detail-title">Chi tiết</h2>
    <p id="detail-empty">Chọn một ki-ốt trong danh sách.</p>
    <div id="detail-body" hidden>
      <dl id="detail-fields"></dl>
      <h3>Lệnh</h3>
      <p id="read-only" hidden>Bảng điều khiển chưa có khóa ký (--key): chỉ xem.</p>
      <div class="commands" id="commands">
        <button type="button" data-op="print-test">In trang thử</button>
        <button type="button" data-op="requeue-dead">Gửi lại hồ sơ lỗi</button>
        <button type="button" data-op="out-of-service">Tạm ngừng phục vụ</button>
        <button type="button" data-op="in-service">Phục vụ trở lại</button>
        <button type="button" data-op="reload-config">Tải lại cấu hình</button>
        <button type="button" data-op="collect-logs">Thu thập nhật ký</button>
      </div>
      <form id="announce">
        <h3>Gửi thông báo</h3>
        <label for="ann-title">Tiêu đề</label>
        <input id="ann-title" maxlength="120" required>
        <label for="ann-body">Nội dung</label>
        <textarea id="ann-body" maxlength="1000" rows="3" required></textarea>
        <button type="submit">Gửi thông báo</button>
      </form>
      <h3>Kết quả lệnh</h3>
      <ul id="results" aria-live="polite"></ul>
    </div>
  </section>
  <section aria-labelledby="alerts-title" class="alerts">
    <h2 id="alerts-title">Cảnh báo</h2>
    <ul id="alerts"></ul>
  </section>
</main>
</body>
</html>
`;

export const PAGE_CSS = `
:root { color-scheme: light; font-family: "Be Vietnam Pro", "Noto Sans", system-ui, sans-serif; font-size: 18px; }
body { margin: 0; background: #f4f6f8; color: #1a1a1a; }
header { background: #8b1a1a; color: #fff; padding: 12px 24px; display: flex; gap: 24px; align-items: baseline; flex-wrap: wrap; }
h1 { font-size: 1.6rem; margin: 0; }
h2 { font-size: 1.3rem; margin: 0 0 12px; }
h3 { font-size: 1.1rem; margin: 16px 0 8px; }
main { display: grid; grid-template-columns: minmax(320px, 1.4fr) minmax(320px, 1fr) minmax(260px, 0.8fr); gap: 16px; padding: 16px; }
section { background: #fff; border-radius: 8px; padding: 16px; box-shadow: 0 1px 3px rgba(0,0,0,.15); }
button { min-height: 48px; min-width: 48px; font: inherit; font-size: 1rem; padding: 8px 16px; border-radius: 6px; border: 2px solid #1f4e79; background: #fff; color: #1f4e79; cursor: pointer; }
button[aria-pressed="true"], button.primary { background: #1f4e79; color: #fff; }
button:disabled { border-color: #767676; color: #595959; cursor: not-allowed; }
button:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
.filters { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 12px; }
.site h3 { margin-top: 12px; }
.kiosks { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; }
.kiosk { width: 100%; text-align: left; display: flex; justify-content: space-between; gap: 12px; border-left-width: 10px; color: #1a1a1a; }
.kiosk[aria-current="true"] { background: #e8f0f8; }
.c-online { border-left-color: #1e7b34; }
.c-warn { border-left-color: #b35900; }
.c-offline { border-left-color: #b00020; }
.c-stale { border-left-color: #595959; border-style: dashed; }
.badge { font-weight: 600; }
.b-online { color: #1e7b34; } .b-warn { color: #8a4500; } .b-offline { color: #b00020; } .b-stale { color: #4a4a4a; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 4px 12px; margin: 0; }
dt { font-weight: 600; }
dd { margin: 0; }
.commands { display: flex; flex-wrap: wrap; gap: 8px; }
form { display: grid; gap: 6px; }
input, textarea { font: inherit; font-size: 1rem; min-height: 48px; padding: 6px 10px; border: 2px solid #595959; border-radius: 6px; }
ul#alerts, ul#results { list-style: none; padding: 0; margin: 0; display: grid; gap: 6px; }
ul#alerts li, ul#results li { padding: 8px; border-radius: 6px; background: #fdf1e6; }
ul#alerts li.cleared { background: #eef3ee; color: #3d3d3d; }
ul#results li.r-done { background: #e6f4ea; } ul#results li.r-refused, ul#results li.r-failed { background: #fde8ea; }
a { color: #1f4e79; display: inline-block; min-height: 48px; line-height: 48px; }
.empty { color: #4a4a4a; }
`;

export const PAGE_JS = `
'use strict';
(() => {
  const $ = (id) => document.getElementById(id);
  const kiosks = new Map();
  let alerts = [];
  let filter = 'all';
  let selected = null;
  let canCommand = false;
  const results = [];
  const OP = { 'print-test': 'In trang thử', 'requeue-dead': 'Gửi lại hồ sơ lỗi', 'out-of-service': 'Tạm ngừng phục vụ', 'in-service': 'Phục vụ trở lại', 'reload-config': 'Tải lại cấu hình', 'collect-logs': 'Thu thập nhật ký', announce: 'Gửi thông báo' };
  const OUTCOME = { done: 'Đã thực hiện', failed: 'Không thực hiện được', refused: 'Bị từ chối' };
  const DEVICE = { ok: 'Bình thường', paper_low: 'Sắp hết giấy', paper_out: 'Hết giấy', cover_open: 'Nắp đang mở', disconnected: 'Mất kết nối', error: 'Lỗi', not_configured: 'Không lắp đặt', unknown: 'Chưa rõ' };
  const el = (tag, props, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === 'text') e.textContent = v;
      else if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c) e.append(c);
    return e;
  };
  const fmtTime = (iso) => {
    if (!iso) return '';
    const d = new Date(Date.parse(iso) + 7 * 3600000);
    const p = (n) => String(n).padStart(2, '0');
    return p(d.getUTCDate()) + '/' + p(d.getUTCMonth() + 1) + '/' + d.getUTCFullYear() + ' ' + p(d.getUTCHours()) + ':' + p(d.getUTCMinutes()) + ':' + p(d.getUTCSeconds());
  };
  const problems = (k) => {
    const h = k.health;
    const out = [];
    if (k.status && k.status.service === 'out_of_service') out.push('Tạm ngừng phục vụ');
    if (!h) return out;
    if (h.devices.printer !== 'ok' && h.devices.printer !== 'not_configured') out.push('Máy in: ' + DEVICE[h.devices.printer]);
    if (h.devices.scanner === 'error' || h.devices.scanner === 'disconnected') out.push('Máy quét: ' + DEVICE[h.devices.scanner]);
    if (h.devices.cardReader === 'error' || h.devices.cardReader === 'disconnected') out.push('Đầu đọc thẻ: ' + DEVICE[h.devices.cardReader]);
    if (h.outbox.dead > 0) out.push(h.outbox.dead + ' hồ sơ gửi lỗi');
    if (h.outbox.pending > 10) out.push(h.outbox.pending + ' hồ sơ chờ gửi');
    return out;
  };
  const colour = (k) => {
    if (k.connection === 'offline') return ['offline', 'Mất kết nối'];
    if (k.connection === 'stale' || k.connection === 'unknown') return ['stale', 'Không có báo cáo mới'];
    if (problems(k).length) return ['warn', 'Cần chú ý'];
    return ['online', 'Hoạt động'];
  };
  const matches = (k) => {
    if (filter === 'paper') return !!k.health && (k.health.devices.printer === 'paper_out' || k.health.devices.printer === 'paper_low');
    if (filter === 'offline') return k.connection === 'offline' || k.connection === 'stale';
    if (filter === 'backlog') return !!k.health && k.health.outbox.pending > 10;
    return true;
  };
  let queued = false;
  const render = () => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      renderList();
      renderDetail();
      renderAlerts();
    });
  };
  const renderList = () => {
    const all = [...kiosks.values()];
    const online = all.filter((k) => k.connection === 'online').length;
    $('summary').textContent = all.length + ' ki-ốt, ' + online + ' đang hoạt động, ' + (all.length - online) + ' cần kiểm tra';
    const bySite = new Map();
    for (const k of all.filter(matches).sort((a, b) => a.site.localeCompare(b.site) || a.kiosk.localeCompare(b.kiosk, 'en', { numeric: true }))) {
      if (!bySite.has(k.site)) bySite.set(k.site, []);
      bySite.get(k.site).push(k);
    }
    const root = $('sites');
    root.replaceChildren();
    if (bySite.size === 0) root.append(el('p', { class: 'empty', text: 'Không có ki-ốt nào phù hợp.' }));
    for (const [site, list] of bySite) {
      const ul = el('ul', { class: 'kiosks' });
      for (const k of list) {
        const [c, label] = colour(k);
        const b = el('button', { type: 'button', class: 'kiosk c-' + c, 'data-key': k.key, 'data-state': c, 'aria-current': String(selected === k.key) },
          el('span', { text: k.kiosk }), el('span', { class: 'badge b-' + c, text: label + (problems(k).length ? ' · ' + problems(k)[0] : '') }));
        b.addEventListener('click', () => { selected = k.key; render(); $('detail-title').focus(); });
        ul.append(el('li', {}, b));
      }
      root.append(el('div', { class: 'site', 'data-site': site }, el('h3', { text: 'Điểm ' + site + ' (' + list.length + ')' }), ul));
    }
  };
  const renderDetail = () => {
    const k = selected && kiosks.get(selected);
    $('detail-empty').hidden = !!k;
    $('detail-body').hidden = !k;
    $('read-only').hidden = canCommand;
    for (const b of document.querySelectorAll('#commands button, #announce button')) b.disabled = !canCommand || !k;
    if (!k) return;
    const [, label] = colour(k);
    const h = k.health;
    const rows = [
      ['Ki-ốt', k.kiosk], ['Điểm', k.site], ['Trạng thái', label],
      ['Phiên bản', k.status && k.status.version || '—'],
      ['Báo cáo lúc', fmtTime(h ? h.at : k.status && k.status.at)],
    ];
    if (h) {
      rows.push(['Máy in', DEVICE[h.devices.printer]], ['Máy quét', DEVICE[h.devices.scanner]], ['Đầu đọc thẻ', DEVICE[h.devices.cardReader]], ['Camera', DEVICE[h.devices.camera]],
        ['Hồ sơ chờ gửi', String(h.outbox.pending) + (h.outbox.oldestPendingSeconds !== null ? ' (cũ nhất ' + Math.round(h.outbox.oldestPendingSeconds / 60) + ' phút)' : '')],
        ['Hồ sơ gửi lỗi', String(h.outbox.dead)], ['Thanh toán đang chờ', String(h.paymentsPending)]);
      if (h.queue) rows.push(['Số người đang chờ', String(h.queue.waiting) + (h.queue.offline ? ' (số liệu cũ)' : '')], ['Dịch vụ đang mở', String(h.queue.servicesOpen)], ['Chờ lâu nhất', h.queue.longestWaitMinutes !== undefined ? h.queue.longestWaitMinutes + ' phút' : '—']);
    }
    if (k.metrics && k.metrics.hours.length) {
      const last = k.metrics.hours[k.metrics.hours.length - 1].counts;
      rows.push(['Giờ này', 'tra cứu ' + (last.lookups || 0) + ', nộp ' + (last.submissions || 0) + ', thanh toán ' + (last.payments || 0) + ', in ' + (last.prints || 0) + ', lấy số ' + (last.tickets || 0) + ', đánh giá ' + (last.ratings || 0)]);
    }
    const dl = $('detail-fields');
    dl.replaceChildren(...rows.flatMap(([t, d]) => [el('dt', { text: t }), el('dd', { text: d })]));
    $('results').replaceChildren(...results.filter((r) => r.key === k.key).slice(0, 10).map((r) => {
      const li = el('li', { class: 'r-' + (r.outcome || 'sent'), 'data-id': r.id, 'data-outcome': r.outcome || 'sent' },
        el('span', { text: (OP[r.op] || r.op) + ': ' + (r.outcome ? OUTCOME[r.outcome] : 'Đã gửi, chờ ki-ốt trả lời') + (r.detail ? ' (' + r.detail + ')' : '') }));
      if (r.logsUrl) li.append(' ', el('a', { href: r.logsUrl, download: 'nhat-ky-' + k.kiosk + '.jsonl', text: 'Tải nhật ký' }));
      return li;
    }));
  };
  const renderAlerts = () => {
    const ul = $('alerts');
    const shown = alerts.slice(0, 50);
    ul.replaceChildren(...(shown.length ? shown.map((a) => el('li', { class: a.cleared ? 'cleared' : '', 'data-kind': a.kind },
      el('span', { text: fmtTime(a.at) + ' · ' + a.kiosk + ' (' + a.site + '): ' + a.text + (a.cleared ? ' (đã hết)' : '') }))) : [el('li', { class: 'cleared', text: 'Không có cảnh báo.' })]));
  };
  const sendCommand = async (op, args) => {
    const k = kiosks.get(selected);
    if (!k) return;
    const entry = { key: k.key, op, id: '', outcome: null, detail: '' };
    try {
      const res = await fetch('/api/kiosks/' + encodeURIComponent(k.site) + '/' + encodeURIComponent(k.kiosk) + '/commands', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(args ? { op, args } : { op }),
      });
      const body = await res.json();
      if (!res.ok) { entry.outcome = 'failed'; entry.detail = body.error || 'Không gửi được lệnh.'; }
      else entry.id = body.id;
    } catch {
      entry.outcome = 'failed'; entry.detail = 'Không liên lạc được với máy chủ bảng điều khiển.';
    }
    results.unshift(entry);
    render();
  };
  for (const b of document.querySelectorAll('#commands button')) b.addEventListener('click', () => sendCommand(b.dataset.op));
  $('announce').addEventListener('submit', (e) => {
    e.preventDefault();
    const title = $('ann-title').value.trim();
    const body = $('ann-body').value.trim();
    if (!title || !body) return;
    sendCommand('announce', { title: title.normalize('NFC'), body: body.normalize('NFC') });
  });
  for (const b of document.querySelectorAll('#filters button')) b.addEventListener('click', () => {
    filter = b.dataset.filter;
    for (const o of document.querySelectorAll('#filters button')) o.setAttribute('aria-pressed', String(o === b));
    render();
  });
  $('detail-title').tabIndex = -1;
  const es = new EventSource('/events');
  es.addEventListener('snapshot', (e) => {
    const s = JSON.parse(e.data);
    kiosks.clear();
    for (const k of s.kiosks) kiosks.set(k.key, k);
    alerts = s.alerts;
    canCommand = s.canCommand;
    render();
  });
  es.addEventListener('kiosk', (e) => { const k = JSON.parse(e.data); kiosks.set(k.key, k); render(); });
  es.addEventListener('alert', (e) => {
    const a = JSON.parse(e.data);
    alerts = [a, ...alerts.filter((x) => x.id !== a.id)].sort((x, y) => y.id - x.id).slice(0, 200);
    render();
  });
  es.addEventListener('result', (e) => {
    const r = JSON.parse(e.data);
    const mine = results.find((x) => x.id === r.id);
    if (mine) Object.assign(mine, r);
    else results.unshift(r);
    render();
  });
  es.onerror = () => { $('summary').textContent = 'Mất kết nối với máy chủ bảng điều khiển, đang thử lại…'; };
})();
`;
