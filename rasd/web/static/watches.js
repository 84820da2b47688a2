/* Watches on the page: watch the area the map shows (with the filters' event type, actor and minimum
   fatalities), list your watches with their Atom feed, remove one. Needs a login (the token app.js keeps). */
"use strict";

(() => {
  const form = document.getElementById("watch-form");
  const list = document.getElementById("watch-list");
  const error = document.getElementById("watch-error");
  const filters = document.getElementById("filter-form");

  function token() { return sessionStorage.getItem("rasd-token"); }

  async function call(method, path, body) {
    const headers = {Authorization: `Bearer ${token()}`};
    if (body) headers["Content-Type"] = "application/json";
    const response = await fetch(path, {method, headers, body: body ? JSON.stringify(body) : undefined});
    if (!response.ok) {
      const problem = await response.json().catch(() => null);
      throw new Error(problem && problem.error ? problem.error.message : `HTTP ${response.status}`);
    }
    return response.status === 204 ? null : response.json();
  }

  function item(watch) {
    const li = document.createElement("li");
    const feed = document.createElement("a");
    feed.href = watch.feed_url;
    feed.textContent = "Atom feed";
    const remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove";
    remove.addEventListener("click", async () => {
      try { await call("DELETE", `/api/watches/${encodeURIComponent(watch.watch_id)}`); await show(); }
      catch (err) { error.textContent = err.message; }
    });
    li.append(document.createTextNode(`${watch.name} `), feed, document.createTextNode(" "), remove);
    return li;
  }

  async function show() {
    const logged = Boolean(token());
    document.getElementById("watch-hint").hidden = logged;
    for (const field of form.querySelectorAll("input, button")) field.disabled = !logged;
    list.replaceChildren();
    if (!logged) return;
    try { list.append(...(await call("GET", "/api/watches")).map(item)); }
    catch (err) { error.textContent = err.message; }
  }

  function conditions() {
    /* global map */
    const bounds = map.getBounds();
    const clamp = (v, most) => Math.max(-most, Math.min(most, v));
    const spec = {bbox: [clamp(bounds.getWest(), 180), clamp(bounds.getSouth(), 90), clamp(bounds.getEast(), 180),
                         clamp(bounds.getNorth(), 90)]};
    const data = new FormData(filters);
    const type = data.get("sub_event_type") || data.get("event_type");
    if (type) spec.event_types = [type];
    if (data.get("actor")) spec.actors = [data.get("actor")];
    if (data.get("min_fatalities")) spec.min_fatalities = Number(data.get("min_fatalities"));
    return spec;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    error.textContent = "";
    const data = new FormData(form);
    const body = {name: data.get("name") || "My area", ...conditions()};
    if (data.get("email")) body.email = data.get("email");
    if (data.get("webhook")) body.webhook = data.get("webhook");
    try { await call("POST", "/api/watches", body); form.reset(); await show(); }
    catch (err) { error.textContent = err.message; }
  });
  document.getElementById("login-form").addEventListener("submit", () => setTimeout(show, 1000));
  document.getElementById("logout-button").addEventListener("click", () => setTimeout(show, 0));
  show();
})();
