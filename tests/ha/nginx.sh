#!/usr/bin/env bash
# Two daemons on one database behind nginx (issue 16, point 3).
#
#   tests/ha/nginx.sh [BUILD_DIR]         (default build-ci; run as root)
#
# Two legalaidd on one PostgreSQL, and nginx with the site of deploy/nginx/ (legalaid.conf and
# legalaid-proxy.conf as shipped; only the addresses, ports, certificate and paths of this
# machine are put in, and the test fails if one of those lines is no longer there). Through
# nginx's TLS port:
#   - a browser's session (the cookie) is served by both daemons in turn;
#   - signed out on daemon A (directly), it is refused at once on daemon B and through nginx;
#   - a token signed out through nginx is refused at once by both daemons;
#   - a user disabled on A (PATCH /users/{id}) is refused at once on B and through nginx (token
#     and cookie) and cannot sign in there; enabled on B, it signs in on A;
#   - a password reset on B ends its session on A at once; a password changed on A ends its
#     other session on B at once;
#   - pages and static files are served, and with daemon A stopped nginx sends everything to B.
set -euo pipefail
# shellcheck source=deploy/lib.sh
source "$(dirname "$0")/../../deploy/lib.sh"
# shellcheck source=tests/ha/lib.sh
source "$(dirname "$0")/lib.sh"

t_setup nginx "${1:-}"
port=$(la_free_ports 3)   # PostgreSQL, then nginx's HTTP and HTTPS
la_pg_start "$T_DIR/pg" "$port"
T_CLEANUP+=("la_as_pg '$(la_pg_bindir)/pg_ctl' -D '$LA_PG_DATA' -m immediate -w stop >/dev/null 2>&1")
T_CLEANUP+=("rm -rf '/tmp/legalaid-pg.$port'")
la_pg_ensure_db legalaid
db=$(t_conninfo legalaid)
owner=$(t_conninfo legalaid_owner)
# Behind a local nginx, as deploy/systemd/legalaidd.env has it.
t_daemon A "$db" "$owner" LEGALAID_TRUST_PROXY=1 LEGALAID_COOKIE_SECURE=1
t_daemon B "$db" "$owner" LEGALAID_TRUST_PROXY=1 LEGALAID_COOKIE_SECURE=1
a_port=${A_URL##*:}
b_port=${B_URL##*:}

# The site, with this machine's addresses put in.
N="$T_DIR/nginx"
mkdir -p "$N/tmp" "$N/static"
cp -r "$LA_ROOT/static/." "$N/static/"
chmod -R a+rX "$N/static"; chown nobody "$N/tmp"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=legalaid.example.gov.cn \
  -keyout "$N/privkey.pem" -out "$N/fullchain.pem" 2>/dev/null
cp "$LA_ROOT/deploy/nginx/legalaid-proxy.conf" "$N/legalaid-proxy.conf"
http_port=$(( port + 1 )) https_port=$(( port + 2 ))
site="$LA_ROOT/deploy/nginx/legalaid.conf"
put() { # put PATTERN REPLACEMENT: on the line(s) of the site matching PATTERN (which must exist)
  grep -qE "$1" "$N/site.conf" || t_fail "deploy/nginx/legalaid.conf has no line matching '$1' any more"
  sed -i -E "s#$1#$2#" "$N/site.conf"
}
cp "$site" "$N/site.conf"
put '^( *)server 127\.0\.0\.1:8080 (.*);' "\\1server 127.0.0.1:$a_port \\2;\\n\\1server 127.0.0.1:$b_port \\2;"
put '^( *)listen 80;' "\\1listen 127.0.0.1:$http_port;"
put '^( *)listen 443 ssl http2;' "\\1listen 127.0.0.1:$https_port ssl http2;"
put '^( *)listen \[::\]:(80|443).*;' ''
put 'ssl_certificate +/etc/ssl/legalaid/fullchain.pem' "ssl_certificate $N/fullchain.pem"
put 'ssl_certificate_key +/etc/ssl/legalaid/privkey.pem' "ssl_certificate_key $N/privkey.pem"
put 'root /usr/share/legalaid/static;' "root $N/static;"
put 'include /etc/nginx/legalaid-proxy.conf;' "include $N/legalaid-proxy.conf;"
cat >"$N/nginx.conf" <<CONF
worker_processes 1;
pid $N/nginx.pid;
error_log $N/error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    access_log $N/access.log;
    client_body_temp_path $N/tmp/body;
    proxy_temp_path $N/tmp/proxy;
    fastcgi_temp_path $N/tmp/fastcgi;
    uwsgi_temp_path $N/tmp/uwsgi;
    scgi_temp_path $N/tmp/scgi;
    include $N/site.conf;
}
CONF
nginx -t -q -e "$N/error.log" -p "$N" -c "$N/nginx.conf" || t_fail "nginx refuses the site: $(tail -n 5 "$N/error.log")"
nginx -e "$N/error.log" -p "$N" -c "$N/nginx.conf" -g 'daemon off;' &
T_PIDS+=($!)
U="https://127.0.0.1:$https_port"
for _ in $(seq 1 100); do curl -sk -o /dev/null "$U/api/v1/health" && break; sleep 0.1; done
st=$(t_http GET "$U/api/v1/health")
[ "$st" = 200 ] || t_fail "health through nginx answered $st"
st=$(t_http GET "http://127.0.0.1:$http_port/intake")
[ "$st" = 301 ] || t_fail "plain HTTP answered $st, not a redirect to HTTPS"

admin=$(t_login "$A_URL" admin "$T_ADMIN_PASS")
t_user "$A_URL" "$admin" web_clerk clerk 4 >/dev/null

# A browser's session: the cookie of a sign-in through nginx, used through nginx.
jar="$T_DIR/cookies"
st=$(t_http POST "$U/api/v1/session" "" "{\"username\":\"web_clerk\",\"password\":\"$T_USER_PASS\"}" -c "$jar")
[ "$st" = 201 ] || t_fail "sign-in through nginx answered $st"
csrf=$(t_body .csrf_token)
cookie=$(awk '$6 == "session" {print $7}' "$jar")
[ -n "$cookie" ] || t_fail "no session cookie from the sign-in through nginx"
grep -q '#HttpOnly_' "$jar" && awk '$6 == "session" {exit !($4 == "TRUE")}' "$jar" \
  || t_fail "the session cookie is not HttpOnly and Secure"
served() { grep -c "^access GET /api/v1/me 200 " "$T_DIR/$1.log" || true; }
a0=$(served A) b0=$(served B)
for i in $(seq 1 10); do
  st=$(t_http GET "$U/api/v1/me" "" "" -b "$jar")
  [ "$st" = 200 ] || t_fail "request $i of the session through nginx answered $st"
done
a1=$(served A) b1=$(served B)
[ $((a1 - a0)) -gt 0 ] && [ $((b1 - b0)) -gt 0 ] \
  || t_fail "the session was not served by both daemons (A $((a1 - a0)), B $((b1 - b0)) of 10)"
t_log "one session through nginx: A served $((a1 - a0)), B $((b1 - b0)) of 10 requests"

# Signed out on A, refused at once on B and through nginx.
st=$(t_http DELETE "$A_URL/api/v1/session" "" "" -H "Cookie: session=$cookie" -H "X-CSRF-Token: $csrf")
[ "$st" = 204 ] || t_fail "sign-out on A answered $st"
st=$(t_http GET "$B_URL/api/v1/me" "" "" -H "Cookie: session=$cookie")
[ "$st" = 401 ] || t_fail "B still served a session signed out on A: $st"
for i in 1 2; do
  st=$(t_http GET "$U/api/v1/me" "" "" -H "Cookie: session=$cookie")
  [ "$st" = 401 ] || t_fail "nginx still served a session signed out on A: $st"
done

# A token signed out through nginx is refused at once by both daemons.
tok=$(t_login "$U" web_clerk "$T_USER_PASS")
for d in "$A_URL" "$B_URL"; do
  st=$(t_http GET "$d/api/v1/me" "$tok")
  [ "$st" = 200 ] || t_fail "a fresh token answered $st at $d"
done
st=$(t_http DELETE "$U/api/v1/session" "$tok")
[ "$st" = 204 ] || t_fail "sign-out through nginx answered $st"
for d in "$A_URL" "$B_URL"; do
  st=$(t_http GET "$d/api/v1/me" "$tok")
  [ "$st" = 401 ] || t_fail "$d still served a token signed out through nginx: $st"
done

# Accounts (issue 10): whatever ends a user's sessions on one daemon is refused on the other
# at once; both read sessions and users from the database on every request.
# Disabled on A (PATCH /users/{id}): its token on B, and its cookie through nginx, refused at
# once; it cannot sign in on B nor through nginx; enabled again on B, it signs in on A, and
# the old token stays refused.
uid=$(t_user "$A_URL" "$admin" gone_clerk clerk 4)
tok=$(t_login "$A_URL" gone_clerk "$T_USER_PASS")
gjar="$T_DIR/gone-cookies"
st=$(t_http POST "$U/api/v1/session" "" "{\"username\":\"gone_clerk\",\"password\":\"$T_USER_PASS\"}" -c "$gjar")
[ "$st" = 201 ] || t_fail "gone_clerk's sign-in through nginx answered $st"
st=$(t_http GET "$B_URL/api/v1/me" "$tok")
[ "$st" = 200 ] || t_fail "gone_clerk's token answered $st on B"
st=$(t_http GET "$U/api/v1/me" "" "" -b "$gjar")
[ "$st" = 200 ] || t_fail "gone_clerk's cookie answered $st through nginx"
st=$(t_http PATCH "$A_URL/api/v1/users/$uid" "$admin" '{"active":false}')
[ "$st" = 200 ] && [ "$(t_body .active)" = false ] || t_fail "PATCH /users/$uid {active:false} on A answered $st: $(cat "$T_DIR/body")"
st=$(t_http GET "$B_URL/api/v1/me" "$tok")
[ "$st" = 401 ] || t_fail "B still served a user disabled on A: $st"
for i in 1 2; do
  st=$(t_http GET "$U/api/v1/me" "" "" -b "$gjar")
  [ "$st" = 401 ] || t_fail "nginx still served the cookie of a user disabled on A: $st"
done
st=$(t_http POST "$B_URL/api/v1/session" "" "{\"username\":\"gone_clerk\",\"password\":\"$T_USER_PASS\"}")
[ "$st" = 401 ] || t_fail "a user disabled on A signed in on B: $st"
st=$(t_http POST "$U/api/v1/session" "" "{\"username\":\"gone_clerk\",\"password\":\"$T_USER_PASS\"}")
[ "$st" = 401 ] || t_fail "a user disabled on A signed in through nginx: $st"
st=$(t_http PATCH "$B_URL/api/v1/users/$uid" "$admin" '{"active":true}')
[ "$st" = 200 ] && [ "$(t_body .active)" = true ] || t_fail "PATCH /users/$uid {active:true} on B answered $st"
tok2=$(t_login "$A_URL" gone_clerk "$T_USER_PASS")
st=$(t_http GET "$A_URL/api/v1/me" "$tok")
[ "$st" = 401 ] || t_fail "the token of before the disabling came back on A with the enabling on B: $st"
t_log "disabled on A: refused at once on B and through nginx, no sign-in; enabled on B: signs in on A"

# A password reset on B (POST /users/{id}/password-reset) ends the session on A at once; the
# temporary password signs in on A and gets 403 password_change_required on B until changed.
st=$(t_http POST "$B_URL/api/v1/users/$uid/password-reset" "$admin")
[ "$st" = 201 ] || t_fail "password reset on B answered $st: $(cat "$T_DIR/body")"
temp=$(t_body .temporary_password)
st=$(t_http GET "$A_URL/api/v1/me" "$tok2")
[ "$st" = 401 ] || t_fail "A still served a session ended by a password reset on B: $st"
tok3=$(t_login "$A_URL" gone_clerk "$temp")
st=$(t_http GET "$B_URL/api/v1/cases" "$tok3")
[ "$st" = 403 ] && [ "$(t_body .error.code)" = password_change_required ] \
  || t_fail "with a temporary password from A, B answered GET /cases $st: $(cat "$T_DIR/body")"
# Changed on A (PUT /me/password): the user's other sessions end, on B too; the session that
# changed it serves on B.
tok4=$(t_login "$B_URL" gone_clerk "$temp")
st=$(t_http PUT "$A_URL/api/v1/me/password" "$tok3" "{\"current_password\":\"$temp\",\"new_password\":\"$T_USER_PASS-new\"}")
[ "$st" = 204 ] || t_fail "PUT /me/password on A answered $st: $(cat "$T_DIR/body")"
st=$(t_http GET "$B_URL/api/v1/me" "$tok4")
[ "$st" = 401 ] || t_fail "B still served another session of a user whose password changed on A: $st"
st=$(t_http GET "$B_URL/api/v1/cases" "$tok3")
[ "$st" = 200 ] || t_fail "the session that changed its password on A answered GET /cases $st on B"
t_log "password reset on B: the session on A refused at once; changed on A: the other session on B refused at once"

# Pages and static files, then daemon A stopped: nginx sends everything to B.
st=$(t_http GET "$U/css/app.css")
[ "$st" = 200 ] || t_fail "/css/app.css through nginx answered $st"
st=$(t_http GET "$U/intake")
[ "$st" = 200 ] || t_fail "/intake through nginx answered $st"
kill -TERM "$A_PID"; wait "$A_PID" 2>/dev/null || true
tok=$(t_login "$U" web_clerk "$T_USER_PASS")
for i in $(seq 1 6); do
  st=$(t_http GET "$U/api/v1/me" "$tok")
  [ "$st" = 200 ] || t_fail "with A stopped, request $i through nginx answered $st"
done
printf 'nginx: one session served by both daemons (A %d, B %d of 10); signed out, disabled, reset or re-passworded on one, refused on the other at once; with A stopped, B served all\n' \
  $((a1 - a0)) $((b1 - b0))
