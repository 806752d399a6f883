#!/usr/bin/env bash
# Builds Relayscope's installers with jpackage (JDK 17+).
#   packaging/build.sh app-image   self-contained app image in target/dist/Relayscope (default)
#   packaging/build.sh deb         that image packed as a .deb (needs fakeroot and binutils)
#   packaging/build.sh all         both
# macOS (.dmg) and Windows (.msi) are built the same way on those systems: see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-app-image}"
# jpackage wants a plain numeric version: the POM's, without -SNAPSHOT.
version="$(sed -n 's|^  <version>\([0-9.]*\).*</version>|\1|p' pom.xml | head -1)"
jdk_bin="$(dirname "$(readlink -f "$(command -v javac)")")"

echo "== building the jar"
mvn -B -q package -DskipTests

input=target/jpackage/input
rm -rf target/jpackage target/dist
mkdir -p "$input/lib" target/dist
cp target/relayscope.jar "$input/"
cp target/lib/*.jar "$input/lib/"
# Offered, never applied: the .deb's postinst puts it in /etc/sysctl.d with its setting commented out.
cp packaging/linux/60-relayscope.conf "$input/"

echo "== trimming the runtime to what jdeps reports"
modules="$("$jdk_bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps \
  target/relayscope.jar $(ls target/lib/*.jar | grep -v -E 'javafx-[a-z]+-[0-9.]+\.jar$'))"
# jdeps cannot see what is reached only by reflection at run time: JavaFX and junixsocket use
# sun.misc.Unsafe (jdk.unsupported).
modules="$modules,jdk.unsupported"
echo "   modules: $modules"

jvm_options="$(cat packaging/jvm.options)"
java_opts=()
for o in $jvm_options; do java_opts+=(--java-options "$o"); done

echo "== app image"
"$jdk_bin/jpackage" --type app-image \
  --name Relayscope \
  --app-version "$version" \
  --vendor "Relayscope" \
  --description "Slow-client-proof event relay and operator console for statemachine-engine" \
  --input "$input" \
  --main-jar relayscope.jar \
  --main-class io.relayscope.cli.RelayscopeMain \
  --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files" \
  "${java_opts[@]}" \
  --java-options "--enable-native-access=ALL-UNNAMED" \
  --icon packaging/relayscope.png \
  --add-launcher relayscope=packaging/linux/relayscope-cli.properties \
  --dest target/dist
echo "   $(du -sh target/dist/Relayscope | cut -f1) in target/dist/Relayscope"

if [ "$what" = deb ] || [ "$what" = all ]; then
  echo "== .deb"
  "$jdk_bin/jpackage" --type deb \
    --app-image target/dist/Relayscope \
    --name relayscope \
    --app-version "$version" \
    --vendor "Relayscope" \
    --description "Slow-client-proof event relay and operator console for statemachine-engine" \
    --linux-package-name relayscope \
    --linux-package-deps "libgtk-3-0" \
    --linux-menu-group "Development;Monitor" \
    --linux-app-category devel \
    --linux-shortcut \
    --resource-dir packaging/linux \
    --dest target/dist
  ls -la target/dist/*.deb
fi
