"""Real SPARQL clients against `newsgraph serve`: SPARQLWrapper (GET and POST, JSON, XML,
CSV, Turtle) and rdflib's SPARQLStore. Usage: sparql_clients.py ENDPOINT"""

import sys

from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

ENDPOINT = sys.argv[1]
PREFIXES = """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
COUNTRIES = PREFIXES + "SELECT ?l WHERE { ?c a ng:Country ; rdfs:label ?l } ORDER BY ?l"

client = SPARQLWrapper(ENDPOINT)
client.setQuery(COUNTRIES)
client.setReturnFormat(JSON)
labels = [b["l"]["value"] for b in client.query().convert()["results"]["bindings"]]
assert "Iran" in labels and "Russia" in labels, labels

client.setReturnFormat(XML)
xml = client.query().convert()
assert any(n.firstChild.data == "Ukraine" for n in xml.getElementsByTagName("literal")), xml.toxml()[:300]

client.setReturnFormat(CSV)
csv = client.query().convert().decode("utf-8")
assert csv.splitlines()[0] == "l" and "Iran" in csv, csv

client.setMethod(POST)
client.setReturnFormat(JSON)
client.setQuery(PREFIXES + "ASK { ?e a ng:Deny ; ng:content/ng:negated true }")
assert client.query().convert()["boolean"] is True

client.setQuery(PREFIXES + "CONSTRUCT { ?a ng:uses ?b } WHERE { ?a ng:uses ?b }")
client.setReturnFormat(TURTLE)
graph = Graph().parse(data=client.query().convert(), format="turtle")
assert (
    URIRef("https://w3id.org/newsgraph/id/country/RUS"),
    URIRef("https://w3id.org/newsgraph/ontology#uses"),
    URIRef("https://w3id.org/newsgraph/id/weapon/shahed"),
) in graph, graph.serialize(format="nt")

store = Graph(store=SPARQLStore(ENDPOINT))
rows = list(store.query(COUNTRIES))
assert "Iran" in [str(r[0]) for r in rows], rows
speakers = list(
    store.query(PREFIXES + "SELECT ?speaker WHERE { ?s a ng:Deny ; ng:agent/rdfs:label ?speaker }")
)
assert "Russia" in [str(r[0]) for r in speakers], speakers
print("SPARQLWrapper and rdflib: ok")
