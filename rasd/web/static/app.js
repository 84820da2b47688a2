/* rasd map page: filters, map, timeline, event panel and review, over the JSON API under /api.
 *
 * Article texts, titles and every other stored string are untrusted: they enter the page only as text nodes
 * (el() and textContent), never as markup, and links are made only from http(s) URLs.
 */
"use strict";

const MAX_EVENTS = 5000;  // events drawn at once; narrow the filters for more
const PAGE = 1000;
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

const state = {
  meta: null, user: null, token: sessionStorage.getItem("rasd-token"), events: [], days: [], counts: new Map(),
  current: null, timer: null,
};
let map, cluster, areas;

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

/* -- filters --------------------------------------------------------------------------------------------- */

function filterParams() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData($("filter-form")).entries()) {
    if (String(value).trim() !== "") params.append(key, String(value).trim());
  }
  return params;
}

function fillSelect(select, values, labels) {
  for (const value of values) select.append(el("option", {value}, labels ? labels(value) : value));
}

function fillSubTypes() {
  const select = $("f-sub");
  const kind = $("f-type").value;
  select.replaceChildren(el("option", {value: ""}, "any"));
  const types = state.meta.event_types;
  for (const [type, subs] of Object.entries(types)) {
    if (kind && kind !== type) continue;
    select.append(el("optgroup", {label: type}, subs.map((s) => el("option", {value: s}, s))));
  }
}

function setupFilters() {
  fillSelect($("f-type"), Object.keys(state.meta.event_types));
  fillSubTypes();
  fillSelect($("f-state"), state.meta.review_states);
  $("f-type").addEventListener("change", fillSubTypes);
  $("filter-form").addEventListener("submit", (e) => { e.preventDefault(); loadEvents(); });
  $("filter-form").addEventListener("reset", () => setTimeout(() => { fillSubTypes(); loadEvents(); }, 0));
  for (const [type, [cls, letter]] of Object.entries(TYPE_CLASS)) {
    $("legend").append(el("li", {}, el("span", {class: "ev " + cls}, letter), type));
  }
  updateExports();
  $("filter-form").addEventListener("change", updateExports);
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
  map = L.map("map", {minZoom: 5, maxZoom: 18}).setView([35.0, 38.5], 7);
  map.attributionControl.setPrefix("Leaflet");
  const offline = L.layerGroup().addTo(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "© OpenStreetMap contributors",
  });
  const governorates = L.geoJSON(null, {
    style: {color: "#4a6274", weight: 1.2, fillColor: "#fbfaf5", fillOpacity: 0.85},
    onEachFeature: (feature, layer) => {
      const p = feature.properties;
      layer.bindTooltip(() => {
        const n = state.counts.get(p.admin1) || 0;
        return el("span", {}, p.admin1 + " ", el("span", {lang: "ar", dir: "rtl"}, p.name_ar || ""),
          " — " + n + " events");
      }, {sticky: true});
    },
  }).addTo(map);
  governorates.getAttribution = () => state.meta.basemap_attribution;
  fetch("/static/basemap/syria_adm1.geojson").then((r) => r.json()).then((data) => {
    governorates.addData(data);
    map.attributionControl.addAttribution(state.meta.basemap_attribution);
    governorates.bringToBack();
  }).catch(() => say("the offline basemap could not be loaded", true));
  cluster = L.markerClusterGroup({maxClusterRadius: 40, showCoverageOnHover: false});
  areas = L.layerGroup();
  map.addLayer(areas);
  map.addLayer(cluster);
  L.control.layers(
    {"Offline (governorates)": offline, "OpenStreetMap (online)": osm},
    {"Governorates": governorates, "Approximate areas": areas, "Events": cluster},
  ).addTo(map);
  map.on("baselayerchange", (e) => {
    governorates.setStyle({fillOpacity: e.layer === osm ? 0.05 : 0.85});
  });
}

function icon(event, selected) {
  const [cls, letter] = typeClass(event.event_type);
  const approx = (event.geo_precision || 1) > 1;
  const node = el("div", {
    class: "ev " + cls + (approx ? " approx" : "") + (selected ? " selected" : ""),
    title: (event.sub_event_type || event.event_type) + (approx ? " (approximate place)" : ""),
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

function draw() {
  const shown = visibleEvents();
  const markers = [];
  areas.clearLayers();
  for (const event of shown) {
    if (event.latitude === null || event.longitude === null) continue;
    const selected = state.current && state.current.event.event_id === event.event_id;
    const marker = L.marker([event.latitude, event.longitude], {icon: icon(event, selected), keyboard: true});
    marker.on("click", () => openEvent(event.event_id));
    markers.push(marker);
    const radius = AREA_METRES[event.geo_precision];
    if (radius) {
      const [cls] = typeClass(event.event_type);
      const color = getComputedStyle(document.documentElement).getPropertyValue("--" + cls.slice(2)).trim();
      areas.addLayer(L.circle([event.latitude, event.longitude], {
        radius, color: color || "#555", weight: 1, dashArray: "4 4", fillOpacity: 0.08, interactive: false,
      }));
    }
  }
  cluster.clearLayers();
  cluster.addLayers(markers);
  drawList(shown);
  drawTimeline();
}

function drawList(shown) {
  const list = $("event-list");
  const unplaced = shown.filter((e) => e.latitude === null).length;
  $("list-title").textContent = shown.length + " events" + (unplaced ? " (" + unplaced + " without a place)" : "");
  list.replaceChildren(...shown.slice(0, 300).map((e) => el("li", {"data-event-id": e.event_id},
    el("button", {type: "button", class: "open-event", onclick: () => openEvent(e.event_id)},
      (e.event_date || "undated") + " · " + (e.sub_event_type || e.event_type)),
    el("span", {class: "meta"}, [e.location || e.location_ar || "no place", e.admin1, e.review_state]
      .filter(Boolean).join(" · ")))));
}

async function loadEvents() {
  say("Loading events…");
  const params = filterParams();
  params.set("fields", "map");
  params.set("limit", String(PAGE));
  const events = [];
  try {
    let offset = 0;
    while (offset !== null && events.length < MAX_EVENTS) {
      params.set("offset", String(offset));
      const page = await api("/api/events?" + params);
      events.push(...page.events);
      offset = page.next_offset;
    }
    const [byDay, byAdmin] = await Promise.all([
      api("/api/stats?by=day&" + filterParams()), api("/api/stats?by=admin1&" + filterParams()),
    ]);
    state.counts = new Map(byAdmin.rows.map((r) => [r.key, r.count]));
    setDays(byDay.rows.filter((r) => r.key));
    const total = byAdmin.rows.reduce((n, r) => n + r.count, 0);
    say(total > events.length ? "showing " + events.length + " of " + total + " events; narrow the filters" : "");
  } catch (error) {
    say(error.message, true);
    if (error.status === 401) openLogin(error.message);
  }
  state.events = events;
  draw();
}

/* -- timeline -------------------------------------------------------------------------------------------- */

function setDays(rows) {
  state.dayCounts = new Map(rows.map((r) => [r.key, r.count]));
  state.days = [];
  if (rows.length) {
    for (let d = rows[0].key; d <= rows[rows.length - 1].key && state.days.length < 20000; d = addDays(d, 1)) {
      state.days.push(d);
    }
  }
  const slider = $("day");
  slider.max = String(Math.max(0, state.days.length - 1));
  slider.value = slider.max;
}

function drawTimeline() {
  const index = Number($("day").value);
  const size = Number($("window").value);
  $("day-label").textContent = state.days.length ? (size ? state.days[index] : "all days") : "no dates";
  const bins = 60;
  const histogram = $("histogram");
  histogram.replaceChildren();
  if (!state.days.length) return;
  const per = Math.ceil(state.days.length / bins);
  const sums = [];
  for (let i = 0; i < state.days.length; i += per) {
    sums.push(state.days.slice(i, i + per).reduce((n, d) => n + (state.dayCounts.get(d) || 0), 0));
  }
  const top = Math.max(1, ...sums);
  sums.forEach((n, i) => {
    const bar = el("span", {title: state.days[i * per] + ": " + n});
    bar.style.height = Math.round((n / top) * 100) + "%";
    if (size && index >= i * per && index < (i + 1) * per) bar.classList.add("on");
    histogram.append(bar);
  });
}

function setupTimeline() {
  $("day").addEventListener("input", () => {
    if ($("window").value === "0") $("window").value = "1";
    draw();
  });
  $("window").addEventListener("change", draw);
  $("play").addEventListener("click", () => {
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
    }, 700);
    draw();
  });
}

function stopPlaying() {
  clearInterval(state.timer);
  state.timer = null;
  $("play").textContent = "▶";
}

/* -- the event panel ------------------------------------------------------------------------------------- */

function passage(p, sources) {
  const box = el("blockquote", {class: "passage", dir: "rtl", lang: "ar"});
  let at = 0;
  for (const mark of p.marks) {
    if (mark.start > at) box.append(p.text.slice(at, mark.start));
    box.append(el("mark", {class: "r-" + mark.role, title: mark.role}, p.text.slice(mark.start, mark.end)));
    at = mark.end;
  }
  box.append(p.text.slice(at));
  const source = sources.find((s) => s.article_id === p.article_id);
  box.append(el("span", {class: "source-tag", dir: "ltr", lang: "en"},
    "— " + ((source && source.outlet) || p.article_id)));
  return box;
}

function field(label, ...value) {
  return [el("dt", {}, label), el("dd", {}, ...value)];
}

function arabic(text) { return text ? el("span", {lang: "ar", dir: "rtl"}, text) : null; }

async function sourceItem(source) {
  const item = el("li", {});
  const url = source.url ? safeUrl(source.url) : null;
  const label = (source.outlet || source.article_id) + (source.published ? ", " + source.published : "");
  item.append(url ? el("a", {href: url, target: "_blank", rel: "noopener noreferrer nofollow"}, label) : label);
  try {
    const article = await api("/api/articles/" + encodeURIComponent(source.article_id));
    if (article.title) item.append(el("div", {class: "article-title", lang: "ar", dir: "rtl"}, article.title));
  } catch (_) { /* the title is a courtesy: the source line stands without it */ }
  return item;
}

async function openEvent(eventId) {
  try {
    state.current = await api("/api/events/" + encodeURIComponent(eventId));
  } catch (error) {
    say(error.message, true);
    return;
  }
  renderPanel();
  draw();
  const e = state.current.event;
  if (e.latitude !== null && e.longitude !== null) map.setView([e.latitude, e.longitude], Math.max(map.getZoom(), 9));
}

function renderPanel() {
  const record = state.current;
  const e = record.event;
  const panel = $("panel");
  const sources = el("ul", {class: "sources"});
  const precision = {1: "exact place", 2: "approximate (near the place)", 3: "approximate (region)"};
  panel.replaceChildren(
    el("button", {type: "button", class: "link", onclick: closePanel}, "← all events"),
    el("h2", {}, (e.sub_event_type || e.event_type || "Event") + " · " + (e.event_date || "undated")),
    el("span", {class: "badge " + record.review_state, id: "review-state"}, record.review_state),
    el("dl", {},
      field("Type", e.event_type || "unknown"),
      field("Place", e.location || "unknown", " ", arabic(e.location_ar), e.admin1 ? " · " + e.admin1 : ""),
      field("Precision", precision[e.geo_precision] || "unknown"),
      field("Actor 1", e.actor1 || "unknown", " ", arabic(e.actor1_ar)),
      field("Actor 2", e.actor2 || "none", " ", arabic(e.actor2_ar)),
      field("Fatalities", e.fatalities === null || e.fatalities === undefined ? "unknown" : String(e.fatalities)),
      field("Confidence", e.confidence === null || e.confidence === undefined ? "unknown" : String(e.confidence)),
      field("Event id", e.event_id)),
    el("h3", {}, "Note"),
    el("p", {class: "notes", lang: "en", dir: "ltr"}, e.notes || "no note"),
    el("h3", {}, "Evidence"),
    el("div", {class: "passages"}, record.passages.length ? record.passages.map((p) => passage(p, e.sources || []))
      : el("p", {class: "note"}, "no evidence stored")),
    el("h3", {}, "Sources"),
    sources,
    reviewSection(record),
    el("h3", {}, "History"),
    el("ol", {class: "history"}, record.history.map((c) => el("li", {},
      c.at.slice(0, 19).replace("T", " ") + " · " + c.who + " · " + c.action +
      (c.detail && c.detail.state ? " (" + c.detail.state + ")" : "")))),
  );
  for (const source of e.sources || []) sourceItem(source).then((item) => sources.append(item));
  $("list-view").hidden = true;
  panel.hidden = false;
}

function closePanel() {
  state.current = null;
  $("panel").hidden = true;
  $("list-view").hidden = false;
  draw();
}

/* -- review ---------------------------------------------------------------------------------------------- */

function may(action) { return Boolean(state.user && state.user.allowed.includes(action)); }

async function act(path, body) {
  try {
    const result = await api(path, {method: "POST", body});
    say("saved");
    return result;
  } catch (error) {
    say(error.message, true);
    return null;
  }
}

async function afterAction(result) {
  if (!result) return;
  state.current = result;
  renderPanel();
  await loadEvents();
}

function reviewSection(record) {
  if (!state.user) {
    return el("p", {class: "review note"}, "Log in as a reviewer to confirm, edit, reject, split or merge.");
  }
  if (!may("review")) return el("p", {class: "review note"}, "Your role may not review.");
  const e = record.event;
  const id = encodeURIComponent(e.event_id);
  const review = (state_, edits) => act("/api/events/" + id + "/review", edits ? {state: state_, edits} : {state: state_})
    .then(afterAction);
  return el("section", {class: "review"},
    el("h3", {}, "Review"),
    el("div", {class: "row"},
      el("button", {type: "button", id: "confirm", onclick: () => review("confirmed")}, "Confirm"),
      el("button", {type: "button", id: "reject", onclick: () => review("rejected")}, "Reject"),
      may("delete") ? el("button", {type: "button", id: "delete", onclick: async () => {
        if (!confirm("Delete this event? It stays as a tombstone for sync.")) return;
        try {
          await api("/api/events/" + id, {method: "DELETE"});
        } catch (error) {
          return say(error.message, true);
        }
        closePanel();
        loadEvents();
      }}, "Delete") : null),
    editForm(e, (edits) => review("edited", edits)),
    splitForm(record),
    mergeForm(record));
}

function editForm(e, save) {
  const sub = el("select", {name: "sub_event_type"});
  for (const [type, subs] of Object.entries(state.meta.event_types)) {
    sub.append(el("optgroup", {label: type}, subs.map((s) => el("option", {value: s, selected: s === e.sub_event_type}, s))));
  }
  const inputs = {
    sub_event_type: sub,
    event_date: el("input", {type: "date", name: "event_date", value: e.event_date || ""}),
    actor1: el("input", {type: "text", name: "actor1", maxlength: 300, value: e.actor1 || ""}),
    actor2: el("input", {type: "text", name: "actor2", maxlength: 300, value: e.actor2 || ""}),
    fatalities: el("input", {type: "number", name: "fatalities", min: 0, value: e.fatalities ?? ""}),
  };
  const chosen = el("span", {class: "note"}, "");
  let placeId = null;
  const results = el("ul", {class: "places"});
  const place = el("input", {type: "search", name: "place", lang: "ar", dir: "auto", maxlength: 100,
    placeholder: "find a place (Arabic or English)"});
  place.addEventListener("input", async () => {
    const q = place.value.trim();
    if (q.length < 2) return results.replaceChildren();
    const found = await api("/api/places?limit=8&q=" + encodeURIComponent(q)).catch(() => []);
    results.replaceChildren(...found.map((p) => el("li", {}, el("button", {type: "button", class: "link",
      onclick: () => { placeId = p.id; chosen.textContent = "→ " + p.name + " (" + (p.admin1 || "") + ")"; results.replaceChildren(); },
    }, p.name + " · " + p.name_ar + " · " + (p.admin1 || "") + " · " + p.kind))));
  });
  const form = el("form", {class: "edit"},
    el("fieldset", {},
      el("legend", {}, "Edit"),
      el("label", {}, "Sub-event type", inputs.sub_event_type),
      el("label", {}, "Date", inputs.event_date),
      el("label", {}, "Actor 1", inputs.actor1),
      el("label", {}, "Actor 2", inputs.actor2),
      el("label", {}, "Place", place), chosen, results,
      el("label", {}, "Fatalities", inputs.fatalities),
      el("button", {type: "submit"}, "Save edits")));
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const edits = {};
    if (inputs.sub_event_type.value !== (e.sub_event_type || "")) edits.sub_event_type = inputs.sub_event_type.value;
    if (inputs.event_date.value && inputs.event_date.value !== e.event_date) edits.event_date = inputs.event_date.value;
    for (const key of ["actor1", "actor2"]) {
      const value = inputs[key].value.trim();
      if (value !== (e[key] || "")) edits[key] = value || null;
    }
    const dead = inputs.fatalities.value;
    if (dead !== "" && Number(dead) !== e.fatalities) edits.fatalities = Number(dead);
    if (placeId) edits.place_id = placeId;
    if (!Object.keys(edits).length) return say("nothing changed", true);
    save(edits);
  });
  return form;
}

function splitForm(record) {
  if (record.reports.length < 2) return null;
  const boxes = record.reports.map((r) => el("input", {type: "checkbox", value: r.report_id}));
  return el("fieldset", {},
    el("legend", {}, "Split"),
    record.reports.map((r, i) => el("label", {}, boxes[i], " " + r.article_id + " · " +
      (r.event.event_date || "undated") + " · " + (r.event.location || r.event.location_ar || "no place"))),
    el("button", {type: "button", onclick: async () => {
      const ids = boxes.filter((b) => b.checked).map((b) => b.value);
      if (!ids.length) return say("choose the reports to move out", true);
      afterAction(await act("/api/events/" + encodeURIComponent(record.event.event_id) + "/split", {report_ids: ids}));
    }}, "Move the chosen reports to a new event"));
}

function mergeForm(record) {
  const e = record.event;
  const other = el("input", {type: "text", maxlength: 100, placeholder: "event id"});
  const near = state.events.filter((x) => x.event_id !== e.event_id && e.event_date && x.event_date &&
    Math.abs(Date.parse(x.event_date) - Date.parse(e.event_date)) <= DAY_MS).slice(0, 8);
  return el("fieldset", {},
    el("legend", {}, "Merge another event into this one"),
    near.length ? el("ul", {class: "places"}, near.map((x) => el("li", {}, el("button", {type: "button", class: "link",
      onclick: () => { other.value = x.event_id; }}, x.event_date + " · " + (x.sub_event_type || x.event_type) + " · " +
      (x.location || x.location_ar || "no place"))))) : null,
    other,
    el("button", {type: "button", onclick: async () => {
      if (!other.value.trim()) return say("give the id of the event to merge", true);
      afterAction(await act("/api/events/" + encodeURIComponent(e.event_id) + "/merge", {other: other.value.trim()}));
    }}, "Merge"));
}

/* -- login ----------------------------------------------------------------------------------------------- */

function showUser() {
  $("who").textContent = state.user ? state.user.name + " (" + state.user.role + ")" : "";
  $("login-button").hidden = Boolean(state.user);
  $("logout-button").hidden = !state.user;
  if (state.current) renderPanel();
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
  if (typeof L === "undefined" || !L.markerClusterGroup) {
    say("the map libraries are missing: run `make vendor` (or `make demo`) and reload", true);
    return;
  }
  state.meta = await api("/api/meta");
  setupFilters();
  setupMap();
  setupTimeline();
  setupLogin();
  $("search").addEventListener("submit", (e) => { e.preventDefault(); search(); });
  if (state.token) {
    state.user = await api("/api/me").catch(() => null);
    if (!state.user) { state.token = null; sessionStorage.removeItem("rasd-token"); }
    showUser();
  }
  const admins = await api("/api/stats?by=admin1").catch(() => ({rows: []}));
  fillSelect($("f-admin1"), admins.rows.filter((r) => r.key).map((r) => r.key));
  await loadEvents();
  document.body.dataset.ready = "true";
}

async function search() {
  const q = $("search-q").value.trim();
  if (!q) return;
  try {
    const found = await api("/api/search?limit=50&q=" + encodeURIComponent(q));
    closePanel();
    $("list-title").textContent = found.hits.length + " articles for «" + q + "»";
    $("event-list").replaceChildren(...found.hits.map((h) => el("li", {},
      el("span", {class: "article-title", lang: "ar", dir: "rtl"}, h.title || h.article_id),
      el("span", {class: "meta"}, (h.published || "undated") + " · " + h.event_ids.length + " events"),
      h.event_ids.map((id) => el("button", {type: "button", class: "link", onclick: () => openEvent(id)}, id + " ")))));
  } catch (error) {
    say(error.message, true);
  }
}

start().catch((error) => say(String((error && error.message) || error), true));
