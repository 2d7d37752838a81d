/**
 * Listeners that hear a run, and the SLF4J logging one. Progress (steps, validation and test
 * passes) arrives as {@link io.resgrow.core.listen.RunListener.StepInfo} and {@link
 * io.resgrow.core.listen.RunListener.EvaluationInfo}; drawing it is the application's business
 * (the command line draws a bar on a terminal).
 */
package io.resgrow.core.listen;
