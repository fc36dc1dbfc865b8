/** Protocol T on MovieLens: the baseline table shown by the demo and the docs. */
package org.recsys4j.examples.topn;
