/* rasd map page: the event panel. The event's fields, each source's toll beside the event's, the evidence
 * (the sentences that hold it, without the page clutter the server leaves out), the sources newest first and
 * folded when there are many, what the map's marks mean, and the review trail.
 *
 * Loaded before app.js, whose helpers (el, t, api, state, ...) it calls only once the page has started.
 */
"use strict";

const SHOWN_PASSAGES = 3;  // passages shown before the rest are folded away
const OPEN_SOURCES = 3;    // a list of up to this many sources is open at first

(window.RASD_STRINGS = window.RASD_STRINGS || []).push({
  en: {
    sources_n: "Sources ({n})", more_passages: "{n} more passages", source_toll: "{n} killed",
    source_no_toll: "no toll given", marks_title: "What the map's marks mean", agree: "the sources agree",
    disagree: "the sources differ: {low}–{high}",
  },
  ar: {
    sources_n: "المصادر ({n})", more_passages: "{n} شواهد أخرى", source_toll: "{n} قتلى",
    source_no_toll: "لا عدد للقتلى", marks_title: "معنى علامات الخريطة", agree: "المصادر متفقة",
    disagree: "المصادر مختلفة: {low}–{high}",
  },
});

function passage(p, sources) {
  const box = el("blockquote", {class: "passage", dir: "rtl", lang: "ar"});
  if (p.cut_before) box.append("… ");
  let at = 0;
  for (const mark of p.marks) {
    if (mark.start > at) box.append(p.text.slice(at, mark.start));
    box.append(el("mark", {class: "r-" + mark.role, title: markName(mark.role)}, p.text.slice(mark.start, mark.end)));
    at = mark.end;
  }
  box.append(p.text.slice(at));
  if (p.cut_after) box.append(" …");
  const source = sources.find((s) => s.article_id === p.article_id);
  box.append(el("span", {class: "source-tag", dir: "ltr", lang: "en"},
    "— " + ((source && source.outlet) || p.article_id)));
  return box;
}

/* The first passages, then the others folded: a many-sourced event stays a readable panel. */
function passagesBox(list, sources) {
  if (!list.length) return el("p", {class: "note"}, t("no_evidence"));
  const box = el("div", {class: "passages"}, list.slice(0, SHOWN_PASSAGES).map((p) => passage(p, sources)));
  if (list.length > SHOWN_PASSAGES) {
    const rest = list.slice(SHOWN_PASSAGES);
    box.append(el("details", {class: "more-passages"}, el("summary", {}, t("more_passages", {n: rest.length})),
      rest.map((p) => passage(p, sources))));
  }
  return box;
}

function markName(role) {
  if (role === "trigger") return t("mark_trigger");
  if (role === "location") return t("mark_location");
  if (role === "actor1" || role === "actor2") return t("mark_actor");
  return t("mark_other");
}

function marksLegend() {
  return el("div", {class: "marks-legend"},
    el("mark", {class: "r-trigger"}, t("mark_trigger")), el("mark", {class: "r-location"}, t("mark_location")),
    el("mark", {class: "r-actor1"}, t("mark_actor")));
}

/* The map legend (types, approximate places, rejected, clusters) again in the panel, folded. */
function mapMarks() {
  const list = $("legend").cloneNode(true);
  list.removeAttribute("id");
  list.className = "legend";
  return el("details", {class: "panel-legend", id: "panel-legend"}, el("summary", {}, t("marks_title")), list);
}

function field(label, ...value) {
  return [el("dt", {}, label), el("dd", {}, ...value)];
}

function arabic(text) { return text ? el("span", {lang: "ar", dir: "rtl"}, text) : null; }

function tollOf(e, articleId) {
  const found = (e.fatalities_by_source || []).find((f) => f.article_id === articleId);
  return found ? found.fatalities : undefined;
}

// Each source's toll beside the event's (the lowest a source gives), when more than one source tells it.
function bySource(e, known) {
  const figures = e.fatalities_by_source || [];
  if (figures.length < 2) return null;
  const outlet = (id) => ((e.sources || []).find((s) => s.article_id === id) || {}).outlet || id;
  const list = figures.map((f) => outlet(f.article_id) + " " + known(f.fatalities)).join(", ");
  const tolls = figures.map((f) => f.fatalities).filter((n) => n !== null && n !== undefined);
  const low = Math.min(...tolls);
  const high = Math.max(...tolls);
  const agreement = !tolls.length ? "" : low === high ? t("agree") : t("disagree", {low, high});
  return el("span", {class: "by-source", id: "fatalities-by-source"},
    " (" + t("by_source", {list}) + (agreement ? "; " + agreement : "") + ")");
}

function sourceItem(e, source) {
  const item = el("li", {"data-article-id": source.article_id});
  const url = source.url ? safeUrl(source.url) : null;
  const label = (source.outlet || source.article_id) + (source.published ? ", " + source.published : "");
  item.append(url ? el("a", {href: url, target: "_blank", rel: "noopener noreferrer nofollow"}, label) : label);
  const toll = tollOf(e, source.article_id);
  if (toll !== undefined) {
    item.append(el("span", {class: "source-toll"}, " · " + (toll === null ? t("source_no_toll") : t("source_toll", {n: toll}))));
  }
  return item;
}

/* A source's title, fetched when its list is first opened. */
async function addTitle(item) {
  try {
    const article = await api("/api/articles/" + encodeURIComponent(item.dataset.articleId));
    if (article.title) item.append(el("div", {class: "article-title", lang: "ar", dir: "rtl"}, article.title));
  } catch (_) { /* the title is a courtesy: the source line stands without it */ }
}

/* The sources newest first, in a list folded when long; titles are asked for only when it opens. */
function sourcesBox(e) {
  const sources = (e.sources || []).slice().sort((a, b) => String(b.published || "").localeCompare(String(a.published || "")));
  const list = el("ul", {class: "sources"}, sources.map((s) => sourceItem(e, s)));
  const box = el("details", {class: "sources-box", id: "sources", open: sources.length <= OPEN_SOURCES},
    el("summary", {}, t("sources_n", {n: sources.length})), list);
  let titled = false;
  const titles = () => {
    if (titled || !box.open) return;
    titled = true;
    for (const item of list.children) addTitle(item);
  };
  box.addEventListener("toggle", titles);
  titles();
  return box;
}

async function openEvent(eventId, keepView) {
  try {
    state.current = await api("/api/events/" + encodeURIComponent(eventId));
  } catch (error) {
    say(error.message, true);
    return;
  }
  renderPanel();
  draw();
  writeUrl();
  const e = state.current.event;
  if (!keepView && e.latitude !== null && e.longitude !== null) {
    map.setView([e.latitude, e.longitude], Math.max(map.getZoom(), 9));
  }
}

function eventFields(e) {
  const precision = {1: t("exact"), 2: t("near"), 3: t("region")};
  const known = (value) => (value === null || value === undefined ? t("unknown") : String(value));
  return el("dl", {},
    field(t("type"), typeName(e.event_type) || t("unknown")),
    field(t("place"), e.location || t("unknown"), " ", arabic(e.location_ar),
      [e.admin2, e.admin1].filter(Boolean).map((x) => " · " + x).join("")),
    field(t("precision"), precision[e.geo_precision] || t("unknown")),
    field(t("actor1"), e.actor1 || t("unknown"), " ", arabic(e.actor1_ar)),
    field(t("actor2"), e.actor2 || t("none"), " ", arabic(e.actor2_ar)),
    field(t("fatalities"), known(e.fatalities), bySource(e, known)),
    field(t("confidence"), known(e.confidence)),
    field(t("event_id"), e.event_id));
}

function historyList(record) {
  return el("ol", {class: "history"}, record.history.map((c) => el("li", {},
    c.at.slice(0, 19).replace("T", " ") + " · " + c.who + " · " + c.action +
    (c.detail && c.detail.state ? " (" + c.detail.state + ")" : "") + changed(c.detail || {}),
    c.detail && c.detail.note ? el("q", {class: "comment", dir: "auto"}, c.detail.note) : null)));
}

function renderPanel() {
  const record = state.current;
  const e = record.event;
  const panel = $("panel");
  panel.replaceChildren(
    el("button", {type: "button", class: "link close", id: "close-panel", onclick: closePanel}, t("back")),
    el("h2", {}, (e.sub_event_type || typeName(e.event_type) || "Event") + " · " + (e.event_date || t("undated"))),
    el("span", {class: "badge " + record.review_state, id: "review-state"}, record.review_state),
    eventFields(e),
    el("h3", {}, t("note")),
    el("p", {class: "notes", lang: "en", dir: "ltr"}, e.notes || t("no_note")),
    el("h3", {}, t("evidence")),
    record.passages.length ? marksLegend() : null,
    passagesBox(record.passages, e.sources || []),
    sourcesBox(e),
    mapMarks(),
    reviewSection(record),
    el("h3", {}, t("history")),
    historyList(record),
  );
  $("list-view").hidden = true;
  panel.hidden = false;
  panel.scrollTop = 0;
}

/* What a review changed: each edited field's value before and after. */
function changed(detail) {
  const shown = (value) => (value === null || value === undefined || value === "" ? "—" : String(value));
  const edits = Object.entries(detail.edits || {});
  if (!edits.length) return "";
  const before = detail.before || {};
  return ": " + edits.map(([key, value]) => key + " " + (key in before ? shown(before[key]) + " → " : "→ ") + shown(value))
    .join("; ");
}

function closePanel() {
  state.current = null;
  $("panel").hidden = true;
  $("list-view").hidden = state.side !== "list";
  draw();
  writeUrl();
}
