/* Watches on the page: watch the area the map shows (with the filters' event type, actor and minimum
   fatalities); list your watches with their conditions, channels and Atom feed; change, remove them and see their
   last deliveries. Only the logged-in user's watches are ever shown (the API answers no other): the list is emptied
   on logout and reloaded for whoever logs in next. Uses app.js's `state` (token, user, language), `t` and `map`. */
/* global state, t, STRINGS, map */
"use strict";

(() => {
  Object.assign(STRINGS.en, {
    watch_title: "Watch this area", watch_hint: "Log in to be told of new events in the area the map shows.",
    watch_name: "Name", watch_email: "E-mail", watch_webhook: "Webhook URL", watch_digest: "E-mail is sent",
    digest_none: "at once", digest_hourly: "hourly digest", digest_daily: "daily digest",
    watch_add: "Watch the map's area", watch_save: "Save changes", watch_cancel: "Cancel",
    watch_reset_area: "Replace its area and conditions with the map's and the filters'",
    watch_editing: "Changing “{name}”", watch_mine: "My watches", watch_none: "You watch nothing yet.",
    watch_default_name: "My area", watch_feed: "Atom feed", watch_edit: "Change", watch_remove: "Remove",
    watch_deliveries: "Last deliveries", watch_no_deliveries: "Nothing delivered yet.",
    watch_area: "area {west}–{east} E, {south}–{north} N", watch_polygon: "a drawn area", watch_units: "in {list}",
    watch_types: "types: {list}", watch_actors: "actors: {list}", watch_min_fatalities: "at least {n} killed",
    watch_min_confidence: "confidence at least {n}", watch_anywhere: "anywhere",
    watch_tells: "tells: {list}", notify_new: "new events", notify_changes: "changes", notify_reviews: "reviews",
    watch_channels: "to: {list}", watch_feed_only: "the feed only", watch_secret: "webhook secret",
    watch_added: "Watching “{name}”.", watch_saved: "Saved “{name}”.", watch_removed: "Removed “{name}”.",
  });
  Object.assign(STRINGS.ar, {
    watch_title: "راقب هذه المنطقة", watch_hint: "سجّل الدخول لتُبلَّغ بالأحداث الجديدة في المنطقة التي تعرضها الخريطة.",
    watch_name: "الاسم", watch_email: "البريد الإلكتروني", watch_webhook: "رابط الويب هوك", watch_digest: "يُرسل البريد",
    digest_none: "فورًا", digest_hourly: "ملخص كل ساعة", digest_daily: "ملخص يومي",
    watch_add: "راقب منطقة الخريطة", watch_save: "حفظ التغييرات", watch_cancel: "إلغاء",
    watch_reset_area: "استبدل منطقتها وشروطها بمنطقة الخريطة والتصفية الحالية",
    watch_editing: "تعديل «{name}»", watch_mine: "مراقباتي", watch_none: "لا تراقب شيئًا بعد.",
    watch_default_name: "منطقتي", watch_feed: "موجز Atom", watch_edit: "تعديل", watch_remove: "حذف",
    watch_deliveries: "آخر الإرسالات", watch_no_deliveries: "لم يُرسل شيء بعد.",
    watch_area: "المنطقة {west}–{east} شرقًا، {south}–{north} شمالًا", watch_polygon: "منطقة مرسومة",
    watch_units: "في {list}", watch_types: "الأنواع: {list}", watch_actors: "الأطراف: {list}",
    watch_min_fatalities: "{n} قتلى على الأقل", watch_min_confidence: "ثقة لا تقل عن {n}", watch_anywhere: "في كل مكان",
    watch_tells: "تُبلغ عن: {list}", notify_new: "الأحداث الجديدة", notify_changes: "التغييرات", notify_reviews: "المراجعات",
    watch_channels: "إلى: {list}", watch_feed_only: "الموجز فقط", watch_secret: "سر الويب هوك",
    watch_added: "تُراقب الآن «{name}».", watch_saved: "حُفظت «{name}».", watch_removed: "حُذفت «{name}».",
  });

  const $ = (id) => document.getElementById(id);
  const section = $("watches");
  const form = $("watch-form");
  const list = $("watch-list");
  const error = $("watch-error");
  const note = $("watch-note");
  const filters = $("filter-form");
  // What PUT takes back of a listed watch (WatchIn): the rest (id, owner, secret, feed URL) is the server's.
  const KEPT = ["name", "bbox", "polygon", "admin_units", "actors", "event_types", "min_fatalities", "min_confidence",
    "notify", "webhook", "email", "digest"];
  let watches = [];
  let editing = null;  // the watch being changed, or null when the form adds one
  let shownFor = null;  // whose watches the list holds; a login as someone else empties it first
  let generation = 0;  // answers to requests made for an earlier login are dropped

  function make(tag, props, ...children) {
    const node = Object.assign(document.createElement(tag), props || {});
    node.append(...children.filter((c) => c !== null && c !== undefined));
    return node;
  }

  function translate() {
    for (const node of section.querySelectorAll("[data-i18n]")) node.textContent = t(node.dataset.i18n);
    $("watch-add").textContent = t(editing ? "watch_save" : "watch_add");
    $("watch-editing").textContent = editing ? t("watch_editing", {name: editing.name}) : "";
  }

  async function call(method, path, body) {
    const headers = {Authorization: `Bearer ${state.token}`};
    if (body) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {method, headers, body: body ? JSON.stringify(body) : undefined});
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new Error(problem && problem.error ? problem.error.message : `HTTP ${response.status}`);
    }
    return response.status === 204 ? null : response.json();
  }

  function conditionsText(w) {
    const parts = [];
    const deg = (x) => Number(x).toFixed(2);
    if (w.bbox) {
      const [west, south, east, north] = w.bbox.map(deg);
      parts.push(t("watch_area", {west, south, east, north}));
    }
    if (w.polygon) parts.push(t("watch_polygon"));
    if (w.admin_units.length) parts.push(t("watch_units", {list: w.admin_units.join(", ")}));
    if (!parts.length) parts.push(t("watch_anywhere"));
    if (w.event_types.length) parts.push(t("watch_types", {list: w.event_types.join(", ")}));
    if (w.actors.length) parts.push(t("watch_actors", {list: w.actors.join(", ")}));
    if (w.min_fatalities !== null) parts.push(t("watch_min_fatalities", {n: w.min_fatalities}));
    if (w.min_confidence !== null) parts.push(t("watch_min_confidence", {n: w.min_confidence}));
    parts.push(t("watch_tells", {list: w.notify.map((n) => t(`notify_${n}`)).join(", ")}));
    return parts.join(" · ");
  }

  function channelsText(w) {
    const to = [];
    if (w.email) to.push(`${w.email} (${t(`digest_${w.digest}`)})`);
    if (w.webhook) to.push(w.webhook);
    return t("watch_channels", {list: to.length ? to.join(", ") : t("watch_feed_only")});
  }

  async function deliveries(w, box) {
    try {
      const rows = await call("GET", `/api/watches/${encodeURIComponent(w.watch_id)}/deliveries?limit=5`);
      box.replaceChildren(rows.length
        ? make("ol", {className: "watch-deliveries"}, ...rows.map((d) => make("li", {dir: "ltr"},
          `${d.at.slice(0, 19).replace("T", " ")} · ${d.channel} · ${d.status} · ${d.detail}`)))
        : make("p", {className: "note", textContent: t("watch_no_deliveries")}));
    } catch (err) { box.replaceChildren(make("p", {className: "error", textContent: err.message})); }
  }

  function item(w) {
    const log = make("div");
    const shown = make("details", {className: "watch-log"}, make("summary", {textContent: t("watch_deliveries")}), log);
    shown.addEventListener("toggle", () => { if (shown.open) deliveries(w, log); });
    const secret = w.webhook ? make("details", {}, make("summary", {textContent: t("watch_secret")}),
      make("code", {dir: "ltr", textContent: w.secret})) : null;
    return make("li", {className: "watch"},
      make("strong", {className: "watch-name", dir: "auto", textContent: w.name}),
      make("div", {className: "note watch-conditions", textContent: conditionsText(w)}),
      make("div", {className: "note watch-channels", textContent: channelsText(w)}),
      make("div", {className: "row"},
        make("a", {className: "watch-feed", href: w.feed_url, type: "application/atom+xml", textContent: t("watch_feed")}),
        make("button", {type: "button", className: "watch-edit", textContent: t("watch_edit"), onclick: () => edit(w)}),
        make("button", {type: "button", className: "watch-remove", textContent: t("watch_remove"),
          onclick: () => remove(w)})),
      secret, shown);
  }

  function draw() {
    list.replaceChildren(...watches.map(item));
    $("watch-none").hidden = watches.length > 0 || !state.user;
  }

  async function show() {
    const logged = Boolean(state.user && state.token);
    const who = logged ? state.user.name : null;
    $("watch-hint").hidden = logged;
    for (const field of form.querySelectorAll("input, select, button")) field.disabled = !logged;
    if (who !== shownFor) {  // logged out, or someone else logged in: nothing of the last user stays
      generation += 1;
      watches = [];
      shownFor = who;
      stopEditing();
      note.textContent = "";
      error.textContent = "";
    }
    draw();
    if (!logged) return;
    const mine = generation;
    try {
      const found = await call("GET", "/api/watches");
      if (mine !== generation) return;
      watches = found.filter((w) => w.owner === who);
      draw();
    } catch (err) { if (mine === generation) error.textContent = err.message; }
  }

  function conditions() {
    const bounds = map.getBounds();
    const clamp = (v, most) => Math.max(-most, Math.min(most, v));
    const spec = {bbox: [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90), clamp(bounds.getEast(), 180),
                         clamp(bounds.getNorth(), 90)], polygon: null, admin_units: [], event_types: [], actors: [],
                  min_fatalities: null, min_confidence: null};
    const data = new FormData(filters);
    const type = data.get("sub_event_type") || data.get("event_type");
    if (type) spec.event_types = [type];
    if (data.get("actor")) spec.actors = [data.get("actor")];
    if (data.get("min_fatalities")) spec.min_fatalities = Number(data.get("min_fatalities"));
    if (data.get("min_confidence")) spec.min_confidence = Number(data.get("min_confidence"));
    return spec;
  }

  function edit(w) {
    editing = w;
    form.elements.name.value = w.name;
    form.elements.email.value = w.email || "";
    form.elements.webhook.value = w.webhook || "";
    form.elements.digest.value = w.digest;
    form.elements.reset_area.checked = false;
    $("watch-reset-area").hidden = false;
    $("watch-cancel").hidden = false;
    translate();
    form.elements.name.focus();
  }

  function stopEditing() {
    editing = null;
    form.reset();
    $("watch-reset-area").hidden = true;
    $("watch-cancel").hidden = true;
    translate();
  }

  async function remove(w) {
    error.textContent = "";
    try {
      await call("DELETE", `/api/watches/${encodeURIComponent(w.watch_id)}`);
      if (editing && editing.watch_id === w.watch_id) stopEditing();
      note.textContent = t("watch_removed", {name: w.name});
      await show();
    } catch (err) { error.textContent = err.message; }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    note.textContent = "";
    const data = new FormData(form);
    const channels = {name: String(data.get("name") || "").trim() || t("watch_default_name"),
                      email: data.get("email") || null, webhook: data.get("webhook") || null,
                      digest: data.get("digest") || "none"};
    try {
      if (editing) {
        const kept = Object.fromEntries(KEPT.map((k) => [k, editing[k]]));
        const body = {...kept, ...(data.get("reset_area") ? conditions() : {}), ...channels};
        await call("PUT", `/api/watches/${encodeURIComponent(editing.watch_id)}`, body);
        note.textContent = t("watch_saved", {name: body.name});
      } else {
        await call("POST", "/api/watches", {...conditions(), ...channels});
        note.textContent = t("watch_added", {name: channels.name});
      }
      stopEditing();
      await show();
    } catch (err) { error.textContent = err.message; }
  });
  $("watch-cancel").addEventListener("click", stopEditing);
  document.addEventListener("rasd:user", show);  // app.js: someone logged in or out
  // app.js sets <html lang> whenever the language is applied: say it all again in the new language.
  new MutationObserver(() => { note.textContent = ""; translate(); draw(); })
    .observe(document.documentElement, {attributes: true, attributeFilter: ["lang"]});
  translate();
  show();
})();
