/**
 * Examples as code: small programs, one file each, that a team copies as a starting point. Each has a
 * {@code main} taking the MovieLens folder (default {@code ../shared/data/ml-latest-small}) and a
 * documented static method that does the work, run by a test on a small synthetic slice so it cannot
 * rot. See docs/examples.md.
 */
package org.recsys4j.examples.code;
