#!/usr/bin/env bash
# Real mail servers for the tests, on free ports of 127.0.0.1:
#   MailDev (npm, pinned in e2e/package.json): an SMTP server that keeps what it receives and
#   shows it through a REST API;
#   Dovecot (Debian's dovecot-imapd, installed by `make deps`): an IMAP server with its own
#   configuration and log under target/mail-servers/dovecot, its sockets and mail in a
#   directory of its own under /tmp (removed by `stop`). Any user name signs in with the
#   password `imap-secret`, so each test has a mailbox of its own.
# `start` writes their addresses to target/mail-servers/env (RAPPORT_TEST_SMTP,
# RAPPORT_TEST_MAILDEV, RAPPORT_TEST_IMAP) for the tests to read; `stop` ends them.
set -euo pipefail
cd "$(dirname "$0")/.."
DIR=target/mail-servers

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

stop() {
  for pidfile in "$DIR"/*.pid; do
    [ -e "$pidfile" ] || continue
    kill "$(cat "$pidfile")" 2>/dev/null || true
    rm -f "$pidfile"
  done
  if [ -e "$DIR/dovecot.run" ]; then
    rm -rf "$(cat "$DIR/dovecot.run")" "$DIR/dovecot.run"
  fi
  rm -f "$DIR/env"
}

# Dovecot's configuration, all of its files under $DIR/dovecot. Mail processes cannot run as
# root: as root they run as the `mail` user, otherwise as the caller.
dovecot_config() {
  local port=$1 home user
  home="$(pwd)/$DIR/dovecot"
  user=$(id -un)
  [ "$(id -u)" = 0 ] && user=mail
  rm -rf "$home" && mkdir -p "$home"
  # Its sockets and mail live in a short path of their own: a socket's path may not pass 108
  # bytes, and the mail user must reach the mail whatever the checkout's parents allow.
  local run
  run=$(mktemp -d /tmp/rapport-dovecot.XXXXXX)
  chmod 755 "$run"
  mkdir -p "$run/mail"
  echo "$run" >"$DIR/dovecot.run"
  [ "$(id -u)" = 0 ] && chown mail:mail "$run/mail"
  cat >"$home/dovecot.conf" <<CONF
base_dir = $run
state_dir = $run
log_path = $home/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$run/mail/%u
mail_uid = $user
mail_gid = $(id -gn "$user")
first_valid_uid = 1
passdb {
  driver = static
  args = password=imap-secret
}
userdb {
  driver = static
  args = uid=$user gid=$(id -gn "$user") home=$run/mail/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $port
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
CONF
  echo "$home/dovecot.conf"
}

start() {
  mkdir -p "$DIR"
  stop
  if [ ! -x e2e/node_modules/.bin/maildev ]; then
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
  local smtp web
  smtp=$(free_port)
  web=$(free_port)
  # The binary itself, not npx: killing npx would leave node running.
  node e2e/node_modules/maildev/bin/maildev --ip 127.0.0.1 --smtp "$smtp" --web "$web" --silent \
    >"$DIR/maildev.log" 2>&1 &
  echo $! >"$DIR/maildev.pid"
  for _ in $(seq 100); do
    curl -fs "http://127.0.0.1:$web/email" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fs "http://127.0.0.1:$web/email" >/dev/null || { echo "MailDev did not start:"; cat "$DIR/maildev.log"; exit 1; }
  local imap config
  imap=$(free_port)
  config=$(dovecot_config "$imap")
  dovecot -c "$config" -F >"$DIR/dovecot.out" 2>&1 &
  echo $! >"$DIR/dovecot.pid"
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$imap") 2>/dev/null && break
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$imap") 2>/dev/null || {
    echo "Dovecot did not start:"; cat "$DIR/dovecot.out" "$DIR/dovecot/dovecot.log" 2>/dev/null; exit 1; }
  {
    echo "RAPPORT_TEST_IMAP=127.0.0.1:$imap"
    echo "RAPPORT_TEST_SMTP=127.0.0.1:$smtp"
    echo "RAPPORT_TEST_MAILDEV=http://127.0.0.1:$web"
  } >"$DIR/env"
  echo "mail servers: MailDev SMTP on $smtp, its API on $web; Dovecot IMAP on $imap"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
