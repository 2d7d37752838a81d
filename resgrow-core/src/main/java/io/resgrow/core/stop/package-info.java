/**
 * Stopping rules: epoch and FLOP budgets and the validation-accuracy slope criterion of Istrate
 * et al.
 */
package io.resgrow.core.stop;
