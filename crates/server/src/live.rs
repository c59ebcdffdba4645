//! This process's end of the live feed: while any event stream is open, one thread reads the
//! database's feed of committed ticket changes ([`db::live::Feed`]) and hands each change to
//! the open streams of its organization, through a channel per organization (so one busy
//! organization never pushes another's streams behind). With no stream open, the thread ends
//! and holds no connection.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

use db::live::{Change, Feed};
use domain::OrgId;
use tokio::sync::broadcast;

/// How often the feed is read.
const POLL: Duration = Duration::from_millis(200);
/// How long to wait before opening the feed again after it failed.
const REOPEN: Duration = Duration::from_secs(2);
/// Changes a slow stream may fall behind by before it is told to read afresh.
const BACKLOG: usize = 1024;

/// What a stream receives.
#[derive(Debug, Clone)]
pub enum Signal {
    /// A committed change.
    Change(Arc<Change>),
    /// Changes may have gone unseen (the feed failed and reopened): read afresh what is on
    /// screen.
    Resync,
}

struct Inner {
    url: String,
    hub: Mutex<Hub>,
}

/// The channels and the reading thread; changed only under the lock.
#[derive(Default)]
struct Hub {
    /// A channel per organization with open streams.
    channels: HashMap<OrgId, broadcast::Sender<Signal>>,
    /// Whether the reading thread runs.
    running: bool,
}

impl Hub {
    /// Drops the channels nobody listens to; whether any is left.
    fn prune(&mut self) -> bool {
        self.channels
            .retain(|_, sender| sender.receiver_count() > 0);
        !self.channels.is_empty()
    }
}

impl Inner {
    fn hub(&self) -> MutexGuard<'_, Hub> {
        self.hub.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The live feed of this process; cloning shares it.
#[derive(Clone)]
pub struct Live(Arc<Inner>);

impl Live {
    /// The feed of the database at `url`; nothing is read until a stream subscribes.
    pub fn new(url: &str) -> Live {
        Live(Arc::new(Inner {
            url: url.to_owned(),
            hub: Mutex::new(Hub::default()),
        }))
    }

    /// Receives every change to `org`'s tickets committed from now on: when no thread reads
    /// the feed yet, the feed is opened before this returns (so nothing committed after it
    /// goes unseen) and a thread starts reading it. Blocks while the feed opens.
    pub fn subscribe(&self, org: OrgId) -> broadcast::Receiver<Signal> {
        let mut hub = self.0.hub();
        let receiver = hub
            .channels
            .entry(org)
            .or_insert_with(|| broadcast::channel(BACKLOG).0)
            .subscribe();
        if !hub.running {
            let feed = Feed::open(&self.0.url)
                .inspect_err(|error| tracing::warn!(%error, "the live feed cannot open"))
                .ok();
            let inner = Arc::downgrade(&self.0);
            let started = std::thread::Builder::new()
                .name("live-feed".into())
                .spawn(move || read(&inner, feed));
            match started {
                Ok(_) => hub.running = true,
                // The stream stays open and quiet; the next subscriber tries again.
                Err(error) => tracing::error!(%error, "no thread for the live feed"),
            }
        }
        receiver
    }
}

/// Reads the feed until no stream listens (or the application is gone).
fn read(inner: &Weak<Inner>, mut feed: Option<Feed>) {
    // Should the thread panic, the next subscriber starts another.
    let mut on_panic = Stopped(Some(inner.clone()));
    loop {
        let Some(live) = inner.upgrade() else { return };
        {
            let mut hub = live.hub();
            if !hub.prune() {
                hub.running = false;
                on_panic.0 = None;
                return;
            }
        }
        let wait = match feed.as_mut().map(Feed::poll) {
            Some(Ok(changes)) => {
                let hub = live.hub();
                for change in changes {
                    if let Some(sender) = hub.channels.get(&change.org) {
                        // An error means its streams just closed, which the next turn sees.
                        let _ = sender.send(Signal::Change(Arc::new(change)));
                    }
                }
                POLL
            }
            Some(Err(error)) => {
                tracing::warn!(%error, "the live feed failed; reopening it");
                feed = None;
                REOPEN
            }
            None => match Feed::open(&live.url) {
                Ok(opened) => {
                    feed = Some(opened);
                    // What committed while the feed was down went unseen.
                    for sender in live.hub().channels.values() {
                        let _ = sender.send(Signal::Resync);
                    }
                    POLL
                }
                Err(error) => {
                    tracing::warn!(%error, "the live feed cannot open");
                    REOPEN
                }
            },
        };
        drop(live);
        std::thread::sleep(wait);
    }
}

/// Marks the reading thread stopped when dropped while it still names the feed.
struct Stopped(Option<Weak<Inner>>);

impl Drop for Stopped {
    fn drop(&mut self) {
        if let Some(live) = self.0.as_ref().and_then(Weak::upgrade) {
            live.hub().running = false;
        }
    }
}
