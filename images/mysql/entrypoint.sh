#!/bin/sh
# mysql: the stand-in for MySQL 5.7 in the walkthrough. It refuses to start without a root
# password option (as the real image does), records the database it was asked for under
# /var/lib/mysql (so a hostPath volume shows it), and accepts TCP connections on 3306, each
# answered with a version line.
if [ -z "${MYSQL_ROOT_PASSWORD:-}" ] && [ -z "${MYSQL_ALLOW_EMPTY_PASSWORD:-}" ] &&
   [ -z "${MYSQL_RANDOM_ROOT_PASSWORD:-}" ]; then
  echo "error: the database is uninitialized and no password option is given:" >&2
  echo "  set MYSQL_ROOT_PASSWORD, MYSQL_ALLOW_EMPTY_PASSWORD or MYSQL_RANDOM_ROOT_PASSWORD" >&2
  exit 1
fi
echo "mysql stand-in 5.7 (kubepp): starting"
if [ -n "${MYSQL_ROOT_PASSWORD:-}" ]; then
  echo "root password: set (${#MYSQL_ROOT_PASSWORD} characters)"
fi
echo "database: ${MYSQL_DATABASE:-<none>}"
echo "user: ${MYSQL_USER:-root}"
mkdir -p /var/lib/mysql
if [ -n "${MYSQL_DATABASE:-}" ]; then
  mkdir -p "/var/lib/mysql/$MYSQL_DATABASE"
fi
echo "mysqld: ready for connections. port: 3306"
exec nc -ll -p 3306 -e /usr/local/bin/mysql-greeting
