/** Report output shared by the benchmarks and examples: charts ({@link org.recsys4j.examples.report.Plots}). */
package org.recsys4j.examples.report;
