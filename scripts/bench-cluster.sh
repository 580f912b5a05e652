# Sourced by the benchmark scripts: a throwaway PostgreSQL cluster of their own (with
# pg_stat_statements), in $dir, on a Unix socket; stopped and removed on exit. Sets $pg_admin.
bin=$(command -v initdb >/dev/null && dirname "$(command -v initdb)" || ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/maillon-bench.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$dir"; as_pg=(runuser -u postgres --); fi
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses='' -k $dir -c max_connections=200 -c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=top" \
  start >/dev/null
export PATH="$bin:$PATH"
pg_admin="postgres://postgres@localhost/postgres?host=$dir"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
