#!/usr/bin/env bash
# Runs a main class of recsys-spark in local mode on the built module and its Spark class path (Spark is a
# provided dependency: this script is the "cluster" that provides it). Builds recsys-core and recsys-spark
# first unless RECSYS4J_NO_BUILD=1.
#
#   recsys-spark/bench.sh mllib --ratings /work/scale-data/1m/ratings.csv [--steps als,word2vec] [--out F]
#   recsys-spark/bench.sh samples --ratings DIR/ratings.csv --movies DIR/movies.csv --out DIR [...]
#
# JAVA (default: java on the PATH), HEAP (default -Xmx8g) and JAVA_OPTS are read from the environment.
# Spark at more than 1M rows on the shared 2-core machine: wrap it in `flock /work/notes/big.lock`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
what="${1:?usage: bench.sh mllib|samples ARGS...}"
shift
case "$what" in
  mllib) main=org.recsys4j.spark.bench.MllibBench ;;
  samples) main=org.recsys4j.spark.bench.SamplesBench ;;
  *) echo "bench.sh: unknown command '$what' (mllib, samples)" >&2; exit 2 ;;
esac
if [ "${RECSYS4J_NO_BUILD:-0}" != 1 ]; then
  (cd "$root" && mvn -B -q -o -pl recsys-spark -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true)
fi
# A copy of the project's own jars, so that a rebuild during a long run does not change classes under it.
snap="$(mktemp -d /tmp/recsys-spark-run.XXXXXX)"
cp "$here/target/recsys-spark-0.1.0-SNAPSHOT.jar" "$root/recsys-core/target/recsys-core-0.1.0-SNAPSHOT.jar" "$snap/"
deps=$(tr ':' '\n' < "$here/target/run-classpath.txt" | grep -v '/recsys-core/target/' | paste -sd: -)
cp="$snap/recsys-spark-0.1.0-SNAPSHOT.jar:$snap/recsys-core-0.1.0-SNAPSHOT.jar:$deps"
# The module opens Spark needs on JDK 17+ (the same list as the pom's spark.opens).
opens=$(sed -n 's:.*<spark.opens>\(.*\)</spark.opens>.*:\1:p' "$here/pom.xml")
# shellcheck disable=SC2086
exec "${JAVA:-java}" ${HEAP:--Xmx8g} $opens ${JAVA_OPTS:-} -cp "$cp" "$main" "$@"
