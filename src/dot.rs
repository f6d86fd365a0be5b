//! Graphviz diagrams of a selected graph: entities as nodes shaped and coloured by type,
//! binary events as labelled edges that read as sentences, other events as small nodes,
//! claims dotted and negated events dashed red, with a legend.

use crate::graph::{Edge, Kind, KnowledgeGraph, Ontology, Role};
use petgraph::stable_graph::NodeIndex;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write;

/// Labels longer than this are shortened, with the whole name as a tooltip.
pub const MAX_LABEL: usize = 40;

/// Writes the diagram of `kg` in the DOT language.
pub fn write(kg: &KnowledgeGraph, ontology: &Ontology, out: &mut impl Write) -> std::io::Result<()> {
    out.write_all(render(kg, ontology).as_bytes())
}

/// The diagram of `kg` as DOT text.
pub fn render(kg: &KnowledgeGraph, ontology: &Ontology) -> String {
    let mut s = String::new();
    s.push_str("digraph newsgraph {\n");
    s.push_str("  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, charset=\"UTF-8\", overlap=false];\n");
    s.push_str("  node [fontname=\"Helvetica\", fontsize=11, style=filled];\n");
    s.push_str("  edge [fontname=\"Helvetica\", fontsize=9];\n");

    // an event is drawn as an edge when it has one agent and one other party, a recipient at
    // most beside it; a statement with nothing but content speaks through the labels of what
    // it says ("claimed by …"), so it is not drawn again
    let mut hidden: BTreeSet<NodeIndex> = BTreeSet::new();
    for n in kg.nodes().filter(|n| kg.graph[*n].kind == Kind::Event) {
        let content = contents(kg, n);
        let others = [Role::Patient, Role::Theme, Role::Recipient, Role::Location, Role::Instrument]
            .iter()
            .any(|r| !kg.role(n, *r).is_empty());
        if !content.is_empty() && !others {
            hidden.insert(n);
        }
    }
    let mut used_classes: BTreeSet<&'static str> = BTreeSet::new();
    let mut drawn: BTreeSet<NodeIndex> = BTreeSet::new();
    let mut edges = String::new();
    for n in kg.nodes() {
        let node = &kg.graph[n];
        if node.kind == Kind::Event {
            if hidden.contains(&n) {
                // the speaker stays on the diagram: the labels of what it says name it
                drawn.extend(kg.role(n, Role::Agent));
                continue;
            }
            if let Some((agent, object, recipient)) = binary(kg, n) {
                let label = event_label(kg, ontology, n, recipient);
                let _ = writeln!(edges, "  n{} -> n{} [{}];", agent.index(), object.index(), edge_style(kg, n, &label));
                drawn.extend([agent, object]);
                continue;
            }
            let label = event_label(kg, ontology, n, None);
            let _ = writeln!(
                edges,
                "  n{} [shape=box, style=\"rounded,filled\", fillcolor=\"#f5f5f5\", fontsize=9, {}];",
                n.index(),
                event_node_style(kg, n, &label)
            );
            drawn.insert(n);
            for e in kg.graph.edges_directed(n, petgraph::Direction::Outgoing) {
                let target = petgraph::visit::EdgeRef::target(&e);
                let (name, style) = match e.weight() {
                    Edge::Role(Role::Agent) | Edge::Other(_) => continue,
                    Edge::Content => ("says", ", style=dotted"),
                    edge => (edge.name(), ""),
                };
                // what a statement says is drawn as its own edge, which names the speaker
                if hidden.contains(&target) || (kg.graph[target].kind == Kind::Event && binary(kg, target).is_some()) {
                    continue;
                }
                let _ = writeln!(edges, "  n{} -> n{} [label={}{style}];", n.index(), target.index(), quote(name));
                drawn.insert(target);
            }
            for agent in kg.role(n, Role::Agent) {
                let _ = writeln!(edges, "  n{} -> n{} [label=\"agent\", arrowhead=none];", agent.index(), n.index());
                drawn.insert(agent);
            }
        }
    }
    for e in kg.graph.edge_indices() {
        if let (Some(Edge::Other(p)), Some((a, b))) = (kg.graph.edge_weight(e), kg.graph.edge_endpoints(e)) {
            let predicate = kg.predicates.get(*p).map(|p| short_iri(p.as_str())).unwrap_or_default();
            let _ = writeln!(edges, "  n{} -> n{} [label={}];", a.index(), b.index(), quote(&predicate));
            drawn.extend([a, b]);
        }
    }
    for n in kg.nodes().filter(|n| drawn.contains(n) && kg.graph[*n].kind != Kind::Event) {
        let node = &kg.graph[n];
        let look = look(node.kind, node.class.as_deref(), ontology);
        used_classes.insert(look.name);
        let (label, tooltip) = shorten(&node.label);
        let _ = writeln!(
            s,
            "  n{} [label={}, tooltip={}, shape={}, fillcolor=\"{}\"];",
            n.index(),
            quote(&label),
            quote(&tooltip),
            look.shape,
            look.fill
        );
    }
    s.push_str(&edges);
    legend(&mut s, &used_classes);
    s.push_str("}\n");
    s
}

/// `(agent, object, recipient)` when the event reads as one edge.
fn binary(kg: &KnowledgeGraph, n: NodeIndex) -> Option<(NodeIndex, NodeIndex, Option<NodeIndex>)> {
    let agents = kg.role(n, Role::Agent);
    let objects: Vec<NodeIndex> = kg.role(n, Role::Patient).into_iter().chain(kg.role(n, Role::Theme)).collect();
    let recipients = kg.role(n, Role::Recipient);
    let extra = !kg.role(n, Role::Location).is_empty()
        || !kg.role(n, Role::Instrument).is_empty()
        || !contents(kg, n).is_empty();
    if agents.len() != 1 || extra || recipients.len() > 1 {
        return None;
    }
    match (objects.as_slice(), recipients.first()) {
        ([object], r) => Some((agents[0], *object, r.copied())),
        ([], Some(r)) => Some((agents[0], *r, None)),
        _ => None,
    }
}

fn contents(kg: &KnowledgeGraph, n: NodeIndex) -> Vec<NodeIndex> {
    kg.graph
        .edges_directed(n, petgraph::Direction::Outgoing)
        .filter(|e| *e.weight() == Edge::Content)
        .map(|e| petgraph::visit::EdgeRef::target(&e))
        .collect()
}

/// "supplies (to Russia)\nclaimed by White House", as the edge or node reads.
fn event_label(kg: &KnowledgeGraph, ontology: &Ontology, n: NodeIndex, recipient: Option<NodeIndex>) -> String {
    let node = &kg.graph[n];
    let class = node.class.as_deref().unwrap_or("event");
    let mut label = ontology.verb(class);
    if let Some(r) = recipient {
        let _ = write!(label, " (to {})", kg.graph[r].label);
    }
    if let Some(info) = &node.event {
        if info.negated {
            label.insert_str(0, "not: ");
        }
        if info.modality != "Asserted" {
            let _ = write!(label, " [{}]", info.modality.to_lowercase());
        }
        if let Some(t) = &info.time {
            let _ = write!(label, " {t}");
        }
    }
    let speakers: Vec<&str> = kg.targets(n, Edge::ClaimedBy).iter().map(|s| kg.graph[*s].label.as_str()).collect();
    if !speakers.is_empty() {
        let verb = if node.event.as_ref().is_some_and(|i| i.negated) { "denied by" } else { "claimed by" };
        let _ = write!(label, "\n{verb} {}", speakers.join(", "));
    }
    // where it was read, so that facts, claims and denials show their sources side by side
    if let Some(source) = node.event.as_ref().and_then(|i| i.source.as_deref()) {
        let _ = write!(label, "\n[{source}]");
    }
    label
}

fn edge_style(kg: &KnowledgeGraph, n: NodeIndex, label: &str) -> String {
    let (line, color) = line_style(kg, n);
    let (short, tooltip) = shorten_lines(label);
    format!(
        "label={}, tooltip={}, style={line}, color=\"{color}\", fontcolor=\"{color}\"",
        quote(&short),
        quote(&tooltip)
    )
}

fn event_node_style(kg: &KnowledgeGraph, n: NodeIndex, label: &str) -> String {
    let (line, color) = line_style(kg, n);
    let (short, tooltip) = shorten_lines(label);
    let line = if line == "solid" { "rounded,filled".to_owned() } else { format!("rounded,filled,{line}") };
    format!(
        "label={}, tooltip={}, style=\"{line}\", color=\"{color}\", fontcolor=\"{color}\"",
        quote(&short),
        quote(&tooltip)
    )
}

/// Negated: dashed red; said by someone: dotted; a fact: solid.
fn line_style(kg: &KnowledgeGraph, n: NodeIndex) -> (&'static str, &'static str) {
    let negated = kg.graph[n].event.as_ref().is_some_and(|i| i.negated);
    let claimed = !kg.targets(n, Edge::ClaimedBy).is_empty();
    match (negated, claimed) {
        (true, _) => ("dashed", "#c0392b"),
        (false, true) => ("dotted", "#34495e"),
        (false, false) => ("solid", "#222222"),
    }
}

/// How a kind of node looks.
#[derive(Debug, Clone, Copy)]
struct Look {
    name: &'static str,
    shape: &'static str,
    fill: &'static str,
}

const LOOKS: [Look; 9] = [
    Look { name: "Person", shape: "ellipse", fill: "#cfe2ff" },
    Look { name: "Organization", shape: "box", fill: "#d1e7dd" },
    Look { name: "Country", shape: "hexagon", fill: "#fff3cd" },
    Look { name: "Location", shape: "house", fill: "#ffe5d0" },
    Look { name: "Product", shape: "component", fill: "#e2d9f3" },
    Look { name: "Group", shape: "box3d", fill: "#f8d7da" },
    Look { name: "Misc", shape: "ellipse", fill: "#e9ecef" },
    Look { name: "Concept", shape: "note", fill: "#ffffff" },
    Look { name: "Other", shape: "ellipse", fill: "#ffffff" },
];

fn look(kind: Kind, class: Option<&str>, ontology: &Ontology) -> Look {
    let find = |name: &str| LOOKS.iter().find(|l| l.name == name).copied().unwrap_or(LOOKS[8]);
    if kind == Kind::Concept {
        return find("Concept");
    }
    let Some(class) = class else { return find("Other") };
    for l in &LOOKS[..7] {
        if ontology.is_a(class, &BTreeSet::from([l.name.to_owned()])) {
            return *l;
        }
    }
    find("Other")
}

fn legend(s: &mut String, classes: &BTreeSet<&'static str>) {
    s.push_str("  subgraph cluster_legend {\n    label=\"Legend\"; fontsize=10; style=dashed; color=\"#999999\";\n");
    for l in LOOKS.iter().filter(|l| classes.contains(l.name)) {
        let _ = writeln!(
            s,
            "    legend_{} [label=\"{}\", shape={}, fillcolor=\"{}\", fontsize=9];",
            l.name.to_lowercase(),
            l.name,
            l.shape,
            l.fill
        );
    }
    s.push_str("    legend_a [label=\"\", shape=point]; legend_b [label=\"\", shape=point];\n");
    s.push_str("    legend_c [label=\"\", shape=point]; legend_d [label=\"\", shape=point];\n");
    s.push_str("    legend_e [label=\"\", shape=point]; legend_f [label=\"\", shape=point];\n");
    s.push_str("    legend_a -> legend_b [label=\"fact\", style=solid, color=\"#222222\", fontsize=8];\n");
    s.push_str(
        "    legend_c -> legend_d [label=\"claimed by someone\", style=dotted, color=\"#34495e\", fontsize=8];\n",
    );
    s.push_str(
        "    legend_e -> legend_f [label=\"negated or denied\", style=dashed, color=\"#c0392b\", fontcolor=\"#c0392b\", fontsize=8];\n",
    );
    s.push_str("  }\n");
}

/// A DOT quoted string: backslashes and quotes escaped, line breaks as `\n`, other control
/// characters dropped, so any name is safe.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A label at most [`MAX_LABEL`] characters on one line, and the tooltip (the whole text).
fn shorten(text: &str) -> (String, String) {
    let one_line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_LABEL {
        return (one_line.clone(), one_line);
    }
    let short: String = one_line.chars().take(MAX_LABEL - 1).collect();
    (format!("{}…", short.trim_end()), one_line)
}

/// [`shorten`] line by line.
fn shorten_lines(text: &str) -> (String, String) {
    let lines: Vec<String> = text.lines().map(|l| shorten(l).0).collect();
    (lines.join("\n"), text.replace('\n', " "))
}

/// A prefixed name for a well-known IRI, else the IRI's last segment.
fn short_iri(iri: &str) -> String {
    for (prefix, ns) in crate::vocab::all_prefixes(crate::vocab::DEFAULT_BASE) {
        if let Some(rest) = iri.strip_prefix(ns.as_str()) {
            return format!("{prefix}:{rest}");
        }
    }
    crate::graph::last_segment(iri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_what_dot_would_read() {
        assert_eq!(quote(r#"say "hi" \ bye"#), r#""say \"hi\" \\ bye""#);
        assert_eq!(quote("two\nlines\u{7}"), "\"two\\nlines \"");
        assert_eq!(quote("Tehran’s Zoë"), "\"Tehran’s Zoë\"");
    }

    #[test]
    fn long_labels_are_shortened_with_the_whole_as_tooltip() {
        let long = "The Islamic Revolutionary Guard Corps Aerospace Force of the Islamic Republic";
        let (short, tooltip) = shorten(long);
        assert_eq!(short.chars().count(), MAX_LABEL);
        assert!(short.ends_with('…'));
        assert_eq!(tooltip, long);
    }
}

/// What to draw.
#[derive(Debug, Clone, Default)]
pub struct DiagramOptions {
    /// Names or IRIs of the entities to centre on; none draws the whole selection.
    pub focus: Vec<String>,
    /// A CONSTRUCT query whose result is drawn instead of a neighbourhood.
    pub query: Option<String>,
    /// The rest of the selection (depth, types, dates, source).
    pub selection: crate::graph::Selection,
}

/// Why a diagram could not be made.
#[derive(Debug, thiserror::Error)]
pub enum DotError {
    /// The selection failed (unknown focus, bad type or date, storage).
    #[error(transparent)]
    Graph(#[from] crate::graph::GraphError),
    /// The query failed.
    #[error(transparent)]
    Query(#[from] crate::query::QueryError),
    /// The query is not a CONSTRUCT or DESCRIBE.
    #[error("--query needs a CONSTRUCT or DESCRIBE query: a diagram draws a graph")]
    NotAGraph,
    /// The `dot` program is missing.
    #[error(
        "rendering {0} needs Graphviz's `dot` program: install the graphviz package (apt-get install graphviz), or write .dot"
    )]
    NoGraphviz(String),
    /// `dot` failed.
    #[error("dot failed: {0}")]
    Graphviz(String),
}

/// The diagram of a store (or of a query's result) as DOT text.
pub fn diagram(store: &oxigraph::store::Store, base: &str, options: &DiagramOptions) -> Result<String, DotError> {
    let (ontology, kg, _) = selected(store, base, options)?;
    Ok(render(&kg, &ontology))
}

/// What a diagram draws: the ontology, the selected graph and the focus nodes in it.
fn selected(
    store: &oxigraph::store::Store,
    base: &str,
    options: &DiagramOptions,
) -> Result<(Ontology, KnowledgeGraph, Vec<NodeIndex>), DotError> {
    let ontology = Ontology::read(store).map_err(crate::graph::GraphError::from)?;
    let mut selection = options.selection.clone();
    for name in &options.focus {
        selection.focus.push(crate::graph::resolve(store, base, name)?);
    }
    let kg = match &options.query {
        None => crate::graph::select(store, store, &ontology, &selection)?,
        Some(q) => {
            let quads = crate::query::construct(store, q, base)?.ok_or(DotError::NotAGraph)?;
            let result = oxigraph::store::Store::new().map_err(crate::graph::GraphError::from)?;
            result.extend(quads.iter().cloned()).map_err(crate::graph::GraphError::from)?;
            let whole = crate::graph::Selection { focus: Vec::new(), ..selection.clone() };
            let mut kg = crate::graph::select(&result, store, &ontology, &whole)?;
            crate::graph::add_other_triples(&mut kg, store, &ontology, &quads)?;
            kg
        }
    };
    let focus = selection.focus.iter().filter_map(|f| kg.node(&f.clone().into())).collect();
    Ok((ontology, kg, focus))
}

/// Renders DOT text to `format` (svg, png, pdf …) with Graphviz's `dot` program.
pub fn graphviz(dot: &str, format: &str) -> Result<Vec<u8>, DotError> {
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|_| DotError::NoGraphviz(format.to_owned()))?;
    let mut stdin = child.stdin.take().ok_or_else(|| DotError::Graphviz("no input pipe".into()))?;
    let text = dot.to_owned();
    // write on another thread so a large output cannot block on a full pipe
    let writer = std::thread::spawn(move || stdin.write_all(text.as_bytes()));
    let output = child.wait_with_output().map_err(|e| DotError::Graphviz(e.to_string()))?;
    let _ = writer.join();
    if !output.status.success() {
        return Err(DotError::Graphviz(String::from_utf8_lossy(&output.stderr).trim().to_owned()));
    }
    Ok(output.stdout)
}

/// A diagram without Graphviz: entities on a circle around the focus, facts as lines with
/// their verb, claims dotted and negated events dashed red, as SVG.
pub fn simple_svg(store: &oxigraph::store::Store, base: &str, options: &DiagramOptions) -> Result<Vec<u8>, DotError> {
    let (ontology, kg, focus) = selected(store, base, options)?;
    let mut lines = Vec::new();
    let mut placed: Vec<NodeIndex> = focus.clone();
    for n in kg.nodes().filter(|n| kg.graph[*n].kind == Kind::Event) {
        if let Some((a, b, r)) = binary(&kg, n) {
            lines.push((a, b, event_label(&kg, &ontology, n, r), line_style(&kg, n)));
            for x in [a, b] {
                if !placed.contains(&x) {
                    placed.push(x);
                }
            }
        }
    }
    let (width, height) = (900.0_f64, 700.0_f64);
    let (cx, cy) = (width / 2.0, height / 2.0);
    let ring = placed.len().saturating_sub(focus.len()).max(1) as f64;
    let position = |n: NodeIndex| -> (f64, f64) {
        match placed.iter().position(|p| *p == n) {
            Some(i) if i < focus.len() => (cx + 40.0 * i as f64, cy),
            Some(i) => {
                let angle = (i - focus.len()) as f64 / ring * std::f64::consts::TAU;
                (cx + 300.0 * angle.cos(), cy + 260.0 * angle.sin())
            }
            None => (cx, cy),
        }
    };
    let escape = |t: &str| t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"Helvetica, sans-serif\">\n"
    );
    for (a, b, label, (style, color)) in &lines {
        let ((x1, y1), (x2, y2)) = (position(*a), position(*b));
        let dash = match *style {
            "dashed" => " stroke-dasharray=\"8 4\"",
            "dotted" => " stroke-dasharray=\"2 3\"",
            _ => "",
        };
        let _ = writeln!(
            svg,
            "<line x1=\"{x1:.1}\" y1=\"{y1:.1}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\" stroke=\"{color}\"{dash}><title>{}</title></line>",
            escape(&label.replace('\n', " "))
        );
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"9\" fill=\"{color}\" text-anchor=\"middle\">{}</text>",
            (x1 + x2) / 2.0,
            (y1 + y2) / 2.0,
            escape(&shorten(label.lines().next().unwrap_or("")).0)
        );
    }
    for n in &placed {
        let node = &kg.graph[*n];
        let (x, y) = position(*n);
        let look = look(node.kind, node.class.as_deref(), &ontology);
        let (label, tooltip) = shorten(&node.label);
        let _ = writeln!(
            svg,
            "<g><title>{}</title><ellipse cx=\"{x:.1}\" cy=\"{y:.1}\" rx=\"60\" ry=\"16\" fill=\"{}\" stroke=\"#333\"/><text x=\"{x:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"middle\">{}</text></g>",
            escape(&tooltip),
            look.fill,
            y + 4.0,
            escape(&label)
        );
    }
    svg.push_str("</svg>\n");
    Ok(svg.into_bytes())
}
