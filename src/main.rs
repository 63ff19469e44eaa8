//! The `benchsmith` binary: parses the command line, runs a command, maps errors to exit codes
//! (0 success, 1 something failed validation/evaluation, 2 usage or input error, 3 internal
//! error: the sandbox or Python could not run, or a bug).

mod cli;

use benchsmith::exec::ExecError;
use benchsmith::fuzz::FuzzError;
use benchsmith::translate::run::RunError;
use clap::Parser;

/// Exit code of an internal error (not the user's input, not a finding).
const INTERNAL: i32 = 3;

/// Exit code of a closed output pipe (128 + SIGPIPE, as a tool killed by it would give).
const CLOSED_PIPE: i32 = 141;

fn main() {
    // A closed pipe (`benchsmith ... | head`) ends the process quietly, as other tools do.
    // SIGPIPE stays ignored (the sandbox pool must survive a dead worker's pipe), so printing
    // fails with EPIPE instead: `println!` panics with it, writers return it.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let msg = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if msg.contains("Broken pipe") {
            std::process::exit(CLOSED_PIPE);
        }
        default_hook(info);
    }));
    let cli = cli::Cli::parse();
    let code = match std::panic::catch_unwind(|| cli::run(cli)) {
        Ok(Ok(code)) => code,
        Ok(Err(e)) if closed_pipe(&e) => CLOSED_PIPE,
        Ok(Err(e)) => {
            eprintln!("error: {e:#}");
            if internal(&e) {
                INTERNAL
            } else {
                2
            }
        }
        // The panic message is already on stderr.
        Err(_) => {
            eprintln!("error: internal error (a bug in benchsmith); please report it");
            INTERNAL
        }
    };
    std::process::exit(code);
}

/// Writing the output failed because its reader went away.
fn closed_pipe(e: &anyhow::Error) -> bool {
    let pipe = Some(std::io::ErrorKind::BrokenPipe);
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>().map(|io| io.kind()) == pipe
            || c.downcast_ref::<serde_json::Error>()
                .and_then(|j| j.io_error_kind())
                == pipe
    })
}

/// The sandbox or the interpreter failed, not the input.
fn internal(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<ExecError>()
            || matches!(c.downcast_ref::<FuzzError>(), Some(FuzzError::Exec(_)))
            || matches!(
                c.downcast_ref::<RunError>(),
                Some(RunError::Exec(_) | RunError::Cache(..))
            )
    })
}
