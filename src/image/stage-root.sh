#!/usr/bin/env bash
# Stages the operator image's whole filesystem in one directory, for Jib to pack on `scratch`
# (pom.xml, profile "image"):
#
#   /opt/java                      a Java runtime made by jlink from RUNTIME_JDK (Temurin 25 by
#                                  default: the jar is Java 17 bytecode and runs on either), with
#                                  only the modules the jar needs (jdeps) plus those it loads as
#                                  services
#   /lib/x86_64-linux-gnu, /lib64  the C libraries that runtime links against (ldd), copied from
#                                  the build machine's Debian packages after checking them against
#                                  dpkg's md5sums, with each package's copyright file
#   /etc/passwd, group, nsswitch   the non-root user 65532 and name resolution
#   /app/northflank-job-operator.jar
#   /app/java.options              the JVM's options (src/image/java.options), read by the
#                                  entrypoint as java @/app/java.options
#   /app/northflank-job-operator.aot
#                                  the AOT cache (JEP 483, 514): the classes `run` loads, already
#                                  parsed and linked, made by a training run of this runtime, these
#                                  options and this jar (playground.bench.AotTraining, run from
#                                  TRAINING_JAR, the whole jar, with BUILD_JAVA)
#
# No shell, no package manager, nothing else. It also writes a properties file with the Debian
# packages (name=version), the runtime and its modules, which become the image's labels.
#
#   stage-root.sh JAR RUNTIME_JDK OUTPUT_DIR LABELS_FILE TRAINING_JAR BUILD_JAVA
set -euo pipefail

jar=$1 java_home=$2 out=$3 labels=$4 training_jar=$5 build_java=$6
here=$(cd "$(dirname "$0")" && pwd)

fail() {
  echo "stage-root.sh: $*" >&2
  exit 1
}
command -v dpkg-query >/dev/null || fail "needs dpkg: the C libraries come from the build machine's Debian packages"
command -v ldd >/dev/null || fail "needs ldd (Debian package libc-bin)"
command -v strip >/dev/null || fail "needs strip (Debian package binutils)"
[ -x "$java_home/bin/jlink" ] || fail "$java_home has no jlink: RUNTIME_JDK must be a JDK (Temurin 25: /usr/lib/jvm/temurin-25-jdk-amd64)"
# jlink takes the modules from the JDK's jmods/ when it has them, else from its own run-time image
# (JDK 24 and later, JEP 493, as Temurin 25 is built)
module_path=()
if [ -d "$java_home/jmods" ]; then
  module_path=(--module-path "$java_home/jmods")
fi

# Modules the code references (jdeps), less those only code the operator never runs refers to,
# plus modules that are only ever loaded as services and so are invisible to jdeps: jdk.crypto.ec
# brings the elliptic-curve key exchange and signatures most TLS servers (the Northflank API, most
# Kubernetes API servers) insist on. Left out, each a few MiB of the image (ImageIT runs run,
# validate, export and diff on what remains):
#   java.desktop      java.beans, for Jackson's optional @ConstructorProperties support, SnakeYAML's
#                     bean introspection, commons-lang3's and Micrometer's unused parts
#   java.xml          Logback's XML configuration (the operator configures Logback in code,
#                     observability.LogConfiguration) and Jackson's optional DOM support
#   java.sql          Jackson's and Micrometer's optional java.sql support
#   java.naming       Logback's JNDI lookups
#   java.compiler     JOSDK's annotation processor
#   java.management, jdk.management
#                     Micrometer's JVM metrics binders, which the operator does not register
not_run="java.desktop java.xml java.sql java.naming java.compiler java.management jdk.management"
modules=jdk.crypto.ec
# every module the code refers to directly (--print-module-deps would leave out those another
# module requires transitively, java.logging behind java.sql)
for module in $("$java_home/bin/jdeps" --list-deps --ignore-missing-deps --multi-release 17 "$jar" |
  sed 's#/.*##' | sort -u); do
  case " $not_run " in
    *" $module "*) ;;
    *) modules="$modules,$module" ;;
  esac
done

rm -rf "$out"
mkdir -p "$out/opt" "$out/app" "$out/etc" "$out/tmp"
out=$(cd "$out" && pwd) # absolute, as ldd prints the runtime's own libraries
"$java_home/bin/jlink" \
  "${module_path[@]}" \
  --add-modules "$modules" \
  --strip-debug --no-man-pages --no-header-files \
  --output "$out/opt/java"

# Temurin ships its native code with symbol tables (5 MiB of libjvm.so alone); Debian's JDK packages
# strip theirs, as this does (binutils' strip). Crash reports then name fewer native frames.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' -o -name jspawnhelper -o -name jexec \) \
  -exec strip --strip-unneeded {} +

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

# The JDK the runtime was made from, when it is a Debian package too (Temurin's tarball is not:
# its licences are in the runtime's own legal/ directory).
if jdk=$(dpkg-query -S "$(readlink -f "$java_home/bin/java")" 2>/dev/null); then
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
# The jar stored, not deflated: the layer's gzip then compresses its classes together (about 15 MiB
# where the deflated jar's small entries, each compressed alone, take 20), and the JVM reads them
# without inflating. Same entries, same manifest.
unpacked=$(mktemp -d)
training=""
trap 'rm -rf "$unpacked" "$training"' EXIT
(cd "$unpacked" && "$java_home/bin/jar" --extract --file "$(readlink -f "$jar")")
"$java_home/bin/jar" --create --no-compress --date=1980-01-01T00:00:02Z \
  --file "$out/app/northflank-job-operator.jar" --manifest "$unpacked/META-INF/MANIFEST.MF" \
  -C "$unpacked" .
cp "$here/java.options" "$out/app/java.options"

# The training run: this runtime, these options, this jar, in a copy dated as Jib dates every file
# of the image (1970-01-01T00:00:01Z), since the AOT cache records the jar's size and time and is
# refused when they differ; the JVM accepts other paths with the same layout below a common prefix.
# The staged files keep their own times, by which Jib's layer cache tells a changed file.
training=$(mktemp -d)
mkdir -p "$training/opt" "$training/app"
cp -a "$out/opt/java" "$training/opt/java"
cp -a "$out/app/." "$training/app/"
find "$training" -exec touch -h -d @1 {} +
"$build_java" -cp "$training_jar" com.northflank.operator.playground.bench.AotTraining \
  "$training/opt/java/bin/java" "$training/app/java.options" \
  "$training/app/northflank-job-operator.jar" "$out/app/northflank-job-operator.aot"

{
  echo "# written by src/image/stage-root.sh; the image's labels"
  printf 'image.debian.packages='
  for package in $(printf '%s\n' "${!packages[@]}" | sort); do
    printf '%s=%s ' "$package" "${packages[$package]}"
  done | sed 's/ $//'
  echo
  echo "image.java.modules=$modules"
  echo "image.java.runtime=$(sed -n 's/^IMPLEMENTOR_VERSION="\(.*\)"$/\1/p' "$java_home/release")"
} >"$labels"
