DROP TABLE mailbox_imap;
