/** Train/test splits of the evaluation protocols: leave-last-out, global time quantile, folds, random. */
package org.recsys4j.core.split;
