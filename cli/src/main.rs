//! `timbang`: validate rule sets, assess one household with an explanation, classify and summarise
//! household files. All the work is done by `timbang-engine`; this crate reads arguments and files and
//! writes text, CSV and JSON.

mod assess;
mod classify;
mod diff;
mod generate;
mod households;
mod msg;
mod render;
mod rules;
mod summary;
mod validate;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use timbang_engine::Lang;

const EXIT_CODES: &str = "\
Exit codes:
  0  done (a household file may still have households that cannot be assessed: they are counted)
  1  invalid input: a rule set, answers file, column map or household file has errors (all are printed)
  2  wrong command-line usage
  3  a file cannot be read or written";

/// Timbang: poverty and vulnerability classes from rule sets, computed exactly and explained.
#[derive(Parser, Debug)]
#[command(name = "timbang", version, after_help = EXIT_CODES, propagate_version = true)]
struct Cli {
    /// Language of messages and reports: id (Bahasa Indonesia) or en (English).
    #[arg(long, global = true, default_value = "id", value_parser = parse_lang)]
    lang: Lang,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Check rule sets: exit 0 when valid (warnings are printed), 1 with every error and where it is.
    #[command(after_help = EXIT_CODES)]
    Validate {
        /// Rule-set files (JSON).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Print the diagnostics as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Assess one household: its class and why, and what would change it.
    #[command(after_help = EXIT_CODES)]
    Assess {
        /// The rule set (JSON).
        #[arg(long)]
        rules: PathBuf,
        /// The household's cluster id (may be left out when the rule set has one cluster).
        #[arg(long)]
        cluster: Option<String>,
        /// The answers: a JSON object of question id → answer (true/false, number, option id or text).
        #[arg(long)]
        answers: PathBuf,
        /// Print the assessment as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Classify every household of a file: copies each row and adds, per rule set, `<id>_class`,
    /// `<id>_score` and `<id>_reason` (why a household cannot be assessed).
    #[command(after_help = EXIT_CODES)]
    Classify {
        #[command(flatten)]
        table: TableArgs,
        /// The output file (CSV, same separator as the input); `-` for standard output.
        #[arg(long)]
        output: PathBuf,
    },
    /// Count households per class, cluster and group; Alkire–Foster figures for weighted rule sets; the
    /// transition matrix between the first rule set and each other one.
    #[command(after_help = EXIT_CODES)]
    Summary {
        #[command(flatten)]
        table: TableArgs,
        /// A column to group by (kecamatan, desa …); repeat for nested groups.
        #[arg(long = "by", value_name = "COLUMN")]
        by: Vec<String>,
        /// A column weighting each household, e.g. household size for figures per person.
        #[arg(long, value_name = "COLUMN")]
        weight: Option<String>,
        /// The poverty cut-off k of the Alkire–Foster figures: a household is poor when its score is at
        /// least k (e.g. `1/3`, `0,4`). Default: the lower bound of the class `miskin` or `poor`, else 1/3.
        #[arg(long, value_name = "NUMBER")]
        k: Option<String>,
        /// Print the figures as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Say what differs between two rule sets: indicators, conditions, weights, points and class
    /// bands per cluster, questions, labels and method.
    #[command(after_help = EXIT_CODES)]
    Diff {
        /// The first rule set (JSON), compared with…
        before: PathBuf,
        /// …the second (JSON).
        after: PathBuf,
        /// Print the changes as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the JSON Schema of the rule-set format.
    Schema,
    /// Write a file of random households for a rule set (for benchmarks).
    #[command(hide = true)]
    Generate {
        /// The rule set (JSON); repeat for a file that several rule sets can read.
        #[arg(long, required = true)]
        rules: Vec<PathBuf>,
        /// How many households.
        #[arg(long, default_value_t = 1000)]
        households: u64,
        /// Seed of the pseudo-random sequence (the same seed gives the same file).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Separator: `,` or `;` (with `;`, decimals are written with a comma).
        #[arg(long, default_value = ";")]
        delimiter: String,
        /// The output file; `-` for standard output.
        #[arg(long)]
        output: PathBuf,
    },
}

/// The household file and how to read it, shared by `classify` and `summary`.
#[derive(Args, Debug)]
struct TableArgs {
    /// A rule set (JSON); repeat to apply several to the same households.
    #[arg(long = "rules", required = true, value_name = "FILE")]
    rules: Vec<PathBuf>,
    /// The household file (CSV with `,`, `;` or tab; UTF-8 with or without BOM); `-` for standard input.
    #[arg(long, value_name = "FILE")]
    input: PathBuf,
    /// A column map (JSON, format `timbang.columns/1`): question id → column header, and the cluster.
    #[arg(long, value_name = "FILE")]
    map: Option<PathBuf>,
    /// The cluster of every household (rule sets with one cluster ignore this).
    #[arg(long, value_name = "ID", conflicts_with = "cluster_column")]
    cluster: Option<String>,
    /// The column naming each household's cluster (by id or label).
    #[arg(long, value_name = "COLUMN")]
    cluster_column: Option<String>,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("`{s}`: use id or en"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let lang = cli.lang;
    let result = match cli.command {
        Command::Validate { files, json } => validate::run(&files, json, lang),
        Command::Assess {
            rules,
            cluster,
            answers,
            json,
        } => assess::run(&rules, cluster.as_deref(), &answers, json, lang),
        Command::Classify { table, output } => {
            classify::run(&households::Options::from(table), &output, lang)
        }
        Command::Summary {
            table,
            by,
            weight,
            k,
            json,
        } => summary::run(
            &households::Options::from(table),
            &summary::Options {
                by,
                weight,
                k,
                json,
            },
            lang,
        ),
        Command::Diff {
            before,
            after,
            json,
        } => diff::run(&before, &after, json, lang),
        Command::Schema => {
            print!("{}", timbang_engine::model::json_schema());
            Ok(())
        }
        Command::Generate {
            rules,
            households,
            seed,
            delimiter,
            output,
        } => generate::run(&rules, households, seed, &delimiter, &output, lang),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(fail) => fail.report(),
    }
}

impl From<TableArgs> for households::Options {
    fn from(t: TableArgs) -> households::Options {
        households::Options {
            rules: t.rules,
            input: t.input,
            map: t.map,
            cluster: match (t.cluster, t.cluster_column) {
                (Some(id), _) => timbang_engine::table::ClusterChoice::Fixed(id),
                (None, Some(col)) => timbang_engine::table::ClusterChoice::Column(col),
                (None, None) => timbang_engine::table::ClusterChoice::Auto,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn lang_is_read_anywhere() {
        let cli = Cli::try_parse_from(["timbang", "schema", "--lang", "en"]).unwrap();
        assert_eq!(cli.lang, Lang::En);
        assert!(Cli::try_parse_from(["timbang", "--lang", "fr", "schema"]).is_err());
    }
}
