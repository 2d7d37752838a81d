/**
 * The plain strategy: one phase of ordinary training, the baseline the other strategies are
 * compared with.
 */
package io.resgrow.core.strategy;
