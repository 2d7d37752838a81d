/**
 * The benchmarks behind {@code resgrow bench}: step time, memory, optimizers, augmentation and
 * each strategy against its paper's figures.
 */
package io.resgrow.examples.bench;
