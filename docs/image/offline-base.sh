#!/usr/bin/env bash
# Makes a base image tarball (docker-archive format) for Jib where no registry is reachable: a jlink
# Java 17 runtime from this machine's JDK plus the shared libraries it loads, copied from this host
# (Linux x86_64, glibc). Usage: docs/image/offline-base.sh OUT.tar, then
#   mvn -B -Pimage -pl awm-cli -am package -DskipTests -Dimage.base=tar://$(pwd)/OUT.tar
# With a registry, leave -Dimage.base out: the default base is eclipse-temurin:17-jre.
set -euo pipefail
out="$(realpath -m "${1:?usage: offline-base.sh OUT.tar}")"
java_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
mkdir -p "$root/tmp" "$root/etc"
chmod 1777 "$root/tmp"
"$java_home/bin/jlink" --module-path "$java_home/jmods" --output "$root/opt/java" --strip-debug --no-header-files \
  --no-man-pages --add-modules java.base,java.compiler,java.logging,java.management,java.naming,java.net.http,java.sql,java.xml,jdk.crypto.ec,jdk.unsupported,jdk.zipfs
echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
echo 'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin' >> "$root/etc/passwd"
# every shared library the runtime's binaries load, with the dynamic loader
find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 | xargs -0 ldd 2>/dev/null \
  | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\/.*ld-linux/ {print $1}' | sort -u | while read -r lib; do
    mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"
  done
for lib in libpthread.so.0 libdl.so.2 libm.so.6 librt.so.1 libresolv.so.2 libnss_files.so.2 libnss_dns.so.2 libgcc_s.so.1; do  # sqlite-jdbc's native library; name lookups
  f="$(ldconfig -p | awk -v l="$lib" '$1 == l && /x86-64/ {print $NF; exit}')"
  if [ -n "$f" ]; then mkdir -p "$root$(dirname "$f")"; cp -L "$f" "$root$f"; fi
done
tar -C "$root" --numeric-owner --owner=0 --group=0 -cf "$work/layer.tar" .
diff_id="sha256:$(sha256sum "$work/layer.tar" | cut -d' ' -f1)"
cat > "$work/config.json" <<JSON
{"architecture":"amd64","os":"linux","config":{"Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java"]},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]}}
JSON
echo '[{"Config":"config.json","RepoTags":["awm-offline-base:17"],"Layers":["layer.tar"]}]' > "$work/manifest.json"
tar -C "$work" -cf "$out" manifest.json config.json layer.tar
echo "base image: $out ($(du -h "$out" | cut -f1))"
