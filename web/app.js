// newsgraph's page: a query editor, entity pages and document pages, all through /sparql.
"use strict";

const ROLES = "ng:agent, ng:patient, ng:theme, ng:recipient, ng:location, ng:instrument";

const EXAMPLES = [
  ["Events by class", `SELECT ?class (COUNT(?e) AS ?events) WHERE {
  ?e a ?class . ?class rdfs:subClassOf* ng:Event .
} GROUP BY ?class ORDER BY DESC(?events) LIMIT 20`],
  ["Who supplies what to whom, and who says so", `SELECT ?agent ?theme ?recipient ?claimedBy WHERE {
  ?e a ng:Supply ; ng:agent ?agent .
  OPTIONAL { ?e ng:theme ?theme } OPTIONAL { ?e ng:recipient ?recipient }
  OPTIONAL { ?e ng:claimedBy ?claimedBy }
} LIMIT 100`],
  ["Denials and what they deny", `SELECT ?speaker ?said ?sentence WHERE {
  ?d a ng:Deny ; ng:agent ?speaker ; ng:content/a ?said ; prov:wasDerivedFrom/nif:anchorOf ?sentence .
} LIMIT 100`],
  ["Contested claims", `SELECT ?claim (COUNT(DISTINCT ?s) AS ?supports) (COUNT(DISTINCT ?c) AS ?contradicts) WHERE {
  ?claim a ng:Claim . OPTIONAL { ?s ng:supports ?claim } ?c ng:contradicts ?claim .
} GROUP BY ?claim LIMIT 100`],
  ["Documents", `SELECT ?doc ?headline ?publisher WHERE {
  ?doc a schema:NewsArticle . OPTIONAL { ?doc schema:headline ?headline } OPTIONAL { ?doc schema:publisher ?publisher }
} LIMIT 100`],
];

const $ = (id) => document.getElementById(id);

function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes || {})) node.setAttribute(k, v);
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c ?? "")));
  return node;
}

async function sparql(query) {
  const response = await fetch("/sparql", {
    method: "POST",
    headers: { "content-type": "application/sparql-query", accept: "application/sparql-results+json" },
    body: query,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(text);
  return JSON.parse(text);
}

const iri = (s) => "<" + s.replace(/[<>"{}|^`\\\s]/g, "") + ">";
const literal = (s) => JSON.stringify(String(s));
const local = (s) => s.replace(/^.*[#/]/, "");

// IRIs are shown by their labels: one query for all IRIs of a result
async function labels(iris) {
  const unique = [...new Set(iris)].slice(0, 500);
  if (unique.length === 0) return {};
  const data = await sparql(`SELECT ?s (SAMPLE(?l) AS ?label) WHERE { VALUES ?s { ${unique.map(iri).join(" ")} } ?s rdfs:label ?l } GROUP BY ?s`);
  const out = {};
  for (const b of data.results.bindings) out[b.s.value] = b.label.value;
  return out;
}

function link(value, names) {
  const name = names[value] || (value.startsWith("https://w3id.org/newsgraph/ontology#") ? "ng:" + local(value) : value);
  const target = value.includes("/doc/") ? "#doc=" : "#entity=";
  return el("a", { href: target + encodeURIComponent(value), title: value }, name);
}

async function table(target, data) {
  target.replaceChildren();
  if (data.boolean !== undefined) { target.append(el("p", {}, String(data.boolean))); return; }
  const vars = data.head.vars;
  const rows = data.results.bindings;
  const names = await labels(rows.flatMap((r) => Object.values(r).filter((t) => t.type === "uri").map((t) => t.value)));
  const t = el("table", { class: "results" }, el("tr", {}, ...vars.map((v) => el("th", {}, v))));
  for (const row of rows) {
    t.append(el("tr", {}, ...vars.map((v) => {
      const term = row[v];
      if (!term) return el("td", {});
      return el("td", {}, term.type === "uri" ? link(term.value, names) : term.value);
    })));
  }
  target.append(t, el("p", { id: "row-count" }, `${rows.length} row${rows.length === 1 ? "" : "s"}`));
}

async function runQuery() {
  $("status").textContent = "running…";
  try {
    await table($("results"), await sparql($("query").value));
    $("status").textContent = "";
  } catch (e) {
    $("status").textContent = "";
    $("results").replaceChildren(el("p", { class: "error" }, e.message));
  }
}

function show(view) {
  for (const v of ["query", "entities", "entity", "document"]) $("view-" + v).hidden = v !== view;
}

async function search(name) {
  show("entities");
  const data = await sparql(`SELECT DISTINCT ?s ?l WHERE { ?s rdfs:label ?l . FILTER NOT EXISTS { ?s ng:negated ?x }
    FILTER(!STRSTARTS(STR(?s), "https://w3id.org/newsgraph/ontology")) FILTER(CONTAINS(LCASE(STR(?l)), LCASE(${literal(name)}))) } ORDER BY STRLEN(?l) ?l LIMIT 50`);
  const list = $("entity-list");
  list.replaceChildren();
  for (const b of data.results.bindings) {
    list.append(el("li", {}, el("a", { href: "#entity=" + encodeURIComponent(b.s.value) }, b.l.value), " ", el("small", {}, b.s.value)));
  }
  if (data.results.bindings.length === 0) list.append(el("li", {}, `nothing is named like “${name}”`));
}

async function entity(id) {
  show("entity");
  const about = await sparql(`SELECT ?l ?type WHERE { OPTIONAL { ${iri(id)} rdfs:label ?l } OPTIONAL { ${iri(id)} a ?type } }`);
  const first = about.results.bindings[0] || {};
  $("entity-name").textContent = first.l ? first.l.value : id;
  $("entity-types").textContent = [...new Set(about.results.bindings.filter((b) => b.type).map((b) => local(b.type.value)))].join(", ") + " · " + id;
  $("entity-diagram").replaceChildren(el("img", { src: "/diagram?depth=1&focus=" + encodeURIComponent(id), alt: "diagram of " + $("entity-name").textContent }));
  const events = await sparql(`SELECT ?e ?class ?role ?negated ?by ?sentence ?source ?doc
    (GROUP_CONCAT(DISTINCT CONCAT(STRAFTER(STR(?r2), "#"), ": ", ?ol); separator="; ") AS ?others) WHERE {
    GRAPH ?doc { ?e ?role ${iri(id)} ; a ?class ; ng:negated ?negated .
      OPTIONAL { ?e ng:claimedBy/rdfs:label ?by } OPTIONAL { ?e prov:wasDerivedFrom/nif:anchorOf ?sentence } }
    OPTIONAL { ?doc schema:publisher ?source }
    OPTIONAL { ?e ?r2 ?o . ?o rdfs:label ?ol . FILTER(?r2 IN (${ROLES}) && ?o != ${iri(id)}) }
    FILTER(?role IN (${ROLES}, ng:claimedBy))
  } GROUP BY ?e ?class ?role ?negated ?by ?sentence ?source ?doc ORDER BY ?source ?sentence LIMIT 500`);
  const t = $("entity-events");
  t.replaceChildren(el("tr", {}, ...["event", "as", "with", "said by", "sentence", "source"].map((h) => el("th", {}, h))));
  for (const b of events.results.bindings) {
    const negated = b.negated.value === "true";
    const cls = negated ? "negated" : b.by ? "claim" : "";
    t.append(el("tr", { class: cls },
      el("td", {}, (negated ? "not " : "") + local(b.class.value)),
      el("td", {}, local(b.role.value)),
      el("td", {}, b.others ? b.others.value : ""),
      el("td", {}, b.by ? b.by.value : ""),
      el("td", {}, b.sentence ? b.sentence.value : ""),
      el("td", {}, el("a", { href: "#doc=" + encodeURIComponent(b.doc.value) }, b.source ? b.source.value : "document"))));
  }
  const claims = await sparql(`SELECT ?claim ?label (COUNT(DISTINCT ?s) AS ?supports) (COUNT(DISTINCT ?c) AS ?contradicts) WHERE {
    ?claim a ng:Claim ; rdfs:label ?label ; (ng:claimAgent|ng:participant|ng:claimTheme) ${iri(id)} .
    OPTIONAL { ?s ng:supports ?claim } OPTIONAL { ?c ng:contradicts ?claim } } GROUP BY ?claim ?label ORDER BY ?label`);
  const c = $("entity-claims");
  c.replaceChildren(el("tr", {}, el("th", {}, "claim"), el("th", {}, "supported by"), el("th", {}, "contradicted by")));
  for (const b of claims.results.bindings) {
    c.append(el("tr", { class: b.contradicts.value !== "0" ? "negated" : "" }, el("td", {}, b.label.value), el("td", {}, b.supports.value), el("td", {}, b.contradicts.value)));
  }
}

async function documentPage(id) {
  show("document");
  const g = iri(id);
  const doc = await sparql(`SELECT ?text ?headline ?publisher ?date WHERE { GRAPH ${g} { ${g} nif:isString ?text
    OPTIONAL { ${g} schema:headline ?headline } OPTIONAL { ${g} schema:publisher ?publisher } OPTIONAL { ${g} schema:datePublished ?date } } }`);
  const d = doc.results.bindings[0];
  if (!d) { $("document-text").replaceChildren(el("p", { class: "error" }, "no such document")); return; }
  $("document-headline").textContent = d.headline ? d.headline.value : id;
  $("document-meta").textContent = [d.publisher && d.publisher.value, d.date && d.date.value].filter(Boolean).join(" · ");
  const mentions = await sparql(`SELECT ?b ?e ?entity WHERE { GRAPH ${g} { ?m itsrdf:taIdentRef ?entity ; nif:beginIndex ?b ; nif:endIndex ?e } } ORDER BY ?b`);
  // offsets are Unicode code points, so index an array of them, not the UTF-16 string
  const chars = Array.from(d.text.value);
  const out = $("document-text");
  out.replaceChildren();
  let at = 0;
  for (const m of mentions.results.bindings) {
    const b = Number(m.b.value), e = Number(m.e.value);
    if (b < at) continue;
    out.append(chars.slice(at, b).join(""));
    out.append(el("span", { class: "mention" }, el("a", { href: "#entity=" + encodeURIComponent(m.entity.value), title: m.entity.value }, chars.slice(b, e).join(""))));
    at = e;
  }
  out.append(chars.slice(at).join(""));
  const events = await sparql(`SELECT ?class ?trigger ?negated ?sentence WHERE { GRAPH ${g} { ?e a ?class ; ng:trigger ?trigger ; ng:negated ?negated ;
    prov:wasDerivedFrom/nif:anchorOf ?sentence } } ORDER BY ?sentence`);
  const t = $("document-events");
  t.replaceChildren(el("tr", {}, el("th", {}, "event"), el("th", {}, "trigger"), el("th", {}, "sentence")));
  for (const b of events.results.bindings) {
    const negated = b.negated.value === "true";
    t.append(el("tr", { class: negated ? "negated" : "" }, el("td", {}, (negated ? "not " : "") + local(b.class.value)), el("td", {}, b.trigger.value), el("td", {}, b.sentence.value)));
  }
}

async function route() {
  const hash = decodeURIComponent(location.hash.slice(1));
  try {
    if (hash.startsWith("entity=")) await entity(hash.slice(7));
    else if (hash.startsWith("doc=")) await documentPage(hash.slice(4));
    else if (hash.startsWith("search=")) await search(hash.slice(7));
    else show("query");
  } catch (e) {
    show("query");
    $("results").replaceChildren(el("p", { class: "error" }, e.message));
  }
}

for (const [name, text] of EXAMPLES) $("examples").append(el("option", { value: text }, name));
$("query").value = EXAMPLES[0][1];
$("examples").addEventListener("change", () => { $("query").value = $("examples").value; });
$("run").addEventListener("click", runQuery);
$("search-form").addEventListener("submit", (e) => { e.preventDefault(); location.hash = "search=" + encodeURIComponent($("search").value); });
$("nav-entities").addEventListener("click", (e) => { e.preventDefault(); location.hash = "search=" + encodeURIComponent($("search").value); });
window.addEventListener("hashchange", route);
route();
