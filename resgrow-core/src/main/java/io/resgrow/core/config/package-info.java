/**
 * DJL's {@code TrainingConfig} read into a run's settings: loss, evaluators, devices, initializers,
 * the optimizer resgrow can honour exactly and the listeners it can stand in for
 * ({@link io.resgrow.core.config.DjlConfig}).
 */
package io.resgrow.core.config;
