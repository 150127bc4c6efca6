//! Issue #7 row 14: a connection that dribbles a request head, or sends
//! nothing, is closed after the header-read timeout; one that stops reading
//! its response is closed after the write timeout; and past the cap on
//! connections, new ones wait until one closes.

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::Duration;

use firstdays::serve::Limits;

use crate::support::serve::{FakeIndex, fixture_copy, fixture_site, get, start_with_limits};

/// Long enough that only a server that closes the connection ends the read.
const PATIENCE: Duration = Duration::from_secs(30);

fn limits(header_read_timeout: Duration, max_connections: usize) -> Limits {
    Limits {
        header_read_timeout,
        max_connections,
        ..Limits::default()
    }
}

/// Reads until the server closes the connection; `false` if it was still
/// open when the read timed out.
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut bytes = Vec::new();
    match stream.read_to_end(&mut bytes) {
        Ok(_) => true,
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => false,
        Err(_) => true, // reset
    }
}

#[test]
fn a_connection_dribbling_its_headers_is_closed_after_the_header_timeout() {
    let server = start_with_limits(
        &fixture_site(),
        Arc::new(FakeIndex),
        limits(Duration::from_secs(1), 512),
    );
    let mut stream = TcpStream::connect(server.addr).unwrap();
    stream
        .write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        .unwrap();
    // Slowloris: one more byte every 200 ms, never finishing the head.
    let mut writer = stream.try_clone().unwrap();
    let dribble = std::thread::spawn(move || {
        for _ in 0..(PATIENCE.as_millis() / 200) {
            std::thread::sleep(Duration::from_millis(200));
            if writer.write_all(b"a").is_err() {
                return true;
            }
        }
        false
    });
    assert!(
        closed_by_server(&mut stream),
        "the server kept a half-sent request open"
    );
    drop(stream);
    let _ = dribble.join();
    assert_eq!(
        get(server.addr, "/").status,
        200,
        "the server is still there"
    );
}

#[test]
fn a_connection_that_sends_nothing_is_closed_after_the_header_timeout() {
    let server = start_with_limits(
        &fixture_site(),
        Arc::new(FakeIndex),
        limits(Duration::from_secs(1), 512),
    );
    let mut silent = TcpStream::connect(server.addr).unwrap();
    assert!(closed_by_server(&mut silent), "an idle connection was kept");
    // And a keep-alive connection that goes quiet after a request.
    let mut idle = TcpStream::connect(server.addr).unwrap();
    idle.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    assert!(closed_by_server(&mut idle), "an idle keep-alive was kept");
}

#[test]
fn past_the_connection_cap_a_new_connection_waits_for_a_free_slot() {
    let server = start_with_limits(
        &fixture_site(),
        Arc::new(FakeIndex),
        limits(Duration::from_secs(600), 2),
    );
    let mut held = Vec::new();
    for _ in 0..2 {
        let mut stream = TcpStream::connect(server.addr).unwrap();
        stream.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
        held.push(stream);
    }
    let mut third = TcpStream::connect(server.addr).unwrap();
    third
        .write_all(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    // While both slots are taken, the third is not served. (Half a second of
    // silence: a slow machine can only make this pass, never fail.)
    third
        .set_read_timeout(Some(Duration::from_millis(500)))
        .unwrap();
    let mut byte = [0u8; 1];
    let early = third.read(&mut byte);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "a third connection was served past a cap of two: {early:?}"
    );
    // A slot frees up: now it is.
    drop(held.remove(0));
    third.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut reply = Vec::new();
    third.read_to_end(&mut reply).unwrap();
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.starts_with("HTTP/1.1 200 OK"), "{reply}");
}

#[test]
fn a_connection_that_stops_reading_its_response_is_closed_after_the_write_timeout() {
    // A client that asks for a large file and never reads it would hold
    // its connection, and its slot under the cap, for ever.
    let (_tmp, site) = fixture_copy();
    std::fs::write(site.join("big.txt"), vec![b'x'; 64 << 20]).unwrap();
    let server = start_with_limits(
        &site,
        Arc::new(FakeIndex),
        Limits {
            write_timeout: Duration::from_secs(1),
            ..limits(Duration::from_secs(600), 1)
        },
    );
    let mut stalled = TcpStream::connect(server.addr).unwrap();
    stalled
        .write_all(b"GET /big.txt HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    // The only slot is taken until the server gives up on the stalled reader.
    let mut next = TcpStream::connect(server.addr).unwrap();
    next.write_all(b"GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    next.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut reply = Vec::new();
    let read = next.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(
        read.is_ok() && reply.starts_with("HTTP/1.1 200 OK"),
        "a connection that stopped reading kept its slot: {read:?} {reply}"
    );
    drop(stalled);
}
