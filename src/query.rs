//! Runs SPARQL on the store (the default graph is the union of all graphs) and writes results
//! as an aligned table, CSV, TSV, JSON, XML, or for graph results as Turtle, N-Triples or N-Quads.

use crate::vocab;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, Quad, Term};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use std::io::Write;

/// Output formats of `newsgraph query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryFormat {
    /// An aligned text table (solutions and booleans).
    Table,
    /// SPARQL CSV.
    Csv,
    /// SPARQL TSV.
    Tsv,
    /// SPARQL JSON.
    Json,
    /// SPARQL XML.
    Xml,
    /// Turtle (graph results).
    Turtle,
    /// N-Triples (graph results).
    NTriples,
    /// N-Quads (graph results, in the default graph).
    NQuads,
}

impl QueryFormat {
    /// By name, as the command line spells it.
    pub fn parse(name: &str) -> Option<Self> {
        Some(match name {
            "table" => Self::Table,
            "csv" => Self::Csv,
            "tsv" => Self::Tsv,
            "json" => Self::Json,
            "xml" => Self::Xml,
            "turtle" | "ttl" => Self::Turtle,
            "ntriples" | "nt" => Self::NTriples,
            "nquads" | "nq" => Self::NQuads,
            _ => return None,
        })
    }
}

/// Why a query failed.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    /// The query does not parse; the message gives line and column.
    #[error("invalid SPARQL query: {0}")]
    Syntax(String),
    /// Evaluation failed.
    #[error("query evaluation failed: {0}")]
    Evaluation(String),
    /// The format does not fit the kind of result.
    #[error("{0}")]
    Format(String),
    /// Writing the results failed.
    #[error("cannot write results: {0}")]
    Io(#[from] std::io::Error),
}

/// The SPARQL evaluator with the graph's prefixes declared, so queries may use `ng:`, `schema:`,
/// `prov:`, `nif:`, `rdfs:`, `country:`, `person:` … without PREFIX lines.
pub fn evaluator(base: &str) -> SparqlEvaluator {
    let mut evaluator = SparqlEvaluator::new();
    for (prefix, iri) in vocab::all_prefixes(base) {
        evaluator = match evaluator.clone().with_prefix(&prefix, &iri) {
            Ok(e) => e,
            Err(_) => evaluator,
        };
    }
    evaluator
}

/// Runs `query` on `store` and writes the results to `out`.
pub fn run(
    store: &Store,
    query: &str,
    format: QueryFormat,
    base: &str,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    let mut prepared = evaluator(base).parse_query(query).map_err(|e| QueryError::Syntax(e.to_string()))?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = prepared.on_store(store).execute().map_err(|e| QueryError::Evaluation(e.to_string()))?;
    write_results(results, format, base, out)
}

/// Runs a CONSTRUCT or DESCRIBE query and returns its triples as default-graph quads; `None`
/// when the query gives solutions or a boolean instead.
pub fn construct(store: &Store, query: &str, base: &str) -> Result<Option<Vec<Quad>>, QueryError> {
    let mut prepared = evaluator(base).parse_query(query).map_err(|e| QueryError::Syntax(e.to_string()))?;
    if prepared.dataset().is_default_dataset() {
        prepared.dataset_mut().set_default_graph_as_union();
    }
    let results = prepared.on_store(store).execute().map_err(|e| QueryError::Evaluation(e.to_string()))?;
    let QueryResults::Graph(triples) = results else { return Ok(None) };
    let mut out = Vec::new();
    for t in triples {
        let t = t.map_err(|e| QueryError::Evaluation(e.to_string()))?;
        out.push(Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph));
    }
    Ok(Some(out))
}

/// Writes query results in a format.
pub fn write_results(
    results: QueryResults<'_>,
    format: QueryFormat,
    base: &str,
    out: &mut impl Write,
) -> Result<(), QueryError> {
    let eval = |e: oxigraph::sparql::QueryEvaluationError| QueryError::Evaluation(e.to_string());
    match results {
        QueryResults::Boolean(value) => match results_format(format) {
            Some(f) => {
                QueryResultsSerializer::from_format(f).serialize_boolean_to_writer(&mut *out, value)?;
            }
            None if format == QueryFormat::Table => writeln!(out, "{value}")?,
            None => {
                return Err(QueryError::Format(
                    "an ASK query gives a boolean: use --format table, csv, tsv, json or xml".into(),
                ));
            }
        },
        QueryResults::Solutions(solutions) => {
            let variables = solutions.variables().to_vec();
            match results_format(format) {
                Some(f) => {
                    let mut serializer =
                        QueryResultsSerializer::from_format(f).serialize_solutions_to_writer(&mut *out, variables)?;
                    for solution in solutions {
                        serializer.serialize(&solution.map_err(eval)?)?;
                    }
                    serializer.finish()?;
                }
                None if format == QueryFormat::Table => {
                    let mut rows: Vec<Vec<String>> = Vec::new();
                    for solution in solutions {
                        let solution = solution.map_err(eval)?;
                        rows.push(
                            variables
                                .iter()
                                .map(|v| solution.get(v).map(|t| compact(t, base)).unwrap_or_default())
                                .collect(),
                        );
                    }
                    let header: Vec<String> = variables.iter().map(|v| v.as_str().to_owned()).collect();
                    write_table(&header, &rows, out)?;
                }
                None => {
                    return Err(QueryError::Format(
                        "a SELECT query gives solutions: use --format table, csv, tsv, json or xml".into(),
                    ));
                }
            }
        }
        QueryResults::Graph(triples) => {
            let rdf = match format {
                QueryFormat::Turtle | QueryFormat::Table => RdfFormat::Turtle,
                QueryFormat::NTriples => RdfFormat::NTriples,
                QueryFormat::NQuads => RdfFormat::NQuads,
                _ => {
                    return Err(QueryError::Format(
                        "a CONSTRUCT or DESCRIBE query gives a graph: use --format turtle, ntriples or nquads".into(),
                    ));
                }
            };
            let mut writer = serializer(rdf, base).for_writer(&mut *out);
            for triple in triples {
                let t = triple.map_err(eval)?;
                writer.serialize_quad(&Quad::new(t.subject, t.predicate, t.object, GraphName::DefaultGraph))?;
            }
            writer.finish()?;
        }
    }
    Ok(())
}

/// A serializer for `format`; Turtle and TriG declare the graph's prefixes, so output reads
/// as queries are written (`country:IRN`, `ng:uses`).
pub fn serializer(format: RdfFormat, base: &str) -> RdfSerializer {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
        for (prefix, iri) in vocab::all_prefixes(base).into_iter().filter(|(p, _)| p != "ngr") {
            // every prefix is a valid name with an absolute IRI, so this cannot fail
            if let Ok(with) = serializer.clone().with_prefix(prefix, iri) {
                serializer = with;
            }
        }
    }
    serializer
}

fn results_format(format: QueryFormat) -> Option<QueryResultsFormat> {
    match format {
        QueryFormat::Csv => Some(QueryResultsFormat::Csv),
        QueryFormat::Tsv => Some(QueryResultsFormat::Tsv),
        QueryFormat::Json => Some(QueryResultsFormat::Json),
        QueryFormat::Xml => Some(QueryResultsFormat::Xml),
        _ => None,
    }
}

/// A term as a person reads it: IRIs shortened with the graph's prefixes, literals by value.
pub fn compact(term: &Term, base: &str) -> String {
    match term {
        Term::NamedNode(n) => {
            let iri = n.as_str();
            // the longest namespace wins: "country:IRN" rather than "ngr:country/IRN"
            let best = vocab::all_prefixes(base)
                .into_iter()
                .filter(|(_, ns)| iri.starts_with(ns.as_str()))
                .max_by_key(|(_, ns)| ns.len());
            match best {
                Some((prefix, ns)) => format!("{prefix}:{}", &iri[ns.len()..]),
                None => format!("<{iri}>"),
            }
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => match l.language() {
            Some(lang) => format!("{}@{lang}", l.value()),
            None => l.value().to_owned(),
        },
        #[allow(unreachable_patterns)]
        other => other.to_string(),
    }
}

/// Writes an aligned table; cells are cut at 60 characters and line breaks shown as spaces.
pub fn write_table(header: &[String], rows: &[Vec<String>], out: &mut impl Write) -> std::io::Result<()> {
    const MAX: usize = 60;
    let clean = |s: &str| -> String {
        let one_line: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        if one_line.chars().count() > MAX {
            let cut: String = one_line.chars().take(MAX - 1).collect();
            format!("{cut}…")
        } else {
            one_line
        }
    };
    let header: Vec<String> = header.iter().map(|h| clean(h)).collect();
    let rows: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(|c| clean(c)).collect()).collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |cells: &[String], out: &mut dyn Write| -> std::io::Result<()> {
        let mut text = String::new();
        for (k, (cell, w)) in cells.iter().zip(&widths).enumerate() {
            if k > 0 {
                text.push_str(" │ ");
            }
            text.push_str(cell);
            if k + 1 < cells.len() {
                text.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
            }
        }
        writeln!(out, "{}", text.trim_end())
    };
    line(&header, out)?;
    let rule: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    writeln!(out, "{}", rule.join("─┼─"))?;
    for row in &rows {
        line(row, out)?;
    }
    writeln!(out, "({} row{})", rows.len(), if rows.len() == 1 { "" } else { "s" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn tables_align_and_shorten() {
        let mut out = Vec::new();
        let rows = vec![vec!["ng:Supply".into(), "Iran".into()], vec!["ng:Statement".into(), "Sergei Ryabkov".into()]];
        write_table(&["class".into(), "agent".into()], &rows, &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf8");
        assert_eq!(
            text,
            "class        │ agent\n─────────────┼───────────────\nng:Supply    │ Iran\nng:Statement │ Sergei Ryabkov\n(2 rows)\n"
        );
    }

    #[test]
    fn compact_terms() {
        let base = vocab::DEFAULT_BASE;
        assert_eq!(compact(&NamedNode::new_unchecked(format!("{}Supply", vocab::ng::NS)).into(), base), "ng:Supply");
        assert_eq!(compact(&NamedNode::new_unchecked(format!("{base}country/IRN")).into(), base), "country:IRN");
        assert_eq!(compact(&Literal::new_simple_literal("Iran").into(), base), "Iran");
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let store = Store::new().expect("store");
        let mut out = Vec::new();
        let error = run(&store, "SELECT ?x WHERE {\n  ?x ?y \n}", QueryFormat::Table, vocab::DEFAULT_BASE, &mut out)
            .unwrap_err();
        let message = error.to_string();
        assert!(matches!(error, QueryError::Syntax(_)));
        assert!(message.contains("at 3:"), "{message}");
    }
}
