#!/usr/bin/env bash
# What a new user's project pulls in: a fresh Maven project that depends on the given Recsys4J
# modules (default: recsys-recall and recsys-rank), resolved from a repository holding our artifacts
# (default: a file repository this script deploys the library modules into) into an empty local
# repository. Prints the runtime classpath jars, their count and total MiB.
#
#   recsys-examples/scripts/measure-deps.sh [artifactId ...]
#
# Needs Maven Central. Leaves everything under ${MEASURE_DIR:-/tmp/recsys4j-measure}.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${MEASURE_DIR:-/tmp/recsys4j-measure}
modules=("$@")
[ ${#modules[@]} -gt 0 ] || modules=(recsys-recall recsys-rank)
rm -rf "$out"; mkdir -p "$out/user"
version=$(cd "$root" && mvn -B -q -Dstyle.color=never help:evaluate -Dexpression=project.version -DforceStdout | sed "s/\x1b\[[0-9;]*m//g")
(cd "$root" && mvn -B -q -DskipTests -Dmaven.javadoc.skip=true -pl recsys-core,recsys-embedding,recsys-recall,recsys-rank -am \
    deploy -DaltDeploymentRepository=local::default::file://"$out/repo")
deps=""
for m in "${modules[@]}"; do
  deps+="<dependency><groupId>org.recsys4j</groupId><artifactId>$m</artifactId><version>$version</version></dependency>"
done
cat > "$out/user/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>example</groupId><artifactId>user</artifactId><version>1</version>
  <properties><maven.compiler.release>17</maven.compiler.release></properties>
  <repositories><repository><id>recsys4j</id><url>file://$out/repo</url></repository></repositories>
  <dependencies>$deps</dependencies>
</project>
POM
(cd "$out/user" && mvn -B -q -Dmaven.repo.local="$out/m2" dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=runtime)
tr ':' '\n' < "$out/user/cp.txt" | sort > "$out/jars.txt"
while read -r j; do printf '%10d  %s\n' "$(stat -c %s "$j")" "${j#$out/m2/}"; done < "$out/jars.txt" | sort -rn
awk '{print}' "$out/jars.txt" | xargs stat -c %s | awk -v n="$(wc -l < "$out/jars.txt")" -v m="${modules[*]}" \
  '{s+=$1} END {printf "%s: %d jars, %.1f MiB on the runtime classpath\n", m, n, s/1048576}'
