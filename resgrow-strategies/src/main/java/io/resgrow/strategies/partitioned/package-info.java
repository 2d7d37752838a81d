/**
 * Partitioned training of MonolithNet (Wong et al.): each branch alone on its subset with a
 * proxy head, then the head with the branches frozen, then fine-tuning at a low rate.
 */
package io.resgrow.strategies.partitioned;
