//! Where attachment content is kept: a folder (`attachments_dir`, by default
//! `data/attachments`) holding one file per organization and SHA-256, so the same file sent
//! twice is kept once. A file is written whole under a temporary name and renamed into
//! place, so a reader never sees part of one. Every server process on a database must see
//! the same folder.

use std::io::Write;
use std::path::PathBuf;

use db::AnyConnection;
use domain::OrgId;
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The folder of attachment content.
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

/// The SHA-256 of `content`, in lower-case hex: the name it is kept under.
pub fn content_hash(content: &[u8]) -> String {
    format!("{:x}", Sha256::digest(content))
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

    /// Makes sure `content` (whose hash is `hash`) is kept for `org`.
    pub fn keep(&self, org: OrgId, hash: &str, content: &[u8]) -> std::io::Result<()> {
        let path = self.path(org, hash);
        if std::fs::metadata(&path).is_ok_and(|m| m.len() == content.len() as u64) {
            return Ok(());
        }
        let folder = path.parent().unwrap_or(&self.root);
        std::fs::create_dir_all(folder)?;
        let partial = folder.join(format!(".{hash}.{}", uuid::Uuid::now_v7()));
        let written = (|| {
            let mut file = std::fs::File::create(&partial)?;
            file.write_all(content)?;
            file.sync_all()?;
            std::fs::rename(&partial, &path)?;
            // The rename itself lasts once the folder is on disk.
            std::fs::File::open(folder)?.sync_all()
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&partial);
        }
        written
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

    #[test]
    fn content_is_kept_once_under_its_hash_and_removed_once() {
        let root = std::env::temp_dir().join(format!("rapport-files-{}", uuid::Uuid::now_v7()));
        let store = FileStore::new(&root);
        let org = OrgId::mint();
        let hash = content_hash(b"hello");
        assert_eq!(
            hash,
            "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
        );
        store
            .keep(org, &hash, b"hello")
            .unwrap_or_else(|e| panic!("{e}"));
        store
            .keep(org, &hash, b"hello")
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(store.read(org, &hash).ok(), Some(b"hello".to_vec()));
        let shard = root.join(org.to_string()).join("2c");
        let names = std::fs::read_dir(&shard).map(|d| d.count()).unwrap_or(0);
        assert_eq!(names, 1, "one file, no partial one left");
        store.remove(org, &hash).unwrap_or_else(|e| panic!("{e}"));
        store.remove(org, &hash).unwrap_or_else(|e| panic!("{e}"));
        assert!(store.read(org, &hash).is_err());
        let _ = std::fs::remove_dir_all(root);
    }
}
