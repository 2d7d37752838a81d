/**
 * Batch-level augmentation and preprocessing: random flips, pad-and-crop shifts and
 * per-channel normalisation.
 */
package io.resgrow.datasets.augment;
