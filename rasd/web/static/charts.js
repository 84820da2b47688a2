/* rasd map page: charts of the events matching the filters (Chart.js, vendored), over /api/stats.
 *
 * Events or fatalities per week or month stacked by type, and breakdowns by governorate, type and actor; clicking
 * a bar sets the filter it stands for (a period sets the dates, a type the event type) and applies the filters.
 * Loaded after app.js, whose helpers (el, t, api, filterParams, applyFilters) and strings it uses.
 */
"use strict";

Object.assign(STRINGS.en, {
  side_views: "Events, charts or review queue", side_list: "Events", side_charts: "Charts", chart_period: "Per",
  chart_week: "week", chart_month: "month", chart_measure: "Count", chart_events: "events",
  chart_fatalities: "fatalities", chart_hint: "Click a bar to filter by it.", chart_time: "Per period, by type",
  chart_governorate: "By governorate", chart_type: "By type", chart_actor: "By actor (the ten with most events)",
  charts_missing: "the chart library is missing: run `make vendor` and reload", unknown_type: "type not known",
  chart_summary: "{title}: {n} bars; the largest, {top}, has {value}.", chart_empty: "{title}: no event matches.",
  weekly_csv: "Weekly counts by governorate (CSV, shaped like ACLED's weekly aggregates)",
});
Object.assign(STRINGS.ar, {
  side_views: "الأحداث أو الرسوم أو قائمة المراجعة", side_list: "الأحداث", side_charts: "رسوم بيانية",
  chart_period: "لكل", chart_week: "أسبوع", chart_month: "شهر", chart_measure: "العدّ", chart_events: "الأحداث",
  chart_fatalities: "القتلى", chart_hint: "انقر عمودًا للتصفية به.", chart_time: "لكل فترة، حسب النوع",
  chart_governorate: "حسب المحافظة", chart_type: "حسب النوع", chart_actor: "حسب الطرف (العشرة الأكثر أحداثًا)",
  charts_missing: "مكتبة الرسوم ناقصة: شغّل make vendor ثم أعد التحميل", unknown_type: "نوع غير معروف",
  chart_summary: "{title}: {n} أعمدة؛ أكبرها {top} بقيمة {value}.", chart_empty: "{title}: لا حدث يطابق.",
  weekly_csv: "الأعداد الأسبوعية حسب المحافظة (CSV بشكل مجاميع ACLED الأسبوعية)",
});

const MAX_PERIODS = 1000;  // bars of the time chart at most
const MAX_WEEKS = 156;     // a longer span is drawn by month, where weeks would be too thin to click
const TOP_ACTORS = 10;
const charts = {};

function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

function typeColour(type) {
  const cls = (TYPE_CLASS[type] || ["t-other"])[0];
  return cls === "t-other" ? "#7f8c8d" : cssVar("--" + cls.slice(2));
}

/* The first and last day of a week (from its Saturday) or a month (YYYY-MM). */
function periodRange(period, key) {
  if (period === "week") return [key, addDays(key, 6)];
  const [year, month] = key.split("-").map(Number);
  const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return [key + "-01", last];
}

function nextPeriod(period, key) {
  if (period === "week") return addDays(key, 7);
  const [year, month] = key.split("-").map(Number);
  return new Date(Date.UTC(year, month, 1)).toISOString().slice(0, 7);
}

/* Every period from the first to the last counted, so that empty weeks show as gaps. */
function periods(period, keys) {
  const sorted = [...new Set(keys)].sort();
  if (!sorted.length) return [];
  const out = [];
  for (let k = sorted[0]; k <= sorted[sorted.length - 1] && out.length < MAX_PERIODS; k = nextPeriod(period, k)) out.push(k);
  return out;
}

async function chooseFilter(values) {
  const form = $("filter-form");
  for (const [name, value] of Object.entries(values)) {
    const field = form.elements[name];
    if (field.tagName === "SELECT" && !Array.from(field.options).some((o) => o.value === value)) {
      field.append(el("option", {value}, value));
    }
    field.value = value;
  }
  if ("event_type" in values) fillSubTypes();
  if ("admin1" in values) { form.elements.admin2.value = ""; await fillDistricts(); }
  await applyFilters();
}

function describe(canvas, title, labels, values) {
  if (!values.length) return canvas.setAttribute("aria-label", t("chart_empty", {title}));
  const top = values.indexOf(Math.max(...values));
  canvas.setAttribute("aria-label", t("chart_summary", {title, n: values.length, top: labels[top], value: values[top]}));
}

function drawChart(id, config) {
  if (charts[id]) charts[id].destroy();
  Chart.defaults.color = cssVar("--ink");
  Chart.defaults.borderColor = cssVar("--line");
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
  config.options = Object.assign({animation: false, responsive: true, maintainAspectRatio: false, locale: state.lang},
    config.options);
  charts[id] = new Chart($(id), config);
}

async function timeChart(measure) {
  let period = $("chart-period").value;
  let rows = (await api("/api/stats?by=" + period + "&group=type&" + filterParams())).rows.filter((r) => r.key);
  if (period === "week" && periods(period, rows.map((r) => r.key)).length > MAX_WEEKS) {
    period = "month";
    $("chart-period").value = "month";
    rows = (await api("/api/stats?by=month&group=type&" + filterParams())).rows.filter((r) => r.key);
  }
  const labels = periods(period, rows.map((r) => r.key));
  const index = new Map(labels.map((k, i) => [k, i]));
  const types = [...new Set(rows.map((r) => r.group))];
  const datasets = types.map((type) => {
    const data = labels.map(() => 0);
    for (const r of rows) if (r.group === type && index.has(r.key)) data[index.get(r.key)] += r[measure];
    return {label: type ? typeName(type) : t("unknown_type"), type_: type, data, backgroundColor: typeColour(type),
      stack: "types"};
  });
  const totals = labels.map((_, i) => datasets.reduce((sum, d) => sum + d.data[i], 0));
  describe($("chart-time"), t("chart_time"), labels, totals);
  drawChart("chart-time", {type: "bar", data: {labels, datasets}, options: {
    scales: {x: {stacked: true}, y: {stacked: true, beginAtZero: true, ticks: {precision: 0}}},
    plugins: {legend: {position: "bottom", rtl: state.lang === "ar", labels: {boxWidth: 12}}},
    onClick: (_, found) => {
      if (!found.length) return;
      const [from, to] = periodRange(period, labels[found[0].index]);
      const type = datasets[found[0].datasetIndex].type_;
      chooseFilter(type ? {date_from: from, date_to: to, event_type: type} : {date_from: from, date_to: to});
    },
  }});
}

async function breakdown(id, by, field, measure, label) {
  let rows = (await api("/api/stats?by=" + by + "&" + filterParams())).rows.filter((r) => r.key);
  rows.sort((a, b) => b[measure] - a[measure] || b.count - a.count);
  if (by === "actor") rows = rows.slice(0, TOP_ACTORS);
  const labels = rows.map((r) => label(r.key));
  const data = rows.map((r) => r[measure]);
  describe($(id), t(id.replace("-", "_")), labels, data);
  const colours = rows.map((r) => (by === "type" ? typeColour(r.key) : cssVar("--accent")));
  drawChart(id, {type: "bar", data: {labels, datasets: [{label: t(measure === "count" ? "chart_events" : "chart_fatalities"),
    data, backgroundColor: colours}]}, options: {
    indexAxis: "y", scales: {x: {beginAtZero: true, ticks: {precision: 0}}, y: {reverse: false}},
    plugins: {legend: {display: false}},
    onClick: (_, found) => { if (found.length) chooseFilter({[field]: rows[found[0].index].key}); },
  }});
}

async function drawCharts() {
  if ($("charts").hidden) return;
  document.body.dataset.charts = "drawing";
  if (typeof Chart === "undefined") return say(t("charts_missing"), true);
  const measure = $("chart-measure").value;
  $("weekly-csv").href = "/api/stats/weekly.csv?" + filterParams();
  try {
    await Promise.all([
      timeChart(measure),
      breakdown("chart-governorate", "governorate", "admin1", measure, (k) => k),
      breakdown("chart-type", "type", "event_type", measure, typeName),
      breakdown("chart-actor", "actor", "actor", measure, (k) => k),
    ]);
  } catch (error) {
    say(error.message, true);
  }
  document.body.dataset.charts = "drawn";
}

/* The side shows the list (or an open event), the charts or, for reviewers, the queue. */
function showSide(side) {
  state.side = side;
  for (const button of document.querySelectorAll("#side-tabs button")) {
    button.setAttribute("aria-pressed", String(button.dataset.side === side));
  }
  for (const [name, node] of Object.entries({charts: $("charts"), queue: $("queue")})) {
    if (node) node.hidden = name !== side;
  }
  if (side !== "list" && state.current) closePanel();
  $("list-view").hidden = side !== "list" || Boolean(state.current);
  document.dispatchEvent(new CustomEvent("rasd:side", {detail: side}));
  writeUrl();
  if (side === "charts") drawCharts();
}

function setupCharts() {
  applyLanguage();  // the strings above came after app.js first translated the page
  for (const button of document.querySelectorAll("#side-tabs button")) {
    button.addEventListener("click", () => showSide(button.dataset.side));
  }
  $("chart-period").addEventListener("change", drawCharts);
  $("chart-measure").addEventListener("change", drawCharts);
  document.addEventListener("rasd:events", drawCharts);
  $("theme-button").addEventListener("click", drawCharts);
  $("lang-button").addEventListener("click", drawCharts);
  const wanted = query.get("side");
  if (wanted && wanted !== "list") document.addEventListener("rasd:ready", () => showSide(wanted), {once: true});
}

setupCharts();
