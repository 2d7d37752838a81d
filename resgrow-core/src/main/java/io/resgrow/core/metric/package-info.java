/**
 * What a run minimises and what it reports besides: the loss and DJL {@code Evaluator}s, computed on
 * training batches, validation and test data ({@link io.resgrow.core.metric.Objective}).
 */
package io.resgrow.core.metric;
