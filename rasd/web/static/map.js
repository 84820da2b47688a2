/* rasd map page: the offline map's other layers. The countries around the governorates (Natural Earth 1:50m, from
 * the world-atlas package, drawn under them so that an event near a border never sits on an empty canvas), the
 * governorates shaded by how many events, or how many fatalities, the current filters find in each, and the names
 * of the gazetteer's towns in the visible box (cities at any zoom, towns and then villages closer in).
 *
 * Loaded before app.js, whose helpers (el, t, state, ...) it calls only once the page has started.
 */
"use strict";

const SHADES = ["#fef0d9", "#fdcc8a", "#fc8d59", "#e34a33", "#b30000"];  // ColorBrewer OrRd, light to dark
const COUNTRIES_URL = "/static/vendor/countries-50m.json";
const NEIGHBOURHOOD = [[22, 22], [46, 60]];  // south-west and north-east corners (latitude, longitude) drawn
const COUNTRIES_ATTRIBUTION = "Countries: Natural Earth (public domain) via world-atlas";
const LABELS_AT_ZOOM = [[6, 25], [8, 60], [18, 200]];  // how many names at most, up to each zoom, largest first

(window.RASD_STRINGS = window.RASD_STRINGS || []).push({
  en: {
    countries_layer: "Neighbouring countries", labels_layer: "Town names", shade_count: "Governorates shaded by events",
    shade_fatalities: "Governorates shaded by fatalities", shade_title_count: "Events in the governorate",
    shade_title_fatalities: "Fatalities in the governorate",
  },
  ar: {
    countries_layer: "البلدان المجاورة", labels_layer: "أسماء المدن والبلدات", shade_count: "تظليل المحافظات بعدد الأحداث",
    shade_fatalities: "تظليل المحافظات بعدد القتلى", shade_title_count: "الأحداث في المحافظة",
    shade_title_fatalities: "القتلى في المحافظة",
  },
});

const shading = {measure: null, layers: {}, legend: null};

function cssVar(name) { return getComputedStyle(document.documentElement).getPropertyValue(name).trim(); }

/* The countries, drawn in their own pane under the governorates and the events. */
function countriesLayer(map, offline) {
  map.createPane("countries").style.zIndex = "350";
  const layer = L.geoJSON(null, {
    pane: "countries",
    style: () => ({color: cssVar("--muted"), weight: 1, fillColor: cssVar("--land"), fillOpacity: 0.55}),
    onEachFeature: (feature, item) => item.bindTooltip(feature.properties.name, {sticky: true}),
  });
  layer.getAttribution = () => COUNTRIES_ATTRIBUTION;
  if (typeof topojson === "undefined") return layer;
  afterReady(() => fetch(COUNTRIES_URL).then((r) => r.json()).then((world) => {
    layer.addData(topojson.feature(world, world.objects.countries).features.filter(nearby));
    offline.addLayer(layer);
    document.body.dataset.countries = "drawn";
  }).catch(() => say(t("basemap_missing"), true)));
  return layer;
}

/* Whether a country reaches into the region the page is about (the rest of the world is never drawn). */
function nearby(feature) {
  const [[south, west], [north, east]] = NEIGHBOURHOOD;
  const rings = feature.geometry.type === "Polygon" ? [feature.geometry.coordinates]
    : feature.geometry.type === "MultiPolygon" ? feature.geometry.coordinates : [];
  return rings.some((polygon) => polygon[0].some(([lon, lat]) => lat >= south && lat <= north && lon >= west && lon <= east));
}

/* Work that the first view does not need waits until the page is ready, so that it never delays it. */
function afterReady(work) {
  if (document.body.dataset.ready === "true") work();
  else document.addEventListener("rasd:ready", work, {once: true});
}

/* Five classes from nothing to the largest value; the bounds are whole numbers. */
function breaks(values) {
  const top = Math.max(1, ...values);
  return SHADES.map((_, i) => Math.ceil((top * (i + 1)) / SHADES.length));
}

function valueOf(admin1) {
  const row = (state.byAdmin1 || []).find((r) => r.key === admin1);
  return row ? row[shading.measure] || 0 : 0;
}

function shade(value, bounds) {
  if (!value) return "transparent";
  return SHADES[bounds.findIndex((b) => value <= b)] || SHADES[SHADES.length - 1];
}

function shadedStyle(measure) {
  return (feature) => {
    const bounds = breaks((state.byAdmin1 || []).map((r) => r[measure] || 0));
    const value = (state.byAdmin1 || []).find((r) => r.key === feature.properties.admin1);
    return {color: cssVar("--border"), weight: 1, fillColor: shade(value ? value[measure] : 0, bounds),
      fillOpacity: 0.75, className: "shaded"};
  };
}

function shadedLayer(measure, data) {
  const layer = L.geoJSON(data, {
    style: shadedStyle(measure),
    onEachFeature: (feature, item) => item.bindTooltip(() => feature.properties.admin1 + ": " +
      valueOf(feature.properties.admin1), {sticky: true}),
  });
  layer.measure = measure;
  return layer;
}

function legendBox() {
  const values = (state.byAdmin1 || []).map((r) => r[shading.measure] || 0);
  const bounds = breaks(values);
  const box = el("div", {class: "shade-legend", id: "shade-legend"},
    el("strong", {}, t(shading.measure === "count" ? "shade_title_count" : "shade_title_fatalities")));
  let low = 1;
  for (const [i, high] of bounds.entries()) {
    if (high < low) continue;
    const swatch = el("span", {class: "swatch"});
    swatch.style.background = SHADES[i];
    box.append(el("div", {}, swatch, low === high ? String(low) : low + "–" + high));
    low = high + 1;
  }
  return box;
}

function showShading() {
  for (const layer of Object.values(shading.layers)) layer.setStyle(layer.options.style);
  if (shading.legend) shading.legend.remove();
  shading.legend = null;
  if (!shading.measure) return;
  shading.legend = L.control({position: "bottomleft"});
  shading.legend.onAdd = legendBox;
  shading.legend.addTo(map);
}

function setupShading(map, layers) {
  afterReady(() => fetch("/static/basemap/syria_adm1.geojson").then((r) => r.json()).then((data) => {
    for (const measure of ["count", "fatalities"]) {
      shading.layers[measure] = shadedLayer(measure, data);
      layers.addOverlay(shading.layers[measure], t(measure === "count" ? "shade_count" : "shade_fatalities"));
    }
    document.body.dataset.shading = "ready";
  }).catch(() => null));
  map.on("overlayadd", (e) => {
    if (!("measure" in e.layer)) return;
    shading.measure = e.layer.measure;
    // After the control's own click is handled, or its box for the other measure would stay ticked.
    setTimeout(() => {
      for (const other of Object.values(shading.layers)) if (other !== e.layer) map.removeLayer(other);
      showShading();
    }, 0);
  });
  map.on("overlayremove", (e) => {
    if (!("measure" in e.layer) || e.layer.measure !== shading.measure) return;
    shading.measure = null;
    showShading();
  });
  document.addEventListener("rasd:events", () => { if (shading.measure) showShading(); });
}

/* The names of the places in view, in the page's language, asked again of /api/places/labels after each move. */
function labelsLayer(map) {
  map.createPane("labels").style.zIndex = "450";  // over the governorates, under the events
  map.getPane("labels").style.pointerEvents = "none";
  const layer = L.layerGroup();
  let asked = 0;
  const draw = (places) => {
    layer.clearLayers();
    const taken = [];  // the boxes of the names written so far: a smaller place's name never covers a larger's
    for (const p of places) {
      const name = state.lang === "ar" && p.name_ar ? p.name_ar : p.name;
      const at = map.latLngToContainerPoint([p.latitude, p.longitude]);
      const half = [name.length * (p.kind === "city" ? 4 : 3.3) + 2, 8];
      const box = [at.x - half[0], at.y - half[1], at.x + half[0], at.y + half[1]];
      if (taken.some((o) => box[0] < o[2] && o[0] < box[2] && box[1] < o[3] && o[1] < box[3])) continue;
      taken.push(box);
      const node = el("span", {lang: state.lang, dir: "auto"}, name);
      layer.addLayer(L.marker([p.latitude, p.longitude], {
        pane: "labels", interactive: false, keyboard: false,
        icon: L.divIcon({className: "place-label place-" + p.kind, html: node, iconSize: null}),
      }));
    }
    document.body.dataset.labels = String(taken.length);
  };
  let shown = [];
  const refresh = () => {
    if (!map.hasLayer(layer)) return;
    const b = map.getBounds();
    const zoom = map.getZoom();
    const limit = LABELS_AT_ZOOM.find(([upTo]) => zoom <= upTo)[1];
    const bbox = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((x) => x.toFixed(4)).join(",");
    const mine = ++asked;
    api("/api/places/labels?" + new URLSearchParams({bbox, zoom, limit})).then((places) => {
      if (mine !== asked) return;  // the map has moved on since
      shown = places;
      draw(places);
    }).catch(() => null);
  };
  map.on("moveend", refresh);
  layer.on("add", refresh);
  document.addEventListener("rasd:language", () => draw(shown));
  return layer;
}

function setupMapLayers(map, layers, offline) {
  const countries = countriesLayer(map, offline);
  layers.addOverlay(countries, t("countries_layer"));
  map.attributionControl.addAttribution(COUNTRIES_ATTRIBUTION);
  $("theme-button").addEventListener("click", () => countries.setStyle(countries.options.style));
  setupShading(map, layers);
  const labels = labelsLayer(map);
  layers.addOverlay(labels, t("labels_layer"));
  afterReady(() => map.addLayer(labels));
}
