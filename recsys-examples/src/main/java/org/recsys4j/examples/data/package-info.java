/** Getting MovieLens onto the machine: the checksum-verified, atomically unpacked download cache. */
package org.recsys4j.examples.data;
