/**
 * Learning-rate schedules: cosine with restarts (Chang et al.), step decay and multi-step.
 */
package io.resgrow.core.schedule;
