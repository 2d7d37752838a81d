/**
 * The training engine's entry points: {@link io.resgrow.core.ResGrow} and the fluent
 * {@link io.resgrow.core.RunBuilder}, the {@link io.resgrow.core.TrainingStrategy} API with its phases, the
 * run's validated settings and provenance, and the typed errors
 * ({@link io.resgrow.core.check.InvalidSettingException}).
 */
package io.resgrow.core;
