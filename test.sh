#!/usr/bin/env bash
# The whole suite, as CI runs it (.ci/run calls this script): unit specs (surefire), integration specs (*IT,
# failsafe: they start redis-server, spawn the jar, node and openssl, drive Chromium), then the benchmarks' smoke
# run. First installs the Debian packages those need when they are missing (as root, with apt-get); otherwise it
# names them and stops. Extra arguments go to Maven, e.g. ./test.sh -Dit.test=TwoGatewaysOnRedisIT
set -euo pipefail
cd "$(dirname "$0")"

# package          what needs it
# chromium         DashboardInBrowserIT drives /usr/bin/chromium through playwright-core (never a browser download)
# openssl          test certificates (GatewayTlsIT, OfficialNodeSdkIT)
# redis-server     the Redis specs start their own on a free port
# wrk, nginx       the benchmark smoke run (nginx is the read path's baseline)
# libnginx-mod-nchan  the SSE fan-out baseline of the benchmarks
# prometheus       promtool checks and unit-tests deploy/prometheus (PrometheusRulesIT); PrometheusScrapesGatewayIT
#                  runs /usr/bin/prometheus against a gateway (the Debian service it installs is not used)
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ -e /usr/lib/nginx/modules/ngx_nchan_module.so ] || missing+=(libnginx-mod-nchan)
[ -x /usr/bin/promtool ] && [ -x /usr/bin/prometheus ] || missing+=(prometheus)
command -v node >/dev/null 2>&1 || { echo "test.sh: Node.js (node, npm) is needed: install it, then run again" >&2; exit 2; }

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  else
    echo "test.sh: missing ${missing[*]}: install them (Debian: sudo apt-get install -y ${missing[*]}), then run again" >&2
    exit 2
  fi
fi

mvn -B verify "$@"

# The benchmarks' smoke variant (about 2 minutes, jars built by verify above): every scenario with small numbers; fails
# only if a scenario crashes or writes a malformed result file, never on a figure.
BENCH_SKIP_BUILD=1 load-tests/run.sh smoke
