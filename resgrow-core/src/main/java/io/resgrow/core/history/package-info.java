/**
 * A run's history as plain data: epochs, typed events, the final
 * {@link io.resgrow.core.history.TrainingReport} and its JSON form ({@code report.json}).
 */
package io.resgrow.core.history;
