/**
 * Recsys4J rank module; see {@code docs/architecture.md}. Its capabilities are built by later
 * issues; at this stage it only establishes the module and its one-way dependency on recsys-core.
 */
package org.recsys4j.rank;
