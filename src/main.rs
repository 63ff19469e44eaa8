//! The `benchsmith` binary: parses the command line, runs a command, maps errors to exit codes
//! (0 success, 1 something failed validation/evaluation, 2 usage or input error).

mod cli;

use clap::Parser;

fn main() {
    let cli = cli::Cli::parse();
    let code = match cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            2
        }
    };
    std::process::exit(code);
}
