/** The {@code recsys4j} command line (picocli): {@code demo}, {@code bench}, {@code generate}. */
package org.recsys4j.examples.cli;
