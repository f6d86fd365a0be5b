//! Readers of the annotated corpora the taggers learn from and are measured on: CoNLL-U
//! (Universal Dependencies) and the CoNLL-2003 name format. Errors name the file and line.

/// A malformed corpus line.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CorpusError {
    /// The file.
    pub file: String,
    /// The line, from 1.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A sentence with a tag per word.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tagged {
    /// Words as written.
    pub words: Vec<String>,
    /// One tag per word (UPOS, or BIO name tags).
    pub tags: Vec<String>,
    /// A second tag per word where the format has one (Penn XPOS).
    pub extra: Vec<String>,
}

/// Reads CoNLL-U: word lines of ten tab-separated columns; multiword-token and empty-node
/// lines are passed over; a blank line ends a sentence.
pub fn read_conllu(file: &str, text: &str) -> Result<Vec<Tagged>, CorpusError> {
    let mut sentences = Vec::new();
    let mut current = Tagged::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !current.words.is_empty() {
                sentences.push(std::mem::take(&mut current));
            }
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let error = |message: String| CorpusError { file: file.into(), line: n + 1, message };
        if cols.len() != 10 {
            return Err(error(format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        if cols[0].parse::<u32>().is_err() {
            return Err(error(format!("the word id {:?} is not a number", cols[0])));
        }
        if cols[1].is_empty() || cols[3].is_empty() {
            return Err(error("empty form or UPOS".into()));
        }
        current.words.push(cols[1].to_owned());
        current.tags.push(cols[3].to_owned());
        current.extra.push(cols[4].to_owned());
    }
    if !current.words.is_empty() {
        sentences.push(current);
    }
    Ok(sentences)
}

/// A sentence with its dependency tree, as a treebank gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    /// Words as written.
    pub words: Vec<String>,
    /// One UPOS tag per word.
    pub tags: Vec<String>,
    /// Each word's head: 0 for the root, else the head's position from 1.
    pub heads: Vec<usize>,
    /// Each word's relation to its head (`nsubj:pass`, `obl` …).
    pub rels: Vec<String>,
}

/// Reads the trees of CoNLL-U: as [`read_conllu`], with HEAD and DEPREL, which must be there
/// and point inside the sentence.
pub fn read_conllu_trees(file: &str, text: &str) -> Result<Vec<Tree>, CorpusError> {
    let mut trees = Vec::new();
    let mut current = Tree::default();
    let mut first_line = 0;
    let finish = |current: &mut Tree, trees: &mut Vec<Tree>, at: usize| -> Result<(), CorpusError> {
        if current.words.is_empty() {
            return Ok(());
        }
        let n = current.words.len();
        if let Some(i) = current.heads.iter().position(|h| *h > n) {
            let message = format!("word {} has head {}, past the sentence's {n} words", i + 1, current.heads[i]);
            return Err(CorpusError { file: file.into(), line: at, message });
        }
        trees.push(std::mem::take(current));
        Ok(())
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            finish(&mut current, &mut trees, first_line)?;
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let error = |message: String| CorpusError { file: file.into(), line: n + 1, message };
        if cols.len() != 10 {
            return Err(error(format!("expected 10 tab-separated columns, found {}", cols.len())));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue;
        }
        if current.words.is_empty() {
            first_line = n + 1;
        }
        if cols[0].parse::<usize>().ok() != Some(current.words.len() + 1) {
            return Err(error(format!("the word id {:?} is not the next number", cols[0])));
        }
        let head = cols[6].parse::<usize>().map_err(|_| error(format!("the head {:?} is not a number", cols[6])))?;
        if cols[1].is_empty() || cols[3].is_empty() || cols[7].is_empty() || cols[7] == "_" {
            return Err(error("empty form, UPOS or relation".into()));
        }
        current.words.push(cols[1].to_owned());
        current.tags.push(cols[3].to_owned());
        current.heads.push(head);
        current.rels.push(cols[7].to_owned());
    }
    finish(&mut current, &mut trees, first_line)?;
    Ok(trees)
}

/// Reads CoNLL-2003: `word POS chunk tag` lines, blank lines between sentences, `-DOCSTART-`
/// between documents. Tags are turned from IOB1 into BIO (every name starts with B-). Returns
/// documents of sentences.
pub fn read_conll2003(file: &str, text: &str) -> Result<Vec<Vec<Tagged>>, CorpusError> {
    let mut documents: Vec<Vec<Tagged>> = vec![Vec::new()];
    let mut current = Tagged::default();
    let flush = |current: &mut Tagged, documents: &mut Vec<Vec<Tagged>>| {
        if !current.words.is_empty() {
            if let Some(doc) = documents.last_mut() {
                doc.push(std::mem::take(current));
            }
        }
    };
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            flush(&mut current, &mut documents);
            continue;
        }
        let cols: Vec<&str> = line.split(' ').collect();
        if cols[0] == "-DOCSTART-" {
            flush(&mut current, &mut documents);
            if documents.last().is_some_and(|d| !d.is_empty()) {
                documents.push(Vec::new());
            }
            continue;
        }
        if cols.len() != 4 {
            return Err(CorpusError {
                file: file.into(),
                line: n + 1,
                message: format!("expected 4 space-separated columns, found {}", cols.len()),
            });
        }
        let tag = cols[3];
        let valid = tag == "O"
            || ["B-", "I-"]
                .iter()
                .any(|p| tag.strip_prefix(p).is_some_and(|t| ["PER", "ORG", "LOC", "MISC"].contains(&t)));
        if !valid {
            return Err(CorpusError { file: file.into(), line: n + 1, message: format!("unknown name tag {tag:?}") });
        }
        // IOB1 to BIO: an I- that does not continue a name of its type begins one
        let bio = match tag.strip_prefix("I-") {
            Some(t) => {
                let continues = current.tags.last().is_some_and(|prev| prev.len() > 2 && &prev[2..] == t);
                if continues { tag.to_owned() } else { format!("B-{t}") }
            }
            None => tag.to_owned(),
        };
        current.words.push(cols[0].to_owned());
        current.tags.push(bio);
        current.extra.push(cols[1].to_owned());
    }
    flush(&mut current, &mut documents);
    documents.retain(|d| !d.is_empty());
    Ok(documents)
}

/// Name spans of a BIO sequence: (start, end, type), as conlleval counts them.
pub fn spans<T: AsRef<str>>(tags: &[T]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (i, tag) in tags.iter().enumerate() {
        let tag = tag.as_ref();
        let (prefix, kind) = tag.split_at(tag.len().min(2));
        let continues = prefix == "I-" && open.as_ref().is_some_and(|(_, k)| k == kind);
        if !continues {
            if let Some((s, k)) = open.take() {
                out.push((s, i, k));
            }
            if prefix == "B-" || prefix == "I-" {
                open = Some((i, kind.to_owned()));
            }
        }
    }
    if let Some((s, k)) = open {
        out.push((s, tags.len(), k));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conllu_skips_multiword_tokens_and_names_bad_lines() {
        let text = "# c\n1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n\n";
        let s = read_conllu("a.conllu", text).expect("reads");
        assert_eq!(s[0].words, ["do", "n't"]);
        assert_eq!(s[0].tags, ["AUX", "PART"]);
        let error = read_conllu("a.conllu", "1\tdo\tdo\n").expect_err("short line");
        assert_eq!(error.to_string(), "a.conllu:1: expected 10 tab-separated columns, found 3");
    }

    #[test]
    fn conllu_trees_keep_heads_and_relations_and_name_bad_heads() {
        let text = "1-2\tdon't\t_\t_\t_\t_\t_\t_\t_\t_\n1\tdo\tdo\tAUX\tVBP\t_\t0\troot\t_\t_\n2\tn't\tnot\tPART\tRB\t_\t1\tadvmod\t_\t_\n";
        let t = read_conllu_trees("a.conllu", text).expect("reads");
        assert_eq!((t[0].heads.clone(), t[0].rels.clone()), (vec![0, 1], vec!["root".to_owned(), "advmod".to_owned()]));
        let bad = "\n1\tdo\tdo\tAUX\tVBP\t_\t3\troot\t_\t_\n\n";
        let error = read_conllu_trees("a.conllu", bad).expect_err("head past the end");
        assert_eq!(error.to_string(), "a.conllu:2: word 1 has head 3, past the sentence's 1 words");
        let error = read_conllu_trees("a.conllu", "1\tdo\tdo\tAUX\tVBP\t_\t_\troot\t_\t_\n").expect_err("no head");
        assert_eq!(error.to_string(), "a.conllu:1: the head \"_\" is not a number");
    }

    #[test]
    fn conll2003_turns_iob1_into_bio() {
        let text = "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nGerman JJ I-NP I-MISC\nBritish JJ I-NP B-MISC\n\n-DOCSTART- -X- O O\n\nPeter NNP I-NP I-PER\n";
        let docs = read_conll2003("t.txt", text).expect("reads");
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[0][0].tags, ["B-ORG", "O", "B-MISC", "B-MISC"]);
        let error = read_conll2003("t.txt", "EU NNP I-ORG\n").expect_err("three columns");
        assert_eq!(error.to_string(), "t.txt:1: expected 4 space-separated columns, found 3");
    }

    #[test]
    fn spans_as_conlleval_counts_them() {
        let tags: Vec<String> =
            ["B-PER", "I-PER", "O", "I-LOC", "B-ORG", "I-MISC"].iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(
            spans(&tags),
            [(0, 2, "PER".to_owned()), (3, 4, "LOC".to_owned()), (4, 5, "ORG".to_owned()), (5, 6, "MISC".to_owned())]
        );
    }
}
