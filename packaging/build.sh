#!/usr/bin/env bash
# Builds Relayscope's installers with jpackage (JDK 17+).
#   packaging/build.sh app-image   self-contained app image in target/dist/Relayscope (default)
#   packaging/build.sh deb         that image packed as a .deb (needs fakeroot and binutils)
#   packaging/build.sh all         both
#   packaging/build.sh headless    the relay alone: target/dist/relayscope-headless, an app image
#                                  without the console module, JavaFX, ControlsFX or ELK
# macOS (.dmg) and Windows (.msi) are built the same way on those systems: see packaging/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."

what="${1:-app-image}"
case "$what" in
  app-image | deb | all | headless) ;;
  *) echo "usage: packaging/build.sh [app-image|deb|all|headless]" >&2; exit 2 ;;
esac
# jpackage wants a plain numeric version: the POM's, without -SNAPSHOT.
version="$(sed -n 's|^  <version>\([0-9.]*\).*</version>|\1|p' pom.xml | head -1)"
jdk_bin="$(dirname "$(readlink -f "$(command -v javac)")")"

echo "== building the jar"
mvn -B -q package -DskipTests

jvm_options="$(cat packaging/jvm.options)"
java_opts=()
for o in $jvm_options; do java_opts+=(--java-options "$o"); done

# stage INPUT LIBDIR: the jar, its libraries and the sysctl file jpackage packs.
stage() {
  rm -rf "$1"
  mkdir -p "$1/lib" target/dist
  cp target/relayscope.jar "$1/"
  cp "$2"/*.jar "$1/lib/"
  # Offered, never applied: the .deb's postinst puts it in /etc/sysctl.d with its setting commented out.
  cp packaging/linux/60-relayscope.conf "$1/"
}

# runtime_modules JAR...: the JDK modules jdeps finds, plus jdk.unsupported, which it cannot see
# (JavaFX and junixsocket reach sun.misc.Unsafe by reflection at run time).
runtime_modules() {
  echo "$("$jdk_bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$@"),jdk.unsupported"
}

# app_image NAME DESCRIPTION INPUT MODULES DEST [jpackage options...]: a self-contained app image with
# the shipped JVM options and a runtime jlinked to MODULES.
app_image() {
  local name="$1" description="$2" input="$3" modules="$4" dest="$5"
  shift 5
  "$jdk_bin/jpackage" --type app-image \
    --name "$name" \
    --app-version "$version" \
    --vendor "Relayscope" \
    --description "$description" \
    --input "$input" \
    --main-jar relayscope.jar \
    --main-class io.relayscope.cli.RelayscopeMain \
    --add-modules "$modules" \
    --jlink-options "--strip-debug --no-man-pages --no-header-files" \
    "${java_opts[@]}" \
    --java-options "--enable-native-access=ALL-UNNAMED" \
    --dest "$dest" \
    "$@"
}

if [ "$what" = headless ]; then
  # The app module's target/lib-headless: its runtime libraries less the console module and what
  # only the console needs. The same jar; without a console on its class path, relayscope runs
  # --headless and says so in one line when asked for the console.
  input=target/jpackage/headless/input
  rm -rf target/jpackage/headless target/dist/relayscope-headless
  stage "$input" target/lib-headless
  if ls "$input/lib" | grep -i -E 'javafx|controlsfx|elk|relayscope-console'; then
    echo "packaging/build.sh: the console's libraries above are in the headless image" >&2
    exit 1
  fi
  echo "== trimming the runtime to what jdeps reports"
  modules="$(runtime_modules target/relayscope.jar "$input"/lib/*.jar)"
  echo "   modules: $modules"
  echo "== headless app image"
  # A jpackage app image like the console's, not a script: the same native launcher with the
  # shipped JVM options. `relayscope` alone runs headless.
  app_image relayscope "Slow-client-proof event relay for statemachine-engine (headless, no console)" \
    "$input" "$modules" target/jpackage/headless/out --arguments --headless
  mv target/jpackage/headless/out/relayscope target/dist/relayscope-headless
  echo "   $(du -sh target/dist/relayscope-headless | cut -f1) in target/dist/relayscope-headless"
  exit 0
fi

input=target/jpackage/input
rm -rf target/dist/Relayscope target/dist/*.deb
stage "$input" target/lib

echo "== trimming the runtime to what jdeps reports"
modules="$(runtime_modules target/relayscope.jar $(ls target/lib/*.jar | grep -v -E 'javafx-[a-z]+-[0-9.]+\.jar$'))"
echo "   modules: $modules"

echo "== app image"
app_image Relayscope "Slow-client-proof event relay and operator console for statemachine-engine" \
  "$input" "$modules" target/dist \
  --icon packaging/relayscope.png \
  --add-launcher relayscope=packaging/linux/relayscope-cli.properties
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
