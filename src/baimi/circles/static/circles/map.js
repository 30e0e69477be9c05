/* The circle map: draws one community's own geometry (no base map needed) with Leaflet.
   Data: one GeoJSON payload from data-url (see baimi/circles/mapdata.py). */
(function () {
  "use strict";
  const el = document.getElementById("circle-map");
  if (!el || !window.L) return;
  const T = JSON.parse(document.getElementById("map-labels").textContent);
  const COLOURS = { walk: "#2e7d32", straight: "#f9a825", none: "#c62828", unknown: "#9e9e9e" };
  const map = L.map(el, { zoomSnap: 0.25 });  // SVG: a community has hundreds of shapes, not millions
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { maxZoom: 19, attribution: el.dataset.tilesAttribution || "" }).addTo(map);
  }
  const crs = (el.dataset.tilesCrs || "WGS84").toUpperCase().replace("-", "");
  const url = el.dataset.url + (crs === "GCJ02" ? "?crs=GCJ02" : "");
  const select = document.getElementById("category");
  const figures = document.getElementById("figures");
  const details = document.getElementById("details");

  function pct(x) { return x === undefined || x === null ? "–" : Math.round(x * 100) + "%"; }
  function m(x) { return x === null || x === undefined ? "–" : Math.round(x) + " m"; }
  function esc(s) { const d = document.createElement("div"); d.textContent = s == null ? "" : String(s); return d.innerHTML; }

  fetch(url, { credentials: "same-origin" }).then((r) => r.json()).then(draw);

  function draw(data) {
    const pointName = {};
    data.points.features.forEach((f) => { pointName[f.properties.id] = f.properties.name; });
    data.categories.forEach((c) => {
      const o = document.createElement("option"); o.value = c.code; o.textContent = c.symbol + " " + c.name; select.appendChild(o);
    });
    const categoryOf = {}; data.categories.forEach((c) => { categoryOf[c.code] = c; });

    const walkways = L.geoJSON(data.walkways, {
      style: (f) => ({ color: f.properties.kind === "residential" ? "#78909c" : "#b0bec5",
                       weight: f.properties.kind === "residential" ? 4 : 2,
                       dashArray: ["footway", "path", "steps"].includes(f.properties.kind) ? "4 4" : null }),
    });
    const buildings = L.geoJSON(data.buildings, {
      style: () => ({ weight: 1, color: "#37474f", fillOpacity: 0.75, className: "building" }),
      onEachFeature: (f, layer) => layer.on("click", () => showBuilding(f.properties)),
    });
    const circles = L.layerGroup(data.groups.features.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      return L.circle([lat, lon], { radius: f.properties.radius_m, color: "#1565c0", weight: 1.5, fillOpacity: 0.04 })
        .bindTooltip(esc(f.properties.name) + " · " + f.properties.households + " " + esc(T.households));
    }));
    const points = L.layerGroup(data.points.features.map((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const cats = f.properties.categories.map((c) => categoryOf[c]).filter(Boolean);
      const colour = cats.length ? cats[0].colour : "#555";
      return L.marker([lat, lon], { icon: L.divIcon({ className: "", iconSize: [24, 24],
        html: '<div class="point-label" style="color:' + colour + '">' + esc(cats.map((c) => c.symbol).join("")) + "</div>" }) })
        .bindPopup("<b>" + esc(f.properties.name) + "</b><br>" + esc(f.properties.opening_hours) + "<br>" + esc(f.properties.contact));
    }));
    const blind = L.layerGroup();
    const links = L.geoJSON(data.connectivity.links, { style: { color: "#1565c0", weight: 1, opacity: 0.5 } });
    const gaps = L.geoJSON(data.connectivity.gaps, {
      style: { color: "#6a1b9a", weight: 3, dashArray: "6 6" },
      onEachFeature: (f, layer) => layer.bindTooltip(esc(T.gap) + " " + m(f.properties.gap_m), { permanent: true }),
    });
    const demand = L.geoJSON(data.demand, {
      pointToLayer: (f, latlng) => L.circleMarker(latlng, { radius: 6 + 3 * Math.sqrt(f.properties.total),
        color: "#ef6c00", weight: 2, fillOpacity: 0.35, className: "demand" }),
      onEachFeature: (f, layer) => layer.bindTooltip(esc(f.properties.group) + ": " + f.properties.total + " " + esc(T.needs)),
    });
    walkways.addTo(map); buildings.addTo(map); circles.addTo(map); points.addTo(map); blind.addTo(map); gaps.addTo(map);
    const overlays = {}; overlays[T.walkways] = walkways; overlays[T.buildings] = buildings; overlays[T.circles] = circles;
    overlays[T.points] = points; overlays[T.blind] = blind; overlays[T.links] = links; overlays[T.gaps] = gaps;
    overlays[T.demand] = demand;
    L.control.layers(null, overlays, { collapsed: window.innerWidth < 700 }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    if (data.buildings.features.length) map.fitBounds(buildings.getBounds(), { padding: [10, 10] });
    else map.setView([data.community.center[1], data.community.center[0]], 16);

    const routeLayer = L.layerGroup().addTo(map);
    const routeUrl = el.dataset.url.replace("map.json", "route.json");

    function drawRoute(buildingId) {
      routeLayer.clearLayers();
      const q = "?building=" + buildingId + "&category=" + encodeURIComponent(select.value) + (crs === "GCJ02" ? "&crs=GCJ02" : "");
      fetch(routeUrl + q, { credentials: "same-origin" }).then((r) => r.json()).then((f) => {
        const note = document.getElementById("route-note");
        if (!f.geometry) { if (note) note.textContent = T.none; return; }
        L.geoJSON(f, { style: { color: "#0d47a1", weight: 5, opacity: 0.85, className: "route" } }).addTo(routeLayer);
        if (note) note.textContent = "→ " + f.properties.point + " · " + m(f.properties.length_m) + " · " +
          f.properties.walk_min + " min";
      });
    }

    function showBuilding(p) {
      drawRoute(p.id);
      const rows = data.categories.map((c) => {
        const v = (p.coverage || {})[c.code] || {};
        return "<tr><th>" + esc(c.symbol + " " + c.name) + "</th><td>" + m(v.straight_m) + "</td><td>" + m(v.walk_m) +
          "</td><td>" + esc(pointName[v.nearest_point] || T.none) + "</td></tr>";
      }).join("");
      details.innerHTML = "<b>" + esc(p.name) + "</b> · " + esc(p.group) + " · " + p.households + " " + esc(T.households) +
        '<div class="table-wrap"><table><thead><tr><th></th><th>' + esc(T.straight) + "</th><th>" + esc(T.walk) +
        "</th><th>" + esc(T.nearest) + "</th></tr></thead><tbody>" + rows + "</tbody></table></div>" +
        '<p class="small" id="route-note"></p>';
    }

    function showCategory(code) {
      buildings.setStyle((f) => {
        const v = (f.properties.coverage || {})[code];
        return { fillColor: COLOURS[v ? v.status : "unknown"] };
      });
      blind.clearLayers();
      const spots = (data.blind_spots || {})[code];
      if (spots) {
        L.geoJSON(spots, {
          style: { color: "#c62828", weight: 2, dashArray: "3 3", fillOpacity: 0.12, className: "blind-spot" },
          onEachFeature: (f, layer) => layer.bindTooltip(esc(f.properties.group) + ": " + f.properties.households + " " + esc(T.households))
            .on("click", () => { details.innerHTML = "<b>" + esc(T.blind) + "</b> · " + esc(f.properties.group) + "<br>" +
              f.properties.households + " " + esc(T.households) + " · " + f.properties.area_m2 + " m²"; }),
        }).addTo(blind);
      }
      buildings.bringToFront();  // a building inside a blind spot stays clickable; the spot's open ground too
      renderFigures(code);
    }

    function renderFigures(code) {
      if (!data.run) { figures.innerHTML = "<p>" + esc(T.no_run) + "</p>"; return; }
      const s = data.run.summary, all = s.community || {};
      const c = all[code] || {};
      let html = '<div class="figures"><div class="figure"><b>' + pct(c.walk) + "</b><span>" + esc(T.walk) +
        '</span></div><div class="figure"><b>' + pct(c.straight) + "</b><span>" + esc(T.straight) + "</span></div>" +
        '<div class="figure"><b>' + pct((all.all || {}).walk) + "</b><span>" + esc(T.all) + " · " + esc(T.walk) + "</span></div></div>";
      html += '<div class="table-wrap"><table><thead><tr><th>' + esc(T.group) + "</th><th>" + esc(T.walk) + "</th><th>" +
        esc(T.straight) + "</th></tr></thead><tbody>";
      const names = {}; data.groups.features.forEach((f) => { names[f.properties.code] = f.properties.name; });
      Object.keys(s.groups || {}).sort().forEach((g) => {
        const v = (s.groups[g] || {})[code] || {};
        html += "<tr><td>" + esc(names[g] || g) + '</td><td class="num">' + pct(v.walk) + '</td><td class="num">' + pct(v.straight) + "</td></tr>";
      });
      html += "</tbody></table></div>";
      const prev = data.previous_run;
      if (prev) {
        const p = ((prev.summary.community || {})[code] || {}).walk;
        const delta = c.walk !== undefined && p !== undefined ? Math.round((c.walk - p) * 100) : null;
        html += '<p class="small compare">' + esc(prev.month_before ? T.last_month : T.previous) + " (" +
          esc(prev.finished_at.slice(0, 10)) + "): " + esc(T.walk) + " " + pct(p) +
          (delta === null ? "" : " · " + (delta >= 0 ? "+" : "") + delta + " " + esc(T.pp)) + "</p>";
      }
      if (data.connectivity.parts > 1) html += "<p>" + data.connectivity.parts + " " + esc(T.parts) + "</p>";
      figures.innerHTML = html;
      document.getElementById("run-info").textContent = T.computed + " " + (data.run.finished_at || "").slice(0, 16).replace("T", " ") +
        " · " + data.run.inputs.fingerprint;
    }

    const sites = JSON.parse(document.getElementById("proposed-sites").textContent || "[]");
    if (sites.length) {
      const layer = L.layerGroup(sites.map((site) => L.marker([site.lat, site.lon], { zIndexOffset: 1000,
        icon: L.divIcon({ className: "", iconSize: [22, 22], html: '<div class="site-star' + (site.adopted ? " adopted" : "") + '">★</div>' }) })
        .bindTooltip(esc(site.name) + " · +" + Math.round(site.households) + " " + esc(T.households))));
      layer.addTo(map);
    }
    select.addEventListener("change", () => showCategory(select.value));
    if (el.dataset.category) select.value = el.dataset.category;
    if (data.categories.length) showCategory(select.value || data.categories[0].code);
    el.dataset.ready = "1";
  }
})();
