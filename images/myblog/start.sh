#!/bin/sh
# myblog: the stand-in for the walkthrough's Django blog. Serves /blog/index/ on port 8002 with
# busybox httpd; the page names the image's version (v1 or v2) and the database settings the
# pod gave it, so a rolling update and env from ConfigMaps/Secrets are visible from outside.
set -e
version=${MYBLOG_VERSION:-unknown}
root=${MYBLOG_ROOT:-/www}
mkdir -p "$root/blog/index"
cat > "$root/blog/index/index.html" <<PAGE
<!DOCTYPE html>
<html><head><title>myblog $version</title></head>
<body>
<h1>myblog $version</h1>
<p>version: $version</p>
<p>host: $(hostname)</p>
<p>MYSQL_HOST: ${MYSQL_HOST:-}</p>
<p>MYSQL_PORT: ${MYSQL_PORT:-}</p>
<p>MYSQL_USER: ${MYSQL_USER:-}</p>
<p>MYSQL_PASSWD: $([ -n "${MYSQL_PASSWD:-}" ] && echo set || echo unset)</p>
</body></html>
PAGE
echo "myblog $version: serving http://0.0.0.0:8002/blog/index/ (database ${MYSQL_HOST:-?}:${MYSQL_PORT:-?})"
exec httpd -f -vv -p 8002 -h "$root"
