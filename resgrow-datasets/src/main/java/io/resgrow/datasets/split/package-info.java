/**
 * Seeded subsets and validation splits of a dataset.
 */
package io.resgrow.datasets.split;
