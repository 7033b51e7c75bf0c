// The dashboard: reads the ledger's API with the key the user enters, kept in this tab's sessionStorage only.
// Every call carries the key in the Authorization header; the live feed reads the Server-Sent Events stream with
// fetch() because EventSource cannot send that header.
(() => {
  'use strict';

  const KEY_STORAGE = 'notiledger.apiKey';
  const REFRESH_MS = 5000;
  const FEED_ROWS = 50;
  const $ = (id) => document.getElementById(id);

  let key = sessionStorage.getItem(KEY_STORAGE);
  let refreshTimer = null;
  let stream = null;
  let throughputChart = null;
  let outcomesChart = null;

  class Unauthorized extends Error {}

  async function api(path) {
    const response = await fetch(path, { headers: { Authorization: 'Bearer ' + key, Accept: 'application/json' } });
    if (response.status === 401) {
      throw new Unauthorized('The key was refused');
    }
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      const error = new Error((body && (body.detail || body.title)) || ('HTTP ' + response.status));
      error.status = response.status;
      error.code = body && body.code;
      throw error;
    }
    return body;
  }

  function setConnection(text, isError) {
    $('connection').textContent = text;
    $('connection').classList.toggle('error', !!isError);
  }

  function text(tag, content, className) {
    const element = document.createElement(tag);
    element.textContent = content == null ? '' : String(content);
    if (className) {
      element.className = className;
    }
    return element;
  }

  function time(instant) {
    return instant ? new Date(instant).toLocaleTimeString() : '';
  }

  // ---- the figures ----

  async function refresh() {
    const to = new Date();
    const from = new Date(to.getTime() - 60 * 60 * 1000);
    try {
      const [stats, lag] = await Promise.all([
        api('/v1/stats?bucket=minute&from=' + encodeURIComponent(from.toISOString()) + '&to=' + encodeURIComponent(to.toISOString())),
        api('/v1/views/lag')
      ]);
      showStats(stats, from, to);
      showLag(lag);
      setConnection('Connected; figures of ' + to.toLocaleTimeString());
    } catch (e) {
      handleError(e);
    }
  }

  function showStats(stats, from, to) {
    const totals = stats.totals;
    const failed = Object.values(totals.failedAttempts).reduce((sum, n) => sum + n, 0);
    $('requested-count').textContent = totals.requested;
    $('sent-count').textContent = totals.sent;
    $('failed-count').textContent = failed;
    $('dead-lettered-count').textContent = totals.deadLettered;
    $('cancelled-count').textContent = totals.cancelled;
    $('latency-mean').textContent = totals.sent ? Math.round(totals.latencySumMillis / totals.sent) + ' ms' : '–';

    const byMinute = new Map(stats.buckets.map((bucket) => [new Date(bucket.start).getTime(), bucket]));
    const labels = [];
    const requested = [];
    const sent = [];
    const dead = [];
    const first = Math.floor(from.getTime() / 60000) * 60000;
    for (let minute = first; minute <= to.getTime(); minute += 60000) {
      const bucket = byMinute.get(minute);
      labels.push(new Date(minute).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
      requested.push(bucket ? bucket.requested : 0);
      sent.push(bucket ? bucket.sent : 0);
      dead.push(bucket ? bucket.deadLettered : 0);
    }
    throughputChart.data.labels = labels;
    throughputChart.data.datasets[0].data = requested;
    throughputChart.data.datasets[1].data = sent;
    throughputChart.data.datasets[2].data = dead;
    throughputChart.update('none');

    const settled = totals.sent + totals.deadLettered + totals.cancelled;
    outcomesChart.data.datasets[0].data = [totals.sent, totals.deadLettered, totals.cancelled, Math.max(0, totals.requested - settled)];
    outcomesChart.update('none');

    const reasons = Object.entries(totals.failedAttempts).sort((a, b) => b[1] - a[1]).slice(0, 8);
    const body = $('failure-reasons').tBodies[0];
    body.replaceChildren(...(reasons.length ? reasons : [['none in the last hour', '']]).map(([code, count]) => {
      const row = document.createElement('tr');
      row.append(text('td', code), text('td', count));
      return row;
    }));
  }

  function showLag(lag) {
    const body = $('lag').tBodies[0];
    body.replaceChildren(...lag.processors.map((processor) => {
      const row = document.createElement('tr');
      const state = processor.replaying ? 'rebuilding' : processor.caughtUp ? 'caught up' : 'catching up';
      row.append(text('td', processor.processingGroup),
        text('td', processor.eventsBehind == null ? 'unknown here' : processor.eventsBehind), text('td', state));
      row.dataset.group = processor.processingGroup;
      return row;
    }));
  }

  function makeCharts() {
    throughputChart = new Chart($('throughput'), {
      type: 'bar',
      data: {
        labels: [],
        datasets: [
          { label: 'requested', data: [], backgroundColor: '#93c5fd' },
          { label: 'sent', data: [], backgroundColor: '#22c55e' },
          { label: 'dead-lettered', data: [], backgroundColor: '#ef4444' }
        ]
      },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    outcomesChart = new Chart($('status-breakdown'), {
      type: 'doughnut',
      data: {
        labels: ['sent', 'dead-lettered', 'cancelled', 'in flight'],
        datasets: [{ data: [0, 0, 0, 0], backgroundColor: ['#22c55e', '#ef4444', '#9ca3af', '#93c5fd'] }]
      },
      options: { animation: false, maintainAspectRatio: false }
    });
  }

  // ---- the live feed ----

  function showChange(change) {
    const body = $('feed').tBodies[0];
    const existing = body.querySelector('tr[data-id="' + CSS.escape(change.notificationId) + '"]');
    if (existing) {
      existing.remove();
    }
    const row = document.createElement('tr');
    row.dataset.id = change.notificationId;
    row.dataset.status = change.status;
    row.className = 'fresh';
    const id = text('td', '', 'id');
    id.append(timelineLink(change.notificationId));
    row.append(text('td', time(change.updatedAt)), id, statusCell(change.status), text('td', change.channel),
      text('td', change.recipient), text('td', change.attempts));
    body.prepend(row);
    while (body.rows.length > FEED_ROWS) {
      body.deleteRow(body.rows.length - 1);
    }
  }

  function statusCell(status) {
    const cell = document.createElement('td');
    cell.append(text('span', status, 'badge ' + status));
    return cell;
  }

  function timelineLink(notificationId) {
    const link = text('a', notificationId);
    link.href = '#' + notificationId;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      openTimeline(notificationId);
    });
    return link;
  }

  /** Reads the stream until it ends, then reconnects after the ledger's retry delay with the last id received. */
  function startStream() {
    const controller = new AbortController();
    const state = { lastEventId: null, retryMs: 3000, controller };
    stream = state;
    const connect = async () => {
      while (stream === state) {
        try {
          const headers = { Authorization: 'Bearer ' + key, Accept: 'text/event-stream' };
          if (state.lastEventId) {
            headers['Last-Event-ID'] = state.lastEventId;
          }
          const response = await fetch('/v1/notifications/stream', { headers, signal: controller.signal });
          if (response.status === 401) {
            throw new Unauthorized('The key was refused');
          }
          if (!response.ok) {
            throw new Error('HTTP ' + response.status);
          }
          $('feed-state').textContent = 'live';
          await readEvents(response.body, state);
        } catch (e) {
          if (controller.signal.aborted) {
            return;
          }
          if (e instanceof Unauthorized) {
            handleError(e);
            return;
          }
        }
        $('feed-state').textContent = 'reconnecting…';
        await new Promise((resolve) => setTimeout(resolve, state.retryMs));
      }
    };
    connect();
  }

  async function readEvents(body, state) {
    const reader = body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n?/g, '\n');
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        dispatch(buffer.slice(0, end), state);
        buffer = buffer.slice(end + 2);
      }
    }
  }

  function dispatch(block, state) {
    let data = '';
    let id = null;
    for (const line of block.split('\n')) {
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'data') {
        data += (data ? '\n' : '') + value;
      } else if (field === 'id') {
        id = value;
      } else if (field === 'retry' && /^\d+$/.test(value)) {
        state.retryMs = Number(value);
      }
    }
    if (id) {
      state.lastEventId = id;
    }
    if (data) {
      showChange(JSON.parse(data));
    }
  }

  // ---- search and timeline ----

  async function search(event) {
    event.preventDefault();
    const kind = $('search-kind').value;
    const value = $('search').value.trim();
    $('search-results').replaceChildren();
    $('search-message').textContent = '';
    if (!value) {
      return;
    }
    if (kind === 'id') {
      openTimeline(value.toLowerCase());
      return;
    }
    try {
      const page = await api('/v1/notifications?limit=50&' + kind + '=' + encodeURIComponent(value));
      const items = page.items || [];
      $('search-message').textContent = items.length ? items.length + (page.nextCursor ? '+' : '') + ' found' : 'None found';
      $('search-results').replaceChildren(...items.map((item) => {
        const entry = document.createElement('li');
        entry.append(timelineLink(item.notificationId), text('span', ' ' + item.status + ' ' + item.recipient + ' ' + time(item.requestedAt)));
        return entry;
      }));
    } catch (e) {
      if (e.code === 'ROUTE_NOT_FOUND' || e.status === 405) {
        $('search-message').textContent = 'This ledger cannot search by ' + kind + ' yet (no GET /v1/notifications); search by id.';
      } else {
        handleError(e, $('search-message'));
      }
    }
  }

  async function openTimeline(notificationId) {
    const message = $('search-message');
    try {
      const [status, audit] = await Promise.all([
        api('/v1/notifications/' + encodeURIComponent(notificationId)),
        api('/v1/notifications/' + encodeURIComponent(notificationId) + '/audit')
      ]);
      message.textContent = '';
      $('timeline-title').textContent = notificationId + ': ' + status.status + ' (' + status.channel + ', ' + status.recipient + ')';
      $('timeline').querySelector('tbody').replaceChildren(...audit.entries.map((entry) => {
        const row = document.createElement('tr');
        const details = Object.entries(entry.details || {}).map(([name, value]) =>
          name + '=' + (typeof value === 'object' ? JSON.stringify(value) : value)).join(', ');
        row.append(text('td', entry.sequence), text('td', new Date(entry.occurredAt).toLocaleString()), text('td', entry.type),
          text('td', entry.actor), text('td', details));
        return row;
      }));
      $('timeline').hidden = false;
    } catch (e) {
      $('timeline').hidden = true;
      handleError(e, message);
    }
  }

  // ---- the key ----

  function handleError(e, where) {
    if (e instanceof Unauthorized) {
      disconnect();
      setConnection('The ledger refused this key; enter another.', true);
      return;
    }
    const target = where || $('connection');
    target.textContent = e.message;
    target.classList.add('error');
  }

  function connect() {
    $('key-form').hidden = false;
    $('api-key').value = '';
    $('forget').hidden = false;
    $('board').hidden = false;
    setConnection('Connecting…');
    if (!throughputChart) {
      makeCharts();
    }
    refresh();
    refreshTimer = setInterval(refresh, REFRESH_MS);
    startStream();
  }

  function disconnect() {
    clearInterval(refreshTimer);
    if (stream) {
      stream.controller.abort();
      stream = null;
    }
    sessionStorage.removeItem(KEY_STORAGE);
    key = null;
    $('board').hidden = true;
    $('forget').hidden = true;
    $('feed').tBodies[0].replaceChildren();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('key-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const entered = $('api-key').value.trim();
      if (!entered) {
        return;
      }
      disconnect();
      key = entered;
      sessionStorage.setItem(KEY_STORAGE, key);
      connect();
    });
    $('forget').addEventListener('click', () => {
      disconnect();
      setConnection('Key forgotten. Enter an API key: it is kept in this tab only.');
    });
    $('search-form').addEventListener('submit', search);
    if (key) {
      connect();
    }
  });
})();
