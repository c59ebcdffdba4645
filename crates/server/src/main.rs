//! The `rapport` binary.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use server::commands::{self, CommandError};
use server::Settings;

/// Rapport, a CRM for marketing, sales and service.
#[derive(Parser)]
#[command(name = "rapport", version)]
struct Cli {
    /// A TOML settings file; `RAPPORT_*` environment variables override it.
    #[arg(long, global = true)]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (and the web app).
    Serve {
        /// Development mode: without RAPPORT_JWT_SECRET, keep a generated signing secret in
        /// data/jwt-secret (never for production).
        #[arg(long)]
        dev: bool,
    },
    /// Apply pending database migrations.
    Migrate,
    /// Load data.
    Seed {
        /// A demo organization with a few hundred accounts and contacts and one user per role.
        #[arg(long)]
        demo: bool,
        /// Synthetic accounts for benchmarks (with --contacts).
        #[arg(long, default_value_t = 0)]
        accounts: u64,
        /// Synthetic contacts for benchmarks.
        #[arg(long, default_value_t = 0)]
        contacts: u64,
        /// Synthetic tickets for benchmarks, asked by the synthetic contacts.
        #[arg(long, default_value_t = 0)]
        tickets: u64,
        /// Synthetic opportunities for benchmarks, sold to the synthetic contacts' accounts.
        #[arg(long, default_value_t = 0)]
        opportunities: u64,
        /// Synthetic activities for benchmarks, on the synthetic contacts.
        #[arg(long, default_value_t = 0)]
        activities: u64,
        /// Synthetic published knowledge-base articles for benchmarks.
        #[arg(long, default_value_t = 0)]
        articles: u64,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Administration.
    Admin {
        #[command(subcommand)]
        action: Admin,
    },
}

#[derive(Subcommand)]
enum Admin {
    /// Create an organization and its first admin. The password (at least 12 characters) is
    /// read from RAPPORT_ADMIN_PASSWORD or, without it, from the first line of standard input,
    /// so it never shows in the process list or the shell history.
    CreateOrg {
        /// Organization name.
        #[arg(long)]
        name: String,
        /// The admin's email.
        #[arg(long)]
        email: String,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let env: HashMap<String, String> = std::env::vars()
        .filter(|(k, _)| k.starts_with("RAPPORT_"))
        .collect();
    let settings = match Settings::load(cli.config.as_deref(), &env) {
        Ok(settings) => settings,
        Err(e) => {
            eprintln!("rapport: {e}");
            return ExitCode::from(2);
        }
    };
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_new(&settings.log).unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(cli.command, settings) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rapport: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(command: Command, settings: Settings) -> Result<(), CommandError> {
    match command {
        Command::Serve { dev } => {
            let settings = Settings {
                dev: settings.dev || dev,
                ..settings
            };
            actix_web::rt::System::new().block_on(commands::serve(settings))
        }
        Command::Migrate => {
            commands::open_database(&settings).map(|_| println!("migrations applied"))
        }
        Command::Openapi => {
            print!(
                "{}",
                server::openapi::spec_json().map_err(|e| CommandError(e.to_string()))?
            );
            Ok(())
        }
        Command::Seed {
            demo,
            accounts,
            contacts,
            tickets,
            opportunities,
            activities,
            articles,
        } => {
            if demo {
                server::seed::demo(&settings)?;
            }
            let synthetic = accounts > 0 || contacts > 0 || articles > 0;
            if synthetic {
                let sizes = server::seed::Sizes {
                    accounts,
                    contacts,
                    tickets,
                    opportunities,
                    activities,
                    articles,
                };
                server::seed::synthetic(&settings, &sizes)?;
            }
            if !demo && !synthetic {
                return Err(CommandError(
                    "say what to seed: --demo, --accounts N --contacts N, or --articles N".into(),
                ));
            }
            Ok(())
        }
        Command::Admin {
            action: Admin::CreateOrg { name, email },
        } => {
            let password = admin_password()?;
            let (org, user) = commands::create_org(&settings, &name, &email, &password)?;
            println!("organization {org} created; admin {user} can log in as {email}");
            Ok(())
        }
    }
}

/// The first admin's password: from `RAPPORT_ADMIN_PASSWORD`, or the first line of standard
/// input.
fn admin_password() -> Result<String, CommandError> {
    if let Ok(password) = std::env::var("RAPPORT_ADMIN_PASSWORD") {
        return Ok(password);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(CommandError(
            "give the admin's password in RAPPORT_ADMIN_PASSWORD or on standard input".into(),
        ));
    }
    Ok(password)
}
