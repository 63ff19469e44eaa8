//! `benchsmith leak index|scan|merge`: find benchmark problems, variants and translations in
//! training corpora.

use super::{output, Global, InputError, OutputFormat};
use benchsmith::leak::grams::Method;
use benchsmith::leak::{self, CorpusOptions, Index, MergeOptions, Params, ScanOptions, Shard};
use clap::{Args, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Args)]
pub struct LeakArgs {
    #[command(subcommand)]
    pub command: LeakCommand,
}

#[derive(Debug, Subcommand)]
pub enum LeakCommand {
    /// Index the problems of benchmark and variant files (any format benchsmith reads).
    Index(IndexArgs),
    /// Scan corpora (JSON Lines plain/.gz/.zst, source directories) against an index.
    Scan(ScanArgs),
    /// Merge the shard parts of a sharded scan into findings (the one place they are decided).
    Merge(MergeArgs),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Benchmark, variant or translation files (or built-in dataset names).
    #[arg(required = true)]
    pub datasets: Vec<String>,
    /// The index file to write.
    #[arg(long)]
    pub out: PathBuf,
    /// Tokens per code n-gram (exact and identifier-normalised).
    #[arg(long, default_value_t = 12, value_parser = super::positive_usize)]
    pub code_n: usize,
    /// Words per prose n-gram (problem statements).
    #[arg(long, default_value_t = 8, value_parser = super::positive_usize)]
    pub prose_n: usize,
}

#[derive(Debug, Args)]
pub struct Decide {
    /// Share of a problem field's n-grams a document must contain to be flagged.
    #[arg(long, default_value_t = 0.7, value_parser = share)]
    pub min_coverage: f64,
    /// N-grams found in more documents than this (outside matches) are ignored as common.
    #[arg(long, default_value_t = 10)]
    pub max_df: u32,
    /// Fewest n-grams a field needs to be matched with identifiers normalised (shorter ones
    /// only verbatim).
    #[arg(long, default_value_t = 5)]
    pub min_idnorm_grams: u32,
    /// Also write the corpus without the flagged documents into this folder.
    #[arg(long, value_name = "DIR")]
    pub decontaminate: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ScanArgs {
    /// Corpus files or folders.
    #[arg(required = true)]
    pub corpus: Vec<PathBuf>,
    /// The index (from `leak index`).
    #[arg(long)]
    pub index: PathBuf,
    /// Findings (JSON Lines); shard parts go to OUT.parts/.
    #[arg(long)]
    pub out: PathBuf,
    /// Scan only shard i of N (then `leak merge`); re-running a finished shard does nothing.
    #[arg(long, value_name = "i/N")]
    pub shard: Option<Shard>,
    /// JSON Lines field holding the text.
    #[arg(long, default_value = "content")]
    pub text_field: String,
    /// JSON Lines field naming a document (else file and line).
    #[arg(long, default_value = "id")]
    pub id_field: String,
    /// JSON Lines field holding the language (default: `lang` or `language`).
    #[arg(long)]
    pub lang_field: Option<String>,
    /// Streams to match: exact (code as written), idnorm (identifiers normalised), prose
    /// (statements); comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "exact,idnorm,prose")]
    pub methods: Vec<MethodArg>,
    #[command(flatten)]
    pub decide: Decide,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    /// The index the shards were scanned with.
    #[arg(long)]
    pub index: PathBuf,
    /// The findings file the shards were scanned for (their parts are in OUT.parts/).
    #[arg(long)]
    pub out: PathBuf,
    #[command(flatten)]
    pub decide: Decide,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MethodArg {
    Exact,
    Idnorm,
    Prose,
}

impl From<MethodArg> for Method {
    fn from(m: MethodArg) -> Method {
        match m {
            MethodArg::Exact => Method::Exact,
            MethodArg::Idnorm => Method::Idnorm,
            MethodArg::Prose => Method::Prose,
        }
    }
}

fn share(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if (0.0..=1.0).contains(&x) && x > 0.0 => Ok(x),
        Ok(_) => Err("must be above 0 and at most 1".into()),
        Err(e) => Err(e.to_string()),
    }
}

pub fn run(g: &Global, a: &LeakArgs) -> anyhow::Result<i32> {
    match &a.command {
        LeakCommand::Index(a) => index(g, a),
        LeakCommand::Scan(a) => scan(g, a),
        LeakCommand::Merge(a) => merge(g, a),
    }
}

fn index(g: &Global, a: &IndexArgs) -> anyhow::Result<i32> {
    output::writable(&a.out)?;
    let datasets = a
        .datasets
        .iter()
        .map(|d| g.open(d))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let params = Params {
        code_n: a.code_n,
        prose_n: a.prose_n,
    };
    let r = leak::index_datasets(&datasets, params, &a.out)?;
    if g.format == OutputFormat::Human {
        for f in &r.files {
            println!(
                "{}: {} problems ({}; {} skipped)",
                f.file, f.problems, f.format, f.skipped
            );
        }
        println!(
            "{}: {} entries, {} fields, {} distinct n-grams",
            a.out.display(),
            r.entries,
            r.units,
            r.ngrams
        );
        for (m, n) in &r.too_short {
            println!("  {n} fields too short for one {m} n-gram (cannot be found by it)");
        }
    } else {
        output::json(&r)?;
    }
    Ok(0)
}

fn open_index(path: &Path) -> anyhow::Result<Index> {
    Index::open(path).map_err(|e| InputError(e.to_string()).into())
}

fn merge_options(d: &Decide) -> MergeOptions {
    MergeOptions {
        min_coverage: d.min_coverage,
        max_df: d.max_df,
        min_idnorm_grams: d.min_idnorm_grams,
    }
}

fn scan(g: &Global, a: &ScanArgs) -> anyhow::Result<i32> {
    let ix = open_index(&a.index)?;
    output::writable(&a.out)?;
    if let Some(d) = &a.decide.decontaminate {
        if a.shard.is_some() {
            return Err(InputError(
                "--decontaminate goes with `leak merge` when scanning by shards".into(),
            )
            .into());
        }
        output::writable_dir(d)?;
    }
    let opts = ScanOptions {
        corpus: CorpusOptions {
            text_field: a.text_field.clone(),
            id_field: a.id_field.clone(),
            lang_field: a.lang_field.clone(),
        },
        shard: a.shard,
        threads: g.workers(),
        methods: a.methods.iter().map(|&m| m.into()).collect(),
        merge: merge_options(&a.decide),
        ..Default::default()
    };
    let total: u64 = a.corpus.iter().map(|p| size(p)).sum();
    let pb = output::progress(g, total as usize, "scan");
    pb.set_style(
        indicatif::ProgressStyle::with_template(
            "{prefix} [{bar:30}] {bytes}/{total_bytes} {binary_bytes_per_sec} eta {eta}",
        )
        .expect("static template")
        .progress_chars("=> "),
    );
    let r = leak::scan(&ix, &a.corpus, &opts, &a.out, &|n| pb.inc(n))?;
    pb.finish_and_clear();
    if let Some(s) = a.shard {
        if g.format == OutputFormat::Human {
            let what = if r.shards_reused > 0 {
                "already done"
            } else {
                "done"
            };
            println!(
                "shard {}/{} {what}: {} documents, {} bytes; run `benchsmith leak merge --index {} --out {}` when every shard is done",
                s.index,
                s.count,
                r.documents,
                r.bytes,
                a.index.display(),
                a.out.display()
            );
        } else {
            output::json(&r)?;
        }
        return Ok(0);
    }
    finish(
        g,
        &ix,
        &a.out,
        r.summary.unwrap_or_default(),
        &r.findings,
        a.decide.decontaminate.as_deref(),
    )
}

/// Input size in bytes (compressed), for the progress bar.
fn size(p: &Path) -> u64 {
    match std::fs::metadata(p) {
        Ok(m) if m.is_dir() => std::fs::read_dir(p)
            .map(|rd| rd.flatten().map(|e| size(&e.path())).sum())
            .unwrap_or(0),
        Ok(m) => m.len(),
        Err(_) => 0,
    }
}

fn merge(g: &Global, a: &MergeArgs) -> anyhow::Result<i32> {
    let ix = open_index(&a.index)?;
    output::writable(&a.out)?;
    if let Some(d) = &a.decide.decontaminate {
        output::writable_dir(d)?;
    }
    let (summary, findings) = leak::merge::merge(&ix, &a.out, merge_options(&a.decide))?;
    finish(
        g,
        &ix,
        &a.out,
        summary,
        &findings,
        a.decide.decontaminate.as_deref(),
    )
}

fn finish(
    g: &Global,
    _ix: &Index,
    out: &Path,
    summary: leak::Summary,
    findings: &[leak::Finding],
    decontaminate: Option<&Path>,
) -> anyhow::Result<i32> {
    let kept = match decontaminate {
        Some(dir) => {
            let units = leak::scanned_units(out)?;
            Some(leak::merge::decontaminate(&units, findings, dir)?)
        }
        None => None,
    };
    match g.format {
        OutputFormat::Human => {
            println!(
                "{} documents ({:.1} MB) in {} shard(s): {} flagged, {} findings -> {}",
                summary.documents,
                summary.bytes as f64 / 1e6,
                summary.shards,
                summary.flagged_documents,
                summary.findings,
                out.display()
            );
            println!(
                "  coverage >= {}, {} n-grams ignored as common (in more than {} documents)",
                summary.min_coverage, summary.common_ngrams, summary.max_df
            );
            for (b, s) in &summary.benchmarks {
                println!(
                    "  {b}: {}/{} problems found in {} documents ({} findings)",
                    s.found, s.problems, s.documents, s.findings
                );
            }
            if summary.bad_records > 0 {
                println!("  {} unreadable records skipped:", summary.bad_records);
                for b in &summary.bad {
                    println!("    {}:{}: {}", b.file, b.line, b.message);
                }
            }
            if let (Some(k), Some(d)) = (kept, decontaminate) {
                println!("  {k} documents kept in {}", d.display());
            }
        }
        OutputFormat::Json => {
            output::json(&serde_json::json!({"summary": summary, "decontaminated_kept": kept}))?
        }
        OutputFormat::Jsonl => output::jsonl(findings)?,
    }
    // As for datasets: records that could not be read make the exit code 1.
    Ok(i32::from(summary.bad_records > 0))
}
