/** The benchmark commands behind {@code docs/benchmarks.md}, and the runner for the Python anchors they compare with. */
package org.recsys4j.examples.bench;
