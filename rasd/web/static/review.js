/* rasd map page: reviewing the open event. Confirm, reject or edit it (with a comment kept in its history), split
 * reports out of it or merge a nearby event into it; a change based on a version someone has changed since is
 * refused (409) and the panel shows the event as it is now.
 *
 * Loaded before app.js, whose helpers (el, t, api, state, ...) it calls only once the page has started.
 */
"use strict";

(window.RASD_STRINGS = window.RASD_STRINGS || []).push({
  en: {comment: "Comment (kept in the history with your review)", comment_placeholder: "why, or what you checked"},
  ar: {comment: "تعليق (يُحفظ في السجل مع مراجعتك)", comment_placeholder: "لماذا، أو ما الذي تحققت منه"},
});

/* The comment typed for the open event's review, or undefined when there is none. */
function reviewNote() {
  const box = $("review-comment");
  const text = box ? box.value.trim() : "";
  return text || undefined;
}

function commentBox() {
  return el("label", {class: "comment-label"}, t("comment"),
    el("textarea", {id: "review-comment", rows: 2, maxlength: 2000, dir: "auto", placeholder: t("comment_placeholder")}));
}

function may(action) { return Boolean(state.user && state.user.allowed.includes(action)); }

async function act(path, body) {
  try {
    const result = await api(path, {method: "POST", body});
    say("saved");
    return result;
  } catch (error) {
    say(error.message, true);
    if (error.status === 409 && error.current) {  // someone changed the event meanwhile: show it as it is now
      state.current = error.current;
      renderPanel();
      $("close-panel").after(el("p", {class: "error stale", role: "alert", id: "stale"}, error.message));
    }
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
  const review = (state_, edits) => act("/api/events/" + id + "/review",
    {state: state_, edits, version: record.version, note: reviewNote()}).then(afterAction);
  return el("section", {class: "review"},
    el("h3", {}, "Review"),
    commentBox(),
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
      afterAction(await act("/api/events/" + encodeURIComponent(record.event.event_id) + "/split",
        {report_ids: ids, version: record.version}));
    }}, "Move the chosen reports to a new event"));
}

function mergeForm(record) {
  const e = record.event;
  const other = el("input", {type: "text", maxlength: 100, placeholder: "event id", "aria-label": "event id"});
  const near = el("ul", {class: "places merge-suggestions"});
  api("/api/events/" + encodeURIComponent(e.event_id) + "/nearby?limit=8").then((found) => {
    near.replaceChildren(...found.map((x) => el("li", {}, el("button", {type: "button", class: "link",
      onclick: () => { other.value = x.event_id; }}, x.event_date + " · " + (x.sub_event_type || x.event_type) + " · " +
      (x.location || x.location_ar || "no place") + " · " + (x.km === null ? x.admin2 || x.admin1 || "" : x.km + " km") +
      " · " + x.days_apart + " d"))));
  }).catch(() => null);
  return el("fieldset", {},
    el("legend", {}, "Merge another event into this one (nearest in place and time first)"),
    near,
    other,
    el("button", {type: "button", onclick: async () => {
      if (!other.value.trim()) return say("give the id of the event to merge", true);
      afterAction(await act("/api/events/" + encodeURIComponent(e.event_id) + "/merge",
        {other: other.value.trim(), version: record.version}));
    }}, "Merge"));
}
