/* rasd map page: the timeline. A histogram of events a day over the range the data spans (a few stragglers years
 * before the rest are left out of it, and said so), a dated axis under it, a range brushed on it (or a bar clicked)
 * that sets the date filter, and a day slider that plays at a chosen speed through a window of days.
 *
 * Loaded before app.js, whose helpers (el, t, state, draw, applyFilters, ...) it calls only once the page started.
 */
"use strict";

const BINS = 60;              // histogram bars at most
const STRAGGLER_SHARE = 0.1;  // the earliest events, at most this share of all, are left out of the range when
                              // a gap longer than half the rest's span (and than two months) parts them from it

(window.RASD_STRINGS = window.RASD_STRINGS || []).push({
  en: {
    brush_hint: "Drag across the bars to choose dates", all_dates: "All dates",
    stragglers: "{n} earlier events (from {first}) are outside the timeline", bin_title: "{from} – {to}: {n} events",
  },
  ar: {
    brush_hint: "اسحب على الأعمدة لاختيار التواريخ", all_dates: "كل التواريخ",
    stragglers: "{n} أحداث أقدم (منذ {first}) خارج الخط الزمني", bin_title: "{from} – {to}: {n} أحداث",
  },
});

const timeline = {per: 1, stragglers: null, brushFrom: null};

/* The first day of the range: past a few early stragglers, so that one old event does not stretch it for years. */
function rangeStart(rows) {
  const total = rows.reduce((n, r) => n + r.count, 0);
  const last = Date.parse(rows.length ? rows[rows.length - 1].key : 0);
  let seen = 0;
  for (let i = 0; i < rows.length - 1; i += 1) {
    seen += rows[i].count;
    if (seen > total * STRAGGLER_SHARE) return 0;
    const next = Date.parse(rows[i + 1].key);
    const gap = (next - Date.parse(rows[i].key)) / DAY_MS;
    if (gap >= 60 && gap > (last - next) / DAY_MS / 2) {
      timeline.stragglers = {n: seen, first: rows[0].key};
      return i + 1;
    }
  }
  return 0;
}

function setDays(rows) {
  timeline.stragglers = null;
  const kept = rows.slice(rangeStart(rows));
  state.dayCounts = new Map(kept.map((r) => [r.key, r.count]));
  state.days = [];
  if (kept.length) {
    for (let d = kept[0].key; d <= kept[kept.length - 1].key && state.days.length < 20000; d = addDays(d, 1)) {
      state.days.push(d);
    }
  }
  timeline.per = Math.max(1, Math.ceil(state.days.length / BINS));
  const slider = $("day");
  slider.max = String(Math.max(0, state.days.length - 1));
  slider.value = slider.max;
  $("timeline-note").textContent = timeline.stragglers ? t("stragglers", timeline.stragglers) : "";
  const form = $("filter-form").elements;
  $("all-dates").hidden = !(form.date_from.value || form.date_to.value);
}

/* Ticks at the first of each month (of each year over a long range; each Monday over a short one). */
function ticks() {
  const n = state.days.length;
  const out = [];
  state.days.forEach((d, i) => {
    const first = n > 3 * 365 ? d.endsWith("-01-01") : n > 62 ? d.endsWith("-01") : new Date(d).getUTCDay() === 1;
    if (first) out.push(i);
  });
  const room = out.filter((i) => i < n * 0.94);  // a label at the very end would be cut off
  if (room.length > 12) return room.filter((_, k) => k % Math.ceil(room.length / 12) === 0);
  return room.length ? room : [0];
}

function tickLabel(d) {
  const n = state.days.length;
  const options = n > 3 * 365 ? {year: "numeric"} : n > 62 ? {month: "short", year: "numeric"} : {month: "short", day: "numeric"};
  return new Date(d + "T00:00:00Z").toLocaleDateString(state.lang, {...options, timeZone: "UTC"});
}

function drawAxis() {
  const axis = $("axis");
  axis.replaceChildren();
  for (const i of ticks()) {
    const tick = el("span", {class: "tick", title: state.days[i]}, tickLabel(state.days[i]));
    tick.style.insetInlineStart = (100 * i / state.days.length) + "%";
    axis.append(tick);
  }
}

function drawBars(index, size) {
  const histogram = $("histogram");
  const per = timeline.per;
  const bars = [];
  for (let i = 0; i < state.days.length; i += per) {
    const days = state.days.slice(i, i + per);
    const n = days.reduce((sum, d) => sum + (state.dayCounts.get(d) || 0), 0);
    bars.push([i, days, n]);
  }
  const top = Math.max(1, ...bars.map((b) => b[2]));
  histogram.replaceChildren(...bars.map(([i, days, n]) => {
    const bar = el("span", {title: t("bin_title", {from: days[0], to: days[days.length - 1], n})});
    bar.style.height = Math.round((n / top) * 100) + "%";
    if (size && index >= i && index < i + per) bar.classList.add("on");
    return bar;
  }), el("span", {id: "brush", hidden: true}));
}

function drawTimeline() {
  const index = Number($("day").value);
  const size = Number($("window").value);
  $("day-label").textContent = state.days.length ? (size ? state.days[index] : t("all_days")) : "";
  $("histogram").replaceChildren();
  $("axis").replaceChildren();
  if (!state.days.length) return;
  drawBars(index, size);
  drawAxis();
}

/* -- brushing a range of dates --------------------------------------------------------------------------------- */

function dayAt(clientX) {
  const box = $("histogram").getBoundingClientRect();
  let share = (clientX - box.left) / Math.max(1, box.width);
  if (document.documentElement.dir === "rtl") share = 1 - share;
  const bars = Math.ceil(state.days.length / timeline.per);
  const bar = Math.min(bars - 1, Math.max(0, Math.floor(share * bars)));
  return bar * timeline.per;
}

function showBrush(a, b) {
  const brush = $("brush");
  const lo = Math.min(a, b);
  const hi = Math.min(state.days.length, Math.max(a, b) + timeline.per);
  brush.hidden = false;
  brush.style.insetInlineStart = (100 * lo / state.days.length) + "%";
  brush.style.width = (100 * (hi - lo) / state.days.length) + "%";
  return [state.days[lo], state.days[hi - 1]];
}

function setupBrush() {
  const histogram = $("histogram");
  histogram.addEventListener("pointerdown", (ev) => {
    if (!state.days.length) return;
    timeline.brushFrom = dayAt(ev.clientX);
    histogram.setPointerCapture(ev.pointerId);
    showBrush(timeline.brushFrom, timeline.brushFrom);
  });
  histogram.addEventListener("pointermove", (ev) => {
    if (timeline.brushFrom !== null) showBrush(timeline.brushFrom, dayAt(ev.clientX));
  });
  histogram.addEventListener("pointerup", (ev) => {
    if (timeline.brushFrom === null) return;
    const [from, to] = showBrush(timeline.brushFrom, dayAt(ev.clientX));
    timeline.brushFrom = null;
    const form = $("filter-form").elements;
    form.date_from.value = from;
    form.date_to.value = to;
    applyFilters();
  });
  $("all-dates").addEventListener("click", () => {
    const form = $("filter-form").elements;
    form.date_from.value = "";
    form.date_to.value = "";
    applyFilters();
  });
}

/* -- playing through the days ---------------------------------------------------------------------------------- */

function play() {
  if (state.timer) return stopPlaying();
  if (!state.days.length) return;
  if ($("window").value === "0") $("window").value = "1";
  const slider = $("day");
  if (Number(slider.value) >= state.days.length - 1) slider.value = "0";
  $("play").textContent = "⏸";
  state.timer = setInterval(() => {
    if (Number(slider.value) >= state.days.length - 1) return stopPlaying();
    slider.value = String(Number(slider.value) + 1);
    draw();
  }, Number($("speed").value));
  draw();
}

function setupTimeline() {
  $("day").addEventListener("input", () => {
    if ($("window").value === "0") $("window").value = "1";
    draw();
  });
  $("window").addEventListener("change", draw);
  $("speed").addEventListener("change", () => { if (state.timer) { stopPlaying(); play(); } });
  $("play").addEventListener("click", play);
  $("histogram").title = t("brush_hint");
  setupBrush();
}

function stopPlaying() {
  clearInterval(state.timer);
  state.timer = null;
  $("play").textContent = "▶";
}
