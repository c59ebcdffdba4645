#!/usr/bin/env bash
# Real mail servers for the tests, on free ports of 127.0.0.1:
#   MailDev (npm, pinned in e2e/package.json): an SMTP server that keeps what it receives and
#   shows it through a REST API.
# `start` writes their addresses to target/mail-servers/env (RAPPORT_TEST_SMTP,
# RAPPORT_TEST_MAILDEV) for the tests to read; `stop` ends them.
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
  rm -f "$DIR/env"
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
  {
    echo "RAPPORT_TEST_SMTP=127.0.0.1:$smtp"
    echo "RAPPORT_TEST_MAILDEV=http://127.0.0.1:$web"
  } >"$DIR/env"
  echo "mail servers: MailDev SMTP on $smtp, its API on $web"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
