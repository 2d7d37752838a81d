/**
 * Multi-level training by interpolation (Chang et al.): start shallow, insert a copy after
 * every block at each cycle's end and halve h, with cosine learning rates restarted per cycle.
 */
package io.resgrow.strategies.multilevel;
