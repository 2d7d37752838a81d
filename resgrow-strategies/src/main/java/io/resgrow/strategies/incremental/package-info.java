/**
 * Incremental training with look-ahead initialisation (Istrate et al.): sub-networks added
 * when the validation-accuracy slope flattens, and the table of what each added.
 */
package io.resgrow.strategies.incremental;
