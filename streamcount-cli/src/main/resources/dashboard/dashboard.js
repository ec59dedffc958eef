// The streamcount dashboard: polls the JSON API on the same origin and redraws in place.
"use strict";

const $ = (id) => document.getElementById(id);
const fmt = new Intl.NumberFormat("en-US");
const rate = (x) => fmt.format(Math.round(x));
const state = { charts: {}, previousTop: new Map(), historyWord: null, windowMs: null };

async function api(path) {
  const response = await fetch(path, { cache: "no-store" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function age(ms) {
  if (ms < 1000) return "just now";
  const s = Math.round(ms / 1000);
  return s < 120 ? `${s} s ago` : `${Math.round(s / 60)} min ago`;
}

function span(ms) {
  const min = ms / 60000;
  return min < 120 ? `${Math.round(min)} min` : `${Math.round(min / 60)} h`;
}

function showError(message) {
  const e = $("error");
  e.hidden = !message;
  e.textContent = message || "";
}

function chart(id, series, height) {
  const el = $(id);
  const opts = {
    width: Math.max(300, el.clientWidth),
    height,
    legend: { live: false },
    scales: { x: { time: true } },
    axes: [{}, { size: 70, values: (u, ticks) => ticks.map((v) => fmt.format(v)) }],
    series: [{}, ...series],
  };
  return new uPlot(opts, [[], ...series.map(() => [])], el);
}

function renderMetrics(m) {
  $("topic").textContent = m.topic;
  $("table").textContent = m.table;
  $("flink-ui").href = m.flink_web_ui;
  $("rate-records").textContent = rate(m.rates.records);
  $("rate-words").textContent = rate(m.rates.words);
  $("rate-items").textContent = rate(m.rates.items);
  $("total-records").textContent = fmt.format(m.totals.recordsIn);
  $("total-words").textContent = fmt.format(m.totals.wordsCounted);
  $("total-items").textContent = fmt.format(m.totals.itemsCommitted + m.totals.windowItemsCommitted);
  for (const kind of ["completed", "committed"]) {
    const cp = m.checkpoints[kind];
    $(`cp-${kind}`).textContent = cp ? `#${cp.id}` : "–";
    $(`cp-${kind}-age`).textContent = cp ? `seen ${age(cp.ageMs)}` : "none yet";
  }
  const s = m.series;
  state.charts.rates.setData([s.t, s.records, s.words]);
  state.charts.items.setData([s.t, s.items]);

  const lag = $("lag").tBodies[0];
  lag.replaceChildren(...m.lag.map((p) => row([
    p.partition, p.offset < 0 ? "–" : fmt.format(p.offset + 1), fmt.format(p.end), fmt.format(p.lag)])));
  $("lag-error").hidden = !m.lag_error;
  $("lag-error").textContent = m.lag_error || "";
  const nc = $("not-counted").tBodies[0];
  nc.replaceChildren(...Object.entries(m.not_counted).map(([reason, n]) => row([reason, fmt.format(n)])));

  if (m.window && state.windowMs === null) {
    $("history-panel").hidden = false;
    $("top-of").hidden = false;
    $("window-size").textContent = m.window;
    state.windowMs = 0;
    state.charts.history = chart("chart-history",
      [{ label: "count", stroke: "#2f6fdf", fill: "#9dbcf3", paths: uPlot.paths.bars({ size: [0.8, 40] }) }], 200);
  }
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const td = document.createElement("td");
    td.textContent = c;
    tr.append(td);
  }
  return tr;
}

function renderTop(top) {
  const of = top.window_start == null ? ""
    : ` of the window ${new Date(top.window_start).toLocaleTimeString()}–${new Date(top.window_end).toLocaleTimeString()}`;
  $("top-source").textContent = top.checkpoint === null
    ? (top.item === "all-time" ? "waiting for the first checkpoint…" : "no window has closed yet")
    : `kept by the job in ${top.table}${of}, checkpoint ${top.checkpoint}, written ${new Date(top.updated_at).toLocaleTimeString()}`;
  const max = top.words.length ? top.words[0].count : 1;
  const items = top.words.map((w, i) => {
    const li = document.createElement("li");
    li.dataset.word = w.word;
    li.dataset.count = w.count;
    const before = state.previousTop.get(w.word);
    const rank = document.createElement("span");
    rank.className = "rank";
    rank.textContent = `${i + 1}.`;
    const word = document.createElement("span");
    word.className = "word";
    word.textContent = w.word;
    word.title = w.word;
    const track = document.createElement("span");
    track.className = "track";
    const bar = document.createElement("span");
    bar.className = "bar";
    bar.style.display = "block";
    bar.style.width = `${(100 * w.count) / max}%`;
    track.append(bar);
    const count = document.createElement("span");
    count.className = "count";
    count.textContent = fmt.format(w.count);
    if (before !== undefined && w.count > before) {
      const up = document.createElement("span");
      up.className = "up";
      up.textContent = ` +${fmt.format(w.count - before)}`;
      count.append(up);
    }
    li.append(rank, word, track, count);
    return li;
  });
  $("top-list").replaceChildren(...items);
  state.previousTop = new Map(top.words.map((w) => [w.word, w.count]));
}

async function renderHistory() {
  if (!state.historyWord) return;
  try {
    const h = await api(`/api/history?word=${encodeURIComponent(state.historyWord)}`);
    const byStart = new Map(h.windows.map((w) => [w.start, w.count]));
    const xs = [];
    const ys = [];
    const last = Math.floor(h.to / h.window_ms) * h.window_ms;
    for (let start = h.from; start <= last; start += h.window_ms) {
      xs.push(start / 1000);
      ys.push(byStart.get(start) ?? 0);
    }
    const inWindows = h.windows.reduce((a, w) => a + w.count, 0);
    $("history-summary").textContent =
      `'${h.word}': ${fmt.format(h.total)} in all; ${fmt.format(inWindows)} in ${h.windows.length} closed windows of the last ${span(h.to - h.from)}`;
    state.charts.history.setData([xs, ys]);
  } catch (e) {
    $("history-summary").textContent = e.message;
    state.charts.history.setData([[], []]);
  }
}

async function poll() {
  try {
    const n = $("top-n").value;
    const of = $("top-of").value ? `&window=${$("top-of").value}` : "";
    const [m, top] = await Promise.all([api("/api/metrics"), api(`/api/top?n=${n}${of}`)]);
    renderMetrics(m);
    renderTop(top);
    showError(null);
    $("updated").textContent = `updated ${new Date(m.now).toLocaleTimeString()}`;
  } catch (e) {
    showError(`No answer from streamcount local (${e.message}): is it still running?`);
  } finally {
    setTimeout(poll, 1000);
  }
}

function start() {
  state.charts.rates = chart("chart-rates", [
    { label: "records/s", stroke: "#2f6fdf", width: 2 },
    { label: "words/s", stroke: "#e07b00", width: 2 },
  ], 220);
  state.charts.items = chart("chart-items", [{ label: "items/s", stroke: "#1e7d32", width: 2 }], 140);
  $("history-form").addEventListener("submit", (e) => {
    e.preventDefault();
    state.historyWord = $("history-word").value.trim();
    renderHistory();
  });
  $("top-n").addEventListener("change", () => state.previousTop.clear());
  $("top-of").addEventListener("change", () => state.previousTop.clear());
  setInterval(renderHistory, 5000);
  poll();
}

document.addEventListener("DOMContentLoaded", start);
