/**
 * The benchmarks of {@code resgrow-bench.jar} (the performance lab, apart from the library and the command line):
 * step time, memory, optimizers, augmentation and
 * each strategy against its paper's figures.
 */
package io.resgrow.bench;
