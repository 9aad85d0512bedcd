#!/usr/bin/env bash
# Stages the operator image's whole filesystem in one directory, for Jib to pack on `scratch`
# (pom.xml, profile "image"):
#
#   /opt/java                      a Java runtime made by jlink from the build's JDK, with only
#                                  the modules the jar needs (jdeps) plus those it loads as services
#   /lib/x86_64-linux-gnu, /lib64  the C libraries that runtime links against (ldd), copied from
#                                  the build machine's Debian packages after checking them against
#                                  dpkg's md5sums, with each package's copyright file
#   /etc/passwd, group, nsswitch   the non-root user 65532 and name resolution
#   /app/northflank-job-operator.jar
#
# No shell, no package manager, nothing else. It also writes a properties file with the Debian
# packages (name=version) and the runtime's modules, which become the image's labels.
#
#   stage-root.sh JAR JAVA_HOME OUTPUT_DIR LABELS_FILE
set -euo pipefail

jar=$1 java_home=$2 out=$3 labels=$4
here=$(cd "$(dirname "$0")" && pwd)

fail() {
  echo "stage-root.sh: $*" >&2
  exit 1
}
command -v dpkg-query >/dev/null || fail "needs dpkg: the C libraries come from the build machine's Debian packages"
command -v ldd >/dev/null || fail "needs ldd (Debian package libc-bin)"
[ -d "$java_home/jmods" ] || fail "$java_home has no jmods/ for jlink (Debian: apt-get install openjdk-17-jdk-headless)"

# Modules the code references (jdeps), plus modules that are only ever loaded as services and so
# are invisible to jdeps: jdk.crypto.ec brings the elliptic-curve key exchange and signatures most
# TLS servers (the Northflank API, most Kubernetes API servers) insist on.
modules=$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 "$jar")
modules="$modules,jdk.crypto.ec"

rm -rf "$out"
mkdir -p "$out/opt" "$out/app" "$out/etc" "$out/tmp"
out=$(cd "$out" && pwd) # absolute, as ldd prints the runtime's own libraries
# java.desktop is needed for java.beans only (Jackson and others read its annotations); its AWT,
# font and sound libraries would pull in X11, freetype and ALSA, and an operator draws nothing.
"$java_home/bin/jlink" \
  --module-path "$java_home/jmods" \
  --add-modules "$modules" \
  --exclude-files='glob:/java.desktop/lib/**' \
  --strip-debug --no-man-pages --no-header-files \
  --output "$out/opt/java"

# Every shared library the runtime's executables and libraries need from outside the runtime.
declare -A needed=()
while IFS= read -r elf; do
  if ! ldd_out=$(ldd "$elf" 2>/dev/null); then
    continue # not a dynamic ELF file
  fi
  if grep -q 'not found' <<<"$ldd_out"; then
    # libjvm.so is found through the runtime's own RPATH only when loaded by java
    missing=$(grep 'not found' <<<"$ldd_out" | grep -v 'libjvm.so' || true)
    [ -z "$missing" ] || fail "$elf: $missing"
  fi
  while read -r path; do
    case "$path" in
      "$out"/*) ;;
      *) needed[$path]=1 ;;
    esac
  done < <(awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}' <<<"$ldd_out")
done < <(find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper \))

declare -A packages=()
for path in "${!needed[@]}"; do
  real=$(readlink -f "$path")
  owner=$(dpkg-query -S "$path" 2>/dev/null || dpkg-query -S "$real" 2>/dev/null) ||
    fail "$path is not from a Debian package"
  package=${owner%%:*}
  # dpkg's checksum of the file, under whichever of its names the package lists
  sums=$(dpkg-query --control-path "$package" md5sums)
  sum=""
  for name in "$path" "$real" "${real#/usr}"; do
    sum=$(awk -v f="${name#/}" '$2 == f {print $1; exit}' "$sums")
    if [ -n "$sum" ]; then
      break
    fi
  done
  [ -n "$sum" ] || fail "dpkg has no checksum for $real ($package)"
  [ "$(md5sum <"$real" | cut -d' ' -f1)" = "$sum" ] ||
    fail "$real differs from what $package installed (dpkg md5sums)"
  mkdir -p "$out$(dirname "$path")"
  cp "$real" "$out$path"
  packages[$package]=$(dpkg-query -W -f='${Version}' "$package")
done

# The JDK the runtime was made from, when it is a Debian package too.
if jdk=$(dpkg-query -S "$java_home/jmods/java.base.jmod" 2>/dev/null); then
  jdk=${jdk%%:*}
  packages[$jdk]=$(dpkg-query -W -f='${Version}' "$jdk")
fi

for package in "${!packages[@]}"; do
  doc=/usr/share/doc/$package/copyright
  if [ -e "$doc" ]; then
    mkdir -p "$out/usr/share/doc/$package"
    cp -L "$doc" "$out/usr/share/doc/$package/copyright"
  fi
done

cp "$here/etc/passwd" "$here/etc/group" "$here/etc/nsswitch.conf" "$out/etc/"
cp "$jar" "$out/app/northflank-job-operator.jar"

{
  echo "# written by src/image/stage-root.sh; the image's labels"
  printf 'image.debian.packages='
  for package in $(printf '%s\n' "${!packages[@]}" | sort); do
    printf '%s=%s ' "$package" "${packages[$package]}"
  done | sed 's/ $//'
  echo
  echo "image.java.modules=$modules"
} >"$labels"
