/* rasd map page: filters, map, feed, timeline, event panel and review, over the JSON API under /api.
 *
 * Article texts, titles and every other stored string are untrusted: they enter the page only as text nodes
 * (el() and textContent), never as markup, and links are made only from http(s) URLs.
 * Every filter, the sort, the open event, the map view and the language live in the address, so a link
 * shows another analyst the same page.
 */
"use strict";

const MAX_EVENTS = 5000;  // events drawn on the map at once; narrow the filters for more
const PAGE = 1000;        // events a map request asks for
const FEED_PAGE = 50;     // events the list shows at a time
const POLL_MS = window.RASD_POLL_MS || 30000;  // how often the page asks for new events
const TYPE_CLASS = {
  "Battles": ["t-battles", "B"],
  "Explosions/Remote violence": ["t-explosions", "E"],
  "Violence against civilians": ["t-civilians", "V"],
  "Protests": ["t-protests", "P"],
  "Riots": ["t-riots", "R"],
  "Strategic developments": ["t-strategic", "S"],
};
const AREA_METRES = {2: 5000, 3: 25000};  // how wide an approximate place is drawn, by geo_precision
const DAY_MS = 86400000;
const FILTERS = ["date_from", "date_to", "event_type", "sub_event_type", "country", "admin1", "admin2", "actor", "min_fatalities",
  "review_state", "min_confidence"];

const STRINGS = {
  en: {
    search: "Search", search_placeholder: "Search articles (Arabic)", theme_dark: "Dark", theme_light: "Light",
    login_button: "Log in to review", logout: "Log out", tab_map: "Map", tab_list: "List", tab_filters: "Filters",
    filters: "Filters", quick_ranges: "Quick ranges", last_24h: "24 h", last_7d: "7 days", last_30d: "30 days",
    from: "From", to: "To", event_type: "Event type", sub_event_type: "Sub-event type", country: "Country", governorate: "Governorate",
    district: "District", actor: "Actor", actor_placeholder: "Arabic or English name",
    min_fatalities: "Minimum fatalities", review_state: "Review state", min_confidence: "Minimum confidence",
    apply: "Apply", clear: "Clear", copy_link: "Copy link", link_copied: "link copied", export: "Export",
    legend: "Legend", map_label: "Map of events", events: "Events", sort: "Sort", sort_newest: "newest first",
    sort_oldest: "oldest first", sort_updated: "recently changed", sort_least_confident: "least confident first",
    sort_deadliest: "most fatalities first", more: "Show more", timeline: "Timeline", play: "Play days",
    speed: "Speed", speed_slow: "slow", speed_normal: "normal", speed_fast: "fast", speed_fastest: "fastest", window: "Window",
    all_days: "all days", one_day: "1 day", seven_days: "7 days", thirty_days: "30 days", day: "Day",
    login_title: "Log in", login_help: "Paste the token that this command printed:", cancel: "Cancel",
    token: "Token", any: "any", loading: "Loading events…",
    bad_range: "The start date {from} is after the end date {to}: no event can match. Swap them or clear one.",
    unknown_actor: "No actor is called “{actor}”; choose one of the suggestions.",
    n_events: "{shown} of {total} events", n_events_all: "{total} events", without_place: "{n} without a place",
    in_window: "{n} events in the timeline window", n_new: "{n} new events — show them", one_new: "1 new event — show it",
    showing_of: "the map shows {shown} of {total} events; narrow the filters", no_events: "No event matches these filters.",
    legend_cluster: "several events close together: zoom in or click", legend_exact: "exact place (colour: type)",
    legend_approx: "approximate place (dashed; the circle is the area)", legend_rejected: "rejected by a reviewer",
    legend_selected: "the open event", no_place: "no place", undated: "undated", updated: "changed {when}",
    back: "← all events", type: "Type", place: "Place", precision: "Precision", actor1: "Actor 1", actor2: "Actor 2",
    fatalities: "Fatalities", by_source: "lowest of the sources: {list}", confidence: "Confidence",
    event_id: "Event id", note: "Note", no_note: "no note",
    evidence: "Evidence", no_evidence: "no evidence stored", sources: "Sources", history: "History",
    unknown: "unknown", none: "none", exact: "exact place", near: "approximate (near the place)",
    region: "approximate (region)", mark_trigger: "what happened", mark_location: "where", mark_actor: "who",
    mark_other: "other evidence", articles_for: "{n} articles for «{q}»", n_linked: "{n} events",
    basemap_missing: "the offline basemap could not be loaded", libraries_missing:
      "the map libraries are missing: run `make vendor` (or `make demo`) and reload",
    offline_layer: "Offline (governorates)", osm_layer: "OpenStreetMap (online)", governorates_layer: "Governorates",
    areas_layer: "Approximate areas", events_layer: "Events", events_in: "events",
  },
  ar: {
    search: "بحث", search_placeholder: "ابحث في المقالات", theme_dark: "داكن", theme_light: "فاتح",
    login_button: "دخول المراجعين", logout: "خروج", tab_map: "الخريطة", tab_list: "القائمة", tab_filters: "التصفية",
    filters: "التصفية", quick_ranges: "فترات سريعة", last_24h: "٢٤ ساعة", last_7d: "٧ أيام", last_30d: "٣٠ يومًا",
    from: "من", to: "إلى", event_type: "نوع الحدث", sub_event_type: "النوع الفرعي", country: "البلد", governorate: "المحافظة",
    district: "المنطقة", actor: "الطرف", actor_placeholder: "اسم بالعربية أو بالإنجليزية",
    min_fatalities: "أدنى عدد للقتلى", review_state: "حالة المراجعة", min_confidence: "أدنى ثقة",
    apply: "تطبيق", clear: "مسح", copy_link: "نسخ الرابط", link_copied: "نُسخ الرابط", export: "تصدير",
    legend: "مفتاح الخريطة", map_label: "خريطة الأحداث", events: "الأحداث", sort: "الترتيب", sort_newest: "الأحدث أولًا",
    sort_oldest: "الأقدم أولًا", sort_updated: "المعدّل حديثًا", sort_least_confident: "الأقل ثقة أولًا",
    sort_deadliest: "الأكثر قتلى أولًا", more: "المزيد", timeline: "الخط الزمني", play: "تشغيل الأيام",
    speed: "السرعة", speed_slow: "بطيء", speed_normal: "عادي", speed_fast: "سريع", speed_fastest: "الأسرع", window: "النافذة",
    all_days: "كل الأيام", one_day: "يوم", seven_days: "٧ أيام", thirty_days: "٣٠ يومًا", day: "اليوم",
    login_title: "دخول", login_help: "الصق الرمز الذي طبعه هذا الأمر:", cancel: "إلغاء",
    token: "الرمز", any: "الكل", loading: "تحميل الأحداث…",
    bad_range: "تاريخ البداية {from} بعد تاريخ النهاية {to}: لا حدث يطابق. بدّلهما أو امسح أحدهما.",
    unknown_actor: "لا طرف باسم «{actor}»؛ اختر أحد الاقتراحات.",
    n_events: "{shown} من {total} حدثًا", n_events_all: "{total} حدثًا", without_place: "{n} بلا مكان",
    in_window: "{n} حدثًا في نافذة الخط الزمني", n_new: "{n} أحداث جديدة — اعرضها", one_new: "حدث جديد — اعرضه",
    showing_of: "تعرض الخريطة {shown} من {total} حدثًا؛ ضيّق التصفية", no_events: "لا حدث يطابق هذه التصفية.",
    legend_cluster: "عدة أحداث متقاربة: كبّر أو انقر", legend_exact: "مكان دقيق (اللون: النوع)",
    legend_approx: "مكان تقريبي (متقطع؛ الدائرة هي المنطقة)", legend_rejected: "رفضه مراجع",
    legend_selected: "الحدث المفتوح", no_place: "بلا مكان", undated: "بلا تاريخ", updated: "عُدّل {when}",
    back: "→ كل الأحداث", type: "النوع", place: "المكان", precision: "الدقة", actor1: "الطرف ١", actor2: "الطرف ٢",
    fatalities: "القتلى", by_source: "أدنى ما ذكرته المصادر: {list}", confidence: "الثقة",
    event_id: "معرّف الحدث", note: "ملاحظة", no_note: "لا ملاحظة",
    evidence: "الشواهد", no_evidence: "لا شواهد محفوظة", sources: "المصادر", history: "السجل",
    unknown: "غير معروف", none: "لا أحد", exact: "مكان دقيق", near: "تقريبي (قرب المكان)",
    region: "تقريبي (منطقة)", mark_trigger: "ما حدث", mark_location: "أين", mark_actor: "من",
    mark_other: "شاهد آخر", articles_for: "{n} مقالات عن «{q}»", n_linked: "{n} أحداث",
    basemap_missing: "تعذّر تحميل الخريطة الأساسية", libraries_missing: "مكتبات الخريطة ناقصة: شغّل make vendor ثم أعد التحميل",
    offline_layer: "دون اتصال (المحافظات)", osm_layer: "أوبن ستريت ماب (متصل)", governorates_layer: "المحافظات",
    areas_layer: "المناطق التقريبية", events_layer: "الأحداث", events_in: "أحداث",
  },
};
// The other modules' strings (panel.js, timeline.js, ...), each pushed as {en: {...}, ar: {...}} before this file.
for (const more of window.RASD_STRINGS || []) {
  for (const lang of Object.keys(STRINGS)) Object.assign(STRINGS[lang], more[lang] || {});
}
const TYPE_AR = {
  "Battles": "معارك", "Explosions/Remote violence": "انفجارات/عنف عن بعد", "Violence against civilians": "عنف ضد المدنيين",
  "Protests": "احتجاجات", "Riots": "أعمال شغب", "Strategic developments": "تطورات استراتيجية",
};

const query = new URLSearchParams(location.search);
const state = {
  meta: null, user: null, token: sessionStorage.getItem("rasd-token"), events: [], days: [], dayCounts: new Map(),
  counts: new Map(), current: null, timer: null, feed: {items: [], next: 0, total: 0}, since: null, fresh: new Set(),
  lang: query.get("lang") || localStorage.getItem("rasd-lang") || "en", actors: [], side: "list",
};
let map, cluster, areas, ring;

/* -- helpers --------------------------------------------------------------------------------------------- */

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function $(id) { return document.getElementById(id); }

function t(key, vars) {
  const text = (STRINGS[state.lang] || STRINGS.en)[key] || STRINGS.en[key] || key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (vars && name in vars ? String(vars[name]) : ""));
}

function typeName(type) { return state.lang === "ar" && TYPE_AR[type] ? TYPE_AR[type] : type; }

function say(message, isError) {
  const box = $("status");
  box.textContent = message || "";
  box.classList.toggle("error", Boolean(isError));
}

async function api(path, options) {
  const opts = options || {};
  const headers = {"Accept": "application/json"};
  if (state.token) headers["Authorization"] = "Bearer " + state.token;
  if (opts.body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(path, {
    method: opts.method || "GET", headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new Error(data && data.error ? data.error.message : "HTTP " + response.status);
    error.status = response.status;
    error.current = data && data.current;  // a review refused as stale (409) carries the event as it is now
    throw error;
  }
  return data;
}

function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch (_) {
    return null;
  }
}

function typeClass(eventType) { return TYPE_CLASS[eventType] || ["t-other", "?"]; }

function addDays(iso, n) { return new Date(Date.parse(iso) + n * DAY_MS).toISOString().slice(0, 10); }

function today() { return new Date().toISOString().slice(0, 10); }

/* "3 hours ago" for a moment in the last weeks, the date itself before. */
function ago(moment) {
  if (!moment) return "";
  const seconds = (Date.parse(moment) - Date.now()) / 1000;
  const words = new Intl.RelativeTimeFormat(state.lang, {numeric: "auto"});
  for (const [unit, size] of [["second", 1], ["minute", 60], ["hour", 3600], ["day", 86400]]) {
    const next = {second: 60, minute: 3600, hour: 86400, day: 86400 * 14}[unit];
    if (Math.abs(seconds) < next) return words.format(Math.round(seconds / size), unit);
  }
  return moment.slice(0, 10);
}

/* An event day as "today", "3 days ago" within a fortnight, else the date. */
function day(iso) {
  if (!iso) return t("undated");
  const days = Math.round((Date.parse(iso) - Date.parse(today())) / DAY_MS);
  if (days > 0 || days < -14) return iso;
  return new Intl.RelativeTimeFormat(state.lang, {numeric: "auto"}).format(days, "day");
}

/* -- language and theme ---------------------------------------------------------------------------------- */

function applyLanguage() {
  const root = document.documentElement;
  root.lang = state.lang;
  root.dir = state.lang === "ar" ? "rtl" : "ltr";
  for (const node of document.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll("[data-i18n-placeholder]")) {
    node.placeholder = t(node.dataset.i18nPlaceholder);
  }
  for (const node of document.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
  const other = state.lang === "ar" ? "en" : "ar";
  $("lang-button").textContent = other === "ar" ? "العربية" : "English";
  $("lang-button").lang = other;
  showTheme();
}

function setLanguage(lang) {
  state.lang = lang;
  localStorage.setItem("rasd-lang", lang);
  applyLanguage();
  if (state.meta) {
    fillTypeOptions();
    drawLegend();
    draw();
    drawFeed();
    if (state.current) renderPanel();
    showUser();
  }
  writeUrl();
  document.dispatchEvent(new Event("rasd:language"));
}

function dark() {
  const chosen = document.documentElement.dataset.theme;
  return chosen ? chosen === "dark" : window.matchMedia("(prefers-color-scheme: dark)").matches;
}

function showTheme() {
  $("theme-button").textContent = dark() ? t("theme_light") : t("theme_dark");
  $("theme-button").setAttribute("aria-pressed", String(dark()));
}

function setupTheme() {
  const saved = localStorage.getItem("rasd-theme");
  if (saved) document.documentElement.dataset.theme = saved;
  $("theme-button").addEventListener("click", () => {
    const next = dark() ? "light" : "dark";
    document.documentElement.dataset.theme = next;
    localStorage.setItem("rasd-theme", next);
    showTheme();
  });
  $("lang-button").addEventListener("click", () => setLanguage(state.lang === "ar" ? "en" : "ar"));
}

/* -- views on a phone ------------------------------------------------------------------------------------ */

function setView(view) {
  document.querySelector("main").dataset.view = view;
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.setAttribute("aria-pressed", String(tab.dataset.view === view));
  }
  if (view === "map" && map) setTimeout(() => map.invalidateSize(), 0);
}

function setupTabs() {
  for (const tab of document.querySelectorAll("#tabs button")) {
    tab.addEventListener("click", () => setView(tab.dataset.view));
  }
  if (["map", "list", "filters"].includes(query.get("view"))) setView(query.get("view"));
}

/* -- filters and the address ----------------------------------------------------------------------------- */

function filterParams() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($("filter-form")).entries()) {
    if (String(value).trim() !== "") params.append(key, String(value).trim());
  }
  return params;
}

function writeUrl() {
  const params = filterParams();
  if ($("sort").value !== "-event_date") params.set("sort", $("sort").value);
  if (state.current) params.set("event", state.current.event.event_id);
  if (map) {
    const c = map.getCenter();
    params.set("at", map.getZoom() + "/" + c.lat.toFixed(4) + "/" + c.lng.toFixed(4));
  }
  if (state.lang !== "en") params.set("lang", state.lang);
  if (state.side && state.side !== "list") params.set("side", state.side);
  const view = document.querySelector("main").dataset.view;
  if (view !== "map") params.set("view", view);
  history.replaceState(null, "", location.pathname + (String(params) ? "?" + params : ""));
}

function readUrl() {
  const form = $("filter-form");
  for (const name of FILTERS) {
    const value = query.get(name);
    if (value === null) continue;
    const field = form.elements[name];
    if (field.tagName === "SELECT" && !Array.from(field.options).some((o) => o.value === value)) {
      field.append(el("option", {value}, value));  // a district not loaded yet, or a value from an older page
    }
    field.value = value;
  }
  if (query.get("sort")) $("sort").value = query.get("sort");
}

function fillSelect(select, values, labels) {
  for (const value of values) select.append(el("option", {value}, labels ? labels(value) : value));
}

function fillTypeOptions() {
  const select = $("f-type");
  const chosen = select.value;
  select.replaceChildren(el("option", {value: ""}, t("any")));
  fillSelect(select, Object.keys(state.meta.event_types), typeName);
  select.value = chosen;
  fillSubTypes();
}

function fillSubTypes() {
  const select = $("f-sub");
  const chosen = select.value;
  const kind = $("f-type").value;
  select.replaceChildren(el("option", {value: ""}, t("any")));
  for (const [type, subs] of Object.entries(state.meta.event_types)) {
    if (kind && kind !== type) continue;
    select.append(el("optgroup", {label: typeName(type)}, subs.map((s) => el("option", {value: s}, s))));
  }
  if (Array.from(select.options).some((o) => o.value === chosen)) select.value = chosen;
}

/* The governorates with events, of the chosen country if one is. */
async function fillGovernorates() {
  const select = $("f-admin1");
  const params = new URLSearchParams({by: "admin1"});
  if ($("f-country").value) params.set("country", $("f-country").value);
  const rows = await api("/api/stats?" + params).then((r) => r.rows).catch(() => []);
  const chosen = select.value;
  select.replaceChildren(el("option", {value: ""}, t("any")));
  fillSelect(select, rows.filter((r) => r.key).map((r) => r.key));
  if (Array.from(select.options).some((o) => o.value === chosen)) select.value = chosen;
}

async function fillDistricts() {
  const select = $("f-admin2");
  const params = new URLSearchParams({by: "admin2"});
  if ($("f-country").value) params.set("country", $("f-country").value);
  if ($("f-admin1").value) params.set("admin1", $("f-admin1").value);
  const rows = await api("/api/stats?" + params).then((r) => r.rows).catch(() => []);
  const chosen = select.value;  // read after the wait: the analyst may have chosen meanwhile
  select.replaceChildren(el("option", {value: ""}, t("any")));
  fillSelect(select, rows.filter((r) => r.key).map((r) => r.key).sort());
  if (Array.from(select.options).some((o) => o.value === chosen)) select.value = chosen;
}

/* Why a filter cannot match, in words; null when it can. */
function filterProblem() {
  const from = $("filter-form").elements.date_from.value;
  const to = $("filter-form").elements.date_to.value;
  if (from && to && from > to) return t("bad_range", {from, to});
  return null;
}

async function suggestActors() {
  const q = $("f-actor").value.trim();
  if (q.length < 2) return;
  state.actors = await api("/api/actors?limit=12&q=" + encodeURIComponent(q)).catch(() => []);
  $("actor-list").replaceChildren(...state.actors.map((a) => el("option", {value: a.name},
    (a.name_ar ? a.name_ar + " · " : "") + a.count + " " + t("events_in"))));
}

/* The typed actor as the events name it: a suggestion in any case, or the only one that matches. */
async function resolveActor() {
  const input = $("f-actor");
  const typed = input.value.trim();
  if (!typed) return true;
  const found = await api("/api/actors?limit=12&q=" + encodeURIComponent(typed)).catch(() => []);
  const same = found.find((a) => a.name.toLowerCase() === typed.toLowerCase());
  if (same || found.length === 1) {
    input.value = (same || found[0]).name;
    return true;
  }
  $("filter-error").textContent = t("unknown_actor", {actor: typed});
  return false;
}

async function applyFilters() {
  $("filter-error").textContent = "";
  const problem = filterProblem();
  if (problem) {
    $("filter-error").textContent = problem;
    say(problem, true);
    return;
  }
  if (!(await resolveActor())) return;
  updateExports();
  writeUrl();
  await loadEvents();
}

function quickRange(days) {
  const form = $("filter-form");
  form.elements.date_to.value = today();
  form.elements.date_from.value = addDays(today(), -days);
  applyFilters();
}

function setupFilters() {
  fillTypeOptions();
  fillSelect($("f-state"), state.meta.review_states);
  $("f-type").addEventListener("change", fillSubTypes);
  $("f-country").addEventListener("change", async () => {
    $("f-admin1").value = "";
    $("f-admin2").value = "";
    await fillGovernorates();
    await fillDistricts();
  });
  $("f-admin1").addEventListener("change", () => { $("f-admin2").value = ""; fillDistricts(); });
  let typing = null;
  $("f-actor").addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(suggestActors, 200); });
  $("filter-form").addEventListener("submit", (e) => { e.preventDefault(); applyFilters(); });
  $("filter-form").addEventListener("reset", () => setTimeout(async () => {
    fillSubTypes();
    await fillGovernorates();
    await fillDistricts();
    applyFilters();
  }, 0));
  for (const button of document.querySelectorAll("#filter-form .quick button")) {
    button.addEventListener("click", () => quickRange(Number(button.dataset.days)));
  }
  $("share").addEventListener("click", () => {
    writeUrl();
    navigator.clipboard.writeText(location.href).then(() => say(t("link_copied")), () => say(location.href));
  });
  $("sort").addEventListener("change", () => { writeUrl(); loadFeed(true); });
  $("filter-form").addEventListener("change", updateExports);
}

function drawLegend() {
  const legend = $("legend");
  legend.replaceChildren();
  for (const [type, [cls, letter]] of Object.entries(TYPE_CLASS)) {
    legend.append(el("li", {}, el("span", {class: "ev " + cls}, letter), typeName(type)));
  }
  legend.append(
    el("li", {}, el("span", {class: "ev t-battles"}, "B"), t("legend_exact")),
    el("li", {}, el("span", {class: "ev t-battles approx"}, "B"), t("legend_approx")),
    el("li", {}, el("span", {class: "ev t-battles rejected"}, "B"), t("legend_rejected")),
    el("li", {}, el("span", {class: "ev t-battles selected"}, "B"), t("legend_selected")),
    el("li", {}, el("span", {class: "swatch-cluster"}, "12"), t("legend_cluster")));
}

function updateExports() {
  const box = $("exports");
  box.replaceChildren();
  for (const format of state.meta.export_formats) {
    const params = filterParams();
    params.set("format", format);
    box.append(el("a", {href: "/api/export?" + params, download: true, "data-format": format}, format));
  }
}

/* -- map ------------------------------------------------------------------------------------------------- */

function setupMap() {
  // The cluster layer needs a maximum zoom, which offline there is no tile layer to give.
  map = L.map("map", {minZoom: 5, maxZoom: 18});
  const at = (query.get("at") || "").split("/").map(Number);
  if (at.length === 3 && at.every(Number.isFinite)) map.setView([at[1], at[2]], at[0]);
  else map.setView([35.0, 38.5], 7);
  map.attributionControl.setPrefix("Leaflet");
  const offline = L.layerGroup().addTo(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "© OpenStreetMap contributors",
  });
  const governorates = L.geoJSON(null, {
    style: () => ({color: getComputedStyle(document.documentElement).getPropertyValue("--border").trim(), weight: 1.2,
      fillColor: getComputedStyle(document.documentElement).getPropertyValue("--land").trim(), fillOpacity: 0.85}),
    onEachFeature: (feature, layer) => {
      const p = feature.properties;
      layer.bindTooltip(() => {
        const n = state.counts.get(p.admin1) || 0;
        return el("span", {}, p.admin1 + " ", el("span", {lang: "ar", dir: "rtl"}, p.name_ar || ""),
          " — " + n + " " + t("events_in"));
      }, {sticky: true});
    },
  }).addTo(map);
  governorates.getAttribution = () => state.meta.basemap_attribution;
  fetch("/static/basemap/syria_adm1.geojson").then((r) => r.json()).then((data) => {
    governorates.addData(data);
    map.attributionControl.addAttribution(state.meta.basemap_attribution);
    governorates.bringToBack();
  }).catch(() => say(t("basemap_missing"), true));
  $("theme-button").addEventListener("click", () => governorates.setStyle(governorates.options.style));
  cluster = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false});
  areas = L.layerGroup();
  ring = L.layerGroup();
  map.addLayer(areas);
  map.addLayer(cluster);
  map.addLayer(ring);
  const layers = L.control.layers(
    {[t("offline_layer")]: offline, [t("osm_layer")]: osm},
    {[t("governorates_layer")]: governorates, [t("areas_layer")]: areas, [t("events_layer")]: cluster},
  ).addTo(map);
  setupMapLayers(map, layers, offline);  // map.js: neighbouring countries and the shaded governorates
  map.on("baselayerchange", (e) => {
    governorates.setStyle({fillOpacity: e.layer === osm ? 0.05 : 0.85});
  });
  map.on("moveend", writeUrl);
}

function icon(event, selected) {
  const [cls, letter] = typeClass(event.event_type);
  const approx = (event.geo_precision || 1) > 1;
  const node = el("div", {
    class: "ev " + cls + (approx ? " approx" : "") + (event.review_state === "rejected" ? " rejected" : "") +
      (selected ? " selected" : ""),
    title: (event.sub_event_type || event.event_type) + (approx ? " (approximate place)" : "") +
      (event.review_state === "rejected" ? " (rejected)" : ""),
    "data-event-id": event.event_id,
  }, letter);
  return L.divIcon({html: node, className: "ev-icon", iconSize: [22, 22], iconAnchor: [11, 11]});
}

function visibleEvents() {
  const size = Number($("window").value);
  if (!size || !state.days.length) return state.events;
  const last = state.days[Number($("day").value)];
  const first = addDays(last, -(size - 1));
  return state.events.filter((e) => e.event_date && e.event_date >= first && e.event_date <= last);
}

/* The open event is ringed above the clusters, so that it shows even where its icon is folded into one. */
function drawRing() {
  ring.clearLayers();
  const e = state.current && state.current.event;
  if (!e || e.latitude === null || e.longitude === null) return;
  ring.addLayer(L.circleMarker([e.latitude, e.longitude], {
    radius: 18, color: "#ffb300", weight: 4, fill: false, interactive: false, className: "selected-ring",
  }));
}

function draw() {
  const shown = visibleEvents();
  const markers = [];
  areas.clearLayers();
  for (const event of shown) {
    if (event.latitude === null || event.longitude === null) continue;
    const selected = state.current && state.current.event.event_id === event.event_id;
    const marker = L.marker([event.latitude, event.longitude], {icon: icon(event, selected), keyboard: true,
      title: (event.sub_event_type || event.event_type || "") + " · " + (event.event_date || "")});
    marker.on("click", () => openEvent(event.event_id));
    markers.push(marker);
    const radius = AREA_METRES[event.geo_precision];
    if (radius && event.review_state !== "rejected") {
      const [cls] = typeClass(event.event_type);
      const color = getComputedStyle(document.documentElement).getPropertyValue("--" + cls.slice(2)).trim();
      areas.addLayer(L.circle([event.latitude, event.longitude], {
        radius, color: color || "#555", weight: 1, dashArray: "4 4", fillOpacity: 0.04, interactive: false,
      }));
    }
  }
  cluster.clearLayers();
  cluster.addLayers(markers);
  drawRing();
  if (Number($("window").value)) drawList(shown.slice().reverse(), t("in_window", {n: shown.length}));
  else drawFeed();
  drawTimeline();
}

/* -- the list: newest first, a page at a time ------------------------------------------------------------ */

function listItem(e) {
  return el("li", {"data-event-id": e.event_id, class: e.review_state === "rejected" ? "rejected" : null},
    el("button", {type: "button", class: "open-event", onclick: () => openEvent(e.event_id)},
      el("span", {class: "when", title: e.event_date || ""}, day(e.event_date)), " · ",
      e.sub_event_type || typeName(e.event_type)),
    el("span", {class: "meta"}, [e.location || e.location_ar || t("no_place"),
      e.admin2 && e.admin2 !== e.location ? e.admin2 : null, e.admin1,
      e.fatalities ? e.fatalities + " ✝" : null, e.review_state, t("updated", {when: ago(e.updated_at)})]
      .filter(Boolean).join(" · ")));
}

function drawList(events, title) {
  $("list-title").textContent = title;
  $("event-list").replaceChildren(...events.slice(0, 300).map(listItem));
  if (!events.length) $("event-list").append(el("li", {class: "note"}, t("no_events")));
  $("more").hidden = true;
}

function drawFeed() {
  const {items, total, next} = state.feed;
  $("list-title").textContent = items.length < total ? t("n_events", {shown: items.length, total})
    : t("n_events_all", {total});
  $("event-list").replaceChildren(...items.map(listItem));
  if (!items.length) $("event-list").append(el("li", {class: "note"}, t("no_events")));
  $("more").hidden = next === null;
}

async function loadFeed(reset) {
  if (reset) state.feed = {items: [], next: 0, total: 0};
  if (state.feed.next === null) return;
  const params = filterParams();
  params.set("fields", "map");
  params.set("sort", $("sort").value);
  params.set("limit", String(FEED_PAGE));
  params.set("offset", String(state.feed.next));
  try {
    const page = await api("/api/events?" + params);
    state.feed = {items: state.feed.items.concat(page.events), next: page.next_offset, total: page.total};
  } catch (error) {
    say(error.message, true);
  }
  if (!Number($("window").value)) drawFeed();
}

async function loadEvents() {
  say(t("loading"));
  const params = filterParams();
  params.set("fields", "map");
  params.set("limit", String(PAGE));
  const events = [];
  let total = 0;
  try {
    let offset = 0;
    while (offset !== null && events.length < MAX_EVENTS) {
      params.set("offset", String(offset));
      const page = await api("/api/events?" + params);
      events.push(...page.events);
      offset = page.next_offset;
      total = page.total;
    }
    const [byDay, byAdmin] = await Promise.all([
      api("/api/stats?by=day&" + filterParams()), api("/api/stats?by=admin1&" + filterParams()),
      loadFeed(true),
    ]);
    state.counts = new Map(byAdmin.rows.map((r) => [r.key, r.count]));
    state.byAdmin1 = byAdmin.rows;
    setDays(byDay.rows.filter((r) => r.key));
    say(total > events.length ? t("showing_of", {shown: events.length, total}) : "");
  } catch (error) {
    say(error.message, true);
    if (error.status === 401) openLogin(error.message);
  }
  state.events = events;
  state.fresh.clear();
  showFresh();
  draw();
  document.dispatchEvent(new Event("rasd:events"));  // the charts and the queue follow the filters
}

/* -- new events without a reload ------------------------------------------------------------------------- */

async function poll() {
  if (!state.since) return;
  try {
    const found = await api("/api/changes?limit=1000&since=" + encodeURIComponent(state.since));
    for (const change of found.changes) {
      if (change.action === "created") state.fresh.add(change.event_id);
    }
    if (found.next_since) state.since = found.next_since;
  } catch (_) {
    return;  // a missed poll is caught up by the next one
  }
  showFresh();
}

function showFresh() {
  const n = state.fresh.size;
  $("new-notice").hidden = n === 0;
  $("new-notice").textContent = n === 1 ? t("one_new") : t("n_new", {n});
}

async function startPolling() {
  const latest = await api("/api/events?fields=map&limit=1&sort=-updated_at").catch(() => null);
  state.since = latest && latest.events.length ? latest.events[0].updated_at : "1970-01-01T00:00:00+00:00";
  $("new-notice").addEventListener("click", () => {
    $("sort").value = "-event_date";
    loadEvents();
  });
  setInterval(poll, POLL_MS);
}

/* -- login ----------------------------------------------------------------------------------------------- */

function showUser() {
  $("who").textContent = state.user ? state.user.name + " (" + state.user.role + ")" : "";
  $("login-button").hidden = Boolean(state.user);
  $("logout-button").hidden = !state.user;
  if (state.current) renderPanel();
  document.dispatchEvent(new Event("rasd:user"));
}

function openLogin(message) {
  $("login-error").textContent = message || "";
  if (!$("login").open) $("login").showModal();
}

function setupLogin() {
  $("login-button").addEventListener("click", () => openLogin());
  $("login-cancel").addEventListener("click", () => $("login").close());
  $("logout-button").addEventListener("click", () => {
    state.token = null;
    state.user = null;
    sessionStorage.removeItem("rasd-token");
    showUser();
  });
  $("login-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const before = state.token;
    state.token = $("token").value.trim();
    try {
      state.user = await api("/api/me");
    } catch (error) {
      state.token = before;
      $("login-error").textContent = error.message;
      return;
    }
    sessionStorage.setItem("rasd-token", state.token);
    $("token").value = "";
    $("login").close();
    showUser();
    if (!state.events.length) loadEvents();
  });
}

/* -- start ----------------------------------------------------------------------------------------------- */

async function start() {
  setupTheme();
  applyLanguage();
  setupTabs();
  if (typeof L === "undefined" || !L.markerClusterGroup) {
    say(t("libraries_missing"), true);
    return;
  }
  state.meta = await api("/api/meta");
  setupFilters();
  drawLegend();
  setupMap();
  setupTimeline();
  setupLogin();
  $("search").addEventListener("submit", (e) => { e.preventDefault(); search(); });
  $("more").addEventListener("click", () => loadFeed(false));
  if (state.token) {
    state.user = await api("/api/me").catch(() => null);
    if (!state.user) { state.token = null; sessionStorage.removeItem("rasd-token"); }
    showUser();
  }
  const countries = await api("/api/stats?by=country").catch(() => ({rows: []}));
  fillSelect($("f-country"), countries.rows.filter((r) => r.key).map((r) => r.key));
  readUrl();
  await fillGovernorates();
  await fillDistricts();
  readUrl();
  updateExports();
  const problem = filterProblem();
  if (problem) {
    $("filter-error").textContent = problem;
    say(problem, true);
    draw();
  } else {
    await loadEvents();
  }
  if (query.get("event")) await openEvent(query.get("event"), query.has("at"));
  startPolling();
  document.body.dataset.ready = "true";
  performance.mark("rasd:ready");  // what `rasd bench-page` times
  document.dispatchEvent(new Event("rasd:ready"));
}

async function search() {
  const q = $("search-q").value.trim();
  if (!q) return;
  try {
    const found = await api("/api/search?limit=50&q=" + encodeURIComponent(q));
    closePanel();
    $("more").hidden = true;
    $("list-title").textContent = t("articles_for", {n: found.hits.length, q});
    $("event-list").replaceChildren(...found.hits.map((h) => el("li", {},
      el("span", {class: "article-title", lang: "ar", dir: "rtl"}, h.title || h.article_id),
      el("span", {class: "meta"}, (h.published || t("undated")) + " · " + t("n_linked", {n: h.event_ids.length})),
      h.event_ids.map((id) => el("button", {type: "button", class: "link", onclick: () => openEvent(id)}, id + " ")))));
    setView("list");
  } catch (error) {
    say(error.message, true);
  }
}

start().catch((error) => say(String((error && error.message) || error), true));
