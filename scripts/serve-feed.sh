#!/usr/bin/env bash
# Serves a feed folder with nginx on 127.0.0.1:PORT (ETag and gzip_static on), in the foreground.
# Usage: scripts/serve-feed.sh DIR PORT
set -euo pipefail
root=$(realpath "$1"); port=$2
prefix=$(mktemp -d)
cat > "$prefix/nginx.conf" <<CONF
daemon off;
master_process off;
worker_processes 1;
error_log $prefix/error.log;
pid $prefix/nginx.pid;
events { worker_connections 256; }
http {
  access_log $prefix/access.log;
  client_body_temp_path $prefix/body;
  proxy_temp_path $prefix/proxy;
  fastcgi_temp_path $prefix/fastcgi;
  uwsgi_temp_path $prefix/uwsgi;
  scgi_temp_path $prefix/scgi;
  types { application/json json; text/plain minisig; }
  default_type application/octet-stream;
  server {
    listen 127.0.0.1:$port;
    root $root;
    etag on;
    gzip_static on;
  }
}
CONF
echo "serving $root on http://127.0.0.1:$port/ (access log: $prefix/access.log)"
exec /usr/sbin/nginx -p "$prefix" -c "$prefix/nginx.conf"
