/* rasd map page: the review queue and its keyboard shortcuts.
 *
 * The queue holds the events matching the filters that are still to review (every review state but confirmed,
 * edited and rejected), least confident first. j and k open the next and previous, c and r confirm or reject the
 * open event and open the next, e edits it, u goes back to the queue and ? shows the shortcuts. A review carries the
 * version it was based on; if another reviewer changed the event meanwhile, the page shows the event as it is now.
 * Loaded after app.js and charts.js, whose helpers (el, t, api, act, openEvent, showSide) it uses.
 */
"use strict";

Object.assign(STRINGS.en, {
  side_queue: "Review queue", queue_title: "Review queue", shortcuts: "Keyboard shortcuts (?)",
  queue_count: "{n} to review, least confident first", queue_position: "{i} of {n} to review",
  queue_empty: "Nothing to review with these filters.", queue_login: "Log in as a reviewer to review from the queue.",
  help_next: "next event in the queue", help_prev: "previous event in the queue",
  help_confirm: "confirm the open event, then open the next", help_reject: "reject the open event, then open the next",
  help_edit: "edit the open event", help_back: "back to the queue", help_help: "this help", close: "Close",
  no_open_event: "Open an event first (j opens the first in the queue).",
});
Object.assign(STRINGS.ar, {
  side_queue: "قائمة المراجعة", queue_title: "قائمة المراجعة", shortcuts: "اختصارات لوحة المفاتيح (?)",
  queue_count: "{n} للمراجعة، الأقل ثقة أولًا", queue_position: "{i} من {n} للمراجعة",
  queue_empty: "لا شيء للمراجعة بهذه التصفية.", queue_login: "ادخل بصفتك مراجعًا لتراجع من القائمة.",
  help_next: "الحدث التالي في القائمة", help_prev: "الحدث السابق في القائمة",
  help_confirm: "أكّد الحدث المفتوح ثم افتح التالي", help_reject: "ارفض الحدث المفتوح ثم افتح التالي",
  help_edit: "عدّل الحدث المفتوح", help_back: "عد إلى القائمة", help_help: "هذه المساعدة", close: "إغلاق",
  no_open_event: "افتح حدثًا أولًا (j يفتح أول حدث في القائمة).",
});

const QUEUE_SIZE = 200;  // events the queue lists at once; reviewing them brings the next ones in
const FINAL = ["confirmed", "edited", "rejected"];
const queue = {items: [], total: 0, index: -1, loading: null, keys: Promise.resolve()};

function queueParams() {
  const params = filterParams();
  params.delete("review_state");
  for (const name of state.meta.review_states) if (!FINAL.includes(name)) params.append("review_state", name);
  params.set("sort", "confidence");
  params.set("fields", "map");
  params.set("limit", String(QUEUE_SIZE));
  return params;
}

function queueItem(e, i) {
  return el("li", {"data-event-id": e.event_id, class: i === queue.index ? "current" : null,
    "aria-current": i === queue.index ? "true" : null},
    el("button", {type: "button", onclick: () => openQueued(i)},
      day(e.event_date) + " · " + (e.sub_event_type || typeName(e.event_type) || t("unknown"))),
    el("span", {class: "meta"}, [e.location || e.location_ar || t("no_place"), e.admin1,
      t("confidence") + " " + (e.confidence ?? t("unknown")), e.review_state].filter(Boolean).join(" · ")));
}

function drawQueue() {
  const {items, total} = queue;
  $("queue-list").replaceChildren(...items.map(queueItem));
  let note = items.length ? t("queue_count", {n: total}) : t("queue_empty");
  const open = state.current ? items.findIndex((e) => e.event_id === state.current.event.event_id) : -1;
  if (open >= 0) note = t("queue_position", {i: open + 1, n: total});
  if (!state.user) note += " " + t("queue_login");
  $("queue-note").textContent = note;
}

async function loadQueue() {
  if (!state.meta || state.side !== "queue") return;
  queue.loading = api("/api/events?" + queueParams()).then((page) => {
    queue.items = page.events;
    queue.total = page.total;
  }).catch((error) => say(error.message, true));
  await queue.loading;
  drawQueue();
}

async function openQueued(i) {
  if (!queue.items.length) return;
  queue.index = Math.max(0, Math.min(i, queue.items.length - 1));
  await openEvent(queue.items[queue.index].event_id);
  drawQueue();
}

/* The next (by 1) or previous (by -1) event of the queue; with none open, the one the queue points at. The queue
 * is read again first: a review just saved (from the panel's buttons too) takes its event out of it. */
async function step(by) {
  if (state.side !== "queue") showSide("queue");
  await loadQueue();
  const open = state.current ? queue.items.findIndex((e) => e.event_id === state.current.event.event_id) : -1;
  if (open >= 0) return openQueued(open + by);
  return openQueued(Math.max(queue.index, 0));
}

async function decide(reviewState) {
  if (!state.current) return say(t("no_open_event"), true);
  if (!may("review")) return say(t("queue_login"), true);
  const record = state.current;
  const result = await act("/api/events/" + encodeURIComponent(record.event.event_id) + "/review",
    {state: reviewState, version: record.version, note: reviewNote()});
  if (!result) return loadQueue();  // refused: act says why, and shows a stale event as it is now
  state.current = result;
  await loadEvents();  // the map and list show the new state, and the queue reloads without the event
  await queue.loading;
  if (state.side === "queue" && queue.items.length) await openQueued(queue.index);
  else if (state.side === "queue") closePanel();
}

function edit() {
  const field = document.querySelector("#panel form.edit select, #panel form.edit input");
  if (!field) return say(state.current ? t("queue_login") : t("no_open_event"), true);
  field.focus();
}

function showHelp() {
  if (!$("help").open) $("help").showModal();
}

const SHORTCUTS = {
  j: () => step(1), k: () => step(-1), c: () => decide("confirmed"), r: () => decide("rejected"), e: edit,
  u: () => { if (state.current) closePanel(); drawQueue(); }, "?": showHelp,
};

function onKey(ev) {
  if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat) return;
  if (ev.target instanceof Element && ev.target.closest("input, textarea, select, [contenteditable]")) return;
  if (document.querySelector("dialog[open]")) return;  // a dialog takes the keys (Escape closes it)
  const action = SHORTCUTS[ev.key];
  if (!action) return;
  ev.preventDefault();
  // One at a time: a key pressed while a review is saved acts on the event opened after it.
  queue.keys = queue.keys.then(action).catch((error) => say(String((error && error.message) || error), true));
}

function setupQueue() {
  applyLanguage();  // the strings above came after app.js first translated the page
  document.addEventListener("keydown", onKey);
  $("help-button").addEventListener("click", showHelp);
  document.addEventListener("rasd:user", () => { if (state.side === "queue") drawQueue(); });
  document.addEventListener("rasd:side", (ev) => { if (ev.detail === "queue") loadQueue(); });
  document.addEventListener("rasd:events", () => { if (state.side === "queue") loadQueue(); });
}

setupQueue();
