//! `newsidx serve`: binds, says where, warns when the address is reachable
//! from other machines, and serves until Ctrl-C or SIGTERM.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::PathBuf;

use anyhow::{Context, Result, bail};
use newsidx::server::{ServeOptions, Server};

use crate::Outcome;
use crate::cli::ServeArgs;

pub fn run(index: PathBuf, args: &ServeArgs) -> Result<Outcome> {
    let addr = resolve(&args.addr)?;
    let options = ServeOptions {
        index: index.clone(),
        addr,
        cors: args.cors.clone(),
    };
    let server = Server::bind(&options)
        .with_context(|| format!("cannot serve the index {}", index.display()))?;
    let bound = server.local_addr()?;
    if !bound.ip().is_loopback() {
        eprintln!(
            "newsidx: warning: listening on {bound}, reachable from other machines; \
             there is no authentication"
        );
    }
    // The URL on stdout, alone on its line, so scripts can read it.
    println!("newsidx: serving {} at http://{bound}/", index.display());
    server.run()?;
    eprintln!("newsidx: stopped");
    Ok(Outcome::Found)
}

/// `HOST:PORT`, where HOST may be a name (`localhost`).
fn resolve(addr: &str) -> Result<SocketAddr> {
    if let Ok(a) = addr.parse() {
        return Ok(a);
    }
    let mut found = addr
        .to_socket_addrs()
        .with_context(|| format!("bad --addr {addr:?} (expected HOST:PORT)"))?;
    match found.next() {
        Some(a) => Ok(a),
        None => bail!("bad --addr {addr:?}: no such host"),
    }
}
