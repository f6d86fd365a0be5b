//! The `newsgraph` command: parses arguments, opens files and the store, calls the library and
//! maps errors to exit codes (0 done, 1 failed or inputs skipped, 2 bad usage or bad query).

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use newsgraph::batch::{self, Options};
use newsgraph::emit::EmitOptions;
use newsgraph::ingest::Input;
use newsgraph::merge;
use newsgraph::query::{self, QueryError, QueryFormat};
use newsgraph::store::{self, OpenMode};
use newsgraph::{Lexicon, vocab};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "newsgraph",
    version,
    about = "News articles to an RDF knowledge graph: who did what to whom, who said so, and whether it is denied"
)]
struct Cli {
    /// The store directory.
    #[arg(long, global = true, default_value = "newsgraph.db", env = "NEWSGRAPH_STORE")]
    store: PathBuf,
    /// A directory of extra data files (gazetteers, lexicons) read beside the shipped ones.
    #[arg(long = "data", global = true, env = "NEWSGRAPH_DATA")]
    data: Vec<PathBuf>,
    /// The base of resource IRIs.
    #[arg(long, global = true, default_value = vocab::DEFAULT_BASE)]
    base: String,
    /// Find names with the gazetteers and rules only, not the trained name model.
    #[arg(long, global = true)]
    no_models: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Extract articles and load their graph into the store (.txt, .html, .jsonl, directories, - for stdin).
    Build {
        /// Articles: files, directories, or - for standard input.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// No progress bar or summary.
        #[arg(long, short)]
        quiet: bool,
        /// Quads of new documents gathered before each bulk commit.
        #[arg(long, value_name = "N", default_value_t = newsgraph::store::BULK_BATCH_QUADS)]
        batch_quads: usize,
    },
    /// Extract articles and write the graph, without a store.
    Extract {
        /// Articles: files, directories, or - for standard input.
        #[arg(required = true)]
        inputs: Vec<String>,
        /// turtle, ntriples, nquads, trig, jsonld or rdfxml.
        #[arg(long, short, default_value = "trig")]
        format: String,
        /// Write here instead of standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Train a model: `pos` and `dep` (the parser) on CoNLL-U (UD treebanks), `ner` on
    /// CoNLL-2003.
    Train {
        /// pos, dep or ner.
        #[arg(value_parser = ["pos", "dep", "ner"])]
        what: String,
        /// The training files (read in order, as one corpus).
        #[arg(required = true)]
        train: Vec<PathBuf>,
        /// A development file to report accuracy on after training.
        #[arg(long)]
        dev: Option<PathBuf>,
        /// Where to write the model.
        #[arg(long, short)]
        output: PathBuf,
        /// Passes over the training data.
        #[arg(long, default_value_t = 10)]
        iterations: usize,
        /// The part-of-speech model whose tags the name model or the parser reads (ner: must
        /// be given; dep: without it, the training trees are tagged by taggers trained on the
        /// other fifths of them, and the dev trees by the shipped tagger).
        #[arg(long)]
        pos: Option<PathBuf>,
    },
    /// Measure a stage: accuracy (pos, CoNLL-U), UAS and LAS (dep, CoNLL-U), precision, recall
    /// and F1 (ner, CoNLL-2003; events, gold JSON Lines as in shared/gold), or per PLOVER class
    /// the share of sentences coded right (events, sentences as in shared/events).
    Eval {
        /// pos, dep, ner or events.
        #[arg(value_parser = ["pos", "dep", "ner", "events"])]
        what: String,
        /// The gold file.
        file: PathBuf,
        /// The model (default: the shipped one).
        #[arg(long)]
        model: Option<PathBuf>,
        /// Also write `token<TAB>gold<TAB>predicted` per token, a blank line between sentences
        /// (dep: CoNLL-U with the predicted UPOS, HEAD and DEPREL).
        #[arg(long)]
        predictions: Option<PathBuf>,
        /// The part-of-speech model whose tags the name model or the parser reads (ner and
        /// dep; default: the shipped one).
        #[arg(long)]
        pos: Option<PathBuf>,
        /// Where the gold documents are (events only; default: beside the gold file, then
        /// ../seeds and .. from it).
        #[arg(long)]
        docs: Vec<PathBuf>,
        /// List every missed and extra event (events only).
        #[arg(long)]
        details: bool,
    },
    /// Draw the store, an entity's neighbourhood or a CONSTRUCT result as a Graphviz diagram.
    Dot {
        /// An entity to centre on: a name, a prefixed name (country:IRN) or an IRI; repeatable.
        #[arg(long)]
        focus: Vec<String>,
        /// How many events away from the focus to go.
        #[arg(long, default_value_t = 2)]
        depth: usize,
        /// Draw the result of this CONSTRUCT query instead.
        #[arg(long, value_name = "FILE.rq")]
        query: Option<PathBuf>,
        /// Keep only these classes (entity or event classes, e.g. Person,Country,Supply).
        #[arg(long, value_delimiter = ',')]
        types: Vec<String>,
        /// Keep events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
        #[arg(long)]
        since: Option<String>,
        /// Keep events on or before this date.
        #[arg(long)]
        until: Option<String>,
        /// Keep events from sources whose name contains this.
        #[arg(long)]
        source: Option<String>,
        /// Write here: .dot text, or .svg, .png, .pdf rendered by Graphviz; default standard output.
        #[arg(long, short)]
        output: Option<PathBuf>,
    },
    /// Load outside RDF (Turtle, N-Triples, N-Quads, TriG, RDF/XML, JSON-LD) into a named graph
    /// per source, with its provenance, and align its resources with the graph's entities.
    Import {
        /// RDF files; the format comes from the extension.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The source's name (default: each file's name without extension); with several files,
        /// all go into this one source.
        #[arg(long)]
        source: Option<String>,
    },
    /// Bring stores and dumps built elsewhere into this store (--store), then align entities
    /// and regroup claims. The same inputs in any order give the same store.
    Merge {
        /// Store directories, or RDF files (N-Quads and TriG keep their graphs).
        #[arg(required = true)]
        inputs: Vec<PathBuf>,
    },
    /// List claims made across documents and sources: who states each as fact, who reports it
    /// as someone's claim, and who contradicts it.
    Claims {
        /// Only claims about this entity (a name, prefixed name or IRI).
        #[arg(long)]
        focus: Option<String>,
        /// Only claims that some source contradicts.
        #[arg(long)]
        contested: bool,
    },
    /// The shortest chains of facts linking two entities, each step with its sentence.
    Path {
        /// Where the chain starts: a name, prefixed name or IRI.
        from: String,
        /// Where it ends.
        to: String,
        /// How many events long a chain may be.
        #[arg(long, default_value_t = 4)]
        max_depth: usize,
        /// How many chains to list.
        #[arg(long, default_value_t = 5)]
        limit: usize,
    },
    /// Counts by event class and source; entities ranked by degree and PageRank.
    Stats {
        /// How many entities to rank.
        #[arg(long, default_value_t = 20)]
        top: usize,
    },
    /// Serve the store: a SPARQL 1.1 endpoint at /sparql, graph store reads at /store and a
    /// web page at /.
    Serve {
        /// Address and port to listen on (loopback unless told otherwise).
        #[arg(long, default_value = "127.0.0.1:7878")]
        bind: String,
        /// Accept SPARQL Update and POST /documents.
        #[arg(long)]
        writable: bool,
        /// Seconds a query may run before it is stopped (503).
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        /// Rows or triples a query may return.
        #[arg(long, default_value_t = 100_000)]
        max_results: usize,
        /// Bytes a request body may hold.
        #[arg(long, default_value_t = 10 << 20)]
        max_body: usize,
    },
    /// Run a SPARQL query on the store (the default graph is the union of all graphs).
    Query {
        /// The query (or use --file).
        query: Option<String>,
        /// Read the query from a file.
        #[arg(long)]
        file: Option<PathBuf>,
        /// table, csv, tsv, json, xml (solutions); turtle, ntriples, nquads (graphs).
        #[arg(long, short)]
        format: Option<String>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        // a reader that stops early (`| head`) is not an error
        Err(error)
            if error.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error:#}");
            let usage = error
                .chain()
                .any(|c| matches!(c.downcast_ref::<QueryError>(), Some(QueryError::Syntax(_) | QueryError::Format(_))));
            ExitCode::from(if usage { 2 } else { 1 })
        }
    }
}

/// Writes a model file and says how large it came out.
fn write_model(
    path: &std::path::Path,
    features: usize,
    save: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> Result<()> {
    let mut file = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    save(&mut file).with_context(|| format!("cannot write {}", path.display()))?;
    file.flush().with_context(|| format!("cannot write {}", path.display()))?;
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    eprintln!("{features} features, {size} bytes: {}", path.display());
    Ok(())
}

fn write_predictions(
    path: &std::path::Path,
    gold: &[newsgraph::corpus::Tagged],
    pairs: &[Vec<(String, String)>],
) -> Result<()> {
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
    );
    for (sentence, tags) in gold.iter().zip(pairs) {
        for (word, (g, p)) in sentence.words.iter().zip(tags) {
            writeln!(out, "{word}\t{g}\t{p}")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

/// The part-of-speech model at `path`, or the shipped one.
fn pos_or_shipped(path: Option<&PathBuf>) -> Result<newsgraph::tag::pos::PosModel> {
    match path {
        Some(_) => load_pos(path),
        None => Ok(newsgraph::tag::Models::shipped().context("cannot load the shipped models")?.pos),
    }
}

fn load_pos(path: Option<&PathBuf>) -> Result<newsgraph::tag::pos::PosModel> {
    let path = path.context("give --pos MODEL: the name model reads part-of-speech tags")?;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    newsgraph::tag::pos::PosModel::load(&bytes).with_context(|| format!("cannot load the model {}", path.display()))
}

/// Reads the documents a gold file annotates, looking in `dirs`, then beside the gold file,
/// then in `../seeds` and `..` from it.
fn gold_documents(
    gold: &[newsgraph::gold::GoldSentence],
    file: &std::path::Path,
    dirs: &[PathBuf],
    lexicon: &Lexicon,
) -> Result<std::collections::HashMap<String, newsgraph::ingest::Document>> {
    let here = file.parent().unwrap_or(std::path::Path::new(".")).to_path_buf();
    let mut places = dirs.to_vec();
    places.extend([here.clone(), here.join("../seeds"), here.join("..")]);
    let mut out = std::collections::HashMap::new();
    for name in newsgraph::gold::documents(gold) {
        let path = places.iter().map(|d| d.join(name)).find(|p| p.is_file()).with_context(|| {
            format!(
                "{}: the document {name} is not in {}",
                file.display(),
                places.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
            )
        })?;
        let item = newsgraph::ingest::documents(&[Input::Path(path.clone())], lexicon, Box::new(std::io::empty()))
            .next()
            .with_context(|| format!("{} holds no document", path.display()))?;
        let doc = item.result.with_context(|| format!("cannot read {}", item.origin))?;
        out.insert(name.to_owned(), doc);
    }
    Ok(out)
}

/// The time recorded for an import: now, or SOURCE_DATE_EPOCH for reproducible stores.
fn now() -> String {
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.parse::<i64>().ok());
    let time = epoch.and_then(|s| jiff::Timestamp::from_second(s).ok()).unwrap_or_else(jiff::Timestamp::now);
    time.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// Reads an RDF file whole, its format told by its extension; triples go to `graph`.
fn parse_file(
    path: &std::path::Path,
    graph: &oxigraph::model::NamedNode,
    keep_graphs: bool,
) -> Result<Vec<oxigraph::model::Quad>, merge::MergeError> {
    let name = path.display().to_string();
    let format = merge::format_of(&name).ok_or_else(|| merge::MergeError::UnknownFormat(name.clone()))?;
    let file = std::fs::File::open(path).map_err(|source| merge::MergeError::Io { file: name.clone(), source })?;
    let graph = oxigraph::model::GraphName::NamedNode(graph.clone());
    merge::parse(&name, format, std::io::BufReader::new(file), graph, keep_graphs)
}

fn file_stem(path: &std::path::Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "source".into())
}

fn report_alignment(alignment: &merge::Alignment) {
    eprintln!("aligned: {} entities (owl:sameAs)", alignment.linked.len());
    for line in alignment.clashes.iter().chain(&alignment.ambiguous) {
        eprintln!("  {line}");
    }
}

fn inputs(args: &[String]) -> Vec<Input> {
    args.iter().map(|a| if a == "-" { Input::Stdin } else { Input::Path(PathBuf::from(a)) }).collect()
}

fn progress_bar(inputs: &[Input], quiet: bool) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let total: u64 = inputs
        .iter()
        .map(|i| match i {
            Input::Path(p) => total_size(p),
            Input::Stdin => 0,
        })
        .sum();
    let bar = ProgressBar::new(total.max(1));
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {bytes}/{total_bytes} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

fn total_size(path: &std::path::Path) -> u64 {
    if path.is_dir() {
        std::fs::read_dir(path).map(|d| d.flatten().map(|e| total_size(&e.path())).sum()).unwrap_or(0)
    } else {
        path.metadata().map(|m| m.len()).unwrap_or(0)
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let lexicon = Lexicon::with_extra(&cli.data).context("cannot load the data files")?;
    let needs_models = matches!(&cli.command, Command::Build { .. } | Command::Extract { .. })
        || matches!(&cli.command, Command::Eval { what, .. } if what == "events")
        || matches!(&cli.command, Command::Serve { writable: true, .. });
    let needs_models = needs_models && !cli.no_models;
    let models = if needs_models {
        Some(std::sync::Arc::new(newsgraph::tag::Models::shipped().context("cannot load the shipped models")?))
    } else {
        None
    };
    let options = Options { emit: EmitOptions { base: cli.base.clone() }, batch_quads: None, models };
    match cli.command {
        Command::Build { inputs: args, quiet, batch_quads } => {
            let inputs = inputs(&args);
            let options = Options { batch_quads: Some(batch_quads), ..options };
            let store = store::open(&cli.store, OpenMode::Create)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            let bar = progress_bar(&inputs, quiet);
            let report = batch::build(&store, &inputs, &lexicon, &options, Box::new(std::io::stdin()), &|p| {
                bar.set_position(p.bytes as u64);
                bar.set_message(format!("{} documents", p.documents));
            })
            .with_context(|| format!("building the store {}", cli.store.display()))?;
            bar.finish_and_clear();
            if !quiet {
                eprint!("{}", report.summary());
                if report.documents > 0 {
                    eprintln!(
                        "store: {}\nnext:  newsgraph query 'SELECT ?event ?class WHERE {{ ?event a ?class . ?class rdfs:subClassOf* ng:Event }} LIMIT 10'",
                        cli.store.display()
                    );
                }
            }
            for (origin, reason) in report.skipped.iter().filter(|_| quiet) {
                eprintln!("skipped {origin}: {reason}");
            }
            Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Extract { inputs: args, format, output } => {
            let inputs = inputs(&args);
            let rdf = batch::rdf_format(&format).with_context(|| {
                format!("unknown format {format:?}: use turtle, ntriples, nquads, trig, jsonld or rdfxml")
            })?;
            let mut out: Box<dyn Write + Send> = match &output {
                Some(path) => Box::new(std::io::BufWriter::new(
                    std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?,
                )),
                None => Box::new(std::io::BufWriter::new(std::io::stdout())),
            };
            let report =
                batch::extract(&inputs, &lexicon, &options, rdf, &mut out, Box::new(std::io::stdin()), &|_| {})
                    .context("extracting")?;
            out.flush().context("writing the output")?;
            for (origin, reason) in &report.skipped {
                eprintln!("skipped {origin}: {reason}");
            }
            Ok(if report.skipped.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Train { what, train, dev, output, iterations, pos } => {
            let read = |path: &PathBuf| {
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
            };
            let files: Vec<(String, String)> =
                train.iter().map(|path| Ok((path.display().to_string(), read(path)?))).collect::<Result<_>>()?;
            match what.as_str() {
                "pos" => {
                    let mut sentences = Vec::new();
                    for (name, text) in &files {
                        sentences.extend(newsgraph::corpus::read_conllu(name, text)?);
                    }
                    eprintln!("training on {} sentences", sentences.len());
                    let model =
                        newsgraph::tag::pos::PosModel::train(&sentences, iterations, &|stage, pass, accuracy| {
                            eprintln!("{stage}, pass {pass}: training accuracy {:.2}%", accuracy * 100.0);
                        });
                    write_model(&output, model.features(), |w| model.save(w))?;
                    if let Some(dev) = dev {
                        let gold = newsgraph::corpus::read_conllu(&dev.display().to_string(), &read(&dev)?)?;
                        let (accuracy, _) = model.evaluate(&gold);
                        eprintln!("dev UPOS accuracy: {:.2}%", accuracy * 100.0);
                    }
                }
                "dep" => {
                    let mut trees = Vec::new();
                    for (name, text) in &files {
                        trees.extend(newsgraph::corpus::read_conllu_trees(name, text)?);
                    }
                    let given = pos.is_some();
                    let pos = pos_or_shipped(pos.as_ref())?;
                    let dev = match &dev {
                        Some(path) => {
                            let trees =
                                newsgraph::corpus::read_conllu_trees(&path.display().to_string(), &read(path)?)?;
                            let tags = newsgraph::parse::tag_trees(&pos, &trees);
                            Some((trees, tags))
                        }
                        None => None,
                    };
                    let tags = if given {
                        newsgraph::parse::tag_trees(&pos, &trees)
                    } else {
                        eprintln!("tagging {} sentences, each fifth by a tagger trained on the rest", trees.len());
                        newsgraph::parse::jackknife_tags(&trees, 5, 10)
                    };
                    eprintln!("training on {} sentences", trees.len());
                    let examples: Vec<newsgraph::parse::train::Example<'_>> = trees
                        .iter()
                        .zip(tags)
                        .map(|(tree, tags)| newsgraph::parse::train::Example { tree, tags })
                        .collect();
                    let model = newsgraph::parse::train::train(
                        &examples,
                        iterations,
                        |report, model| {
                            let dev = match (model, &dev) {
                                (Some(m), Some((trees, tags))) => {
                                    let (s, _) = newsgraph::parse::score::evaluate(m, trees, tags);
                                    format!("; dev UAS {:.2}%, LAS {:.2}%", s.uas(), s.las())
                                }
                                _ => String::new(),
                            };
                            eprintln!(
                                "pass {}: moves {:.2}%, relations {:.2}%{dev}",
                                report.pass,
                                report.move_accuracy * 100.0,
                                report.label_accuracy * 100.0
                            );
                        },
                        dev.is_some(),
                    );
                    write_model(&output, model.features(), |w| model.save(w))?;
                }
                _ => {
                    let pos = load_pos(pos.as_ref())?;
                    let mut documents = Vec::new();
                    for (name, text) in &files {
                        documents.extend(newsgraph::corpus::read_conll2003(name, text)?);
                    }
                    eprintln!("training on {} documents", documents.len());
                    let model = newsgraph::tag::ner::NerModel::train(
                        &lexicon,
                        &pos,
                        &documents,
                        iterations,
                        &|pass, accuracy| {
                            eprintln!("pass {pass}: training accuracy {:.2}%", accuracy * 100.0);
                        },
                    );
                    write_model(&output, model.features(), |w| model.save(w))?;
                    if let Some(dev) = dev {
                        let gold = newsgraph::corpus::read_conll2003(&dev.display().to_string(), &read(&dev)?)?;
                        let (scores, _) = model.evaluate(&lexicon, &pos, &gold);
                        eprint!("dev:\n{}", scores.table());
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { what, file, model, predictions, pos, docs, details } => {
            let text = std::fs::read_to_string(&file).with_context(|| format!("cannot read {}", file.display()))?;
            match what.as_str() {
                "events" => {
                    let pipeline = match &options.models {
                        Some(models) => newsgraph::Pipeline::with_models(&lexicon, models),
                        None => newsgraph::Pipeline::new(&lexicon),
                    };
                    let name = file.display().to_string();
                    // sentences coded with PLOVER classes, or gold events of whole articles
                    let (table, lines, failed) = if newsgraph::plover::is_coded(&text) {
                        let coded = newsgraph::plover::read(&name, &text)?;
                        let report = newsgraph::plover::evaluate(&coded, &pipeline);
                        (report.table(), report.details, !report.skipped.is_empty())
                    } else {
                        let gold = newsgraph::gold::read(&name, &text)?;
                        let documents = gold_documents(&gold, &file, &docs, &lexicon)?;
                        let report = newsgraph::gold::evaluate(&gold, &documents, &pipeline);
                        (report.table(), report.details, !report.skipped.is_empty())
                    };
                    print!("{table}");
                    if details {
                        for line in &lines {
                            println!("{line}");
                        }
                    }
                    if failed {
                        return Ok(ExitCode::from(1));
                    }
                }
                "dep" => {
                    let parser = match &model {
                        Some(path) => {
                            let bytes =
                                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                            newsgraph::parse::DepModel::load(&bytes)
                                .with_context(|| format!("cannot load the model {}", path.display()))?
                        }
                        None => newsgraph::parse::DepModel::shipped().context("cannot load the shipped parser")?,
                    };
                    let trees = newsgraph::corpus::read_conllu_trees(&file.display().to_string(), &text)?;
                    let tags = newsgraph::parse::tag_trees(&pos_or_shipped(pos.as_ref())?, &trees);
                    let (scores, parses) = newsgraph::parse::score::evaluate(&parser, &trees, &tags);
                    print!("{}", scores.table());
                    if let Some(out) = predictions {
                        let file =
                            std::fs::File::create(&out).with_context(|| format!("cannot write {}", out.display()))?;
                        let mut w = std::io::BufWriter::new(file);
                        newsgraph::parse::score::write_conllu(&mut w, &parser, &trees, &tags, &parses)
                            .and_then(|()| std::io::Write::flush(&mut w))
                            .with_context(|| format!("cannot write {}", out.display()))?;
                    }
                }
                "pos" => {
                    let tagger = match &model {
                        Some(path) => {
                            let bytes =
                                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                            newsgraph::tag::pos::PosModel::load(&bytes).context("cannot load the model")?
                        }
                        None => newsgraph::tag::Models::shipped().context("cannot load the shipped models")?.pos,
                    };
                    let gold = newsgraph::corpus::read_conllu(&file.display().to_string(), &text)?;
                    let (accuracy, pairs) = tagger.evaluate(&gold);
                    println!(
                        "tokens: {}
UPOS accuracy: {:.2}%",
                        pairs.iter().map(Vec::len).sum::<usize>(),
                        accuracy * 100.0
                    );
                    if let Some(out) = predictions {
                        write_predictions(&out, &gold, &pairs)?;
                    }
                }
                _ => {
                    let shipped = || newsgraph::tag::Models::shipped().context("cannot load the shipped models");
                    let pos = match &pos {
                        Some(_) => load_pos(pos.as_ref())?,
                        None => shipped()?.pos,
                    };
                    let tagger = match &model {
                        Some(path) => {
                            let bytes =
                                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
                            newsgraph::tag::ner::NerModel::load(&bytes).context("cannot load the model")?
                        }
                        None => shipped()?.ner,
                    };
                    let documents = newsgraph::corpus::read_conll2003(&file.display().to_string(), &text)?;
                    let (scores, pairs) = tagger.evaluate(&lexicon, &pos, &documents);
                    print!("{}", scores.table());
                    if let Some(out) = predictions {
                        let gold: Vec<newsgraph::corpus::Tagged> = documents.into_iter().flatten().collect();
                        let pairs: Vec<Vec<(String, String)>> =
                            pairs.into_iter().map(|(g, p)| g.into_iter().zip(p).collect()).collect();
                        write_predictions(&out, &gold, &pairs)?;
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Dot { focus, depth, query, types, since, until, source, output } => {
            let query = match &query {
                Some(path) => Some(
                    std::fs::read_to_string(path)
                        .with_context(|| format!("cannot read the query file {}", path.display()))?,
                ),
                None => None,
            };
            let store = store::open(&cli.store, OpenMode::Existing)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            let options = newsgraph::dot::DiagramOptions {
                focus,
                query,
                selection: newsgraph::graph::Selection { depth, types, since, until, source, ..Default::default() },
            };
            let text = newsgraph::dot::diagram(&store, &cli.base, &options)?;
            match &output {
                None => std::io::stdout().write_all(text.as_bytes()).context("writing the diagram")?,
                Some(path) => {
                    let extension = path.extension().and_then(|e| e.to_str()).unwrap_or("dot").to_lowercase();
                    let bytes = match extension.as_str() {
                        "dot" | "gv" => text.into_bytes(),
                        format => newsgraph::dot::graphviz(&text, format)?,
                    };
                    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import { files, source } => {
            let store = store::open(&cli.store, OpenMode::Create)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            store::load_ontology(&store).context("cannot load the ontology")?;
            let time = now();
            let mut failed = 0;
            // with one --source for several files, they are parsed first and loaded together
            let mut batch: Vec<oxigraph::model::Quad> = Vec::new();
            let mut names = Vec::new();
            for path in &files {
                let name = path.display().to_string();
                let source_name = source.clone().unwrap_or_else(|| file_stem(path));
                match parse_file(path, &merge::source_graph(&cli.base, &source_name), false) {
                    Err(error) => {
                        eprintln!("error: {error}");
                        failed += 1;
                    }
                    Ok(quads) if source.is_some() => {
                        batch.extend(quads);
                        names.push(name);
                    }
                    Ok(quads) => {
                        let done = merge::import(&store, &cli.base, &source_name, &name, quads, &time)?;
                        eprintln!("{name}: {} triples into <{}>", done.triples, done.graph.as_str());
                    }
                }
            }
            if let (Some(source), false) = (&source, names.is_empty()) {
                let done = merge::import(&store, &cli.base, source, &names.join(" "), batch, &time)?;
                eprintln!("{}: {} triples into <{}>", names.join(", "), done.triples, done.graph.as_str());
            }
            store::compact(&store).context("compacting the store")?;
            report_alignment(&merge::align(&store, &cli.base)?);
            newsgraph::claims::refresh(&store, &cli.base).context("grouping claims")?;
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Merge { inputs } => {
            let store = store::open(&cli.store, OpenMode::Create)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            store::load_ontology(&store).context("cannot load the ontology")?;
            let mut failed = 0;
            for path in &inputs {
                let name = path.display().to_string();
                let added = if path.is_dir() {
                    let other = oxigraph::store::Store::open_read_only(path)
                        .with_context(|| format!("cannot open the store {name}"))?;
                    let quads: Vec<oxigraph::model::Quad> =
                        other.iter().collect::<Result<_, _>>().with_context(|| format!("reading {name}"))?;
                    merge::add_quads(&store, &cli.base, quads)
                } else {
                    parse_file(path, &merge::source_graph(&cli.base, &file_stem(path)), true)
                        .and_then(|quads| merge::add_quads(&store, &cli.base, quads))
                };
                match added {
                    Ok(n) => eprintln!("{name}: {n} quads"),
                    Err(error) => {
                        eprintln!("error: {error}");
                        failed += 1;
                    }
                }
            }
            store::compact(&store).context("compacting the store")?;
            report_alignment(&merge::align(&store, &cli.base)?);
            let claims = newsgraph::claims::refresh(&store, &cli.base).context("grouping claims")?;
            eprintln!("claims: {} ({} contested)", claims.len(), claims.iter().filter(|c| c.contested()).count());
            Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        Command::Claims { focus, contested } => {
            let store = store::open(&cli.store, OpenMode::Existing)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            let focus = match &focus {
                Some(name) => Some(newsgraph::graph::resolve(&store, &cli.base, name)?),
                None => None,
            };
            let claims = newsgraph::claims::refresh(&store, &cli.base).context("grouping claims")?;
            let claims = newsgraph::claims::filter(claims, focus.as_ref(), contested);
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            newsgraph::claims::write_text(&claims, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Path { from, to, max_depth, limit } => {
            let store = store::open(&cli.store, OpenMode::Existing)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            let a = newsgraph::graph::resolve(&store, &cli.base, &from)?;
            let b = newsgraph::graph::resolve(&store, &cli.base, &to)?;
            let paths = newsgraph::network::shortest_paths(&store, &a, &b, max_depth, limit)?;
            if paths.is_empty() {
                eprintln!("no chain of at most {max_depth} facts links {from} and {to}");
                return Ok(ExitCode::from(1));
            }
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            newsgraph::network::write_paths(&paths, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Stats { top } => {
            let store = store::open(&cli.store, OpenMode::Existing)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            let stats = newsgraph::network::stats(&store, top)?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            newsgraph::network::write_stats(&stats, &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve { bind, writable, timeout, max_results, max_body } => {
            let store = store::open(&cli.store, if writable { OpenMode::Create } else { OpenMode::Existing })
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            store::load_ontology(&store).context("cannot load the ontology")?;
            let extract = writable.then(|| (std::sync::Arc::new(lexicon), options));
            let config = newsgraph::server::Config {
                writable,
                timeout: std::time::Duration::from_secs(timeout),
                max_results,
                max_body,
                base: cli.base.clone(),
            };
            let server = std::sync::Arc::new(newsgraph::server::Server { store, config, extract });
            let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("cannot start")?;
            runtime.block_on(async {
                let listener =
                    tokio::net::TcpListener::bind(&bind).await.with_context(|| format!("cannot listen on {bind}"))?;
                let address = listener.local_addr().context("no address")?;
                eprintln!(
                    "serving {} on http://{address}/ (SPARQL at /sparql{})",
                    cli.store.display(),
                    if writable { ", writable" } else { ", read-only" }
                );
                newsgraph::server::serve(server, listener).await.context("serving")
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Query { query, file, format } => {
            let text = match (query, &file) {
                (Some(q), None) => q,
                (None, Some(path)) => std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read the query file {}", path.display()))?,
                (Some(_), Some(_)) => {
                    anyhow::bail!(QueryError::Format("give the query as an argument or with --file, not both".into()))
                }
                (None, None) => anyhow::bail!(QueryError::Format("give a query, or --file Q.rq".into())),
            };
            let format = match format.as_deref() {
                None => QueryFormat::Table,
                Some(name) => QueryFormat::parse(name).ok_or_else(|| {
                    QueryError::Format(format!(
                        "unknown format {name:?}: use table, csv, tsv, json, xml, turtle, ntriples or nquads"
                    ))
                })?,
            };
            let store = store::open(&cli.store, OpenMode::Existing)
                .with_context(|| format!("cannot open the store {}", cli.store.display()))?;
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let result = query::run(&store, &text, format, &cli.base, &mut out);
            out.flush().ok();
            match (result, &file) {
                (Err(e), Some(path)) => Err(anyhow::Error::new(e).context(format!("in {}", path.display()))),
                (Err(e), None) => Err(e.into()),
                (Ok(()), _) => Ok(ExitCode::SUCCESS),
            }
        }
    }
}
