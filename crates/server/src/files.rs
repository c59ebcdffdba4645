//! Where attachment content is kept: a folder (`attachments_dir`, by default
//! `data/attachments`) holding one file per organization and SHA-256, so the same file sent
//! twice is kept once. An upload is written as it arrives to `.incoming/`, hashed on the
//! way, and renamed into place once recorded, so a reader never sees part of a file and no
//! database lock is held while one is written. Every server process on a database must see
//! the same folder.

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use db::AnyConnection;
use domain::OrgId;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The folder of attachment content.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

/// Where uploads are written before they are kept (on the store's file system, so that
/// keeping one is a rename).
const INCOMING: &str = ".incoming";

/// An upload being received: written to a file of its own under `.incoming/` and hashed as
/// it arrives. Its file is deleted when it is dropped before [`FileStore::keep`] took it.
pub struct Incoming {
    path: PathBuf,
    file: Option<std::fs::File>,
    hasher: Sha256,
    size: u64,
}

impl Incoming {
    /// Appends `chunk`.
    pub fn write(&mut self, chunk: &[u8]) -> std::io::Result<()> {
        let file = self.file.as_mut().ok_or(std::io::ErrorKind::BrokenPipe)?;
        file.write_all(chunk)?;
        self.hasher.update(chunk);
        self.size += chunk.len() as u64;
        Ok(())
    }

    /// The bytes written so far.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Puts everything written on disk; the content's SHA-256 in lower-case hex.
    pub fn finish(&mut self) -> std::io::Result<String> {
        if let Some(file) = self.file.take() {
            file.sync_all()?;
        }
        Ok(format!("{:x}", self.hasher.clone().finalize()))
    }
}

impl Drop for Incoming {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

impl FileStore {
    /// A store in the folder `root` (made when first written).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        Self { root: root.into() }
    }

    fn path(&self, org: OrgId, hash: &str) -> PathBuf {
        let shard = hash.get(..2).unwrap_or("00");
        self.root.join(org.to_string()).join(shard).join(hash)
    }

    /// A new upload to write to.
    pub fn receive(&self) -> std::io::Result<Incoming> {
        let folder = self.root.join(INCOMING);
        std::fs::create_dir_all(&folder)?;
        let path = folder.join(uuid::Uuid::now_v7().to_string());
        let file = std::fs::File::create_new(&path)?;
        Ok(Incoming {
            path,
            file: Some(file),
            hasher: Sha256::new(),
            size: 0,
        })
    }

    /// Makes sure the finished upload `incoming` (whose hash is `hash`) is kept for `org`:
    /// moved into place, or dropped when the same content is kept already.
    pub fn keep(&self, org: OrgId, hash: &str, mut incoming: Incoming) -> std::io::Result<()> {
        let path = self.path(org, hash);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() == incoming.size) {
            return Ok(());
        }
        let folder = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(folder)?;
        std::fs::rename(&incoming.path, &path)?;
        incoming.path = PathBuf::new();
        // The rename itself lasts once the folder is on disk.
        std::fs::File::open(folder)?.sync_all()
    }

    /// Deletes uploads left in `.incoming/` for longer than `age` (by a process stopped
    /// while receiving one); how many.
    pub fn forget_abandoned(&self, age: Duration) -> std::io::Result<usize> {
        let Ok(entries) = std::fs::read_dir(self.root.join(INCOMING)) else {
            return Ok(0);
        };
        let before = SystemTime::now() - age;
        let mut forgotten = 0;
        for entry in entries {
            // A file kept or forgotten meanwhile (by another process) is passed over.
            let old = entry
                .and_then(|e| Ok((e.path(), e.metadata()?.modified()? < before)))
                .map_err(|e| (e.kind() != std::io::ErrorKind::NotFound).then_some(e));
            match old {
                Ok((path, true)) => match std::fs::remove_file(path) {
                    Ok(()) => forgotten += 1,
                    Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                    Err(e) => return Err(e),
                },
                Ok((_, false)) | Err(None) => {}
                Err(Some(e)) => return Err(e),
            }
        }
        Ok(forgotten)
    }

    /// The content kept as `hash` for `org`.
    pub fn read(&self, org: OrgId, hash: &str) -> std::io::Result<Vec<u8>> {
        std::fs::read(self.path(org, hash))
    }

    /// Deletes the content kept as `hash` for `org`; content already gone is no error.
    pub fn remove(&self, org: OrgId, hash: &str) -> std::io::Result<()> {
        match std::fs::remove_file(self.path(org, hash)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
            _ => Ok(()),
        }
    }

    /// Deletes each of `hashes` that no attachment names any more (after a redaction, a
    /// discarded upload or the tidying). A failure is logged and left for the tidying.
    pub fn release(&self, conn: &mut AnyConnection, org: OrgId, hashes: &[String]) {
        for hash in hashes {
            let released = db::tickets::attachments::release(conn, org, hash, || {
                self.remove(org, hash)
                    .map_err(|e| ApiError::Internal(format!("removing {hash}: {e}")))
            });
            if let Err(e) = released {
                tracing::warn!(error = %e, %org, hash, "attachment content not released");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn upload(store: &FileStore, content: &[u8]) -> (String, Incoming) {
        let mut incoming = store.receive().unwrap_or_else(|e| panic!("{e}"));
        for chunk in content.chunks(2) {
            incoming.write(chunk).unwrap_or_else(|e| panic!("{e}"));
        }
        let hash = incoming.finish().unwrap_or_else(|e| panic!("{e}"));
        (hash, incoming)
    }

    fn names(folder: &std::path::Path) -> usize {
        std::fs::read_dir(folder).map(|d| d.count()).unwrap_or(0)
    }

    #[test]
    fn content_is_kept_once_under_its_hash_and_removed_once() {
        let root = std::env::temp_dir().join(format!("rapport-files-{}", uuid::Uuid::now_v7()));
        let store = FileStore::new(&root);
        let org = OrgId::mint();
        let (hash, first) = upload(&store, b"hello");
        assert_eq!(
            hash,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        assert_eq!(first.size(), 5);
        store
            .keep(org, &hash, first)
            .unwrap_or_else(|e| panic!("{e}"));
        let (again, second) = upload(&store, b"hello");
        store
            .keep(org, &again, second)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(store.read(org, &hash).ok(), Some(b"hello".to_vec()));
        assert_eq!(names(&root.join(org.to_string()).join("2c")), 1);
        assert_eq!(names(&root.join(INCOMING)), 0, "nothing left incoming");
        store.remove(org, &hash).unwrap_or_else(|e| panic!("{e}"));
        store.remove(org, &hash).unwrap_or_else(|e| panic!("{e}"));
        assert!(store.read(org, &hash).is_err());
        let _ = std::fs::remove_dir_all(root);
    }

    #[test]
    fn an_upload_not_kept_leaves_nothing_and_an_abandoned_one_is_forgotten_a_day_on() {
        let root = std::env::temp_dir().join(format!("rapport-files-{}", uuid::Uuid::now_v7()));
        let store = FileStore::new(&root);
        drop(upload(&store, b"refused"));
        assert_eq!(names(&root.join(INCOMING)), 0);

        // What a process stopped mid-upload leaves: a file nobody will drop.
        let stale = root.join(INCOMING).join("stale");
        let file = std::fs::File::create(&stale).unwrap_or_else(|e| panic!("{e}"));
        let day = Duration::from_secs(86_400);
        file.set_modified(SystemTime::now() - day - Duration::from_secs(60))
            .unwrap_or_else(|e| panic!("{e}"));
        let (_, fresh) = upload(&store, b"still arriving");
        assert_eq!(store.forget_abandoned(day).ok(), Some(1));
        assert!(!stale.exists());
        assert_eq!(names(&root.join(INCOMING)), 1, "the fresh upload stays");
        drop(fresh);
        let _ = std::fs::remove_dir_all(root);
    }
}
