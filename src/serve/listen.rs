//! The accept loop: HTTP/1.1 over hyper, with the two limits `axum::serve`
//! does not offer.
//!
//! - A header-read timeout: a connection that has not sent a whole request
//!   head within it is closed (slowloris), and so is a keep-alive
//!   connection idle for that long, since hyper's timer starts as soon as
//!   it waits for the next request head.
//! - A write timeout: a connection whose client stops reading its response
//!   (the socket's buffers full, nothing taken for that long) is closed, so
//!   it cannot hold its slot under the cap for ever. An open live-reload
//!   stream is not affected: it writes nothing between events.
//! - A cap on open connections: past it, the loop stops accepting and new
//!   connections wait in the kernel's backlog until one closes, rather than
//!   each costing a task and buffers.

use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio_io_timeout::TimeoutStream;

/// How long a stopping server waits for requests in flight.
const DRAIN: Duration = Duration::from_secs(5);

/// The server's limits; [`Limits::default`] is what `serve` uses.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Time allowed for a request head, and for an idle keep-alive connection.
    pub header_read_timeout: Duration,
    /// Time a response may wait for the client to take more of it.
    pub write_timeout: Duration,
    /// Connections open at once.
    pub max_connections: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            header_read_timeout: Duration::from_secs(10),
            // nginx's `send_timeout` and Apache's `Timeout` are 60 s.
            write_timeout: Duration::from_secs(60),
            max_connections: 512,
        }
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then stops
/// accepting and gives requests in flight a few seconds to finish.
pub async fn run(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = Arc::clone(&connections).acquire_owned() => {
                permit.expect("the connection semaphore is never closed")
            }
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => stream,
                Err(e) => {
                    accept_failed(&e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small responses go out at once rather than waiting for more.
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut stream = TimeoutStream::new(stream);
        stream.set_write_timeout(Some(limits.write_timeout));
        let stream = TokioIo::new(Box::pin(stream));
        let connection = graceful.watch(http.serve_connection(stream, service));
        tokio::spawn(async move {
            // Errors here are the client's (a reset, a timeout): nothing to report.
            let _ = connection.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(DRAIN) => {}
    }
    Ok(())
}

/// A failed accept is usually one client giving up (keep going at once);
/// anything else, such as running out of file descriptors, gets a pause so
/// the loop does not spin.
async fn accept_failed(e: &io::Error) {
    use io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    if !matches!(
        e.kind(),
        ConnectionAborted | ConnectionRefused | ConnectionReset
    ) {
        eprintln!("warning: failed to accept a connection: {e}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
